/*
 * test_voucher_verify.c: the pledge's and the MASA's checks
 * (ok_voucher_verify) on the RFC 8995 Appendix C vouchers (pinned time,
 * now, tampered), the registrar voucher-requests of RFC 8995, Siemens,
 * Minerva and constrained-voucher (nested COSE), vouchers pinning a key
 * in each signed form, the JSON report cross-checked with the openssl
 * CLI, and ok_voucher_inspect on every voucher vector.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "common/json.h"
#include "tap.h"
#include "tap_vectors.h"
#include "voucher/verify.h"

#define RFC8995_TIME 1618358400
#define SIEMENS_TIME 1544832000
#define COSE_TIME 1700000000
#define V "voucher/rfc8995/"
#define VOUCHER V "voucher_00-D0-E5-F2-00-02.der"
#define PARBOILED V "parboiled_vr_00-D0-E5-F2-00-02.der"
#define SERIAL "00-D0-E5-F2-00-02"
#define NONCE "-_XE9zK9q8Ll1qylMtLKeg"

static const char *const all_checks[] = {
	"signature", "chain", "kind", "yang", "expires-on", "serial-number",
	"nonce", "pinned-domain", "registrar-eku", "prior-signed",
	"proximity", "prior-serial"
};
#define N_CHECKS (sizeof(all_checks) / sizeof(all_checks[0]))

static void
opts_init(ok_vverify_opts *opts, STACK_OF(X509) *anchors, time_t at)
{
	memset(opts, 0, sizeof(*opts));
	opts->anchors = anchors;
	opts->at = at;
	opts->expect_kind = -1;
}

static ok_status
verify_vec(const char *name, const ok_vverify_opts *opts,
    ok_vreport *report, ok_err *err)
{
	size_t len;
	uint8_t *data = (uint8_t *)tap_read_vector(name, &len);
	ok_status st;

	ok_vreport_init(report);
	ok_err_clear(err);
	st = ok_voucher_verify(data, len, opts, report, err);
	free(data);
	return st;
}

static void
expect_check(const ok_vreport *report, const char *name,
    ok_check_result want, const char *what)
{
	tap_expect_check(report->checks, report->n_checks, name, want, what);
}

static bool
all_recorded_in_order(const ok_vreport *report)
{
	size_t i;

	if (report->n_checks != N_CHECKS)
		return false;
	for (i = 0; i < N_CHECKS; i++)
		if (strcmp(report->checks[i].name, all_checks[i]) != 0)
			return false;
	return true;
}

static void
test_rfc8995_voucher(void)
{
	STACK_OF(X509) *anchors = tap_certs_vector(V "vendor.crt");
	STACK_OF(X509) *tls = tap_certs_vector(V "jrc_prime256v1.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, anchors, RFC8995_TIME);
	opts.serial = SERIAL;
	opts.nonce = NONCE;
	opts.tls_chain = tls;
	opts.expect_kind = OK_VOUCHER_ARTIFACT;
	tap_eq_int(verify_vec(VOUCHER, &opts, &report, &err), OK_SUCCESS,
	    "RFC 8995 voucher valid at 2021-04-14 with every pledge input");
	tap_ok(all_recorded_in_order(&report), "12 checks, in verify.h order");
	expect_check(&report, "signature", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "chain", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "kind", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "yang", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "expires-on", OK_CHECK_SKIP, "rfc8995");
	expect_check(&report, "serial-number", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "nonce", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "pinned-domain", OK_CHECK_PASS, "rfc8995");
	expect_check(&report, "registrar-eku", OK_CHECK_SKIP, "rfc8995");
	expect_check(&report, "prior-signed", OK_CHECK_SKIP, "rfc8995");
	tap_ok(report.have_voucher && report.voucher.kind ==
	    OK_VOUCHER_ARTIFACT, "content decoded, kind voucher");
	tap_eq_str(ok_voucher_get(&report.voucher, "nonce"), NONCE,
	    "nonce leaf as the exact string");
	ok_vreport_free(&report);

	opts.at = 0;
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "chain", "now: the MASA certificate expired");
	tap_ok(strstr(err.msg, "expired") != NULL, "chain: %s", err.msg);
	expect_check(&report, "nonce", OK_CHECK_PASS,
	    "rules still recorded after a chain failure");
	expect_check(&report, "pinned-domain", OK_CHECK_FAIL,
	    "the JRC certificate expired too");
	ok_vreport_free(&report);

	opts.at = RFC8995_TIME;
	opts.nonce = "-_XE9zK9q8Ll1qylMtLKeG";
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "nonce", "one letter of the nonce changed");
	tap_eq_str(err.msg, "does not match --nonce (the voucher has "
	    "\"" NONCE "\")", "nonce message");
	ok_vreport_free(&report);

	opts.nonce = "LV9YRTl6SzlxOExsMXF5bE10TEtlZw"; /* the same, decoded */
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "nonce", "nonce is compared as text");
	ok_vreport_free(&report);

	opts.nonce = NONCE;
	opts.serial = "00-D0-E5-F2-00-03";
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "serial-number", "another pledge's serial");
	ok_vreport_free(&report);

	opts.serial = SERIAL;
	opts.expect_kind = OK_VOUCHER_REQUEST;
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "kind", "a voucher where a request is wanted");
	ok_vreport_free(&report);

	sk_X509_pop_free(anchors, X509_free);
	sk_X509_pop_free(tls, X509_free);
}

