/*
 * json_line.c: compact JSON records written straight into a fixed buffer.
 * A batch writes one record per device; building and dumping a jansson
 * object for each cost a fifth of the device's time.  The bytes are the
 * ones ok_json_dump() writes for the same members in the same order
 * (compact, jansson's escapes), which test_json.c checks.
 */
#include "json.h"

#include <stdio.h>
#include <string.h>

static void
line_put(ok_json_line *line, const char *data, size_t len)
{
	if (line->overflow || len > sizeof(line->text) - line->len) {
		line->overflow = true;
		return;
	}
	memcpy(line->text + line->len, data, len);
	line->len += len;
}

/* jansson's escape for '"', '\\' or a control byte. */
static size_t
escape_byte(unsigned char c, char out[8])
{
	static const char short_form[0x20] = {
		['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r',
		['\t'] = 't',
	};

	if (c >= 0x20 || short_form[c] != 0) {
		out[0] = '\\';
		out[1] = c >= 0x20 ? (char)c : short_form[c];
		return 2;
	}
	return (size_t)snprintf(out, 8, "\\u%04X", c);
}

/* Plain runs are copied whole: the values are mostly hex and URIs. */
static void
put_string(ok_json_line *line, const char *text)
{
	const char *plain = text;
	char escaped[8];
	size_t len;

	line_put(line, "\"", 1);
	for (; *text != '\0'; text++) {
		if ((unsigned char)*text >= 0x20 && *text != '"' && *text != '\\')
			continue;
		len = escape_byte((unsigned char)*text, escaped);
		line_put(line, plain, (size_t)(text - plain));
		line_put(line, escaped, len);
		plain = text + 1;
	}
	line_put(line, plain, (size_t)(text - plain));
	line_put(line, "\"", 1);
}

/* "{" before the first member, "," before the others; then "name": */
static void
put_name(ok_json_line *line, const char *name)
{
	line_put(line, line->len == 0 ? "{" : ",", 1);
	put_string(line, name);
	line_put(line, ":", 1);
}

void
ok_json_line_begin(ok_json_line *line)
{
	ok_wipe(line->text, line->len);
	line->len = 0;
	line->overflow = false;
}

void
ok_json_line_int(ok_json_line *line, const char *name, long long value)
{
	char digits[32];

	put_name(line, name);
	line_put(line, digits, (size_t)snprintf(digits, sizeof(digits), "%lld",
	    value));
}

void
ok_json_line_str(ok_json_line *line, const char *name, const char *value)
{
	put_name(line, name);
	put_string(line, value);
}

ok_status
ok_json_line_end(ok_json_line *line, ok_err *err)
{
	line_put(line, line->len == 0 ? "{}\n" : "}\n", line->len == 0 ? 3 : 2);
	if (line->overflow)
		return ok_err_set(err, OK_E_IO, "json", "record longer than "
		    "%zu bytes", sizeof(line->text));
	return OK_SUCCESS;
}
