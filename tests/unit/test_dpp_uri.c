/*
 * test_dpp_uri.c: DPP bootstrapping URIs.  Every URI of
 * dpp/uri_vectors.json in both modes (verdicts, the values hostapd 2.10
 * reported, hashes), the URIs wpa_supplicant 2.10 generated from known
 * keys (dpp/bootstrap_keys.json), format round trips, each strict
 * rejection class with its field, hostapd 2.10 corner cases in lenient
 * mode, the operating-class table, the fast point check against OpenSSL,
 * JSON output and the option helpers.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "common/json.h"
#include "dpp/opclass.h"
#include "dpp/uri.h"
#include "dpp/uri_rules.h"
#include "tap.h"

/* Compressed P-256 keys used by the hostap suite (uri-005 and uri-001). */
#define K1 "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA="
#define K1_HASH "a85f7e51e2ca05f25e22705eb6cd0150fb6d4ffd14ca00dbe9679fe7a629f485"
#define K1_CHIRP "682046652f230fb4e779eedad3f5f364af860144524fa007660622666ea5f904"
/* Appendix B initiator key B_I: compressed and uncompressed SPKI. */
#define BI_C "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACiLN+2Rk4tRlwl4CKYkSEdheJIEbZO5UBr9SPoPFI394="
#define BI_U_HEX "3059301306072a8648ce3d020106082a8648ce3d0301070342000488b37ed91938b5197097808a6244847617892046d93b9501afd48fa0f148dfde00f73b6991287884a9c9a33f8e0691f14d44b59811e9d8242d010270b0d33ec0"
#define BI_HASH "5d467a09760292fc15d31792b0a5b050db8bf6ad807d71b2d93f4d1c2e65d881"
/* A P-256 key as `openssl ec -pubout -conv_form compressed
 * -param_enc explicit` and without -param_enc wrote it. */
#define EXPLICIT_P256 "MIIBCjCB4wYHKoZIzj0CATCB1wIBATAsBgcqhkjOPQEBAiEA/////wAAAAEAAAAAAAAAAAAAAAD///////////////8wWwQg/////wAAAAEAAAAAAAAAAAAAAAD///////////////wEIFrGNdiqOpPns+u9VXaYhrxlHQawzFOw9jvOPD4n0mBLAxUAxJ02CIbnBJNqZnjhE50mt4GffpAEIQNrF9Hy4SxCR/i85uVjpEDydwN9gS3rM6D0oTlF2JjClgIhAP////8AAAAA//////////+85vqtpxeehPO5ysL8YyVRAgEBAyIAAhinYEJPJtpOHXVIguYLu1yFVpUGEvPwfTaOpi3xdEfi"
#define NAMED_P256 "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACGKdgQk8m2k4ddUiC5gu7XIVWlQYS8/B9No6mLfF0R+I="

static ok_dpp_uri parsed, reparsed;

static void
sha256_hex(const void *prefix, size_t prefix_len, const void *data,
    size_t len, char out[65])
{
	uint8_t digest[32];
	unsigned int dlen = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, prefix, prefix_len);
	EVP_DigestUpdate(md, data, len);
	EVP_DigestFinal_ex(md, digest, &dlen);
	EVP_MD_CTX_free(md);
	tap_bin2hex(digest, dlen, out);
}

static size_t
b64_decode_test(const char *b64, uint8_t *out, size_t max)
{
	int n = EVP_DecodeBlock(out, (const unsigned char *)b64,
	    (int)strlen(b64));
	size_t len = n > 0 ? (size_t)n : 0;

	if (len > max)
		abort();
	if (strlen(b64) >= 2 && b64[strlen(b64) - 1] == '=')
		len -= b64[strlen(b64) - 2] == '=' ? 2 : 1;
	return len;
}

static void
b64_encode_test(const uint8_t *in, size_t len, char *out)
{
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
}

static const char *
jstr(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

static ok_status
parse(const char *text, unsigned flags, ok_dpp_uri *out, ok_err *err)
{
	ok_err_clear(err);
	ok_dpp_uri_free(out);
	return ok_dpp_uri_parse(text, strlen(text), flags, out, err);
}

static bool
same_text(bool a_has, const char *a, bool b_has, const char *b)
{
	return a_has == b_has && (!a_has || strcmp(a, b) == 0);
}

static bool
fields_equal(const ok_dpp_uri *a, const ok_dpp_uri *b)
{
	size_t i;

	if (a->channel_count != b->channel_count)
		return false;
	for (i = 0; i < a->channel_count; i++)
		if (a->channels[i].op_class != b->channels[i].op_class ||
		    a->channels[i].channel != b->channels[i].channel ||
		    a->channels[i].freq_mhz != b->channels[i].freq_mhz)
			return false;
	return a->has_mac == b->has_mac &&
	    (!a->has_mac || memcmp(a->mac, b->mac, 6) == 0) &&
	    same_text(a->has_info, a->info, b->has_info, b->info) &&
	    same_text(a->has_version, a->version, b->has_version,
	    b->version) &&
	    same_text(a->has_host, a->host, b->has_host, b->host) &&
	    same_text(a->has_bands, a->bands, b->has_bands, b->bands) &&
	    a->curve == b->curve && a->spki.len == b->spki.len &&
	    memcmp(a->spki.data, b->spki.data, a->spki.len) == 0 &&
	    memcmp(a->pkhash, b->pkhash, 32) == 0 &&
	    memcmp(a->chirp_hash, b->chirp_hash, 32) == 0;
}

static bool
is_token_field(const char *field)
{
	static const char *const names[] = { "uri", "C", "M", "I", "V", "H",
	    "B", "K" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(field, names[i]) == 0)
			return true;
	return false;
}

/* ---- uri_vectors.json ---- */

static void
check_vector_hashes(const json_t *v, const char *id, const char *mode,
    const ok_dpp_uri *u)
{
	char pkhash[65], chirp[65], given[65], given_chirp[65];

	tap_bin2hex(u->pkhash, 32, pkhash);
	tap_bin2hex(u->chirp_hash, 32, chirp);
	sha256_hex("", 0, u->spki_given.data, u->spki_given.len, given);
	sha256_hex("chirp", 5, u->spki_given.data, u->spki_given.len,
	    given_chirp);
	tap_eq_str(given, jstr(v, "sha256_spki_as_given"),
	    "hash of the K: bytes as given");
	tap_eq_str(given_chirp, jstr(v, "sha256_chirp_spki_as_given"),
	    "chirp hash of the K: bytes as given");
	if (u->spki_given.len == u->spki.len &&
	    memcmp(u->spki_given.data, u->spki.data, u->spki.len) == 0) {
		tap_eq_str(pkhash, jstr(v, "sha256_spki_as_given"), "pkhash");
		tap_eq_str(chirp, jstr(v, "sha256_chirp_spki_as_given"),
		    "chirp_hash");
		return;
	}
	/* Re-encoded: the hashes cover the compressed SPKI instead. */
	sha256_hex("", 0, u->spki.data, u->spki.len, given);
	tap_ok(strcmp(pkhash, given) == 0 && u->spki.len < u->spki_given.len,
	    "%s %s: pkhash covers the shorter re-encoded SPKI", id, mode);
}

static int
hostapd_version(const ok_dpp_uri *u)
{
	if (!u->has_version)
		return 0;
	return u->version[0] >= '1' && u->version[0] <= '3' ?
	    u->version[0] - '0' : 0;
}

static void
check_hostapd_info(const json_t *info, const ok_dpp_uri *u)
{
	char mac[18], version[8], given[65];
	size_t i, known = 0;

	snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
	    u->mac[0], u->mac[1], u->mac[2], u->mac[3], u->mac[4], u->mac[5]);
	tap_eq_str(mac, jstr(info, "mac_addr"), "hostapd mac_addr");
	tap_eq_str(u->has_info ? u->info : "", jstr(info, "info"),
	    "hostapd info");
	snprintf(version, sizeof(version), "%d", hostapd_version(u));
	tap_eq_str(version, jstr(info, "version"), "hostapd version");
	tap_eq_str(ok_curve_info_of(u->curve)->group, jstr(info, "curve"),
	    "hostapd curve");
	for (i = 0; i < u->channel_count; i++)
		known += u->channels[i].freq_mhz != 0;
	tap_eq_int((long long)known, atoll(jstr(info, "num_freq")),
	    "hostapd num_freq");
	sha256_hex("", 0, u->spki_given.data, u->spki_given.len, given);
	tap_eq_str(given, jstr(info, "pkhash"), "hostapd pkhash (as given)");
}

