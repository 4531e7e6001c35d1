/*
 * cbor.h: libcbor with the toolkit's rules.
 *
 * Decoding is strict and bounded: the raw bytes are checked before
 * libcbor sees them, because libcbor accepts non-shortest heads,
 * indefinite lengths and duplicate map keys, any of which would give one
 * signed document two readings.  Encoding is deterministic (RFC 8949
 * section 4.2.1), whatever widths the libcbor items were built with.
 */
#ifndef OK_CBOR_H
#define OK_CBOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cbor.h>

#include "buf.h"
#include "err.h"

#define OK_CBOR_MAX_INPUT (1u << 20)
#define OK_CBOR_MAX_DEPTH 16

enum {
	/* Also require map keys in RFC 8949 4.2.1 order (bytewise). */
	OK_CBOR_CANONICAL_KEYS = 1 << 0
};

/* Major types, as in the first three bits of a head. */
enum {
	OK_CBOR_UINT = 0,
	OK_CBOR_NEGINT = 1,
	OK_CBOR_BYTES = 2,
	OK_CBOR_TEXT = 3,
	OK_CBOR_ARRAY = 4,
	OK_CBOR_MAP = 5,
	OK_CBOR_TAG = 6,
	OK_CBOR_SIMPLE = 7
};

/*
 * Checks that data[0..len) is exactly one well-formed item in
 * deterministic form, without building it: shortest heads and shortest
 * exact floats (NaN only as f97e00), definite lengths, UTF-8 text, only
 * the simple values false/true/null/undefined, unique map keys (a key is
 * itself held to canonical order, so equal keys have equal bytes), depth
 * at most OK_CBOR_MAX_DEPTH, len at most OK_CBOR_MAX_INPUT.  Map order
 * is checked only with OK_CBOR_CANONICAL_KEYS.  Errors are
 * OK_E_MALFORMED naming field, with the byte offset in the message.
 */
ok_status ok_cbor_check(const uint8_t *data, size_t len, unsigned flags,
    const char *field, ok_err *err);

/* ok_cbor_check(), then the item; the caller cbor_decref()s *out. */
ok_status ok_cbor_decode(const uint8_t *data, size_t len, unsigned flags,
    const char *field, cbor_item_t **out, ok_err *err);

/* Deterministic encoding of item, replacing out's contents.  Duplicate
 * map keys (after encoding) are OK_E_USAGE naming "cbor". */
ok_status ok_cbor_encode(const cbor_item_t *item, ok_buf *out, ok_err *err);

/* Appends the same encoding to out. */
ok_status ok_cbor_encode_append(const cbor_item_t *item, ok_buf *out,
    ok_err *err);

/* Appends a shortest-form head (major type, argument). */
ok_status ok_cbor_put_head(ok_buf *out, unsigned major, uint64_t arg,
    ok_err *err);

/* Appends a definite byte or text string. */
ok_status ok_cbor_put_bytes(ok_buf *out, const uint8_t *data, size_t len,
    ok_err *err);
ok_status ok_cbor_put_text(ok_buf *out, const char *text, ok_err *err);

/* Appends an integer (major type 0 or 1). */
ok_status ok_cbor_put_int(ok_buf *out, int64_t value, ok_err *err);

/* True when item is an integer in int64_t range; stores it. */
bool ok_cbor_int_value(const cbor_item_t *item, int64_t *value);

/* The value under integer key in a definite map, or NULL (borrowed). */
cbor_item_t *ok_cbor_map_get_int(const cbor_item_t *map, int64_t key);

/* The bytes of a definite byte string, or false. */
bool ok_cbor_bytes_value(const cbor_item_t *item, const uint8_t **data,
    size_t *len);

#endif
