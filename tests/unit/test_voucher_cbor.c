/*
 * test_voucher_cbor.c: the SID-keyed CBOR form of vouchers.
 *
 * The constrained-voucher payloads (draft-ietf-anima-constrained-voucher)
 * must decode and re-encode to identical bytes; their leaves are checked
 * against the certificates they were made from; the legacy-SID vouchers
 * of 2019 are refused naming the SID; every JSON vector survives
 * JSON -> CBOR -> JSON; each decoding error names its leaf.  Expected
 * bytes were made with python3-cbor2 (canonical=True); SID deltas are
 * checked against the SID files shipped with the vectors.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>
#include <openssl/x509.h>

#include "common/codec.h"
#include "common/x509.h"
#include "tap.h"
#include "voucher/voucher.h"

#define V "voucher/"
#define CC V "constrained-cose/"

static ok_status
from_hex(const char *hex, ok_voucher *v, ok_err *err)
{
	uint8_t bytes[1024];
	size_t len = tap_hex2bin(hex, bytes, sizeof(bytes));

	if (len == 0) {
		printf("Bail out! bad hex %s\n", hex);
		exit(255);
	}
	return ok_voucher_from_cbor(bytes, len, "payload", v, err);
}

static X509 *
load_cert(const char *file)
{
	size_t len;
	char *text = tap_read_vector(file, &len);
	X509 *cert = NULL;
	ok_err err;

	if (ok_cert_parse((uint8_t *)text, len, file, &cert, &err) !=
	    OK_SUCCESS) {
		printf("Bail out! %s: %s\n", file, err.msg);
		exit(255);
	}
	free(text);
	return cert;
}

/* Decode, re-encode: the same bytes. */
static void
check_identical(const char *file, ok_voucher *v)
{
	ok_buf out = OK_BUF_INIT;
	size_t len;
	char *data = tap_read_vector(file, &len);
	ok_err err;
	ok_status st;

	st = ok_voucher_from_cbor((uint8_t *)data, len, file, v, &err);
	if (!tap_eq_int(st, OK_SUCCESS, file))
		tap_diag("%s: %s", err.field, err.msg);
	tap_eq_int(ok_voucher_to_cbor(v, &out, &err), OK_SUCCESS, file);
	tap_eq_mem(out.data, out.len, data, len, file);
	ok_buf_free(&out);
	free(data);
}

static void
expect_bytes(const ok_voucher *v, const char *leaf, const uint8_t *want,
    size_t want_len, const char *what)
{
	ok_buf got = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_voucher_get_bytes(v, leaf, &got, &err), OK_SUCCESS,
	    what);
	tap_eq_mem(got.data, got.len, want, want_len, what);
	ok_buf_free(&got);
}

/* The pinned-domain-cert parses and its SPKI is spki. */
static bool
pinned_key_is(const ok_voucher *v, const uint8_t *spki, size_t spki_len)
{
	ok_buf der = OK_BUF_INIT;
	const uint8_t *p;
	unsigned char *key = NULL;
	X509 *cert = NULL;
	bool same = false;
	ok_err err;
	int key_len;

	if (ok_voucher_get_bytes(v, "pinned-domain-cert", &der, &err) ==
	    OK_SUCCESS) {
		p = der.data;
		cert = d2i_X509(NULL, &p, (long)der.len);
	}
	if (cert != NULL && p == der.data + der.len &&
	    (key_len = i2d_PUBKEY(X509_get0_pubkey(cert), &key)) > 0)
		same = (size_t)key_len == spki_len &&
		    memcmp(key, spki, spki_len) == 0;
	OPENSSL_free(key);
	X509_free(cert);
	ok_buf_free(&der);
	return same;
}

