/*
 * fuzz_cbor.c: the strict CBOR decoder and deterministic encoder on
 * arbitrary bytes.
 *
 * The checker and the decoder must agree (libcbor must load everything
 * the checker passes); what is accepted must encode, and the encoding
 * must itself pass the canonical checker and be a fixed point; what is
 * refused must be refused as malformed with a one-line message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/cbor.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_refusal(ok_status st, const ok_err *err, const cbor_item_t *item)
{
	const char *c;

	if (st != OK_E_MALFORMED || strcmp(err->field, "fuzz") != 0 ||
	    err->msg[0] == '\0' || item != NULL)
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
}

/* Encodes item; the bytes must be canonical and re-encode unchanged. */
static void
check_encoding(const cbor_item_t *item)
{
	ok_buf out = OK_BUF_INIT, again = OK_BUF_INIT;
	cbor_item_t *back = NULL;
	ok_err err;

	if (ok_cbor_encode(item, &out, &err) != OK_SUCCESS)
		abort();
	if (ok_cbor_decode(out.data, out.len, OK_CBOR_CANONICAL_KEYS, "enc",
	    &back, &err) != OK_SUCCESS)
		abort();
	if (ok_cbor_encode(back, &again, &err) != OK_SUCCESS ||
	    again.len != out.len || memcmp(again.data, out.data, out.len) != 0)
		abort();
	cbor_decref(&back);
	ok_buf_free(&out);
	ok_buf_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cbor_item_t *item = NULL;
	ok_status checked, st;
	unsigned flags;
	ok_err err;

	flags = size > 0 && (data[size - 1] & 1) ? OK_CBOR_CANONICAL_KEYS : 0;
	ok_err_clear(&err);
	checked = ok_cbor_check(data, size, flags, "fuzz", &err);
	st = ok_cbor_decode(data, size, flags, "fuzz", &item, &err);
	if (checked != st)
		abort();
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, item);
		return 0;
	}
	check_encoding(item);
	cbor_decref(&item);
	return 0;
}
