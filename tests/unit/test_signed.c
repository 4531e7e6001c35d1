/*
 * test_signed.c: signed vouchers in their three forms.  Every published
 * example (RFC 8995 CMS in DER and base64, the JWS voucher drafts, the
 * constrained-voucher COSE set) parses and verifies; copies with one
 * byte of payload, signature or an embedded certificate changed do not;
 * broken envelopes are malformed with the part named; and what
 * ok_signed_sign makes (CMS, JWS, COSE with P-256, P-384 and Ed25519,
 * every include policy) parses and verifies again, CMS also with the
 * openssl CLI.
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/pem.h>

#include "common/codec.h"
#include "common/json.h"
#include "common/keys.h"
#include "voucher/signed.h"
#include "tap.h"
#include "tap_vectors.h"

#define RFC8995_TIME 1618358400
#define V "voucher/rfc8995/"
#define CC "voucher/constrained-cose/"
#define J "voucher/jws/"

static char tmpdir[] = "/tmp/test_signed.XXXXXX";

static bool
same_cert(const X509 *a, const X509 *b)
{
	return a != NULL && b != NULL && X509_cmp(a, b) == 0;
}

static bool
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static bool
run(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		tap_diag("command failed (%d): %s", rc, cmd);
	return rc == 0;
}

static bool
write_file(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;
	bool ok;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((f = fopen(path, "wb")) == NULL)
		return false;
	ok = fwrite(data, 1, len, f) == len;
	return fclose(f) == 0 && ok;
}

static uint8_t *
read_tmp(const char *name, size_t *len)
{
	char path[512];
	uint8_t *data;
	FILE *f;
	long size;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	data = malloc((size_t)size + 1);
	*len = fread(data, 1, (size_t)size, f);
	fclose(f);
	return data;
}

/* ---- published vectors ---- */

/* Parses name, checks the form and encoding; *sig is left parsed. */
static bool
parse_vec(const char *name, ok_vform form, ok_vencoding encoding,
    ok_signed *sig)
{
	size_t len;
	uint8_t *data = tap_vector_bytes(name, &len);
	ok_status st;
	ok_err err;

	st = ok_signed_parse(data, len, "input", sig, &err);
	free(data);
	if (!tap_eq_int(st, OK_SUCCESS, name)) {
		tap_diag("%s: %s", err.field, err.msg);
		return false;
	}
	tap_eq_str(ok_vform_name(sig->form), ok_vform_name(form), name);
	tap_eq_str(ok_vencoding_name(sig->encoding),
	    ok_vencoding_name(encoding), name);
	tap_ok(sig->certs != NULL, "%s: certificate stack set", name);
	return true;
}

static void
expect_verifies(ok_signed *sig, STACK_OF(X509) *candidates,
    const X509 *signer, const char *what)
{
	ok_err err;
	ok_status st = ok_signed_verify_signature(sig, candidates, &err);

	if (!tap_eq_int(st, OK_SUCCESS, what))
		tap_diag("%s: %s", err.field, err.msg);
	if (signer != NULL)
		tap_ok(same_cert(sig->signer, signer), "%s: signer", what);
}

static void
test_rfc8995_cms(void)
{
	STACK_OF(X509) *vendor = tap_certs_vector(V "vendor.crt");
	X509 *masa = tap_cert_vector(V "masa.crt");
	ok_verify_opts at_issue = { RFC8995_TIME, false, false };
	ok_verify_opts now = { 0, false, false };
	ok_signed sig;
	size_t json_len;
	uint8_t *json = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.json", &json_len);
	ok_err err;

	if (parse_vec(V "voucher_00-D0-E5-F2-00-02.der", OK_VFORM_CMS,
	    OK_VENC_DER, &sig)) {
		tap_eq_str(sig.content_type, OK_OID_DATA, "voucher: id-data");
		tap_eq_int(sig.cose_alg, 0, "voucher: no COSE alg");
		tap_eq_mem(sig.payload.data, sig.payload.len, json, json_len,
		    "voucher: payload is the eContent");
		tap_eq_int(sk_X509_num(sig.certs), 1, "voucher: 1 cert");
		tap_expect_err(ok_signed_verify_chain(&sig, NULL, vendor,
		    &at_issue, &err), OK_E_USAGE, &err, "signer",
		    "voucher: chain before the signature is refused");
		expect_verifies(&sig, NULL, masa, "voucher: signature");
		tap_eq_int(ok_signed_verify_chain(&sig, NULL, vendor,
		    &at_issue, &err), OK_SUCCESS,
		    "voucher: chain to vendor.crt at 2021-04-14");
		tap_expect_err(ok_signed_verify_chain(&sig, NULL, vendor, &now,
		    &err), OK_E_NEGATIVE, &err, "signer",
		    "voucher: chain now");
		tap_ok(strstr(err.msg, "expired") != NULL,
		    "voucher: now is expired (%s)", err.msg);
	}
	ok_signed_free(&sig);
	tap_ok(sig.certs == NULL && sig.signer == NULL && sig.cms == NULL,
	    "free resets");
	ok_signed_free(&sig);
	free(json);
	tap_free_certs(vendor);
	X509_free(masa);
}

static void
test_rfc8995_requests(void)
{
	STACK_OF(X509) *vendor = tap_certs_vector(V "vendor.crt");
	STACK_OF(X509) *owner = tap_certs_vector(V "ownerca_secp384r1.crt");
	X509 *idevid = tap_cert_vector(V "idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt");
	X509 *jrc = tap_cert_vector(V "jrc_prime256v1.crt");
	ok_verify_opts any = { RFC8995_TIME, true, false };
	ok_verify_opts smime = { RFC8995_TIME, false, false };
	ok_signed der, b64;
	ok_err err;

	if (parse_vec(V "vr_00-D0-E5-F2-00-02.der", OK_VFORM_CMS, OK_VENC_DER,
	    &der)) {
		expect_verifies(&der, NULL, idevid, "PVR: signature");
		tap_eq_int(ok_signed_verify_chain(&der, NULL, vendor, &smime,
		    &err), OK_SUCCESS, "PVR: chain");
	}
	ok_signed_free(&der);
	if (parse_vec(V "parboiled_vr_00-D0-E5-F2-00-02.der", OK_VFORM_CMS,
	    OK_VENC_DER, &der) &&
	    parse_vec(V "parboiled_vr_00-D0-E5-F2-00-02.b64", OK_VFORM_CMS,
	    OK_VENC_BASE64, &b64)) {
		tap_eq_mem(b64.payload.data, b64.payload.len, der.payload.data,
		    der.payload.len, "RVR base64: same content as the DER");
		tap_eq_int(sk_X509_num(b64.certs), sk_X509_num(der.certs),
		    "RVR base64: same certificates");
		expect_verifies(&b64, NULL, jrc, "RVR base64: signature");
		tap_eq_int(ok_signed_verify_chain(&b64, NULL, owner, &any,
		    &err), OK_SUCCESS, "RVR: chain, purpose any (passed on)");
		tap_expect_err(ok_signed_verify_chain(&b64, NULL, owner,
		    &smime, &err), OK_E_NEGATIVE, &err, "signer",
		    "RVR: chain, S/MIME purpose (cmcRA only)");
	}
	ok_signed_free(&der);
	ok_signed_free(&b64);
	tap_free_certs(vendor);
	tap_free_certs(owner);
	X509_free(idevid);
	X509_free(jrc);
}

