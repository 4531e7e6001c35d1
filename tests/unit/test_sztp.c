/*
 * test_sztp.c: RFC 8572 bundles: the owner certificate and the unsigned
 * conveyed information byte for byte against what the openssl CLI made,
 * the signed conveyed information checked by `openssl cms -verify`, and
 * the device-side order of section 5.4 on good bundles, on bundles built
 * from the vectors' own artifacts, and on each failing artifact.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/pem.h>

#include "common/codec.h"
#include "common/json.h"
#include "tap.h"
#include "tap_vectors.h"
#include "voucher/sztp.h"

#define S "voucher/sztp/"
#define DEVICE "SZTP-DEV-0001"
#define TOP "ietf-sztp-bootstrap-server:output"

static char tmpdir[] = "/tmp/test_sztp.XXXXXX";

/* The owner's signing material and the device's anchors. */
typedef struct fixture {
	X509 *owner;
	STACK_OF(X509) *pdc;
	EVP_PKEY *key;
	STACK_OF(X509) *anchors;
	uint8_t *conveyed;
	size_t conveyed_len;
	uint8_t *voucher;
	size_t voucher_len;
} fixture;

static void
fixture_load(fixture *fx)
{
	fx->owner = tap_cert_vector(S "owner.crt");
	fx->pdc = tap_certs_vector(S "pdc.crt");
	fx->key = tap_key_vector(S "owner.key");
	fx->anchors = tap_certs_vector(S "vendor-ca.crt");
	fx->conveyed = tap_vector_bytes(S "conveyed-information.json", &fx->conveyed_len);
	fx->voucher = tap_vector_bytes(S "ownership-voucher.cms", &fx->voucher_len);
}

static void
fixture_free(fixture *fx)
{
	X509_free(fx->owner);
	sk_X509_pop_free(fx->pdc, X509_free);
	EVP_PKEY_free(fx->key);
	sk_X509_pop_free(fx->anchors, X509_free);
	free(fx->conveyed);
	free(fx->voucher);
}

static void
bundle_opts(const fixture *fx, ok_sztp_bundle_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->conveyed = fx->conveyed;
	opts->conveyed_len = fx->conveyed_len;
	opts->owner_key = fx->key;
	opts->owner_cert = fx->owner;
	opts->owner_chain = fx->pdc;
	opts->voucher = fx->voucher;
	opts->voucher_len = fx->voucher_len;
}

/* A member of the bundle, base64-decoded. */
static bool
member(const ok_buf *bundle, const char *name, ok_buf *out)
{
	json_t *doc = NULL;
	const char *text;
	ok_err err;
	bool ok;

	if (ok_json_parse((const char *)bundle->data, bundle->len, "bundle",
	    &doc, &err) != OK_SUCCESS)
		return false;
	text = json_string_value(json_object_get(json_object_get(doc, TOP),
	    name));
	ok = text != NULL && ok_b64_decode(text, strlen(text), OK_B64_STD,
	    name, out, &err) == OK_SUCCESS;
	json_decref(doc);
	return ok;
}

/* A bundle JSON from raw artifacts (NULL leaves one out). */
static void
bundle_of(const uint8_t *conveyed, size_t conveyed_len,
    const uint8_t *owner, size_t owner_len, const uint8_t *voucher,
    size_t voucher_len, ok_buf *out)
{
	json_t *doc = json_object(), *output = json_object();
	ok_buf text = OK_BUF_INIT;
	ok_err err;

	json_object_set(doc, TOP, output);
	ok_b64_encode_buf(conveyed, conveyed_len, OK_B64_STD, &text, &err);
	json_object_set_new(output, "conveyed-information",
	    json_string((char *)text.data));
	if (owner != NULL) {
		ok_b64_encode_buf(owner, owner_len, OK_B64_STD, &text, &err);
		json_object_set_new(output, "owner-certificate",
		    json_string((char *)text.data));
	}
	if (voucher != NULL) {
		ok_b64_encode_buf(voucher, voucher_len, OK_B64_STD, &text,
		    &err);
		json_object_set_new(output, "ownership-voucher",
		    json_string((char *)text.data));
	}
	ok_json_dump(doc, 0, out, &err);
	ok_buf_free(&text);
	json_decref(output);
	json_decref(doc);
}

