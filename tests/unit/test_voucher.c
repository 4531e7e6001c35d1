/*
 * test_voucher.c: the voucher data model and its JSON form: every
 * published voucher JSON (RFC 8995, RFC 8366bis, the JWS drafts, SZTP,
 * nqminds), the bootz and minerva failures, each type check, the setters
 * and getters, the YANG rules with and without --relax, and the values
 * taken from certificates, cross-checked against the vectors that carry
 * the same values.
 *
 * Leaf order is checked against the SID files shipped with the vectors,
 * not against the library's own table.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "common/codec.h"
#include "common/x509.h"
#include "tap.h"
#include "voucher/voucher.h"

#define V "voucher/"

/* SID files: "2452 data   /ietf-voucher:voucher/assertion". */
typedef struct sid_entry {
	char name[64];
	long sid;
} sid_entry;

typedef struct sid_table {
	sid_entry entry[40];
	size_t count;
	long top;
} sid_table;

static sid_table artifact_sids, request_sids;

static void
load_sids(const char *file, const char *prefix, sid_table *table)
{
	char *text = tap_read_vector(file, NULL), *line, *save = NULL, *slash;
	long sid;

	memset(table, 0, sizeof(*table));
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%ld data", &sid) != 1 ||
		    (slash = strstr(line, prefix)) == NULL)
			continue;
		slash += strlen(prefix);
		if (*slash == '\0') {
			table->top = sid;
			continue;
		}
		snprintf(table->entry[table->count].name,
		    sizeof(table->entry[0].name), "%s", slash + 1);
		table->entry[table->count++].sid = sid;
	}
	free(text);
}

static long
sid_of(const sid_table *table, const char *name)
{
	size_t i;

	for (i = 0; i < table->count; i++)
		if (strcmp(table->entry[i].name, name) == 0)
			return table->entry[i].sid;
	return -1;
}

/* Leaves of the output object strictly in SID order. */
static bool
in_sid_order(const json_t *inner, const sid_table *table)
{
	const char *key;
	json_t *value;
	long last = 0, sid;

	json_object_foreach((json_t *)inner, key, value) {
		sid = sid_of(table, key);
		if (sid <= last)
			return false;
		last = sid;
	}
	return true;
}

static ok_status
from_text(const char *text, unsigned flags, ok_voucher *v, ok_warnings *w,
    ok_err *err)
{
	return ok_voucher_from_json((const uint8_t *)text, strlen(text), flags,
	    "input", v, w, err);
}