static void
check_vector_mode(const json_t *v, unsigned flags, bool want_accept)
{
	const char *id = jstr(v, "id"), *text = jstr(v, "uri");
	const char *mode = flags ? "lenient" : "strict";
	ok_status st;
	ok_err err;

	st = parse(text, flags, &parsed, &err);
	if (!tap_ok((st == OK_SUCCESS) == want_accept, "%s %s: %s", id, mode,
	    want_accept ? "accepted" : "rejected"))
		tap_diag("  %s: %s", err.field, err.msg);
	if (st != OK_SUCCESS) {
		tap_ok(st == OK_E_MALFORMED && is_token_field(err.field) &&
		    err.msg[0] != '\0', "%s %s: malformed input naming %s",
		    id, mode, err.field);
		return;
	}
	check_vector_hashes(v, id, mode, &parsed);
	if (flags & OK_DPP_LENIENT)
		check_hostapd_info(json_object_get(v, "hostapd_2_10_info"),
		    &parsed);
}

/* Strict-accepted vectors re-format to a URI with the same fields; those
 * already in canonical order come back byte for byte. */
static void
check_vector_format(const json_t *v)
{
	static const char *const verbatim[] = { "uri-001", "uri-003",
	    "uri-004", "uri-074", "uri-075" };
	const char *id = jstr(v, "id"), *text = jstr(v, "uri");
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	size_t i;

	if (parse(text, 0, &parsed, &err) != OK_SUCCESS)
		return;
	tap_ok(ok_dpp_uri_format(&parsed, NULL, &out, &err) == OK_SUCCESS &&
	    parse((const char *)out.data, 0, &reparsed, &err) == OK_SUCCESS &&
	    fields_equal(&parsed, &reparsed), "%s: format round trip", id);
	for (i = 0; i < sizeof(verbatim) / sizeof(verbatim[0]); i++)
		if (strcmp(id, verbatim[i]) == 0)
			tap_eq_str((const char *)out.data, text,
			    "canonical order: format gives the input back");
	ok_buf_free(&out);
}

static void
test_uri_vectors(void)
{
	char *text = tap_read_vector("dpp/uri_vectors.json", NULL);
	json_t *root = json_loads(text, 0, NULL), *v;
	const char *source, *hostapd;
	size_t i;

	tap_eq_int((long long)json_array_size(json_object_get(root,
	    "vectors")), 76, "76 URI vectors");
	json_array_foreach(json_object_get(root, "vectors"), i, v) {
		source = jstr(v, "expected_by_source");
		hostapd = jstr(v, "hostapd_2_10_debian");
		check_vector_mode(v, 0, source != NULL &&
		    strncmp(source, "accept", 6) == 0);
		check_vector_mode(v, OK_DPP_LENIENT,
		    strcmp(hostapd, "accept") == 0);
		check_vector_format(v);
	}
	json_decref(root);
	free(text);
}

/* ---- bootstrap_keys.json: the URIs wpa_supplicant 2.10 generated ---- */

static EVP_PKEY *
private_key(const char *hex)
{
	uint8_t der[256];
	const unsigned char *pos = der;
	size_t len = tap_hex2bin(hex, der, sizeof(der));

	return d2i_AutoPrivateKey(NULL, &pos, (long)len);
}

/* chan=... and mac=... of DPP_BOOTSTRAP_GEN, through the option helpers
 * the CLI uses. */
static void
fields_from_command(const char *command, ok_dpp_uri *fields)
{
	char value[64];
	const char *at;
	ok_err err;

	fields->has_version = true;
	strcpy(fields->version, "2");
	if (command == NULL)
		return;
	if ((at = strstr(command, "chan=")) != NULL &&
	    sscanf(at, "chan=%63s", value) == 1)
		tap_ok(ok_dpp_channels_parse(value, "--chan", fields, &err) ==
		    OK_SUCCESS, "--chan %s", value);
	if ((at = strstr(command, "mac=")) != NULL &&
	    sscanf(at, "mac=%63s", value) == 1)
		tap_ok(ok_dpp_mac_parse(value, "--mac", fields->mac, &err) ==
		    OK_SUCCESS && (fields->has_mac = true), "--mac %s", value);
}

