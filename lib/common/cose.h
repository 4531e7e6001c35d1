/*
 * cose.h: COSE_Sign1 and COSE_Key (RFC 9052, RFC 9053) over OpenSSL.
 *
 * Algorithms: ES256, ES384, ES512 (P-256/384/521, signature r||s) and
 * EdDSA with Ed25519.  A COSE_Sign1 must name its algorithm in the
 * protected header: without it the signature could be replayed under
 * another algorithm, so a message lacking it is rejected.
 */
#ifndef OK_COSE_H
#define OK_COSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cbor.h>
#include <openssl/evp.h>

#include "buf.h"
#include "err.h"

#define OK_COSE_ES256 (-7)
#define OK_COSE_ES384 (-35)
#define OK_COSE_ES512 (-36)
#define OK_COSE_EDDSA (-8)

/* Header labels (RFC 9052 section 3.1, RFC 9360). */
#define OK_COSE_HDR_ALG 1
#define OK_COSE_HDR_CRIT 2
#define OK_COSE_HDR_KID 4
#define OK_COSE_HDR_X5BAG 32
#define OK_COSE_HDR_X5CHAIN 33

#define OK_COSE_SIGN1_TAG 18

enum {
	OK_COSE_TAG_REQUIRED = 1 << 0, /* decode: tag 18 must be present */
	OK_COSE_TAGGED = 1 << 1        /* sign: emit tag 18 */
};

/* A decoded COSE_Sign1.  The items and buffers belong to it. */
typedef struct ok_cose_sign1 {
	bool tagged;
	int64_t alg;
	ok_buf protected_bytes;    /* the serialized protected header */
	cbor_item_t *protected_hdr;/* its map */
	cbor_item_t *unprotected_hdr;
	ok_buf payload;
	ok_buf signature;
} ok_cose_sign1;

#define OK_COSE_SIGN1_INIT { false, 0, OK_BUF_INIT, NULL, NULL, OK_BUF_INIT, \
	OK_BUF_INIT }

/*
 * Strict decode (ok_cbor_decode rules for the message and the protected
 * header): 4-element array, protected bstr holding a map with a known
 * alg, unprotected map, payload bstr (detached payloads are not
 * supported), signature bstr of the alg's length, no label in both
 * headers, no crit.  Errors are OK_E_MALFORMED naming field or the
 * element ("alg", "protected", "signature", ...).
 */
ok_status ok_cose_sign1_decode(const uint8_t *data, size_t len,
    unsigned flags, const char *field, ok_cose_sign1 *out, ok_err *err);

void ok_cose_sign1_free(ok_cose_sign1 *msg);

/* A header value: protected first, then unprotected; NULL if absent. */
cbor_item_t *ok_cose_sign1_header(const ok_cose_sign1 *msg, int64_t label);

/*
 * Verifies with key over Sig_structure ["Signature1", protected,
 * external_aad, payload].  A key whose type or curve does not fit alg,
 * or a signature that does not verify, is OK_E_NEGATIVE.
 */
ok_status ok_cose_sign1_verify(const ok_cose_sign1 *msg, EVP_PKEY *key,
    const uint8_t *aad, size_t aad_len, ok_err *err);

typedef struct ok_cose_sign_opts {
	int64_t alg;               /* 0: from the key */
	const uint8_t *kid;        /* unprotected kid, or NULL */
	size_t kid_len;
	/* Further unprotected headers (a map, e.g. x5bag), or NULL; must
	 * not hold kid when kid is set. */
	const cbor_item_t *unprotected;
	const uint8_t *aad;
	size_t aad_len;
	unsigned flags;            /* OK_COSE_TAGGED */
} ok_cose_sign_opts;

/* The alg that fits key: ES256/384/512 for P-256/384/521, EdDSA for
 * Ed25519; other keys are OK_E_USAGE naming field. */
ok_status ok_cose_alg_of_key(const EVP_PKEY *key, const char *field,
    int64_t *alg, ok_err *err);

/* Signs payload into a COSE_Sign1 with protected header {1: alg}. */
ok_status ok_cose_sign1_sign(EVP_PKEY *key, const ok_cose_sign_opts *opts,
    const uint8_t *payload, size_t payload_len, ok_buf *out, ok_err *err);

/* Sig_structure bytes, for callers that sign elsewhere (and tests). */
ok_status ok_cose_sig_structure(const uint8_t *protected_bytes,
    size_t protected_len, const uint8_t *aad, size_t aad_len,
    const uint8_t *payload, size_t payload_len, ok_buf *out, ok_err *err);

/* COSE_Key of the public key: EC2 {1:2, -1:crv, -2:x, -3:y} or OKP
 * {1:1, -1:6, -2:x}, deterministic encoding. */
ok_status ok_cose_key_export(const EVP_PKEY *key, ok_buf *out, ok_err *err);

#endif
