/* test_codec.c: base64, base64url and hex against RFC 4648, the DPP URI
 * vectors and Python's base64 module. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/codec.h"
#include "common/json.h"
#include "tap.h"

#define PYTHON "/usr/bin/python3"

struct b64_vector {
	const char *plain;
	const char *std;
	const char *url;
	const char *hex;
};

/* RFC 4648 section 10; the base64url column is the same text unpadded. */
static const struct b64_vector rfc4648[] = {
	{ "", "", "", "" },
	{ "f", "Zg==", "Zg", "66" },
	{ "fo", "Zm8=", "Zm8", "666f" },
	{ "foo", "Zm9v", "Zm9v", "666f6f" },
	{ "foob", "Zm9vYg==", "Zm9vYg", "666f6f62" },
	{ "fooba", "Zm9vYmE=", "Zm9vYmE", "666f6f6261" },
	{ "foobar", "Zm9vYmFy", "Zm9vYmFy", "666f6f626172" },
};

/* Bytes that hit the two symbols where the alphabets differ. */
static const struct {
	uint8_t bytes[3];
	size_t len;
	const char *std;
	const char *url;
} alphabet_edges[] = {
	{ { 0xfb, 0xff }, 2, "+/8=", "-_8" },
	{ { 0xfb, 0xef, 0xbe }, 3, "++++", "----" },
	{ { 0xff, 0xff, 0xff }, 3, "////", "____" },
	{ { 0x00 }, 1, "AA==", "AA" },
	{ { 0x03, 0xe0 }, 2, "A+A=", "A-A" },
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: reproducible "random" data without seeding from time. */
static uint8_t
rng_byte(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint8_t)((rng_state * 0x2545f4914f6cdd1dull) >> 56);
}

static void
rng_fill(uint8_t *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		out[i] = rng_byte();
}

static const char *
variant_name(ok_b64_variant variant)
{
	return variant == OK_B64_URL ? "url" : "std";
}

static void
check_encode(const uint8_t *in, size_t len, ok_b64_variant variant,
    const char *want, const char *what)
{
	char text[64], label[160];
	ok_buf buf = OK_BUF_INIT;
	ok_err err;
	size_t wrote;

	wrote = ok_b64_encode(in, len, variant, text);
	snprintf(label, sizeof(label), "%s %s encode", what,
	    variant_name(variant));
	tap_eq_str(text, want, label);
	snprintf(label, sizeof(label), "%s %s encode length", what,
	    variant_name(variant));
	tap_ok(wrote == strlen(want) &&
	    ok_b64_encoded_len(len, variant) == strlen(want), "%s", label);
	snprintf(label, sizeof(label), "%s %s encode_buf", what,
	    variant_name(variant));
	tap_ok(ok_b64_encode_buf(in, len, variant, &buf, &err) == OK_SUCCESS &&
	    buf.len == strlen(want) && strcmp((char *)buf.data, want) == 0,
	    "%s", label);
	ok_buf_free(&buf);
}

static void
check_decode(const char *text, ok_b64_variant variant, const void *want,
    size_t want_len, const char *what)
{
	ok_buf buf = OK_BUF_INIT;
	ok_err err;
	char label[160];
	ok_status st;

	ok_err_clear(&err);
	st = ok_b64_decode(text, strlen(text), variant, "K", &buf, &err);
	snprintf(label, sizeof(label), "%s %s decode '%s'", what,
	    variant_name(variant), text);
	if (!tap_ok(st == OK_SUCCESS, "%s: status", label))
		tap_diag("  %d %s: %s", st, err.field, err.msg);
	tap_eq_mem(buf.data, buf.len, want, want_len, label);
	ok_buf_free(&buf);
}