static void
check_uncompressed(const json_t *k)
{
	uint8_t der[128];
	char uri[256], b64[200], given[65];
	size_t len = tap_hex2bin(jstr(k, "spki_uncompressed_der_hex"), der,
	    sizeof(der));
	ok_err err;

	b64_encode_test(der, len, b64);
	snprintf(uri, sizeof(uri), "DPP:K:%s;;", b64);
	tap_ok(parse(uri, 0, &parsed, &err) == OK_E_MALFORMED &&
	    strcmp(err.field, "K") == 0, "uncompressed K: rejected by strict");
	tap_ok(parse(uri, OK_DPP_LENIENT, &parsed, &err) == OK_SUCCESS &&
	    parsed.warn_uncompressed, "uncompressed K: lenient, warned");
	tap_bin2hex(parsed.pkhash, 32, given);
	tap_eq_str(given, jstr(k, "bootstrap_key_hash_sha256"),
	    "uncompressed K: pkhash of the compressed SPKI");
	sha256_hex("", 0, parsed.spki_given.data, parsed.spki_given.len,
	    given);
	tap_eq_str(given, jstr(k, "sha256_of_uncompressed_spki"),
	    "uncompressed K: spki_given keeps the bytes");
}

static void
check_bootstrap_key(const json_t *k)
{
	static ok_dpp_uri fields;
	const char *want = jstr(k, "uri_generated_by_wpa_supplicant_2_10");
	EVP_PKEY *key = private_key(jstr(k, "ecprivatekey_der_hex"));
	ok_buf out = OK_BUF_INIT;
	char hex[200];
	ok_err err;

	memset(&fields, 0, sizeof(fields));
	tap_ok(key != NULL, "%s key loads", jstr(k, "curve"));
	fields_from_command(jstr(k, "uri_command"), &fields);
	tap_ok(ok_dpp_uri_format(&fields, key, &out, &err) == OK_SUCCESS,
	    "format with a key");
	tap_eq_str((const char *)out.data, want, "the URI wpa_supplicant made");
	tap_ok(ok_dpp_uri_set_key(&fields, key, &err) == OK_SUCCESS,
	    "set_key");
	tap_bin2hex(fields.spki.data, fields.spki.len, hex);
	tap_eq_str(hex, jstr(k, "spki_compressed_der_hex"), "compressed SPKI");
	tap_bin2hex(fields.pkhash, 32, hex);
	tap_eq_str(hex, jstr(k, "bootstrap_key_hash_sha256"), "pkhash");
	tap_bin2hex(fields.chirp_hash, 32, hex);
	tap_eq_str(hex, jstr(k, "chirp_hash_sha256"), "chirp_hash");
	tap_ok(ok_dpp_uri_format(&fields, NULL, &out, &err) == OK_SUCCESS &&
	    strcmp((const char *)out.data, want) == 0,
	    "format from the set key fields");
	tap_ok(parse(want, 0, &parsed, &err) == OK_SUCCESS &&
	    fields_equal(&parsed, &fields), "strict parse gives the fields");
	if (jstr(k, "spki_uncompressed_der_hex") != NULL)
		check_uncompressed(k);
	ok_buf_free(&out);
	ok_dpp_uri_free(&fields);
	EVP_PKEY_free(key);
}

static void
test_bootstrap_keys(void)
{
	char *text = tap_read_vector("dpp/bootstrap_keys.json", NULL);
	json_t *root = json_loads(text, 0, NULL), *k;
	size_t i;

	json_array_foreach(json_object_get(root, "keys"), i, k)
		check_bootstrap_key(k);
	json_decref(root);
	free(text);
}

/* ---- strict rejections: status, field, reason ---- */

static void
expect_reject(const char *text, size_t len, unsigned flags,
    const char *field, const char *what)
{
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	ok_dpp_uri_free(&parsed);
	st = ok_dpp_uri_parse(text, len, flags, &parsed, &err);
	if (!tap_ok(st == OK_E_MALFORMED && strcmp(err.field, field) == 0 &&
	    err.msg[0] != '\0' && strchr(err.msg, '\n') == NULL,
	    "%s: rejected, field %s", what, field))
		tap_diag("  status %d, %s: %s", st, err.field, err.msg);
	tap_ok(parsed.spki.data == NULL && parsed.spki_given.data == NULL &&
	    parsed.channel_count == 0, "%s: nothing left in the result", what);
}

static void
reject_strict(const char *text, const char *field, const char *what)
{
	expect_reject(text, strlen(text), 0, field, what);
}

static void
expect_accept(const char *text, unsigned flags, const char *what)
{
	ok_err err;

	if (!tap_ok(parse(text, flags, &parsed, &err) == OK_SUCCESS,
	    "%s: accepted", what))
		tap_diag("  %s: %s", err.field, err.msg);
}

static void
test_strict_framing(void)
{
	char big[OK_DPP_URI_MAX + 64];

	reject_strict("dpp:K:" K1 ";;", "uri", "lower-case scheme");
	reject_strict(" DPP:K:" K1 ";;", "uri", "leading space");
	reject_strict("DPP:K:" K1 ";;\n", "uri", "trailing newline");
	reject_strict("DPP:K:" K1 ";; ", "uri", "trailing space");
	reject_strict("DPP:K:" K1 ";", "uri", "single final ';'");
	reject_strict("DPP:K:" K1, "uri", "no ';' at all");
	reject_strict("DPP:K:" K1 ";;C:81/1;;", "uri", "token after ';;'");
	reject_strict("DPP:K:" K1 ";;;", "uri", "three semicolons");
	reject_strict("DPP:;K:" K1 ";;", "uri", "empty first token");
	reject_strict("DPP:;;", "uri", "no tokens");
	reject_strict("DPP:E:1;K:" K1 ";;", "uri", "unknown token E:");
	reject_strict("DPP:c:81/1;K:" K1 ";;", "uri", "lower-case token c:");
	reject_strict("DPP:CK;K:" K1 ";;", "uri", "token without ':'");
	reject_strict("DPP:KK:x;K:" K1 ";;", "uri", "two-letter token");
	reject_strict("DPP:C:81/1;;", "K", "missing K:");
	reject_strict("DPP:C:81/1;C:81/6;K:" K1 ";;", "C", "duplicate C:");
	reject_strict("DPP:M:020000000001;M:020000000001;K:" K1 ";;", "M",
	    "duplicate M:");
	reject_strict("DPP:I:a;I:a;K:" K1 ";;", "I", "duplicate I:");
	reject_strict("DPP:V:2;V:2;K:" K1 ";;", "V", "duplicate V:");
	reject_strict("DPP:H:10.0.0.1;H:10.0.0.1;K:" K1 ";;", "H",
	    "duplicate H:");
	reject_strict("DPP:B:01;B:01;K:" K1 ";;", "B", "duplicate B:");
	reject_strict("DPP:K:" K1 ";K:" K1 ";;", "K", "duplicate K:");
	memset(big, 'A', sizeof(big));
	memcpy(big, "DPP:I:", 6);
	expect_reject(big, OK_DPP_URI_MAX + 1, 0, "uri", "4097 bytes");
	expect_reject(big, OK_DPP_URI_MAX + 1, OK_DPP_LENIENT, "uri",
	    "4097 bytes, lenient");
	expect_reject("DPP:K:" K1 ";;\0", sizeof("DPP:K:" K1 ";;"), 0,
	    "uri", "NUL after ';;'");
}

