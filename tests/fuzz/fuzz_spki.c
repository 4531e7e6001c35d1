/*
 * fuzz_spki.c: ok_key_spki_parse() on arbitrary bytes.  Whatever it
 * accepts must re-encode, in the same point form, to exactly the input:
 * the parser takes only canonical DER.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "common/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_buf again = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	ok_curve curve, key_curve;
	bool compressed = false;
	ok_status st;
	ok_err err;

	st = ok_key_spki_parse(data, size, "K", &key, &curve, &compressed,
	    &err);
	if (st != OK_SUCCESS) {
		if (key != NULL || st != OK_E_MALFORMED)
			abort();
		ERR_clear_error();
		return 0;
	}
	if (ok_curve_of_key(key, "K", &key_curve, &err) != OK_SUCCESS ||
	    key_curve != curve || ok_key_has_private(key))
		abort();
	if (ok_key_spki_der(key, compressed, &again, &err) != OK_SUCCESS ||
	    again.len != size || memcmp(again.data, data, size) != 0)
		abort();
	ok_buf_free(&again);
	EVP_PKEY_free(key);
	ERR_clear_error();
	return 0;
}