/* The JSON payload of a JWS General JSON file. */
static char *
jws_payload(const char *file, size_t *len)
{
	char *text = tap_read_vector(file, NULL);
	json_t *doc = json_loads(text, 0, NULL);
	ok_buf payload = OK_BUF_INIT;
	const char *b64 = json_string_value(json_object_get(doc, "payload"));
	ok_err err;
	char *out;

	if (b64 == NULL || ok_b64_decode(b64, strlen(b64), OK_B64_URL,
	    "payload", &payload, &err) != OK_SUCCESS) {
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

/* Decodes, re-encodes, and checks: same content, SID order, fixed point. */
static void
check_vector_json(const char *name, const char *text, size_t len,
    ok_voucher_kind kind)
{
	ok_voucher v = OK_VOUCHER_INIT, again = OK_VOUCHER_INIT;
	json_t *in = json_loadb(text, len, 0, NULL), *out;
	ok_buf json = OK_BUF_INIT, json2 = OK_BUF_INIT;
	ok_err err;
	ok_status st;

	st = ok_voucher_from_json((const uint8_t *)text, len, 0, name, &v,
	    NULL, &err);
	if (!tap_eq_int(st, OK_SUCCESS, name))
		tap_diag("%s: %s", err.field, err.msg);
	tap_eq_int(v.kind, kind, name);
	if (st != OK_SUCCESS)
		return;
	tap_eq_int(ok_voucher_to_json(&v, &json, &err), OK_SUCCESS, name);
	out = json_loadb((const char *)json.data, json.len, 0, NULL);
	tap_ok(json_equal(in, out), "%s: same content after to_json", name);
	tap_ok(in_sid_order(json_object_get(out, ok_voucher_kind_name(kind)),
	    kind == OK_VOUCHER_REQUEST ? &request_sids : &artifact_sids),
	    "%s: leaves in SID order", name);
	tap_eq_int(ok_voucher_from_json(json.data, json.len, 0, name, &again,
	    NULL, &err), OK_SUCCESS, name);
	tap_eq_int(ok_voucher_to_json(&again, &json2, &err), OK_SUCCESS, name);
	tap_eq_mem(json2.data, json2.len, json.data, json.len, name);
	json_decref(in);
	json_decref(out);
	ok_buf_free(&json);
	ok_buf_free(&json2);
	ok_voucher_free(&v);
	ok_voucher_free(&again);
}

static void
test_vectors(void)
{
	static const struct {
		const char *file;
		ok_voucher_kind kind;
		bool jws;
	} files[] = {
		{ V "rfc8995/voucher_00-D0-E5-F2-00-02.json",
		    OK_VOUCHER_ARTIFACT, false },
		{ V "rfc8995/vr_00-D0-E5-F2-00-02.json",
		    OK_VOUCHER_REQUEST, false },
		{ V "rfc8995/parboiled_vr_00-D0-E5-F2-00-02.json",
		    OK_VOUCHER_REQUEST, false },
		{ V "rfc8366bis/voucher_00-D0-E5-F2-00-02.json",
		    OK_VOUCHER_ARTIFACT, false },
		{ V "rfc8366bis/vr_00-D0-E5-F2-00-02.json",
		    OK_VOUCHER_REQUEST, false },
		{ V "sztp/ownership-voucher.json", OK_VOUCHER_ARTIFACT, false },
		{ V "nqminds-brski/xv.json", OK_VOUCHER_ARTIFACT, false },
		{ V "rfc8366bis/voucher-8366bis.jws.json",
		    OK_VOUCHER_ARTIFACT, true },
		{ V "jws/voucher.jws.json", OK_VOUCHER_ARTIFACT, true },
		{ V "jws/pvr.jws.json", OK_VOUCHER_REQUEST, true },
		{ V "jws/rvr.jws.json", OK_VOUCHER_REQUEST, true },
	};
	size_t i, len;
	char *text;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (files[i].jws)
			text = jws_payload(files[i].file, &len);
		else {
			text = tap_read_vector(files[i].file, &len);
			while (len > 0 && text[len - 1] == '\n')
				len--;
		}
		check_vector_json(files[i].file, text, len, files[i].kind);
		free(text);
	}
}

static void
test_bootz(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	json_t *doc, *inner;
	size_t len;
	char *text = tap_read_vector(V "bootz/ov_123A.json", &len), *fixed;
	ok_err err;

	tap_expect_err(ok_voucher_from_json((const uint8_t *)text, len, 0,
	    "ov_123A.json", &v, NULL, &err), OK_E_MALFORMED, &err,
	    "created-on", "bootz: Go time string in created-on");
	tap_ok(v.leaves == NULL, "bootz: nothing returned on failure");
	/* With the dates and the assertion mended, the newlines inside the
	 * pinned-domain-cert base64 are what is left. */
	doc = json_loadb(text, len, 0, NULL);
	inner = json_object_get(doc, "ietf-voucher:voucher");
	json_object_set_new(inner, "created-on",
	    json_string("2023-10-24T05:19:57.174393633Z"));
	json_object_set_new(inner, "expires-on",
	    json_string("2024-10-23T05:19:57Z"));
	json_object_set_new(inner, "assertion", json_string("verified"));
	fixed = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	tap_expect_err(from_text(fixed, 0, &v, NULL, &err), OK_E_MALFORMED,
	    &err, "pinned-domain-cert", "bootz: newlines in base64");
	json_object_set_new(inner, "assertion", json_string(""));
	free(fixed);
	fixed = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	tap_expect_err(from_text(fixed, 0, &v, NULL, &err), OK_E_MALFORMED,
	    &err, "assertion", "bootz: empty assertion");
	free(fixed);
	json_decref(doc);
	free(text);
	/* minerva vr_JADA123456789: the inner PVR's date-only created-on. */
	tap_expect_err(from_text("{\"ietf-voucher-request:voucher\":{"
	    "\"created-on\":\"2017-09-01\",\"serial-number\":\"JADA123456789\""
	    "}}", 0, &v, NULL, &err), OK_E_MALFORMED, &err, "created-on",
	    "minerva: date-only created-on");
}

typedef struct bad_case {
	const char *json;
	ok_status status;
	const char *field;
	const char *what;
} bad_case;

#define VCH "{\"ietf-voucher:voucher\":"
#define VRQ "{\"ietf-voucher-request:voucher\":"

static const bad_case bad_json[] = {
	{ "{", OK_E_MALFORMED, "input", "truncated JSON" },
	{ VCH "{}} x", OK_E_MALFORMED, "input", "trailing garbage" },
	{ VCH "{}}{}", OK_E_MALFORMED, "input", "a second value" },
	{ "[]", OK_E_MALFORMED, "input", "not an object" },
	{ "{}", OK_E_MALFORMED, "input", "no member" },
	{ VCH "{}," VRQ "{}}", OK_E_MALFORMED, "input", "two members" },
	{ "{\"ietf-voucher:vouchers\":{}}", OK_E_MALFORMED, "input",
	    "wrong top name" },
	{ "{\"voucher\":{}}", OK_E_MALFORMED, "input", "unqualified top" },
	{ VCH "[]}", OK_E_MALFORMED, "ietf-voucher:voucher",
	    "container not an object" },
	{ VCH "{\"serial-number\":\"a\",\"serial-number\":\"b\"}}",
	    OK_E_MALFORMED, "input", "duplicate leaf" },
	{ VCH "{\"colour\":\"red\"}}", OK_E_MALFORMED, "colour",
	    "unknown leaf" },
	{ VCH "{\"proximity-registrar-cert\":\"AA==\"}}", OK_E_MALFORMED,
	    "proximity-registrar-cert", "request leaf in a voucher" },
	{ VCH "{\"\":\"a\"}}", OK_E_MALFORMED, "ietf-voucher:voucher",
	    "empty leaf name" },
	{ VCH "{\"a\\u001bb\":\"a\"}}", OK_E_MALFORMED,
	    "ietf-voucher:voucher", "control character in a leaf name" },
	{ VCH "{\"ietf-voucher:serial-number\":\"a\"}}", OK_E_MALFORMED,
	    "ietf-voucher:serial-number", "qualified leaf name" },
	{ VCH "{\"created-on\":1618358400}}", OK_E_MALFORMED, "created-on",
	    "date as a number" },
	{ VCH "{\"expires-on\":\"2021-04-14\"}}", OK_E_MALFORMED,
	    "expires-on", "date only" },
	{ VCH "{\"last-renewal-date\":\"2021-04-14T00:00:00\"}}",
	    OK_E_MALFORMED, "last-renewal-date", "no offset" },
	{ VCH "{\"assertion\":\"Verified\"}}", OK_E_MALFORMED, "assertion",
	    "assertion case" },
	{ VCH "{\"assertion\":0}}", OK_E_MALFORMED, "assertion",
	    "assertion as its CBOR number" },
	{ VCH "{\"serial-number\":12345}}", OK_E_MALFORMED, "serial-number",
	    "serial-number as a number" },
	{ VCH "{\"nonce\":\"\"}}", OK_E_MALFORMED, "nonce", "empty nonce" },
	{ VCH "{\"nonce\":42}}", OK_E_MALFORMED, "nonce", "numeric nonce" },
	{ VCH "{\"pinned-domain-cert\":\"AAEC\\n\"}}", OK_E_MALFORMED,
	    "pinned-domain-cert", "newline in base64" },
	{ VCH "{\"pinned-domain-cert\":\"AAE\"}}", OK_E_MALFORMED,
	    "pinned-domain-cert", "unpadded base64" },
	{ VCH "{\"idevid-issuer\":\"-_8=\"}}", OK_E_MALFORMED,
	    "idevid-issuer", "base64url alphabet in a binary leaf" },
	{ VCH "{\"pinned-domain-pubk\":\"AB==\"}}", OK_E_MALFORMED,
	    "pinned-domain-pubk", "non-zero unused bits" },
	{ VCH "{\"pinned-domain-pubk-sha256\":null}}", OK_E_MALFORMED,
	    "pinned-domain-pubk-sha256", "null binary" },
	{ VCH "{\"domain-cert-revocation-checks\":\"true\"}}",
	    OK_E_MALFORMED, "domain-cert-revocation-checks",
	    "boolean as text" },
	{ VCH "{\"domain-cert-revocation-checks\":1}}", OK_E_MALFORMED,
	    "domain-cert-revocation-checks", "boolean as a number" },
	{ VCH "{\"est-domain\":\"example.com\"}}", OK_E_MALFORMED,
	    "est-domain", "URI without a scheme" },
	{ VCH "{\"additional-configuration-url\":\"https://a b/\"}}",
	    OK_E_MALFORMED, "additional-configuration-url", "space in a URI" },
	{ VCH "{\"extensions\":[[[[[[[[[[[[[]]]]]]]]]]]]]}}", OK_E_MALFORMED,
	    "extensions", "anydata nested 14 deep" },
	{ VCH "{\"serial-number\":\"a\\u0000b\"}}", OK_E_MALFORMED, "input",
	    "escaped NUL" },
	{ VRQ "{\"prior-signed-voucher-request\":\"@@@@\"}}", OK_E_MALFORMED,
	    "prior-signed-voucher-request", "bad base64 in a request leaf" },
	{ VRQ "{\"agent-signed-data\":true}}", OK_E_MALFORMED,
	    "agent-signed-data", "agent-signed-data as a boolean" },
};

static void
test_bad_json(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	uint8_t *huge;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++) {
		tap_expect_err(from_text(bad_json[i].json, 0, &v, NULL, &err),
		    bad_json[i].status, &err, bad_json[i].field,
		    bad_json[i].what);
		tap_ok(v.leaves == NULL, "%s: no leaves returned",
		    bad_json[i].what);
	}
	huge = calloc(OK_VOUCHER_MAX + 1, 1);
	memset(huge, ' ', OK_VOUCHER_MAX + 1);
	tap_expect_err(ok_voucher_from_json(huge, OK_VOUCHER_MAX + 1, 0,
	    "big.json", &v, NULL, &err), OK_E_MALFORMED, &err, "big.json",
	    "input over OK_VOUCHER_MAX");
	free(huge);
}