/* A valid-looking compressed P-256 SPKI whose x is not on the curve. */
static void
off_curve_key(char *b64)
{
	uint8_t der[64];
	size_t len = b64_decode_test(K1, der, sizeof(der));
	EC_GROUP *group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *point = EC_POINT_new(group);

	while (EC_POINT_oct2point(group, point, der + 26, 33, NULL))
		der[len - 1]++;
	EC_POINT_free(point);
	EC_GROUP_free(group);
	b64_encode_test(der, len, b64);
}

static void
test_strict_key(void)
{
	char uri[512], b64[256];
	uint8_t der[128];
	size_t len;

	reject_strict("DPP:K:;;", "K", "empty K:");
	reject_strict("DPP:K:MDkwEwYHKoZIzj0CAQYI KoZIzj0DAQcDIgADURzxmttZoIRI"
	    "PWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;", "K", "space in base64");
	reject_strict("DPP:K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIP"
	    "WGoQMV00XHWCAQIhXruVWOz0NjlkIA;;", "K", "unpadded base64");
	reject_strict("DPP:K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIP"
	    "WGoQMV00XHWCAQIhXruVWOz0NjlkIB=;;", "K", "non-zero unused bits");
	reject_strict("DPP:K:aGVsbG8=;;", "K", "not DER");
	reject_strict("DPP:K:MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBANNZaZA4T/kRDjnmpI1"
	    "ACOJhAuTIIEk2KFOpS6XPpGF+EVr/ao3XemkE0/nzXmGaLzLqTUCJknSdxTnVPeWf"
	    "CVsCAwEAAQ==;;", "K", "RSA key");
	reject_strict("DPP:K:MEkwEwYHKoZIzj0CAQYIKoZIzj0DAQEDMgAEXiJuIWt1Q/CPCku"
	    "ULechh37UsXPmbUANOeN5U9sOQROE4o/NEFeFEejROHYwwehF;;", "K",
	    "P-192 key");
	reject_strict("DPP:K:" EXPLICIT_P256 ";;", "K", "explicit parameters");
	len = b64_decode_test(K1, der, sizeof(der));
	der[len++] = 0;
	b64_encode_test(der, len, b64);
	snprintf(uri, sizeof(uri), "DPP:K:%s;;", b64);
	reject_strict(uri, "K", "trailing byte after the SPKI");
	off_curve_key(b64);
	snprintf(uri, sizeof(uri), "DPP:K:%s;;", b64);
	reject_strict(uri, "K", "point not on the curve");
	expect_reject(uri, strlen(uri), OK_DPP_LENIENT, "K",
	    "point not on the curve, lenient");
}

static void
test_strict_channels(void)
{
	char uri[1024];
	size_t used, i;

	reject_strict("DPP:C:;K:" K1 ";;", "C", "empty C:");
	reject_strict("DPP:C:81;K:" K1 ";;", "C", "channel without class");
	reject_strict("DPP:C:81/;K:" K1 ";;", "C", "class without channel");
	reject_strict("DPP:C:81/0;K:" K1 ";;", "C", "81/0");
	reject_strict("DPP:C:81/14;K:" K1 ";;", "C", "81/14");
	reject_strict("DPP:C:115/37;K:" K1 ";;", "C", "115/37 (not in set)");
	reject_strict("DPP:C:255/1;K:" K1 ";;", "C", "unknown class 255");
	reject_strict("DPP:C:81/1,;K:" K1 ";;", "C", "trailing comma");
	reject_strict("DPP:C:,81/1;K:" K1 ";;", "C", "leading comma");
	reject_strict("DPP:C:81/1,,6;K:" K1 ";;", "C", "empty entry");
	reject_strict("DPP:C:81/01;K:" K1 ";;", "C", "leading zero");
	reject_strict("DPP:C:081/1;K:" K1 ";;", "C", "class leading zero");
	reject_strict("DPP:C:81/1 ;K:" K1 ";;", "C", "space");
	reject_strict("DPP:C:1000/1;K:" K1 ";;", "C", "4-digit class");
	reject_strict("DPP:C:81/1,81/1;K:" K1 ";;", "C", "pair twice");
	reject_strict("DPP:C:81/1/2;K:" K1 ";;", "C", "two slashes");
	used = (size_t)snprintf(uri, sizeof(uri), "DPP:C:131/1");
	for (i = 5; i <= 233; i += 4)
		used += (size_t)snprintf(uri + used, sizeof(uri) - used,
		    ",%zu", i);
	used += (size_t)snprintf(uri + used, sizeof(uri) - used,
	    ",132/3,11,19,27,35;K:" K1 ";;");
	expect_accept(uri, 0, "64 channels");
	tap_eq_int((long long)parsed.channel_count, 64, "64 channels kept");
	memcpy(uri + used - strlen(";K:" K1 ";;"), ",43;K:" K1 ";;",
	    strlen(",43;K:" K1 ";;") + 1);
	reject_strict(uri, "C", "65 channels");
}

