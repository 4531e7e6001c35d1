/*
 * jws.h: JSON Web Signature (RFC 7515) with ECDSA on P-256, P-384 and
 * P-521 (ES256, ES384, ES512; RFC 7518 section 3.4), in the three
 * serialisations: compact, flattened JSON and general JSON.  DPP
 * connectors use the compact form, JWS vouchers (RFC 8366bis,
 * application/voucher-jws+json) the general form with an x5c chain.
 *
 * Parsing is strict: base64url without padding, strict JSON (no duplicate
 * members, no unknown members), a protected header that is an object
 * holding an ES* alg, no "crit" (no extension is understood), and a
 * signature exactly 2 * n bytes long (raw r||s).  Only one signature is
 * accepted in the general form; the unprotected "header" member must be
 * an object disjoint from the protected header and is not otherwise
 * used.  Malformed input is OK_E_MALFORMED naming the member; a signature
 * that does not verify is OK_E_NEGATIVE.
 */
#ifndef OK_JWS_H
#define OK_JWS_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "buf.h"
#include "err.h"

typedef enum ok_jws_alg {
	OK_JWS_ES256,
	OK_JWS_ES384,
	OK_JWS_ES512
} ok_jws_alg;

typedef enum ok_jws_form {
	OK_JWS_COMPACT,   /* header.payload.signature */
	OK_JWS_FLATTENED, /* {"payload","protected","signature"} */
	OK_JWS_GENERAL    /* {"payload","signatures":[{...}]} */
} ok_jws_form;

/* A parsed JWS; every member is owned and freed by ok_jws_free(). */
typedef struct ok_jws {
	ok_jws_form form;
	ok_jws_alg alg;
	json_t *protected_header; /* decoded protected header (an object) */
	ok_buf payload;           /* decoded payload bytes */
	ok_buf signing_input;     /* ASCII(protected "." payload) as received */
	ok_buf signature;         /* raw r||s, 2 * n bytes */
	STACK_OF(X509) *x5c;      /* protected x5c chain, leaf first; NULL
	                           * when the header has none */
} ok_jws;

#define OK_JWS_INIT { OK_JWS_COMPACT, OK_JWS_ES256, NULL, OK_BUF_INIT, \
	OK_BUF_INIT, OK_BUF_INIT, NULL }

/* Largest JWS text accepted, in either form. */
#define OK_JWS_MAX_INPUT (1u << 20)

/* "ES256" etc. */
const char *ok_jws_alg_name(ok_jws_alg alg);

/* The alg that goes with an EC key's curve; other keys are
 * OK_E_MALFORMED naming field. */
ok_status ok_jws_alg_of_key(const EVP_PKEY *key, const char *field,
    ok_jws_alg *out, ok_err *err);

/*
 * Signs payload with key (P-256, P-384 or P-521; a token key works).
 * header holds the caller's protected members (typ, x5c, kid...) or is
 * NULL; alg is filled in from the key, and an alg already there that
 * does not match the key is OK_E_USAGE naming "alg".  header is not
 * modified.  The JWS text goes in out (no newline).
 */
ok_status ok_jws_sign(EVP_PKEY *key, const json_t *header,
    const uint8_t *payload, size_t payload_len, ok_jws_form form,
    ok_buf *out, ok_err *err);

/* Parses a JWS in any of the three forms (told apart by the first
 * byte: '{' is JSON).  out is reset first and freed on failure. */
ok_status ok_jws_parse(const char *text, size_t len, ok_jws *out,
    ok_err *err);

/*
 * Checks the signature with key.  A key whose curve is not the one alg
 * names cannot verify: OK_E_NEGATIVE naming "alg", as is a wrong
 * signature (naming "signature").  To use the x5c leaf, pass
 * X509_get0_pubkey(sk_X509_value(jws->x5c, 0)) after validating the
 * chain as the protocol requires.
 */
ok_status ok_jws_verify(const ok_jws *jws, EVP_PKEY *key, ok_err *err);

void ok_jws_free(ok_jws *jws);

#endif
