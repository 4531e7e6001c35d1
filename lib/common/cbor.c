/*
 * cbor.c: strict bounded CBOR decoding and deterministic encoding.
 *
 * The checker walks the raw bytes once before cbor_load(): only the raw
 * bytes show the head widths and indefinite lengths that libcbor hides,
 * and walking first also bounds depth and declared lengths before
 * libcbor allocates anything.
 *
 * libcbor 0.8 (Debian 12) refuses one-byte tag heads for tags 6..20,
 * COSE_Sign1's 18 among them, so for such input libcbor is given a copy
 * in which those heads are written in two bytes (same item, wider head).
 */
#include "cbor.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct check_ctx {
	const uint8_t *data;
	size_t len;
	size_t pos;
	unsigned flags;
	const char *field;
	ok_err *err;
	size_t narrow_tags; /* one-byte heads of tags 6..20 seen */
	ok_buf *copy;       /* when set, the input is copied here, widened */
} check_ctx;

typedef struct key_span {
	const uint8_t *bytes;
	size_t len;
} key_span;

static ok_status check_item(check_ctx *ctx, unsigned depth);

/* Copies data[from..to) to ctx->copy, widening it when it is the head
 * of a narrow tag (is_head: the span is a head, not string content). */
static ok_status
copy_span(check_ctx *ctx, size_t from, size_t to, bool is_head)
{
	uint8_t wide[2];
	unsigned head;

	if (ctx->copy == NULL || from == to)
		return OK_SUCCESS;
	head = ctx->data[from];
	if (!is_head || head >> 5 != OK_CBOR_TAG || (head & 0x1f) < 6 ||
	    (head & 0x1f) > 20 || to - from != 1)
		return ok_buf_append(ctx->copy, ctx->data + from, to - from,
		    ctx->err);
	wide[0] = OK_CBOR_TAG << 5 | 24;
	wide[1] = (uint8_t)(head & 0x1f);
	return ok_buf_append(ctx->copy, wide, 2, ctx->err);
}

static ok_status
bad(check_ctx *ctx, size_t at, const char *what)
{
	return ok_err_set(ctx->err, OK_E_MALFORMED, ctx->field,
	    "invalid CBOR at byte %zu: %s", at, what);
}

/* Half-precision bits for f when that is exact (f not NaN). */
static bool
half_of_float(float f, uint16_t *half)
{
	uint32_t bits, mant, full, shift;
	int exp;

	memcpy(&bits, &f, sizeof(bits));
	*half = (uint16_t)((bits >> 16) & 0x8000);
	exp = (int)((bits >> 23) & 0xff) - 127;
	mant = bits & 0x7fffff;
	if (exp == 128 || (exp == -127 && mant == 0)) {
		*half |= exp == 128 ? 0x7c00 : 0;
		return true;
	}
	if (exp >= -14 && exp <= 15 && (mant & 0x1fff) == 0) {
		*half |= (uint16_t)((uint32_t)(exp + 15) << 10 | mant >> 13);
		return true;
	}
	if (exp < -24 || exp > -15)
		return false;
	full = mant | 0x800000;
	shift = (uint32_t)(-1 - exp);
	if ((full & ((1u << shift) - 1)) != 0)
		return false;
	*half |= (uint16_t)(full >> shift);
	return true;
}

/*
 * True when a single (bits of 32) or double float has a shorter exact
 * form; every NaN other than f97e00 counts, as the encoder writes that.
 */
static bool
float_fits_shorter(uint64_t bits, bool is_double)
{
	uint32_t single_bits = (uint32_t)bits;
	double value;
	float narrow;
	uint16_t half;

	if (is_double) {
		memcpy(&value, &bits, sizeof(value));
		narrow = (float)value;
		return isnan(value) || (double)narrow == value;
	}
	memcpy(&narrow, &single_bits, sizeof(narrow));
	return isnan(narrow) || half_of_float(narrow, &half);
}

