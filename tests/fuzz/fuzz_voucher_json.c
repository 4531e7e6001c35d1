/*
 * fuzz_voucher_json.c: the voucher JSON decoder on arbitrary bytes.
 *
 * A refusal must be OK_E_MALFORMED with a one-line message and nothing
 * returned.  What is accepted must encode to JSON that decodes to the
 * same bytes again, must either encode to CBOR that decodes back to the
 * same CBOR or be refused for a nonce or anydata that has no CBOR form,
 * and must be decidable by the YANG rules (all relaxed: always OK).
 */
#include <stdint.h>
#include <string.h>

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

static void
check_json(const ok_voucher *v)
{
	ok_voucher again = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT, out2 = OK_BUF_INIT;
	ok_err err;

	CHECK(ok_voucher_to_json(v, &out, &err) == OK_SUCCESS);
	CHECK(ok_voucher_from_json(out.data, out.len, 0, "again", &again,
	    NULL, &err) == OK_SUCCESS);
	CHECK(ok_voucher_to_json(&again, &out2, &err) == OK_SUCCESS);
	CHECK(out.len == out2.len && memcmp(out.data, out2.data, out.len) == 0);
	ok_voucher_free(&again);
	ok_buf_free(&out);
	ok_buf_free(&out2);
}

static void
check_cbor(const ok_voucher *v)
{
	ok_voucher back = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT, out2 = OK_BUF_INIT;
	ok_status st;
	ok_err err;

	st = ok_voucher_to_cbor(v, &out, &err);
	if (st != OK_SUCCESS) {
		CHECK(st == OK_E_MALFORMED);
		CHECK(strcmp(err.field, "nonce") == 0 ||
		    strcmp(err.field, "manufacturer-proprietary") == 0 ||
		    strcmp(err.field, "extensions") == 0);
		return;
	}
	CHECK(ok_voucher_from_cbor(out.data, out.len, "cbor", &back, &err) ==
	    OK_SUCCESS);
	CHECK(back.kind == v->kind);
	CHECK(ok_voucher_to_cbor(&back, &out2, &err) == OK_SUCCESS);
	CHECK(out.len == out2.len && memcmp(out.data, out2.data, out.len) == 0);
	ok_voucher_free(&back);
	ok_buf_free(&out);
	ok_buf_free(&out2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_voucher v = OK_VOUCHER_INIT;
	ok_warnings warnings = { 0 };
	unsigned flags;
	ok_status st;
	ok_err err;

	flags = size > 0 && (data[size - 1] & 1) ? OK_VOUCHER_IGNORE_UNKNOWN :
	    0;
	ok_err_clear(&err);
	st = ok_voucher_from_json(data, size, flags, "fuzz", &v, &warnings,
	    &err);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, &v);
		return 0;
	}
	CHECK(warnings.count <= OK_WARNINGS_MAX);
	check_json(&v);
	check_cbor(&v);
	st = ok_voucher_check(&v, 0, &warnings, &err);
	CHECK(st == OK_SUCCESS || st == OK_E_MALFORMED);
	CHECK(ok_voucher_check(&v, OK_RELAX_MANDATORY |
	    OK_RELAX_NONCE_EXPIRES | OK_RELAX_RENEWAL_EXPIRES, &warnings,
	    &err) == OK_SUCCESS);
	ok_voucher_free(&v);
	return 0;
}
