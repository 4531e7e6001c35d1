/*
 * verify_internal.h: what verify.c, verify_rules.c, report.c and
 * sztp_verify.c share.  Not installed, not part of the API.
 */
#ifndef OK_VERIFY_INTERNAL_H
#define OK_VERIFY_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "verify.h"

/* Appends a check (ignored when the list is full: OK_CHECKS_MAX is more
 * than any verifier records). */
void ok_check_add(ok_check *checks, size_t *count, const char *name,
    ok_check_result result, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The first failed check, or NULL. */
const ok_check *ok_check_first_failure(const ok_check *checks,
    size_t count);

/* [{"check","result","detail"}] */
json_t *ok_checks_json(const ok_check *checks, size_t count);

/* The certificate's subject, RFC 2253 form, truncated to size (report.c). */
void ok_cert_subject_text(const X509 *cert, char *out, size_t size);

/* Certificate summary of verify.h, or NULL when out of memory. */
json_t *ok_cert_summary_json(const X509 *cert);

/* The pledge's and the MASA's rules (verify_rules.c), each recording its
 * check in report; opts as given to ok_voucher_verify, at resolved. */
void ok_vrule_expiry(ok_vreport *report, time_t at);
void ok_vrule_serial(ok_vreport *report, const char *serial);
void ok_vrule_nonce(ok_vreport *report, const char *nonce);
void ok_vrule_pinned_domain(ok_vreport *report, STACK_OF(X509) *tls_chain,
    time_t at);
void ok_vrule_registrar_eku(ok_vreport *report, bool registrar_request);
/* OK_E_MALFORMED (err filled, field "prior-signed-voucher-request[.leaf]")
 * when the prior-signed request does not decode; the check is recorded
 * either way. */
ok_status ok_vrule_prior_signed(ok_vreport *report,
    const ok_vverify_opts *opts, time_t at, ok_err *err);
void ok_vrule_proximity(ok_vreport *report, bool registrar_request,
    STACK_OF(X509) *extra);
void ok_vrule_prior_serial(ok_vreport *report, bool registrar_request);

/* Decodes the prior-signed-voucher-request leaf of report->voucher into
 * *prior (a parsed envelope, owned by the caller) and report->prior.
 * With opts, its signature is checked first (opts->extra are candidate
 * signers: a COSE request may carry no certificate). */
ok_status ok_vprior_decode(ok_vreport *report, ok_signed *prior,
    const ok_vverify_opts *opts, ok_err *err);

/* True when the voucher carries a prior-signed-voucher-request leaf. */
bool ok_vprior_present(const ok_vreport *report);

/* SZTP (sztp.c, sztp_verify.c). */
#define OK_SZTP_BUNDLE_TOP "ietf-sztp-bootstrap-server:output"
#define OK_SZTP_REDIRECT "ietf-sztp-conveyed-info:redirect-information"
#define OK_SZTP_ONBOARDING "ietf-sztp-conveyed-info:onboarding-information"
#define OK_SZTP_CONVEYED_MAX (1024 * 1024)

/* True when doc is {redirect- or onboarding-information: {...}} (one
 * member); *type is its name. */
bool ok_sztp_conveyed_type(const json_t *doc, const char **type);

/* The unsigned form, ContentInfo { .43 or .42, [0] OCTET STRING }: its
 * content and whether it is XML.  Anything else: OK_E_MALFORMED
 * naming "conveyed-information". */
ok_status ok_sztp_unsigned_parse(const uint8_t *der, size_t len,
    ok_buf *content, bool *xml, ok_err *err);

#endif
