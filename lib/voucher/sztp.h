/*
 * sztp.h: RFC 8572 (Secure Zero Touch Provisioning) bootstrapping data:
 * conveyed information (redirect-information or onboarding-information)
 * signed by the owner certificate (CMS, eContentType .43 for JSON, .42
 * for XML), the owner certificate as a degenerate SignedData carrying it
 * and its chain (RFC 8572 3.2), and the ownership voucher (RFC 8366,
 * CMS).
 *
 * The bundle file is the JSON of the get-bootstrapping-data output
 * (RFC 8572 section 7.2, ietf-sztp-bootstrap-server):
 *   {"ietf-sztp-bootstrap-server:output": {"conveyed-information": b64,
 *    "owner-certificate": b64, "ownership-voucher": b64}}
 * with the three artifacts in base64 (RFC 7951 binary).
 */
#ifndef OK_SZTP_H
#define OK_SZTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../common/buf.h"
#include "../common/err.h"
#include "verify.h"

typedef struct ok_sztp_bundle_opts {
	const uint8_t *conveyed;     /* the conveyed information document */
	size_t conveyed_len;
	bool conveyed_xml;           /* .42 (XML) instead of .43 (JSON) */
	EVP_PKEY *owner_key;         /* signs the conveyed information;
	                              * NULL leaves it unsigned (only for a
	                              * trusted bootstrap server) */
	X509 *owner_cert;
	STACK_OF(X509) *owner_chain; /* after owner_cert, up to the
	                              * pinned-domain-cert; may be NULL */
	const uint8_t *voucher;      /* ownership voucher, CMS DER */
	size_t voucher_len;
	time_t signing_time;         /* 0 is now */
} ok_sztp_bundle_opts;

/*
 * The JSON conveyed information is checked first (strict JSON with one
 * top-level member, "ietf-sztp-conveyed-info:redirect-information" or
 * "...:onboarding-information", else OK_E_MALFORMED naming
 * "conveyed-information"); the owner key must match owner_cert
 * (OK_E_USAGE).  Output: the bundle JSON, compact, no newline.  With no
 * owner_key, owner-certificate and ownership-voucher are left out and
 * the conveyed information is an unsigned ContentInfo.
 */
ok_status ok_sztp_bundle(const ok_sztp_bundle_opts *opts, ok_buf *out,
    ok_err *err);

/* The degenerate SignedData holding certs (RFC 8572 owner-certificate). */
ok_status ok_sztp_owner_certificate(X509 *owner_cert,
    STACK_OF(X509) *chain, ok_buf *out, ok_err *err);

typedef struct ok_sztp_verify_opts {
	STACK_OF(X509) *anchors;  /* the device's trust anchors for vouchers
	                           * (the manufacturer's CA) */
	time_t at;                /* 0 is now */
	const char *serial;       /* the device's serial-number, or NULL */
	bool trusted_source;      /* unsigned conveyed information is
	                           * acceptable (a bootstrap server the
	                           * device authenticated) */
} ok_sztp_verify_opts;

typedef struct ok_sztp_report {
	ok_vreport voucher;       /* the ownership voucher's checks */
	ok_check checks[OK_CHECKS_MAX]; /* the bundle's own checks */
	size_t n_checks;
	json_t *conveyed;         /* decoded conveyed information, owned */
	bool conveyed_signed;
} ok_sztp_report;

void ok_sztp_report_init(ok_sztp_report *report);
void ok_sztp_report_free(ok_sztp_report *report);

/*
 * The device-side order of RFC 8572 section 5.4 on a bundle (JSON text):
 *   "ownership-voucher"  signature and chain to anchors at `at`
 *                        (ok_voucher_verify with serial and expiry)
 *   "owner-certificate"  owner certificate chains to the voucher's
 *                        pinned-domain-cert (partial chain, at)
 *   "conveyed-signature" conveyed information verifies with the owner
 *                        certificate's key, eContentType .43/.42
 *   "conveyed-type"      the content is redirect- or
 *                        onboarding-information
 * Unsigned conveyed information without trusted_source fails
 * "conveyed-signature".  OK_SUCCESS when all pass; OK_E_NEGATIVE naming
 * the first failed check; OK_E_MALFORMED naming the artifact that does
 * not decode.
 */
ok_status ok_sztp_verify(const uint8_t *bundle, size_t len,
    const ok_sztp_verify_opts *opts, ok_sztp_report *report, ok_err *err);

/* The report as JSON: {"verified", "ownership-voucher": ok_vreport_json,
 * "checks": [...], "conveyed-information": {...}}. */
ok_status ok_sztp_report_json(const ok_sztp_report *report, json_t **out,
    ok_err *err);

#endif
