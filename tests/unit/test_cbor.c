/* test_cbor.c: RFC 8949 Appendix A round trips, deterministic encoding of
 * libcbor items, every rejection class of the strict decoder, and the
 * voucher vectors cross-checked with python3-cbor2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/cbor.h"
#include "tap.h"

#define PY "/usr/bin/python3"

/* Decodes hex strictly, re-encodes, and expects want_hex back. */
static void
check_round_trip(const char *hex, const char *want_hex)
{
	uint8_t in[512], want[512];
	size_t len = tap_hex2bin(hex, in, sizeof(in));
	size_t want_len = tap_hex2bin(want_hex, want, sizeof(want));
	cbor_item_t *item = NULL;
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	char label[160];

	ok_err_clear(&err);
	snprintf(label, sizeof(label), "A: %s decodes", hex);
	if (!tap_ok(ok_cbor_decode(in, len, 0, "in", &item, &err) ==
	    OK_SUCCESS, "%s (%s)", label, err.msg))
		return;
	snprintf(label, sizeof(label), "A: %s encodes as %s", hex, want_hex);
	tap_ok(ok_cbor_encode(item, &out, &err) == OK_SUCCESS, "%s: ok", label);
	tap_eq_mem(out.data, out.len, want, want_len, label);
	cbor_decref(&item);
	ok_buf_free(&out);
}

static void
test_appendix_a(void)
{
	static const char *same[] = {
		"00", "01", "0a", "17", "1818", "1819", "1864", "1903e8",
		"1a000f4240", "1b000000e8d4a51000", "1bffffffffffffffff",
		"3bffffffffffffffff", "20", "29", "3863", "3903e7",
		"c249010000000000000000", "f90000", "f98000", "f93c00",
		"fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000",
		"fa7f7fffff", "fb7e37e43c8800759c", "f90001", "f90400",
		"f9c400", "fbc010666666666666", "f97c00", "f97e00", "f9fc00",
		"f4", "f5", "f6", "f7",
		"c074323031332d30332d32315432303a30343a30305a",
		"c11a514b67b0", "c1fb41d452d9ec200000", "d74401020304",
		"d818456449455446",
		"d82076687474703a2f2f7777772e6578616d706c652e636f6d",
		"40", "4401020304", "60", "6161", "6449455446", "62225c",
		"62c3bc", "63e6b0b4", "64f0908591", "80", "83010203",
		"8301820203820405",
		"98190102030405060708090a0b0c0d0e0f101112131415161718181819",
		"a0", "a201020304", "a26161016162820203", "826161a161626163",
		"a56161614161626142616361436164614461656145",
	};
	size_t i;

	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		check_round_trip(same[i], same[i]);
	/* One-byte heads of tags 6..20 (libcbor 0.8 refuses them alone),
	 * also with an empty string ending the input (a fuzzer find). */
	check_round_trip("c600", "c600");
	check_round_trip("d28440a04040", "d28440a04040");
	check_round_trip("d4d260", "d4d260");
	check_round_trip("82d34060", "82d34060");
	check_round_trip("d241d2", "d241d2");
	/* Non-canonical key order is accepted by default and sorted. */
	check_round_trip("a2616202616101", "a2616101616202");
	check_round_trip("a361610120020103","a301032002616101");
}

/* Expects OK_E_MALFORMED naming "doc" with msg. */
static void
check_rejects(const char *hex, unsigned flags, const char *msg)
{
	uint8_t in[512];
	size_t len = tap_hex2bin(hex, in, sizeof(in));
	cbor_item_t *item = (cbor_item_t *)1;
	ok_err err;
	char label[160];

	ok_err_clear(&err);
	snprintf(label, sizeof(label), "reject %s: status 3", hex);
	tap_eq_int(ok_cbor_decode(in, len, flags, "doc", &item, &err),
	    OK_E_MALFORMED, label);
	snprintf(label, sizeof(label), "reject %s: field", hex);
	tap_eq_str(err.field, "doc", label);
	snprintf(label, sizeof(label), "reject %s: message", hex);
	tap_eq_str(err.msg, msg, label);
	tap_ok(item == NULL, "reject %s: no item", hex);
}