static ok_status
verify_bundle(const ok_buf *bundle, const ok_sztp_verify_opts *opts,
    ok_sztp_report *report, ok_err *err)
{
	ok_sztp_report_init(report);
	ok_err_clear(err);
	return ok_sztp_verify(bundle->data, bundle->len, opts, report, err);
}

static void
expect_check(const ok_sztp_report *report, const char *name,
    ok_check_result want, const char *what)
{
	tap_expect_check(report->checks, report->n_checks, name, want, what);
}

static void
verify_opts(const fixture *fx, ok_sztp_verify_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->anchors = fx->anchors;
	opts->serial = DEVICE;
}

static void
test_owner_certificate(const fixture *fx)
{
	ok_buf der = OK_BUF_INIT;
	uint8_t *want;
	size_t want_len;
	ok_err err;

	want = tap_vector_bytes(S "owner-certificate.cms", &want_len);
	tap_eq_int(ok_sztp_owner_certificate(fx->owner, fx->pdc, &der, &err),
	    OK_SUCCESS, "owner certificate SignedData");
	tap_eq_mem(der.data, der.len, want, want_len,
	    "byte for byte what openssl crl2pkcs7 -nocrl made");
	tap_expect_err(ok_sztp_owner_certificate(NULL, NULL, &der, &err),
	    OK_E_USAGE, &err, "owner-certificate", "no owner certificate");
	ok_buf_free(&der);
	free(want);
}

static void
test_unsigned_bundle(const fixture *fx)
{
	ok_sztp_bundle_opts opts;
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT, conveyed = OK_BUF_INIT;
	uint8_t *want;
	size_t want_len;
	ok_err err;

	memset(&opts, 0, sizeof(opts));
	opts.conveyed = fx->conveyed;
	opts.conveyed_len = fx->conveyed_len;
	tap_eq_int(ok_sztp_bundle(&opts, &bundle, &err), OK_SUCCESS,
	    "unsigned bundle");
	tap_ok(member(&bundle, "conveyed-information", &conveyed),
	    "conveyed-information member");
	want = tap_vector_bytes(S "conveyed-information-unsigned.cms", &want_len);
	tap_eq_mem(conveyed.data, conveyed.len, want, want_len,
	    "unsigned ContentInfo byte for byte the vector's");
	tap_ok(strstr((char *)bundle.data, "owner-certificate") == NULL &&
	    strstr((char *)bundle.data, "ownership-voucher") == NULL,
	    "no owner certificate or voucher in an unsigned bundle");
	verify_opts(fx, &vopts);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "conveyed-signature",
	    "unsigned conveyed information from an untrusted source");
	expect_check(&report, "ownership-voucher", OK_CHECK_SKIP, "unsigned");
	expect_check(&report, "conveyed-type", OK_CHECK_SKIP,
	    "not reached after the failure");
	ok_sztp_report_free(&report);
	vopts.trusted_source = true;
	tap_eq_int(verify_bundle(&bundle, &vopts, &report, &err), OK_SUCCESS,
	    "unsigned conveyed information from a trusted source");
	expect_check(&report, "conveyed-signature", OK_CHECK_WARN, "trusted");
	expect_check(&report, "conveyed-type", OK_CHECK_PASS, "trusted");
	tap_ok(!report.conveyed_signed, "not signed");
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
	ok_buf_free(&conveyed);
	free(want);
}

/* `openssl cms -verify` of the conveyed information, content to out. */
static bool
openssl_verifies(const ok_buf *der, ok_buf *content)
{
	char in[256], out[256], command[1024];
	const char *vectors = getenv("OK_VECTORS");
	FILE *file;
	long size;
	bool ok;

	snprintf(in, sizeof(in), "%s/conveyed.der", tmpdir);
	snprintf(out, sizeof(out), "%s/conveyed.out", tmpdir);
	file = fopen(in, "wb");
	if (file == NULL)
		return false;
	fwrite(der->data, 1, der->len, file);
	fclose(file);
	snprintf(command, sizeof(command), "openssl cms -verify -inform DER "
	    "-in %s -CAfile %s/" S "pdc.crt -purpose any -out %s 2>/dev/null",
	    in, vectors, out);
	ok = system(command) == 0;
	file = fopen(out, "rb");
	if (file == NULL)
		return false;
	fseek(file, 0, SEEK_END);
	size = ftell(file);
	rewind(file);
	ok_buf_resize(content, (size_t)size, NULL);
	ok = ok && fread(content->data, 1, (size_t)size, file) ==
	    (size_t)size;
	fclose(file);
	return ok;
}

