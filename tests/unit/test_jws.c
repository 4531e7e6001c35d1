/*
 * test_jws.c: JWS ES256/384/512.  RFC 7515 Appendix A.3 exactly, the
 * JWS voucher vectors (draft-ietf-anima-jws-voucher, RFC 8366bis) with
 * their x5c leaf, round trips in every form and curve, cross-checks
 * against python3-jwcrypto in both directions, tampering, and every
 * malformed class with its status and field.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/codec.h"
#include "common/json.h"
#include "common/jws.h"
#include "common/keys.h"
#include "tap.h"

#define PYTHON "/usr/bin/python3"

/* RFC 7515 A.3.1: JWK x and y, written out in hex. */
static const char a3_x_b64[] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
static const char a3_y_b64[] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
static const char a3_x_hex[] =
    "7fcdce2770f6c45d4183cbee6fdb4b7b580733357be9ef13bacf6e3c7bd15445";
static const char a3_y_hex[] =
    "c7f144cd1bbd9b7e872cdfedb9eeb9f4b3695d6ea90b24ad8a4623288588e5ad";
static const char a3_header_b64[] = "eyJhbGciOiJFUzI1NiJ9";
static const char a3_payload_b64[] =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFt"
    "cGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
static const char a3_sig_b64[] =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSA"
    "pmWQxfKTUJqPP3-Kg6NU1Q";
static const char a3_payload[] =
    "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n"
    " \"http://example.com/is_root\":true}";
/* A.3.1: R and S of the signature, as the RFC lists them in decimal
 * octets, here in hex. */
static const char a3_sig_hex[] =
    "0ed1215379636c483c2f7f155807d402a3b228033af97c7e17819ac3169ea665"
    "c50a07d38c3c70e5d8f12daf084a5480a66590c5f293509a8f3f7f8a83a354d5";

static char tmpdir[] = "/tmp/test_jws.XXXXXX";

