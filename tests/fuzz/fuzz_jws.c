/*
 * fuzz_jws.c: the JWS parser (compact, flattened and general forms) on
 * arbitrary bytes.
 *
 * What it accepts must be consistent (an object header, a signature of
 * the alg's length, the signing input made of the received fields) and
 * must verify or fail cleanly with a fixed key and with its own x5c leaf;
 * what it refuses must be OK_E_MALFORMED naming a JWS member, with one
 * printable line and nothing left in the result.  The input is also
 * signed as a payload in every form and must parse and verify back.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/jws.h"
#include "common/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const member_fields[] = { "jws", "protected", "payload",
    "signature", "signatures", "header", "alg", "crit", "x5c", NULL };

static EVP_PKEY *
fixed_key(void)
{
	static EVP_PKEY *key;
	ok_keygen *gen = NULL;
	ok_err err;

	if (key == NULL) {
		if (ok_keygen_new(OK_CURVE_P256, &gen, &err) != OK_SUCCESS ||
		    ok_keygen_next(gen, &key, &err) != OK_SUCCESS)
			abort();
		ok_keygen_free(gen);
	}
	return key;
}

static void
check_refusal(ok_status st, const ok_err *err, const ok_jws *jws)
{
	const char *c;
	size_t i;

	if (st != OK_E_MALFORMED || err->msg[0] == '\0' ||
	    jws->protected_header != NULL || jws->payload.data != NULL ||
	    jws->signature.data != NULL || jws->x5c != NULL)
		abort();
	for (i = 0; member_fields[i] != NULL; i++)
		if (strcmp(err->field, member_fields[i]) == 0)
			break;
	if (member_fields[i] == NULL)
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			abort();
}

static void
check_accepted(const ok_jws *jws)
{
	static const size_t sig_len[] = { 64, 96, 132 };
	const char *dot;
	ok_status st;
	ok_err err;

	if (!json_is_object(jws->protected_header) ||
	    (size_t)jws->alg > OK_JWS_ES512 ||
	    jws->signature.len != sig_len[jws->alg] ||
	    jws->signing_input.data == NULL)
		abort();
	dot = memchr(jws->signing_input.data, '.', jws->signing_input.len);
	if (dot == NULL || memchr(dot + 1, '.', jws->signing_input.len -
	    (size_t)(dot + 1 - (const char *)jws->signing_input.data)) != NULL)
		abort();
	st = ok_jws_verify(jws, fixed_key(), &err);
	if (st != OK_E_NEGATIVE && st != OK_SUCCESS)
		abort();
	if (jws->x5c != NULL) {
		if (sk_X509_num(jws->x5c) < 1)
			abort();
		/* Any key type may come in a certificate. */
		(void)ok_jws_verify(jws,
		    X509_get0_pubkey(sk_X509_value(jws->x5c, 0)), &err);
	}
}

static void
check_sign_back(const uint8_t *data, size_t size)
{
	ok_buf text = OK_BUF_INIT;
	ok_jws jws = OK_JWS_INIT;
	ok_err err;
	int form;

	for (form = OK_JWS_COMPACT; form <= OK_JWS_GENERAL; form++) {
		if (ok_jws_sign(fixed_key(), NULL, data, size,
		    (ok_jws_form)form, &text, &err) != OK_SUCCESS ||
		    ok_jws_parse((const char *)text.data, text.len, &jws,
		    &err) != OK_SUCCESS || jws.payload.len != size ||
		    (size > 0 && memcmp(jws.payload.data, data, size) != 0) ||
		    ok_jws_verify(&jws, fixed_key(), &err) != OK_SUCCESS)
			abort();
	}
	ok_jws_free(&jws);
	ok_buf_free(&text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_jws jws = OK_JWS_INIT;
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	st = ok_jws_parse((const char *)data, size, &jws, &err);
	if (st == OK_SUCCESS)
		check_accepted(&jws);
	else
		check_refusal(st, &err, &jws);
	ok_jws_free(&jws);
	/* Signing is slow next to parsing: only small inputs. */
	if (size <= 256)
		check_sign_back(data, size);
	return 0;
}