static void
test_edges_json(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	char text[700];
	ok_err err;
	ok_buf out = OK_BUF_INIT;

	snprintf(text, sizeof(text), VCH "{\"nonce\":\"%0512d\"}}", 7);
	tap_eq_int(from_text(text, 0, &v, NULL, &err), OK_SUCCESS,
	    "512-byte nonce accepted");
	ok_voucher_free(&v);
	snprintf(text, sizeof(text), VCH "{\"nonce\":\"%0513d\"}}", 7);
	tap_expect_err(from_text(text, 0, &v, NULL, &err), OK_E_MALFORMED,
	    &err, "nonce", "513-byte nonce");
	tap_eq_int(from_text(VCH "{\"manufacturer-proprietary\":"
	    "[[[[[[[[[[[{\"k\":1.5}]]]]]]]]]]]}}", 0, &v, NULL, &err),
	    OK_SUCCESS, "anydata 12 deep with a real accepted");
	ok_voucher_free(&v);
	tap_eq_int(from_text(VCH "{\"pinned-domain-cert\":\"\"}}", 0, &v,
	    NULL, &err), OK_SUCCESS, "empty binary is valid base64");
	ok_voucher_free(&v);
	/* A nonce is kept exactly as sent, whatever its encoding. */
	tap_eq_int(from_text(VRQ "{\"nonce\":\"9730977110184206\","
	    "\"serial-number\":\"x\"}}", 0, &v, NULL, &err), OK_SUCCESS,
	    "decimal nonce (Siemens)");
	tap_eq_int(ok_voucher_to_json(&v, &out, &err), OK_SUCCESS, "to_json");
	tap_eq_str((const char *)out.data, VRQ "{\"nonce\":"
	    "\"9730977110184206\",\"serial-number\":\"x\"}}",
	    "decimal nonce unchanged");
	ok_voucher_free(&v);
	ok_buf_free(&out);
}

static void
test_ignore_unknown(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	ok_warnings w = { 0 };
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	/* nqminds' PVR: proximity-registrar-cert inside ietf-voucher. */
	tap_eq_int(from_text(VCH "{\"serial-number\":\"s\","
	    "\"proximity-registrar-cert\":\"AA==\",\"colour\":1}}",
	    OK_VOUCHER_IGNORE_UNKNOWN, &v, &w, &err), OK_SUCCESS,
	    "unknown leaves dropped with the flag");
	tap_eq_int((long long)w.count, 2, "two warnings");
	tap_eq_str(w.text[0], "proximity-registrar-cert: not a leaf of "
	    "ietf-voucher:voucher; ignored", "warning text");
	tap_eq_str(w.text[1], "colour: not a leaf of ietf-voucher:voucher; "
	    "ignored", "second warning");
	ok_voucher_to_json(&v, &out, &err);
	tap_eq_str((const char *)out.data, VCH "{\"serial-number\":\"s\"}}",
	    "only the known leaf is kept");
	ok_voucher_free(&v);
	ok_buf_free(&out);
	tap_eq_int(from_text(VCH "{\"colour\":{}}}",
	    OK_VOUCHER_IGNORE_UNKNOWN, &v, NULL, &err), OK_SUCCESS,
	    "NULL warnings allowed");
	ok_voucher_free(&v);
}

