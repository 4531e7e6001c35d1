/*
 * codec.h: base64 (RFC 4648 section 4), base64url without padding
 * (section 5, as JWS and DPP connectors use it) and hex.
 *
 * The decoders are strict: no whitespace, no characters outside the
 * alphabet, standard base64 must be padded to a multiple of four,
 * base64url must not be padded, and the unused low bits of the last
 * symbol must be zero (so each byte string has one encoding).  Errors are
 * OK_E_MALFORMED naming the caller's field.
 */
#ifndef OK_CODEC_H
#define OK_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

typedef enum ok_b64_variant {
	OK_B64_STD, /* +/ with = padding */
	OK_B64_URL  /* -_ without padding */
} ok_b64_variant;

/* Characters ok_b64_encode() writes for len bytes (no NUL). */
size_t ok_b64_encoded_len(size_t len, ok_b64_variant variant);

/* Encodes into out (encoded_len + 1 bytes); NUL-terminates; returns the
 * length written. */
size_t ok_b64_encode(const uint8_t *in, size_t len, ok_b64_variant variant,
    char *out);

/* Encodes into a new buffer. */
ok_status ok_b64_encode_buf(const uint8_t *in, size_t len,
    ok_b64_variant variant, ok_buf *out, ok_err *err);

ok_status ok_b64_decode(const char *in, size_t len, ok_b64_variant variant,
    const char *field, ok_buf *out, ok_err *err);

/* Lower-case hex into out (2 * len + 1 bytes, NUL-terminated). */
void ok_hex_encode(const uint8_t *in, size_t len, char *out);

/* Decodes an even number of hex digits (either case, nothing else). */
ok_status ok_hex_decode(const char *in, size_t len, const char *field,
    ok_buf *out, ok_err *err);

/* Decodes exactly out_len bytes of hex into a fixed array. */
ok_status ok_hex_decode_fixed(const char *in, size_t len, const char *field,
    uint8_t *out, size_t out_len, ok_err *err);

#endif
