/*
 * leaf.h: the leaves of ietf-voucher and ietf-voucher-request (RFC 8366,
 * RFC 8366bis, RFC 8995): name, YANG type, and SID delta in each kind.
 * Internal to lib/voucher: the one table that the JSON and CBOR codecs,
 * the rules and the setters share.
 */
#ifndef OK_VOUCHER_LEAF_H
#define OK_VOUCHER_LEAF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../common/buf.h"
#include "../common/err.h"
#include "voucher.h"

typedef enum ok_leaf_type {
	OK_LEAF_DATETIME,  /* yang:date-and-time, text */
	OK_LEAF_ASSERTION, /* enumeration: verified 0 .. agent-proximity 3 */
	OK_LEAF_STRING,    /* string (serial-number) */
	OK_LEAF_NONCE,     /* text 1..512 bytes, kept as sent */
	OK_LEAF_BINARY,    /* binary: base64 in JSON, bstr in CBOR */
	OK_LEAF_BOOLEAN,
	OK_LEAF_URI,       /* inet:uri */
	OK_LEAF_ANYDATA    /* any JSON value */
} ok_leaf_type;

typedef struct ok_leaf {
	const char *name;
	ok_leaf_type type;
	uint8_t artifact_delta; /* SID - 2451 in ietf-voucher; 0: absent */
	uint8_t request_delta;  /* SID - 2501 in ietf-voucher-request */
} ok_leaf;

/* SID of the container: 2451 or 2501. */
#define OK_VOUCHER_SID_ARTIFACT 2451
#define OK_VOUCHER_SID_REQUEST 2501
int64_t ok_voucher_kind_sid(ok_voucher_kind kind);

/* Largest delta in either kind; deltas run 1..this without gaps. */
#define OK_LEAF_DELTA_MAX 22
/* Longest nonce text accepted (bytes). */
#define OK_NONCE_TEXT_MAX 512
/* Deepest anydata value (arrays/objects inside the leaf), so that its
 * CBOR form stays within OK_CBOR_MAX_DEPTH. */
#define OK_ANYDATA_DEPTH_MAX 12

/* The leaf of kind with this name or SID delta, or NULL. */
const ok_leaf *ok_leaf_by_name(ok_voucher_kind kind, const char *name);
const ok_leaf *ok_leaf_by_delta(ok_voucher_kind kind, int64_t delta);
/* Any leaf of either kind with this name, or NULL. */
const ok_leaf *ok_leaf_any_by_name(const char *name);
unsigned ok_leaf_delta(const ok_leaf *leaf, ok_voucher_kind kind);

/* Assertion names and values; false when unknown. */
bool ok_assertion_value(const char *name, int64_t *value);
const char *ok_assertion_name(int64_t value);

/* Checks value (RFC 7951 JSON form) against the leaf's type; errors are
 * OK_E_MALFORMED naming the leaf. */
ok_status ok_leaf_check_value(const ok_leaf *leaf, const json_t *value,
    ok_err *err);

/* The nonce's bytes: its text read as base64 (padded) or base64url
 * (unpadded).  Neither is OK_E_MALFORMED naming "nonce". */
ok_status ok_nonce_decode(const char *text, size_t len, ok_buf *out,
    ok_err *err);

/* A voucher's leaves in SID order, each checked against its type; a
 * member that is not a leaf of the kind is OK_E_MALFORMED naming it. */
typedef struct ok_leaf_value {
	const ok_leaf *leaf;
	const json_t *value; /* borrowed from the voucher */
} ok_leaf_value;
ok_status ok_leaves_collect(const ok_voucher *voucher,
    ok_leaf_value values[OK_LEAF_DELTA_MAX], size_t *count, ok_err *err);

#endif