/* The RFC 8995 voucher as PEM with either label, derived here. */
static void
test_pem(void)
{
	static const char *const labels[] = { "CMS", "PKCS7", "CERTIFICATE" };
	size_t len, i;
	uint8_t *der = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.der", &len);
	char *pem, *text;
	ok_signed sig;
	long pem_len;
	ok_status st;
	ok_err err;
	BIO *mem;

	for (i = 0; i < 3; i++) {
		mem = BIO_new(BIO_s_mem());
		PEM_write_bio(mem, labels[i], "", der, (long)len);
		pem_len = BIO_get_mem_data(mem, &pem);
		text = malloc((size_t)pem_len + 8);
		memcpy(text, "\n ", 2);
		memcpy(text + 2, pem, (size_t)pem_len);
		st = ok_signed_parse((uint8_t *)text, (size_t)pem_len + 2,
		    "in.pem", &sig, &err);
		if (i < 2) {
			tap_eq_int(st, OK_SUCCESS, labels[i]);
			tap_eq_str(ok_vencoding_name(sig.encoding), "pem",
			    "PEM encoding");
			expect_verifies(&sig, NULL, NULL, "PEM: signature");
			tap_eq_mem(sig.envelope.data, sig.envelope.len, der,
			    len, "PEM: the envelope is the DER inside");
		} else
			tap_expect_err(st, OK_E_MALFORMED, &err, "in.pem",
			    "PEM CERTIFICATE is not a voucher");
		ok_signed_free(&sig);
		memcpy(text + 2 + pem_len, "x\n", 2);
		tap_expect_err(ok_signed_parse((uint8_t *)text,
		    (size_t)pem_len + 4, "in.pem", &sig, &err), OK_E_MALFORMED,
		    &err, "in.pem", "PEM: text after the block");
		free(text);
		BIO_free(mem);
	}
	free(der);
}

static void
test_sztp(void)
{
	STACK_OF(X509) *owner = tap_certs_vector("voucher/sztp/owner.crt");
	ok_signed sig;
	ok_err err;

	if (parse_vec("voucher/sztp/ownership-voucher.cms", OK_VFORM_CMS,
	    OK_VENC_DER, &sig)) {
		tap_eq_str(sig.content_type, OK_OID_ANIMA_JSON_VOUCHER,
		    "OV: eContentType .40");
		tap_eq_int(sk_X509_num(sig.certs), 2, "OV: 2 certs");
		expect_verifies(&sig, NULL, NULL, "OV: signature");
	}
	ok_signed_free(&sig);
	if (parse_vec("voucher/sztp/conveyed-information-signed.cms",
	    OK_VFORM_CMS, OK_VENC_DER, &sig)) {
		tap_eq_int(sk_X509_num(sig.certs), 0, "conveyed: no certs");
		tap_expect_err(ok_signed_verify_signature(&sig, NULL, &err),
		    OK_E_NEGATIVE, &err, "signer",
		    "conveyed: signer unknown without candidates");
		expect_verifies(&sig, owner, sk_X509_value(owner, 0),
		    "conveyed: signer among candidates");
	}
	ok_signed_free(&sig);
	tap_free_certs(owner);
}

static void
test_jws_vector(const char *name, const char *chain_name)
{
	STACK_OF(X509) *chain = tap_certs_vector(chain_name);
	ok_signed sig;

	if (parse_vec(name, OK_VFORM_JWS, OK_VENC_JSON, &sig)) {
		tap_eq_str(sig.content_type, "voucher-jws+json", "JWS: typ");
		tap_eq_int(sig.cose_alg, OK_COSE_ES256, "JWS: ES256 is -7");
		tap_ok(sk_X509_num(sig.certs) >= 1 &&
		    same_cert(sk_X509_value(sig.certs, 0),
		    sk_X509_value(chain, 0)), "%s: x5c[0]", name);
		tap_eq_mem(sig.payload.data, 1, "{", 1, "JWS: JSON payload");
		tap_ok(sig.envelope.len > 2 && sig.envelope.data[0] == '{' &&
		    sig.envelope.data[sig.envelope.len - 1] == '}',
		    "JWS: the envelope is the JSON text, white space trimmed");
		expect_verifies(&sig, NULL, sk_X509_value(chain, 0), name);
	}
	ok_signed_free(&sig);
	tap_free_certs(chain);
}

/* The flattened form of voucher.jws.json (derived here) is read too. */
static void
test_jws_flattened(void)
{
	size_t len;
	char *text = (char *)tap_vector_bytes(J "voucher.jws.json", &len), *flat;
	json_t *doc = json_loadb(text, len, 0, NULL), *one;
	ok_signed sig;
	ok_err err;

	one = json_array_get(json_object_get(doc, "signatures"), 0);
	json_object_set(one, "payload", json_object_get(doc, "payload"));
	flat = json_dumps(one, JSON_COMPACT);
	if (tap_eq_int(ok_signed_parse((uint8_t *)flat, strlen(flat), "in",
	    &sig, &err), OK_SUCCESS, "flattened JWS parses")) {
		tap_eq_int(sig.jws.form, OK_JWS_FLATTENED, "flattened form");
		expect_verifies(&sig, NULL, NULL, "flattened JWS");
	}
	ok_signed_free(&sig);
	free(flat);
	json_decref(doc);
	free(text);
}

