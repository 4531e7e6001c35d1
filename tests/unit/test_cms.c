/*
 * test_cms.c: CMS SignedData with the RFC 8995 example vouchers (valid at
 * their own date, expired now, tampered), the registrar voucher-request
 * (valid only with purpose any), a broken one from Minerva highway, every
 * malformed form, and signing cross-checked both ways with the openssl
 * CLI.
 */
#define _GNU_SOURCE /* memmem */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/pem.h>

#include "common/cms.h"
#include "common/codec.h"
#include "tap.h"
#include "tap_vectors.h"

#define RFC8995_TIME 1618358400
#define V "voucher/rfc8995/"
#define IDEVID V "idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt"
#define VOUCHER V "voucher_00-D0-E5-F2-00-02.der"

static char tmpdir[] = "/tmp/test_cms.XXXXXX";

static STACK_OF(X509) *
stack_of(X509 *cert)
{
	STACK_OF(X509) *certs = sk_X509_new_null();

	sk_X509_push(certs, cert);
	return certs;
}

static ok_cms *
cms_vec(const char *name)
{
	size_t len;
	uint8_t *data = tap_vector_bytes(name, &len);
	ok_cms *cms = NULL;
	ok_err err;

	if (ok_cms_parse(data, len, "cms", &cms, &err) != OK_SUCCESS)
		tap_diag("%s: %s: %s", name, err.field, err.msg);
	free(data);
	return cms;
}

static void
test_voucher(void)
{
	ok_cms *cms = cms_vec(VOUCHER);
	X509 *masa = tap_cert_vector(V "masa.crt"), *vendor = tap_cert_vector(V "vendor.crt");
	STACK_OF(X509) *anchors = stack_of(vendor);
	ok_verify_opts at = { RFC8995_TIME, false, false };
	ok_buf type = OK_BUF_INIT, content = OK_BUF_INIT;
	size_t json_len;
	uint8_t *json = tap_vector_bytes(V "voucher_00-D0-E5-F2-00-02.json", &json_len);
	X509 *signer = NULL;
	ok_err err;

	tap_ok(cms != NULL, "RFC 8995 voucher parses");
	tap_eq_int(ok_cms_econtent_type(cms, &type, &err), OK_SUCCESS, "type");
	tap_eq_str((char *)type.data, OK_OID_DATA, "eContentType id-data");
	tap_eq_int(ok_cms_econtent(cms, &content, &err), OK_SUCCESS, "content");
	tap_eq_mem(content.data, content.len, json, json_len,
	    "eContent equals the JSON openssl cms extracted");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 1, "one embedded cert");
	tap_eq_int(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_SUCCESS, "signature valid");
	tap_ok(signer != NULL && X509_cmp(signer, masa) == 0,
	    "signer is masa.crt");
	tap_eq_int(ok_cms_verify_chain(cms, signer, NULL, anchors, &at, &err),
	    OK_SUCCESS, "chain valid at 2021-04-14");
	tap_expect_err(ok_cms_verify_chain(cms, signer, NULL, anchors, NULL, &err),
	    OK_E_NEGATIVE, &err, "signer", "chain expired now");
	tap_ok(strstr(err.msg, "certificate has expired") != NULL,
	    "expired: %s", err.msg);
	ok_buf_free(&type);
	ok_buf_free(&content);
	free(json);
	X509_free(signer);
	X509_free(masa);
	sk_X509_pop_free(anchors, X509_free);
	ok_cms_free(cms);
}

static void
test_tampered(void)
{
	ok_cms *cms = cms_vec(V "voucher_00-D0-E5-F2-00-02.tampered.der");
	X509 *signer = NULL;
	ok_err err;

	tap_ok(cms != NULL, "tampered voucher still parses");
	tap_expect_err(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_E_NEGATIVE, &err, "cms", "tampered content does not verify");
	tap_ok(signer == NULL, "no signer on failure");
	tap_diag("tampered: %s", err.msg);
	ok_cms_free(cms);
}