static void
test_constrained(void)
{
	ok_voucher v = OK_VOUCHER_INIT, pledge = OK_VOUCHER_INIT;
	unsigned char *der = NULL;
	ok_buf json = OK_BUF_INIT;
	static const uint8_t nonce[] = { 0x23, 0xbf, 0xbb, 0xc9, 0xc2, 0xbc,
	    0xf2, 0x13 };
	size_t len;
	char *cose;
	X509 *cert;
	ok_err err;
	int der_len;

	check_identical(CC "voucher-payload.cbor", &v);
	tap_eq_int(v.kind, OK_VOUCHER_ARTIFACT, "voucher kind");
	tap_eq_str(ok_voucher_get(&v, "assertion"), "proximity", "assertion 2");
	tap_eq_str(ok_voucher_get(&v, "created-on"), "2022-12-06T20:23:30.708Z",
	    "created-on");
	tap_eq_str(ok_voucher_get(&v, "nonce"), "V+7Xhq1ASQc=",
	    "nonce bytes become padded base64");
	tap_eq_str(ok_voucher_get(&v, "serial-number"), "JADA123456789",
	    "serial-number");
	tap_ok(json_is_false(json_object_get(v.leaves,
	    "domain-cert-revocation-checks")), "revocation checks false");
	/* The pinned certificate is a re-issue of domain_ca.pem (SOURCES.md):
	 * same key, so compare the keys. */
	cert = load_cert(CC "domain_ca.pem");
	der_len = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
	tap_ok(pinned_key_is(&v, der, (size_t)der_len),
	    "pinned-domain-cert carries domain_ca.pem's key");
	tap_eq_int(ok_voucher_check(&v, 0, NULL, &err), OK_SUCCESS,
	    "constrained voucher passes the rules");
	OPENSSL_free(der);
	der = NULL;
	X509_free(cert);
	ok_voucher_free(&v);

	check_identical(CC "pvr-payload.cbor", &v);
	tap_eq_int(v.kind, OK_VOUCHER_REQUEST, "pvr kind");
	tap_eq_int(ok_voucher_to_json(&v, &json, &err), OK_SUCCESS, "pvr json");
	tap_eq_str((const char *)json.data, "{\"ietf-voucher-request:voucher\":"
	    "{\"assertion\":\"proximity\",\"nonce\":\"I7+7ycK88hM=\","
	    "\"proximity-registrar-pubk\":\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgA"
	    "EIDCFW+hGkQs+yxXK+FctPrVlvcZUoV769u3rqoueFgjFyRDJOiCGj8hQTTcPGyb6"
	    "l1n2eYO7eIY+2prL6lEk9g==\",\"serial-number\":\"JADA123456789\"}}",
	    "pvr JSON bytes");
	expect_bytes(&v, "nonce", nonce, sizeof(nonce), "pvr nonce");
	cert = load_cert(CC "registrar.pem");
	der_len = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
	expect_bytes(&v, "proximity-registrar-pubk", der, (size_t)der_len,
	    "proximity-registrar-pubk is registrar.pem's key");
	ok_voucher_free(&v);
	ok_voucher_init(&v, OK_VOUCHER_REQUEST, &err);
	tap_eq_int(ok_voucher_set_pubk(&v, "proximity-registrar-pubk",
	    X509_get0_pubkey(cert), &err), OK_SUCCESS, "set_pubk");
	expect_bytes(&v, "proximity-registrar-pubk", der, (size_t)der_len,
	    "set_pubk gives the pvr's bytes");
	OPENSSL_free(der);
	X509_free(cert);
	ok_voucher_free(&v);

	check_identical(CC "rvr-payload.cbor", &v);
	cose = tap_read_vector(CC "pvr.cose", &len);
	expect_bytes(&v, "prior-signed-voucher-request", (uint8_t *)cose, len,
	    "rvr carries pvr.cose");
	free(cose);
	cert = load_cert(CC "pledge.pem");
	ok_voucher_init(&pledge, OK_VOUCHER_REQUEST, &err);
	tap_eq_int(ok_voucher_set_from_idevid(&pledge, cert, &err), OK_SUCCESS,
	    "from_idevid pledge.pem");
	tap_eq_str(ok_voucher_get(&pledge, "idevid-issuer"),
	    ok_voucher_get(&v, "idevid-issuer"),
	    "idevid-issuer from pledge.pem equals the rvr's");
	tap_eq_str(ok_voucher_get(&pledge, "serial-number"),
	    ok_voucher_get(&v, "serial-number"), "serial-number from pledge.pem");
	X509_free(cert);
	ok_voucher_free(&pledge);
	ok_voucher_free(&v);
	ok_buf_free(&json);
}

