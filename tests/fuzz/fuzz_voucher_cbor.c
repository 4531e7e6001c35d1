/*
 * fuzz_voucher_cbor.c: the SID-keyed CBOR voucher decoder on arbitrary
 * bytes.
 *
 * A refusal must be OK_E_MALFORMED with a one-line message and nothing
 * returned.  What is accepted must re-encode deterministically: to the
 * input bytes themselves when the input has its map keys in canonical
 * order (the decoder accepts other orders), and in every case to a fixed
 * point.  Its JSON form must decode and encode back to the same CBOR.
 */
#include <stdint.h>
#include <string.h>

#include "common/cbor.h"
#include "voucher/voucher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static void
check_refusal(ok_status st, const ok_err *err, const ok_voucher *v)
{
	const char *c;

	CHECK(st == OK_E_MALFORMED && err->field[0] != '\0' &&
	    err->msg[0] != '\0' && v->leaves == NULL);
	for (c = err->msg; *c != '\0'; c++)
		CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
}

static bool
same(const ok_buf *a, const uint8_t *data, size_t size)
{
	return a->len == size && memcmp(a->data, data, size) == 0;
}

/* CBOR -> JSON -> voucher -> CBOR gives the same bytes. */
static void
check_via_json(const ok_voucher *v, const ok_buf *cbor)
{
	ok_voucher back = OK_VOUCHER_INIT;
	ok_buf json = OK_BUF_INIT, again = OK_BUF_INIT;
	ok_err err;

	CHECK(ok_voucher_to_json(v, &json, &err) == OK_SUCCESS);
	if (json.len <= OK_VOUCHER_MAX) {
		CHECK(ok_voucher_from_json(json.data, json.len, 0, "json",
		    &back, NULL, &err) == OK_SUCCESS);
		CHECK(ok_voucher_to_cbor(&back, &again, &err) == OK_SUCCESS);
		CHECK(same(&again, cbor->data, cbor->len));
	}
	ok_voucher_free(&back);
	ok_buf_free(&json);
	ok_buf_free(&again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_voucher v = OK_VOUCHER_INIT, back = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT, again = OK_BUF_INIT;
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	st = ok_voucher_from_cbor(data, size, "fuzz", &v, &err);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, &v);
		return 0;
	}
	CHECK(ok_voucher_to_cbor(&v, &out, &err) == OK_SUCCESS);
	if (ok_cbor_check(data, size, OK_CBOR_CANONICAL_KEYS, "fuzz", &err) ==
	    OK_SUCCESS)
		CHECK(same(&out, data, size));
	CHECK(ok_voucher_from_cbor(out.data, out.len, "again", &back, &err) ==
	    OK_SUCCESS);
	CHECK(ok_voucher_to_cbor(&back, &again, &err) == OK_SUCCESS);
	CHECK(same(&again, out.data, out.len));
	check_via_json(&v, &out);
	ok_voucher_check(&v, 0, NULL, &err);
	ok_voucher_free(&v);
	ok_voucher_free(&back);
	ok_buf_free(&out);
	ok_buf_free(&again);
	return 0;
}
