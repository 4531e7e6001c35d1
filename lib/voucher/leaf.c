/*
 * leaf.c: the leaf table of ietf-voucher and ietf-voucher-request and the
 * per-type value checks every way into a voucher shares.
 *
 * The deltas are the SID assignments of RFC 8366bis (ietf-voucher-sid,
 * ietf-voucher-request-sid): the two modules number the common leaves
 * differently, so each row carries both.
 */
#include "leaf.h"

#include <string.h>

#include "../common/codec.h"
#include "../common/datetime.h"

static const ok_leaf leaf_table[] = {
	{ "assertion", OK_LEAF_ASSERTION, 1, 1 },
	{ "created-on", OK_LEAF_DATETIME, 2, 2 },
	{ "domain-cert-revocation-checks", OK_LEAF_BOOLEAN, 3, 3 },
	{ "expires-on", OK_LEAF_DATETIME, 4, 4 },
	{ "idevid-issuer", OK_LEAF_BINARY, 5, 5 },
	{ "last-renewal-date", OK_LEAF_DATETIME, 6, 6 },
	{ "nonce", OK_LEAF_NONCE, 7, 7 },
	{ "pinned-domain-cert", OK_LEAF_BINARY, 8, 8 },
	{ "pinned-domain-pubk", OK_LEAF_BINARY, 9, 17 },
	{ "pinned-domain-pubk-sha256", OK_LEAF_BINARY, 10, 18 },
	{ "serial-number", OK_LEAF_STRING, 11, 13 },
	{ "additional-configuration-url", OK_LEAF_URI, 12, 19 },
	{ "est-domain", OK_LEAF_URI, 13, 20 },
	{ "manufacturer-proprietary", OK_LEAF_ANYDATA, 14, 22 },
	{ "extensions", OK_LEAF_ANYDATA, 15, 21 },
	{ "prior-signed-voucher-request", OK_LEAF_BINARY, 0, 9 },
	{ "proximity-registrar-cert", OK_LEAF_BINARY, 0, 10 },
	{ "proximity-registrar-pubk-sha256", OK_LEAF_BINARY, 0, 11 },
	{ "proximity-registrar-pubk", OK_LEAF_BINARY, 0, 12 },
	{ "agent-provided-proximity-registrar-cert", OK_LEAF_BINARY, 0, 14 },
	{ "agent-sign-cert", OK_LEAF_BINARY, 0, 15 },
	{ "agent-signed-data", OK_LEAF_BINARY, 0, 16 },
};
#define LEAF_COUNT (sizeof(leaf_table) / sizeof(leaf_table[0]))

static const char *const assertion_names[] = {
	"verified", "logged", "proximity", "agent-proximity"
};
#define ASSERTION_COUNT (sizeof(assertion_names) / sizeof(assertion_names[0]))

int64_t
ok_voucher_kind_sid(ok_voucher_kind kind)
{
	return kind == OK_VOUCHER_REQUEST ? OK_VOUCHER_SID_REQUEST :
	    OK_VOUCHER_SID_ARTIFACT;
}

unsigned
ok_leaf_delta(const ok_leaf *leaf, ok_voucher_kind kind)
{
	return kind == OK_VOUCHER_REQUEST ? leaf->request_delta :
	    leaf->artifact_delta;
}

const ok_leaf *
ok_leaf_any_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < LEAF_COUNT; i++)
		if (strcmp(leaf_table[i].name, name) == 0)
			return &leaf_table[i];
	return NULL;
}

const ok_leaf *
ok_leaf_by_name(ok_voucher_kind kind, const char *name)
{
	const ok_leaf *leaf = ok_leaf_any_by_name(name);

	if (leaf == NULL || ok_leaf_delta(leaf, kind) == 0)
		return NULL;
	return leaf;
}

const ok_leaf *
ok_leaf_by_delta(ok_voucher_kind kind, int64_t delta)
{
	size_t i;

	if (delta <= 0)
		return NULL;
	for (i = 0; i < LEAF_COUNT; i++)
		if (ok_leaf_delta(&leaf_table[i], kind) == delta)
			return &leaf_table[i];
	return NULL;
}

bool
ok_assertion_value(const char *name, int64_t *value)
{
	size_t i;

	for (i = 0; i < ASSERTION_COUNT; i++) {
		if (strcmp(assertion_names[i], name) == 0) {
			*value = (int64_t)i;
			return true;
		}
	}
	return false;
}

const char *
ok_assertion_name(int64_t value)
{
	if (value < 0 || value >= (int64_t)ASSERTION_COUNT)
		return NULL;
	return assertion_names[value];
}

/* RFC 3986: scheme ":" then only URI characters (printable ASCII; the
 * rest must be percent-encoded). */
static bool
uri_valid(const char *text)
{
	const char *c = text;

	if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
		return false;
	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
	    (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.')
		c++;
	if (*c != ':')
		return false;
	for (; *c != '\0'; c++)
		if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f ||
		    strchr("\"<>\\^`{|}", *c) != NULL)
			return false;
	return true;
}