static void
test_cose_vectors(void)
{
	STACK_OF(X509) *masa_ca = tap_certs_vector(CC "masa_ca.pem");
	STACK_OF(X509) *masa = tap_certs_vector(CC "masa.pem");
	STACK_OF(X509) *pledge = tap_certs_vector(CC "pledge.pem");
	X509 *registrar = tap_cert_vector(CC "registrar.pem");
	size_t len;
	uint8_t *payload = tap_vector_bytes(CC "voucher-payload.cbor", &len);
	ok_signed sig;
	ok_err err;

	if (parse_vec(CC "voucher.cose", OK_VFORM_COSE, OK_VENC_CBOR, &sig)) {
		tap_eq_int(sig.cose_alg, OK_COSE_ES256, "voucher.cose: ES256");
		tap_eq_str(sig.content_type, "", "voucher.cose: no type");
		tap_ok(sig.cose.tagged, "voucher.cose: tag 18");
		tap_eq_mem(sig.payload.data, sig.payload.len, payload, len,
		    "voucher.cose: payload");
		tap_eq_int(sk_X509_num(sig.certs), 0, "voucher.cose: no certs");
		tap_expect_err(ok_signed_verify_signature(&sig, NULL, &err),
		    OK_E_NEGATIVE, &err, "signer",
		    "voucher.cose: no certificate to try");
		tap_expect_err(ok_signed_verify_signature(&sig, masa, &err),
		    OK_E_NEGATIVE, &err, "signature",
		    "voucher.cose: masa.pem's key does not verify");
		expect_verifies(&sig, masa_ca, sk_X509_value(masa_ca, 0),
		    "voucher.cose: masa_ca.pem");
	}
	ok_signed_free(&sig);
	if (parse_vec(CC "pvr.cose", OK_VFORM_COSE, OK_VENC_CBOR, &sig))
		expect_verifies(&sig, pledge, sk_X509_value(pledge, 0),
		    "pvr.cose: pledge.pem");
	ok_signed_free(&sig);
	if (parse_vec(CC "rvr.cose", OK_VFORM_COSE, OK_VENC_CBOR, &sig)) {
		tap_eq_int(sk_X509_num(sig.certs), 2, "rvr.cose: x5bag of 2");
		/* x5bag[0] is a re-issue of registrar.pem: same key */
		expect_verifies(&sig, NULL, sk_X509_value(sig.certs, 0),
		    "rvr.cose: signer from its x5bag");
		tap_ok(sig.signer != NULL && EVP_PKEY_eq(X509_get0_pubkey(
		    sig.signer), X509_get0_pubkey(registrar)) == 1,
		    "rvr.cose: signer key is registrar.pem's");
	}
	ok_signed_free(&sig);
	free(payload);
	tap_free_certs(masa_ca);
	tap_free_certs(masa);
	tap_free_certs(pledge);
	X509_free(registrar);
}

static void
test_cose_without_alg(void)
{
	static const char *const names[] = {
		CC "legacy-sid/voucher_00-D0-E5-F2-00-03.vch",
		CC "legacy-sid/vr_00-D0-E5-F2-00-03.vrq",
		CC "legacy-sid/parboiled_vr_00-D0-E5-F2-00-03.vrq",
	};
	size_t i, len;
	uint8_t *data;
	ok_signed sig;
	ok_err err;

	for (i = 0; i < 3; i++) {
		data = tap_vector_bytes(names[i], &len);
		tap_expect_err(ok_signed_parse(data, len, "input", &sig, &err),
		    OK_E_MALFORMED, &err, "alg", names[i]);
		free(data);
	}
}

/* ---- tampered copies ---- */

static void
expect_tampered(const uint8_t *data, size_t len, ok_status want,
    const char *what)
{
	ok_signed sig;
	ok_status st;
	ok_err err;

	st = ok_signed_parse(data, len, "input", &sig, &err);
	if (st == OK_SUCCESS)
		st = ok_signed_verify_signature(&sig, NULL, &err);
	if (!tap_eq_int(st, want, what))
		tap_diag("%s: %s", err.field, err.msg);
	if (st != OK_SUCCESS)
		tap_diag("%s -> %s: %s", what, err.field, err.msg);
	ok_signed_free(&sig);
}

/* A copy of data with the byte at offset changed. */
static uint8_t *
flipped(const uint8_t *data, size_t len, size_t offset)
{
	uint8_t *copy = malloc(len);

	memcpy(copy, data, len);
	copy[offset] ^= 0x01;
	return copy;
}

/* Offset of the last byte of cert's public key in data, or 0. */
static size_t
key_offset(const uint8_t *data, size_t len, const X509 *cert)
{
	ok_buf spki = OK_BUF_INIT;
	const uint8_t *at = NULL;
	size_t offset = 0;
	ok_err err;

	if (ok_cert_spki_der(cert, &spki, &err) == OK_SUCCESS &&
	    (at = memmem(data, len, spki.data, spki.len)) != NULL)
		offset = (size_t)(at - data) + spki.len - 1;
	ok_buf_free(&spki);
	return offset;
}

/* The three tamperings of a binary (CMS or COSE) signed voucher: the
 * signature is the last thing in both. */
static void
tamper_binary(const char *name, STACK_OF(X509) *candidates,
    ok_status cert_want)
{
	size_t len, key_at;
	uint8_t *data = tap_vector_bytes(name, &len), *copy;
	const uint8_t *payload_at;
	char what[200];
	ok_signed sig;
	ok_err err;

	if (ok_signed_parse(data, len, "input", &sig, &err) != OK_SUCCESS) {
		tap_ok(false, "%s parses", name);
		free(data);
		return;
	}
	payload_at = memmem(data, len, sig.payload.data, sig.payload.len);
	tap_ok(payload_at != NULL, "%s: payload found", name);
	copy = flipped(data, len, (size_t)(payload_at - data) +
	    sig.payload.len / 2);
	snprintf(what, sizeof(what), "%s: payload byte changed", name);
	expect_tampered(copy, len, OK_E_NEGATIVE, what);
	free(copy);
	copy = flipped(data, len, len - 1);
	snprintf(what, sizeof(what), "%s: signature byte changed", name);
	expect_tampered(copy, len, OK_E_NEGATIVE, what);
	free(copy);
	key_at = sk_X509_num(sig.certs) > 0 ? key_offset(data, len,
	    sk_X509_value(sig.certs, 0)) : 0;
	if (candidates == NULL && tap_ok(key_at > 0, "%s: certificate key "
	    "found", name)) {
		copy = flipped(data, len, key_at);
		snprintf(what, sizeof(what), "%s: certificate byte changed",
		    name);
		expect_tampered(copy, len, cert_want, what);
		free(copy);
	}
	ok_signed_free(&sig);
	free(data);
}

