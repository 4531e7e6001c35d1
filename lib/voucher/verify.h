/*
 * verify.h: a pledge's (and a MASA's) checks of a signed voucher or
 * voucher-request: the signature, the signer's chain to a trust anchor,
 * and the rules of RFC 8995 section 5.6.1 and RFC 8572 section 5.4 whose
 * inputs the caller gives.  Each check is recorded with its outcome so a
 * tool can print them all (--json) and name the one that failed.
 */
#ifndef OK_VOUCHER_VERIFY_H
#define OK_VOUCHER_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "../common/err.h"
#include "signed.h"
#include "voucher.h"

typedef enum ok_check_result {
	OK_CHECK_PASS,
	OK_CHECK_FAIL,
	OK_CHECK_SKIP, /* its input was not given */
	OK_CHECK_WARN  /* noted, not failing (e.g. a relaxed YANG rule) */
} ok_check_result;

/* "pass", "fail", "skip", "warn". */
const char *ok_check_result_name(ok_check_result result);

#define OK_CHECKS_MAX 24
#define OK_CHECK_DETAIL 240

typedef struct ok_check {
	const char *name;   /* stable name, see ok_voucher_verify() */
	ok_check_result result;
	char detail[OK_CHECK_DETAIL];
} ok_check;

typedef struct ok_vverify_opts {
	STACK_OF(X509) *anchors;   /* trust anchors; required */
	STACK_OF(X509) *extra;     /* more certificates (signer and
	                            * intermediates not embedded), or NULL */
	bool partial_chain;        /* a non-self-signed anchor ends a chain */
	time_t at;                 /* time for chains and expiry; 0 is now */
	const char *serial;        /* the pledge's serial-number, or NULL */
	const char *nonce;         /* the nonce it sent (exact string), or
	                            * NULL */
	STACK_OF(X509) *tls_chain; /* the registrar's TLS chain, leaf first,
	                            * or NULL */
	bool registrar_request;    /* apply the MASA's checks of a registrar
	                            * voucher-request (RFC 8995 5.5) */
	STACK_OF(X509) *pledge_anchors; /* anchors for the prior-signed
	                            * request's signer (the IDevID CA), or
	                            * NULL: its chain is then skipped */
	int expect_kind;           /* -1 any, else an ok_voucher_kind */
} ok_vverify_opts;

typedef struct ok_vreport {
	ok_signed sig;             /* the envelope, signer once verified */
	ok_voucher voucher;        /* decoded content (kind, leaves) */
	bool have_voucher;
	ok_voucher prior;          /* prior-signed-voucher-request content */
	bool have_prior;
	ok_check checks[OK_CHECKS_MAX];
	size_t n_checks;
	ok_warnings warnings;
} ok_vreport;

void ok_vreport_init(ok_vreport *report);
void ok_vreport_free(ok_vreport *report);

/*
 * Parses, decodes and checks, in this order, recording each check:
 *   "signature"        ok_signed_verify_signature
 *   "chain"            signer to opts->anchors at opts->at, purpose any
 *   "kind"             expect_kind (skip when -1)
 *   "yang"             ok_voucher_check with no relaxation; a violation
 *                      is a warning here ("warn"), not a failure: the
 *                      pledge's rules below decide
 *   "expires-on"       expires-on > at (skip when absent)
 *   "serial-number"    equals opts->serial (skip when not given)
 *   "nonce"            equals opts->nonce as the exact string; fail when
 *                      the voucher has none (skip when not given)
 *   "pinned-domain"    the TLS chain validates to pinned-domain-cert
 *                      (partial chain, at), or its leaf key is
 *                      pinned-domain-pubk / -pubk-sha256 (skip when no
 *                      tls_chain)
 *   "registrar-eku"    signer has id-kp-cmcRA (only with
 *                      registrar_request, the MASA's view of RFC 8995 5.5)
 *   "prior-signed"     the prior-signed request decodes and its signature
 *                      verifies with its embedded signer; with
 *                      pledge_anchors also its chain (whenever present)
 *   "proximity"        its proximity-registrar-cert is the RVR signer or
 *                      a certificate of the signing chain (RFC 8995 5.5;
 *                      only with registrar_request)
 *   "prior-serial"     its serial-number equals the RVR's (only with
 *                      registrar_request)
 * OK_SUCCESS when none failed; OK_E_NEGATIVE naming the first failed
 * check (err->field is the check name); OK_E_MALFORMED (with the leaf
 * named, e.g. "created-on", or "prior-signed-voucher-request.created-on")
 * when the envelope or content does not decode; OK_E_USAGE when
 * opts->anchors is empty.  The report holds what was found either way.
 */
ok_status ok_voucher_verify(const uint8_t *data, size_t len,
    const ok_vverify_opts *opts, ok_vreport *report, ok_err *err);

/*
 * Decodes without verifying anything (show): the envelope, the content
 * (unknown leaves ignored with a warning) and the prior-signed request.
 */
ok_status ok_voucher_inspect(const uint8_t *data, size_t len,
    ok_vreport *report, ok_err *err);

/*
 * The report as JSON: {"verified": bool (absent for inspect, which sets
 * "unverified": true), "form", "encoding", "content-type", "kind",
 * "content": {top-level name: leaves}, "signer": certificate summary or
 * null, "certificates": [summaries], "prior-signed-voucher-request":
 * {...} when present, "checks": [{"check","result","detail"}],
 * "warnings": [text]}.  A certificate summary: {"subject", "issuer",
 * "serial" (hex), "not-before", "not-after" (date-and-time),
 * "spki-sha256" (hex)}.
 */
ok_status ok_vreport_json(const ok_vreport *report, bool verified,
    json_t **out, ok_err *err);

#endif
