/*
 * signed.h: the three signed forms of a voucher or voucher-request:
 *
 *   CMS   SignedData (RFC 5652), content the voucher JSON, eContentType
 *         id-ct-animaJSONVoucher (1.2.840.113549.1.9.16.1.40) or id-data
 *         (the legacy form every published voucher uses); DER on the
 *         wire, also read as base64 text or PEM ("CMS", "PKCS7").
 *   JWS   General JSON Serialization (RFC 7515, RFC 8366bis
 *         application/voucher-jws+json): protected {"alg","typ":
 *         "voucher-jws+json","x5c":[...]}, payload the voucher JSON.
 *   COSE  COSE_Sign1, tag 18 (RFC 9052, application/voucher+cose):
 *         protected {1: alg}, certificates in the unprotected x5bag (32),
 *         payload the SID-keyed CBOR voucher.
 *
 * Reading is two steps, as in cms.h: ok_signed_parse() decodes the
 * envelope (form detection, strict decoding), then
 * ok_signed_verify_signature() finds the signer and checks the signature,
 * and ok_signed_verify_chain() checks the signer's chain at a time.  An
 * altered payload or signature is OK_E_NEGATIVE; a truncated or garbled
 * envelope is OK_E_MALFORMED naming what is wrong.
 */
#ifndef OK_SIGNED_H
#define OK_SIGNED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../common/buf.h"
#include "../common/cms.h"
#include "../common/cose.h"
#include "../common/err.h"
#include "../common/jws.h"
#include "../common/x509.h"
#include "voucher.h"

typedef enum ok_vform {
	OK_VFORM_CMS,
	OK_VFORM_JWS,
	OK_VFORM_COSE
} ok_vform;

/* "cms", "jws", "cose". */
const char *ok_vform_name(ok_vform form);
/* By name; anything else is OK_E_USAGE naming field. */
ok_status ok_vform_by_name(const char *name, const char *field,
    ok_vform *out, ok_err *err);

/* How an input was written, for show/verify reports. */
typedef enum ok_vencoding {
	OK_VENC_DER,    /* CMS DER */
	OK_VENC_BASE64, /* CMS DER or COSE as base64 text (whitespace
	                 * allowed) */
	OK_VENC_PEM,    /* CMS DER in a PEM block */
	OK_VENC_JSON,   /* JWS JSON (general or flattened) */
	OK_VENC_CBOR    /* COSE_Sign1 */
} ok_vencoding;
const char *ok_vencoding_name(ok_vencoding encoding); /* "der", ... */

/* Which certificates a signed voucher carries. */
typedef enum ok_vinclude {
	OK_VINCLUDE_CHAIN,     /* signer and every chain certificate given,
	                        * up to and including the anchor (default) */
	OK_VINCLUDE_NO_ANCHOR, /* the same without self-signed certificates */
	OK_VINCLUDE_SIGNER,    /* the signer's certificate only */
	OK_VINCLUDE_NONE       /* none: the verifier has them already */
} ok_vinclude;
/* "chain", "no-anchor", "signer", "none"; else OK_E_USAGE naming field. */
ok_status ok_vinclude_by_name(const char *name, const char *field,
    ok_vinclude *out, ok_err *err);

typedef struct ok_vsign_opts {
	ok_vform form;
	EVP_PKEY *key;           /* signer key (file or token) */
	X509 *signer;            /* its certificate; must match key */
	STACK_OF(X509) *chain;   /* certificates after the signer toward the
	                          * anchor, or NULL */
	ok_vinclude include;
	const char *econtent_type; /* CMS: dotted OID; NULL is .40 */
	time_t signing_time;       /* CMS signingTime; 0 is now */
} ok_vsign_opts;

/*
 * Signs the payload bytes in the chosen form: for CMS and JWS the
 * voucher JSON text, for COSE the SID CBOR.  A key that does not match
 * the signer certificate, or that the form cannot use (COSE: P-256/384/
 * 521 or Ed25519; JWS: P-256/384/521), is OK_E_USAGE naming "key".
 * Output: CMS DER, JWS general JSON text (no newline), COSE_Sign1 with
 * tag 18.
 */
ok_status ok_signed_sign(const uint8_t *payload, size_t len,
    const ok_vsign_opts *opts, ok_buf *out, ok_err *err);