/* Reads a head; floats must be in their shortest exact width. */
static ok_status
read_head(check_ctx *ctx, unsigned *major, uint64_t *arg)
{
	size_t at = ctx->pos, width, i;
	unsigned info;

	if (ctx->pos >= ctx->len)
		return bad(ctx, at, "truncated");
	*major = ctx->data[ctx->pos] >> 5;
	info = ctx->data[ctx->pos++] & 0x1f;
	if (info == 31)
		return bad(ctx, at, "indefinite length or break");
	if (info >= 28)
		return bad(ctx, at, "reserved additional information");
	if (info < 24) {
		*arg = info;
		if (*major == OK_CBOR_TAG && info >= 6 && info <= 20)
			ctx->narrow_tags++;
		if (*major == OK_CBOR_SIMPLE && info < 20)
			return bad(ctx, at, "unassigned simple value");
		return copy_span(ctx, at, ctx->pos, true);
	}
	width = (size_t)1 << (info - 24);
	if (ctx->len - ctx->pos < width)
		return bad(ctx, at, "truncated");
	for (*arg = 0, i = 0; i < width; i++)
		*arg = *arg << 8 | ctx->data[ctx->pos++];
	if (*major == OK_CBOR_SIMPLE && info == 24)
		return bad(ctx, at, *arg < 32 ? "simple value in two bytes" :
		    "unassigned simple value");
	if (*major == OK_CBOR_SIMPLE && info > 25 && float_fits_shorter(*arg,
	    info == 27))
		return bad(ctx, at, "not the shortest encoding");
	/* A half-width NaN other than f97e00 (payload or sign set) would be
	 * re-encoded as f97e00, so it is not the deterministic form. */
	if (*major == OK_CBOR_SIMPLE && info == 25 &&
	    (*arg & 0x7c00) == 0x7c00 && (*arg & 0x03ff) != 0 &&
	    *arg != 0x7e00)
		return bad(ctx, at, "NaN not in its deterministic form f97e00");
	if (*major != OK_CBOR_SIMPLE && ((info == 24 && *arg < 24) ||
	    (info > 24 && *arg <= (UINT64_C(1) << (8 * (width / 2))) - 1)))
		return bad(ctx, at, "not the shortest encoding");
	return copy_span(ctx, at, ctx->pos, true);
}

/* Length of the UTF-8 sequence starting with lead, 0 if none. */
static size_t
utf8_seq_len(uint8_t lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/* Strict UTF-8: no overlong forms, surrogates or values past U+10FFFF. */
static bool
utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0, n, k;

	while (i < len) {
		n = utf8_seq_len(s[i]);
		if (n == 0 || len - i < n)
			return false;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		if ((s[i] == 0xe0 && s[i + 1] < 0xa0) ||
		    (s[i] == 0xed && s[i + 1] >= 0xa0) ||
		    (s[i] == 0xf0 && s[i + 1] < 0x90) ||
		    (s[i] == 0xf4 && s[i + 1] >= 0x90))
			return false;
		i += n;
	}
	return true;
}

static int
key_order(const void *a, const void *b)
{
	const key_span *ka = a, *kb = b;
	size_t n = ka->len < kb->len ? ka->len : kb->len;
	int c = memcmp(ka->bytes, kb->bytes, n);

	if (c != 0)
		return c;
	return ka->len < kb->len ? -1 : ka->len > kb->len;
}

/* Duplicate keys, found by sorting a copy of the spans. */
static ok_status
check_unique_keys(check_ctx *ctx, key_span *keys, size_t count)
{
	const uint8_t *later;
	size_t i;

	qsort(keys, count, sizeof(*keys), key_order);
	for (i = 1; i < count; i++) {
		if (key_order(&keys[i - 1], &keys[i]) != 0)
			continue;
		later = keys[i].bytes > keys[i - 1].bytes ? keys[i].bytes :
		    keys[i - 1].bytes;
		return bad(ctx, (size_t)(later - ctx->data),
		    "duplicate map key");
	}
	return OK_SUCCESS;
}

/*
 * A key is checked with canonical key order in any map inside it, so
 * that equal keys have equal bytes and the byte comparison below finds
 * every duplicate.
 */