static void
test_signed_bundle(const fixture *fx)
{
	ok_sztp_bundle_opts opts;
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT, part = OK_BUF_INIT, content = OK_BUF_INIT;
	ok_cms *cms = NULL;
	uint8_t *owner_der;
	size_t owner_len;
	ok_err err;

	bundle_opts(fx, &opts);
	opts.signing_time = 1800000000;
	tap_eq_int(ok_sztp_bundle(&opts, &bundle, &err), OK_SUCCESS,
	    "signed bundle");
	tap_ok(bundle.len > 0 && bundle.data[bundle.len - 1] == '}',
	    "compact JSON without a newline");
	tap_ok(member(&bundle, "ownership-voucher", &part) &&
	    part.len == fx->voucher_len &&
	    memcmp(part.data, fx->voucher, part.len) == 0,
	    "ownership-voucher carried unchanged");
	owner_der = tap_vector_bytes(S "owner-certificate.cms", &owner_len);
	tap_ok(member(&bundle, "owner-certificate", &part) &&
	    part.len == owner_len &&
	    memcmp(part.data, owner_der, owner_len) == 0,
	    "owner-certificate is the degenerate SignedData");
	tap_ok(member(&bundle, "conveyed-information", &part),
	    "conveyed-information");
	tap_ok(openssl_verifies(&part, &content), "openssl cms -verify "
	    "accepts the conveyed information (owner chain to pdc.crt)");
	tap_eq_mem(content.data, content.len, fx->conveyed, fx->conveyed_len,
	    "openssl extracts the conveyed information");
	ok_cms_parse(part.data, part.len, "conveyed", &cms, &err);
	tap_ok(cms != NULL && ok_cms_econtent_type(cms, &content, &err) ==
	    OK_SUCCESS && strcmp((char *)content.data,
	    OK_OID_SZTP_CONVEYED_JSON) == 0, "eContentType .43");
	ok_cms_free(cms);

	verify_opts(fx, &vopts);
	tap_eq_int(verify_bundle(&bundle, &vopts, &report, &err), OK_SUCCESS,
	    "the device accepts the bundle");
	expect_check(&report, "ownership-voucher", OK_CHECK_PASS, "signed");
	expect_check(&report, "owner-certificate", OK_CHECK_PASS, "signed");
	expect_check(&report, "conveyed-signature", OK_CHECK_PASS, "signed");
	expect_check(&report, "conveyed-type", OK_CHECK_PASS, "signed");
	tap_eq_int((long long)report.n_checks, 4, "four steps");
	tap_ok(report.conveyed_signed, "conveyed_signed");
	tap_ok(json_is_object(json_object_get(report.conveyed,
	    "ietf-sztp-conveyed-info:onboarding-information")),
	    "onboarding-information decoded");
	ok_sztp_report_free(&report);

	vopts.serial = "SZTP-DEV-0002";
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "ownership-voucher", "another device");
	tap_ok(strstr(err.msg, "serial-number") != NULL, "names the rule: %s",
	    err.msg);
	expect_check(&report, "owner-certificate", OK_CHECK_SKIP,
	    "nothing after a failed step");
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
	ok_buf_free(&part);
	ok_buf_free(&content);
	free(owner_der);
}

