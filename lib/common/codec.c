/*
 * codec.c: base64, base64url and hex.
 *
 * Encoding is table driven with no library calls in the loops (batch
 * tools encode hundreds of thousands of keys a second).  Decoding first
 * validates the whole input, so the output buffer is only filled for
 * input that has exactly one meaning.
 */
#include "codec.h"

#include <string.h>

static const char b64_std_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url_alphabet[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char hex_digits[16] = "0123456789abcdef";

/*
 * Reverse tables hold the symbol's value plus one, so that the implicit
 * zero of every byte left out of the initialiser means "not in the
 * alphabet" and the tables can be const data rather than built at run
 * time.
 */
#define B64_LETTERS_DIGITS \
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, \
	['G'] = 7, ['H'] = 8, ['I'] = 9, ['J'] = 10, ['K'] = 11, \
	['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15, ['P'] = 16, \
	['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, \
	['V'] = 22, ['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, \
	['a'] = 27, ['b'] = 28, ['c'] = 29, ['d'] = 30, ['e'] = 31, \
	['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36, \
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, \
	['p'] = 42, ['q'] = 43, ['r'] = 44, ['s'] = 45, ['t'] = 46, \
	['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50, ['y'] = 51, \
	['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, \
	['4'] = 57, ['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, \
	['9'] = 62

static const uint8_t b64_std_value1[256] = {
	B64_LETTERS_DIGITS, ['+'] = 63, ['/'] = 64
};
static const uint8_t b64_url_value1[256] = {
	B64_LETTERS_DIGITS, ['-'] = 63, ['_'] = 64
};
static const uint8_t hex_value1[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6,
	['6'] = 7, ['7'] = 8, ['8'] = 9, ['9'] = 10,
	['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
	['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16
};

size_t
ok_b64_encoded_len(size_t len, ok_b64_variant variant)
{
	size_t groups = len / 3, rest = len % 3;

	/* Saturates rather than wraps; no real input comes near. */
	if (groups > (SIZE_MAX - 4) / 4)
		return SIZE_MAX;
	if (rest == 0)
		return groups * 4;
	return groups * 4 + (variant == OK_B64_STD ? 4 : rest + 1);
}

size_t
ok_b64_encode(const uint8_t *in, size_t len, ok_b64_variant variant,
    char *out)
{
	const char *alphabet = variant == OK_B64_URL ? b64_url_alphabet :
	    b64_std_alphabet;
	size_t rest = len % 3, i;
	char *pos = out;
	uint32_t bits;

	for (i = 0; i < len - rest; i += 3) {
		bits = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		pos[0] = alphabet[bits >> 18];
		pos[1] = alphabet[(bits >> 12) & 63];
		pos[2] = alphabet[(bits >> 6) & 63];
		pos[3] = alphabet[bits & 63];
		pos += 4;
	}
	if (rest > 0) {
		bits = (uint32_t)in[i] << 16;
		if (rest == 2)
			bits |= (uint32_t)in[i + 1] << 8;
		*pos++ = alphabet[bits >> 18];
		*pos++ = alphabet[(bits >> 12) & 63];
		if (rest == 2)
			*pos++ = alphabet[(bits >> 6) & 63];
		else if (variant == OK_B64_STD)
			*pos++ = '=';
		if (variant == OK_B64_STD)
			*pos++ = '=';
	}
	*pos = '\0';
	return (size_t)(pos - out);
}

ok_status
ok_b64_encode_buf(const uint8_t *in, size_t len, ok_b64_variant variant,
    ok_buf *out, ok_err *err)
{
	size_t text_len = ok_b64_encoded_len(len, variant);
	ok_status st;

	ok_buf_wipe(out);
	if (text_len == SIZE_MAX)
		return ok_err_set(err, OK_E_IO, "memory", "input too large");
	if ((st = ok_buf_resize(out, text_len, err)) != OK_SUCCESS)
		return st;
	ok_b64_encode(in, len, variant, (char *)out->data);
	return OK_SUCCESS;
}

/* Shows a byte in a message as 'x', or 0x0a when not printable. */
static void
describe_char(unsigned char c, char text[8])
{
	size_t used = 0;

	if (c > 0x20 && c < 0x7f) {
		text[used++] = '\'';
		text[used++] = (char)c;
		text[used++] = '\'';
	} else {
		text[used++] = '0';
		text[used++] = 'x';
		text[used++] = hex_digits[c >> 4];
		text[used++] = hex_digits[c & 15];
	}
	text[used] = '\0';
}

/* Offset of the first byte outside the table's alphabet, or len. */
static size_t
first_invalid(const char *in, size_t len, const uint8_t *value1)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (value1[(unsigned char)in[i]] == 0)
			break;
	return i;
}

static ok_status
b64_bad_char(const char *in, size_t at, ok_b64_variant variant,
    const char *field, ok_err *err)
{
	unsigned char c = (unsigned char)in[at];
	char shown[8];

	describe_char(c, shown);
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v')
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "whitespace (%s) at offset %zu; base64 must be one "
		    "unbroken string", shown, at);
	if (variant == OK_B64_URL && (c == '+' || c == '/'))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid base64 character %s at offset %zu (standard "
		    "base64, but base64url expected)", shown, at);
	if (variant == OK_B64_STD && (c == '-' || c == '_'))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid base64 character %s at offset %zu (base64url, "
		    "but standard base64 expected)", shown, at);
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "invalid base64 character %s at offset %zu", shown, at);
}

/*
 * Standard base64: the symbols end at the first '=', which may be
 * followed only by at most one more '=' and must end a multiple of four.
 * Sets *body_len to the number of symbols before the padding.
 */
static ok_status
b64_std_body(const char *in, size_t len, const char *field, size_t *body_len,
    ok_err *err)
{
	size_t stop = first_invalid(in, len, b64_std_value1), after;

	if (stop < len && in[stop] != '=')
		return b64_bad_char(in, stop, OK_B64_STD, field, err);
	for (after = stop; after < len && in[after] == '='; after++)
		;
	if (after < len) {
		if (b64_std_value1[(unsigned char)in[after]] == 0)
			return b64_bad_char(in, after, OK_B64_STD, field, err);
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "bad padding: '=' at offset %zu is followed by data",
		    stop);
	}
	if (len - stop > 2)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "bad padding: too many '=' at offset %zu", stop);
	if (len % 4 != 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "bad padding: length %zu is not a multiple of 4 "
		    "(truncated or unpadded)", len);
	*body_len = stop;
	return OK_SUCCESS;
}

static ok_status
b64_url_body(const char *in, size_t len, const char *field, size_t *body_len,
    ok_err *err)
{
	size_t stop = first_invalid(in, len, b64_url_value1);

	if (stop < len && in[stop] == '=')
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "padding '=' at offset %zu is not allowed in base64url",
		    stop);
	if (stop < len)
		return b64_bad_char(in, stop, OK_B64_URL, field, err);
	*body_len = len;
	return OK_SUCCESS;
}

/*
 * A final group of two or three symbols carries 8 or 16 bits in 12 or 18;
 * the spare low bits must be zero or several strings would decode to the
 * same bytes.
 */
static ok_status
b64_check_tail(const char *in, size_t body_len, const uint8_t *value1,
    const char *field, ok_err *err)
{
	size_t rest = body_len % 4;
	unsigned spare_mask, last;

	if (rest == 0)
		return OK_SUCCESS;
	if (rest == 1)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "truncated: a single base64 character at offset %zu "
		    "cannot encode a byte", body_len - 1);
	spare_mask = rest == 2 ? 0x0f : 0x03;
	last = (unsigned)value1[(unsigned char)in[body_len - 1]] - 1;
	if ((last & spare_mask) != 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "non-canonical trailing bits at offset %zu",
		    body_len - 1);
	return OK_SUCCESS;
}

