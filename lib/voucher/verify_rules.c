/*
 * verify_rules.c: the pledge's rules (RFC 8995 5.6.1, RFC 8572 5.4) and
 * the MASA's rules for a registrar voucher-request (RFC 8995 5.5), each
 * recorded as a check of the report.
 */
#include "verify.h"

#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/x509v3.h>

#include "../common/datetime.h"
#include "verify_internal.h"

#define ADD(report, ...) \
	ok_check_add((report)->checks, &(report)->n_checks, __VA_ARGS__)

#define PRIOR "prior-signed-voucher-request"

void
ok_vrule_expiry(ok_vreport *report, time_t at)
{
	const char *text = ok_voucher_get(&report->voucher, "expires-on");
	char now[OK_DATETIME_MAX];
	time_t expires;

	if (text == NULL) {
		ADD(report, "expires-on", OK_CHECK_SKIP, "no expires-on");
		return;
	}
	ok_datetime_format(at, now);
	if (!ok_datetime_parse(text, &expires))
		ADD(report, "expires-on", OK_CHECK_FAIL,
		    "'%s' is not a date-and-time", text);
	else if (expires > at)
		ADD(report, "expires-on", OK_CHECK_PASS,
		    "%s is after %s", text, now);
	else
		ADD(report, "expires-on", OK_CHECK_FAIL,
		    "expired: %s is not after %s", text, now);
}

/* The text leaf against the value the caller expects. */
static void
leaf_equals(ok_vreport *report, const char *check, const char *leaf,
    const char *want, const char *option)
{
	const char *got = ok_voucher_get(&report->voucher, leaf);

	if (want == NULL)
		ADD(report, check, OK_CHECK_SKIP, "no %s to compare", leaf);
	else if (got == NULL)
		ADD(report, check, OK_CHECK_FAIL, "the voucher has no %s",
		    leaf);
	else if (strcmp(got, want) != 0)
		ADD(report, check, OK_CHECK_FAIL,
		    "does not match %s (the voucher has \"%s\")", option, got);
	else
		ADD(report, check, OK_CHECK_PASS, "\"%s\"", got);
}

void
ok_vrule_serial(ok_vreport *report, const char *serial)
{
	leaf_equals(report, "serial-number", "serial-number", serial,
	    "--serial");
}

/* Compared as the exact string: published vouchers carry base64url,
 * base64 and decimal nonces, so no decoding can be assumed. */
void
ok_vrule_nonce(ok_vreport *report, const char *nonce)
{
	leaf_equals(report, "nonce", "nonce", nonce, "--nonce");
}

static ok_status
leaf_cert(const ok_voucher *voucher, const char *leaf, X509 **out,
    ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	ok_status st;

	st = ok_voucher_get_bytes(voucher, leaf, &der, err);
	if (st == OK_SUCCESS)
		st = ok_cert_parse(der.data, der.len, leaf, out, err);
	ok_buf_free(&der);
	return st;
}

/* cert's key is the pinned one: SPKI DER, or its SHA-256 when hashed. */
static bool
key_pinned(const X509 *cert, const ok_buf *pin, bool hashed)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	unsigned digest_len = 0;
	ok_buf spki = OK_BUF_INIT;
	bool same = false;
	ok_err ignored;

	if (ok_cert_spki_der(cert, &spki, &ignored) != OK_SUCCESS)
		return false;
	if (!hashed)
		same = spki.len == pin->len &&
		    memcmp(spki.data, pin->data, pin->len) == 0;
	else if (EVP_Digest(spki.data, spki.len, digest, &digest_len,
	    EVP_sha256(), NULL) == 1)
		same = digest_len == pin->len &&
		    memcmp(digest, pin->data, pin->len) == 0;
	ok_buf_free(&spki);
	return same;
}

