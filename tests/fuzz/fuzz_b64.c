/*
 * fuzz_b64.c: the base64 decoders on arbitrary bytes, both variants.
 *
 * The decoders accept exactly one spelling of each byte string, so any
 * accepted input must come back unchanged from the encoder; any other
 * input must be refused as malformed, naming the field, with no output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_refusal(ok_status st, const ok_err *err, const ok_buf *out)
{
	const char *c;

	if (st != OK_E_MALFORMED || strcmp(err->field, "fuzz") != 0 ||
	    err->msg[0] == '\0' || out->data != NULL || out->len != 0)
		abort();
	for (c = err->msg; *c != '\0'; c++)
		if ((unsigned char)*c < 0x20)
			abort();
}

/* decode(text) succeeds only if encode(decode(text)) == text. */
static void
check_decode_canonical(const uint8_t *data, size_t size,
    ok_b64_variant variant)
{
	ok_buf bytes = OK_BUF_INIT, text = OK_BUF_INIT;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	st = ok_b64_decode((const char *)data, size, variant, "fuzz", &bytes,
	    &err);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err, &bytes);
		return;
	}
	if (ok_b64_encode_buf(bytes.data, bytes.len, variant, &text, &err) !=
	    OK_SUCCESS)
		abort();
	if (text.len != size || memcmp(text.data, data, size) != 0)
		abort();
	ok_buf_free(&bytes);
	ok_buf_free(&text);
}

/* encode(bytes) has the advertised length and decodes back to bytes. */
static void
check_encode_round_trip(const uint8_t *data, size_t size,
    ok_b64_variant variant)
{
	ok_buf text = OK_BUF_INIT, bytes = OK_BUF_INIT;
	ok_err err;

	if (ok_b64_encode_buf(data, size, variant, &text, &err) != OK_SUCCESS ||
	    text.len != ok_b64_encoded_len(size, variant) ||
	    strlen((const char *)text.data) != text.len)
		abort();
	if (ok_b64_decode((const char *)text.data, text.len, variant, "fuzz",
	    &bytes, &err) != OK_SUCCESS)
		abort();
	if (bytes.len != size || (size > 0 && memcmp(bytes.data, data, size)))
		abort();
	ok_buf_free(&text);
	ok_buf_free(&bytes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decode_canonical(data, size, OK_B64_STD);
	check_decode_canonical(data, size, OK_B64_URL);
	check_encode_round_trip(data, size, OK_B64_STD);
	check_encode_round_trip(data, size, OK_B64_URL);
	return 0;
}