/* The vectors' own artifacts (made by the openssl CLI) in a bundle. */
static void
test_vector_artifacts(const fixture *fx)
{
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT;
	uint8_t *signed_ci, *wrong_ci, *owner, *expired;
	size_t signed_len, wrong_len, owner_len, expired_len;
	ok_err err;

	signed_ci = tap_vector_bytes(S "conveyed-information-signed.cms", &signed_len);
	wrong_ci = tap_vector_bytes(S "conveyed-information-wrongsigner.cms", &wrong_len);
	owner = tap_vector_bytes(S "owner-certificate.cms", &owner_len);
	expired = tap_vector_bytes(S "ownership-voucher-expired.cms", &expired_len);
	verify_opts(fx, &vopts);

	bundle_of(signed_ci, signed_len, owner, owner_len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_eq_int(verify_bundle(&bundle, &vopts, &report, &err), OK_SUCCESS,
	    "the vectors' artifacts (conveyed info without certificates)");
	ok_sztp_report_free(&report);

	bundle_of(wrong_ci, wrong_len, owner, owner_len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "conveyed-signature",
	    "conveyed information signed by another key");
	tap_diag("wrong signer: %s", err.msg);
	expect_check(&report, "owner-certificate", OK_CHECK_PASS,
	    "steps before it passed");
	ok_sztp_report_free(&report);

	bundle_of(signed_ci, signed_len, owner, owner_len, expired,
	    expired_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "ownership-voucher", "expired voucher");
	tap_ok(strstr(err.msg, "expires-on") != NULL, "expired: %s", err.msg);
	expect_check(&report, "conveyed-signature", OK_CHECK_SKIP,
	    "not reached");
	ok_sztp_report_free(&report);

	vopts.at = 1500000000; /* 2017: before the certificates */
	bundle_of(signed_ci, signed_len, owner, owner_len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "ownership-voucher",
	    "a device clock before the certificates");
	ok_sztp_report_free(&report);

	ok_buf_free(&bundle);
	free(signed_ci);
	free(wrong_ci);
	free(owner);
	free(expired);
}

static void
test_owner_not_pinned(const fixture *fx)
{
	STACK_OF(X509) *masa = tap_certs_vector(S "masa.crt");
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf owner = OK_BUF_INIT, bundle = OK_BUF_INIT;
	uint8_t *signed_ci;
	size_t signed_len;
	ok_err err;

	signed_ci = tap_vector_bytes(S "conveyed-information-signed.cms", &signed_len);
	ok_sztp_owner_certificate(sk_X509_value(masa, 0), NULL, &owner, &err);
	bundle_of(signed_ci, signed_len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len, &bundle);
	verify_opts(fx, &vopts);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "owner-certificate",
	    "an owner certificate the voucher does not pin");
	ok_sztp_report_free(&report);
	ok_buf_free(&owner);
	ok_buf_free(&bundle);
	free(signed_ci);
	sk_X509_pop_free(masa, X509_free);
}

static void
test_conveyed_type(const fixture *fx)
{
	static const char other[] = "{\"ietf-sztp-conveyed-info:other\":{}}";
	ok_cms_sign_opts sign = { OK_OID_SZTP_CONVEYED_JSON, fx->key,
	    fx->owner, NULL, 0 };
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf ci = OK_BUF_INIT, owner = OK_BUF_INIT, bundle = OK_BUF_INIT;
	ok_err err;

	ok_sztp_owner_certificate(fx->owner, fx->pdc, &owner, &err);
	verify_opts(fx, &vopts);
	ok_cms_sign((const uint8_t *)other, strlen(other), &sign, &ci, &err);
	bundle_of(ci.data, ci.len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "conveyed-type",
	    "signed JSON that is not conveyed information");
	ok_sztp_report_free(&report);

	ok_cms_sign((const uint8_t *)"not json", 8, &sign, &ci, &err);
	bundle_of(ci.data, ci.len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "conveyed-information",
	    "signed conveyed information that is not JSON");
	ok_sztp_report_free(&report);

	sign.key = tap_key_vector(S "pdc.key");
	sign.signer = sk_X509_value(fx->pdc, 0);
	ok_cms_sign(fx->conveyed, fx->conveyed_len, &sign, &ci, &err);
	bundle_of(ci.data, ci.len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "conveyed-signature",
	    "signed by the pinned CA with its certificate embedded");
	tap_ok(strstr(err.msg, "not by the owner certificate") != NULL,
	    "embedded signer is not the owner: %s", err.msg);
	ok_sztp_report_free(&report);
	EVP_PKEY_free(sign.key);
	sign.key = fx->key;
	sign.signer = fx->owner;

	sign.econtent_type = OK_OID_ANIMA_JSON_VOUCHER;
	ok_cms_sign(fx->conveyed, fx->conveyed_len, &sign, &ci, &err);
	bundle_of(ci.data, ci.len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "conveyed-signature",
	    "eContentType of a voucher, not conveyed information");
	ok_sztp_report_free(&report);
	ok_buf_free(&ci);
	ok_buf_free(&owner);
	ok_buf_free(&bundle);
}

static void
expect_malformed(const fixture *fx, const char *text, const char *field,
    const char *what)
{
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT;
	ok_err err;

	ok_buf_set(&bundle, text, strlen(text), &err);
	verify_opts(fx, &vopts);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, field, what);
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
}