static void
pinned_cert_rule(ok_vreport *report, STACK_OF(X509) *tls_chain, time_t at)
{
	ok_verify_opts opts = { at, true, true };
	STACK_OF(X509) *anchors = sk_X509_new_null();
	STACK_OF(X509) *rest = sk_X509_dup(tls_chain);
	X509 *tls_leaf = sk_X509_shift(rest), *pinned = NULL;
	ok_err why;

	ok_err_clear(&why);
	if (anchors == NULL || rest == NULL)
		ADD(report, "pinned-domain", OK_CHECK_FAIL, "out of memory");
	else if (leaf_cert(&report->voucher, "pinned-domain-cert", &pinned,
	    &why) != OK_SUCCESS)
		ADD(report, "pinned-domain", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
	else if (sk_X509_push(anchors, pinned) <= 0)
		ADD(report, "pinned-domain", OK_CHECK_FAIL, "out of memory");
	else if (ok_chain_verify(tls_leaf, rest, anchors, &opts,
	    "pinned-domain", &why) != OK_SUCCESS)
		ADD(report, "pinned-domain", OK_CHECK_FAIL,
		    "the TLS chain does not validate to pinned-domain-cert: "
		    "%s", why.msg);
	else
		ADD(report, "pinned-domain", OK_CHECK_PASS,
		    "the TLS chain validates to pinned-domain-cert");
	X509_free(pinned);
	sk_X509_free(anchors);
	sk_X509_free(rest);
}

static void
pinned_key_rule(ok_vreport *report, X509 *tls_leaf, const char *leaf,
    bool hashed)
{
	ok_buf pin = OK_BUF_INIT;
	ok_err why;

	ok_err_clear(&why);
	if (ok_voucher_get_bytes(&report->voucher, leaf, &pin, &why) !=
	    OK_SUCCESS)
		ADD(report, "pinned-domain", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
	else if (key_pinned(tls_leaf, &pin, hashed))
		ADD(report, "pinned-domain", OK_CHECK_PASS,
		    "the TLS certificate's key is %s", leaf);
	else
		ADD(report, "pinned-domain", OK_CHECK_FAIL,
		    "the TLS certificate's key is not %s", leaf);
	ok_buf_free(&pin);
}

void
ok_vrule_pinned_domain(ok_vreport *report, STACK_OF(X509) *tls_chain,
    time_t at)
{
	const ok_voucher *voucher = &report->voucher;

	if (sk_X509_num(tls_chain) <= 0)
		ADD(report, "pinned-domain", OK_CHECK_SKIP,
		    "no TLS chain to compare");
	else if (voucher->kind == OK_VOUCHER_REQUEST)
		ADD(report, "pinned-domain", OK_CHECK_SKIP,
		    "a voucher-request pins no domain");
	else if (ok_voucher_get(voucher, "pinned-domain-cert") != NULL)
		pinned_cert_rule(report, tls_chain, at);
	else if (ok_voucher_get(voucher, "pinned-domain-pubk") != NULL)
		pinned_key_rule(report, sk_X509_value(tls_chain, 0),
		    "pinned-domain-pubk", false);
	else if (ok_voucher_get(voucher, "pinned-domain-pubk-sha256") != NULL)
		pinned_key_rule(report, sk_X509_value(tls_chain, 0),
		    "pinned-domain-pubk-sha256", true);
	else
		ADD(report, "pinned-domain", OK_CHECK_FAIL,
		    "the voucher pins no domain certificate or key");
}

bool
ok_vprior_present(const ok_vreport *report)
{
	return report->have_voucher &&
	    ok_voucher_get(&report->voucher, PRIOR) != NULL;
}

void
ok_vrule_registrar_eku(ok_vreport *report, bool registrar_request)
{
	ok_err why;

	ok_err_clear(&why);
	if (!registrar_request)
		ADD(report, "registrar-eku", OK_CHECK_SKIP,
		    "not asked for (a registrar voucher-request check)");
	else if (report->sig.signer == NULL)
		ADD(report, "registrar-eku", OK_CHECK_FAIL, "signer unknown");
	else if (ok_cert_has_eku(report->sig.signer, NID_cmcRA,
	    "registrar-eku", &why) == OK_SUCCESS)
		ADD(report, "registrar-eku", OK_CHECK_PASS,
		    "the signer has id-kp-cmcRA");
	else
		ADD(report, "registrar-eku", OK_CHECK_FAIL,
		    "the signer is not a registrar (no id-kp-cmcRA): %s",
		    why.msg);
}

/* Names the part of the prior-signed request at fault, so a message
 * about its created-on is not taken for the outer one's. */
static void
prior_field(ok_err *err)
{
	char field[OK_ERR_FIELD_MAX];

	if (strncmp(err->field, PRIOR, strlen(PRIOR)) == 0)
		return;
	if (snprintf(field, sizeof(field), "%s.%s", PRIOR, err->field) < 0)
		return;
	memcpy(err->field, field, sizeof(field));
}

static ok_status
prior_content(ok_vreport *report, const ok_signed *prior, ok_err *err)
{
	ok_voucher content = OK_VOUCHER_INIT;
	ok_warnings found;
	ok_status st;
	size_t i;

	memset(&found, 0, sizeof(found));
	st = ok_signed_voucher(prior, OK_VOUCHER_IGNORE_UNKNOWN, &content,
	    &found, err);
	for (i = 0; i < found.count && i < OK_WARNINGS_MAX; i++)
		ok_warnings_add(&report->warnings, "%s: %s", PRIOR,
		    found.text[i]);
	if (st != OK_SUCCESS) {
		ok_voucher_free(&content);
		return st;
	}
	ok_voucher_free(&report->prior);
	report->prior = content;
	report->have_prior = true;
	return OK_SUCCESS;
}

ok_status
ok_vprior_decode(ok_vreport *report, ok_signed *prior,
    const ok_vverify_opts *opts, ok_err *err)
{
	ok_buf bytes = OK_BUF_INIT;
	ok_status st;

	st = ok_voucher_get_bytes(&report->voucher, PRIOR, &bytes, err);
	if (st == OK_SUCCESS)
		st = ok_signed_parse(bytes.data, bytes.len, PRIOR, prior, err);
	ok_buf_free(&bytes);
	if (st == OK_SUCCESS && opts != NULL)
		st = ok_signed_verify_signature(prior, opts->extra, err);
	if (st == OK_E_NEGATIVE)
		return st;
	if (st == OK_SUCCESS)
		st = prior_content(report, prior, err);
	if (st == OK_E_MALFORMED)
		prior_field(err);
	return st;
}

static void
prior_chain(ok_vreport *report, ok_signed *prior,
    const ok_vverify_opts *opts, time_t at)
{
	ok_verify_opts chain_opts = { at, true, opts->partial_chain };
	char subject[OK_CHECK_DETAIL / 2];
	ok_err why;

	ok_err_clear(&why);
	ok_cert_subject_text(prior->signer, subject, sizeof(subject));
	if (sk_X509_num(opts->pledge_anchors) <= 0)
		ADD(report, "prior-signed", OK_CHECK_PASS,
		    "signed by %s (chain not checked: no pledge anchor)",
		    subject);
	else if (ok_signed_verify_chain(prior, NULL, opts->pledge_anchors,
	    &chain_opts, &why) == OK_SUCCESS)
		ADD(report, "prior-signed", OK_CHECK_PASS,
		    "signed by %s, which chains to a pledge anchor", subject);
	else
		ADD(report, "prior-signed", OK_CHECK_FAIL,
		    "signer %s: %s", subject, why.msg);
}

ok_status
ok_vrule_prior_signed(ok_vreport *report, const ok_vverify_opts *opts,
    time_t at, ok_err *err)
{
	ok_signed prior;
	ok_status st;
	ok_err why;

	if (!ok_vprior_present(report)) {
		ADD(report, "prior-signed", opts->registrar_request ?
		    OK_CHECK_WARN : OK_CHECK_SKIP,
		    "no prior-signed-voucher-request");
		return OK_SUCCESS;
	}
	ok_signed_init(&prior);
	ok_err_clear(&why);
	st = ok_vprior_decode(report, &prior, opts, &why);
	if (st == OK_SUCCESS)
		prior_chain(report, &prior, opts, at);
	else if (st == OK_E_NEGATIVE)
		ADD(report, "prior-signed", OK_CHECK_FAIL,
		    "its signature does not verify: %s", why.msg);
	else {
		ADD(report, "prior-signed", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
		*err = why;
	}
	ok_signed_free(&prior);
	return st == OK_E_NEGATIVE ? OK_SUCCESS : st;
}

/* What the prior-signed request names as its registrar. */
typedef struct proximity_pin {
	X509 *cert;     /* proximity-registrar-cert, or NULL */
	ok_buf key;     /* -pubk (SPKI DER) or -pubk-sha256 */
	bool hashed;
} proximity_pin;

static bool
pin_matches(const proximity_pin *pin, const X509 *cert)
{
	if (pin->cert != NULL)
		return X509_cmp(pin->cert, cert) == 0;
	return key_pinned(cert, &pin->key, pin->hashed);
}

static X509 *
issuer_in(STACK_OF(X509) *pool, X509 *cert)
{
	X509 *candidate;
	int i;

	for (i = 0; i < sk_X509_num(pool); i++) {
		candidate = sk_X509_value(pool, i);
		if (X509_cmp(candidate, cert) != 0 &&
		    X509_check_issued(candidate, cert) == X509_V_OK)
			return candidate;
	}
	return NULL;
}

/* Depth of the pinned certificate in the signer's chain (0: the signer),
 * walking issuers through the embedded and extra certificates; -1 when
 * it is not there. */
static int
pin_depth(const proximity_pin *pin, X509 *signer, STACK_OF(X509) *embedded,
    STACK_OF(X509) *extra)
{
	X509 *cert = signer, *issuer;
	int depth;

	for (depth = 0; cert != NULL && depth <= OK_CERTS_MAX; depth++) {
		if (pin_matches(pin, cert))
			return depth;
		if (X509_check_issued(cert, cert) == X509_V_OK)
			break;
		issuer = issuer_in(embedded, cert);
		cert = issuer != NULL ? issuer : issuer_in(extra, cert);
	}
	return -1;
}

static const char *
proximity_leaf(const ok_voucher *prior, bool *hashed)
{
	static const char *const leaves[] = {
		"proximity-registrar-cert", "proximity-registrar-pubk",
		"proximity-registrar-pubk-sha256"
	};
	size_t i;

	for (i = 0; i < sizeof(leaves) / sizeof(leaves[0]); i++) {
		if (ok_voucher_get(prior, leaves[i]) != NULL) {
			*hashed = i == 2;
			return leaves[i];
		}
	}
	return NULL;
}

static ok_status
pin_load(const ok_voucher *prior, const char *leaf, proximity_pin *pin,
    ok_err *err)
{
	if (strcmp(leaf, "proximity-registrar-cert") == 0)
		return leaf_cert(prior, leaf, &pin->cert, err);
	return ok_voucher_get_bytes(prior, leaf, &pin->key, err);
}

void
ok_vrule_proximity(ok_vreport *report, bool registrar_request,
    STACK_OF(X509) *extra)
{
	proximity_pin pin = { NULL, OK_BUF_INIT, false };
	const char *leaf = NULL;
	int depth;
	ok_err why;

	ok_err_clear(&why);
	if (report->have_prior)
		leaf = proximity_leaf(&report->prior, &pin.hashed);
	if (!registrar_request)
		ADD(report, "proximity", OK_CHECK_SKIP,
		    "not asked for (a registrar voucher-request check)");
	else if (!report->have_prior)
		ADD(report, "proximity", OK_CHECK_SKIP,
		    "no verified prior-signed-voucher-request");
	else if (leaf == NULL)
		ADD(report, "proximity", OK_CHECK_SKIP,
		    "the prior-signed request names no proximity registrar");
	else if (pin_load(&report->prior, leaf, &pin, &why) != OK_SUCCESS)
		ADD(report, "proximity", OK_CHECK_FAIL, "%s: %s", why.field,
		    why.msg);
	else if ((depth = pin_depth(&pin, report->sig.signer,
	    report->sig.certs, extra)) < 0)
		ADD(report, "proximity", OK_CHECK_FAIL,
		    "the prior-signed request's %s is not the registrar's "
		    "signer or in its chain", leaf);
	else
		ADD(report, "proximity", OK_CHECK_PASS,
		    "%s is the registrar's %s", leaf,
		    depth == 0 ? "signer" : "signing chain");
	X509_free(pin.cert);
	ok_buf_free(&pin.key);
}

void
ok_vrule_prior_serial(ok_vreport *report, bool registrar_request)
{
	const char *inner, *outer;

	if (!registrar_request) {
		ADD(report, "prior-serial", OK_CHECK_SKIP,
		    "not asked for (a registrar voucher-request check)");
		return;
	}
	if (!report->have_prior) {
		ADD(report, "prior-serial", OK_CHECK_SKIP,
		    "no verified prior-signed-voucher-request");
		return;
	}
	inner = ok_voucher_get(&report->prior, "serial-number");
	outer = ok_voucher_get(&report->voucher, "serial-number");
	if (inner == NULL || outer == NULL)
		ADD(report, "prior-serial", OK_CHECK_FAIL,
		    "the %s has no serial-number", inner == NULL ?
		    "prior-signed request" : "registrar's request");
	else if (strcmp(inner, outer) != 0)
		ADD(report, "prior-serial", OK_CHECK_FAIL,
		    "\"%s\" in the prior-signed request, \"%s\" in the "
		    "registrar's", inner, outer);
	else
		ADD(report, "prior-serial", OK_CHECK_PASS, "both \"%s\"",
		    outer);
}