static void
test_strict_text_fields(void)
{
	char uri[600], info[300];

	reject_strict("DPP:M:;K:" K1 ";;", "M", "empty M:");
	reject_strict("DPP:M:01020304050;K:" K1 ";;", "M", "11 digits");
	reject_strict("DPP:M:0102030405060;K:" K1 ";;", "M", "13 digits");
	reject_strict("DPP:M:01:02:03:04:05:06;K:" K1 ";;", "M", "colons");
	reject_strict("DPP:M:0102030405zz;K:" K1 ";;", "M", "non-hex");
	reject_strict("DPP:I:a\tb;K:" K1 ";;", "I", "tab in I:");
	reject_strict("DPP:I:a\x7f;K:" K1 ";;", "I", "DEL in I:");
	reject_strict("DPP:I:caf\xc3\xa9;K:" K1 ";;", "I", "UTF-8 in I:");
	reject_strict("DPP:I:100%;K:" K1 ";;", "I", "'%' in I:");
	memset(info, 'x', 256);
	info[256] = '\0';
	snprintf(uri, sizeof(uri), "DPP:I:%s;K:" K1 ";;", info);
	reject_strict(uri, "I", "256-character I:");
	info[255] = '\0';
	snprintf(uri, sizeof(uri), "DPP:I:%s;K:" K1 ";;", info);
	expect_accept(uri, 0, "255-character I:");
	reject_strict("DPP:V:;K:" K1 ";;", "V", "empty V:");
	reject_strict("DPP:V:3;K:" K1 ";;", "V", "V:3");
	reject_strict("DPP:V:02;K:" K1 ";;", "V", "V:02");
	reject_strict("DPP:V:12;K:" K1 ";;", "V", "V:12");
	reject_strict("DPP:B:;K:" K1 ";;", "B", "empty B:");
	reject_strict("DPP:B:3;K:" K1 ";;", "B", "B:3 (half an octet)");
	reject_strict("DPP:B:xyz;K:" K1 ";;", "B", "B:xyz");
	reject_strict("DPP:B:0g;K:" K1 ";;", "B", "B:0g");
	reject_strict("DPP:B:abc;K:" K1 ";;", "B", "B:abc");
	expect_accept("DPP:B:03;K:" K1 ";;", 0, "B:03");
	expect_accept("DPP:B:F3;K:" K1 ";;", 0, "B:F3");
	expect_accept("DPP:B:0102;K:" K1 ";;", 0, "B:0102");
}

static void
test_strict_host(void)
{
	static const char *const bad[] = { "", "not-an-ip", "127.0.0.1",
	    "127.1.2.3:80", "0.0.0.0", "224.0.0.1", "239.1.1.1:80",
	    "255.255.255.255", "::1", "::", "ff02::1", "::ffff:127.0.0.1",
	    "[fe80::1]", "[fe80::1]:0", "[fe80::1]:65536", "[fe80::1]:080",
	    "1.2.3.4:", "1.2.3.4:x", "[1.2.3.4]:80", "01.2.3.4", "1.2.3",
	    "fe80::1%eth0", "[fe80::1]:80x" };
	static const char *const good[] = { "192.168.1.1", "192.168.1.1:12345",
	    "10.0.0.1:65535", "fe80::1234:5678:9abc:def0",
	    "[fe80::1234:5678:9abc:def0]:12345", "2001:db8::1", "[2001:db8::1]:1",
	    "::ffff:192.0.2.1" };
	char uri[300];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(uri, sizeof(uri), "DPP:H:%s;K:" K1 ";;", bad[i]);
		reject_strict(uri, "H", bad[i]);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(uri, sizeof(uri), "DPP:H:%s;K:" K1 ";;", good[i]);
		expect_accept(uri, 0, good[i]);
		tap_eq_str(parsed.host, good[i], "host kept as written");
	}
}

static void
test_strict_values(void)
{
	ok_err err;

	expect_accept("DPP:K:" K1 ";M:0123456789AB;C:81/1,6,11,115/36;V:1;;",
	    0, "any token order, upper-case MAC");
	tap_ok(parsed.has_mac && memcmp(parsed.mac,
	    "\x01\x23\x45\x67\x89\xab", 6) == 0, "MAC bytes");
	tap_ok(parsed.channel_count == 4 && parsed.channels[2].op_class ==
	    81 && parsed.channels[2].channel == 11 &&
	    parsed.channels[2].freq_mhz == 2462 &&
	    parsed.channels[3].op_class == 115 &&
	    parsed.channels[3].freq_mhz == 5180, "class groups");
	tap_eq_str(parsed.version, "1", "V:1");
	tap_ok(!parsed.has_info && !parsed.has_host && !parsed.has_bands,
	    "absent tokens absent");
	tap_ok(parse("DPP:I:;K:" K1 ";;", 0, &parsed, &err) == OK_SUCCESS &&
	    parsed.has_info && parsed.info[0] == '\0', "empty I: is present");
}

/* ---- lenient: hostapd 2.10's corner cases ---- */

#define KNOWN_30 "81/1,2,3,4,5,6,7,8,9,10,11,12,13,83/1,2,3,4,5,6,7,8,9," \
	"84/5,6,7,8,9,10,11,12"

static void
test_lenient_channels(void)
{
	ok_err err;

	reject_strict("DPP:C:" KNOWN_30 ",zz;K:" K1 ";;", "C", "strict zz");
	expect_reject("DPP:C:" KNOWN_30 ",zz;K:" K1 ";;",
	    strlen("DPP:C:" KNOWN_30 ",zz;K:" K1 ";;"), OK_DPP_LENIENT, "C",
	    "30 known channels then junk");
	expect_accept("DPP:C:" KNOWN_30 ",13,zz;K:" K1 ";;", OK_DPP_LENIENT,
	    "31st known channel: hostapd drops the list unread");
	tap_eq_int((long long)parsed.channel_count, 0, "list dropped");
	expect_accept("DPP:C:" KNOWN_30 ", 13;K:" K1 ";;", OK_DPP_LENIENT,
	    "31st known channel read by atoi with a space");
	expect_reject("DPP:C:81/1, 6;K:" K1 ";;", strlen("DPP:C:81/1, 6;K:" K1
	    ";;"), OK_DPP_LENIENT, "C", "space before a channel");
	expect_accept("DPP:C:" KNOWN_30 ",255/1,81/13;K:" K1 ";;",
	    OK_DPP_LENIENT, "unknown pairs do not count");
	tap_eq_int((long long)parsed.channel_count, 0, "dropped at 81/13");
	tap_ok(parse("DPP:C:337/257;K:" K1 ";;", OK_DPP_LENIENT, &parsed,
	    &err) == OK_SUCCESS && parsed.channel_count == 1 &&
	    parsed.channels[0].op_class == 81 &&
	    parsed.channels[0].channel == 1 &&
	    parsed.channels[0].freq_mhz == 2412, "337/257 is 81/1 in 8 bits");
	tap_ok(parse("DPP:C:81/4294967297;K:" K1 ";;", OK_DPP_LENIENT,
	    &parsed, &err) == OK_SUCCESS && parsed.channels[0].channel == 1,
	    "atoi cuts 4294967297 to 1");
	expect_reject("DPP:C:81/99999999999999999999;K:" K1 ";;",
	    strlen("DPP:C:81/99999999999999999999;K:" K1 ";;"),
	    OK_DPP_LENIENT, "C", "atoi saturates to -1");
	tap_ok(parse("DPP:C:115/37;K:" K1 ";;", OK_DPP_LENIENT, &parsed,
	    &err) == OK_SUCCESS && parsed.channels[0].freq_mhz == 5185,
	    "hostapd maps 115/37 to 5185 MHz");
}