/* Decodes body_len already validated symbols into out. */
static void
b64_decode_body(const char *in, size_t body_len, const uint8_t *value1,
    uint8_t *out)
{
	const unsigned char *sym = (const unsigned char *)in;
	size_t rest = body_len % 4, i;
	uint32_t bits;

	for (i = 0; i < body_len - rest; i += 4) {
		bits = (uint32_t)(value1[sym[i]] - 1) << 18 |
		    (uint32_t)(value1[sym[i + 1]] - 1) << 12 |
		    (uint32_t)(value1[sym[i + 2]] - 1) << 6 |
		    (uint32_t)(value1[sym[i + 3]] - 1);
		*out++ = (uint8_t)(bits >> 16);
		*out++ = (uint8_t)(bits >> 8);
		*out++ = (uint8_t)bits;
	}
	if (rest == 0)
		return;
	bits = (uint32_t)(value1[sym[i]] - 1) << 18 |
	    (uint32_t)(value1[sym[i + 1]] - 1) << 12;
	if (rest == 3)
		bits |= (uint32_t)(value1[sym[i + 2]] - 1) << 6;
	*out++ = (uint8_t)(bits >> 16);
	if (rest == 3)
		*out = (uint8_t)(bits >> 8);
}

ok_status
ok_b64_decode(const char *in, size_t len, ok_b64_variant variant,
    const char *field, ok_buf *out, ok_err *err)
{
	const uint8_t *value1 = variant == OK_B64_URL ? b64_url_value1 :
	    b64_std_value1;
	size_t body_len = 0, out_len;
	ok_status st;

	ok_buf_wipe(out);
	if (variant == OK_B64_URL)
		st = b64_url_body(in, len, field, &body_len, err);
	else
		st = b64_std_body(in, len, field, &body_len, err);
	if (st != OK_SUCCESS)
		return st;
	if ((st = b64_check_tail(in, body_len, value1, field, err)) !=
	    OK_SUCCESS)
		return st;
	/* body_len / 4 * 3 cannot overflow; the tail adds at most 2. */
	out_len = body_len / 4 * 3 + (body_len % 4 == 0 ? 0 : body_len % 4 - 1);
	if ((st = ok_buf_resize(out, out_len, err)) != OK_SUCCESS)
		return st;
	b64_decode_body(in, body_len, value1, out->data);
	return OK_SUCCESS;
}