static void
test_rejects(void)
{
	check_rejects("0000", 0, "invalid CBOR at byte 1: trailing bytes");
	check_rejects("5f42010243030405ff", 0,
	    "invalid CBOR at byte 0: indefinite length or break");
	check_rejects("82019fff", 0,
	    "invalid CBOR at byte 2: indefinite length or break");
	check_rejects("bfff", 0,
	    "invalid CBOR at byte 0: indefinite length or break");
	check_rejects("ff", 0,
	    "invalid CBOR at byte 0: indefinite length or break");
	check_rejects("1817", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("190017", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("1a0000ffff", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("1b00000000ffffffff", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("380a", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("820158016a", 0,
	    "invalid CBOR at byte 2: not the shortest encoding");
	check_rejects("a1d9000100", 0,
	    "invalid CBOR at byte 1: not the shortest encoding");
	check_rejects("a201020103", 0,
	    "invalid CBOR at byte 3: duplicate map key");
	check_rejects("a3616101616202616103", 0,
	    "invalid CBOR at byte 7: duplicate map key");
	check_rejects("a202000100", OK_CBOR_CANONICAL_KEYS,
	    "invalid CBOR at byte 3: map keys not in canonical order");
	check_rejects("a26161002000", OK_CBOR_CANONICAL_KEYS,
	    "invalid CBOR at byte 4: map keys not in canonical order");
	check_rejects("a262616100616201", OK_CBOR_CANONICAL_KEYS,
	    "invalid CBOR at byte 5: map keys not in canonical order");
	check_rejects("6261", 0, "invalid CBOR at byte 0: truncated");
	check_rejects("1a0000", 0, "invalid CBOR at byte 0: truncated");
	check_rejects("a101", 0, "invalid CBOR at byte 0: truncated");
	check_rejects("5bffffffffffffffff00", 0,
	    "invalid CBOR at byte 0: truncated");
	check_rejects("9bffffffffffffffff00", 0,
	    "invalid CBOR at byte 0: truncated");
	check_rejects("1c", 0,
	    "invalid CBOR at byte 0: reserved additional information");
	check_rejects("f818", 0,
	    "invalid CBOR at byte 0: simple value in two bytes");
	/* Half NaNs with a payload or sign (found by fuzz_cbor). */
	check_rejects("f97cc0", 0,
	    "invalid CBOR at byte 0: NaN not in its deterministic form f97e00");
	check_rejects("f9fe00", 0,
	    "invalid CBOR at byte 0: NaN not in its deterministic form f97e00");
	check_rejects("a2f97cc0d0f9c000f97c7ca2c0d0f97cc047000000000000000000",
	    0, "invalid CBOR at byte 1: NaN not in its deterministic form f97e00");
	/* Floats must be in their shortest exact width (RFC 8949 4.2.1). */
	check_rejects("fa7fc00000", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("fb7ff8000000000000", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("fa7f800000", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("fb3ff8000000000000", 0,
	    "invalid CBOR at byte 0: not the shortest encoding");
	check_rejects("8201fa33800000", 0,
	    "invalid CBOR at byte 2: not the shortest encoding");
	/* Keys equal once nested maps are sorted are duplicates. */
	check_rejects("a2a20102030400a20304010200", 0,
	    "invalid CBOR at byte 10: map keys not in canonical order");
	check_rejects("f0", 0,
	    "invalid CBOR at byte 0: unassigned simple value");
	check_rejects("f8ff", 0,
	    "invalid CBOR at byte 0: unassigned simple value");
	check_rejects("62c0af", 0,
	    "invalid CBOR at byte 0: text string is not UTF-8");
	check_rejects("63eda080", 0,
	    "invalid CBOR at byte 0: text string is not UTF-8");
	check_rejects("", 0, "empty CBOR");
}

static void
test_depth_and_size(void)
{
	char hex[2 * (OK_CBOR_MAX_DEPTH + 3) + 1] = "";
	uint8_t *big;
	cbor_item_t *item = NULL;
	ok_err err;
	int i;

	for (i = 0; i < OK_CBOR_MAX_DEPTH; i++)
		strcat(hex, "81");
	strcat(hex, "00");
	{
		uint8_t in[64];
		size_t len = tap_hex2bin(hex, in, sizeof(in));

		tap_eq_int(ok_cbor_decode(in, len, 0, "doc", &item, &err),
		    OK_SUCCESS, "depth 16 accepted");
		if (item != NULL)
			cbor_decref(&item);
	}
	memmove(hex + 2, hex, strlen(hex) + 1);
	memcpy(hex, "81", 2);
	check_rejects(hex, 0, "invalid CBOR at byte 17: nested too deeply");
	big = calloc(1, OK_CBOR_MAX_INPUT + 6);
	big[0] = 0x5a; /* bstr, 4-byte length */
	big[1] = 0x00; big[2] = 0x10; big[3] = 0x00; big[4] = 0x01;
	tap_eq_int(ok_cbor_check(big, OK_CBOR_MAX_INPUT + 5, 0, "doc", &err),
	    OK_E_MALFORMED, "over the size cap: status 3");
	tap_eq_str(err.msg, "CBOR larger than 1048576 bytes",
	    "over the size cap: message");
	big[2] = 0x0f; big[3] = 0xff; big[4] = 0xfb;
	tap_eq_int(ok_cbor_check(big, OK_CBOR_MAX_INPUT, 0, "doc", &err),
	    OK_SUCCESS, "exactly the size cap accepted");
	free(big);
}

static void
check_encodes(cbor_item_t *item, const char *want_hex, const char *what)
{
	uint8_t want[256];
	size_t want_len = tap_hex2bin(want_hex, want, sizeof(want));
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_cbor_encode(item, &out, &err), OK_SUCCESS, what);
	tap_eq_mem(out.data, out.len, want, want_len, what);
	ok_buf_free(&out);
	cbor_decref(&item);
}

static void
map_put(cbor_item_t *map, cbor_item_t *key, cbor_item_t *value)
{
	cbor_map_add(map, (struct cbor_pair){ cbor_move(key),
	    cbor_move(value) });
}

static void
test_encode_items(void)
{
	cbor_item_t *map, *chunked, *dup;
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	check_encodes(cbor_build_uint32(5), "05", "wide uint 5 -> 05");
	check_encodes(cbor_build_uint64(500), "1901f4", "uint64 500");
	check_encodes(cbor_build_negint32(99), "3863", "wide -100");
	check_encodes(cbor_build_float8(1.0), "f93c00", "double 1.0");
	check_encodes(cbor_build_float8(100000.0), "fa47c35000",
	    "double 100000.0");
	check_encodes(cbor_build_float4(-4.1f), "fac0833333", "float -4.1");
	check_encodes(cbor_build_float8(1.5), "f93e00", "double 1.5");
	check_encodes(cbor_build_float4(5.960464477539063e-8f), "f90001",
	    "float 2^-24 -> half subnormal");
	check_encodes(cbor_build_float8(NAN), "f97e00", "NaN");
	check_encodes(cbor_build_float8(INFINITY), "f97c00", "Infinity");
	map = cbor_new_definite_map(5);
	map_put(map, cbor_build_string("b"), cbor_build_uint8(1));
	map_put(map, cbor_build_uint32(10), cbor_build_uint8(2));
	map_put(map, cbor_build_string("a"), cbor_build_uint8(3));
	map_put(map, cbor_build_negint8(0), cbor_build_uint8(4));
	map_put(map, cbor_build_uint16(100), cbor_build_bool(true));
	check_encodes(map, "a50a021864f52004616103616201",
	    "map keys sorted by encoding");
	chunked = cbor_new_indefinite_bytestring();
	cbor_bytestring_add_chunk(chunked, cbor_move(
	    cbor_build_bytestring((const uint8_t *)"\x01\x02", 2)));
	cbor_bytestring_add_chunk(chunked, cbor_move(
	    cbor_build_bytestring((const uint8_t *)"\x03", 1)));
	check_encodes(chunked, "43010203", "chunked bytes -> definite");
	map = cbor_new_indefinite_map();
	map_put(map, cbor_build_uint8(1), cbor_new_null());
	check_encodes(map, "a101f6", "indefinite map -> definite");
	dup = cbor_new_definite_map(2);
	map_put(dup, cbor_build_uint8(1), cbor_build_uint8(1));
	map_put(dup, cbor_build_uint32(1), cbor_build_uint8(2));
	tap_eq_int(ok_cbor_encode(dup, &out, &err), OK_E_USAGE,
	    "duplicate key after encoding: status 2");
	tap_eq_str(err.field, "cbor", "duplicate key: field");
	tap_ok(out.len == 0, "duplicate key: no output");
	cbor_decref(&dup);
	ok_buf_free(&out);
}

static void
test_helpers(void)
{
	uint8_t in[64];
	size_t len;
	cbor_item_t *map = NULL, *value;
	const uint8_t *bytes;
	size_t blen;
	int64_t num = 0;
	ok_err err;
	ok_buf out = OK_BUF_INIT;

	/* {1: -7, 3: false, -1: h'414141'}, in canonical order. */
	len = tap_hex2bin("a3012603f42043414141", in, sizeof(in));
	if (!tap_eq_int(ok_cbor_decode(in, len, OK_CBOR_CANONICAL_KEYS,
	    "hdr", &map, &err), OK_SUCCESS, "helpers: decode"))
		return;
	value = ok_cbor_map_get_int(map, 1);
	tap_ok(value != NULL && ok_cbor_int_value(value, &num) && num == -7,
	    "map_get_int(1) = -7");
	value = ok_cbor_map_get_int(map, -1);
	tap_ok(value != NULL && ok_cbor_bytes_value(value, &bytes, &blen) &&
	    blen == 3 && memcmp(bytes, "AAA", 3) == 0,
	    "map_get_int(-1) = h'414141'");
	tap_ok(ok_cbor_map_get_int(map, 2) == NULL, "map_get_int(2) absent");
	tap_ok(!ok_cbor_bytes_value(ok_cbor_map_get_int(map, 3), &bytes,
	    &blen), "bytes_value of false is false");
	cbor_decref(&map);
	len = tap_hex2bin("3bffffffffffffffff", in, sizeof(in));
	ok_cbor_decode(in, len, 0, "n", &map, &err);
	tap_ok(map != NULL && !ok_cbor_int_value(map, &num),
	    "int_value refuses -2^64");
	if (map != NULL)
		cbor_decref(&map);
	ok_buf_resize(&out, 0, &err);
	ok_cbor_put_int(&out, INT64_MIN, &err);
	ok_cbor_put_text(&out, "IETF", &err);
	ok_cbor_put_head(&out, OK_CBOR_TAG, 1ULL << 32, &err);
	len = tap_hex2bin("3b7fffffffffffffff6449455446db0000000100000000",
	    in, sizeof(in));
	tap_eq_mem(out.data, out.len, in, len, "put_int/put_text/put_head");
	ok_buf_free(&out);
}

/* Python's canonical cbor2 encoding of path's item, compared to ours. */
static bool
python_canonical_equals(const char *path, const ok_buf *ours)
{
	char cmd[1024], hex[2 * 2048 + 2] = "", *ours_hex;
	FILE *pipe;
	bool same;

	snprintf(cmd, sizeof(cmd), PY " -c 'import cbor2,sys;"
	    "print(cbor2.dumps(cbor2.loads(open(sys.argv[1],\"rb\").read()),"
	    "canonical=True).hex())' %s", path);
	if ((pipe = popen(cmd, "r")) == NULL)
		return false;
	if (fgets(hex, sizeof(hex), pipe) == NULL)
		hex[0] = '\0';
	pclose(pipe);
	hex[strcspn(hex, "\n")] = '\0';
	ours_hex = malloc(2 * ours->len + 1);
	tap_bin2hex(ours->data, ours->len, ours_hex);
	same = strcmp(hex, ours_hex) == 0;
	free(ours_hex);
	return same;
}

static void
test_vectors(void)
{
	static const char *files[] = {
		"voucher-payload.cbor", "pvr-payload.cbor", "rvr-payload.cbor",
		"voucher.cose", "pvr.cose", "rvr.cose",
	};
	char rel[128], path[512];
	const char *top = getenv("OK_VECTORS");
	bool have_py = access(PY, X_OK) == 0 &&
	    system(PY " -c 'import cbor2' 2>/dev/null") == 0;
	cbor_item_t *item;
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	size_t i, len;
	char *data;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(rel, sizeof(rel), "voucher/constrained-cose/%s",
		    files[i]);
		data = tap_read_vector(rel, &len);
		item = NULL;
		tap_eq_int(ok_cbor_decode((uint8_t *)data, len,
		    OK_CBOR_CANONICAL_KEYS, rel, &item, &err), OK_SUCCESS, rel);
		if (item != NULL && tap_eq_int(ok_cbor_encode(item, &out, &err),
		    OK_SUCCESS, "re-encode"))
			tap_eq_mem(out.data, out.len, data, len,
			    "deterministic re-encoding is byte-identical");
		snprintf(path, sizeof(path), "%s/%s", top ? top : ".", rel);
		if (have_py)
			tap_ok(python_canonical_equals(path, &out),
			    "%s: python cbor2 canonical dumps agrees", rel);
		else
			tap_skip("no " PY " with cbor2", rel);
		if (item != NULL)
			cbor_decref(&item);
		/* Truncation anywhere is rejected, never a crash. */
		tap_eq_int(ok_cbor_check((uint8_t *)data, len - 1, 0, rel,
		    &err), OK_E_MALFORMED, "truncated vector rejected");
		free(data);
	}
	ok_buf_free(&out);
}

int
main(void)
{
	test_appendix_a();
	test_rejects();
	test_depth_and_size();
	test_encode_items();
	test_helpers();
	test_vectors();
	return tap_done();
}