/* JWS: the payload and signature members, and the x5c leaf's key (inside
 * the base64url protected header, re-encoded). */
static char *
jws_member_flip(const char *text, const char *member, size_t at)
{
	char key[32], *copy = strdup(text), *pos;

	snprintf(key, sizeof(key), "\"%s\"", member);
	pos = strstr(copy, key);
	pos = strchr(pos + strlen(key), '"') + 1;
	pos[at] = pos[at] == 'A' ? 'B' : 'A';
	return copy;
}

static char *
jws_cert_flip(const char *text)
{
	ok_buf header = OK_BUF_INIT, der = OK_BUF_INIT, b64 = OK_BUF_INIT;
	char *copy = strdup(text), *start, *end, *x5c, *x5c_end;
	X509 *cert;
	const unsigned char *p;
	size_t key_at;
	ok_err err;

	start = strchr(strstr(copy, "\"protected\"") + 11, '"') + 1;
	end = strchr(start, '"');
	ok_b64_decode(start, (size_t)(end - start), OK_B64_URL, "p", &header,
	    &err);
	x5c = strchr(strstr((char *)header.data, "\"x5c\""), '[');
	x5c = strchr(x5c, '"') + 1;
	x5c_end = strchr(x5c, '"');
	ok_b64_decode(x5c, (size_t)(x5c_end - x5c), OK_B64_STD, "c", &der,
	    &err);
	p = der.data;
	cert = d2i_X509(NULL, &p, (long)der.len);
	key_at = key_offset(der.data, der.len, cert);
	der.data[key_at] ^= 0x01;
	ok_b64_encode_buf(der.data, der.len, OK_B64_STD, &b64, &err);
	memcpy(x5c, b64.data, b64.len);
	ok_b64_encode_buf(header.data, header.len, OK_B64_URL, &b64, &err);
	memcpy(start, b64.data, b64.len);
	X509_free(cert);
	ok_buf_free(&header);
	ok_buf_free(&der);
	ok_buf_free(&b64);
	return copy;
}

static void
tamper_jws(const char *name)
{
	size_t len;
	char *text = (char *)tap_vector_bytes(name, &len), *copy;
	char what[200];

	copy = jws_member_flip(text, "payload", 20);
	snprintf(what, sizeof(what), "%s: payload changed", name);
	expect_tampered((uint8_t *)copy, len, OK_E_NEGATIVE, what);
	free(copy);
	copy = jws_member_flip(text, "signature", 20);
	snprintf(what, sizeof(what), "%s: signature changed", name);
	expect_tampered((uint8_t *)copy, len, OK_E_NEGATIVE, what);
	free(copy);
	copy = jws_cert_flip(text);
	snprintf(what, sizeof(what), "%s: x5c certificate key changed", name);
	expect_tampered((uint8_t *)copy, len, OK_E_NEGATIVE, what);
	free(copy);
	free(text);
}

static void
test_tampered(void)
{
	STACK_OF(X509) *masa_ca = tap_certs_vector(CC "masa_ca.pem");
	size_t len;
	uint8_t *data;

	data = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.tampered.der", &len);
	expect_tampered(data, len, OK_E_NEGATIVE,
	    "RFC 8995 tampered voucher (published)");
	free(data);
	tamper_binary(V "voucher_00-D0-E5-F2-00-02.der", NULL, OK_E_NEGATIVE);
	tamper_binary(V "parboiled_vr_00-D0-E5-F2-00-02.der", NULL,
	    OK_E_NEGATIVE);
	tamper_binary(CC "rvr.cose", NULL, OK_E_NEGATIVE);
	tamper_jws(J "voucher.jws.json");
	tamper_jws("voucher/rfc8366bis/voucher-8366bis.jws.json");
	tap_free_certs(masa_ca);
}

/* ---- malformed envelopes ---- */

static void
expect_malformed(const void *data, size_t len, const char *field,
    const char *what)
{
	ok_signed sig;
	ok_err err;

	tap_expect_err(ok_signed_parse(data, len, "input", &sig, &err),
	    OK_E_MALFORMED, &err, field, what);
	tap_ok(sig.certs == NULL && sig.cms == NULL, "%s: nothing kept",
	    what);
}

static void
test_malformed(void)
{
	size_t len, cose_len, jws_len;
	uint8_t *der, *cose = tap_vector_bytes(CC "rvr.cose", &cose_len);
	uint8_t *jws = tap_vector_bytes(J "voucher.jws.json", &jws_len);
	uint8_t *broken, *longer;

	broken = tap_vector_bytes("voucher/minerva-highway/"
	    "parboiled_vr_broken-00-D0-E5-F2-00-02.b64", &len);
	expect_malformed(broken, len, "input",
	    "Minerva broken RVR (truncated CMS, base64)");
	free(broken);
	der = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.der", &len);
	expect_malformed(der, len / 2, "input", "truncated CMS DER");
	longer = malloc(len + 1);
	memcpy(longer, der, len);
	longer[len] = 0;
	expect_malformed(longer, len + 1, "input", "CMS DER + 1 byte");
	free(longer);
	expect_malformed("", 0, "input", "empty");
	expect_malformed("hello, world!", 13, "input", "text");
	expect_malformed("MIIB*AAA", 8, "input", "not base64");
	expect_malformed("MIIBAAA", 7, "input", "base64 unpadded");
	expect_malformed("\x01\x02", 2, "input", "unknown first byte");
	expect_malformed(cose, cose_len - 1, "input", "truncated COSE");
	expect_malformed(jws, jws_len / 2, "jws", "truncated JWS JSON");
	expect_malformed("{\"payload\":\"e30\",\"protected\":\"e30\","
	    "\"signature\":\"\"}", 50, "alg", "JWS without alg");
	expect_malformed("eyJhbGciOiJFUzI1NiJ9.e30.AAAA", 29, "input",
	    "compact JWS is not a voucher form");
	/* the COSE body of rvr.cose with the tag changed to 17 */
	cose[0] = 0xd1;
	expect_malformed(cose, cose_len, "input", "COSE under tag 17");
	free(cose);
	free(jws);
	free(der);
}

/* ---- signing ---- */