static void
test_vr(void)
{
	ok_cms *cms = cms_vec(V "vr_00-D0-E5-F2-00-02.der");
	X509 *idevid = tap_cert_vector(IDEVID);
	STACK_OF(X509) *anchors = stack_of(tap_cert_vector(V "vendor.crt"));
	ok_verify_opts at = { RFC8995_TIME, false, false };
	ok_buf serial = OK_BUF_INIT;
	X509 *signer = NULL;
	ok_err err;

	tap_eq_int(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_SUCCESS, "PVR signature valid");
	tap_ok(signer != NULL && X509_cmp(signer, idevid) == 0,
	    "PVR signer is the embedded IDevID");
	tap_eq_int(ok_cms_verify_chain(cms, signer, NULL, anchors, &at, &err),
	    OK_SUCCESS, "PVR chain valid at 2021-04-14");
	tap_eq_int(ok_cert_serial_number(signer, "idevid", &serial, &err),
	    OK_SUCCESS, "serialNumber");
	tap_eq_str((char *)serial.data, "00-D0-E5-F2-00-02", "PVR serial");
	ok_buf_free(&serial);
	X509_free(signer);
	X509_free(idevid);
	sk_X509_pop_free(anchors, X509_free);
	ok_cms_free(cms);
}

static void
test_parboiled(void)
{
	ok_cms *cms = cms_vec(V "parboiled_vr_00-D0-E5-F2-00-02.der");
	STACK_OF(X509) *anchors = stack_of(tap_cert_vector(V "ownerca_secp384r1.crt"));
	ok_verify_opts smime = { RFC8995_TIME, false, false };
	ok_verify_opts any = { RFC8995_TIME, true, false };
	X509 *signer = NULL;
	ok_err err;

	tap_eq_int(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_SUCCESS, "RVR signature valid");
	tap_expect_err(ok_cms_verify_chain(cms, signer, NULL, anchors, &smime,
	    &err), OK_E_NEGATIVE, &err, "signer", "RVR: S/MIME purpose fails");
	tap_ok(strstr(err.msg, "unsuitable certificate purpose") != NULL,
	    "purpose: %s", err.msg);
	tap_eq_int(ok_cms_verify_chain(cms, signer, NULL, anchors, &any, &err),
	    OK_SUCCESS, "RVR chain valid with purpose any");
	tap_eq_int(ok_cert_has_eku(signer, NID_cmcRA, "registrar", &err),
	    OK_SUCCESS, "RVR signer has id-kp-cmcRA");
	X509_free(signer);
	sk_X509_pop_free(anchors, X509_free);
	ok_cms_free(cms);
}

static void
test_broken(void)
{
	size_t len, i, n = 0;
	char *b64 = (char *)tap_vector_bytes(
	    "voucher/minerva-highway/parboiled_vr_broken-00-D0-E5-F2-00-02.b64",
	    &len);
	ok_buf der = OK_BUF_INIT;
	ok_cms *cms = NULL;
	ok_err err;

	for (i = 0; i < len; i++)
		if (b64[i] != '\n' && b64[i] != '\r' && b64[i] != ' ')
			b64[n++] = b64[i];
	tap_eq_int(ok_b64_decode(b64, n, OK_B64_STD, "b64", &der, &err),
	    OK_SUCCESS, "broken RVR base64 decodes");
	tap_expect_err(ok_cms_parse(der.data, der.len, "cms", &cms, &err),
	    OK_E_MALFORMED, &err, "cms", "broken RVR is malformed");
	tap_ok(cms == NULL, "nothing returned");
	ok_buf_free(&der);
	free(b64);
}

static void
test_malformed(void)
{
	size_t len, cut, bad = 0;
	uint8_t *der = tap_vector_bytes(VOUCHER, &len), *more = malloc(OK_CMS_MAX + 2);
	ok_cms *cms = NULL;
	ok_err err;

	for (cut = 0; cut < len; cut++) {
		if (ok_cms_parse(der, cut, "cms", &cms, &err) !=
		    OK_E_MALFORMED || strcmp(err.field, "cms") != 0 ||
		    cms != NULL)
			bad++;
	}
	tap_eq_int((long long)bad, 0, "every truncation is malformed (cms)");
	memcpy(more, der, len);
	more[len] = 0;
	tap_expect_err(ok_cms_parse(more, len + 1, "cms", &cms, &err),
	    OK_E_MALFORMED, &err, "cms", "one trailing byte");
	tap_ok(strstr(err.msg, "trailing") != NULL, "says trailing");
	memset(more, 0x41, 64);
	tap_expect_err(ok_cms_parse(more, 64, "cms", &cms, &err),
	    OK_E_MALFORMED, &err, "cms", "garbage");
	tap_expect_err(ok_cms_parse(more, OK_CMS_MAX + 1, "cms", &cms, &err),
	    OK_E_MALFORMED, &err, "cms", "over OK_CMS_MAX");
	free(more);
	free(der);
}