static EVP_PKEY *
key_from_point(const char *group, const uint8_t *point, size_t len)
{
	OSSL_PARAM params[3];
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *key = NULL;

	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
	    (char *)group, 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY,
	    (void *)point, len);
	params[2] = OSSL_PARAM_construct_end();
	if (ctx == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static EVP_PKEY *
a3_key(void)
{
	uint8_t point[65];
	char hex[131];

	snprintf(hex, sizeof(hex), "04%s%s", a3_x_hex, a3_y_hex);
	if (tap_hex2bin(hex, point, sizeof(point)) != sizeof(point))
		return NULL;
	return key_from_point("prime256v1", point, sizeof(point));
}

static EVP_PKEY *
new_key(ok_curve curve)
{
	ok_keygen *gen = NULL;
	EVP_PKEY *key = NULL;
	ok_err err;

	if (ok_keygen_new(curve, &gen, &err) != OK_SUCCESS ||
	    ok_keygen_next(gen, &key, &err) != OK_SUCCESS)
		key = NULL;
	ok_keygen_free(gen);
	return key;
}

static char *
concat3(const char *a, const char *b, const char *c)
{
	size_t len = strlen(a) + strlen(b) + strlen(c) + 3;
	char *out = malloc(len);

	if (out == NULL)
		abort();
	snprintf(out, len, "%s.%s.%s", a, b, c);
	return out;
}

/* b64url(text) into a static-lifetime string the caller frees. */
static char *
b64url(const void *data, size_t len, ok_b64_variant variant)
{
	ok_buf enc = OK_BUF_INIT;
	ok_err err;
	char *out;

	if (ok_b64_encode_buf(data, len, variant, &enc, &err) != OK_SUCCESS)
		abort();
	out = strdup((const char *)enc.data);
	ok_buf_free(&enc);
	return out;
}

static bool
msg_printable(const char *msg)
{
	if (*msg == '\0')
		return false;
	for (; *msg != '\0'; msg++)
		if ((unsigned char)*msg < 0x20 || *msg == 0x7f)
			return false;
	return true;
}

/* Parses (and verifies, when key is given) and checks status and field. */
static void
expect(const char *text, size_t len, EVP_PKEY *key, ok_status want,
    const char *field, const char *what)
{
	ok_jws jws = OK_JWS_INIT;
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	st = ok_jws_parse(text, len, &jws, &err);
	if (st == OK_SUCCESS && key != NULL)
		st = ok_jws_verify(&jws, key, &err);
	tap_ok(st == want && (field == NULL || strcmp(err.field, field) == 0),
	    "%s: status %d field \"%s\" (%s)", what, st, err.field, err.msg);
	if (st != OK_SUCCESS)
		tap_ok(msg_printable(err.msg), "%s: message one printable line",
		    what);
	if (want == OK_E_MALFORMED)
		tap_ok(jws.protected_header == NULL && jws.payload.data == NULL &&
		    jws.x5c == NULL, "%s: nothing left", what);
	ok_jws_free(&jws);
}

static void
expect_str(const char *text, EVP_PKEY *key, ok_status want,
    const char *field, const char *what)
{
	expect(text, strlen(text), key, want, field, what);
}

/* A compact JWS over header text (encoded here), payload and sig. */
static void
expect_compact(const char *header, const char *payload_b64,
    const char *sig_b64, ok_status want, const char *field,
    const char *what)
{
	char *hdr = b64url(header, strlen(header), OK_B64_URL);
	char *text = concat3(hdr, payload_b64, sig_b64);

	expect_str(text, NULL, want, field, what);
	free(text);
	free(hdr);
}

static void
test_rfc7515_a3(void)
{
	EVP_PKEY *key = a3_key(), *p384 = new_key(OK_CURVE_P384);
	char *text = concat3(a3_header_b64, a3_payload_b64, a3_sig_b64);
	ok_jws jws = OK_JWS_INIT;
	ok_buf x = OK_BUF_INIT, y = OK_BUF_INIT, out = OK_BUF_INIT;
	uint8_t sig[64];
	ok_err err;

	tap_ok(key != NULL, "A.3 JWK converted to an EVP_PKEY");
	tap_ok(ok_b64_decode(a3_x_b64, strlen(a3_x_b64), OK_B64_URL, "x", &x,
	    &err) == OK_SUCCESS && ok_b64_decode(a3_y_b64, strlen(a3_y_b64),
	    OK_B64_URL, "y", &y, &err) == OK_SUCCESS &&
	    tap_hex2bin(a3_x_hex, sig, 32) == 32 && memcmp(x.data, sig, 32) == 0
	    && tap_hex2bin(a3_y_hex, sig, 32) == 32 &&
	    memcmp(y.data, sig, 32) == 0, "A.3 JWK x, y as written in hex");
	tap_eq_int(ok_jws_parse(text, strlen(text), &jws, &err), OK_SUCCESS,
	    "A.3 compact parses");
	tap_eq_int(jws.form, OK_JWS_COMPACT, "A.3 form compact");
	tap_eq_int(jws.alg, OK_JWS_ES256, "A.3 alg ES256");
	tap_eq_mem(jws.payload.data, jws.payload.len, a3_payload,
	    strlen(a3_payload), "A.3 payload bytes");
	tap_ok(ok_json_dump(jws.protected_header, 0, &out, &err) ==
	    OK_SUCCESS && strcmp((char *)out.data, "{\"alg\":\"ES256\"}") == 0,
	    "A.3 protected header {\"alg\":\"ES256\"}");
	tap_ok(tap_hex2bin(a3_sig_hex, sig, sizeof(sig)) == 64, "A.3 R||S hex");
	tap_eq_mem(jws.signature.data, jws.signature.len, sig, 64,
	    "A.3 signature R||S");
	tap_eq_int(ok_jws_verify(&jws, key, &err), OK_SUCCESS,
	    "A.3 verifies with the published JWK");
	tap_eq_int(ok_jws_verify(&jws, p384, &err), OK_E_NEGATIVE,
	    "A.3 with a P-384 key: negative");
	tap_eq_str(err.field, "alg", "A.3 with a P-384 key: field");
	ok_jws_free(&jws);
	free(text);
	ok_buf_free(&x);
	ok_buf_free(&y);
	ok_buf_free(&out);
	EVP_PKEY_free(key);
	EVP_PKEY_free(p384);
}

/* The A.3 JWS laid out in the JSON forms (RFC 7515 A.7 uses this
 * signature in the general form). */
static void
test_rfc7515_a3_json(void)
{
	EVP_PKEY *key = a3_key();
	char text[512];

	snprintf(text, sizeof(text), "{\"payload\":\"%s\",\"protected\":\"%s\","
	    "\"header\":{\"kid\":\"e9bc097a-ce51-4036-9562-d2ade882db0d\"},"
	    "\"signature\":\"%s\"}", a3_payload_b64, a3_header_b64,
	    a3_sig_b64);
	expect_str(text, key, OK_SUCCESS, NULL, "A.7 flattened with header");
	snprintf(text, sizeof(text), "{\"payload\":\"%s\",\"signatures\":[{"
	    "\"protected\":\"%s\",\"header\":{\"kid\":\"e9bc097a\"},"
	    "\"signature\":\"%s\"}]}", a3_payload_b64, a3_header_b64,
	    a3_sig_b64);
	expect_str(text, key, OK_SUCCESS, NULL, "A.3 general");
	EVP_PKEY_free(key);
}

static void
test_a3_tampered(void)
{
	EVP_PKEY *key = a3_key();
	char *payload = strdup(a3_payload_b64), *sig = strdup(a3_sig_b64);
	char *hdr = b64url("{\"alg\":\"ES256\" }", 16, OK_B64_URL);
	char *text;

	payload[5] = payload[5] == 'A' ? 'B' : 'A';
	text = concat3(a3_header_b64, payload, a3_sig_b64);
	expect_str(text, key, OK_E_NEGATIVE, "signature", "tampered payload");
	free(text);
	sig[10] = sig[10] == 'A' ? 'B' : 'A';
	text = concat3(a3_header_b64, a3_payload_b64, sig);
	expect_str(text, key, OK_E_NEGATIVE, "signature", "tampered signature");
	free(text);
	text = concat3(hdr, a3_payload_b64, a3_sig_b64);
	expect_str(text, key, OK_E_NEGATIVE, "signature", "tampered header");
	free(text);
	/* r = 0 and s = 0 cannot be valid signatures. */
	text = concat3(a3_header_b64, a3_payload_b64, "AAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	expect_str(text, key, OK_E_NEGATIVE, "signature", "zero signature");
	free(text);
	free(payload);
	free(sig);
	free(hdr);
	EVP_PKEY_free(key);
}

static const struct curve_case {
	ok_curve curve;
	ok_jws_alg alg;
	const char *name;
	size_t sig_len;
} curves[] = {
	{ OK_CURVE_P256, OK_JWS_ES256, "ES256", 64 },
	{ OK_CURVE_P384, OK_JWS_ES384, "ES384", 96 },
	{ OK_CURVE_P521, OK_JWS_ES512, "ES512", 132 },
};

static const char *const form_name[] = { "compact", "flattened", "general" };

static void
round_trip(EVP_PKEY *key, const struct curve_case *cc, ok_jws_form form)
{
	static const uint8_t payload[] = "{\"ietf-voucher:voucher\":{}}\n";
	json_t *header = json_pack("{s:s}", "typ", "voucher-jws+json");
	ok_buf out = OK_BUF_INIT;
	ok_jws jws = OK_JWS_INIT;
	ok_err err;
	char what[64];

	snprintf(what, sizeof(what), "%s %s", cc->name, form_name[form]);
	tap_ok(ok_jws_sign(key, header, payload, sizeof(payload) - 1, form,
	    &out, &err) == OK_SUCCESS, "%s: signs", what);
	tap_ok(json_object_get(header, "alg") == NULL,
	    "%s: caller's header unchanged", what);
	tap_ok(ok_jws_parse((char *)out.data, out.len, &jws, &err) ==
	    OK_SUCCESS && jws.form == form && jws.alg == cc->alg &&
	    jws.signature.len == cc->sig_len, "%s: parses back (%s)", what,
	    err.msg);
	tap_eq_mem(jws.payload.data, jws.payload.len, payload,
	    sizeof(payload) - 1, what);
	tap_ok(jws.protected_header != NULL && strcmp(json_string_value(
	    json_object_get(jws.protected_header, "typ")),
	    "voucher-jws+json") == 0 && strcmp(json_string_value(
	    json_object_get(jws.protected_header, "alg")), cc->name) == 0,
	    "%s: header typ and alg", what);
	tap_eq_int(ok_jws_verify(&jws, key, &err), OK_SUCCESS, what);
	if (jws.signature.len > 3)
		jws.signature.data[3] ^= 0x40;
	tap_eq_int(ok_jws_verify(&jws, key, &err), OK_E_NEGATIVE, what);
	ok_jws_free(&jws);
	ok_buf_free(&out);
	json_decref(header);
}

static void
test_round_trips(void)
{
	json_t *bad_alg = json_pack("{s:s}", "alg", "ES384");
	json_t *not_obj = json_array();
	json_t *crit = json_pack("{s:[s]}", "crit", "exp");
	EVP_PKEY *key, *bp = new_key(OK_CURVE_BP256);
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	size_t i;
	int form;

	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		key = new_key(curves[i].curve);
		for (form = OK_JWS_COMPACT; form <= OK_JWS_GENERAL; form++)
			round_trip(key, &curves[i], (ok_jws_form)form);
		if (i == 0) {
			tap_eq_int(ok_jws_sign(key, bad_alg, (const uint8_t *)"",
			    0, OK_JWS_COMPACT, &out, &err), OK_E_USAGE,
			    "P-256 key with alg ES384");
			tap_eq_str(err.field, "alg", "alg mismatch: field");
			tap_eq_int(ok_jws_sign(key, not_obj, (const uint8_t *)"",
			    0, OK_JWS_COMPACT, &out, &err), OK_E_USAGE,
			    "header not an object");
			tap_eq_str(err.field, "protected", "header: field");
			tap_ok(out.data == NULL, "no output on failure");
			tap_eq_int(ok_jws_sign(key, crit, (const uint8_t *)"",
			    0, OK_JWS_GENERAL, &out, &err), OK_E_USAGE,
			    "header with crit");
			tap_eq_str(err.field, "crit", "crit: field");
		}
		EVP_PKEY_free(key);
	}
	tap_eq_int(ok_jws_sign(bp, NULL, (const uint8_t *)"x", 1,
	    OK_JWS_COMPACT, &out, &err), OK_E_MALFORMED, "brainpool key");
	tap_eq_str(err.field, "key", "brainpool key: field");
	json_decref(bad_alg);
	json_decref(not_obj);
	json_decref(crit);
	EVP_PKEY_free(bp);
}

/* r or s with a leading zero byte must still be n bytes (zero padded). */
static void
test_zero_padding(void)
{
	EVP_PKEY *key = new_key(OK_CURVE_P256);
	ok_buf out = OK_BUF_INIT;
	ok_jws jws = OK_JWS_INIT;
	ok_err err;
	bool found = false;
	int tries;

	for (tries = 0; tries < 5000 && !found; tries++) {
		if (ok_jws_sign(key, NULL, (const uint8_t *)"pad", 3,
		    OK_JWS_COMPACT, &out, &err) != OK_SUCCESS ||
		    ok_jws_parse((char *)out.data, out.len, &jws, &err) !=
		    OK_SUCCESS)
			break;
		found = jws.signature.data[0] == 0 || jws.signature.data[32] == 0;
		if (found)
			tap_eq_int(ok_jws_verify(&jws, key, &err), OK_SUCCESS,
			    "r or s with a leading zero byte verifies");
	}
	tap_ok(found, "found a signature with a leading zero in r or s "
	    "after %d tries", tries);
	ok_jws_free(&jws);
	ok_buf_free(&out);
	EVP_PKEY_free(key);
}

/* ---- python3-jwcrypto cross-checks ---- */

static const char jwcrypto_script[] =
    "import sys\n"
    "from jwcrypto import jwk, jws\n"
    "from jwcrypto.common import json_encode\n"
    "key = jwk.JWK.from_pem(open(sys.argv[2], 'rb').read())\n"
    "if sys.argv[1] == 'verify':\n"
    "    t = jws.JWS()\n"
    "    t.deserialize(open(sys.argv[3]).read(), key)\n"
    "    sys.stdout.write(t.payload.hex())\n"
    "else:\n"
    "    t = jws.JWS(bytes.fromhex(sys.argv[4]))\n"
    "    t.add_signature(key, None, json_encode({'alg': sys.argv[3],"
    " 'typ': 'voucher-jws+json'}))\n"
    "    sys.stdout.write(t.serialize(compact=sys.argv[5] == 'compact'))\n";

static char *
tmp_path(const char *name)
{
	static char path[4][128];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

static bool
write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f != NULL && fwrite(data, 1, len, f) == len;

	return f != NULL && fclose(f) == 0 && ok;
}

/* Runs the helper; its stdout goes in out (NUL-terminated). */
static bool
run_python(const char *args, char *out, size_t size)
{
	char cmd[1024];
	size_t got;
	FILE *pipe;

	snprintf(cmd, sizeof(cmd), PYTHON " %s %s 2>/dev/null",
	    tmp_path("jw.py"), args);
	if ((pipe = popen(cmd, "r")) == NULL)
		return false;
	got = fread(out, 1, size - 1, pipe);
	out[got] = '\0';
	return pclose(pipe) == 0;
}

static void
python_verifies_ours(EVP_PKEY *key, const struct curve_case *cc,
    const char *key_path)
{
	static const char payload[] = "{\"ietf-voucher:voucher\":{\"x\":1}}";
	ok_buf out = OK_BUF_INIT;
	char args[512], result[4096], hex[2 * sizeof(payload) + 1];
	ok_err err;
	int form;

	tap_bin2hex((const uint8_t *)payload, sizeof(payload) - 1, hex);
	for (form = OK_JWS_COMPACT; form <= OK_JWS_GENERAL; form++) {
		if (ok_jws_sign(key, NULL, (const uint8_t *)payload,
		    sizeof(payload) - 1, (ok_jws_form)form, &out, &err) !=
		    OK_SUCCESS || !write_file(tmp_path("ours.jws"), out.data,
		    out.len))
			tap_ok(false, "%s: sign and write", cc->name);
		snprintf(args, sizeof(args), "verify %s %s", key_path,
		    tmp_path("ours.jws"));
		tap_ok(run_python(args, result, sizeof(result)) &&
		    strcmp(result, hex) == 0, "jwcrypto verifies our %s %s",
		    cc->name, form_name[form]);
		/* The cross-check can fail: jwcrypto refuses a bad one. */
		out.data[out.len - (form == OK_JWS_COMPACT ? 3 : 6)] ^= 0x01;
		if (write_file(tmp_path("ours.jws"), out.data, out.len))
			tap_ok(!run_python(args, result, sizeof(result)),
			    "jwcrypto rejects our tampered %s %s", cc->name,
			    form_name[form]);
	}
	ok_buf_free(&out);
}

static void
ours_verifies_python(EVP_PKEY *key, const struct curve_case *cc,
    const char *key_path)
{
	static const char *const py_form[] = { "compact", "json" };
	ok_jws jws = OK_JWS_INIT;
	char args[512], result[8192];
	ok_err err;
	int i;

	for (i = 0; i < 2; i++) {
		snprintf(args, sizeof(args), "sign %s %s 7b2261223a317d %s",
		    key_path, cc->name, py_form[i]);
		if (!run_python(args, result, sizeof(result))) {
			tap_ok(false, "jwcrypto signs %s %s", cc->name,
			    py_form[i]);
			continue;
		}
		tap_ok(ok_jws_parse(result, strlen(result), &jws, &err) ==
		    OK_SUCCESS && jws.form == (i == 0 ? OK_JWS_COMPACT :
		    OK_JWS_FLATTENED) && jws.alg == cc->alg,
		    "jwcrypto %s %s parses (%s)", cc->name, py_form[i],
		    err.msg);
		tap_eq_mem(jws.payload.data, jws.payload.len, "{\"a\":1}", 7,
		    "jwcrypto payload");
		tap_eq_int(ok_jws_verify(&jws, key, &err), OK_SUCCESS,
		    "jwcrypto signature verifies here");
		ok_jws_free(&jws);
	}
}

static void
test_jwcrypto(void)
{
	ok_buf pem = OK_BUF_INIT;
	EVP_PKEY *key;
	ok_err err;
	char key_path[128];
	size_t i;

	if (mkdtemp(tmpdir) == NULL || !write_file(tmp_path("jw.py"),
	    jwcrypto_script, sizeof(jwcrypto_script) - 1)) {
		tap_ok(false, "temporary directory for jwcrypto");
		return;
	}
	if (system(PYTHON " -c 'import jwcrypto' 2>/dev/null") != 0) {
		tap_ok(false, "python3-jwcrypto importable");
		return;
	}
	/* tmp_path() reuses its buffers: keep this one. */
	snprintf(key_path, sizeof(key_path), "%s", tmp_path("key.pem"));
	for (i = 0; i < sizeof(curves) / sizeof(curves[0]); i++) {
		key = new_key(curves[i].curve);
		if (ok_key_export(key, OK_KEY_FMT_PEM, &pem, &err) != OK_SUCCESS ||
		    !write_file(key_path, pem.data, pem.len))
			tap_ok(false, "key export");
		python_verifies_ours(key, &curves[i], key_path);
		ours_verifies_python(key, &curves[i], key_path);
		EVP_PKEY_free(key);
		ok_buf_wipe(&pem);
	}
	unlink(tmp_path("jw.py"));
	unlink(key_path);
	unlink(tmp_path("ours.jws"));
	rmdir(tmpdir);
}

/* ---- the voucher vectors ---- */

static X509 *
first_cert(const char *relpath)
{
	size_t len;
	char *pem = tap_read_vector(relpath, &len);
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	X509 *cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);

	BIO_free(bio);
	free(pem);
	return cert;
}