/* Exact bytes: leaves set in scrambled order come out in SID order. */
static void
test_to_json_exact(void)
{
	static const char *const artifact_sets[][2] = {
		{ "manufacturer-proprietary", "{\"b\":1,\"a\":[true,null,\"x\"]}" },
		{ "est-domain", "https://est.example/" },
		{ "serial-number", "SN-1" },
		{ "pinned-domain-cert", "AAEC" },
		{ "nonce", "abc" },
		{ "idevid-issuer", "BBQ=" },
		{ "domain-cert-revocation-checks", "false" },
		{ "created-on", "2021-04-14T00:00:00Z" },
		{ "assertion", "logged" },
	};
	static const char *const request_sets[][2] = {
		{ "manufacturer-proprietary", "7" },
		{ "extensions", "[\"x\"]" },
		{ "pinned-domain-pubk-sha256", "AQ==" },
		{ "pinned-domain-pubk", "Ag==" },
		{ "agent-signed-data", "Aw==" },
		{ "agent-sign-cert", "BA==" },
		{ "agent-provided-proximity-registrar-cert", "BQ==" },
		{ "serial-number", "s" },
		{ "proximity-registrar-pubk", "Bg==" },
		{ "proximity-registrar-pubk-sha256", "Bw==" },
		{ "proximity-registrar-cert", "CA==" },
		{ "prior-signed-voucher-request", "CQ==" },
		{ "assertion", "agent-proximity" },
	};
	ok_voucher v = OK_VOUCHER_INIT;
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	size_t i;

	ok_voucher_init(&v, OK_VOUCHER_ARTIFACT, &err);
	for (i = 0; i < sizeof(artifact_sets) / sizeof(artifact_sets[0]); i++)
		tap_eq_int(ok_voucher_set(&v, artifact_sets[i][0],
		    artifact_sets[i][1], &err), OK_SUCCESS, artifact_sets[i][0]);
	tap_eq_int(ok_voucher_to_json(&v, &out, &err), OK_SUCCESS, "to_json");
	tap_eq_str((const char *)out.data, VCH "{\"assertion\":\"logged\","
	    "\"created-on\":\"2021-04-14T00:00:00Z\","
	    "\"domain-cert-revocation-checks\":false,\"idevid-issuer\":\"BBQ=\","
	    "\"nonce\":\"abc\",\"pinned-domain-cert\":\"AAEC\","
	    "\"serial-number\":\"SN-1\",\"est-domain\":\"https://est.example/\","
	    "\"manufacturer-proprietary\":{\"b\":1,\"a\":[true,null,\"x\"]}}}",
	    "voucher JSON bytes");
	ok_voucher_free(&v);
	ok_voucher_init(&v, OK_VOUCHER_REQUEST, &err);
	for (i = 0; i < sizeof(request_sets) / sizeof(request_sets[0]); i++)
		tap_eq_int(ok_voucher_set(&v, request_sets[i][0],
		    request_sets[i][1], &err), OK_SUCCESS, request_sets[i][0]);
	tap_eq_int(ok_voucher_to_json(&v, &out, &err), OK_SUCCESS, "to_json");
	tap_eq_str((const char *)out.data, VRQ "{\"assertion\":"
	    "\"agent-proximity\",\"prior-signed-voucher-request\":\"CQ==\","
	    "\"proximity-registrar-cert\":\"CA==\","
	    "\"proximity-registrar-pubk-sha256\":\"Bw==\","
	    "\"proximity-registrar-pubk\":\"Bg==\",\"serial-number\":\"s\","
	    "\"agent-provided-proximity-registrar-cert\":\"BQ==\","
	    "\"agent-sign-cert\":\"BA==\",\"agent-signed-data\":\"Aw==\","
	    "\"pinned-domain-pubk\":\"Ag==\","
	    "\"pinned-domain-pubk-sha256\":\"AQ==\",\"extensions\":[\"x\"],"
	    "\"manufacturer-proprietary\":7}}", "request JSON bytes");
	/* A leaf slipped into the object behind the API's back. */
	json_object_set_new(v.leaves, "colour", json_string("red"));
	tap_expect_err(ok_voucher_to_json(&v, &out, &err), OK_E_MALFORMED,
	    &err, "colour", "to_json refuses a foreign member");
	json_object_del(v.leaves, "colour");
	json_object_set_new(v.leaves, "serial-number", json_integer(1));
	tap_expect_err(ok_voucher_to_json(&v, &out, &err), OK_E_MALFORMED,
	    &err, "serial-number", "to_json refuses a mistyped leaf");
	ok_voucher_free(&v);
	ok_buf_free(&out);
	tap_expect_err(ok_voucher_to_json(&v, &out, &err), OK_E_USAGE, &err,
	    "voucher", "to_json on a freed voucher");
}