/* RFC 8572 owner certificate: certificates-only SignedData. */
static void
test_degenerate(void)
{
	ok_cms *cms = cms_vec("voucher/sztp/owner-certificate.cms");
	ok_buf content = OK_BUF_INIT;
	X509 *signer = NULL;
	ok_err err;

	tap_ok(cms != NULL, "degenerate SignedData parses");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 2, "with its 2 certs");
	tap_expect_err(ok_cms_econtent(cms, &content, &err), OK_E_MALFORMED, &err,
	    "cms", "no eContent");
	tap_expect_err(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_E_NEGATIVE, &err, "cms", "no signer: nothing signed");
	ok_cms_free(cms);
}

#define SZ "voucher/sztp/"

static void
check_content(ok_cms *cms, const char *oid, const char *json_name)
{
	ok_buf type = OK_BUF_INIT, content = OK_BUF_INIT;
	size_t len;
	uint8_t *json = tap_vector_bytes(json_name, &len);
	ok_err err;

	ok_cms_econtent_type(cms, &type, &err);
	tap_eq_str((char *)type.data, oid, "eContentType");
	tap_eq_int(ok_cms_econtent(cms, &content, &err), OK_SUCCESS,
	    "eContent");
	tap_eq_mem(content.data, content.len, json, len, json_name);
	ok_buf_free(&type);
	ok_buf_free(&content);
	free(json);
}

/* RFC 8572 ownership voucher: valid now, eContentType 1.40. */
static void
test_sztp_voucher(void)
{
	ok_cms *cms = cms_vec(SZ "ownership-voucher.cms");
	STACK_OF(X509) *anchors = stack_of(tap_cert_vector(SZ "vendor-ca.crt"));
	ok_verify_opts any = { 0, true, false };
	X509 *signer = NULL;
	ok_err err;

	check_content(cms, OK_OID_ANIMA_JSON_VOUCHER,
	    SZ "ownership-voucher.json");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 2, "OV: 2 certs");
	tap_eq_int(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_SUCCESS, "OV signature valid");
	tap_eq_int(ok_cms_verify_chain(cms, signer, NULL, anchors, &any, &err),
	    OK_SUCCESS, "OV chain valid now");
	X509_free(signer);
	sk_X509_pop_free(anchors, X509_free);
	ok_cms_free(cms);
}

/* Conveyed information carries no certificates: the signer comes from
 * the owner certificate, given as an extra certificate. */
static void
test_sztp_conveyed(void)
{
	ok_cms *cms = cms_vec(SZ "conveyed-information-signed.cms");
	ok_cms *wrong = cms_vec(SZ "conveyed-information-wrongsigner.cms");
	X509 *owner = tap_cert_vector(SZ "owner.crt"), *signer = NULL;
	STACK_OF(X509) *extra = stack_of(owner);
	STACK_OF(X509) *anchors = stack_of(tap_cert_vector(SZ "pdc.crt"));
	ok_verify_opts any = { 0, true, false };
	ok_err err;

	check_content(cms, OK_OID_SZTP_CONVEYED_JSON,
	    SZ "conveyed-information.json");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 0, "no embedded certs");
	tap_expect_err(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_E_NEGATIVE, &err, "cms", "signer unknown without owner.crt");
	tap_eq_int(ok_cms_verify_signature(cms, extra, &signer, &err),
	    OK_SUCCESS, "valid with owner.crt as extra cert");
	tap_ok(signer != NULL && X509_cmp(signer, owner) == 0,
	    "signer is owner.crt");
	tap_eq_int(ok_cms_verify_chain(cms, signer, extra, anchors, &any,
	    &err), OK_SUCCESS, "owner.crt chains to the pinned-domain-cert");
	tap_expect_err(ok_cms_verify_signature(wrong, extra, NULL, &err),
	    OK_E_NEGATIVE, &err, "cms", "wrong signer");
	tap_ok(strstr(err.msg, "signer certificate not found") != NULL,
	    "wrong signer: %s", err.msg);
	X509_free(signer);
	sk_X509_pop_free(extra, X509_free);
	sk_X509_pop_free(anchors, X509_free);
	ok_cms_free(cms);
	ok_cms_free(wrong);
}

