/*
 * fuzz_signed.c: signed-voucher envelopes (CMS DER, base64 or PEM; JWS
 * JSON; COSE_Sign1) on arbitrary bytes.
 *
 * A refusal must be malformed (or out of memory) with a field and a
 * one-line message, and leave nothing behind.  An accepted envelope has
 * a certificate stack; decoding its content may fail (malformed) but not
 * crash; and its signature, with no candidates, either verifies with an
 * embedded certificate (a seed) or is negative, never anything else.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "voucher/signed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_message(const ok_err *err)
{
	const char *c;

	if (err->field[0] == '\0' || err->msg[0] == '\0')
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
}

static void
check_accepted(ok_signed *sig)
{
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_warnings warnings;
	ok_status st;
	ok_err err;

	if (sig->certs == NULL || sig->payload.len > OK_CMS_MAX)
		abort();
	memset(&warnings, 0, sizeof(warnings));
	st = ok_signed_voucher(sig, OK_VOUCHER_IGNORE_UNKNOWN, &voucher,
	    &warnings, &err);
	if (st != OK_SUCCESS && st != OK_E_MALFORMED && st != OK_E_IO)
		abort();
	ok_voucher_free(&voucher);
	st = ok_signed_verify_signature(sig, NULL, &err);
	if (st == OK_SUCCESS && sig->signer == NULL)
		abort();
	if (st != OK_SUCCESS && (st != OK_E_NEGATIVE && st != OK_E_MALFORMED
	    && st != OK_E_IO))
		abort();
	if (st != OK_SUCCESS)
		check_message(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_signed sig;
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	st = ok_signed_parse(data, size, "fuzz", &sig, &err);
	if (st != OK_SUCCESS) {
		if ((st != OK_E_MALFORMED && st != OK_E_IO) ||
		    sig.certs != NULL || sig.cms != NULL ||
		    sig.payload.data != NULL)
			abort();
		check_message(&err);
		return 0;
	}
	check_accepted(&sig);
	ok_signed_free(&sig);
	return 0;
}
