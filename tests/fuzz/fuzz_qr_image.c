/*
 * fuzz_qr_image.c: arbitrary bytes as a PNG or JPEG image holding QR
 * codes.  The decoder must return a status for any input: no crash, no
 * leak, no exit, nothing printed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/qr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_qr_codes codes;
	ok_err err;
	ok_status st;
	size_t i;

	ok_err_clear(&err);
	st = ok_qr_decode_image(data, size, "image", &codes, &err);
	if (st != OK_SUCCESS) {
		/* Refusals leave no list and name the input (or memory). */
		if ((st != OK_E_MALFORMED && st != OK_E_IO) ||
		    codes.count != 0 || codes.texts != NULL ||
		    codes.lens != NULL || err.status != st ||
		    (strcmp(err.field, "image") != 0 &&
		    strcmp(err.field, "memory") != 0) || err.msg[0] == '\0')
			abort();
		return 0;
	}
	if (codes.count == 0)
		abort();
	/* Every code is NUL-terminated at its stated length. */
	for (i = 0; i < codes.count; i++)
		if (codes.texts[i][codes.lens[i]] != '\0')
			abort();
	ok_qr_codes_free(&codes);
	return 0;
}