static void
test_set_get(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	ok_buf bytes = OK_BUF_INIT;
	static const uint8_t raw[] = { 0xfb, 0xff, 0x00, 0x01 };
	ok_err err;

	tap_eq_int(ok_voucher_init(&v, OK_VOUCHER_ARTIFACT, &err), OK_SUCCESS,
	    "init");
	tap_expect_err(ok_voucher_set(&v, "colour", "red", &err), OK_E_USAGE,
	    &err, "colour", "set: unknown leaf");
	tap_expect_err(ok_voucher_set(&v, "proximity-registrar-cert", "AA==",
	    &err), OK_E_USAGE, &err, "proximity-registrar-cert",
	    "set: request leaf on a voucher");
	tap_expect_err(ok_voucher_set(&v, "created-on", "2017-09-01", &err),
	    OK_E_MALFORMED, &err, "created-on", "set: date only");
	tap_expect_err(ok_voucher_set(&v, "domain-cert-revocation-checks",
	    "yes", &err), OK_E_MALFORMED, &err,
	    "domain-cert-revocation-checks", "set: boolean text");
	tap_expect_err(ok_voucher_set(&v, "assertion", "trusted", &err),
	    OK_E_MALFORMED, &err, "assertion", "set: assertion name");
	tap_expect_err(ok_voucher_set(&v, "pinned-domain-cert", "AAE", &err),
	    OK_E_MALFORMED, &err, "pinned-domain-cert", "set: bad base64");
	tap_expect_err(ok_voucher_set(&v, "manufacturer-proprietary", "{",
	    &err), OK_E_MALFORMED, &err, "manufacturer-proprietary",
	    "set: bad anydata JSON");
	tap_expect_err(ok_voucher_set(&v, "serial-number", "\xff", &err),
	    OK_E_MALFORMED, &err, "serial-number", "set: not UTF-8");
	tap_eq_int((long long)json_object_size(v.leaves), 0,
	    "failed sets leave nothing");
	tap_eq_int(ok_voucher_set(&v, "serial-number", "one", &err),
	    OK_SUCCESS, "set serial");
	tap_eq_int(ok_voucher_set(&v, "serial-number", "two", &err),
	    OK_SUCCESS, "replace serial");
	tap_eq_str(ok_voucher_get(&v, "serial-number"), "two", "get");
	tap_ok(ok_voucher_get(&v, "nonce") == NULL, "get: absent");
	ok_voucher_set(&v, "domain-cert-revocation-checks", "true", &err);
	tap_ok(ok_voucher_get(&v, "domain-cert-revocation-checks") == NULL,
	    "get: a boolean is not text");
	tap_ok(json_is_true(json_object_get(v.leaves,
	    "domain-cert-revocation-checks")), "set: true is JSON true");
	tap_eq_int(ok_voucher_set_bytes(&v, "pinned-domain-pubk", raw,
	    sizeof(raw), &err), OK_SUCCESS, "set_bytes");
	tap_eq_str(ok_voucher_get(&v, "pinned-domain-pubk"), "+/8AAQ==",
	    "set_bytes writes padded standard base64");
	tap_eq_int(ok_voucher_get_bytes(&v, "pinned-domain-pubk", &bytes,
	    &err), OK_SUCCESS, "get_bytes");
	tap_eq_mem(bytes.data, bytes.len, raw, sizeof(raw), "get_bytes");
	tap_expect_err(ok_voucher_set_bytes(&v, "serial-number", raw, 1,
	    &err), OK_E_USAGE, &err, "serial-number", "set_bytes: text leaf");
	tap_expect_err(ok_voucher_get_bytes(&v, "pinned-domain-cert", &bytes,
	    &err), OK_E_MALFORMED, &err, "pinned-domain-cert",
	    "get_bytes: absent");
	tap_expect_err(ok_voucher_get_bytes(&v, "created-on", &bytes, &err),
	    OK_E_USAGE, &err, "created-on", "get_bytes: not binary");
	ok_voucher_set(&v, "nonce", "-_XE9zK9q8Ll1qylMtLKeg", &err);
	tap_eq_int(ok_voucher_get_bytes(&v, "nonce", &bytes, &err), OK_SUCCESS,
	    "get_bytes: base64url nonce");
	tap_eq_int((long long)bytes.len, 16, "nonce is 16 bytes");
	tap_ok(bytes.len == 16 && bytes.data[0] == 0xfb && bytes.data[1] == 0xf5,
	    "nonce bytes");
	ok_voucher_set(&v, "nonce", "not base64!", &err);
	tap_expect_err(ok_voucher_get_bytes(&v, "nonce", &bytes, &err),
	    OK_E_MALFORMED, &err, "nonce", "get_bytes: nonce of neither form");
	ok_buf_free(&bytes);
	ok_voucher_free(&v);
	tap_expect_err(ok_voucher_set(&v, "serial-number", "x", &err),
	    OK_E_USAGE, &err, "voucher", "set on a freed voucher");
	tap_expect_err(ok_voucher_init(&v, (ok_voucher_kind)7, &err),
	    OK_E_USAGE, &err, "voucher", "init with a bad kind");
}

/* Every leaf of each SID file is known to its kind, and only those. */
static void
test_leaf_known(void)
{
	size_t i;
	bool all = true;

	tap_eq_int(artifact_sids.top, 2451, "ietf-voucher SID");
	tap_eq_int(request_sids.top, 2501, "ietf-voucher-request SID");
	tap_eq_int((long long)artifact_sids.count, 15, "15 voucher leaves");
	tap_eq_int((long long)request_sids.count, 22, "22 request leaves");
	for (i = 0; i < artifact_sids.count; i++)
		all &= ok_voucher_leaf_known(OK_VOUCHER_ARTIFACT,
		    artifact_sids.entry[i].name);
	for (i = 0; i < request_sids.count; i++) {
		all &= ok_voucher_leaf_known(OK_VOUCHER_REQUEST,
		    request_sids.entry[i].name);
		if (sid_of(&artifact_sids, request_sids.entry[i].name) < 0)
			all &= !ok_voucher_leaf_known(OK_VOUCHER_ARTIFACT,
			    request_sids.entry[i].name);
	}
	tap_ok(all, "leaf_known agrees with the SID files");
	tap_ok(!ok_voucher_leaf_known(OK_VOUCHER_REQUEST, "voucher"),
	    "container name is not a leaf");
	tap_ok(!ok_voucher_leaf_known(OK_VOUCHER_ARTIFACT, NULL), "NULL");
	tap_eq_str(ok_voucher_kind_name(OK_VOUCHER_ARTIFACT),
	    "ietf-voucher:voucher", "kind name");
	tap_eq_str(ok_voucher_kind_name(OK_VOUCHER_REQUEST),
	    "ietf-voucher-request:voucher", "request kind name");
}