static void
test_malformed(const fixture *fx)
{
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT, owner = OK_BUF_INIT;
	uint8_t *signed_ci, *unsigned_ci;
	size_t signed_len, unsigned_len;
	ok_err err;

	expect_malformed(fx, "{", "bundle", "truncated JSON");
	expect_malformed(fx, "{\"x\":{}}", "bundle", "another top member");
	expect_malformed(fx, "{\"" TOP "\":{\"conveyed-information\":\"AA=\"}}",
	    "conveyed-information", "bad base64");
	expect_malformed(fx, "{\"" TOP "\":{\"conveyed-information\":\"MAA=\","
	    "\"extra\":\"AA==\"}}", "extra", "unknown member");
	expect_malformed(fx, "{\"" TOP "\":{\"conveyed-information\":1}}",
	    "conveyed-information", "not a string");
	expect_malformed(fx, "{\"" TOP "\":{}}", "conveyed-information",
	    "no conveyed information");
	expect_malformed(fx, "{\"" TOP "\":{\"conveyed-information\":\"MAA=\"}}",
	    "conveyed-information", "an empty SEQUENCE");

	signed_ci = tap_vector_bytes(S "conveyed-information-signed.cms", &signed_len);
	unsigned_ci = tap_vector_bytes(S "conveyed-information-unsigned.cms",
	    &unsigned_len);
	ok_sztp_owner_certificate(fx->owner, fx->pdc, &owner, &err);
	verify_opts(fx, &vopts);
	bundle_of(signed_ci, signed_len, NULL, 0, NULL, 0, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "owner-certificate",
	    "signed conveyed information alone");
	ok_sztp_report_free(&report);
	bundle_of(signed_ci, signed_len, owner.data, owner.len, NULL, 0,
	    &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "ownership-voucher",
	    "owner certificate without the voucher");
	ok_sztp_report_free(&report);
	bundle_of(signed_ci, signed_len - 1, owner.data, owner.len,
	    fx->voucher, fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "conveyed-information",
	    "truncated conveyed information");
	ok_sztp_report_free(&report);
	bundle_of(signed_ci, signed_len, owner.data, owner.len - 1,
	    fx->voucher, fx->voucher_len, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "owner-certificate",
	    "truncated owner certificate");
	ok_sztp_report_free(&report);
	bundle_of(signed_ci, signed_len, owner.data, owner.len, fx->voucher,
	    fx->voucher_len - 1, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "ownership-voucher", "truncated voucher");
	ok_sztp_report_free(&report);
	bundle_of(unsigned_ci, unsigned_len - 1, NULL, 0, NULL, 0, &bundle);
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_MALFORMED, &err, "conveyed-information",
	    "truncated unsigned ContentInfo");
	ok_sztp_report_free(&report);
	vopts.anchors = NULL;
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_USAGE, &err, "trust-anchor", "no anchors");
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
	ok_buf_free(&owner);
	free(signed_ci);
	free(unsigned_ci);
}

static void
test_tampered_voucher(const fixture *fx)
{
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT, owner = OK_BUF_INIT;
	uint8_t *signed_ci, *voucher;
	size_t signed_len, at;
	ok_err err;

	signed_ci = tap_vector_bytes(S "conveyed-information-signed.cms", &signed_len);
	voucher = malloc(fx->voucher_len);
	memcpy(voucher, fx->voucher, fx->voucher_len);
	at = (size_t)((uint8_t *)strstr((char *)voucher + 60,
	    "SZTP-DEV-0001") - voucher);
	voucher[at + 12] = '2';
	ok_sztp_owner_certificate(fx->owner, fx->pdc, &owner, &err);
	bundle_of(signed_ci, signed_len, owner.data, owner.len, voucher,
	    fx->voucher_len, &bundle);
	verify_opts(fx, &vopts);
	vopts.serial = "SZTP-DEV-0002";
	tap_expect_err(verify_bundle(&bundle, &vopts, &report, &err),
	    OK_E_NEGATIVE, &err, "ownership-voucher",
	    "a voucher edited to name another device");
	tap_ok(strstr(err.msg, "signature") != NULL, "signature: %s", err.msg);
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
	ok_buf_free(&owner);
	free(voucher);
	free(signed_ci);
}