enum { LEAF_P256, LEAF_P384, LEAF_ED25519, LEAF_COUNT };

static const char *const leaf_names[LEAF_COUNT] = { "p256", "p384", "ed" };

struct pki {
	X509 *root, *inter, *leaf[LEAF_COUNT];
	EVP_PKEY *key[LEAF_COUNT];
	STACK_OF(X509) *chain;   /* inter, root */
	STACK_OF(X509) *anchors; /* root */
};

static bool
make_pki(void)
{
	return run("cd %s && printf 'basicConstraints=critical,CA:TRUE\\n"
	    "keyUsage=critical,keyCertSign\\n' > ca.ext && "
	    "printf 'basicConstraints=CA:FALSE\\nkeyUsage=critical,"
	    "digitalSignature\\n' > leaf.ext && "
	    "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-384 "
	    "-nodes -keyout root.key -out root.crt -subj /CN=root -days 3650 "
	    "-addext basicConstraints=critical,CA:TRUE "
	    "-addext keyUsage=critical,keyCertSign 2>/dev/null && "
	    "openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
	    "-keyout inter.key -out inter.csr -subj /CN=inter 2>/dev/null && "
	    "openssl x509 -req -in inter.csr -CA root.crt -CAkey root.key "
	    "-CAcreateserial -days 3650 -extfile ca.ext -out inter.crt "
	    "2>/dev/null && "
	    "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
	    "-out p256.key && "
	    "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 "
	    "-out p384.key && openssl genpkey -algorithm ed25519 -out ed.key &&"
	    " for k in p256 p384 ed; do openssl req -new -key $k.key "
	    "-subj /CN=leaf-$k -out $k.csr && openssl x509 -req -in $k.csr "
	    "-CA inter.crt -CAkey inter.key -CAcreateserial -days 3650 "
	    "-extfile leaf.ext -out $k.crt 2>/dev/null || exit 1; done",
	    tmpdir);
}

static X509 *
tmp_cert(const char *name)
{
	size_t len;
	uint8_t *data = read_tmp(name, &len);
	X509 *cert = NULL;
	ok_err err;

	if (data == NULL || ok_cert_parse(data, len, name, &cert, &err) !=
	    OK_SUCCESS)
		tap_diag("%s: cannot load", name);
	free(data);
	return cert;
}

/* Keys go through ok_key_parse: Ed25519 PKCS#8 included. */
static EVP_PKEY *
tmp_key(const char *name)
{
	size_t len;
	uint8_t *data = read_tmp(name, &len);
	EVP_PKEY *key = NULL;
	ok_err err;

	if (data == NULL || ok_key_parse(data, len, NULL, name, &key, &err) !=
	    OK_SUCCESS)
		tap_diag("%s: %s", name, data ? err.msg : "cannot read");
	free(data);
	return key;
}

static bool
load_pki(struct pki *pki)
{
	char name[64];
	int i;
	bool ok;

	pki->root = tmp_cert("root.crt");
	pki->inter = tmp_cert("inter.crt");
	pki->chain = sk_X509_new_null();
	pki->anchors = sk_X509_new_null();
	sk_X509_push(pki->chain, pki->inter);
	sk_X509_push(pki->chain, pki->root);
	sk_X509_push(pki->anchors, pki->root);
	ok = pki->root != NULL && pki->inter != NULL;
	for (i = 0; i < LEAF_COUNT; i++) {
		snprintf(name, sizeof(name), "%s.crt", leaf_names[i]);
		pki->leaf[i] = tmp_cert(name);
		snprintf(name, sizeof(name), "%s.key", leaf_names[i]);
		pki->key[i] = tmp_key(name);
		ok = ok && pki->leaf[i] != NULL && pki->key[i] != NULL;
	}
	return tap_ok(ok, "test PKI loaded (Ed25519 key via ok_key_parse)");
}

static void
free_pki(struct pki *pki)
{
	int i;

	for (i = 0; i < LEAF_COUNT; i++) {
		X509_free(pki->leaf[i]);
		EVP_PKEY_free(pki->key[i]);
	}
	sk_X509_free(pki->chain);
	sk_X509_free(pki->anchors);
	X509_free(pki->root);
	X509_free(pki->inter);
}

static const char json_payload[] =
    "{\"ietf-voucher:voucher\":{\"assertion\":\"verified\","
    "\"created-on\":\"2026-01-01T00:00:00Z\","
    "\"serial-number\":\"rt-0001\",\"nonce\":\"abcd\"}}";

static ok_vsign_opts
sign_opts(const struct pki *pki, ok_vform form, int leaf,
    ok_vinclude include)
{
	ok_vsign_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.form = form;
	opts.key = pki->key[leaf];
	opts.signer = pki->leaf[leaf];
	opts.chain = pki->chain;
	opts.include = include;
	return opts;
}

/* The first bytes of the unprotected header of a tag-18 COSE_Sign1. */
static const uint8_t *
cose_unprotected_at(const ok_signed *sig, const ok_buf *out)
{
	return out->data + 3 + sig->cose.protected_bytes.len;
}

static void
check_form_details(const ok_signed *sig, const ok_buf *out, int leaf,
    int want_certs, const char *what)
{
	static const int64_t cose_algs[] = { OK_COSE_ES256, OK_COSE_ES384,
	    OK_COSE_EDDSA };
	ok_buf text = OK_BUF_INIT;
	const uint8_t *unprot;
	char head[80];

	if (sig->form == OK_VFORM_CMS)
		tap_eq_str(sig->content_type, OK_OID_ANIMA_JSON_VOUCHER, what);
	if (sig->form == OK_VFORM_JWS) {
		tap_eq_str(sig->content_type, "voucher-jws+json", what);
		snprintf(head, sizeof(head), "{\"alg\":\"%s\",\"typ\":"
		    "\"voucher-jws+json\"%s", leaf == LEAF_P256 ? "ES256" :
		    "ES384", want_certs ? ",\"x5c\":[\"" : "}");
		ok_json_dump(sig->jws.protected_header, 0, &text, NULL);
		tap_ok(text.len >= strlen(head) &&
		    memcmp(text.data, head, strlen(head)) == 0,
		    "%s: protected header %s...", what, head);
		ok_buf_free(&text);
	}
	if (sig->form != OK_VFORM_COSE)
		return;
	tap_eq_int(sig->cose_alg, cose_algs[leaf], what);
	tap_ok(out->data[0] == 0xd2 && sig->cose.tagged, "%s: tag 18", what);
	unprot = cose_unprotected_at(sig, out);
	if (want_certs == 0)
		tap_ok(unprot[0] == 0xa0, "%s: empty unprotected", what);
	else
		tap_ok(unprot[0] == 0xa1 && unprot[1] == 0x18 &&
		    unprot[2] == 0x20 && (want_certs == 1 ?
		    (unprot[3] & 0xe0) == 0x40 : unprot[3] ==
		    0x80 + want_certs), "%s: x5bag (32) as %s", what,
		    want_certs == 1 ? "a bstr" : "an array");
}