static ok_status
check_key(check_ctx *ctx, unsigned depth)
{
	unsigned saved = ctx->flags;
	ok_status st;

	ctx->flags |= OK_CBOR_CANONICAL_KEYS;
	st = check_item(ctx, depth);
	ctx->flags = saved;
	return st;
}

static ok_status
check_map(check_ctx *ctx, uint64_t pairs, unsigned depth, size_t at)
{
	key_span *keys;
	ok_status st = OK_SUCCESS;
	size_t i, start;

	if (pairs > (ctx->len - ctx->pos) / 2)
		return bad(ctx, at, "truncated");
	if (pairs == 0)
		return OK_SUCCESS;
	if ((keys = calloc((size_t)pairs, sizeof(*keys))) == NULL)
		return ok_err_set(ctx->err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < pairs && st == OK_SUCCESS; i++) {
		start = ctx->pos;
		if ((st = check_key(ctx, depth + 1)) != OK_SUCCESS)
			break;
		keys[i].bytes = ctx->data + start;
		keys[i].len = ctx->pos - start;
		if ((ctx->flags & OK_CBOR_CANONICAL_KEYS) && i > 0 &&
		    key_order(&keys[i - 1], &keys[i]) >= 0)
			st = bad(ctx, start, "map keys not in canonical order");
		else
			st = check_item(ctx, depth + 1);
	}
	if (st == OK_SUCCESS)
		st = check_unique_keys(ctx, keys, (size_t)pairs);
	free(keys);
	return st;
}

static ok_status
check_item(check_ctx *ctx, unsigned depth)
{
	size_t at = ctx->pos, i;
	unsigned major;
	uint64_t arg = 0;
	ok_status st;

	if (depth > OK_CBOR_MAX_DEPTH)
		return bad(ctx, at, "nested too deeply");
	if ((st = read_head(ctx, &major, &arg)) != OK_SUCCESS)
		return st;
	switch (major) {
	case OK_CBOR_BYTES:
	case OK_CBOR_TEXT:
		if (arg > ctx->len - ctx->pos)
			return bad(ctx, at, "truncated");
		if (major == OK_CBOR_TEXT &&
		    !utf8_valid(ctx->data + ctx->pos, (size_t)arg))
			return bad(ctx, at, "text string is not UTF-8");
		ctx->pos += (size_t)arg;
		return copy_span(ctx, ctx->pos - (size_t)arg, ctx->pos,
		    false);
	case OK_CBOR_ARRAY:
		if (arg > ctx->len - ctx->pos)
			return bad(ctx, at, "truncated");
		for (i = 0; i < arg; i++)
			if ((st = check_item(ctx, depth + 1)) != OK_SUCCESS)
				return st;
		return OK_SUCCESS;
	case OK_CBOR_MAP:
		return check_map(ctx, arg, depth, at);
	case OK_CBOR_TAG:
		return check_item(ctx, depth + 1);
	default:
		return OK_SUCCESS;
	}
}

static ok_status
check_all(check_ctx *ctx)
{
	ok_status st;
	size_t len = ctx->len;
	ok_err *err = ctx->err;
	const char *field = ctx->field;

	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, field, "empty CBOR");
	if (len > OK_CBOR_MAX_INPUT)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "CBOR larger than %u bytes", OK_CBOR_MAX_INPUT);
	if ((st = check_item(ctx, 0)) != OK_SUCCESS)
		return st;
	if (ctx->pos != len)
		return bad(ctx, ctx->pos, "trailing bytes");
	return OK_SUCCESS;
}

ok_status
ok_cbor_check(const uint8_t *data, size_t len, unsigned flags,
    const char *field, ok_err *err)
{
	check_ctx ctx = { data, len, 0, flags, field, err, 0, NULL };

	return check_all(&ctx);
}

/* libcbor's reading of checked input (see the note on narrow tags); a
 * NULL item with success means libcbor itself failed. */
static ok_status
load_checked(check_ctx *ctx, cbor_item_t **item,
    struct cbor_load_result *result)
{
	ok_buf wide = OK_BUF_INIT;
	ok_status st;