/* CBOR -> JSON -> CBOR for the constrained payloads. */
static void
test_constrained_via_json(void)
{
	static const char *const files[] = { CC "voucher-payload.cbor",
	    CC "pvr-payload.cbor", CC "rvr-payload.cbor" };
	ok_voucher v = OK_VOUCHER_INIT, back = OK_VOUCHER_INIT;
	ok_buf json = OK_BUF_INIT, cbor = OK_BUF_INIT;
	size_t i, len;
	char *data;
	ok_err err;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		data = tap_read_vector(files[i], &len);
		ok_voucher_from_cbor((uint8_t *)data, len, "p", &v, &err);
		ok_voucher_to_json(&v, &json, &err);
		tap_eq_int(ok_voucher_from_json(json.data, json.len, 0, "j",
		    &back, NULL, &err), OK_SUCCESS, files[i]);
		tap_eq_int(ok_voucher_to_cbor(&back, &cbor, &err), OK_SUCCESS,
		    files[i]);
		tap_eq_mem(cbor.data, cbor.len, data, len, "via JSON");
		ok_voucher_free(&v);
		ok_voucher_free(&back);
		free(data);
	}
	ok_buf_free(&json);
	ok_buf_free(&cbor);
}

/*
 * The 2019 files are COSE_Sign1 with an empty protected header and a
 * payload of 256..65535 bytes: d2 84 41 a0 a0 59 LEN LEN payload ...
 * (checked with python3-cbor2; libcbor 0.8 cannot load them whole).
 */
static void
test_legacy(void)
{
	static const struct {
		const char *file;
		const char *sid;
	} files[] = {
		{ CC "legacy-sid/voucher_00-D0-E5-F2-00-03.vch", "SID 1001100" },
		{ CC "legacy-sid/vr_00-D0-E5-F2-00-03.vrq", "SID 1001154" },
		{ CC "legacy-sid/parboiled_vr_00-D0-E5-F2-00-03.vrq",
		    "SID 1001154" },
	};
	static const uint8_t head[] = { 0xd2, 0x84, 0x41, 0xa0, 0xa0, 0x59 };
	ok_voucher v = OK_VOUCHER_INIT;
	size_t i, len, payload_len;
	uint8_t *data;
	ok_err err;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		data = (uint8_t *)tap_read_vector(files[i].file, &len);
		payload_len = len > 8 ? (size_t)data[6] << 8 | data[7] : 0;
		if (len < 8 || memcmp(data, head, sizeof(head)) != 0 ||
		    8 + payload_len > len) {
			tap_ok(false, "%s: unexpected layout", files[i].file);
			free(data);
			continue;
		}
		tap_expect_err(ok_voucher_from_cbor(data + 8, payload_len,
		    "payload", &v, &err), OK_E_MALFORMED, &err, files[i].sid,
		    files[i].file);
		tap_ok(v.leaves == NULL, "legacy: nothing returned");
		free(data);
	}
}

typedef struct bad_cbor {
	const char *hex;
	const char *field;
	const char *what;
} bad_cbor;