static const uint8_t *cbor_payload;
static size_t cbor_payload_len;

static void
roundtrip(const struct pki *pki, ok_vform form, int leaf,
    ok_vinclude include, int want_certs)
{
	ok_vsign_opts opts = sign_opts(pki, form, leaf, include);
	ok_verify_opts any = { 0, true, false };
	const uint8_t *payload = (const uint8_t *)json_payload;
	size_t len = strlen(json_payload);
	STACK_OF(X509) *leaf_only = sk_X509_new_null();
	ok_buf out = OK_BUF_INIT;
	char what[120];
	ok_signed sig;
	ok_err err;

	sk_X509_push(leaf_only, pki->leaf[leaf]);
	if (form == OK_VFORM_COSE) {
		payload = cbor_payload;
		len = cbor_payload_len;
	}
	snprintf(what, sizeof(what), "%s %s include %d",
	    ok_vform_name(form), leaf_names[leaf], (int)include);
	if (!tap_eq_int(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_SUCCESS, what)) {
		tap_diag("%s: %s", err.field, err.msg);
		goto done;
	}
	if (!tap_eq_int(ok_signed_parse(out.data, out.len, "out", &sig, &err),
	    OK_SUCCESS, what))
		goto done;
	tap_eq_int(sig.form, form, what);
	tap_eq_mem(sig.payload.data, sig.payload.len, payload, len, what);
	tap_eq_int(sk_X509_num(sig.certs), want_certs, what);
	check_form_details(&sig, &out, leaf, want_certs, what);
	if (want_certs == 0)
		tap_expect_err(ok_signed_verify_signature(&sig, NULL, &err),
		    OK_E_NEGATIVE, &err, "signer", what);
	expect_verifies(&sig, want_certs ? NULL : leaf_only, pki->leaf[leaf],
	    what);
	tap_eq_int(ok_signed_verify_chain(&sig, want_certs < 3 ? pki->chain :
	    NULL, pki->anchors, &any, &err), OK_SUCCESS, what);
	ok_signed_free(&sig);
done:
	ok_buf_free(&out);
	sk_X509_free(leaf_only);
}

static void
test_roundtrips(const struct pki *pki)
{
	static const ok_vform forms[] = { OK_VFORM_CMS, OK_VFORM_JWS,
	    OK_VFORM_COSE };
	static const ok_vinclude includes[] = { OK_VINCLUDE_CHAIN,
	    OK_VINCLUDE_NO_ANCHOR, OK_VINCLUDE_SIGNER, OK_VINCLUDE_NONE };
	static const int counts[] = { 3, 2, 1, 0 };
	size_t f, i;
	int leaf;

	for (f = 0; f < 3; f++)
		for (leaf = LEAF_P256; leaf <= LEAF_P384; leaf++)
			for (i = 0; i < 4; i++)
				roundtrip(pki, forms[f], leaf, includes[i],
				    counts[i]);
	for (i = 0; i < 4; i++)
		roundtrip(pki, OK_VFORM_COSE, LEAF_ED25519, includes[i],
		    counts[i]);
}

static void
test_sign_errors(const struct pki *pki)
{
	ok_vsign_opts opts = sign_opts(pki, OK_VFORM_JWS, LEAF_ED25519,
	    OK_VINCLUDE_CHAIN);
	const uint8_t *payload = (const uint8_t *)json_payload;
	size_t len = strlen(json_payload);
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "key", "JWS with Ed25519");
	tap_ok(out.data == NULL, "nothing written");
	opts = sign_opts(pki, OK_VFORM_CMS, LEAF_P256, OK_VINCLUDE_CHAIN);
	opts.key = pki->key[LEAF_P384];
	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "key", "CMS: key of another certificate");
	opts.form = OK_VFORM_JWS;
	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "key", "JWS: key of another certificate");
	opts.form = OK_VFORM_COSE;
	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "key", "COSE: key of another certificate");
	opts = sign_opts(pki, OK_VFORM_CMS, LEAF_P256, OK_VINCLUDE_CHAIN);
	opts.econtent_type = "not-an-oid";
	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "econtent-type", "CMS: bad eContentType");
	opts.key = NULL;
	tap_expect_err(ok_signed_sign(payload, len, &opts, &out, &err),
	    OK_E_USAGE, &err, "key", "no key");
}

static void
test_econtent_types(const struct pki *pki)
{
	static const char *const oids[] = { OK_OID_ANIMA_JSON_VOUCHER,
	    OK_OID_DATA, OK_OID_SZTP_CONVEYED_JSON };
	ok_vsign_opts opts = sign_opts(pki, OK_VFORM_CMS, LEAF_P256,
	    OK_VINCLUDE_CHAIN);
	ok_buf out = OK_BUF_INIT;
	ok_signed sig;
	ok_err err;
	size_t i;

	opts.signing_time = RFC8995_TIME;
	for (i = 0; i < 3; i++) {
		opts.econtent_type = oids[i];
		if (ok_signed_sign((const uint8_t *)json_payload,
		    strlen(json_payload), &opts, &out, &err) == OK_SUCCESS &&
		    tap_eq_int(ok_signed_parse(out.data, out.len, "out", &sig,
		    &err), OK_SUCCESS, oids[i])) {
			tap_eq_str(sig.content_type, oids[i], "eContentType");
			expect_verifies(&sig, NULL, pki->leaf[LEAF_P256],
			    oids[i]);
		}
		ok_signed_free(&sig);
	}
	ok_buf_free(&out);
}

/* The openssl CLI accepts what ok_signed_sign makes, with the chain
 * embedded or with the certificates given separately (include none). */