static void
tamper_member(char *text, const char *member, size_t offset)
{
	char *at = strstr(text, member);
	char *value;

	if (at == NULL)
		abort();
	value = strchr(at + strlen(member) + 1, '"') + 1;
	value[offset] = value[offset] == 'A' ? 'B' : 'A';
}

static void
check_vector(const char *relpath, const char *chain_path, const char *top)
{
	ok_jws jws = OK_JWS_INIT;
	X509 *leaf = first_cert(chain_path);
	json_t *payload = NULL;
	size_t len;
	char *text = tap_read_vector(relpath, &len);
	ok_err err;

	tap_ok(ok_jws_parse(text, len, &jws, &err) == OK_SUCCESS &&
	    jws.form == OK_JWS_GENERAL && jws.alg == OK_JWS_ES256,
	    "%s parses, general, ES256 (%s)", relpath, err.msg);
	tap_eq_str(json_string_value(json_object_get(jws.protected_header,
	    "typ")), "voucher-jws+json", relpath);
	tap_ok(jws.x5c != NULL && sk_X509_num(jws.x5c) == 1 && leaf != NULL &&
	    X509_cmp(sk_X509_value(jws.x5c, 0), leaf) == 0,
	    "%s: x5c[0] is %s's first certificate", relpath, chain_path);
	tap_ok(ok_json_parse((char *)jws.payload.data, jws.payload.len, "p",
	    &payload, &err) == OK_SUCCESS &&
	    json_object_get(payload, top) != NULL, "%s: payload has %s",
	    relpath, top);
	tap_ok(jws.x5c != NULL && ok_jws_verify(&jws,
	    X509_get0_pubkey(sk_X509_value(jws.x5c, 0)), &err) == OK_SUCCESS,
	    "%s: verifies with x5c[0]", relpath);
	ok_jws_free(&jws);
	tamper_member(text, "\"payload\"", 40);
	expect(text, len, X509_get0_pubkey(leaf), OK_E_NEGATIVE, "signature",
	    "tampered vector payload");
	free(text);
	text = tap_read_vector(relpath, &len);
	tamper_member(text, "\"signature\"", 7);
	expect(text, len, X509_get0_pubkey(leaf), OK_E_NEGATIVE, "signature",
	    "tampered vector signature");
	free(text);
	json_decref(payload);
	X509_free(leaf);
}