/* A1 19 0993 = {2451: ...}; A1 19 09C5 = {2501: ...}. */
static const bad_cbor bad[] = {
	{ "a1190993a1", "payload", "truncated" },
	{ "a1190993a000", "payload", "trailing byte" },
	{ "80", "payload", "an array" },
	{ "a0", "payload", "an empty map" },
	{ "a2190993a01909c5a0", "payload", "two top-level SIDs" },
	{ "a16176a0", "payload", "text top-level key" },
	{ "a1190992a0", "SID 2450", "module SID as the top" },
	{ "a11a000f468ca0", "SID 1001100", "legacy voucher SID" },
	{ "a119099380", "ietf-voucher:voucher", "container not a map" },
	{ "a1190993a1616101", "ietf-voucher:voucher", "text delta" },
	{ "a1190993a11001", "SID 2467", "delta 16 in a voucher" },
	{ "a11909c5a11717", "SID 2524", "delta 23 in a request" },
	{ "a1190993a12001", "SID 2450", "negative delta" },
	{ "a1190993a11b7fffffffffffffff01", "SID delta 9223372036854775807",
	    "huge delta" },
	{ "a1190993a1bf0101ff", "payload", "indefinite map" },
	{ "a1190993a20b61610b6162", "payload", "duplicate delta" },
	{ "a1190993a10104", "assertion", "assertion 4" },
	{ "a1190993a10120", "assertion", "assertion -1" },
	{ "a1190993a101666c6f67676564", "assertion", "assertion as text" },
	{ "a1190993a1021a607630c0", "created-on", "created-on as a number" },
	{ "a1190993a1026a323031372d30392d3031", "created-on",
	    "date-only created-on" },
	{ "a1190993a102c074323032312d30342d31345430303a30303a30305a",
	    "created-on", "tagged created-on" },
	{ "a1190993a10763414243", "nonce", "nonce as text" },
	{ "a1190993a10740", "nonce", "empty nonce" },
	{ "a1190993a1086441414543", "pinned-domain-cert",
	    "binary as base64 text" },
	{ "a1190993a10300", "domain-cert-revocation-checks",
	    "boolean as 0" },
	{ "a1190993a103f93c00", "domain-cert-revocation-checks",
	    "boolean as a float" },
	{ "a1190993a103f6", "domain-cert-revocation-checks",
	    "boolean as null" },
	{ "a1190993a10b4161", "serial-number", "serial-number as bytes" },
	{ "a1190993a10b626100", "serial-number", "NUL in text" },
	{ "a1190993a10d6b6578616d706c652e636f6d", "est-domain",
	    "URI without a scheme" },
	{ "a1190993a10e4100", "manufacturer-proprietary", "anydata bytes" },
	{ "a1190993a10ef93e00", "manufacturer-proprietary",
	    "anydata float" },
	{ "a1190993a10ea10101", "manufacturer-proprietary",
	    "anydata integer key" },
	{ "a1190993a10e1bffffffffffffffff", "manufacturer-proprietary",
	    "anydata integer past int64" },
	{ "a1190993a10ef7", "manufacturer-proprietary", "anydata undefined" },
	{ "a1190993a10ec100", "manufacturer-proprietary", "anydata tag" },
	{ "a1190993a10e"
	    "81818181818181818181818181" "00",
	    "manufacturer-proprietary", "anydata nested 13 deep" },
	{ "a11909c5a1096141", "prior-signed-voucher-request",
	    "request binary as text" },
};

static void
test_bad(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	uint8_t *huge;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tap_expect_err(from_hex(bad[i].hex, &v, &err), OK_E_MALFORMED,
		    &err, bad[i].field, bad[i].what);
		tap_ok(v.leaves == NULL, "%s: nothing returned", bad[i].what);
	}
	huge = calloc(OK_VOUCHER_MAX + 1, 1);
	tap_expect_err(ok_voucher_from_cbor(huge, OK_VOUCHER_MAX + 1,
	    "big.cbor", &v, &err), OK_E_MALFORMED, &err, "big.cbor",
	    "over OK_VOUCHER_MAX");
	free(huge);
	/* Accepted: out-of-order keys (the order is not part of the
	 * contract), anydata 12 deep, an empty binary. */
	tap_eq_int(from_hex("a1190993a20b61730101", &v, &err), OK_SUCCESS,
	    "keys out of canonical order");
	ok_voucher_free(&v);
	tap_eq_int(from_hex("a1190993a10e"
	    "818181818181818181818181" "00", &v,
	    &err), OK_SUCCESS, "anydata 12 deep");
	ok_voucher_free(&v);
	tap_eq_int(from_hex("a1190993a10840", &v, &err), OK_SUCCESS,
	    "empty pinned-domain-cert");
	tap_eq_str(ok_voucher_get(&v, "pinned-domain-cert"), "", "as \"\"");
	ok_voucher_free(&v);
}