static void
test_warnings(void)
{
	ok_warnings w = { 0 };
	int i;

	for (i = 0; i < OK_WARNINGS_MAX + 3; i++)
		ok_warnings_add(&w, "w%d", i);
	tap_eq_int((long long)w.count, OK_WARNINGS_MAX, "warnings capped");
	tap_eq_str(w.text[OK_WARNINGS_MAX - 1], "w15", "last kept warning");
	ok_warnings_add(NULL, "ignored");
	w.count = 0;
	ok_warnings_add(&w, "%0300d", 1);
	tap_eq_int((long long)strlen(w.text[0]), OK_WARNING_LEN - 1,
	    "long warning truncated");
}

typedef struct rule_case {
	const char *json;
	unsigned relax;
	ok_status status;
	const char *field;
	const char *msg;  /* the error, or the one warning when relaxed */
} rule_case;

#define FULL "\"created-on\":\"2021-04-14T00:00:00Z\",\"assertion\":" \
	"\"logged\",\"serial-number\":\"s\",\"pinned-domain-cert\":\"AA==\""

static const rule_case rules[] = {
	{ VCH "{" FULL "}}", 0, OK_SUCCESS, "", NULL },
	{ VCH "{" FULL ",\"nonce\":\"n\"}}", 0, OK_SUCCESS, "", NULL },
	{ VCH "{" FULL ",\"expires-on\":\"2030-01-01T00:00:00Z\","
	    "\"last-renewal-date\":\"2029-01-01T00:00:00Z\"}}", 0, OK_SUCCESS,
	    "", NULL },
	{ VCH "{\"assertion\":\"logged\",\"serial-number\":\"s\","
	    "\"pinned-domain-cert\":\"AA==\"}}", 0, OK_E_MALFORMED,
	    "created-on", "missing: mandatory in a voucher (rule mandatory; "
	    "--relax mandatory to allow)" },
	{ VCH "{\"assertion\":\"logged\",\"serial-number\":\"s\","
	    "\"pinned-domain-cert\":\"AA==\"}}", OK_RELAX_MANDATORY, OK_SUCCESS,
	    "", "created-on: missing: mandatory in a voucher "
	    "(rule mandatory relaxed)" },
	{ VCH "{\"created-on\":\"2021-04-14T00:00:00Z\",\"serial-number\":"
	    "\"s\",\"pinned-domain-pubk\":\"AA==\"}}", 0, OK_E_MALFORMED,
	    "assertion", NULL },
	{ VCH "{\"created-on\":\"2021-04-14T00:00:00Z\",\"assertion\":"
	    "\"logged\",\"pinned-domain-pubk-sha256\":\"AA==\"}}", 0,
	    OK_E_MALFORMED, "serial-number", NULL },
	{ VCH "{\"created-on\":\"2021-04-14T00:00:00Z\",\"assertion\":"
	    "\"logged\",\"serial-number\":\"s\"}}", 0, OK_E_MALFORMED,
	    "pinned-domain-cert", "missing: a voucher needs "
	    "pinned-domain-cert, pinned-domain-pubk or "
	    "pinned-domain-pubk-sha256 (rule mandatory; --relax mandatory to "
	    "allow)" },
	{ VCH "{" FULL ",\"nonce\":\"n\",\"expires-on\":"
	    "\"2030-01-01T00:00:00Z\"}}", 0, OK_E_MALFORMED, "expires-on",
	    "not allowed with nonce (rule nonce-expires; --relax nonce-expires "
	    "to allow)" },
	{ VCH "{" FULL ",\"nonce\":\"n\",\"expires-on\":"
	    "\"2030-01-01T00:00:00Z\"}}", OK_RELAX_NONCE_EXPIRES, OK_SUCCESS,
	    "", "expires-on: not allowed with nonce (rule nonce-expires "
	    "relaxed)" },
	{ VCH "{" FULL ",\"nonce\":\"n\",\"expires-on\":"
	    "\"2030-01-01T00:00:00Z\"}}", OK_RELAX_MANDATORY |
	    OK_RELAX_RENEWAL_EXPIRES, OK_E_MALFORMED, "expires-on", NULL },
	{ VCH "{" FULL ",\"last-renewal-date\":\"2029-01-01T00:00:00Z\"}}", 0,
	    OK_E_MALFORMED, "last-renewal-date", "requires expires-on (rule "
	    "renewal-expires; --relax renewal-expires to allow)" },
	{ VCH "{" FULL ",\"last-renewal-date\":\"2029-01-01T00:00:00Z\"}}",
	    OK_RELAX_RENEWAL_EXPIRES, OK_SUCCESS, "", "last-renewal-date: "
	    "requires expires-on (rule renewal-expires relaxed)" },
	{ VRQ "{\"serial-number\":\"s\"}}", 0, OK_SUCCESS, "", NULL },
	{ VRQ "{\"nonce\":\"n\"}}", 0, OK_E_MALFORMED, "serial-number",
	    "missing: mandatory in a voucher-request (rule mandatory; "
	    "--relax mandatory to allow)" },
	{ VRQ "{\"nonce\":\"n\"}}", OK_RELAX_MANDATORY, OK_SUCCESS, "",
	    "serial-number: missing: mandatory in a voucher-request "
	    "(rule mandatory relaxed)" },
	{ VRQ "{\"serial-number\":\"s\",\"nonce\":\"n\",\"expires-on\":"
	    "\"2030-01-01T00:00:00Z\"}}", 0, OK_E_MALFORMED, "expires-on",
	    NULL },
};