static void
test_rfc4648(void)
{
	size_t i;

	for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
		const struct b64_vector *v = &rfc4648[i];
		size_t n = strlen(v->plain);

		check_encode((const uint8_t *)v->plain, n, OK_B64_STD, v->std,
		    "RFC 4648");
		check_encode((const uint8_t *)v->plain, n, OK_B64_URL, v->url,
		    "RFC 4648");
		check_decode(v->std, OK_B64_STD, v->plain, n, "RFC 4648");
		check_decode(v->url, OK_B64_URL, v->plain, n, "RFC 4648");
	}
	for (i = 0; i < sizeof(alphabet_edges) / sizeof(alphabet_edges[0]);
	    i++) {
		check_encode(alphabet_edges[i].bytes, alphabet_edges[i].len,
		    OK_B64_STD, alphabet_edges[i].std, "alphabet edge");
		check_encode(alphabet_edges[i].bytes, alphabet_edges[i].len,
		    OK_B64_URL, alphabet_edges[i].url, "alphabet edge");
		check_decode(alphabet_edges[i].std, OK_B64_STD,
		    alphabet_edges[i].bytes, alphabet_edges[i].len,
		    "alphabet edge");
		check_decode(alphabet_edges[i].url, OK_B64_URL,
		    alphabet_edges[i].bytes, alphabet_edges[i].len,
		    "alphabet edge");
	}
}

static bool
b64_round_trips(const uint8_t *plain, size_t len, ok_b64_variant variant)
{
	static char text[410];
	ok_buf back = OK_BUF_INIT;
	ok_err err;
	size_t wrote = ok_b64_encode(plain, len, variant, text);
	bool same;

	same = wrote == ok_b64_encoded_len(len, variant) &&
	    strlen(text) == wrote &&
	    ok_b64_decode(text, wrote, variant, "x", &back, &err) ==
	    OK_SUCCESS && back.len == len &&
	    (len == 0 || memcmp(back.data, plain, len) == 0);
	ok_buf_free(&back);
	return same;
}

/* Every length 0..300 in both variants: decode(encode(x)) == x. */
static void
test_round_trips(void)
{
	static uint8_t plain[301];
	size_t len;
	int failures = 0;

	for (len = 0; len <= 300; len++) {
		rng_fill(plain, len);
		failures += !b64_round_trips(plain, len, OK_B64_STD);
		failures += !b64_round_trips(plain, len, OK_B64_URL);
	}
	tap_eq_int(failures, 0, "base64 std+url round trips, lengths 0..300");
}

/* Runs Python's encoder on hex input; returns false when unavailable. */
static bool
python_b64(const char *hex, char *std, char *url, size_t size)
{
	char cmd[2048];
	FILE *pipe;
	bool got;

	snprintf(cmd, sizeof(cmd), PYTHON " -c 'import base64,sys;"
	    "b=bytes.fromhex(sys.argv[1]);"
	    "print(base64.b64encode(b).decode());"
	    "print(base64.urlsafe_b64encode(b).decode().rstrip(\"=\"))' %s "
	    "2>/dev/null", hex);
	if ((pipe = popen(cmd, "r")) == NULL)
		return false;
	got = fgets(std, (int)size, pipe) != NULL &&
	    fgets(url, (int)size, pipe) != NULL;
	if (pclose(pipe) != 0 || !got)
		return false;
	std[strcspn(std, "\n")] = '\0';
	url[strcspn(url, "\n")] = '\0';
	return true;
}

static void
test_python_cross_check(void)
{
	static const size_t lens[] = { 1, 2, 3, 31, 59, 91, 200 };
	uint8_t plain[200];
	char hex[401], ours[300], std[300], url[300], label[80];
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		rng_fill(plain, lens[i]);
		ok_hex_encode(plain, lens[i], hex);
		snprintf(label, sizeof(label), "python base64, %zu bytes",
		    lens[i]);
		if (!python_b64(hex, std, url, sizeof(std))) {
			tap_skip(PYTHON " not usable", label);
			continue;
		}
		ok_b64_encode(plain, lens[i], OK_B64_STD, ours);
		tap_eq_str(ours, std, label);
		ok_b64_encode(plain, lens[i], OK_B64_URL, ours);
		tap_eq_str(ours, url, strcat(label, " (urlsafe)"));
	}
}

struct rejection {
	const char *text;
	ok_b64_variant variant;
	const char *msg;
};