/* The unsigned conveyed-information form is a ContentInfo, not
 * SignedData. */
static void
test_not_signed_data(void)
{
	size_t len;
	uint8_t *der = tap_vector_bytes(SZ "conveyed-information-unsigned.cms", &len);
	ok_cms *cms = NULL;
	ok_err err;

	tap_expect_err(ok_cms_parse(der, len, "cms", &cms, &err), OK_E_MALFORMED,
	    &err, "cms", "bare ContentInfo is not SignedData");
	tap_ok(strstr(err.msg, "not SignedData") != NULL, "says so: %s",
	    err.msg);
	free(der);
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

static void
write_file(const char *name, const void *data, size_t len)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	fwrite(data, 1, len, fp);
	fclose(fp);
}

static uint8_t *
read_tmp(const char *name, size_t *len)
{
	char path[256];
	FILE *fp;
	uint8_t *data = malloc(65536);

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "rb");
	*len = fp != NULL ? fread(data, 1, 65536, fp) : 0;
	if (fp != NULL)
		fclose(fp);
	return data;
}

static const char content_json[] =
    "{\"ietf-voucher:voucher\":{\"assertion\":\"logged\","
    "\"serial-number\":\"00-D0-E5-F2-00-02\"}}";

static ok_status
sign_with(const char *oid, EVP_PKEY *key, X509 *signer,
    STACK_OF(X509) *extra, ok_buf *out, ok_err *err)
{
	ok_cms_sign_opts opts = { oid, key, signer, extra, RFC8995_TIME };

	return ok_cms_sign((const uint8_t *)content_json,
	    sizeof(content_json) - 1, &opts, out, err);
}

static void
check_own(const char *oid)
{
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	X509 *masa = tap_cert_vector(V "masa.crt");
	STACK_OF(X509) *extra = stack_of(tap_cert_vector(V "vendor.crt"));
	ok_buf der = OK_BUF_INIT, type = OK_BUF_INIT;
	ok_cms *cms = NULL;
	ok_err err;
	size_t len;
	uint8_t *out;

	tap_ok(sign_with(oid, key, masa, extra, &der, &err) == OK_SUCCESS,
	    "sign %s", oid);
	tap_eq_int(ok_cms_parse(der.data, der.len, "cms", &cms, &err),
	    OK_SUCCESS, "own output parses");
	ok_cms_econtent_type(cms, &type, &err);
	tap_eq_str((char *)type.data, oid, "eContentType round trip");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 2, "signer + extra cert");
	tap_eq_int(ok_cms_verify_signature(cms, NULL, NULL, &err), OK_SUCCESS,
	    "own signature verifies");
	write_file("own.der", der.data, der.len);
	tap_ok(run("openssl cms -verify -inform DER -in %s/own.der -CAfile "
	    "$OK_VECTORS/" V "vendor.crt -attime %d -out %s/own.out "
	    "2>/dev/null", tmpdir, RFC8995_TIME, tmpdir),
	    "openssl cms -verify accepts our %s", oid);
	out = read_tmp("own.out", &len);
	tap_eq_mem(out, len, content_json, sizeof(content_json) - 1,
	    "openssl extracts our content");
	tap_ok(run("openssl cms -cmsout -print -inform DER -in %s/own.der | "
	    "grep -q 'eContentType: .*(%s)$' && openssl cms -cmsout -print "
	    "-inform DER -in %s/own.der | grep -q 'UTCTIME:Apr 14 00:00:00 "
	    "2021 GMT'", tmpdir, oid, tmpdir),
	    "openssl prints eContentType %s and our signingTime", oid);
	free(out);
	ok_cms_free(cms);
	ok_buf_free(&der);
	ok_buf_free(&type);
	sk_X509_pop_free(extra, X509_free);
	X509_free(masa);
	EVP_PKEY_free(key);
}

