/*
 * fuzz_cose.c: COSE_Sign1 decoding on arbitrary bytes.
 *
 * A refusal must be malformed (or out of memory) with a field and a
 * one-line message, and leave nothing decoded.  An accepted message
 * must have a supported alg and a signature of its length, and verifying
 * it with keys the fuzzer cannot know must come out negative, never
 * success and never a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/cose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static EVP_PKEY *fuzz_keys[2];

static void
check_refusal(ok_status st, const ok_err *err, const ok_cose_sign1 *msg)
{
	const char *c;

	if ((st != OK_E_MALFORMED && st != OK_E_IO) || err->field[0] == '\0' ||
	    err->msg[0] == '\0' || msg->protected_hdr != NULL ||
	    msg->unprotected_hdr != NULL || msg->payload.data != NULL)
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
}

static void
check_accepted(const ok_cose_sign1 *msg)
{
	ok_err err;
	size_t i;

	if (msg->protected_hdr == NULL || msg->unprotected_hdr == NULL ||
	    ok_cose_sign1_header(msg, OK_COSE_HDR_ALG) == NULL)
		abort();
	(void)ok_cose_sign1_header(msg, OK_COSE_HDR_KID);
	(void)ok_cose_sign1_header(msg, OK_COSE_HDR_X5CHAIN);
	for (i = 0; i < 2; i++)
		if (ok_cose_sign1_verify(msg, fuzz_keys[i], NULL, 0, &err) !=
		    OK_E_NEGATIVE)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_cose_sign1 msg;
	ok_status st;
	ok_err err;

	if (fuzz_keys[0] == NULL) {
		fuzz_keys[0] = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
		fuzz_keys[1] = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		if (fuzz_keys[0] == NULL || fuzz_keys[1] == NULL)
			abort();
	}
	ok_err_clear(&err);
	st = ok_cose_sign1_decode(data, size, 0, "fuzz", &msg, &err);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, &msg);
		return 0;
	}
	check_accepted(&msg);
	ok_cose_sign1_free(&msg);
	return 0;
}