static void
test_vectors(void)
{
	check_vector("voucher/jws/voucher.jws.json",
	    "voucher/jws/voucher-signer-chain.pem", "ietf-voucher:voucher");
	check_vector("voucher/jws/pvr.jws.json",
	    "voucher/jws/pvr-signer-chain.pem",
	    "ietf-voucher-request:voucher");
	check_vector("voucher/jws/rvr.jws.json",
	    "voucher/jws/rvr-signer-chain.pem",
	    "ietf-voucher-request:voucher");
	check_vector("voucher/rfc8366bis/voucher-8366bis.jws.json",
	    "voucher/rfc8366bis/masa-00-D0-E5-F2-00-02.crt",
	    "ietf-voucher:voucher");
}

/* ---- malformed input ---- */

static void
test_malformed_compact(void)
{
	const char *p = a3_payload_b64, *s = a3_sig_b64;
	char big[128], *text;

	expect_str("", NULL, OK_E_MALFORMED, "jws", "empty");
	expect_str("a.b", NULL, OK_E_MALFORMED, "jws", "two parts");
	expect_str("a.b.c.d", NULL, OK_E_MALFORMED, "jws", "four parts");
	expect(a3_header_b64, OK_JWS_MAX_INPUT + 1, NULL, OK_E_MALFORMED,
	    "jws", "over the size limit");
	text = concat3("eyJhbGciOiJFUzI1NiJ9=", p, s);
	expect_str(text, NULL, OK_E_MALFORMED, "protected", "padded header");
	free(text);
	text = concat3("eyJhbGciOiJFUzI1Ni+9", p, s);
	expect_str(text, NULL, OK_E_MALFORMED, "protected", "'+' in header");
	free(text);
	expect_compact("not json", p, s, OK_E_MALFORMED, "protected",
	    "header not JSON");
	expect_compact("[\"ES256\"]", p, s, OK_E_MALFORMED, "protected",
	    "header an array");
	expect_compact("{\"alg\":\"ES256\",\"alg\":\"ES256\"}", p, s,
	    OK_E_MALFORMED, "protected", "duplicate alg");
	expect_compact("{\"alg\":\"ES256\"}x", p, s, OK_E_MALFORMED,
	    "protected", "trailing garbage in header");
	expect_compact("{\"typ\":\"JWT\"}", p, s, OK_E_MALFORMED, "alg",
	    "no alg");
	expect_compact("{\"alg\":\"none\"}", p, "", OK_E_MALFORMED, "alg",
	    "alg none");
	expect_compact("{\"alg\":\"HS256\"}", p, s, OK_E_MALFORMED, "alg",
	    "alg HS256");
	expect_compact("{\"alg\":\"RS256\"}", p, s, OK_E_MALFORMED, "alg",
	    "alg RS256");
	expect_compact("{\"alg\":\"ES256K\"}", p, s, OK_E_MALFORMED, "alg",
	    "alg ES256K");
	expect_compact("{\"alg\":\"es256\"}", p, s, OK_E_MALFORMED, "alg",
	    "alg lower case");
	expect_compact("{\"alg\":256}", p, s, OK_E_MALFORMED, "alg",
	    "alg a number");
	expect_compact("{\"alg\":\"ES256\",\"crit\":[\"exp\"],\"exp\":1}", p,
	    s, OK_E_MALFORMED, "crit", "crit");
	expect_compact("{\"alg\":\"ES256\",\"crit\":[]}", p, s,
	    OK_E_MALFORMED, "crit", "empty crit");
	expect_compact("{\"alg\":\"ES256\"}", "eyJ=", s, OK_E_MALFORMED,
	    "payload", "padded payload");
	expect_compact("{\"alg\":\"ES256\"}", "ey/J", s, OK_E_MALFORMED,
	    "payload", "'/' in payload");
	expect_compact("{\"alg\":\"ES256\"}", p, "DtEh+3lj", OK_E_MALFORMED,
	    "signature", "'+' in signature");
	snprintf(big, sizeof(big), "%.84s", s);
	expect_compact("{\"alg\":\"ES256\"}", p, big, OK_E_MALFORMED,
	    "signature", "63-byte ES256 signature");
	expect_compact("{\"alg\":\"ES384\"}", p, s, OK_E_MALFORMED,
	    "signature", "64-byte ES384 signature");
	expect_compact("{\"alg\":\"ES512\"}", p, s, OK_E_MALFORMED,
	    "signature", "64-byte ES512 signature");
}

