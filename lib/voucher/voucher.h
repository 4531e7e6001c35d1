/*
 * voucher.h: the voucher and voucher-request data model (RFC 8366,
 * RFC 8366bis, RFC 8995 section 3) and its two encodings: RFC 7951 JSON
 * (CMS and JWS vouchers) and SID-keyed CBOR with delta encoding
 * (RFC 9254, COSE vouchers, SIDs of RFC 8366bis: 2451.. for
 * ietf-voucher, 2501.. for ietf-voucher-request).
 *
 * A voucher is held as a JSON object of leaf name -> RFC 7951 value
 * (strings for date-and-time, enumerations and binary (base64), true/false
 * for booleans, any JSON for anydata leaves).  Every way in (JSON text,
 * CBOR, a leaf set from the command line) checks each leaf's type; the
 * YANG cross-leaf rules are a separate step (ok_voucher_check) so that a
 * signer can enforce them and a verifier can report them.
 */
#ifndef OK_VOUCHER_H
#define OK_VOUCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "../common/buf.h"
#include "../common/err.h"

typedef enum ok_voucher_kind {
	OK_VOUCHER_ARTIFACT, /* "ietf-voucher:voucher", SID 2451 */
	OK_VOUCHER_REQUEST   /* "ietf-voucher-request:voucher", SID 2501 */
} ok_voucher_kind;

/* "ietf-voucher:voucher" or "ietf-voucher-request:voucher". */
const char *ok_voucher_kind_name(ok_voucher_kind kind);

typedef struct ok_voucher {
	ok_voucher_kind kind;
	json_t *leaves; /* object: leaf name -> RFC 7951 value; owned */
} ok_voucher;

#define OK_VOUCHER_INIT { OK_VOUCHER_ARTIFACT, NULL }

/* Largest voucher accepted in either encoding. */
#define OK_VOUCHER_MAX (256 * 1024)

/*
 * Warnings a caller shows to the user (stderr, or "warnings" in --json):
 * relaxed rules, ignored unknown leaves.  Fixed storage: lib never prints.
 */
#define OK_WARNINGS_MAX 16
#define OK_WARNING_LEN 200
typedef struct ok_warnings {
	size_t count;
	char text[OK_WARNINGS_MAX][OK_WARNING_LEN];
} ok_warnings;