static void
test_rules(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	ok_warnings w;
	ok_status st;
	unsigned flag = 0;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		memset(&w, 0, sizeof(w));
		if (from_text(rules[i].json, 0, &v, NULL, &err) != OK_SUCCESS) {
			tap_ok(false, "rule case %zu does not parse", i);
			continue;
		}
		ok_err_clear(&err);
		st = ok_voucher_check(&v, rules[i].relax, &w, &err);
		tap_eq_int(st, rules[i].status, rules[i].json);
		tap_eq_str(err.field, rules[i].field, rules[i].json);
		if (rules[i].msg != NULL && st != OK_SUCCESS)
			tap_eq_str(err.msg, rules[i].msg, "error text");
		if (rules[i].msg != NULL && st == OK_SUCCESS) {
			tap_eq_int((long long)w.count, 1, "one warning");
			tap_eq_str(w.text[0], rules[i].msg, "warning text");
		}
		if (rules[i].relax == 0)
			tap_eq_int((long long)w.count, 0, "no warning unrelaxed");
		ok_voucher_free(&v);
	}
	tap_eq_int(ok_voucher_relax_by_name("mandatory", &flag, &err),
	    OK_SUCCESS, "relax mandatory");
	tap_eq_int(flag, OK_RELAX_MANDATORY, "mandatory flag");
	ok_voucher_relax_by_name("nonce-expires", &flag, &err);
	tap_eq_int(flag, OK_RELAX_NONCE_EXPIRES, "nonce-expires flag");
	ok_voucher_relax_by_name("renewal-expires", &flag, &err);
	tap_eq_int(flag, OK_RELAX_RENEWAL_EXPIRES, "renewal-expires flag");
	tap_expect_err(ok_voucher_relax_by_name("all", &flag, &err),
	    OK_E_USAGE, &err, "--relax", "unknown rule name");
	tap_expect_err(ok_voucher_check(&v, 0, NULL, &err), OK_E_USAGE, &err,
	    "voucher", "check on a freed voucher");
}

/* The published vouchers pass the rules; xv.json breaks one. */
static void
test_rules_vectors(void)
{
	static const char *const pass[] = {
		V "rfc8995/voucher_00-D0-E5-F2-00-02.json",
		V "rfc8995/vr_00-D0-E5-F2-00-02.json",
		V "rfc8995/parboiled_vr_00-D0-E5-F2-00-02.json",
		V "rfc8366bis/voucher_00-D0-E5-F2-00-02.json",
		V "rfc8366bis/vr_00-D0-E5-F2-00-02.json",
		V "sztp/ownership-voucher.json",
	};
	ok_voucher v = OK_VOUCHER_INIT;
	ok_warnings w = { 0 };
	size_t i, len;
	ok_err err;
	char *text;

	for (i = 0; i < sizeof(pass) / sizeof(pass[0]); i++) {
		text = tap_read_vector(pass[i], &len);
		ok_voucher_from_json((uint8_t *)text, len, 0, pass[i], &v, NULL,
		    &err);
		tap_eq_int(ok_voucher_check(&v, 0, NULL, &err), OK_SUCCESS,
		    pass[i]);
		ok_voucher_free(&v);
		free(text);
	}
	text = jws_payload(V "jws/pvr.jws.json", &len);
	ok_voucher_from_json((uint8_t *)text, len, 0, "pvr", &v, NULL, &err);
	tap_eq_int(ok_voucher_check(&v, 0, NULL, &err), OK_SUCCESS,
	    "JWS PVR without assertion passes");
	ok_voucher_free(&v);
	free(text);
	text = tap_read_vector(V "nqminds-brski/xv.json", &len);
	ok_voucher_from_json((uint8_t *)text, len, 0, "xv", &v, NULL, &err);
	tap_expect_err(ok_voucher_check(&v, 0, NULL, &err), OK_E_MALFORMED,
	    &err, "expires-on", "xv.json: nonce with expires-on");
	tap_eq_int(ok_voucher_check(&v, OK_RELAX_NONCE_EXPIRES, &w, &err),
	    OK_SUCCESS, "xv.json relaxed");
	tap_eq_int((long long)w.count, 1, "xv.json: one warning");
	ok_voucher_free(&v);
	free(text);
}

static X509 *
load_cert(const char *file, size_t index)
{
	STACK_OF(X509) *certs = NULL;
	size_t len;
	char *text = tap_read_vector(file, &len);
	X509 *cert;
	ok_err err;

	if (ok_certs_parse((uint8_t *)text, len, file, &certs, &err) !=
	    OK_SUCCESS || (size_t)sk_X509_num(certs) <= index) {
		printf("Bail out! %s: %s\n", file, err.msg);
		exit(255);
	}
	cert = sk_X509_value(certs, (int)index);
	X509_up_ref(cert);
	sk_X509_pop_free(certs, X509_free);
	free(text);
	return cert;
}

/* The value a vector's JSON voucher carries for leaf. */
static char *
vector_leaf(const char *text, size_t len, const char *leaf)
{
	json_t *doc = json_loadb(text, len, 0, NULL), *inner;
	const char *key;
	char *value = NULL;

	json_object_foreach(doc, key, inner)
		if (json_string_value(json_object_get(inner, leaf)) != NULL)
			value = strdup(json_string_value(json_object_get(inner,
			    leaf)));
	json_decref(doc);
	return value;
}