static void
test_lenient_key(void)
{
	char uri[600], b64[400];
	uint8_t der[128];
	size_t len;

	expect_accept("DPP:K:" K1 "AAAA;;", OK_DPP_LENIENT,
	    "base64 after the padded quantum ignored");
	len = b64_decode_test(K1, der, sizeof(der));
	tap_eq_mem(parsed.spki_given.data, parsed.spki_given.len, der, len,
	    "decoding stopped at the padding");
	reject_strict("DPP:K:" K1 "AAAA;;", "K", "strict: bytes after padding");
	expect_accept("DPP:K:" EXPLICIT_P256 ";;", OK_DPP_LENIENT,
	    "explicit parameters of P-256");
	len = b64_decode_test(NAMED_P256, der, sizeof(der));
	tap_eq_mem(parsed.spki.data, parsed.spki.len, der, len,
	    "re-encoded as the openssl CLI's named-curve SPKI");
	tap_ok(!parsed.warn_uncompressed, "compressed point: no warning");
	len = tap_hex2bin(BI_U_HEX, der, sizeof(der));
	der[26] = 0x06; /* hybrid form, y even */
	b64_encode_test(der, len, b64);
	snprintf(uri, sizeof(uri), "DPP:K:%s;;", b64);
	expect_accept(uri, OK_DPP_LENIENT, "hybrid point");
	tap_ok(parsed.warn_uncompressed, "hybrid point: warned");
	len = b64_decode_test(BI_C, der, sizeof(der));
	tap_eq_mem(parsed.spki.data, parsed.spki.len, der, len,
	    "hybrid point re-encoded compressed");
	len = tap_hex2bin("3019301306072a8648ce3d020106082a8648ce3d0301070302000000",
	    der, sizeof(der));
	b64_encode_test(der, len, b64);
	snprintf(uri, sizeof(uri), "DPP:K:%s;;", b64);
	expect_accept(uri, OK_DPP_LENIENT, "point at infinity (d2i reads it)");
	tap_eq_mem(parsed.spki.data, parsed.spki.len, der, len - 1,
	    "infinity: canonical SPKI without the trailing byte");
	reject_strict(uri, "K", "strict: point at infinity");
}

static void
test_lenient_other(void)
{
	static const char with_nul[] = "DPP:K:" K1 ";;\0junk";
	ok_err err;

	tap_ok(parse("DPP:M:01-02.03:04::05-06;K:" K1 ";;", OK_DPP_LENIENT,
	    &parsed, &err) == OK_SUCCESS && memcmp(parsed.mac,
	    "\x01\x02\x03\x04\x05\x06", 6) == 0, "MAC separators skipped");
	tap_ok(parse("DPP:M:0102030405060;K:" K1 ";;", OK_DPP_LENIENT,
	    &parsed, &err) == OK_SUCCESS, "MAC digits after six octets");
	expect_reject("DPP:M:0:102030405060;K:" K1 ";;",
	    strlen("DPP:M:0:102030405060;K:" K1 ";;"), OK_DPP_LENIENT, "M",
	    "separator inside an octet");
	tap_ok(parse("DPP:V:2x;K:" K1 ";;", OK_DPP_LENIENT, &parsed, &err) ==
	    OK_SUCCESS && strcmp(parsed.version, "2x") == 0,
	    "V: kept as written");
	tap_ok(parse("DPP:I:ok;I:\t;H:a;H:b;K:" K1 ";;", OK_DPP_LENIENT,
	    &parsed, &err) == OK_SUCCESS && strcmp(parsed.info, "ok") == 0 &&
	    strcmp(parsed.host, "a") == 0, "first I: and H: win");
	ok_dpp_uri_free(&parsed);
	tap_ok(ok_dpp_uri_parse(with_nul, sizeof(with_nul) - 1,
	    OK_DPP_LENIENT, &parsed, &err) == OK_SUCCESS,
	    "lenient: the URI ends at a NUL");
	expect_reject(with_nul, sizeof(with_nul) - 1, 0, "uri",
	    "strict: NUL and bytes after ';;'");
	expect_reject("DPP:K:" K1, strlen("DPP:K:" K1), OK_DPP_LENIENT, "K",
	    "lenient: K: without ';' does not count");
}

/* ---- format ---- */

static void
format_expect(const ok_dpp_uri *fields, const char *want, const char *what)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	if (!tap_ok(ok_dpp_uri_format(fields, NULL, &out, &err) ==
	    OK_SUCCESS, "%s: formatted", what))
		tap_diag("  %s: %s", err.field, err.msg);
	tap_eq_str(out.data != NULL ? (const char *)out.data : "", want, what);
	tap_ok(parse(want, 0, &reparsed, &err) == OK_SUCCESS &&
	    fields_equal(fields, &reparsed), "%s: parses to the same fields",
	    what);
	ok_buf_free(&out);
}

static void
format_reject(const ok_dpp_uri *fields, const char *field, const char *what)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	ok_err_clear(&err);
	tap_ok(ok_dpp_uri_format(fields, NULL, &out, &err) == OK_E_MALFORMED &&
	    strcmp(err.field, field) == 0 && out.data == NULL,
	    "format refuses %s (field %s)", what, field);
	ok_buf_free(&out);
}

