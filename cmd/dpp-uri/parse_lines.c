/*
 * parse_lines.c: dpp-uri parse --lines: a file of URIs, one per line, in
 * one process (checking a shift's labels, or a batch from another
 * generator).  Each good line gives one NDJSON record; each bad line one
 * diagnostic; the exit status is the worst seen.
 */
#include "dpp-uri.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* A URI, its line ending, and one byte to notice a longer line. */
#define LINE_MAX_BYTES (OK_DPP_URI_MAX + 3)

/* Reads one line into buf without its ending; false at end of input.
 * A line longer than the buffer is consumed and flagged. */
static bool
next_line(FILE *fp, char *buf, size_t *len, bool *too_long)
{
	int c;

	*too_long = false;
	if (fgets(buf, LINE_MAX_BYTES, fp) == NULL)
		return false;
	*len = strlen(buf);
	if (*len > 0 && buf[*len - 1] == '\n')
		buf[--*len] = '\0';
	else if (!feof(fp)) {
		*too_long = true;
		while ((c = fgetc(fp)) != EOF && c != '\n')
			;
	}
	if (*len > 0 && buf[*len - 1] == '\r')
		buf[--*len] = '\0';
	*too_long = *too_long || *len > OK_DPP_URI_MAX;
	return true;
}

/* One URI to one NDJSON record: {"line": n, ...the parse fields}. */
static ok_status
line_record(const char *text, size_t len, unsigned flags,
    unsigned long long line, ok_err *err)
{
	static ok_dpp_uri uri;
	ok_buf out = OK_BUF_INIT;
	json_t *obj = NULL;
	ok_status st;

	st = ok_dpp_uri_parse(text, len, flags, &uri, err);
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_to_json(&uri, &obj, err);
	if (st == OK_SUCCESS && json_object_set_new(obj, "line",
	    json_integer((json_int_t)line)) != 0)
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if (st == OK_SUCCESS && (st = ok_cli_json_line(obj, &out, err)) ==
	    OK_SUCCESS && fwrite(out.data, 1, out.len, stdout) != out.len)
		st = ok_err_sys(err, OK_E_IO, "stdout", errno, "write");
	if (st == OK_SUCCESS && uri.warn_uncompressed)
		ok_cli_warn("K", "line %llu: uncompressed point re-encoded "
		    "before hashing", line);
	json_decref(obj);
	ok_buf_free(&out);
	ok_dpp_uri_free(&uri);
	return st;
}

/* "line N: TOKEN: reason", so a script can find the label at fault. */
static int
report_line(unsigned long long line, const ok_err *err)
{
	return ok_cli_fail(err->status, NULL, "line %llu: %s: %s", line,
	    err->field, err->msg);
}

static int
parse_stream(FILE *fp, unsigned flags)
{
	static char text[LINE_MAX_BYTES];
	unsigned long long line = 0;
	int worst = OK_SUCCESS, rc;
	bool too_long;
	size_t len;
	ok_err err;

	while (next_line(fp, text, &len, &too_long)) {
		line++;
		ok_err_clear(&err);
		if (too_long)
			ok_err_set(&err, OK_E_MALFORMED, "uri",
			    "a URI is at most %d bytes", OK_DPP_URI_MAX);
		else if (line_record(text, len, flags, line, &err) == OK_SUCCESS)
			continue;
		if (err.status == OK_E_IO)
			return ok_cli_report(&err);
		rc = report_line(line, &err);
		worst = rc > worst ? rc : worst;
	}
	if (ferror(fp))
		return ok_cli_fail(OK_E_IO, "stdin", "read: %s", strerror(errno));
	return worst;
}

int
parse_lines(const char *path, unsigned flags)
{
	FILE *fp = stdin;
	int rc;

	if (path != NULL && strcmp(path, "-") != 0 &&
	    (fp = fopen(path, "r")) == NULL)
		return ok_cli_fail(OK_E_IO, path, "open: %s", strerror(errno));
	rc = parse_stream(fp, flags);
	if (fp != stdin)
		fclose(fp);
	return ok_cli_finish(rc);
}