void ok_warnings_add(ok_warnings *warnings, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An empty voucher of kind (leaves = {}). */
ok_status ok_voucher_init(ok_voucher *voucher, ok_voucher_kind kind,
    ok_err *err);
void ok_voucher_free(ok_voucher *voucher);

/* Flags for the decoders. */
enum {
	/* Unknown leaves (JSON) are dropped with a warning instead of being
	 * OK_E_MALFORMED: a verifier reports what a signer added (nqminds'
	 * PVR carries proximity-registrar-cert in ietf-voucher:voucher). */
	OK_VOUCHER_IGNORE_UNKNOWN = 1u << 0
};

/*
 * Strict RFC 7951 JSON: ok_json_parse rules (no duplicates, nothing
 * after), exactly one top-level member naming the kind, each leaf of the
 * right type: date-and-time (ok_datetime_parse), assertion enumeration,
 * base64 binary (RFC 4648 section 4 with padding, no whitespace) for
 * binary leaves, true/false, uri text, anydata any.  nonce is text of
 * 1..512 bytes and is not decoded (pledges compare it as the exact
 * string; published vouchers use base64url, base64 and decimal).
 * Errors: OK_E_MALFORMED naming the leaf ("created-on") or the field.
 */
ok_status ok_voucher_from_json(const uint8_t *text, size_t len,
    unsigned flags, const char *field, ok_voucher *out,
    ok_warnings *warnings, ok_err *err);

/* Compact JSON, leaves in YANG module order, no newline.  Deterministic:
 * the same voucher gives the same bytes. */
ok_status ok_voucher_to_json(const ok_voucher *voucher, ok_buf *out,
    ok_err *err);

/*
 * SID-keyed CBOR (RFC 9254 with RFC 8366bis SIDs): {top SID: {delta:
 * value}} with deterministic encoding (ok_cbor_encode).  Types:
 * date-and-time and uri as text, assertion as its enum integer
 * (verified 0, logged 1, proximity 2, agent-proximity 3), binary leaves
 * and nonce as byte strings (the JSON nonce is base64 or base64url
 * text; one that is neither cannot be encoded: OK_E_MALFORMED "nonce"),
 * boolean as true/false.
 */
ok_status ok_voucher_to_cbor(const ok_voucher *voucher, ok_buf *out,
    ok_err *err);

/* The reverse, strict (ok_cbor_decode rules): an unknown SID or delta is
 * OK_E_MALFORMED naming it ("SID 1001154"); a value of the wrong CBOR
 * type names the leaf. */
ok_status ok_voucher_from_cbor(const uint8_t *data, size_t len,
    const char *field, ok_voucher *out, ok_err *err);

/*
 * Sets a leaf from command-line or template text, converted by the leaf's
 * type ("true"/"false", an assertion name, a date-and-time, base64 for
 * binary, JSON text for anydata).  "created-on now" is not special here:
 * the caller passes a formatted time.  An unknown leaf or one that is not
 * in this kind: OK_E_USAGE naming the leaf; a bad value: OK_E_MALFORMED
 * naming the leaf.  Replaces an existing value.
 */
ok_status ok_voucher_set(ok_voucher *voucher, const char *leaf,
    const char *text, ok_err *err);

/* Sets a binary leaf from raw bytes (base64-encodes them). */
ok_status ok_voucher_set_bytes(ok_voucher *voucher, const char *leaf,
    const uint8_t *data, size_t len, ok_err *err);

/* The text of a string-valued leaf, or NULL when absent (or not text). */
const char *ok_voucher_get(const ok_voucher *voucher, const char *leaf);

/* A binary leaf decoded into out; absent is OK_E_MALFORMED naming it. */
ok_status ok_voucher_get_bytes(const ok_voucher *voucher, const char *leaf,
    ok_buf *out, ok_err *err);

/* True when leaf is a leaf name of this kind. */
bool ok_voucher_leaf_known(ok_voucher_kind kind, const char *leaf);

/*
 * YANG rules, each relaxable by name for labs (the relaxed rule becomes
 * a warning):
 *   "mandatory"       mandatory leaves (voucher: created-on, assertion,
 *                     serial-number, and one of pinned-domain-cert,
 *                     pinned-domain-pubk, pinned-domain-pubk-sha256;
 *                     request: serial-number)
 *   "nonce-expires"   expires-on and nonce together (RFC 8366:
 *                     expires-on must 'not(../nonce)')
 *   "renewal-expires" last-renewal-date without expires-on
 *                     (must '../expires-on')
 * A violated rule that is not relaxed: OK_E_MALFORMED naming the leaf
 * and the rule ("expires-on: not allowed with nonce (rule nonce-expires;
 * --relax nonce-expires to allow)").
 */
enum {
	OK_RELAX_MANDATORY = 1u << 0,
	OK_RELAX_NONCE_EXPIRES = 1u << 1,
	OK_RELAX_RENEWAL_EXPIRES = 1u << 2
};
ok_status ok_voucher_relax_by_name(const char *name, unsigned *flag,
    ok_err *err);
ok_status ok_voucher_check(const ok_voucher *voucher, unsigned relax,
    ok_warnings *warnings, ok_err *err);

/* Values taken from certificates (RFC 8995 section 2.3.1, 5.2). */

/* pinned-domain-cert or proximity-registrar-cert (or any binary leaf):
 * the certificate's DER, base64. */
ok_status ok_voucher_set_cert(ok_voucher *voucher, const char *leaf,
    X509 *cert, ok_err *err);

/* *-pubk: SubjectPublicKeyInfo DER; *-pubk-sha256: SHA-256 of it. */
ok_status ok_voucher_set_pubk(ok_voucher *voucher, const char *leaf,
    const EVP_PKEY *key, ok_err *err);

/* serial-number from the subject's serialNumber and idevid-issuer from
 * the AuthorityKeyIdentifier extnValue (04 18 30 16 80 14 ...), the way
 * RFC 8995's examples carry it. */
ok_status ok_voucher_set_from_idevid(ok_voucher *voucher, X509 *idevid,
    ok_err *err);

#endif