static void
test_from_idevid(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	X509 *cert;
	size_t len;
	char *text, *want;
	ok_err err;

	/* RFC 8995's IDevID has no AKI: a voucher takes only the serial. */
	cert = load_cert(V "rfc8995/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt",
	    0);
	ok_voucher_init(&v, OK_VOUCHER_ARTIFACT, &err);
	tap_eq_int(ok_voucher_set_from_idevid(&v, cert, &err), OK_SUCCESS,
	    "idevid: voucher");
	tap_eq_str(ok_voucher_get(&v, "serial-number"), "00-D0-E5-F2-00-02",
	    "idevid: serial-number");
	tap_ok(ok_voucher_get(&v, "idevid-issuer") == NULL,
	    "idevid: a voucher takes no idevid-issuer");
	ok_voucher_free(&v);
	ok_voucher_init(&v, OK_VOUCHER_REQUEST, &err);
	tap_expect_err(ok_voucher_set_from_idevid(&v, cert, &err),
	    OK_E_MALFORMED, &err, "idevid-issuer",
	    "idevid without AKI for a request");
	tap_eq_int((long long)json_object_size(v.leaves), 0,
	    "idevid: a failure sets nothing");
	ok_voucher_free(&v);
	X509_free(cert);
	/* The JWS draft's pledge: its RVR carries the same idevid-issuer. */
	cert = load_cert(V "jws/pvr-signer-chain.pem", 0);
	text = jws_payload(V "jws/rvr.jws.json", &len);
	want = vector_leaf(text, len, "idevid-issuer");
	ok_voucher_init(&v, OK_VOUCHER_REQUEST, &err);
	tap_eq_int(ok_voucher_set_from_idevid(&v, cert, &err), OK_SUCCESS,
	    "idevid: JWS pledge");
	tap_eq_str(ok_voucher_get(&v, "serial-number"), "kit-987654321",
	    "idevid: JWS serial-number");
	tap_eq_str(ok_voucher_get(&v, "idevid-issuer"), want,
	    "idevid-issuer equals the JWS RVR's");
	tap_ok(strncmp(ok_voucher_get(&v, "idevid-issuer"), "BBgwFoAU", 8) ==
	    0, "idevid-issuer starts 04 18 30 16 80 14");
	ok_voucher_free(&v);
	X509_free(cert);
	free(text);
	free(want);
	tap_expect_err(ok_voucher_set_from_idevid(&v, NULL, &err), OK_E_USAGE,
	    &err, "--idevid", "idevid: NULL certificate");
}

static void
test_cert_leaves(void)
{
	ok_voucher v = OK_VOUCHER_INIT;
	uint8_t digest[32];
	unsigned char *der = NULL;
	ok_buf got = OK_BUF_INIT;
	size_t len;
	char *text, *want;
	X509 *cert;
	ok_err err;
	int der_len;

	/* RFC 8995: the voucher pins jrc_prime256v1.crt. */
	cert = load_cert(V "rfc8995/jrc_prime256v1.crt", 0);
	text = tap_read_vector(V "rfc8995/voucher_00-D0-E5-F2-00-02.json",
	    &len);
	want = vector_leaf(text, len, "pinned-domain-cert");
	ok_voucher_init(&v, OK_VOUCHER_ARTIFACT, &err);
	tap_eq_int(ok_voucher_set_cert(&v, "pinned-domain-cert", cert, &err),
	    OK_SUCCESS, "set_cert");
	tap_eq_str(ok_voucher_get(&v, "pinned-domain-cert"), want,
	    "pinned-domain-cert equals RFC 8995's");
	tap_expect_err(ok_voucher_set_cert(&v, "proximity-registrar-cert",
	    cert, &err), OK_E_USAGE, &err, "proximity-registrar-cert",
	    "set_cert: request leaf on a voucher");
	tap_expect_err(ok_voucher_set_cert(&v, "serial-number", cert, &err),
	    OK_E_USAGE, &err, "serial-number", "set_cert: text leaf");
	/* pubk: OpenSSL's own SPKI encoding; sha256 of it. */
	der_len = i2d_PUBKEY(X509_get0_pubkey(cert), &der);
	tap_eq_int(ok_voucher_set_pubk(&v, "pinned-domain-pubk",
	    X509_get0_pubkey(cert), &err), OK_SUCCESS, "set_pubk");
	ok_voucher_get_bytes(&v, "pinned-domain-pubk", &got, &err);
	tap_eq_mem(got.data, got.len, der, (size_t)der_len,
	    "pinned-domain-pubk is the SPKI DER");
	EVP_Digest(der, (size_t)der_len, digest, NULL, EVP_sha256(), NULL);
	tap_eq_int(ok_voucher_set_pubk(&v, "pinned-domain-pubk-sha256",
	    X509_get0_pubkey(cert), &err), OK_SUCCESS, "set_pubk sha256");
	ok_voucher_get_bytes(&v, "pinned-domain-pubk-sha256", &got, &err);
	tap_eq_mem(got.data, got.len, digest, sizeof(digest),
	    "pinned-domain-pubk-sha256 is SHA-256 of the SPKI");
	tap_expect_err(ok_voucher_set_pubk(&v, "pinned-domain-cert",
	    X509_get0_pubkey(cert), &err), OK_E_USAGE, &err,
	    "pinned-domain-cert", "set_pubk: not a pubk leaf");
	tap_expect_err(ok_voucher_set_pubk(&v, "proximity-registrar-pubk",
	    X509_get0_pubkey(cert), &err), OK_E_USAGE, &err,
	    "proximity-registrar-pubk", "set_pubk: request leaf on a voucher");
	OPENSSL_free(der);
	ok_voucher_free(&v);
	ok_buf_free(&got);
	X509_free(cert);
	free(text);
	free(want);
}

int
main(void)
{
	load_sids(V "rfc8366bis/ietf-voucher-sid.txt", "/ietf-voucher:voucher",
	    &artifact_sids);
	load_sids(V "rfc8366bis/ietf-voucher-request-sid.txt",
	    "/ietf-voucher-request:voucher", &request_sids);
	test_leaf_known();
	test_vectors();
	test_bootz();
	test_bad_json();
	test_edges_json();
	test_ignore_unknown();
	test_to_json_exact();
	test_set_get();
	test_warnings();
	test_rules();
	test_rules_vectors();
	test_from_idevid();
	test_cert_leaves();
	return tap_done();
}
