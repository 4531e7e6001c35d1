/*
 * fuzz_key_parse.c: ok_key_parse() on arbitrary bytes, with and without
 * public keys allowed and with a passphrase so encrypted forms are
 * decrypted.  A key that loads must satisfy what callers rely on: a
 * supported curve, a private part unless public keys were allowed, and
 * an SPKI that parses back to the same key.
 */
#include <stdint.h>
#include <stdlib.h>

#include <openssl/err.h>

#include "common/keys.h"

static void
check_loaded(EVP_PKEY *key, bool public_ok)
{
	ok_buf spki = OK_BUF_INIT;
	EVP_PKEY *again = NULL;
	ok_curve curve, spki_curve;
	bool compressed = false;
	ok_err err;

	if (ok_curve_of_key(key, "k", &curve, &err) != OK_SUCCESS)
		abort();
	if (!public_ok && !ok_key_has_private(key))
		abort();
	if (ok_key_spki_der(key, true, &spki, &err) != OK_SUCCESS ||
	    ok_key_spki_parse(spki.data, spki.len, "k", &again, &spki_curve,
	    &compressed, &err) != OK_SUCCESS || spki_curve != curve ||
	    !compressed || EVP_PKEY_eq(key, again) != 1)
		abort();
	EVP_PKEY_free(again);
	ok_buf_free(&spki);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_key_opts opts = { "fuzz", NULL, false };
	EVP_PKEY *key = NULL;
	ok_status st;
	ok_err err;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		opts.public_ok = pass == 1;
		st = ok_key_parse(data, size, &opts, "fuzz", &key, &err);
		if (st == OK_SUCCESS)
			check_loaded(key, opts.public_ok);
		else if (key != NULL || st != err.status ||
		    st < OK_E_NEGATIVE || st > OK_E_RETRY)
			abort();
		EVP_PKEY_free(key);
		key = NULL;
	}
	ERR_clear_error();
	return 0;
}