/* The SignedData OpenSSL's own CMS_sign() makes for the same job. */
static CMS_ContentInfo *
openssl_signed(EVP_PKEY *key, X509 *signer, STACK_OF(X509) *extra,
    const char *oid)
{
	const unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	BIO *in = BIO_new_mem_buf(content_json, sizeof(content_json) - 1);
	CMS_ContentInfo *ci = CMS_sign(NULL, NULL, extra, NULL, flags);
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	ASN1_TIME *when = ASN1_TIME_set(NULL, RFC8995_TIME);
	CMS_SignerInfo *si;

	CMS_set1_eContentType(ci, type);
	si = CMS_add1_signer(ci, signer, key, NULL, flags);
	CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime, when->type,
	    when, -1);
	CMS_final(ci, in, NULL, flags);
	ASN1_TIME_free(when);
	ASN1_OBJECT_free(type);
	BIO_free(in);
	return ci;
}

/*
 * ok_cms_sign() writes SignedData itself for EC keys: with the signature
 * value copied over, OpenSSL's encoding of the same job is byte for byte
 * ours (sorted sets, lengths, versions, algorithm identifiers).
 */
static void
check_same_as_openssl(const char *oid)
{
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	X509 *masa = tap_cert_vector(V "masa.crt");
	STACK_OF(X509) *extra = stack_of(tap_cert_vector(V "vendor.crt"));
	CMS_ContentInfo *ours = NULL, *theirs;
	const unsigned char *p;
	unsigned char *der = NULL;
	ASN1_OCTET_STRING *sig;
	ok_buf own = OK_BUF_INIT;
	ok_err err;
	int len;

	tap_ok(sign_with(oid, key, masa, extra, &own, &err) == OK_SUCCESS,
	    "sign %s", oid);
	p = own.data;
	ours = d2i_CMS_ContentInfo(NULL, &p, (long)own.len);
	theirs = openssl_signed(key, masa, extra, oid);
	tap_ok(ours != NULL && theirs != NULL, "both SignedData exist");
	if (ours != NULL && theirs != NULL) {
		sig = CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(
		    CMS_get0_SignerInfos(ours), 0));
		ASN1_STRING_set(CMS_SignerInfo_get0_signature(
		    sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(theirs), 0)),
		    ASN1_STRING_get0_data(sig), ASN1_STRING_length(sig));
		len = i2d_CMS_ContentInfo(theirs, &der);
		tap_ok(len > 0 && own.len == (size_t)len &&
		    memcmp(own.data, der, own.len) == 0,
		    "our DER is OpenSSL's for %s", oid);
	}
	OPENSSL_free(der);
	CMS_ContentInfo_free(ours);
	CMS_ContentInfo_free(theirs);
	ok_buf_free(&own);
	sk_X509_pop_free(extra, X509_free);
	X509_free(masa);
	EVP_PKEY_free(key);
}

/* One signer for many SignedData (a batch): each verifies, the
 * certificates are exactly those given (each once), none is allowed. */