static void
test_encode_exact(void)
{
	static const char want_hex[] = "a1190993a601010274323032312d30342d3134"
	    "5430303a30303a30305a03f507430102030b61730ea261622062616183f6f46178";
	uint8_t want[128];
	size_t want_len = tap_hex2bin(want_hex, want, sizeof(want));
	ok_voucher v = OK_VOUCHER_INIT, back = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT, again = OK_BUF_INIT;
	ok_err err;

	ok_voucher_init(&v, OK_VOUCHER_ARTIFACT, &err);
	ok_voucher_set(&v, "manufacturer-proprietary",
	    "{\"b\":-1,\"aa\":[null,false,\"x\"]}", &err);
	ok_voucher_set(&v, "serial-number", "s", &err);
	ok_voucher_set(&v, "nonce", "AQID", &err);
	ok_voucher_set(&v, "domain-cert-revocation-checks", "true", &err);
	ok_voucher_set(&v, "created-on", "2021-04-14T00:00:00Z", &err);
	ok_voucher_set(&v, "assertion", "logged", &err);
	tap_eq_int(ok_voucher_to_cbor(&v, &out, &err), OK_SUCCESS, "to_cbor");
	tap_eq_mem(out.data, out.len, want, want_len, "CBOR bytes (cbor2)");
	tap_eq_int(ok_voucher_from_cbor(out.data, out.len, "p", &back, &err),
	    OK_SUCCESS, "decodes");
	tap_eq_int(ok_voucher_to_cbor(&back, &again, &err), OK_SUCCESS, "again");
	tap_eq_mem(again.data, again.len, want, want_len, "fixed point");
	/* The same nonce bytes as base64url text give the same CBOR. */
	ok_voucher_set(&v, "nonce", "AQI", &err);
	ok_voucher_set(&back, "nonce", "AQI=", &err);
	ok_voucher_to_cbor(&v, &out, &err);
	ok_voucher_to_cbor(&back, &again, &err);
	tap_eq_mem(out.data, out.len, again.data, again.len,
	    "base64url and base64 nonces encode alike");
	ok_voucher_set(&v, "nonce", "9730977110184206!", &err);
	tap_expect_err(ok_voucher_to_cbor(&v, &out, &err), OK_E_MALFORMED,
	    &err, "nonce", "nonce of neither base64 form");
	ok_voucher_set(&v, "nonce", "AQID", &err);
	ok_voucher_set(&v, "extensions", "[1.5]", &err);
	tap_expect_err(ok_voucher_to_cbor(&v, &out, &err), OK_E_MALFORMED,
	    &err, "extensions", "anydata float has no CBOR form");
	ok_voucher_free(&v);
	ok_voucher_free(&back);
	tap_expect_err(ok_voucher_to_cbor(&v, &out, &err), OK_E_USAGE, &err,
	    "voucher", "to_cbor on a freed voucher");
	ok_buf_free(&out);
	ok_buf_free(&again);
}

/* A valid value for each leaf, by name (test-local types). */
static const char *
sample_value(const char *leaf)
{
	if (strstr(leaf, "-on") != NULL || strcmp(leaf, "last-renewal-date") == 0)
		return "2021-04-14T00:00:00Z";
	if (strcmp(leaf, "assertion") == 0)
		return "logged";
	if (strcmp(leaf, "serial-number") == 0)
		return "s";
	if (strcmp(leaf, "domain-cert-revocation-checks") == 0)
		return "true";
	if (strcmp(leaf, "est-domain") == 0 ||
	    strcmp(leaf, "additional-configuration-url") == 0)
		return "https://x/";
	if (strcmp(leaf, "manufacturer-proprietary") == 0 ||
	    strcmp(leaf, "extensions") == 0)
		return "1";
	return "AA==";
}

/* Each leaf alone: the CBOR key is its SID minus the container's. */
static void
test_deltas(const char *file, const char *prefix, ok_voucher_kind kind)
{
	char *text = tap_read_vector(file, NULL), *line, *save = NULL, *name;
	ok_voucher v = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT;
	long sid, top = 0;
	int checked = 0, wrong = 0;
	ok_err err;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%ld data", &sid) != 1 ||
		    (name = strstr(line, prefix)) == NULL)
			continue;
		name += strlen(prefix);
		if (*name++ == '\0') {
			top = sid;
			continue;
		}
		ok_voucher_init(&v, kind, &err);
		if (ok_voucher_set(&v, name, sample_value(name), &err) !=
		    OK_SUCCESS || ok_voucher_to_cbor(&v, &out, &err) !=
		    OK_SUCCESS || out.len < 7 || out.data[1] != 0x19 ||
		    out.data[2] * 256 + out.data[3] != top ||
		    out.data[4] != 0xa1 || out.data[5] != sid - top) {
			tap_diag("%s: %s", name, err.msg);
			wrong++;
		}
		checked++;
		ok_voucher_free(&v);
	}
	tap_ok(checked >= 15 && wrong == 0, "%s: %d leaves at their SIDs",
	    prefix, checked);
	ok_buf_free(&out);
	free(text);
}