static void
test_pinned_domain_negative(void)
{
	STACK_OF(X509) *anchors = tap_certs_vector(V "vendor.crt");
	STACK_OF(X509) *masa = tap_certs_vector(V "masa.crt");
	STACK_OF(X509) *owner = tap_certs_vector(V "ownerca_secp384r1.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, anchors, RFC8995_TIME);
	opts.tls_chain = masa;
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "pinned-domain",
	    "a TLS certificate the voucher does not pin");
	ok_vreport_free(&report);
	/* ownerca signed the registrar's request certificate, not the JRC
	 * that is pinned: a domain CA above the pin does not satisfy it. */
	opts.tls_chain = owner;
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "pinned-domain", "the owner CA is not pinned");
	ok_vreport_free(&report);
	sk_X509_pop_free(anchors, X509_free);
	sk_X509_pop_free(masa, X509_free);
	sk_X509_pop_free(owner, X509_free);
}

static void
test_tampered(void)
{
	STACK_OF(X509) *anchors = tap_certs_vector(V "vendor.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;
	size_t i;
	bool rest_skipped = true;

	opts_init(&opts, anchors, RFC8995_TIME);
	opts.serial = SERIAL;
	tap_expect_err(verify_vec(V "voucher_00-D0-E5-F2-00-02.tampered.der",
	    &opts, &report, &err), OK_E_NEGATIVE, &err, "signature",
	    "tampered voucher: signature fails (not a content error)");
	tap_ok(all_recorded_in_order(&report), "every check recorded");
	for (i = 1; i < report.n_checks; i++)
		rest_skipped = rest_skipped &&
		    report.checks[i].result == OK_CHECK_SKIP;
	tap_ok(rest_skipped, "everything after the signature is skipped");
	ok_vreport_free(&report);

	opts.anchors = NULL;
	tap_expect_err(verify_vec(VOUCHER, &opts, &report, &err), OK_E_USAGE,
	    &err, "trust-anchor", "no anchors: usage");
	ok_vreport_free(&report);
	sk_X509_pop_free(anchors, X509_free);
}

static void
test_rfc8995_rvr(void)
{
	STACK_OF(X509) *owner = tap_certs_vector(V "ownerca_secp384r1.crt");
	STACK_OF(X509) *vendor = tap_certs_vector(V "vendor.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, owner, RFC8995_TIME);
	opts.registrar_request = true;
	opts.pledge_anchors = vendor;
	opts.expect_kind = OK_VOUCHER_REQUEST;
	tap_eq_int(verify_vec(PARBOILED, &opts, &report, &err), OK_SUCCESS,
	    "RFC 8995 registrar voucher-request valid as a MASA checks it");
	expect_check(&report, "registrar-eku", OK_CHECK_PASS, "RVR");
	expect_check(&report, "prior-signed", OK_CHECK_PASS, "RVR");
	expect_check(&report, "proximity", OK_CHECK_PASS, "RVR");
	expect_check(&report, "prior-serial", OK_CHECK_PASS, "RVR");
	tap_ok(report.have_prior && report.prior.kind == OK_VOUCHER_REQUEST,
	    "prior-signed request decoded");
	tap_eq_str(ok_voucher_get(&report.prior, "serial-number"), SERIAL,
	    "prior-signed request serial");
	ok_vreport_free(&report);

	opts.pledge_anchors = owner;
	tap_expect_err(verify_vec(PARBOILED, &opts, &report, &err),
	    OK_E_NEGATIVE, &err, "prior-signed",
	    "pledge's IDevID does not chain to the owner CA");
	expect_check(&report, "proximity", OK_CHECK_PASS,
	    "proximity still checked");
	ok_vreport_free(&report);

	/* The pledge's own request is not signed by a registrar. */
	opts_init(&opts, vendor, RFC8995_TIME);
	opts.registrar_request = true;
	tap_expect_err(verify_vec(V "vr_00-D0-E5-F2-00-02.der", &opts,
	    &report, &err), OK_E_NEGATIVE, &err, "registrar-eku",
	    "a PVR sent as a registrar request");
	expect_check(&report, "prior-signed", OK_CHECK_WARN, "PVR as RVR");
	ok_vreport_free(&report);

	opts.registrar_request = false;
	tap_eq_int(verify_vec(V "vr_00-D0-E5-F2-00-02.der", &opts, &report,
	    &err), OK_SUCCESS, "the PVR itself is valid");
	expect_check(&report, "registrar-eku", OK_CHECK_SKIP, "PVR");
	ok_vreport_free(&report);
	sk_X509_pop_free(owner, X509_free);
	sk_X509_pop_free(vendor, X509_free);
}

/* The self-signed certificates a signed voucher embeds. */
static STACK_OF(X509) *
embedded_roots(const char *name)
{
	size_t len;
	uint8_t *data = (uint8_t *)tap_read_vector(name, &len);
	STACK_OF(X509) *roots = sk_X509_new_null();
	ok_signed sig;
	X509 *cert;
	ok_err err;
	int i;

	ok_signed_init(&sig);
	if (ok_signed_parse(data, len, "voucher", &sig, &err) == OK_SUCCESS)
		for (i = 0; i < sk_X509_num(sig.certs); i++) {
			cert = sk_X509_value(sig.certs, i);
			if (X509_check_issued(cert, cert) == X509_V_OK &&
			    X509_up_ref(cert) == 1)
				sk_X509_push(roots, cert);
		}
	ok_signed_free(&sig);
	free(data);
	return roots;
}

static void
test_siemens_and_minerva(void)
{
	const char *siemens =
	    "voucher/minerva-highway/parboiled_vr-9730-siemens-bt.der";
	const char *jada = "voucher/minerva-highway/vr_JADA123456789.der";
	STACK_OF(X509) *test_ca = embedded_roots(siemens);
	STACK_OF(X509) *jada_certs = tap_certs_vector(V "vendor.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	tap_eq_int(sk_X509_num(test_ca), 1, "Siemens RVR embeds one root");
	opts_init(&opts, test_ca, SIEMENS_TIME);
	opts.registrar_request = true;
	tap_eq_int(verify_vec(siemens, &opts, &report, &err), OK_SUCCESS,
	    "Siemens RVR valid with its TestCA at 2018-12-15");
	expect_check(&report, "registrar-eku", OK_CHECK_PASS, "Siemens");
	expect_check(&report, "prior-signed", OK_CHECK_WARN,
	    "Siemens (no prior-signed request)");
	tap_eq_str(ok_voucher_get(&report.voucher, "nonce"),
	    "9730977110184206", "decimal nonce kept as text");
	ok_vreport_free(&report);

	/* Any anchor: the inner content is malformed whatever the chain. */
	opts_init(&opts, jada_certs, 0);
	tap_expect_err(verify_vec(jada, &opts, &report, &err),
	    OK_E_MALFORMED, &err, "prior-signed-voucher-request.created-on",
	    "Minerva RVR: inner created-on \"2017-09-01\" is not a "
	    "date-and-time");
	expect_check(&report, "prior-signed", OK_CHECK_FAIL, "JADA");
	expect_check(&report, "proximity", OK_CHECK_SKIP, "JADA");
	ok_vreport_free(&report);
	sk_X509_pop_free(test_ca, X509_free);
	sk_X509_pop_free(jada_certs, X509_free);
}

static void
test_cose_rvr(void)
{
	const char *rvr = "voucher/constrained-cose/rvr.cose";
	STACK_OF(X509) *roots = embedded_roots(rvr);
	STACK_OF(X509) *pledge = tap_certs_vector("voucher/constrained-cose/pledge.pem");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, roots, COSE_TIME);
	opts.registrar_request = true;
	tap_expect_err(verify_vec(rvr, &opts, &report, &err), OK_E_NEGATIVE,
	    &err, "prior-signed",
	    "COSE RVR: the nested PVR carries no certificate");
	ok_vreport_free(&report);
	opts.extra = pledge;
	tap_eq_int(verify_vec(rvr, &opts, &report, &err), OK_SUCCESS,
	    "COSE RVR with the pledge certificate given (--certs)");
	expect_check(&report, "prior-signed", OK_CHECK_PASS, "COSE RVR");
	expect_check(&report, "proximity", OK_CHECK_PASS,
	    "COSE RVR: proximity-registrar-pubk is the signer's key");
	expect_check(&report, "prior-serial", OK_CHECK_PASS, "COSE RVR");
	tap_ok(report.have_prior, "nested COSE_Sign1 decoded");
	ok_vreport_free(&report);
	sk_X509_pop_free(roots, X509_free);
	sk_X509_pop_free(pledge, X509_free);
}

static void
test_jws_rvr(void)
{
	STACK_OF(X509) *rvr_chain = tap_certs_vector("voucher/jws/rvr-signer-chain.pem");
	STACK_OF(X509) *pvr_chain = tap_certs_vector("voucher/jws/pvr-signer-chain.pem");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, rvr_chain, 0);
	opts.pledge_anchors = pvr_chain;
	opts.partial_chain = true;
	/* As a pledge-side artefact it is valid (MANIFEST: VALID); the
	 * registrar checks are the MASA's and only run when asked. */
	tap_eq_int(verify_vec("voucher/jws/rvr.jws.json", &opts, &report,
	    &err), OK_SUCCESS, "JWS RVR: valid without --registrar-request");
	expect_check(&report, "prior-signed", OK_CHECK_PASS,
	    "JWS RVR: nested JWS PVR verifies and chains");
	expect_check(&report, "proximity", OK_CHECK_SKIP, "JWS RVR, not asked");
	ok_vreport_free(&report);
	/* The draft's PVR pins the registrar's TLS certificate, a sibling
	 * of the RVR signer under MySiteCA: not in the signing chain. */
	opts.registrar_request = true;
	tap_expect_err(verify_vec("voucher/jws/rvr.jws.json", &opts, &report,
	    &err), OK_E_NEGATIVE, &err, "proximity",
	    "JWS RVR: proximity-registrar-cert is not in the signing chain");
	expect_check(&report, "prior-serial", OK_CHECK_PASS, "JWS RVR");
	expect_check(&report, "registrar-eku", OK_CHECK_PASS, "JWS RVR");
	ok_vreport_free(&report);
	sk_X509_pop_free(rvr_chain, X509_free);
	sk_X509_pop_free(pvr_chain, X509_free);
}

static void
test_expiry(void)
{
	STACK_OF(X509) *anchors = tap_certs_vector("voucher/sztp/vendor-ca.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, anchors, 0);
	opts.serial = "SZTP-DEV-0001";
	tap_eq_int(verify_vec("voucher/sztp/ownership-voucher.cms", &opts,
	    &report, &err), OK_SUCCESS, "SZTP ownership voucher valid now");
	expect_check(&report, "expires-on", OK_CHECK_PASS, "expires 2099");
	ok_vreport_free(&report);
	tap_expect_err(verify_vec("voucher/sztp/ownership-voucher-expired.cms",
	    &opts, &report, &err), OK_E_NEGATIVE, &err, "expires-on",
	    "expired ownership voucher");
	tap_ok(strstr(err.msg, "2020-01-01") != NULL, "expiry: %s", err.msg);
	ok_vreport_free(&report);
	opts.at = 1500000000; /* 2017: before expires-on, signer not yet valid */
	tap_expect_err(verify_vec("voucher/sztp/ownership-voucher-expired.cms",
	    &opts, &report, &err), OK_E_NEGATIVE, &err, "chain",
	    "--at before the certificates: the chain fails first");
	expect_check(&report, "expires-on", OK_CHECK_PASS,
	    "expires-on compared with opts->at");
	ok_vreport_free(&report);
	sk_X509_pop_free(anchors, X509_free);
}

/* A voucher pinning the JRC's key, signed by the RFC 8995 MASA in form. */
static ok_status
sign_pubk_voucher(ok_vform form, const char *leaf, ok_buf *out)
{
	STACK_OF(X509) *masa = tap_certs_vector(V "masa.crt");
	STACK_OF(X509) *jrc = tap_certs_vector(V "jrc_prime256v1.crt");
	EVP_PKEY *key = tap_key_vector(V "masa.key");
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_vsign_opts sign;
	ok_status st;
	ok_err err;

	memset(&sign, 0, sizeof(sign));
	sign.form = form;
	sign.key = key;
	sign.signer = sk_X509_value(masa, 0);
	sign.include = OK_VINCLUDE_SIGNER;
	sign.signing_time = RFC8995_TIME;
	st = ok_voucher_init(&voucher, OK_VOUCHER_ARTIFACT, &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set(&voucher, "created-on",
		    "2021-04-14T00:00:00Z", &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set(&voucher, "assertion", "logged", &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set(&voucher, "serial-number", SERIAL, &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set_pubk(&voucher, leaf,
		    X509_get0_pubkey(sk_X509_value(jrc, 0)), &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_sign(&voucher, &sign, out, &err);
	if (st != OK_SUCCESS)
		tap_diag("sign %s: %s: %s", leaf, err.field, err.msg);
	ok_voucher_free(&voucher);
	EVP_PKEY_free(key);
	sk_X509_pop_free(masa, X509_free);
	sk_X509_pop_free(jrc, X509_free);
	return st;
}

static void
test_pinned_pubk(void)
{
	static const char *const leaves[] = {
		"pinned-domain-pubk", "pinned-domain-pubk-sha256"
	};
	static const ok_vform forms[] = {
		OK_VFORM_CMS, OK_VFORM_JWS, OK_VFORM_COSE
	};
	STACK_OF(X509) *anchors = tap_certs_vector(V "vendor.crt");
	STACK_OF(X509) *jrc = tap_certs_vector(V "jrc_prime256v1.crt");
	STACK_OF(X509) *masa = tap_certs_vector(V "masa.crt");
	ok_buf signed_voucher = OK_BUF_INIT;
	ok_vverify_opts opts;
	ok_vreport report;
	size_t l, f;
	ok_err err;

	opts_init(&opts, anchors, RFC8995_TIME);
	opts.serial = SERIAL;
	for (l = 0; l < 2; l++) {
		for (f = 0; f < 3; f++) {
			if (!tap_ok(sign_pubk_voucher(forms[f], leaves[l],
			    &signed_voucher) == OK_SUCCESS, "sign %s %s",
			    ok_vform_name(forms[f]), leaves[l]))
				continue;
			opts.tls_chain = jrc;
			ok_vreport_init(&report);
			tap_eq_int(ok_voucher_verify(signed_voucher.data,
			    signed_voucher.len, &opts, &report, &err),
			    OK_SUCCESS, leaves[l]);
			expect_check(&report, "pinned-domain", OK_CHECK_PASS,
			    ok_vform_name(forms[f]));
			tap_ok(report.sig.form == forms[f], "form detected");
			ok_vreport_free(&report);
			opts.tls_chain = masa;
			ok_vreport_init(&report);
			tap_expect_err(ok_voucher_verify(signed_voucher.data,
			    signed_voucher.len, &opts, &report, &err),
			    OK_E_NEGATIVE, &err, "pinned-domain",
			    "another key than the pinned one");
			ok_vreport_free(&report);
		}
	}
	ok_buf_free(&signed_voucher);
	sk_X509_pop_free(anchors, X509_free);
	sk_X509_pop_free(jrc, X509_free);
	sk_X509_pop_free(masa, X509_free);
}

/* The openssl CLI's view of a certificate, for the report's summary. */
static bool
openssl_field(const char *before, const char *cert_path, const char *after,
    char *out, size_t size)
{
	char line[2048];
	FILE *pipe;
	bool ok;

	snprintf(line, sizeof(line), "%s%s%s", before, cert_path, after);
	pipe = popen(line, "r");
	if (pipe == NULL)
		return false;
	ok = fgets(out, (int)size, pipe) != NULL;
	pclose(pipe);
	out[strcspn(out, "\n")] = '\0';
	return ok;
}

static void
expect_summary(const json_t *summary, const char *cert_vector)
{
	char path[1024], want[512];
	const char *vectors = getenv("OK_VECTORS");
	size_t i;

	snprintf(path, sizeof(path), "%s/%s", vectors ? vectors :
	    "tests/vectors", cert_vector);
	if (openssl_field("openssl x509 -in ", path, " -noout -subject "
	    "-nameopt RFC2253 | sed 's/^subject=//'", want, sizeof(want)))
		tap_eq_str(json_string_value(json_object_get(summary,
		    "subject")), want, "subject as openssl prints it");
	if (openssl_field("openssl x509 -in ", path, " -noout -serial | "
	    "sed 's/^serial=//'", want, sizeof(want))) {
		for (i = 0; want[i]; i++)
			want[i] = (char)(want[i] >= 'A' && want[i] <= 'F' ?
			    want[i] - 'A' + 'a' : want[i]);
		tap_eq_str(json_string_value(json_object_get(summary,
		    "serial")), want, "serial in hex");
	}
	if (openssl_field("openssl x509 -in ", path, " -noout -pubkey | "
	    "openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1",
	    want, sizeof(want)))
		tap_eq_str(json_string_value(json_object_get(summary,
		    "spki-sha256")), want, "SPKI SHA-256");
	if (openssl_field("date -u -d \"$(openssl x509 -in ", path,
	    " -noout -enddate | sed 's/^notAfter=//')\" +%Y-%m-%dT%H:%M:%SZ",
	    want, sizeof(want)))
		tap_eq_str(json_string_value(json_object_get(summary,
		    "not-after")), want, "not-after as date-and-time");
	tap_ok(json_is_string(json_object_get(summary, "issuer")) &&
	    json_is_string(json_object_get(summary, "not-before")),
	    "issuer and not-before present");
}

static void
test_report_json(void)
{
	STACK_OF(X509) *anchors = tap_certs_vector(V "vendor.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	json_t *doc = NULL, *checks, *content;
	ok_err err;

	opts_init(&opts, anchors, RFC8995_TIME);
	opts.nonce = NONCE;
	verify_vec(VOUCHER, &opts, &report, &err);
	tap_eq_int(ok_vreport_json(&report, true, &doc, &err), OK_SUCCESS,
	    "report JSON");
	tap_ok(json_is_true(json_object_get(doc, "verified")) &&
	    json_object_get(doc, "unverified") == NULL,
	    "verified: true, no unverified member");
	tap_eq_str(json_string_value(json_object_get(doc, "form")), "cms",
	    "form");
	tap_eq_str(json_string_value(json_object_get(doc, "encoding")), "der",
	    "encoding");
	tap_eq_str(json_string_value(json_object_get(doc, "content-type")),
	    "1.2.840.113549.1.7.1", "content-type id-data");
	tap_eq_str(json_string_value(json_object_get(doc, "kind")),
	    "ietf-voucher:voucher", "kind");
	content = json_object_get(json_object_get(doc, "content"),
	    "ietf-voucher:voucher");
	tap_eq_str(json_string_value(json_object_get(content,
	    "serial-number")), SERIAL, "content wrapped by its top name");
	tap_eq_str(json_string_value(json_object_get(content, "created-on")),
	    "2021-04-13T17:43:24.589-04:00", "created-on as written");
	expect_summary(json_object_get(doc, "signer"), V "masa.crt");
	tap_eq_int((long long)json_array_size(json_object_get(doc,
	    "certificates")), 1, "one embedded certificate");
	checks = json_object_get(doc, "checks");
	tap_eq_int((long long)json_array_size(checks), (long long)N_CHECKS,
	    "every check in the report");
	tap_eq_str(json_string_value(json_object_get(json_array_get(checks,
	    6), "check")), "nonce", "checks[6].check");
	tap_eq_str(json_string_value(json_object_get(json_array_get(checks,
	    6), "result")), "pass", "checks[6].result");
	tap_ok(json_is_string(json_object_get(json_array_get(checks, 6),
	    "detail")), "checks[6].detail");
	tap_ok(json_is_array(json_object_get(doc, "warnings")), "warnings");
	tap_ok(json_object_get(doc, "prior-signed-voucher-request") == NULL,
	    "no prior member for a voucher");
	json_decref(doc);
	ok_vreport_free(&report);

	opts.at = 0;
	verify_vec(VOUCHER, &opts, &report, &err);
	ok_vreport_json(&report, false, &doc, &err);
	tap_ok(json_is_false(json_object_get(doc, "verified")),
	    "a failed verification reports verified: false");
	json_decref(doc);
	ok_vreport_free(&report);
	sk_X509_pop_free(anchors, X509_free);
}

static ok_status
inspect_vec(const char *name, ok_vreport *report, ok_err *err)
{
	size_t len;
	uint8_t *data = (uint8_t *)tap_read_vector(name, &len);
	ok_status st;

	ok_vreport_init(report);
	ok_err_clear(err);
	st = ok_voucher_inspect(data, len, report, err);
	free(data);
	return st;
}

static void
test_inspect_report(void)
{
	ok_vreport report;
	json_t *doc = NULL, *prior;
	ok_err err;

	tap_eq_int(inspect_vec(PARBOILED, &report, &err), OK_SUCCESS,
	    "inspect RVR");
	tap_eq_int((long long)report.n_checks, 0, "inspect checks nothing");
	tap_eq_int(ok_vreport_json(&report, false, &doc, &err), OK_SUCCESS,
	    "inspect report JSON");
	tap_ok(json_is_true(json_object_get(doc, "unverified")) &&
	    json_object_get(doc, "verified") == NULL,
	    "unverified: true, no verified member");
	prior = json_object_get(json_object_get(doc,
	    "prior-signed-voucher-request"), "ietf-voucher-request:voucher");
	tap_eq_str(json_string_value(json_object_get(prior, "serial-number")),
	    SERIAL, "prior-signed request content in the report");
	tap_ok(json_is_object(json_object_get(doc, "signer")),
	    "signer named without verifying");
	tap_eq_int((long long)json_array_size(json_object_get(doc, "checks")),
	    0, "no checks");
	json_decref(doc);
	ok_vreport_free(&report);
}

/* Every signed voucher or request among the vectors, and what show
 * makes of it (MANIFEST.tsv): decodes, or the part that does not. */
static const struct {
	const char *name;
	ok_status status;
	const char *field;
} inspect_cases[] = {
	{ "rfc8995/voucher_00-D0-E5-F2-00-02.der", OK_SUCCESS, NULL },
	{ "rfc8995/voucher_00-D0-E5-F2-00-02.b64", OK_SUCCESS, NULL },
	{ "rfc8995/voucher_00-D0-E5-F2-00-02.tampered.der", OK_E_MALFORMED,
	    "assertion" },
	{ "rfc8995/vr_00-D0-E5-F2-00-02.der", OK_SUCCESS, NULL },
	{ "rfc8995/vr_00-D0-E5-F2-00-02.b64", OK_SUCCESS, NULL },
	{ "rfc8995/parboiled_vr_00-D0-E5-F2-00-02.der", OK_SUCCESS, NULL },
	{ "rfc8995/parboiled_vr_00-D0-E5-F2-00-02.b64", OK_SUCCESS, NULL },
	{ "rfc8366bis/voucher_00-D0-E5-F2-00-02.der", OK_SUCCESS, NULL },
	{ "rfc8366bis/voucher_00-D0-E5-F2-00-02.b64", OK_SUCCESS, NULL },
	{ "rfc8366bis/vr_00-D0-E5-F2-00-02.der", OK_SUCCESS, NULL },
	{ "rfc8366bis/vr_00-D0-E5-F2-00-02.b64", OK_SUCCESS, NULL },
	{ "rfc8366bis/voucher-8366bis.jws.json", OK_SUCCESS, NULL },
	{ "constrained-cose/voucher.cose", OK_SUCCESS, NULL },
	{ "constrained-cose/pvr.cose", OK_SUCCESS, NULL },
	{ "constrained-cose/rvr.cose", OK_SUCCESS, NULL },
	{ "constrained-cose/legacy-sid/voucher_00-D0-E5-F2-00-03.vch",
	    OK_E_MALFORMED, "alg" },
	{ "constrained-cose/legacy-sid/vr_00-D0-E5-F2-00-03.vrq",
	    OK_E_MALFORMED, "alg" },
	{ "constrained-cose/legacy-sid/parboiled_vr_00-D0-E5-F2-00-03.vrq",
	    OK_E_MALFORMED, "alg" },
	{ "jws/voucher.jws.json", OK_SUCCESS, NULL },
	{ "jws/pvr.jws.json", OK_SUCCESS, NULL },
	{ "jws/rvr.jws.json", OK_SUCCESS, NULL },
	{ "minerva-highway/parboiled_vr-9730-siemens-bt.der", OK_SUCCESS,
	    NULL },
	{ "minerva-highway/parboiled_vr-00-D0-E5-F2-00-01.der", OK_SUCCESS,
	    NULL },
	{ "minerva-highway/vr_JADA123456789.der", OK_E_MALFORMED,
	    "prior-signed-voucher-request.created-on" },
	{ "minerva-highway/parboiled_vr_broken-00-D0-E5-F2-00-02.b64",
	    OK_E_MALFORMED, "voucher" },
	{ "bootz/ov_123A.der", OK_E_MALFORMED, "created-on" },
	{ "bootz/ov_123A.b64", OK_E_MALFORMED, "created-on" },
	{ "nqminds-brski/pvr-epvr.der", OK_SUCCESS, NULL },
	{ "nqminds-brski/pvr-epvr.b64", OK_SUCCESS, NULL },
	{ "nqminds-brski/xv-anima.der", OK_SUCCESS, NULL },
	{ "nqminds-brski/xv-data.der", OK_SUCCESS, NULL },
	{ "nqminds-brski/xv-badnonce.der", OK_SUCCESS, NULL },
	{ "nqminds-brski/xv-expired.der", OK_SUCCESS, NULL },
	{ "nqminds-brski/xv-wrongsigner.der", OK_SUCCESS, NULL },
	{ "sztp/ownership-voucher.cms", OK_SUCCESS, NULL },
	{ "sztp/ownership-voucher-expired.cms", OK_SUCCESS, NULL },
};

static void
test_inspect_every_vector(void)
{
	char name[256];
	ok_vreport report;
	json_t *doc;
	ok_status st;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(inspect_cases) / sizeof(inspect_cases[0]);
	    i++) {
		snprintf(name, sizeof(name), "voucher/%s",
		    inspect_cases[i].name);
		st = inspect_vec(name, &report, &err);
		if (inspect_cases[i].status == OK_SUCCESS) {
			doc = NULL;
			tap_ok(st == OK_SUCCESS && report.have_voucher &&
			    ok_vreport_json(&report, false, &doc, &err) ==
			    OK_SUCCESS, "inspect %s (%s: %s)", name,
			    st ? err.field : "", st ? err.msg : "ok");
			json_decref(doc);
		} else
			tap_expect_err(st, inspect_cases[i].status, &err,
			    inspect_cases[i].field, name);
		ok_vreport_free(&report);
	}
}

static void
test_nqminds_unknown_leaf(void)
{
	STACK_OF(X509) *pledge = tap_certs_vector("voucher/nqminds-brski/pledge-cms.crt");
	ok_vverify_opts opts;
	ok_vreport report;
	ok_err err;

	opts_init(&opts, pledge, 0);
	opts.partial_chain = true;
	tap_eq_int(verify_vec("voucher/nqminds-brski/pvr-epvr.der", &opts,
	    &report, &err), OK_SUCCESS,
	    "nqminds PVR valid with its signer as a partial-chain anchor");
	tap_ok(report.warnings.count > 0 &&
	    strstr(report.warnings.text[0], "proximity-registrar-cert") !=
	    NULL, "its unknown leaf is a warning: %s",
	    report.warnings.count ? report.warnings.text[0] : "none");
	ok_vreport_free(&report);
	opts.partial_chain = false;
	tap_expect_err(verify_vec("voucher/nqminds-brski/pvr-epvr.der", &opts,
	    &report, &err), OK_E_NEGATIVE, &err, "chain",
	    "without partial chain the signer alone is no anchor");
	ok_vreport_free(&report);
	sk_X509_pop_free(pledge, X509_free);
}

int
main(void)
{
	test_rfc8995_voucher();
	test_pinned_domain_negative();
	test_tampered();
	test_rfc8995_rvr();
	test_siemens_and_minerva();
	test_cose_rvr();
	test_jws_rvr();
	test_expiry();
	test_pinned_pubk();
	test_report_json();
	test_inspect_report();
	test_inspect_every_vector();
	test_nqminds_unknown_leaf();
	return tap_done();
}