static void
test_bundle_errors(const fixture *fx)
{
	static const char two[] = "{\"ietf-sztp-conveyed-info:onboarding-"
	    "information\":{},\"ietf-sztp-conveyed-info:redirect-information\""
	    ":{}}";
	EVP_PKEY *other_key = tap_key_vector(S "pdc.key");
	ok_sztp_bundle_opts opts;
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	bundle_opts(fx, &opts);
	opts.owner_key = other_key;
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_USAGE, &err,
	    "key", "a key that is not the owner certificate's");
	bundle_opts(fx, &opts);
	opts.voucher = NULL;
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_USAGE, &err,
	    "ownership-voucher", "signed without a voucher");
	bundle_opts(fx, &opts);
	opts.owner_key = NULL;
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_USAGE, &err,
	    "key", "a voucher in an unsigned bundle");
	bundle_opts(fx, &opts);
	opts.conveyed = (const uint8_t *)two;
	opts.conveyed_len = strlen(two);
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_MALFORMED, &err,
	    "conveyed-information", "two top-level members");
	opts.conveyed = (const uint8_t *)"{\"a\":";
	opts.conveyed_len = 5;
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_MALFORMED, &err,
	    "conveyed-information", "truncated JSON");
	bundle_opts(fx, &opts);
	opts.voucher_len -= 1;
	tap_expect_err(ok_sztp_bundle(&opts, &out, &err), OK_E_MALFORMED, &err,
	    "ownership-voucher", "truncated voucher");
	bundle_opts(fx, &opts);
	opts.conveyed = (const uint8_t *)"<onboarding-information/>";
	opts.conveyed_len = strlen((const char *)opts.conveyed);
	opts.conveyed_xml = true;
	tap_eq_int(ok_sztp_bundle(&opts, &out, &err), OK_SUCCESS,
	    "XML conveyed information (.42)");
	ok_buf_free(&out);
	EVP_PKEY_free(other_key);
}

static void
test_report_json(const fixture *fx)
{
	ok_sztp_bundle_opts opts;
	ok_sztp_verify_opts vopts;
	ok_sztp_report report;
	ok_buf bundle = OK_BUF_INIT;
	json_t *doc = NULL, *checks;
	ok_err err;

	bundle_opts(fx, &opts);
	ok_sztp_bundle(&opts, &bundle, &err);
	verify_opts(fx, &vopts);
	verify_bundle(&bundle, &vopts, &report, &err);
	tap_eq_int(ok_sztp_report_json(&report, &doc, &err), OK_SUCCESS,
	    "report JSON");
	tap_ok(json_is_true(json_object_get(doc, "verified")), "verified");
	tap_ok(json_is_true(json_object_get(json_object_get(doc,
	    "ownership-voucher"), "verified")), "voucher report verified");
	tap_eq_str(json_string_value(json_object_get(json_object_get(
	    json_object_get(json_object_get(doc, "ownership-voucher"),
	    "content"), "ietf-voucher:voucher"), "serial-number")), DEVICE,
	    "voucher content in the report");
	checks = json_object_get(doc, "checks");
	tap_eq_int((long long)json_array_size(checks), 4, "four checks");
	tap_eq_str(json_string_value(json_object_get(json_array_get(checks,
	    2), "check")), "conveyed-signature", "checks[2]");
	tap_ok(json_is_object(json_object_get(json_object_get(doc,
	    "conveyed-information"),
	    "ietf-sztp-conveyed-info:onboarding-information")),
	    "conveyed information in the report");
	json_decref(doc);
	ok_sztp_report_free(&report);

	vopts.serial = "SZTP-DEV-0002";
	verify_bundle(&bundle, &vopts, &report, &err);
	ok_sztp_report_json(&report, &doc, &err);
	tap_ok(json_is_false(json_object_get(doc, "verified")),
	    "a failed bundle is not verified");
	json_decref(doc);
	ok_sztp_report_free(&report);
	ok_buf_free(&bundle);
}

int
main(void)
{
	fixture fx;
	char command[128];

	if (mkdtemp(tmpdir) == NULL)
		return 99;
	fixture_load(&fx);
	test_owner_certificate(&fx);
	test_unsigned_bundle(&fx);
	test_signed_bundle(&fx);
	test_vector_artifacts(&fx);
	test_owner_not_pinned(&fx);
	test_conveyed_type(&fx);
	test_malformed(&fx);
	test_tampered_voucher(&fx);
	test_bundle_errors(&fx);
	test_report_json(&fx);
	fixture_free(&fx);
	snprintf(command, sizeof(command), "rm -rf %s", tmpdir);
	if (system(command) != 0)
		tap_diag("cannot remove %s", tmpdir);
	return tap_done();
}