	*item = NULL;
	if ((st = check_all(ctx)) != OK_SUCCESS)
		return st;
	if (ctx->narrow_tags == 0) {
		*item = cbor_load(ctx->data, ctx->len, result);
		return OK_SUCCESS;
	}
	ctx->pos = 0;
	ctx->copy = &wide;
	if ((st = check_all(ctx)) == OK_SUCCESS) {
		*item = cbor_load(wide.data, wide.len, result);
		if (*item != NULL && result->read == wide.len)
			result->read = ctx->len;
	}
	ok_buf_free(&wide);
	return st;
}

ok_status
ok_cbor_decode(const uint8_t *data, size_t len, unsigned flags,
    const char *field, cbor_item_t **out, ok_err *err)
{
	check_ctx ctx = { data, len, 0, flags, field, err, 0, NULL };
	struct cbor_load_result result;
	cbor_item_t *item;
	ok_status st;

	*out = NULL;
	memset(&result, 0, sizeof(result));
	if ((st = load_checked(&ctx, &item, &result)) != OK_SUCCESS)
		return st;
	if (item == NULL && result.error.code == CBOR_ERR_MEMERROR)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if (item == NULL || result.read != len) {
		if (item != NULL)
			cbor_decref(&item);
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid CBOR at byte %zu", result.error.position);
	}
	*out = item;
	return OK_SUCCESS;
}

/* Encoding. */

ok_status
ok_cbor_put_head(ok_buf *out, unsigned major, uint64_t arg, ok_err *err)
{
	uint8_t head[9];
	size_t width, i;

	if (arg < 24) {
		head[0] = (uint8_t)(major << 5 | arg);
		return ok_buf_append(out, head, 1, err);
	}
	width = arg <= 0xff ? 1 : arg <= 0xffff ? 2 :
	    arg <= 0xffffffffu ? 4 : 8;
	head[0] = (uint8_t)(major << 5 | (width == 1 ? 24u : width == 2 ?
	    25u : width == 4 ? 26u : 27u));
	for (i = 0; i < width; i++)
		head[width - i] = (uint8_t)(arg >> (8 * i));
	return ok_buf_append(out, head, width + 1, err);
}

ok_status
ok_cbor_put_bytes(ok_buf *out, const uint8_t *data, size_t len, ok_err *err)
{
	ok_status st;

	if ((st = ok_cbor_put_head(out, OK_CBOR_BYTES, len, err)) != OK_SUCCESS)
		return st;
	return ok_buf_append(out, data, len, err);
}

ok_status
ok_cbor_put_text(ok_buf *out, const char *text, ok_err *err)
{
	size_t len = strlen(text);
	ok_status st;

	if ((st = ok_cbor_put_head(out, OK_CBOR_TEXT, len, err)) != OK_SUCCESS)
		return st;
	return ok_buf_append(out, text, len, err);
}

ok_status
ok_cbor_put_int(ok_buf *out, int64_t value, ok_err *err)
{
	if (value >= 0)
		return ok_cbor_put_head(out, OK_CBOR_UINT, (uint64_t)value, err);
	return ok_cbor_put_head(out, OK_CBOR_NEGINT,
	    (uint64_t)(-(value + 1)), err);
}

/* The shortest of half, single and double that keeps the value. */
static ok_status
put_float(ok_buf *out, double value, ok_err *err)
{
	uint8_t enc[9];
	uint64_t bits;
	uint16_t half;
	uint32_t single;
	float narrow = (float)value;
	size_t width, i;

	if (isnan(value)) {
		half = 0x7e00;
		width = 2;
		bits = half;
	} else if ((double)narrow != value) {
		memcpy(&bits, &value, sizeof(bits));
		width = 8;
	} else if (half_of_float(narrow, &half)) {
		bits = half;
		width = 2;
	} else {
		memcpy(&single, &narrow, sizeof(single));
		bits = single;
		width = 4;
	}
	enc[0] = (uint8_t)(0xe0 | (width == 2 ? 25 : width == 4 ? 26 : 27));
	for (i = 0; i < width; i++)
		enc[width - i] = (uint8_t)(bits >> (8 * i));
	return ok_buf_append(out, enc, width + 1, err);
}