static void
test_format_rejects(ok_dpp_uri *f)
{
	ok_dpp_uri saved = *f;
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	f->channels[1] = (ok_dpp_channel){ 81, 0, 0 };
	format_reject(f, "C", "81/0");
	*f = saved;
	f->channel_count = OK_DPP_MAX_CHANNELS + 1;
	format_reject(f, "C", "65 channels");
	*f = saved;
	strcpy(f->info, "100%");
	format_reject(f, "I", "'%' in info");
	*f = saved;
	strcpy(f->version, "3");
	format_reject(f, "V", "version 3");
	*f = saved;
	f->has_host = true;
	strcpy(f->host, "127.0.0.1");
	format_reject(f, "H", "loopback host");
	*f = saved;
	f->has_bands = true;
	strcpy(f->bands, "3");
	format_reject(f, "B", "B:3");
	*f = saved;
	f->has_bands = true;
	memset(f->bands, '0', OK_DPP_URI_MAX);
	f->bands[OK_DPP_URI_MAX] = '\0';
	format_reject(f, "uri", "a URI over 4096 bytes");
	*f = saved;
	tap_ok(ok_dpp_uri_format(f, NULL, &out, &err) == OK_SUCCESS,
	    "fields unharmed");
	ok_buf_free(&out);
}

static void
test_format(void)
{
	static ok_dpp_uri f;
	ok_err err;

	tap_ok(parse("DPP:K:" K1 ";;", 0, &f, &err) == OK_SUCCESS, "base key");
	f.channels[0] = (ok_dpp_channel){ 81, 1, 2412 };
	f.channels[1] = (ok_dpp_channel){ 115, 36, 5180 };
	f.channels[2] = (ok_dpp_channel){ 81, 6, 2437 };
	f.channel_count = 3;
	format_expect(&f, "DPP:C:81/1,115/36,81/6;K:" K1 ";;",
	    "classes keep the given order");
	f.channels[1] = (ok_dpp_channel){ 81, 11, 2462 };
	f.channels[2] = (ok_dpp_channel){ 115, 36, 5180 };
	f.has_mac = true;
	memcpy(f.mac, "\x52\x54\x00\x58\x28\xe5", 6);
	f.has_info = true;
	strcpy(f.info, "SN=4774LH2b4044");
	f.has_version = true;
	strcpy(f.version, "2");
	f.has_host = true;
	strcpy(f.host, "[fe80::1]:8908");
	f.has_bands = true;
	strcpy(f.bands, "f3");
	format_expect(&f, "DPP:C:81/1,11,115/36;M:5254005828e5;"
	    "I:SN=4774LH2b4044;V:2;H:[fe80::1]:8908;B:f3;K:" K1 ";;",
	    "all fields, canonical order");
	f.has_info = true;
	f.info[0] = '\0';
	f.has_host = f.has_bands = false;
	format_expect(&f, "DPP:C:81/1,11,115/36;M:5254005828e5;I:;V:2;K:" K1
	    ";;", "empty I:");
	test_format_rejects(&f);
	ok_dpp_uri_free(&f);
}

/* ---- operating classes ---- */

static void
test_opclass(void)
{
	static const unsigned table[][3] = {
		{ 81, 1, 2412 }, { 81, 13, 2472 }, { 82, 14, 2484 },
		{ 83, 9, 2452 }, { 84, 5, 2432 }, { 115, 36, 5180 },
		{ 118, 64, 5320 }, { 121, 144, 5720 }, { 124, 161, 5805 },
		{ 125, 177, 5885 }, { 128, 42, 5210 }, { 129, 163, 5815 },
		{ 131, 1, 5955 }, { 131, 233, 7115 }, { 133, 215, 7025 },
		{ 136, 2, 5935 }, { 137, 31, 6105 }, { 180, 1, 58320 },
		{ 81, 0, 0 }, { 81, 14, 0 }, { 82, 13, 0 }, { 83, 10, 0 },
		{ 84, 4, 0 }, { 115, 37, 0 }, { 116, 40, 0 }, { 131, 2, 0 },
		{ 180, 7, 0 }, { 255, 1, 0 }, { 0, 0, 0 }, { 1, 2, 0 },
	};
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		snprintf(what, sizeof(what), "freq %u/%u = %u", table[i][0],
		    table[i][1], table[i][2]);
		tap_eq_int(ok_dpp_channel_freq(table[i][0], table[i][1]),
		    table[i][2], what);
	}
	tap_eq_int(ok_dpp_hostapd210_freq(115, 37), 5185, "hostapd 115/37");
	tap_eq_int(ok_dpp_hostapd210_freq(84, 1), 2412, "hostapd 84/1");
	tap_eq_int(ok_dpp_hostapd210_freq(181, 9), 58320, "hostapd 181/9");
	tap_eq_int(ok_dpp_hostapd210_freq(137, 31), 0, "hostapd lacks 137");
	tap_ok(ok_dpp_opclass_known(81) && !ok_dpp_opclass_known(94) &&
	    !ok_dpp_opclass_known(181), "known classes");
}

/* ---- the fast SPKI check (keys_point.c) against OpenSSL ---- */

static int
point_check_mismatches(int nid, ok_curve curve, size_t *valid_seen)
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(nid);
	EC_POINT *point = EC_POINT_new(group), *gen = EC_POINT_new(group);
	BIGNUM *p = BN_new();
	uint8_t enc[1 + 66], p_top, der[OK_KEY_SPKI_MAX];
	size_t plen = ok_curve_info_of(curve)->prime_len, len, i, der_len;
	ok_curve found;
	int mismatches = 0, openssl;

	EC_GROUP_get_curve(group, p, NULL, NULL, NULL);
	BN_bn2binpad(p, enc + 1, (int)plen);
	p_top = enc[1];
	EC_POINT_copy(gen, EC_GROUP_get0_generator(group));
	for (i = 0; i < 400; i++) {
		if (i < 40) { /* multiples of G: valid, both signs */
			EC_POINT_add(group, point, i ? point : gen, gen, NULL);
			len = EC_POINT_point2oct(group, point,
			    POINT_CONVERSION_COMPRESSED, enc, sizeof(enc), NULL);
		} else { /* random x, top byte kept small enough */
			len = 1 + plen;
			RAND_bytes(enc, (int)len);
			enc[0] = (uint8_t)(2 + (enc[0] & 1));
			enc[1] = (uint8_t)(enc[1] % (p_top + 1));
			if (i % 3 == 0)
				enc[1] = 0;
		}
		if (i == 399) /* x = p */
			BN_bn2binpad(p, enc + 1, (int)plen);
		openssl = EC_POINT_oct2point(group, point, enc, len, NULL);
		*valid_seen += openssl == 1;
		der_len = ok_key_spki_encode(curve, enc, len, der);
		if ((openssl == 1) != (ok_key_spki_compressed_valid(der, der_len,
		    &found) && found == curve))
			mismatches++;
	}
	BN_free(p);
	EC_POINT_free(point);
	EC_POINT_free(gen);
	EC_GROUP_free(group);
	return mismatches;
}