static void
test_malformed_x5c(void)
{
	const char *p = a3_payload_b64, *s = a3_sig_b64;
	X509 *cert = first_cert("voucher/rfc8366bis/masa-00-D0-E5-F2-00-02.crt");
	unsigned char der[2048], *q = der;
	int der_len = i2d_X509(cert, &q);
	char header[4096], *std, *url;

	expect_compact("{\"alg\":\"ES256\",\"x5c\":\"MIIB\"}", p, s,
	    OK_E_MALFORMED, "x5c", "x5c a string");
	expect_compact("{\"alg\":\"ES256\",\"x5c\":[]}", p, s,
	    OK_E_MALFORMED, "x5c", "x5c empty");
	expect_compact("{\"alg\":\"ES256\",\"x5c\":[1]}", p, s,
	    OK_E_MALFORMED, "x5c", "x5c entry a number");
	expect_compact("{\"alg\":\"ES256\",\"x5c\":[\"AAAA\"]}", p, s,
	    OK_E_MALFORMED, "x5c", "x5c entry not a certificate");
	der[der_len] = 0;
	std = b64url(der, (size_t)der_len + 1, OK_B64_STD);
	snprintf(header, sizeof(header), "{\"alg\":\"ES256\",\"x5c\":[\"%s\"]}",
	    std);
	expect_compact(header, p, s, OK_E_MALFORMED, "x5c",
	    "x5c certificate with a trailing byte");
	free(std);
	std = b64url(der, (size_t)der_len, OK_B64_STD);
	url = b64url(der, (size_t)der_len, OK_B64_URL);
	tap_ok(strcmp(std, url) != 0 || strchr(std, '=') != NULL,
	    "certificate's base64 forms differ");
	snprintf(header, sizeof(header), "{\"alg\":\"ES256\",\"x5c\":[\"%s\"]}",
	    url);
	expect_compact(header, p, s, OK_E_MALFORMED, "x5c",
	    "x5c in base64url");
	snprintf(header, sizeof(header), "{\"alg\":\"ES256\",\"x5c\":[\"%s\"]}",
	    std);
	expect_compact(header, p, s, OK_SUCCESS, NULL, "x5c standard base64");
	free(std);
	free(url);
	X509_free(cert);
}

