/*
 * cms.h: CMS SignedData (RFC 5652) as vouchers use it: BRSKI/RFC 8366
 * vouchers and voucher-requests (RFC 8995), SZTP ownership vouchers and
 * conveyed information (RFC 8572), EST responses.
 *
 * Decoding and verifying are separate steps so a caller can tell "the
 * content was altered" (signature) from "the signer is not trusted (now)"
 * (chain): a voucher whose signature holds but whose MASA certificate has
 * expired is a different event from a forged one.
 */
#ifndef OK_CMS_H
#define OK_CMS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "buf.h"
#include "err.h"
#include "x509.h"

/* Largest SignedData accepted by ok_cms_parse(). */
#define OK_CMS_MAX (1024 * 1024)

/* eContentType OIDs, dotted. */
#define OK_OID_DATA "1.2.840.113549.1.7.1"                 /* id-data */
#define OK_OID_ANIMA_JSON_VOUCHER "1.2.840.113549.1.9.16.1.40" /* RFC 8366 */
#define OK_OID_SZTP_CONVEYED_XML "1.2.840.113549.1.9.16.1.42"  /* RFC 8572 */
#define OK_OID_SZTP_CONVEYED_JSON "1.2.840.113549.1.9.16.1.43" /* RFC 8572 */

typedef struct ok_cms_sign_opts {
	const char *econtent_type;    /* dotted OID; NULL is id-data */
	EVP_PKEY *key;                /* signer key; may live in a token */
	X509 *signer;                 /* its certificate, embedded */
	STACK_OF(X509) *extra_certs;  /* also embedded; may be NULL */
	time_t signing_time;          /* signingTime attribute; 0 is now */
} ok_cms_sign_opts;

/*
 * SignedData DER with content embedded (not detached), one SignerInfo with
 * signed attributes contentType, signingTime and messageDigest, no
 * SMIMECapabilities.  With a fixed signing_time only the signature value
 * varies (ECDSA draws a nonce; RSA PKCS#1 v1.5 output is fully fixed).
 * Bad OID or a key that does not match the certificate: OK_E_USAGE.
 */
ok_status ok_cms_sign(const uint8_t *content, size_t len,
    const ok_cms_sign_opts *opts, ok_buf *out, ok_err *err);

/*
 * A signer prepared once for many SignedData: the key's signing context,
 * the signer identifier, the eContentType and the encoded certificate set
 * are made here, so each ok_cms_signer_sign() only hashes, signs and
 * writes DER.  The certificates embedded are opts->signer followed by
 * opts->extra_certs, as ok_cms_sign() does; with OK_CMS_CERTS_AS_GIVEN
 * only opts->extra_certs (possibly none).  Duplicates are embedded once.
 * The key, certificates and OID are checked here (errors as ok_cms_sign()).
 * opts->signing_time 0 means the time of each signature.
 */
#define OK_CMS_CERTS_AS_GIVEN 0x1u

typedef struct ok_cms_signer ok_cms_signer;

ok_status ok_cms_signer_new(const ok_cms_sign_opts *opts, unsigned flags,
    ok_cms_signer **out, ok_err *err);
/* The same DER as ok_cms_sign() with the same options. */
ok_status ok_cms_signer_sign(ok_cms_signer *signer, const uint8_t *content,
    size_t len, ok_buf *out, ok_err *err);
void ok_cms_signer_free(ok_cms_signer *signer);

typedef struct ok_cms ok_cms;

/*
 * Strict decode of a DER ContentInfo holding SignedData: at most
 * OK_CMS_MAX bytes, the DER must end exactly at len, at most OK_CERTS_MAX
 * embedded certificates.  Truncated, garbage or another content type is
 * OK_E_MALFORMED naming field.  Nothing is verified yet.
 */
ok_status ok_cms_parse(const uint8_t *der, size_t len, const char *field,
    ok_cms **out, ok_err *err);
void ok_cms_free(ok_cms *cms);

/* eContentType as a dotted OID ("1.2.840.113549.1.9.16.1.40"). */
ok_status ok_cms_econtent_type(const ok_cms *cms, ok_buf *out, ok_err *err);

/* The eContent bytes; absent (detached or degenerate) is OK_E_MALFORMED. */
ok_status ok_cms_econtent(const ok_cms *cms, ok_buf *out, ok_err *err);

/* The embedded certificates, borrowed: valid until ok_cms_free(). Never
 * NULL (an empty stack when there are none). */
STACK_OF(X509) *ok_cms_certs(const ok_cms *cms);

/*
 * Content integrity only: the one SignerInfo's signature over the signed
 * attributes and the messageDigest over eContent, with the signer found
 * among the embedded certificates or extra_certs (may be NULL).  The chain
 * is NOT checked.  On success *signer (when not NULL) gets a new reference
 * to the signer certificate.  Altered content, a bad signature or an
 * unknown signer: OK_E_NEGATIVE; no SignerInfo: OK_E_NEGATIVE; more than
 * one: OK_E_MALFORMED.  The field is "cms".
 */
ok_status ok_cms_verify_signature(ok_cms *cms, STACK_OF(X509) *extra_certs,
    X509 **signer, ok_err *err);

/*
 * Chain of signer to anchors at opts->at, with the embedded certificates
 * and extra_certs as intermediates: ok_chain_verify() results, field
 * "signer".
 */
ok_status ok_cms_verify_chain(const ok_cms *cms, X509 *signer,
    STACK_OF(X509) *extra_certs, STACK_OF(X509) *anchors,
    const ok_verify_opts *opts, ok_err *err);

#endif