static const struct rejection b64_rejections[] = {
	/* characters outside the alphabet */
	{ "Zm9v!mFy", OK_B64_STD, "invalid base64 character '!' at offset 4" },
	{ "Zm9v\xffmFy", OK_B64_STD,
	    "invalid base64 character 0xff at offset 4" },
	{ "Zm9v-mFy", OK_B64_STD, "invalid base64 character '-' at offset 4 "
	    "(base64url, but standard base64 expected)" },
	{ "Zm9v_mFy", OK_B64_STD, "invalid base64 character '_' at offset 4 "
	    "(base64url, but standard base64 expected)" },
	{ "Zm9v+mFy", OK_B64_URL, "invalid base64 character '+' at offset 4 "
	    "(standard base64, but base64url expected)" },
	{ "Zm9v/mFy", OK_B64_URL, "invalid base64 character '/' at offset 4 "
	    "(standard base64, but base64url expected)" },
	{ "Zm9v.mFy", OK_B64_URL, "invalid base64 character '.' at offset 4" },
	/* whitespace anywhere */
	{ "Zm9v YmFy", OK_B64_STD, "whitespace (0x20) at offset 4; base64 "
	    "must be one unbroken string" },
	{ "Zm9vYmFy\n", OK_B64_STD, "whitespace (0x0a) at offset 8; base64 "
	    "must be one unbroken string" },
	{ "\tZm9v", OK_B64_URL, "whitespace (0x09) at offset 0; base64 "
	    "must be one unbroken string" },
	{ "Zg==\r\n", OK_B64_STD, "whitespace (0x0d) at offset 4; base64 "
	    "must be one unbroken string" },
	/* padding, standard variant */
	{ "Zg", OK_B64_STD, "bad padding: length 2 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "Zm9vYmE", OK_B64_STD, "bad padding: length 7 is not a multiple of "
	    "4 (truncated or unpadded)" },
	{ "Zg=", OK_B64_STD, "bad padding: length 3 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "Zg===", OK_B64_STD, "bad padding: too many '=' at offset 2" },
	{ "Z===", OK_B64_STD, "bad padding: too many '=' at offset 1" },
	{ "====", OK_B64_STD, "bad padding: too many '=' at offset 0" },
	{ "Zg==Zg==", OK_B64_STD,
	    "bad padding: '=' at offset 2 is followed by data" },
	{ "Zm=v", OK_B64_STD,
	    "bad padding: '=' at offset 2 is followed by data" },
	{ "Zg== ", OK_B64_STD, "whitespace (0x20) at offset 4; base64 must "
	    "be one unbroken string" },
	/* padding, url variant */
	{ "Zg==", OK_B64_URL,
	    "padding '=' at offset 2 is not allowed in base64url" },
	{ "Zm8=", OK_B64_URL,
	    "padding '=' at offset 3 is not allowed in base64url" },
	/* non-canonical trailing bits (h = 100001, 9 = 111101) */
	{ "Zh==", OK_B64_STD, "non-canonical trailing bits at offset 1" },
	{ "Zm9=", OK_B64_STD, "non-canonical trailing bits at offset 2" },
	{ "Zh", OK_B64_URL, "non-canonical trailing bits at offset 1" },
	{ "Zm9", OK_B64_URL, "non-canonical trailing bits at offset 2" },
	{ "AB==", OK_B64_STD, "non-canonical trailing bits at offset 1" },
	{ "AAB=", OK_B64_STD, "non-canonical trailing bits at offset 2" },
	/* truncated: one symbol left over */
	{ "Zm9vY", OK_B64_URL, "truncated: a single base64 character at "
	    "offset 4 cannot encode a byte" },
	{ "Z", OK_B64_URL, "truncated: a single base64 character at offset "
	    "0 cannot encode a byte" },
	{ "Zm9vY", OK_B64_STD, "bad padding: length 5 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "Zm9vY===", OK_B64_STD, "bad padding: too many '=' at offset 5" },
};

static void
check_rejected(ok_status st, const ok_err *err, const ok_buf *out,
    const char *field, const char *msg, const char *what)
{
	char label[200];

	snprintf(label, sizeof(label), "%s: status 3", what);
	if (!tap_eq_int(st, OK_E_MALFORMED, label))
		tap_diag("  message: %s", err->msg);
	snprintf(label, sizeof(label), "%s: field", what);
	tap_eq_str(err->field, field, label);
	snprintf(label, sizeof(label), "%s: message", what);
	tap_eq_str(err->msg, msg, label);
	if (out != NULL) {
		snprintf(label, sizeof(label), "%s: no output", what);
		tap_ok(out->data == NULL && out->len == 0, "%s", label);
	}
}

static void
test_b64_rejections(void)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	char what[160];
	size_t i;

	for (i = 0; i < sizeof(b64_rejections) / sizeof(b64_rejections[0]);
	    i++) {
		const struct rejection *r = &b64_rejections[i];

		/* Leftover output from a success must not survive a failure. */
		ok_b64_decode("Zm9v", 4, OK_B64_STD, "K", &out, &err);
		ok_err_clear(&err);
		snprintf(what, sizeof(what), "reject %s #%zu",
		    variant_name(r->variant), i);
		check_rejected(ok_b64_decode(r->text, strlen(r->text),
		    r->variant, "--pkhash", &out, &err), &err, &out,
		    "--pkhash", r->msg, what);
	}
	/* The length, not a terminator, bounds the input. */
	check_rejected(ok_b64_decode("Zm\0v", 4, OK_B64_URL, "K", &out, &err),
	    &err, &out, "K", "invalid base64 character 0x00 at offset 2",
	    "reject embedded NUL");
	ok_buf_free(&out);
}

static void
test_b64_sizes(void)
{
	ok_buf out = OK_BUF_INIT;
	uint8_t one = 0;
	ok_err err;
	size_t big = SIZE_MAX / 4 - 1;

	tap_ok(ok_b64_encoded_len(3 * big, OK_B64_STD) == 4 * big,
	    "encoded_len exact just below the overflow limit");
	tap_ok(ok_b64_encoded_len(SIZE_MAX, OK_B64_STD) == SIZE_MAX &&
	    ok_b64_encoded_len(SIZE_MAX, OK_B64_URL) == SIZE_MAX,
	    "encoded_len saturates instead of wrapping");
	/* Neither call may read the input: the sizes are refused first. */
	tap_eq_int(ok_b64_encode_buf(&one, SIZE_MAX, OK_B64_STD, &out, &err),
	    OK_E_IO, "encode_buf refuses an impossible length");
	tap_eq_int(ok_b64_encode_buf(&one, SIZE_MAX / 2, OK_B64_URL, &out,
	    &err), OK_E_IO, "encode_buf refuses a length it cannot allocate");
	ok_b64_decode("", 0, OK_B64_STD, "K", &out, &err);
	tap_ok(out.len == 0 && out.data != NULL, "empty std input decodes");
	ok_b64_decode(NULL, 0, OK_B64_URL, "K", &out, &err);
	tap_ok(out.len == 0 && out.data != NULL, "empty url input decodes");
	ok_buf_free(&out);
}

struct uri_expectation {
	const char *id;
	const char *msg; /* NULL: decodes */
};

/* Distinct K: values of the DPP URI vectors; messages checked against
 * Python's b64decode(validate=True) diagnosis of the same strings. */
static const struct uri_expectation uri_keys[] = {
	{ "uri-001", NULL }, { "uri-005", NULL }, { "uri-016", NULL },
	{ "uri-017", NULL }, { "uri-018", NULL }, { "uri-019", NULL },
	{ "uri-021", NULL }, { "uri-045", NULL }, { "uri-073", NULL },
	{ "uri-026", "bad padding: length 15 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "uri-032", "bad padding: length 73 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "uri-046", "whitespace (0x20) at offset 20; base64 must be one "
	    "unbroken string" },
	{ "uri-047", "whitespace (0x0a) at offset 20; base64 must be one "
	    "unbroken string" },
	{ "uri-048", "bad padding: length 79 is not a multiple of 4 "
	    "(truncated or unpadded)" },
	{ "uri-049", "invalid base64 character '_' at offset 54 (base64url, "
	    "but standard base64 expected)" },
};

static const json_t *
find_vector(const json_t *doc, const char *id)
{
	const json_t *row;
	size_t i;

	json_array_foreach(json_object_get(doc, "vectors"), i, row)
		if (strcmp(json_string_value(json_object_get(row, "id")), id) ==
		    0)
			return row;
	return NULL;
}

static void
check_uri_key(const json_t *row, const struct uri_expectation *want)
{
	const char *uri = json_string_value(json_object_get(row, "uri"));
	const char *sha = json_string_value(json_object_get(row,
	    "sha256_spki_as_given"));
	const char *key = strstr(uri, ";K:") ? strstr(uri, ";K:") + 3 :
	    strstr(uri, "K:") + 2;
	uint8_t digest[32];
	char digest_hex[65];
	ok_buf spki = OK_BUF_INIT;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	st = ok_b64_decode(key, strcspn(key, ";"), OK_B64_STD, "K", &spki,
	    &err);
	if (want->msg != NULL) {
		check_rejected(st, &err, &spki, "K", want->msg, want->id);
		return;
	}
	if (!tap_eq_int(st, OK_SUCCESS, want->id))
		tap_diag("  %s", err.msg);
	if (sha != NULL) {
		EVP_Digest(spki.data, spki.len, digest, NULL, EVP_sha256(),
		    NULL);
		ok_hex_encode(digest, sizeof(digest), digest_hex);
		tap_eq_str(digest_hex, sha, "SHA-256 of the decoded K");
	}
	ok_buf_free(&spki);
}

static void
test_uri_vectors(void)
{
	size_t len, i;
	char *text = tap_read_vector("dpp/uri_vectors.json", &len);
	json_t *doc = NULL;
	const json_t *row;
	ok_err err;

	if (!tap_ok(ok_json_parse(text, len, "uri_vectors.json", &doc, &err) ==
	    OK_SUCCESS, "parse uri_vectors.json"))
		tap_diag("  %s", err.msg);
	for (i = 0; doc != NULL && i < sizeof(uri_keys) / sizeof(uri_keys[0]);
	    i++) {
		if ((row = find_vector(doc, uri_keys[i].id)) == NULL) {
			tap_ok(false, "vector %s present", uri_keys[i].id);
			continue;
		}
		check_uri_key(row, &uri_keys[i]);
	}
	json_decref(doc);
	free(text);
}

static void
check_hex_decode(const char *text, const void *want, size_t want_len)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	char label[120];

	snprintf(label, sizeof(label), "hex decode '%s'", text);
	tap_ok(ok_hex_decode(text, strlen(text), "pkhash", &out, &err) ==
	    OK_SUCCESS, "%s: status", label);
	tap_eq_mem(out.data, out.len, want, want_len, label);
	ok_buf_free(&out);
}