static void
test_openssl_cms(const struct pki *pki)
{
	ok_vinclude includes[] = { OK_VINCLUDE_CHAIN, OK_VINCLUDE_NONE };
	ok_vsign_opts opts;
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	size_t i, len;
	uint8_t *content;

	for (i = 0; i < 2; i++) {
		opts = sign_opts(pki, OK_VFORM_CMS, LEAF_P256, includes[i]);
		if (ok_signed_sign((const uint8_t *)json_payload,
		    strlen(json_payload), &opts, &out, &err) != OK_SUCCESS ||
		    !write_file("v.cms", out.data, out.len)) {
			tap_ok(false, "openssl: signing");
			continue;
		}
		/* openssl 3.0 builds chains from embedded certificates only
		 * (-certfile finds the signer), so with none the
		 * intermediate joins the CA file */
		tap_ok(run("cd %s && cat root.crt inter.crt > both.pem && "
		    "openssl cms -verify -inform DER -in v.cms -purpose any %s "
		    "-out v.out 2>/dev/null", tmpdir, i == 0 ? "-CAfile root.crt" :
		    "-CAfile both.pem -certfile p256.crt"),
		    "openssl cms -verify, include %s",
		    i == 0 ? "chain" : "none");
		content = read_tmp("v.out", &len);
		tap_eq_mem(content, content ? len : 0, json_payload,
		    strlen(json_payload), "openssl: content");
		free(content);
		if (i == 1)
			tap_ok(run("cd %s && ! openssl cms -verify -inform DER "
			    "-in v.cms -CAfile root.crt -purpose any -out "
			    "v.out 2>/dev/null", tmpdir),
			    "openssl: include none has no signer certificate");
	}
	ok_buf_free(&out);
}

/* ---- the voucher layer ---- */

/* JSON forms carry the leaves as they were; COSE carries the SID CBOR,
 * whose text forms (nonce, times) are its own, so the CBOR is compared. */
static void
same_voucher(const ok_voucher *signed_one, const ok_voucher *back,
    const ok_signed *sig)
{
	ok_buf cbor = OK_BUF_INIT;
	ok_err err;

	if (sig->form != OK_VFORM_COSE) {
		tap_ok(json_equal(signed_one->leaves, back->leaves),
		    "%s: same leaves", ok_vform_name(sig->form));
		return;
	}
	tap_eq_str(ok_voucher_get(back, "serial-number"),
	    ok_voucher_get(signed_one, "serial-number"), "cose: serial");
	if (tap_eq_int(ok_voucher_to_cbor(back, &cbor, &err), OK_SUCCESS,
	    "cose: decoded voucher encodes again"))
		tap_eq_mem(cbor.data, cbor.len, sig->payload.data,
		    sig->payload.len, "cose: to the same SID CBOR");
	ok_buf_free(&cbor);
}

static void
test_voucher_content(const struct pki *pki)
{
	static const ok_vform forms[] = { OK_VFORM_CMS, OK_VFORM_JWS,
	    OK_VFORM_COSE };
	ok_voucher voucher = OK_VOUCHER_INIT, back = OK_VOUCHER_INIT;
	ok_vsign_opts opts;
	ok_warnings warnings;
	ok_buf out = OK_BUF_INIT;
	ok_signed sig;
	ok_err err;
	size_t i;

	memset(&warnings, 0, sizeof(warnings));
	if (parse_vec(V "voucher_00-D0-E5-F2-00-02.der", OK_VFORM_CMS,
	    OK_VENC_DER, &sig) &&
	    tap_eq_int(ok_signed_voucher(&sig, 0, &voucher, &warnings, &err),
	    OK_SUCCESS, "RFC 8995 voucher content"))
		tap_eq_str(ok_voucher_get(&voucher, "serial-number"),
		    "00-D0-E5-F2-00-02", "serial-number");
	ok_signed_free(&sig);
	if (parse_vec(CC "voucher.cose", OK_VFORM_COSE, OK_VENC_CBOR, &sig) &&
	    tap_eq_int(ok_signed_voucher(&sig, 0, &back, &warnings, &err),
	    OK_SUCCESS, "COSE voucher content (SID CBOR)"))
		tap_eq_str(ok_voucher_get(&back, "serial-number"),
		    "JADA123456789", "COSE serial-number");
	ok_signed_free(&sig);
	ok_voucher_free(&back);
	for (i = 0; i < 3 && voucher.leaves != NULL; i++) {
		opts = sign_opts(pki, forms[i], LEAF_P256, OK_VINCLUDE_SIGNER);
		if (!tap_eq_int(ok_voucher_sign(&voucher, &opts, &out, &err),
		    OK_SUCCESS, ok_vform_name(forms[i]))) {
			tap_diag("%s: %s", err.field, err.msg);
			continue;
		}
		if (ok_signed_parse(out.data, out.len, "out", &sig, &err) ==
		    OK_SUCCESS && tap_eq_int(ok_signed_voucher(&sig, 0, &back,
		    &warnings, &err), OK_SUCCESS, "decoded again"))
			same_voucher(&voucher, &back, &sig);
		ok_signed_free(&sig);
		ok_voucher_free(&back);
	}
	ok_buf_free(&out);
	ok_voucher_free(&voucher);
}

static void
test_names(void)
{
	ok_vform form;
	ok_vinclude include;
	ok_err err;

	tap_eq_str(ok_vform_name(OK_VFORM_COSE), "cose", "form name");
	tap_ok(ok_vform_by_name("jws", "-f", &form, &err) == OK_SUCCESS &&
	    form == OK_VFORM_JWS, "form by name");
	tap_expect_err(ok_vform_by_name("pkcs7", "-f", &form, &err),
	    OK_E_USAGE, &err, "-f", "unknown form");
	tap_ok(ok_vinclude_by_name("no-anchor", "--include", &include, &err) ==
	    OK_SUCCESS && include == OK_VINCLUDE_NO_ANCHOR, "include by name");
	tap_expect_err(ok_vinclude_by_name("all", "--include", &include,
	    &err), OK_E_USAGE, &err, "--include", "unknown include");
	tap_eq_str(ok_vencoding_name(OK_VENC_BASE64), "base64",
	    "encoding name");
}

/* ---- base64 text of any binary form ---- */

/* data as base64 (OpenSSL's encoder, not the one under test), in lines
 * of 64 with a final newline; the caller frees. */
