/*
 * json.c: strict parsing and deterministic output over jansson.
 *
 * Parsing rejects what jansson would otherwise accept silently or
 * ambiguously: duplicate keys (which one wins differs between parsers),
 * trailing data, NUL bytes (C strings would be cut short) and inputs past
 * a size cap.
 */
#include "json.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#define JSON_PARSE_FLAGS JSON_REJECT_DUPLICATES

/* Reals, if any, keep enough digits to read back to the same double. */
#define JSON_DUMP_BASE (JSON_ENCODE_ANY | JSON_REAL_PRECISION(17))

/* jansson quotes the offending token, which may hold control bytes; the
 * message must stay one printable line. */
static void
make_printable(char *text)
{
	for (; *text != '\0'; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7f)
			*text = '?';
}

static ok_status
parse_error(const json_error_t *jerr, const char *field, ok_err *err)
{
	char reason[sizeof(jerr->text)];

	/* jansson leaves the text empty when it cannot even start (its
	 * lexer's buffer allocation failed). */
	if (json_error_code(jerr) == json_error_out_of_memory ||
	    jerr->text[0] == '\0')
		return ok_err_set(err, OK_E_IO, field,
		    "out of memory parsing JSON");
	memcpy(reason, jerr->text, sizeof(reason));
	reason[sizeof(reason) - 1] = '\0';
	make_printable(reason);
	if (jerr->line < 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid JSON: %s", reason);
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "invalid JSON at line %d, column %d: %s", jerr->line,
	    jerr->column, reason);
}

ok_status
ok_json_parse(const char *text, size_t len, const char *field, json_t **out,
    ok_err *err)
{
	json_error_t jerr;
	const char *nul;

	*out = NULL;
	if (len > OK_JSON_MAX_INPUT)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "JSON input of %zu bytes is larger than the %u byte limit",
		    len, OK_JSON_MAX_INPUT);
	if (text == NULL)
		text = "";
	if ((nul = memchr(text, '\0', len)) != NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "NUL byte at offset %zu in JSON input",
		    (size_t)(nul - text));
	memset(&jerr, 0, sizeof(jerr));
	*out = json_loadb(text, len, JSON_PARSE_FLAGS, &jerr);
	if (*out == NULL)
		return parse_error(&jerr, field, err);
	return OK_SUCCESS;
}

struct dump_sink {
	ok_buf *out;
	ok_err *err;
	ok_status status;
};

static int
dump_append(const char *chunk, size_t size, void *data)
{
	struct dump_sink *sink = data;

	sink->status = ok_buf_append(sink->out, chunk, size, sink->err);
	return sink->status == OK_SUCCESS ? 0 : -1;
}

ok_status
ok_json_dump(const json_t *value, unsigned flags, ok_buf *out, ok_err *err)
{
	struct dump_sink sink = { out, err, OK_SUCCESS };
	size_t dump_flags = JSON_DUMP_BASE;
	ok_status st;

	dump_flags |= (flags & OK_JSON_PRETTY) ? JSON_INDENT(2) : JSON_COMPACT;
	if (flags & OK_JSON_SORTED)
		dump_flags |= JSON_SORT_KEYS;
	ok_buf_wipe(out);
	if (value == NULL)
		return ok_err_set(err, OK_E_IO, "json",
		    "no JSON value to serialise (out of memory?)");
	if ((st = ok_buf_resize(out, 0, err)) != OK_SUCCESS)
		return st;
	if (json_dump_callback(value, dump_append, &sink, dump_flags) == 0)
		return OK_SUCCESS;
	ok_buf_wipe(out);
	if (sink.status != OK_SUCCESS)
		return sink.status;
	/* jansson fails only on memory or a value that contains itself. */
	return ok_err_set(err, OK_E_IO, "json",
	    "cannot serialise JSON value (out of memory or cyclic)");
}

ok_status
ok_json_set_new(json_t *obj, const char *key, json_t *value, ok_err *err)
{
	if (value == NULL)
		return ok_err_set(err, OK_E_IO, key,
		    "out of memory building JSON");
	if (!json_is_object(obj)) {
		json_decref(value);
		return ok_err_set(err, OK_E_IO, key,
		    "no JSON object to add to (out of memory?)");
	}
	/* Steals value even when it fails, as callers rely on. */
	if (json_object_set_new(obj, key, value) != 0)
		return ok_err_set(err, OK_E_IO, key,
		    "cannot add JSON member (out of memory or bad key)");
	return OK_SUCCESS;
}

ok_status
ok_json_set_str(json_t *obj, const char *key, const char *value,
    ok_err *err)
{
	json_t *string;

	if (value == NULL)
		return ok_err_set(err, OK_E_IO, key,
		    "no value (out of memory?)");
	string = json_string(value);
	if (string == NULL) {
		/* json_string() also fails on bad UTF-8; tell the two apart. */
		string = json_string_nocheck(value);
		if (string == NULL)
			return ok_err_set(err, OK_E_IO, key,
			    "out of memory building JSON");
		json_decref(string);
		return ok_err_set(err, OK_E_MALFORMED, key,
		    "value is not valid UTF-8");
	}
	return ok_json_set_new(obj, key, string, err);
}

ok_status
ok_json_set_int(json_t *obj, const char *key, long long value, ok_err *err)
{
	return ok_json_set_new(obj, key, json_integer(value), err);
}

/* malloc_usable_size() gives the whole block, so nothing is left over. */
static void
wiping_free(void *ptr)
{
	if (ptr == NULL)
		return;
	ok_wipe(ptr, malloc_usable_size(ptr));
	free(ptr);
}

void
ok_json_use_wiping_allocator(void)
{
	json_set_alloc_funcs(malloc, wiping_free);
}