static void
test_hex(void)
{
	static const uint8_t deadbeef[] = { 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t all_digits[] = { 0x01, 0x23, 0x45, 0x67, 0x89,
		0xab, 0xcd, 0xef };
	char text[64];
	size_t i;

	for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++) {
		ok_hex_encode((const uint8_t *)rfc4648[i].plain,
		    strlen(rfc4648[i].plain), text);
		tap_eq_str(text, rfc4648[i].hex, "RFC 4648 base16 encode");
		check_hex_decode(rfc4648[i].hex, rfc4648[i].plain,
		    strlen(rfc4648[i].plain));
	}
	ok_hex_encode(all_digits, sizeof(all_digits), text);
	tap_eq_str(text, "0123456789abcdef", "hex encode is lower case");
	check_hex_decode("0123456789abcdef", all_digits, sizeof(all_digits));
	check_hex_decode("0123456789ABCDEF", all_digits, sizeof(all_digits));
	check_hex_decode("DeadBEEF", deadbeef, sizeof(deadbeef));
}

static void
test_hex_rejections(void)
{
	static const struct {
		const char *text;
		const char *msg;
	} bad[] = {
		{ "abc", "odd number of hex digits (3)" },
		{ "a", "odd number of hex digits (1)" },
		{ "abzz", "invalid hex digit 'z' at offset 2" },
		{ "0x12", "invalid hex digit 'x' at offset 1" },
		{ "ab cd", "invalid hex digit 0x20 at offset 2" },
		{ "abcd\n", "invalid hex digit 0x0a at offset 4" },
		{ "ab:cd", "invalid hex digit ':' at offset 2" },
		{ "-1", "invalid hex digit '-' at offset 0" },
		{ "g0", "invalid hex digit 'g' at offset 0" },
	};
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	char what[80];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok_hex_decode("00", 2, "x", &out, &err);
		ok_err_clear(&err);
		snprintf(what, sizeof(what), "hex reject #%zu", i);
		check_rejected(ok_hex_decode(bad[i].text, strlen(bad[i].text),
		    "--pkhash", &out, &err), &err, &out, "--pkhash", bad[i].msg,
		    what);
	}
	ok_buf_free(&out);
}

