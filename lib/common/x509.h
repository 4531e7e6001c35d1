/*
 * x509.h: certificates and chains: strict loading from PEM or DER, chain
 * verification against trust anchors at a chosen time, and the fields
 * voucher tools read from certificates (RFC 8995, RFC 8366, RFC 8572).
 */
#ifndef OK_X509_H
#define OK_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/x509.h>

#include "buf.h"
#include "err.h"

/* Most certificates one input may hold (a chain, a trust bundle). */
#define OK_CERTS_MAX 32
/* Largest input accepted by the loaders. */
#define OK_CERTS_INPUT_MAX (1024 * 1024)

/*
 * Parses certificates from data: either PEM "CERTIFICATE" blocks, with
 * explanatory text allowed before each (RFC 7468 section 2), or one or
 * more concatenated DER certificates.  Anything else (another PEM label,
 * text after the last block, trailing bytes, a truncated certificate,
 * more than OK_CERTS_MAX) is OK_E_MALFORMED naming field.
 * *out is a new stack in input order; the caller frees it with
 * OSSL_STACK_OF_X509_free() / sk_X509_pop_free(out, X509_free).
 */
ok_status ok_certs_parse(const uint8_t *data, size_t len, const char *field,
    STACK_OF(X509) **out, ok_err *err);

/* The same, requiring exactly one certificate. */
ok_status ok_cert_parse(const uint8_t *data, size_t len, const char *field,
    X509 **out, ok_err *err);

typedef struct ok_verify_opts {
	time_t at;          /* verification time; 0 means now */
	bool purpose_any;   /* no key-usage/EKU purpose check (the
	                     * default is S/MIME signing, as openssl cms) */
	bool partial_chain; /* a non-self-signed anchor ends the chain */
} ok_verify_opts;

/*
 * Verifies leaf up to one of anchors, using untrusted (may be NULL) for
 * intermediates.  OK_SUCCESS when it chains; OK_E_NEGATIVE with OpenSSL's
 * verify error text and the depth ("certificate has expired (depth 1)")
 * when it does not; other statuses for local failures.  opts may be NULL.
 */
ok_status ok_chain_verify(X509 *leaf, STACK_OF(X509) *untrusted,
    STACK_OF(X509) *anchors, const ok_verify_opts *opts, const char *field,
    ok_err *err);

/*
 * The AuthorityKeyIdentifier extension's extnValue: with wrapped, the DER
 * OCTET STRING as RFC 8995's idevid-issuer examples carry it
 * (04 18 30 16 80 14 ...); without, its contents (30 16 80 14 ...).
 * No such extension is OK_E_MALFORMED naming field.
 */
ok_status ok_cert_aki(const X509 *cert, bool wrapped, const char *field,
    ok_buf *out, ok_err *err);

/* The subject's serialNumber attribute (RFC 8995 2.3.1) as UTF-8 text.
 * Absent, repeated or not text: OK_E_MALFORMED naming field. */
ok_status ok_cert_serial_number(const X509 *cert, const char *field,
    ok_buf *out, ok_err *err);

/* OK_SUCCESS when cert's ExtendedKeyUsage lists the purpose whose OpenSSL
 * NID is eku_nid (NID_cmcRA for a registrar); OK_E_NEGATIVE when not or
 * when there is no EKU extension; OK_E_MALFORMED when it does not decode. */
ok_status ok_cert_has_eku(const X509 *cert, int eku_nid, const char *field,
    ok_err *err);

/* SubjectPublicKeyInfo DER of the certificate's key. */
ok_status ok_cert_spki_der(const X509 *cert, ok_buf *out, ok_err *err);

/* The certificate's own DER (e.g. pinned-domain-cert). */
ok_status ok_cert_der(const X509 *cert, ok_buf *out, ok_err *err);

#endif