/* Encodes the voucher for opts->form (ok_voucher_to_json or
 * ok_voucher_to_cbor) and signs it. */
ok_status ok_voucher_sign(const ok_voucher *voucher,
    const ok_vsign_opts *opts, ok_buf *out, ok_err *err);

/*
 * A signer prepared once for many vouchers (sign --batch): the key check,
 * the certificates the include policy picks and, for CMS, the encoded
 * SignedData parts are made in ok_vsigner_new(); opts' key and
 * certificates are borrowed and must outlive the signer.  Each
 * ok_vsigner_sign() gives the same result as ok_signed_sign() with opts.
 */
typedef struct ok_vsigner ok_vsigner;

ok_status ok_vsigner_new(const ok_vsign_opts *opts, ok_vsigner **out,
    ok_err *err);
ok_status ok_vsigner_sign(ok_vsigner *signer, const uint8_t *payload,
    size_t len, ok_buf *out, ok_err *err);
ok_status ok_vsigner_sign_voucher(ok_vsigner *signer,
    const ok_voucher *voucher, ok_buf *out, ok_err *err);
void ok_vsigner_free(ok_vsigner *signer);

/* A parsed signed voucher.  Everything in it is owned. */
typedef struct ok_signed {
	ok_vform form;
	ok_vencoding encoding;
	char content_type[64];  /* CMS eContentType (dotted), JWS "typ",
	                         * COSE content type (3) as text, or "" */
	int64_t cose_alg;       /* COSE/JWS alg as COSE number (-7 ...);
	                         * 0 for CMS */
	ok_buf payload;         /* the signed content bytes */
	ok_buf envelope;        /* the signed object itself, as a peer
	                         * receives it: CMS DER (base64 and PEM
	                         * decoded), the JWS JSON text without the
	                         * white space around it, the COSE_Sign1 */
	STACK_OF(X509) *certs;  /* embedded: CMS certificates, x5c, x5bag or
	                         * x5chain; never NULL after parse */
	X509 *signer;           /* set by ok_signed_verify_signature */
	ok_cms *cms;            /* the decoded envelope, one of these */
	ok_jws jws;
	ok_cose_sign1 cose;
} ok_signed;

/* Zeroes sig so ok_signed_free() is safe on it. */
void ok_signed_init(ok_signed *sig);

/*
 * Detects and decodes the envelope: text that is all base64 (of CMS DER
 * or of a COSE_Sign1, told apart once decoded), DER (first byte 0x30),
 * PEM, JSON (first non-space byte '{'), CBOR tag 18 (0xd2) or an
 * untagged COSE_Sign1 (0x84).  At most OK_CMS_MAX bytes.  Anything else,
 * or a truncated envelope, is OK_E_MALFORMED naming field (or the part:
 * "alg", "signature", "x5c"...).
 */
ok_status ok_signed_parse(const uint8_t *data, size_t len, const char *field,
    ok_signed *out, ok_err *err);

/* The voucher in the payload: JSON for CMS/JWS, SID CBOR for COSE.
 * flags as ok_voucher_from_json. */
ok_status ok_signed_voucher(const ok_signed *sig, unsigned flags,
    ok_voucher *out, ok_warnings *warnings, ok_err *err);

/*
 * Checks the signature.  The signer is found among the embedded
 * certificates and candidates (may be NULL): for CMS by the SignerInfo's
 * identifier, for JWS the x5c leaf (or, without x5c, each candidate),
 * for COSE the first x5bag/x5chain certificate whose key verifies (or
 * each candidate).  On success sig->signer holds a new reference.  A
 * payload or signature that does not verify, or no certificate whose key
 * verifies: OK_E_NEGATIVE naming "signature" (or "signer").
 */
ok_status ok_signed_verify_signature(ok_signed *sig,
    STACK_OF(X509) *candidates, ok_err *err);

/* The signer's chain to anchors at opts->at, with the embedded
 * certificates and extra (may be NULL) as intermediates; field "signer".
 * Needs a successful ok_signed_verify_signature. */
ok_status ok_signed_verify_chain(const ok_signed *sig, STACK_OF(X509) *extra,
    STACK_OF(X509) *anchors, const ok_verify_opts *opts, ok_err *err);

void ok_signed_free(ok_signed *sig);

#endif