static void
test_hex_fixed(void)
{
	static const uint8_t want[4] = { 0xde, 0xad, 0xbe, 0xef };
	static const uint8_t untouched[4] = { 0xaa, 0xaa, 0xaa, 0xaa };
	uint8_t fixed[4];
	ok_err err;

	tap_eq_int(ok_hex_decode_fixed("deadBEEF", 8, "I", fixed, 4, &err),
	    OK_SUCCESS, "hex fixed: exact length");
	tap_eq_mem(fixed, 4, want, 4, "hex fixed: bytes");
	memset(fixed, 0xaa, sizeof(fixed));
	check_rejected(ok_hex_decode_fixed("deadbe", 6, "I", fixed, 4, &err),
	    &err, NULL, "I", "wrong length: 3 bytes of hex, expected 4",
	    "hex fixed: too short");
	check_rejected(ok_hex_decode_fixed("deadbeef00", 10, "I", fixed, 4,
	    &err), &err, NULL, "I", "wrong length: 5 bytes of hex, expected 4",
	    "hex fixed: too long");
	check_rejected(ok_hex_decode_fixed("deadbeef0", 9, "I", fixed, 4,
	    &err), &err, NULL, "I", "odd number of hex digits (9)",
	    "hex fixed: odd");
	check_rejected(ok_hex_decode_fixed("deadbeeg", 8, "I", fixed, 4,
	    &err), &err, NULL, "I", "invalid hex digit 'g' at offset 7",
	    "hex fixed: bad digit");
	check_rejected(ok_hex_decode_fixed("", 0, "I", fixed, 4, &err), &err,
	    NULL, "I", "wrong length: 0 bytes of hex, expected 4",
	    "hex fixed: empty");
	tap_eq_mem(fixed, 4, untouched, 4, "hex fixed: failures leave out "
	    "untouched");
}

static void
test_hex_round_trips(void)
{
	static uint8_t plain[301];
	static char text[603];
	ok_buf back = OK_BUF_INIT;
	ok_err err;
	size_t len;
	int failures = 0;

	for (len = 0; len <= 300; len++) {
		rng_fill(plain, len);
		ok_hex_encode(plain, len, text);
		if (strlen(text) != 2 * len ||
		    ok_hex_decode(text, 2 * len, "x", &back, &err) !=
		    OK_SUCCESS || back.len != len ||
		    memcmp(back.data, plain, len) != 0)
			failures++;
	}
	ok_buf_free(&back);
	tap_eq_int(failures, 0, "hex round trips, lengths 0..300");
}

int
main(void)
{
	test_rfc4648();
	test_round_trips();
	test_python_cross_check();
	test_b64_rejections();
	test_b64_sizes();
	test_uri_vectors();
	test_hex();
	test_hex_rejections();
	test_hex_fixed();
	test_hex_round_trips();
	return tap_done();
}