static char *
b64_lines(const uint8_t *data, size_t len)
{
	size_t flat_len = 4 * ((len + 2) / 3), i, used = 0;
	char *flat = malloc(flat_len + 1);
	char *text = malloc(flat_len + flat_len / 64 + 2);

	if (flat == NULL || text == NULL)
		abort();
	EVP_EncodeBlock((unsigned char *)flat, data, (int)len);
	for (i = 0; i < flat_len; i++) {
		text[used++] = flat[i];
		if (i % 64 == 63 || i + 1 == flat_len)
			text[used++] = '\n';
	}
	text[used] = '\0';
	free(flat);
	return text;
}

/* base64 text parses as the binary form it decodes to. */
static void
expect_b64_form(const uint8_t *data, size_t len, ok_vform form,
    STACK_OF(X509) *candidates, const char *what)
{
	char *text = b64_lines(data, len);
	ok_signed sig;
	ok_err err;
	ok_status st;

	st = ok_signed_parse((const uint8_t *)text, strlen(text), "input",
	    &sig, &err);
	if (tap_eq_int(st, OK_SUCCESS, what)) {
		tap_eq_str(ok_vform_name(sig.form), ok_vform_name(form), what);
		tap_eq_str(ok_vencoding_name(sig.encoding), "base64", what);
		tap_eq_mem(sig.envelope.data, sig.envelope.len, data, len,
		    "base64: the envelope is the decoded bytes");
		expect_verifies(&sig, candidates, NULL, what);
	} else {
		tap_diag("%s: %s", err.field, err.msg);
	}
	ok_signed_free(&sig);
	free(text);
}

static void
test_base64_forms(void)
{
	STACK_OF(X509) *masa_ca = tap_certs_vector(CC "masa_ca.pem");
	size_t cose_len, der_len;
	uint8_t *cose = tap_vector_bytes(CC "voucher.cose", &cose_len);
	uint8_t *der = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.der", &der_len);
	char *text;

	/* base64 of tag 18 begins with '0', the byte of a DER SEQUENCE */
	text = b64_lines(cose, cose_len);
	tap_ok(text[0] == '0', "base64 COSE starts with '0' (0x30)");
	free(text);
	expect_b64_form(cose, cose_len, OK_VFORM_COSE, masa_ca,
	    "base64 of a tagged COSE_Sign1");
	expect_b64_form(cose + 1, cose_len - 1, OK_VFORM_COSE, masa_ca,
	    "base64 of an untagged COSE_Sign1 (0x84)");
	expect_b64_form(der, der_len, OK_VFORM_CMS, NULL,
	    "base64 of a CMS DER");
	/* decoded bytes that are no binary form, or text again */
	text = b64_lines((const uint8_t *)"{\"a\":1}", 7);
	expect_malformed(text, strlen(text), "input", "base64 of JSON");
	free(text);
	text = b64_lines((const uint8_t *)"MIIBAAAA", 8);
	expect_malformed(text, strlen(text), "input", "base64 of base64");
	free(text);
	text = b64_lines(cose, cose_len - 1);
	expect_malformed(text, strlen(text), "input",
	    "base64 of a truncated COSE_Sign1");
	free(text);
	free(cose);
	free(der);
	tap_free_certs(masa_ca);
}

/* One signer for many vouchers (sign --batch): each output verifies and
 * carries its own content, in every form. */
static void
test_vsigner_reuse(const struct pki *pki)
{
	static const ok_vform forms[] = { OK_VFORM_CMS, OK_VFORM_JWS,
	    OK_VFORM_COSE };
	static const char *const payloads[] = { "{\"n\":1}", "{\"n\":22}" };
	ok_vsign_opts opts;
	ok_vsigner *signer;
	ok_buf out = OK_BUF_INIT;
	ok_signed sig;
	ok_err err;
	size_t i, j;

	for (i = 0; i < 3; i++) {
		opts = sign_opts(pki, forms[i], LEAF_P256, OK_VINCLUDE_CHAIN);
		if (!tap_eq_int(ok_vsigner_new(&opts, &signer, &err),
		    OK_SUCCESS, ok_vform_name(forms[i])))
			continue;
		for (j = 0; j < 2; j++) {
			tap_eq_int(ok_vsigner_sign(signer,
			    (const uint8_t *)payloads[j], strlen(payloads[j]),
			    &out, &err), OK_SUCCESS, "vsigner: one more signature");
			if (ok_signed_parse(out.data, out.len, "out", &sig,
			    &err) == OK_SUCCESS) {
				tap_eq_int(ok_signed_verify_signature(&sig,
				    NULL, &err), OK_SUCCESS, "vsigner: it verifies");
				tap_eq_mem(sig.payload.data, sig.payload.len,
				    payloads[j], strlen(payloads[j]),
				    "its own content");
			}
			ok_signed_free(&sig);
			ok_buf_free(&out);
		}
		ok_vsigner_free(signer);
	}
	opts = sign_opts(pki, OK_VFORM_JWS, LEAF_ED25519, OK_VINCLUDE_CHAIN);
	tap_expect_err(ok_vsigner_new(&opts, &signer, &err), OK_E_USAGE, &err,
	    "key", "vsigner refuses a key the form cannot use");
}

int
main(void)
{
	struct pki pki;
	size_t len;
	uint8_t *payload;

	memset(&pki, 0, sizeof(pki));
	test_names();
	test_rfc8995_cms();
	test_rfc8995_requests();
	test_pem();
	test_sztp();
	test_jws_vector(J "voucher.jws.json", J "voucher-signer-chain.pem");
	test_jws_vector(J "pvr.jws.json", J "pvr-signer-chain.pem");
	test_jws_vector(J "rvr.jws.json", J "rvr-signer-chain.pem");
	test_jws_vector("voucher/rfc8366bis/voucher-8366bis.jws.json",
	    "voucher/rfc8366bis/masa-00-D0-E5-F2-00-02.crt");
	test_jws_flattened();
	test_cose_vectors();
	test_cose_without_alg();
	test_tampered();
	test_malformed();
	payload = tap_vector_bytes(CC "voucher-payload.cbor", &len);
	cbor_payload = payload;
	cbor_payload_len = len;
	if (mkdtemp(tmpdir) != NULL && tap_ok(make_pki(), "test PKI made") &&
	    load_pki(&pki)) {
		test_roundtrips(&pki);
		test_sign_errors(&pki);
		test_econtent_types(&pki);
		test_openssl_cms(&pki);
		test_voucher_content(&pki);
		test_vsigner_reuse(&pki);
	}
	free_pki(&pki);
	free(payload);
	run("rm -rf %s", tmpdir);
	test_base64_forms();
	return tap_done();
}
