/*
 * fuzz_hex.c: the hex decoders on arbitrary bytes.
 *
 * Hex is accepted in either case, so an accepted input must equal the
 * encoder's lower-case output once folded to lower case.  The fixed-size
 * decoder must agree with the buffer one for the matching length and
 * refuse every other length without touching its output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_refusal(ok_status st, const ok_err *err)
{
	if (st != OK_E_MALFORMED || strcmp(err->field, "fuzz") != 0 ||
	    err->msg[0] == '\0')
		abort();
}

static uint8_t
fold_case(uint8_t c)
{
	return c >= 'A' && c <= 'F' ? (uint8_t)(c - 'A' + 'a') : c;
}

/* Exact-size heap buffers, so ASan sees any write past out_len. */
static void
check_fixed(const uint8_t *data, size_t size, const ok_buf *want,
    ok_status want_st)
{
	size_t out_len = size / 2;
	uint8_t *exact = malloc(out_len > 0 ? out_len : 1);
	uint8_t *roomy = malloc(out_len + 1);
	ok_err err;
	ok_status st;

	if (exact == NULL || roomy == NULL)
		abort();
	st = ok_hex_decode_fixed((const char *)data, size, "fuzz", exact,
	    out_len, &err);
	if (st != want_st ||
	    (st == OK_SUCCESS && memcmp(exact, want->data, out_len) != 0))
		abort();
	/* One byte too many is always refused and never written. */
	memset(roomy, 0x5a, out_len + 1);
	st = ok_hex_decode_fixed((const char *)data, size, "fuzz", roomy,
	    out_len + 1, &err);
	check_refusal(st, &err);
	for (size_t i = 0; i <= out_len; i++)
		if (roomy[i] != 0x5a)
			abort();
	free(exact);
	free(roomy);
}

static void
check_decode_canonical(const uint8_t *data, size_t size)
{
	ok_buf bytes = OK_BUF_INIT;
	char *text;
	ok_err err;
	ok_status st;
	size_t i;

	ok_err_clear(&err);
	st = ok_hex_decode((const char *)data, size, "fuzz", &bytes, &err);
	check_fixed(data, size, &bytes, st);
	if (st != OK_SUCCESS) {
		check_refusal(st, &err);
		if (bytes.data != NULL)
			abort();
		return;
	}
	if (bytes.len * 2 != size || (text = malloc(size + 1)) == NULL)
		abort();
	ok_hex_encode(bytes.data, bytes.len, text);
	for (i = 0; i < size; i++)
		if ((uint8_t)text[i] != fold_case(data[i]))
			abort();
	free(text);
	ok_buf_free(&bytes);
}

static void
check_encode_round_trip(const uint8_t *data, size_t size)
{
	ok_buf bytes = OK_BUF_INIT;
	char *text = malloc(2 * size + 1);
	ok_err err;

	if (text == NULL)
		abort();
	ok_hex_encode(data, size, text);
	if (strlen(text) != 2 * size ||
	    ok_hex_decode(text, 2 * size, "fuzz", &bytes, &err) != OK_SUCCESS ||
	    bytes.len != size || (size > 0 && memcmp(bytes.data, data, size)))
		abort();
	free(text);
	ok_buf_free(&bytes);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_decode_canonical(data, size);
	check_encode_round_trip(data, size);
	return 0;
}