static void
test_signer_reuse(void)
{
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	X509 *masa = tap_cert_vector(V "masa.crt");
	X509 *vendor = tap_cert_vector(V "vendor.crt");
	STACK_OF(X509) *certs = sk_X509_new_null();
	ok_cms_sign_opts opts = { NULL, key, masa, certs, RFC8995_TIME };
	ok_cms_signer *signer = NULL;
	ok_buf der = OK_BUF_INIT;
	ok_cms *cms = NULL;
	ok_err err;
	int i, good = 0;

	sk_X509_push(certs, masa);
	sk_X509_push(certs, vendor);
	sk_X509_push(certs, masa);
	tap_eq_int(ok_cms_signer_new(&opts, OK_CMS_CERTS_AS_GIVEN, &signer,
	    &err), OK_SUCCESS, "signer made once");
	for (i = 0; i < 3; i++) {
		if (ok_cms_signer_sign(signer, (const uint8_t *)content_json,
		    sizeof(content_json) - 1, &der, &err) == OK_SUCCESS &&
		    ok_cms_parse(der.data, der.len, "cms", &cms, &err) ==
		    OK_SUCCESS && sk_X509_num(ok_cms_certs(cms)) == 2 &&
		    ok_cms_verify_signature(cms, NULL, NULL, &err) ==
		    OK_SUCCESS)
			good++;
		ok_cms_free(cms);
		cms = NULL;
	}
	tap_eq_int(good, 3, "three signatures, each verifying, 2 certs each");
	ok_cms_signer_free(signer);
	sk_X509_zero(certs);
	tap_eq_int(ok_cms_signer_new(&opts, OK_CMS_CERTS_AS_GIVEN, &signer,
	    &err), OK_SUCCESS, "signer without certificates");
	tap_eq_int(ok_cms_signer_sign(signer, (const uint8_t *)content_json,
	    sizeof(content_json) - 1, &der, &err), OK_SUCCESS, "signs");
	tap_eq_int(ok_cms_parse(der.data, der.len, "cms", &cms, &err),
	    OK_SUCCESS, "parses");
	tap_eq_int(sk_X509_num(ok_cms_certs(cms)), 0, "no certificates");
	sk_X509_push(certs, masa);
	tap_eq_int(ok_cms_verify_signature(cms, certs, NULL, &err),
	    OK_SUCCESS, "verifies with the signer given");
	write_file("nocerts.der", der.data, der.len);
	tap_ok(run("openssl cms -verify -inform DER -in %s/nocerts.der "
	    "-certfile $OK_VECTORS/" V "masa.crt -CAfile $OK_VECTORS/" V
	    "vendor.crt -attime %d -out /dev/null 2>/dev/null", tmpdir,
	    RFC8995_TIME), "openssl cms -verify accepts it with -certfile");
	ok_cms_free(cms);
	ok_cms_signer_free(signer);
	opts.econtent_type = "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19."
	    "20.21.22.23.24.25.26.27.28.29.30.31.32.33.34.35.36.37.38.39.40."
	    "41.42.43.44.45.46.47.48.49.50.51.52.53.54.55.56.57.58.59.60.61."
	    "62.63.64.65.66.67.68.69.70";
	tap_expect_err(ok_cms_signer_new(&opts, 0, &signer, &err), OK_E_USAGE,
	    &err, "econtent-type", "eContentType OID too long");
	tap_ok(signer == NULL, "no signer on error");
	ok_buf_free(&der);
	sk_X509_free(certs);
	X509_free(vendor);
	X509_free(masa);
	EVP_PKEY_free(key);
}

static void
test_sign_errors(void)
{
	EVP_PKEY *wrong = tap_key_vector(V "jrc_prime256v1.key");
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	X509 *masa = tap_cert_vector(V "masa.crt");
	ok_buf der = OK_BUF_INIT;
	ok_err err;

	tap_expect_err(sign_with("not-an-oid", key, masa, NULL, &der, &err),
	    OK_E_USAGE, &err, "econtent-type", "bad eContentType OID");
	tap_expect_err(sign_with(OK_OID_DATA, wrong, masa, NULL, &der, &err),
	    OK_E_USAGE, &err, "signer", "key does not match cert");
	tap_expect_err(sign_with(OK_OID_DATA, NULL, masa, NULL, &der, &err),
	    OK_E_USAGE, &err, "signer", "no key");
	tap_eq_int((long long)der.len, 0, "no output on error");
	EVP_PKEY_free(wrong);
	EVP_PKEY_free(key);
	X509_free(masa);
}

/* Our content tampered after signing: NEGATIVE, not MALFORMED. */
static void
test_sign_tamper(void)
{
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	X509 *masa = tap_cert_vector(V "masa.crt");
	ok_buf der = OK_BUF_INIT;
	ok_cms *cms = NULL;
	ok_err err;
	uint8_t *at;

	sign_with(OK_OID_ANIMA_JSON_VOUCHER, key, masa, NULL, &der, &err);
	at = memmem(der.data, der.len, "logged", 6);
	tap_ok(at != NULL, "content found in our DER");
	if (at != NULL)
		at[0] = 'L';
	tap_eq_int(ok_cms_parse(der.data, der.len, "cms", &cms, &err),
	    OK_SUCCESS, "tampered own output parses");
	tap_expect_err(ok_cms_verify_signature(cms, NULL, NULL, &err),
	    OK_E_NEGATIVE, &err, "cms", "tampered own output: negative");
	ok_cms_free(cms);
	ok_buf_free(&der);
	X509_free(masa);
	EVP_PKEY_free(key);
}