void
ok_hex_encode(const uint8_t *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex_digits[in[i] >> 4];
		out[2 * i + 1] = hex_digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

/* Checks that in[0..len) is an even number of hex digits. */
static ok_status
hex_validate(const char *in, size_t len, const char *field, ok_err *err)
{
	size_t stop = first_invalid(in, len, hex_value1);
	char shown[8];

	if (stop < len) {
		describe_char((unsigned char)in[stop], shown);
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid hex digit %s at offset %zu", shown, stop);
	}
	if (len % 2 != 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "odd number of hex digits (%zu)", len);
	return OK_SUCCESS;
}

static void
hex_decode_valid(const char *in, size_t len, uint8_t *out)
{
	const unsigned char *digit = (const unsigned char *)in;
	size_t i;

	for (i = 0; i < len / 2; i++)
		out[i] = (uint8_t)((hex_value1[digit[2 * i]] - 1) << 4 |
		    (hex_value1[digit[2 * i + 1]] - 1));
}

ok_status
ok_hex_decode(const char *in, size_t len, const char *field, ok_buf *out,
    ok_err *err)
{
	ok_status st;

	ok_buf_wipe(out);
	if ((st = hex_validate(in, len, field, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_buf_resize(out, len / 2, err)) != OK_SUCCESS)
		return st;
	hex_decode_valid(in, len, out->data);
	return OK_SUCCESS;
}

ok_status
ok_hex_decode_fixed(const char *in, size_t len, const char *field,
    uint8_t *out, size_t out_len, ok_err *err)
{
	ok_status st;

	if ((st = hex_validate(in, len, field, err)) != OK_SUCCESS)
		return st;
	if (len / 2 != out_len)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "wrong length: %zu bytes of hex, expected %zu", len / 2,
		    out_len);
	hex_decode_valid(in, len, out);
	return OK_SUCCESS;
}