/* Nesting depth of arrays and objects, stopping once past limit. */
static unsigned
anydata_depth(const json_t *value, unsigned limit)
{
	unsigned deepest = 0, depth;
	const char *key;
	json_t *member;
	size_t i;

	if (!json_is_array(value) && !json_is_object(value))
		return 0;
	if (limit == 0)
		return 1;
	if (json_is_array(value)) {
		json_array_foreach(value, i, member) {
			depth = anydata_depth(member, limit - 1);
			if (depth > deepest)
				deepest = depth;
		}
		return deepest + 1;
	}
	json_object_foreach((json_t *)value, key, member) {
		depth = anydata_depth(member, limit - 1);
		if (depth > deepest)
			deepest = depth;
	}
	return deepest + 1;
}

static ok_status
check_text(const ok_leaf *leaf, const char *text, size_t len, ok_err *err)
{
	ok_buf bytes = OK_BUF_INIT;
	time_t when;
	int64_t value;
	ok_status st;

	if (strlen(text) != len)
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "NUL character in text");
	switch (leaf->type) {
	case OK_LEAF_DATETIME:
		if (!ok_datetime_parse(text, &when))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not a date-and-time (YYYY-MM-DDTHH:MM:SS[.frac]"
			    "(Z|+HH:MM))");
		return OK_SUCCESS;
	case OK_LEAF_ASSERTION:
		if (!ok_assertion_value(text, &value))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not verified, logged, proximity or "
			    "agent-proximity");
		return OK_SUCCESS;
	case OK_LEAF_NONCE:
		if (len < 1 || len > OK_NONCE_TEXT_MAX)
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "%zu bytes; 1 to %d expected", len,
			    OK_NONCE_TEXT_MAX);
		return OK_SUCCESS;
	case OK_LEAF_BINARY:
		st = ok_b64_decode(text, len, OK_B64_STD, leaf->name, &bytes,
		    err);
		ok_buf_free(&bytes);
		return st;
	case OK_LEAF_URI:
		if (!uri_valid(text))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not a URI (scheme:rest, no spaces)");
		return OK_SUCCESS;
	default:
		return OK_SUCCESS;
	}
}

ok_status
ok_leaf_check_value(const ok_leaf *leaf, const json_t *value, ok_err *err)
{
	switch (leaf->type) {
	case OK_LEAF_BOOLEAN:
		if (!json_is_boolean(value))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not true or false");
		return OK_SUCCESS;
	case OK_LEAF_ANYDATA:
		if (anydata_depth(value, OK_ANYDATA_DEPTH_MAX) >
		    OK_ANYDATA_DEPTH_MAX)
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "nested deeper than %d levels",
			    OK_ANYDATA_DEPTH_MAX);
		return OK_SUCCESS;
	default:
		if (!json_is_string(value))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not a JSON string");
		return check_text(leaf, json_string_value(value),
		    json_string_length(value), err);
	}
}

ok_status
ok_nonce_decode(const char *text, size_t len, ok_buf *out, ok_err *err)
{
	if (ok_b64_decode(text, len, OK_B64_STD, "nonce", out, err) ==
	    OK_SUCCESS ||
	    ok_b64_decode(text, len, OK_B64_URL, "nonce", out, err) ==
	    OK_SUCCESS)
		return OK_SUCCESS;
	return ok_err_set(err, OK_E_MALFORMED, "nonce",
	    "neither base64 nor base64url, so it has no byte form for CBOR");
}

static ok_status
check_initialised(const ok_voucher *voucher, ok_err *err)
{
	if (voucher == NULL || !json_is_object(voucher->leaves) ||
	    (voucher->kind != OK_VOUCHER_ARTIFACT &&
	    voucher->kind != OK_VOUCHER_REQUEST))
		return ok_err_set(err, OK_E_USAGE, "voucher",
		    "not initialised (ok_voucher_init)");
	return OK_SUCCESS;
}

/* The first member of leaves that is not a leaf of kind. */
static ok_status
unknown_member(const ok_voucher *voucher, ok_err *err)
{
	const char *key;
	json_t *value;

	json_object_foreach(voucher->leaves, key, value) {
		if (ok_leaf_by_name(voucher->kind, key) == NULL)
			return ok_err_set(err, OK_E_MALFORMED, key,
			    "not a leaf of %s",
			    ok_voucher_kind_name(voucher->kind));
	}
	return ok_err_set(err, OK_E_USAGE, "voucher", "leaf count mismatch");
}

ok_status
ok_leaves_collect(const ok_voucher *voucher,
    ok_leaf_value values[OK_LEAF_DELTA_MAX], size_t *count, ok_err *err)
{
	const ok_leaf *leaf;
	json_t *value;
	ok_status st;
	int64_t delta;

	*count = 0;
	if ((st = check_initialised(voucher, err)) != OK_SUCCESS)
		return st;
	for (delta = 1; delta <= OK_LEAF_DELTA_MAX; delta++) {
		leaf = ok_leaf_by_delta(voucher->kind, delta);
		if (leaf == NULL ||
		    (value = json_object_get(voucher->leaves, leaf->name)) ==
		    NULL)
			continue;
		if ((st = ok_leaf_check_value(leaf, value, err)) != OK_SUCCESS)
			return st;
		values[*count].leaf = leaf;
		values[(*count)++].value = value;
	}
	if (*count != json_object_size(voucher->leaves))
		return unknown_member(voucher, err);
	return OK_SUCCESS;
}