/* What openssl cms -sign makes, we accept. */
static void
test_openssl_signed(void)
{
	ok_buf type = OK_BUF_INIT, content = OK_BUF_INIT;
	ok_cms *cms = NULL;
	X509 *signer = NULL, *masa = tap_cert_vector(V "masa.crt");
	size_t len;
	uint8_t *der;
	ok_err err;

	write_file("in.json", content_json, sizeof(content_json) - 1);
	tap_ok(run("openssl cms -sign -binary -nodetach -outform DER -in "
	    "%s/in.json -out %s/theirs.der -signer $OK_VECTORS/" V "masa.crt "
	    "-inkey $OK_VECTORS/" V "masa.key -econtent_type %s", tmpdir,
	    tmpdir, OK_OID_ANIMA_JSON_VOUCHER), "openssl cms -sign");
	der = read_tmp("theirs.der", &len);
	tap_eq_int(ok_cms_parse(der, len, "cms", &cms, &err), OK_SUCCESS,
	    "their output parses");
	ok_cms_econtent_type(cms, &type, &err);
	tap_eq_str((char *)type.data, OK_OID_ANIMA_JSON_VOUCHER, "their type");
	ok_cms_econtent(cms, &content, &err);
	tap_eq_mem(content.data, content.len, content_json,
	    sizeof(content_json) - 1, "their content");
	tap_eq_int(ok_cms_verify_signature(cms, NULL, &signer, &err),
	    OK_SUCCESS, "their signature verifies");
	tap_ok(signer != NULL && X509_cmp(signer, masa) == 0, "their signer");
	X509_free(signer);
	X509_free(masa);
	ok_cms_free(cms);
	ok_buf_free(&type);
	ok_buf_free(&content);
	free(der);
}

/* Two SignerInfos (openssl cms -resign adds the registrar's): refused
 * rather than half-checked. */
static void
test_two_signers(void)
{
	ok_cms *cms = NULL;
	size_t len;
	uint8_t *der;
	ok_err err;

	tap_ok(run("openssl cms -resign -inform DER -in %s/theirs.der "
	    "-outform DER -out %s/two.der -signer $OK_VECTORS/" V
	    "jrc_prime256v1.crt -inkey $OK_VECTORS/" V "jrc_prime256v1.key",
	    tmpdir, tmpdir), "openssl cms -resign");
	der = read_tmp("two.der", &len);
	tap_eq_int(ok_cms_parse(der, len, "cms", &cms, &err), OK_SUCCESS,
	    "two-signer SignedData parses");
	tap_expect_err(ok_cms_verify_signature(cms, NULL, NULL, &err),
	    OK_E_MALFORMED, &err, "cms", "two SignerInfos unsupported");
	ok_cms_free(cms);
	free(der);
}

int
main(void)
{
	if (mkdtemp(tmpdir) == NULL)
		return 99;
	test_voucher();
	test_tampered();
	test_vr();
	test_parboiled();
	test_broken();
	test_malformed();
	test_degenerate();
	test_sztp_voucher();
	test_sztp_conveyed();
	test_not_signed_data();
	check_own(OK_OID_ANIMA_JSON_VOUCHER);
	check_own(OK_OID_DATA);
	check_own(OK_OID_SZTP_CONVEYED_XML);
	check_own(OK_OID_SZTP_CONVEYED_JSON);
	check_same_as_openssl(OK_OID_ANIMA_JSON_VOUCHER);
	check_same_as_openssl(OK_OID_DATA);
	test_signer_reuse();
	test_sign_errors();
	test_sign_tamper();
	test_openssl_signed();
	test_two_signers();
	run("rm -rf %s", tmpdir);
	return tap_done();
}