static ok_status encode_item(const cbor_item_t *item, unsigned depth,
    ok_buf *out, ok_err *err);

/* Definite or chunked strings come out as one definite string. */
static ok_status
encode_string(const cbor_item_t *item, unsigned major, ok_buf *out,
    ok_err *err)
{
	bool bytes = major == OK_CBOR_BYTES;
	cbor_item_t **chunks;
	size_t count, total = 0, i;
	ok_status st;

	if (bytes ? cbor_bytestring_is_definite(item) :
	    cbor_string_is_definite(item)) {
		if ((st = ok_cbor_put_head(out, major, bytes ?
		    cbor_bytestring_length(item) : cbor_string_length(item),
		    err)) != OK_SUCCESS)
			return st;
		return ok_buf_append(out, bytes ? cbor_bytestring_handle(item) :
		    cbor_string_handle(item), bytes ?
		    cbor_bytestring_length(item) : cbor_string_length(item), err);
	}
	chunks = bytes ? cbor_bytestring_chunks_handle(item) :
	    cbor_string_chunks_handle(item);
	count = bytes ? cbor_bytestring_chunk_count(item) :
	    cbor_string_chunk_count(item);
	for (i = 0; i < count; i++)
		total += bytes ? cbor_bytestring_length(chunks[i]) :
		    cbor_string_length(chunks[i]);
	if ((st = ok_cbor_put_head(out, major, total, err)) != OK_SUCCESS)
		return st;
	for (i = 0; i < count && st == OK_SUCCESS; i++)
		st = ok_buf_append(out, bytes ?
		    cbor_bytestring_handle(chunks[i]) :
		    cbor_string_handle(chunks[i]), bytes ?
		    cbor_bytestring_length(chunks[i]) :
		    cbor_string_length(chunks[i]), err);
	return st;
}

typedef struct encoded_pair {
	size_t key_off, key_len, pair_len; /* offsets into a scratch buffer */
	const uint8_t *base;
} encoded_pair;

static int
pair_order(const void *a, const void *b)
{
	const encoded_pair *pa = a, *pb = b;
	key_span ka = { pa->base + pa->key_off, pa->key_len };
	key_span kb = { pb->base + pb->key_off, pb->key_len };

	return key_order(&ka, &kb);
}

/* Writes the sorted pairs from scratch; equal neighbours are duplicates. */
static ok_status
emit_pairs(encoded_pair *pairs, size_t count, const ok_buf *scratch,
    ok_buf *out, ok_err *err)
{
	ok_status st;
	size_t i;

	for (i = 0; i < count; i++)
		pairs[i].base = scratch->data;
	qsort(pairs, count, sizeof(*pairs), pair_order);
	if ((st = ok_cbor_put_head(out, OK_CBOR_MAP, count, err)) != OK_SUCCESS)
		return st;
	for (i = 0; i < count && st == OK_SUCCESS; i++) {
		if (i > 0 && pair_order(&pairs[i - 1], &pairs[i]) == 0)
			return ok_err_set(err, OK_E_USAGE, "cbor",
			    "duplicate map key");
		st = ok_buf_append(out, scratch->data + pairs[i].key_off,
		    pairs[i].pair_len, err);
	}
	return st;
}

static ok_status
encode_map(const cbor_item_t *item, unsigned depth, ok_buf *out,
    ok_err *err)
{
	struct cbor_pair *handle = cbor_map_handle(item);
	size_t count = cbor_map_size(item), i, start;
	ok_buf scratch = OK_BUF_INIT;
	encoded_pair *pairs;
	ok_status st = OK_SUCCESS;

	if (count == 0)
		return ok_cbor_put_head(out, OK_CBOR_MAP, 0, err);
	if ((pairs = calloc(count, sizeof(*pairs))) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < count && st == OK_SUCCESS; i++) {
		start = scratch.len;
		if ((st = encode_item(handle[i].key, depth + 1, &scratch,
		    err)) != OK_SUCCESS)
			break;
		pairs[i].key_off = start;
		pairs[i].key_len = scratch.len - start;
		st = encode_item(handle[i].value, depth + 1, &scratch, err);
		pairs[i].pair_len = scratch.len - start;
	}
	if (st == OK_SUCCESS)
		st = emit_pairs(pairs, count, &scratch, out, err);
	free(pairs);
	ok_buf_wipe(&scratch);
	return st;
}

