/*
 * fuzz_json.c: the strict JSON parser on arbitrary bytes.
 *
 * Whatever it accepts must serialise, read back as an equal value, and
 * serialise again to the same bytes (sorted output is canonical); what
 * it refuses must be refused as malformed with a one-line message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_refusal(ok_status st, const ok_err *err, const json_t *doc)
{
	const char *c;

	if (st != OK_E_MALFORMED || strcmp(err->field, "fuzz") != 0 ||
	    err->msg[0] == '\0' || doc != NULL)
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
}

/* Dumps doc with flags, parses the text back and checks it is equal;
 * leaves the text in out. */
static void
check_dump_parse(const json_t *doc, unsigned flags, ok_buf *out)
{
	json_t *back = NULL;
	ok_err err;

	if (ok_json_dump(doc, flags, out, &err) != OK_SUCCESS)
		abort();
	if (out->len > 0 && out->data[out->len - 1] == '\n')
		abort();
	if (out->len > OK_JSON_MAX_INPUT)
		return;
	if (ok_json_parse((const char *)out->data, out->len, "dump", &back,
	    &err) != OK_SUCCESS || !json_equal(doc, back))
		abort();
	json_decref(back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_buf sorted = OK_BUF_INIT, again = OK_BUF_INIT, other = OK_BUF_INIT;
	json_t *doc = NULL, *back = NULL;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	st = ok_json_parse((const char *)data, size, "fuzz", &doc, &err);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, doc);
		return 0;
	}
	check_dump_parse(doc, OK_JSON_SORTED, &sorted);
	check_dump_parse(doc, 0, &other);
	check_dump_parse(doc, OK_JSON_PRETTY, &other);
	check_dump_parse(doc, OK_JSON_PRETTY | OK_JSON_SORTED, &other);
	/* Canonical form is a fixed point. */
	if (sorted.len <= OK_JSON_MAX_INPUT) {
		if (ok_json_parse((const char *)sorted.data, sorted.len, "dump",
		    &back, &err) != OK_SUCCESS ||
		    ok_json_dump(back, OK_JSON_SORTED, &again, &err) !=
		    OK_SUCCESS || again.len != sorted.len ||
		    memcmp(again.data, sorted.data, sorted.len) != 0)
			abort();
	}
	json_decref(back);
	json_decref(doc);
	ok_buf_free(&sorted);
	ok_buf_free(&again);
	ok_buf_free(&other);
	return 0;
}