static void
test_point_check(void)
{
	const ok_curve_info *info;
	ok_curve found;
	size_t valid;
	int c;

	for (c = 0; c < OK_CURVE_COUNT; c++) {
		info = ok_curve_info_of((ok_curve)c);
		valid = 0;
		tap_eq_int(point_check_mismatches(info->nid, (ok_curve)c,
		    &valid), 0, "fast point check agrees with OpenSSL");
		tap_ok(valid > 100 && valid < 380, "%s: %zu of 400 valid",
		    info->name, valid);
	}
	tap_ok(!ok_key_spki_compressed_valid((const uint8_t *)"\x04", 1,
	    &found), "short input is not valid");
}

/* ---- JSON ---- */

static void
json_expect(const char *uri, unsigned flags, const char *want,
    const char *what)
{
	ok_buf out = OK_BUF_INIT;
	json_t *obj = NULL;
	ok_err err;

	tap_ok(parse(uri, flags, &parsed, &err) == OK_SUCCESS &&
	    ok_dpp_uri_to_json(&parsed, &obj, &err) == OK_SUCCESS &&
	    ok_json_dump(obj, 0, &out, &err) == OK_SUCCESS, "%s: JSON", what);
	tap_eq_str(out.data != NULL ? (const char *)out.data : "", want, what);
	json_decref(obj);
	ok_buf_free(&out);
}

static void
test_json(void)
{
	json_expect("DPP:C:81/1,115/36;I:SN=4774LH2b4044;M:5254005828e5;V:2;"
	    "H:[2001:db8::1]:8908;B:03;K:" K1 ";;", 0,
	    "{\"curve\":\"P-256\",\"pkhash\":\"" K1_HASH "\","
	    "\"chirp_hash\":\"" K1_CHIRP "\",\"channels\":["
	    "{\"op_class\":81,\"channel\":1,\"freq\":2412},"
	    "{\"op_class\":115,\"channel\":36,\"freq\":5180}],"
	    "\"mac\":\"52:54:00:58:28:e5\",\"info\":\"SN=4774LH2b4044\","
	    "\"version\":\"2\",\"host\":\"[2001:db8::1]:8908\","
	    "\"bands\":\"03\",\"key\":\"" K1 "\"}", "every member");
	json_expect("DPP:C:255/1;K:" K1 ";;", OK_DPP_LENIENT,
	    "{\"curve\":\"P-256\",\"pkhash\":\"" K1_HASH "\","
	    "\"chirp_hash\":\"" K1_CHIRP "\",\"channels\":["
	    "{\"op_class\":255,\"channel\":1,\"freq\":null}],"
	    "\"key\":\"" K1 "\"}", "unknown pair: freq null");
	json_expect("DPP:K:MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiLN+2Rk4tRlwl4CK"
	    "YkSEdheJIEbZO5UBr9SPoPFI394A9ztpkSh4hKnJoz+OBpHxTUS1mBHp2CQtAQJw"
	    "sNM+wA==;;", OK_DPP_LENIENT,
	    "{\"curve\":\"P-256\",\"pkhash\":\"" BI_HASH "\",\"chirp_hash\":"
	    "\"10fd49f141c50e85d4e106c64e05f75dc9cfce6c729081f403a16e13fa8540"
	    "60\",\"key\":\"" BI_C "\",\"pkhash_as_given\":\"f2c175a5170e142b"
	    "68ddbecec86d1af6f70aa81c8c600567de353f868c8ddbc8\"}",
	    "uncompressed K: pkhash_as_given");
	json_expect("DPP:H:\xff;K:" K1 ";;", OK_DPP_LENIENT,
	    "{\"curve\":\"P-256\",\"pkhash\":\"" K1_HASH "\","
	    "\"chirp_hash\":\"" K1_CHIRP "\",\"host\":\"\xef\xbf\xbd\","
	    "\"key\":\"" K1 "\"}", "non-UTF-8 lenient value shown as U+FFFD");
}

/* ---- option helpers ---- */

static void
test_options(void)
{
	static ok_dpp_uri f;
	uint8_t mac[6];
	ok_err err;

	tap_ok(ok_dpp_channels_parse("81/1,6,11;115/36", "--chan", &f, &err) ==
	    OK_SUCCESS && f.channel_count == 4 && f.channels[3].op_class ==
	    115, "--chan with ';' between groups");
	tap_ok(ok_dpp_channels_parse("81/0", "--chan", &f, &err) ==
	    OK_E_MALFORMED && strcmp(err.field, "--chan") == 0 &&
	    f.channel_count == 0, "--chan 81/0 refused, named");
	tap_ok(ok_dpp_channels_parse("", "--chan", &f, &err) ==
	    OK_E_MALFORMED && strcmp(err.field, "--chan") == 0,
	    "--chan empty refused");
	tap_ok(ok_dpp_mac_parse("02:00:00:00:00:0A", "--mac", mac, &err) ==
	    OK_SUCCESS && memcmp(mac, "\x02\0\0\0\0\x0a", 6) == 0,
	    "--mac with colons");
	tap_ok(ok_dpp_mac_parse("020000000001", "--mac", mac, &err) ==
	    OK_SUCCESS && mac[5] == 1, "--mac without colons");
	tap_ok(ok_dpp_mac_parse("02-00-00-00-00-01", "--mac", mac, &err) ==
	    OK_E_MALFORMED && strcmp(err.field, "--mac") == 0,
	    "--mac with dashes refused");
	tap_ok(ok_dpp_mac_parse("02:00:00:00:00:0g", "--mac", mac, &err) ==
	    OK_E_MALFORMED, "--mac non-hex refused");
	tap_ok(ok_dpp_mac_parse("0200000000", "--mac", mac, &err) ==
	    OK_E_MALFORMED, "--mac short refused");
	tap_ok(ok_dpp_mac_parse("02:00:00:00:00:01:", "--mac", mac, &err) ==
	    OK_E_MALFORMED, "--mac long refused");
}

int
main(void)
{
	test_uri_vectors();
	test_bootstrap_keys();
	test_strict_framing();
	test_strict_key();
	test_strict_channels();
	test_strict_text_fields();
	test_strict_host();
	test_strict_values();
	test_lenient_channels();
	test_lenient_key();
	test_lenient_other();
	test_format();
	test_opclass();
	test_point_check();
	test_json();
	test_options();
	ok_dpp_uri_free(&parsed);
	ok_dpp_uri_free(&reparsed);
	return tap_done();
}