static void expect_json(const char *field, const char *what,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
expect_json(const char *field, const char *what, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	expect_str(text, NULL, OK_E_MALFORMED, field, what);
}

static void
test_malformed_json(void)
{
	const char *p = a3_payload_b64, *h = a3_header_b64, *s = a3_sig_b64;

	expect_json("jws", "unterminated object",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signature\":"
	    "\"%s\"", p, h, s);
	expect_json("jws", "trailing garbage",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signature\":"
	    "\"%s\"} x", p, h, s);
	expect_json("jws", "duplicate payload",
	    "{\"payload\":\"%s\",\"payload\":\"%s\",\"signature\":"
	    "\"%s\"}", p, p, s);
	expect_json("jws", "unknown member",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signature\":"
	    "\"%s\",\"extra\":1}", p, h, s);
	expect_json("jws", "unknown member with a control byte",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signature\":"
	    "\"%s\",\"a\\u007f\\u0001b\":1}", p, h, s);
	expect_json("jws", "general with top-level protected",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signatures\":"
	    "[{\"signature\":\"%s\"}]}", p, h, s);
	expect_json("signatures", "signatures an object",
	    "{\"payload\":\"%s\",\"signatures\":{\"protected\":\"%s\","
	    "\"signature\":\"%s\"}}", p, h, s);
	expect_json("signatures", "no signatures",
	    "{\"payload\":\"%s\",\"signatures\":[]%s%s}", p, "", "");
	expect_json("signatures", "two signatures",
	    "{\"payload\":\"%s\",\"signatures\":[{\"protected\":\"%s\","
	    "\"signature\":\"%s\"},{}]}", p, h, s);
	expect_json("signatures", "unknown member in a signature",
	    "{\"payload\":\"%s\",\"signatures\":[{\"protected\":\"%s\","
	    "\"signature\":\"%s\",\"x\":0}]}", p, h, s);
	expect_json("payload", "no payload",
	    "{%s%s\"protected\":\"%s\",\"signature\":\"AA\"}", "", "", h);
	expect_json("payload", "payload a number",
	    "{\"payload\":1%s,\"protected\":\"%s\",\"signature\":"
	    "\"%s\"}", "", h, s);
	expect_json("protected", "no protected",
	    "{\"payload\":\"%s\"%s,\"signature\":\"%s\"}", p, "", s);
	expect_json("signature", "no signature",
	    "{\"payload\":\"%s\",\"protected\":\"%s\"%s}", p, h, "");
	expect_json("protected", "protected as JSON, not base64url",
	    "{\"payload\":\"%s\",\"protected\":{\"alg\":\"%s\"},"
	    "\"signature\":\"%s\"}", p, "ES256", s);
	expect_json("header", "header an array",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":[],"
	    "\"signature\":\"%s\"}", p, h, s);
	expect_json("header", "alg in the unprotected header",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":"
	    "{\"alg\":\"ES256\"},\"signature\":\"%s\"}", p, h, s);
	expect_json("header", "crit in the unprotected header",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":"
	    "{\"crit\":[\"b64\"]},\"signature\":\"%s\"}", p, h, s);
	expect_json("signature", "padded signature",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"signature\":"
	    "\"%s=\"}", p, h, s);
	expect_json("header", "unprotected header repeats a protected member",
	    "{\"payload\":\"%s\",\"protected\":\"%s\",\"header\":"
	    "{\"typ\":\"x\"},\"signature\":\"%s\"}", p, "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9", s);
	expect_json("jws", "an array",
	    "[\"%s\",\"%s\",\"%s\"]", p, h, s);
}

int
main(void)
{
	test_rfc7515_a3();
	test_rfc7515_a3_json();
	test_a3_tampered();
	test_round_trips();
	test_zero_padding();
	test_vectors();
	test_malformed_compact();
	test_malformed_x5c();
	test_malformed_json();
	test_jwcrypto();
	return tap_done();
}