static ok_status
encode_simple(const cbor_item_t *item, ok_buf *out, ok_err *err)
{
	uint8_t value;

	if (!cbor_float_ctrl_is_ctrl(item))
		return put_float(out, cbor_float_get_float(item), err);
	value = cbor_ctrl_value(item);
	return ok_cbor_put_head(out, OK_CBOR_SIMPLE, value, err);
}

static ok_status
encode_item(const cbor_item_t *item, unsigned depth, ok_buf *out,
    ok_err *err)
{
	cbor_item_t *inner, **elems;
	ok_status st;
	size_t i;

	if (depth > 4 * OK_CBOR_MAX_DEPTH)
		return ok_err_set(err, OK_E_USAGE, "cbor", "nested too deeply");
	switch (cbor_typeof(item)) {
	case CBOR_TYPE_UINT:
		return ok_cbor_put_head(out, OK_CBOR_UINT, cbor_get_int(item),
		    err);
	case CBOR_TYPE_NEGINT:
		return ok_cbor_put_head(out, OK_CBOR_NEGINT, cbor_get_int(item),
		    err);
	case CBOR_TYPE_BYTESTRING:
		return encode_string(item, OK_CBOR_BYTES, out, err);
	case CBOR_TYPE_STRING:
		return encode_string(item, OK_CBOR_TEXT, out, err);
	case CBOR_TYPE_ARRAY:
		elems = cbor_array_handle(item);
		st = ok_cbor_put_head(out, OK_CBOR_ARRAY, cbor_array_size(item),
		    err);
		for (i = 0; i < cbor_array_size(item) && st == OK_SUCCESS; i++)
			st = encode_item(elems[i], depth + 1, out, err);
		return st;
	case CBOR_TYPE_MAP:
		return encode_map(item, depth, out, err);
	case CBOR_TYPE_TAG:
		if ((st = ok_cbor_put_head(out, OK_CBOR_TAG,
		    cbor_tag_value(item), err)) != OK_SUCCESS)
			return st;
		inner = cbor_tag_item(item);
		st = encode_item(inner, depth + 1, out, err);
		cbor_decref(&inner);
		return st;
	default:
		return encode_simple(item, out, err);
	}
}

ok_status
ok_cbor_encode_append(const cbor_item_t *item, ok_buf *out, ok_err *err)
{
	return encode_item(item, 0, out, err);
}

ok_status
ok_cbor_encode(const cbor_item_t *item, ok_buf *out, ok_err *err)
{
	ok_status st;

	if ((st = ok_buf_resize(out, 0, err)) != OK_SUCCESS)
		return st;
	if ((st = encode_item(item, 0, out, err)) != OK_SUCCESS)
		ok_buf_wipe(out);
	return st;
}

/* Accessors. */

bool
ok_cbor_int_value(const cbor_item_t *item, int64_t *value)
{
	uint64_t raw;

	if (!cbor_is_int(item))
		return false;
	raw = cbor_get_int(item);
	if (raw > (uint64_t)INT64_MAX)
		return false;
	*value = cbor_isa_uint(item) ? (int64_t)raw : -1 - (int64_t)raw;
	return true;
}

cbor_item_t *
ok_cbor_map_get_int(const cbor_item_t *map, int64_t key)
{
	struct cbor_pair *pairs;
	int64_t found;
	size_t i;

	if (!cbor_isa_map(map))
		return NULL;
	pairs = cbor_map_handle(map);
	for (i = 0; i < cbor_map_size(map); i++)
		if (ok_cbor_int_value(pairs[i].key, &found) && found == key)
			return pairs[i].value;
	return NULL;
}

bool
ok_cbor_bytes_value(const cbor_item_t *item, const uint8_t **data,
    size_t *len)
{
	if (!cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item))
		return false;
	*data = cbor_bytestring_handle(item);
	*len = cbor_bytestring_length(item);
	return true;
}