/* The JSON payload of a JWS General JSON file. */
static char *
jws_payload(const char *file, size_t *len)
{
	char *text = tap_read_vector(file, NULL), *out;
	json_t *doc = json_loads(text, 0, NULL);
	const char *b64 = json_string_value(json_object_get(doc, "payload"));
	ok_buf payload = OK_BUF_INIT;
	ok_err err;

	if (b64 == NULL || ok_b64_decode(b64, strlen(b64), OK_B64_URL, "p",
	    &payload, &err) != OK_SUCCESS) {
		printf("Bail out! no payload in %s\n", file);
		exit(255);
	}
	out = strndup((const char *)payload.data, payload.len);
	*len = payload.len;
	ok_buf_free(&payload);
	json_decref(doc);
	free(text);
	return out;
}

/* JSON -> CBOR -> JSON: the same leaves; a nonce may change spelling
 * (base64url becomes base64) but not bytes. */
static void
round_trip(const char *name, const char *text, size_t len)
{
	ok_voucher v = OK_VOUCHER_INIT, back = OK_VOUCHER_INIT;
	ok_buf cbor = OK_BUF_INIT, cbor2 = OK_BUF_INIT, n1 = OK_BUF_INIT,
	    n2 = OK_BUF_INIT;
	json_t *a, *b;
	ok_err err;

	if (!tap_eq_int(ok_voucher_from_json((const uint8_t *)text, len, 0,
	    name, &v, NULL, &err), OK_SUCCESS, name))
		return;
	tap_eq_int(ok_voucher_to_cbor(&v, &cbor, &err), OK_SUCCESS, name);
	tap_eq_int(ok_voucher_from_cbor(cbor.data, cbor.len, name, &back,
	    &err), OK_SUCCESS, name);
	tap_eq_int(back.kind, v.kind, "kind kept");
	ok_voucher_to_cbor(&back, &cbor2, &err);
	tap_eq_mem(cbor2.data, cbor2.len, cbor.data, cbor.len,
	    "CBOR fixed point");
	if (json_object_get(v.leaves, "nonce") != NULL) {
		ok_voucher_get_bytes(&v, "nonce", &n1, &err);
		ok_voucher_get_bytes(&back, "nonce", &n2, &err);
		tap_eq_mem(n2.data, n2.len, n1.data, n1.len, "nonce bytes kept");
	}
	a = json_deep_copy(v.leaves);
	b = json_deep_copy(back.leaves);
	json_object_del(a, "nonce");
	json_object_del(b, "nonce");
	tap_ok(json_equal(a, b), "%s: leaves kept through CBOR", name);
	json_decref(a);
	json_decref(b);
	ok_voucher_free(&v);
	ok_voucher_free(&back);
	ok_buf_free(&cbor);
	ok_buf_free(&cbor2);
	ok_buf_free(&n1);
	ok_buf_free(&n2);
}

static void
test_round_trips(void)
{
	static const char *const json_files[] = {
		V "rfc8995/voucher_00-D0-E5-F2-00-02.json",
		V "rfc8995/vr_00-D0-E5-F2-00-02.json",
		V "rfc8995/parboiled_vr_00-D0-E5-F2-00-02.json",
		V "rfc8366bis/voucher_00-D0-E5-F2-00-02.json",
		V "rfc8366bis/vr_00-D0-E5-F2-00-02.json",
		V "sztp/ownership-voucher.json",
		V "nqminds-brski/xv.json",
	};
	static const char *const jws_files[] = {
		V "rfc8366bis/voucher-8366bis.jws.json",
		V "jws/voucher.jws.json", V "jws/pvr.jws.json",
		V "jws/rvr.jws.json",
	};
	size_t i, len;
	char *text;

	for (i = 0; i < sizeof(json_files) / sizeof(json_files[0]); i++) {
		text = tap_read_vector(json_files[i], &len);
		round_trip(json_files[i], text, len);
		free(text);
	}
	for (i = 0; i < sizeof(jws_files) / sizeof(jws_files[0]); i++) {
		text = jws_payload(jws_files[i], &len);
		round_trip(jws_files[i], text, len);
		free(text);
	}
}

int
main(void)
{
	test_constrained();
	test_constrained_via_json();
	test_legacy();
	test_bad();
	test_encode_exact();
	test_deltas(V "rfc8366bis/ietf-voucher-sid.txt",
	    "/ietf-voucher:voucher", OK_VOUCHER_ARTIFACT);
	test_deltas(V "rfc8366bis/ietf-voucher-request-sid.txt",
	    "/ietf-voucher-request:voucher", OK_VOUCHER_REQUEST);
	test_round_trips();
	return tap_done();
}
