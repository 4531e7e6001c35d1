/*
 * voucher_cbor.c: the SID-keyed CBOR form of a voucher (RFC 9254 with the
 * SIDs of RFC 8366bis), as COSE vouchers carry it: {2451: {delta: value}}
 * or {2501: {...}}.
 *
 * Values map one to one onto the RFC 7951 JSON form held in memory, and
 * the encoding is deterministic, so a canonical payload decodes and
 * re-encodes to the same bytes.  Older drafts used other SIDs
 * (1001100...); they are refused, not guessed at.
 */
#include "voucher.h"

#include <stdio.h>
#include <string.h>

#include "../common/cbor.h"
#include "../common/codec.h"
#include "leaf.h"

static ok_status
no_memory(ok_err *err)
{
	return ok_err_set(err, OK_E_IO, "voucher", "out of memory");
}

/* Adds key -> value to a definite map, taking both references. */
static bool
map_put(cbor_item_t *map, cbor_item_t *key, cbor_item_t *value)
{
	bool added = key != NULL && value != NULL &&
	    cbor_map_add(map, (struct cbor_pair){ key, value });

	if (key != NULL)
		cbor_decref(&key);
	if (value != NULL)
		cbor_decref(&value);
	return added;
}

static cbor_item_t *
build_int(int64_t value)
{
	if (value >= 0)
		return cbor_build_uint64((uint64_t)value);
	return cbor_build_negint64((uint64_t)(-1 - value));
}

static ok_status anydata_to_cbor(const ok_leaf *leaf, const json_t *value,
    cbor_item_t **out, ok_err *err);

static ok_status
object_to_cbor(const ok_leaf *leaf, const json_t *object, cbor_item_t **out,
    ok_err *err)
{
	cbor_item_t *member;
	const char *key;
	json_t *value;
	ok_status st;

	if ((*out = cbor_new_definite_map(json_object_size(object))) == NULL)
		return no_memory(err);
	json_object_foreach((json_t *)object, key, value) {
		if ((st = anydata_to_cbor(leaf, value, &member, err)) !=
		    OK_SUCCESS) {
			if (member != NULL)
				cbor_decref(&member);
			return st;
		}
		if (!map_put(*out, cbor_build_string(key), member))
			return no_memory(err);
	}
	return OK_SUCCESS;
}

static ok_status
array_to_cbor(const ok_leaf *leaf, const json_t *array, cbor_item_t **out,
    ok_err *err)
{
	cbor_item_t *element;
	json_t *value;
	ok_status st;
	size_t i;
	bool pushed;

	if ((*out = cbor_new_definite_array(json_array_size(array))) == NULL)
		return no_memory(err);
	json_array_foreach(array, i, value) {
		if ((st = anydata_to_cbor(leaf, value, &element, err)) !=
		    OK_SUCCESS) {
			if (element != NULL)
				cbor_decref(&element);
			return st;
		}
		pushed = cbor_array_push(*out, element);
		cbor_decref(&element);
		if (!pushed)
			return no_memory(err);
	}
	return OK_SUCCESS;
}

/* Any JSON value as generic CBOR; *out is set (or NULL) even on failure
 * so the caller frees what was built. */
static ok_status
anydata_to_cbor(const ok_leaf *leaf, const json_t *value, cbor_item_t **out,
    ok_err *err)
{
	*out = NULL;
	switch (json_typeof(value)) {
	case JSON_OBJECT:
		return object_to_cbor(leaf, value, out, err);
	case JSON_ARRAY:
		return array_to_cbor(leaf, value, out, err);
	case JSON_STRING:
		*out = cbor_build_stringn(json_string_value(value),
		    json_string_length(value));
		break;
	case JSON_INTEGER:
		*out = build_int((int64_t)json_integer_value(value));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		*out = cbor_build_bool(json_is_true(value));
		break;
	case JSON_NULL:
		*out = cbor_new_null();
		break;
	default:
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "holds a floating-point number, which has no CBOR "
		    "form here (integers only)");
	}
	return *out == NULL ? no_memory(err) : OK_SUCCESS;
}

/* Base64 (or nonce) text to a byte string item. */
static ok_status
bytes_to_cbor(const ok_leaf *leaf, const json_t *value, cbor_item_t **out,
    ok_err *err)
{
	ok_buf bytes = OK_BUF_INIT;
	ok_status st;

	*out = NULL;
	if (leaf->type == OK_LEAF_NONCE)
		st = ok_nonce_decode(json_string_value(value),
		    json_string_length(value), &bytes, err);
	else
		st = ok_b64_decode(json_string_value(value),
		    json_string_length(value), OK_B64_STD, leaf->name, &bytes,
		    err);
	if (st == OK_SUCCESS &&
	    (*out = cbor_build_bytestring(bytes.data, bytes.len)) == NULL)
		st = no_memory(err);
	ok_buf_free(&bytes);
	return st;
}

/* One leaf's value (already type-checked) as its CBOR item. */
static ok_status
leaf_to_cbor(const ok_leaf *leaf, const json_t *value, cbor_item_t **out,
    ok_err *err)
{
	int64_t assertion = 0;

	*out = NULL;
	switch (leaf->type) {
	case OK_LEAF_NONCE:
	case OK_LEAF_BINARY:
		return bytes_to_cbor(leaf, value, out, err);
	case OK_LEAF_ANYDATA:
		return anydata_to_cbor(leaf, value, out, err);
	case OK_LEAF_BOOLEAN:
		*out = cbor_build_bool(json_is_true(value));
		break;
	case OK_LEAF_ASSERTION:
		(void)ok_assertion_value(json_string_value(value), &assertion);
		*out = build_int(assertion);
		break;
	default:
		*out = cbor_build_stringn(json_string_value(value),
		    json_string_length(value));
		break;
	}
	return *out == NULL ? no_memory(err) : OK_SUCCESS;
}

static ok_status
build_inner(const ok_voucher *voucher, const ok_leaf_value *values,
    size_t count, cbor_item_t *inner, ok_err *err)
{
	cbor_item_t *item;
	ok_status st;
	size_t i;

	for (i = 0; i < count; i++) {
		st = leaf_to_cbor(values[i].leaf, values[i].value, &item, err);
		if (st != OK_SUCCESS) {
			if (item != NULL)
				cbor_decref(&item);
			return st;
		}
		if (!map_put(inner, cbor_build_uint8((uint8_t)ok_leaf_delta(
		    values[i].leaf, voucher->kind)), item))
			return no_memory(err);
	}
	return OK_SUCCESS;
}

ok_status
ok_voucher_to_cbor(const ok_voucher *voucher, ok_buf *out, ok_err *err)
{
	ok_leaf_value values[OK_LEAF_DELTA_MAX];
	cbor_item_t *root, *inner;
	size_t count;
	ok_status st;

	if ((st = ok_leaves_collect(voucher, values, &count, err)) !=
	    OK_SUCCESS)
		return st;
	if ((root = cbor_new_definite_map(1)) == NULL)
		return no_memory(err);
	if ((inner = cbor_new_definite_map(count)) == NULL) {
		cbor_decref(&root);
		return no_memory(err);
	}
	st = build_inner(voucher, values, count, inner, err);
	/* root takes inner whether or not it was completed. */
	if (!map_put(root, cbor_build_uint16((uint16_t)ok_voucher_kind_sid(
	    voucher->kind)), inner) && st == OK_SUCCESS)
		st = no_memory(err);
	if (st == OK_SUCCESS)
		st = ok_cbor_encode(root, out, err);
	cbor_decref(&root);
	return st;
}

/* Decoding. */

/* The text of a definite text string without NUL bytes (a C string
 * would cut it short), or false. */
static bool
text_value(const cbor_item_t *item, const char **text, size_t *len)
{
	if (!cbor_isa_string(item) || !cbor_string_is_definite(item))
		return false;
	*len = cbor_string_length(item);
	*text = *len == 0 ? "" : (const char *)cbor_string_handle(item);
	return memchr(*text, '\0', *len) == NULL;
}

/* True for a simple value of major type 7 (not a float), stored.
 * libcbor's cbor_is_bool() asserts on floats, so this comes first. */
static bool
simple_value(const cbor_item_t *item, uint8_t *value)
{
	if (!cbor_isa_float_ctrl(item) || !cbor_float_ctrl_is_ctrl(item))
		return false;
	*value = cbor_ctrl_value(item);
	return true;
}

static ok_status
no_json_form(const ok_leaf *leaf, ok_err *err)
{
	return ok_err_set(err, OK_E_MALFORMED, leaf->name,
	    "holds a CBOR item with no JSON form (byte string, tag, float, "
	    "undefined or a non-text map key)");
}

static ok_status anydata_from_cbor(const ok_leaf *leaf,
    const cbor_item_t *item, json_t **out, ok_err *err);

static ok_status
object_from_cbor(const ok_leaf *leaf, const cbor_item_t *map, json_t **out,
    ok_err *err)
{
	struct cbor_pair *pairs = cbor_map_handle(map);
	json_t *member;
	const char *key;
	size_t i, key_len;
	ok_status st;

	if ((*out = json_object()) == NULL)
		return no_memory(err);
	for (i = 0; i < cbor_map_size(map); i++) {
		if (!text_value(pairs[i].key, &key, &key_len))
			return no_json_form(leaf, err);
		if ((st = anydata_from_cbor(leaf, pairs[i].value, &member,
		    err)) != OK_SUCCESS) {
			json_decref(member);
			return st;
		}
		if (json_object_setn_new(*out, key, key_len, member) != 0)
			return no_memory(err);
	}
	return OK_SUCCESS;
}

static ok_status
array_from_cbor(const ok_leaf *leaf, const cbor_item_t *array, json_t **out,
    ok_err *err)
{
	cbor_item_t **elements = cbor_array_handle(array);
	json_t *element;
	ok_status st;
	size_t i;

	if ((*out = json_array()) == NULL)
		return no_memory(err);
	for (i = 0; i < cbor_array_size(array); i++) {
		if ((st = anydata_from_cbor(leaf, elements[i], &element,
		    err)) != OK_SUCCESS) {
			json_decref(element);
			return st;
		}
		if (json_array_append_new(*out, element) != 0)
			return no_memory(err);
	}
	return OK_SUCCESS;
}

/* Generic CBOR as JSON; *out is what was built (or NULL) even on
 * failure, for the caller to free. */
static ok_status
anydata_from_cbor(const ok_leaf *leaf, const cbor_item_t *item, json_t **out,
    ok_err *err)
{
	const char *text;
	int64_t number;
	uint8_t simple;
	size_t len;

	*out = NULL;
	if (cbor_isa_map(item))
		return object_from_cbor(leaf, item, out, err);
	if (cbor_isa_array(item))
		return array_from_cbor(leaf, item, out, err);
	if (cbor_is_int(item)) {
		if (!ok_cbor_int_value(item, &number))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "holds an integer outside the 64-bit signed range");
		*out = json_integer((json_int_t)number);
	} else if (cbor_isa_string(item)) {
		if (!text_value(item, &text, &len))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "holds text with a NUL character");
		*out = json_stringn(text, len);
	} else if (simple_value(item, &simple) && (simple == CBOR_CTRL_TRUE ||
	    simple == CBOR_CTRL_FALSE))
		*out = json_boolean(simple == CBOR_CTRL_TRUE);
	else if (simple_value(item, &simple) && simple == CBOR_CTRL_NULL)
		*out = json_null();
	else
		return no_json_form(leaf, err);
	return *out == NULL ? no_memory(err) : OK_SUCCESS;
}

static ok_status
bytes_from_cbor(const ok_leaf *leaf, const cbor_item_t *item, json_t **out,
    ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	const uint8_t *data;
	ok_status st;
	size_t len;

	if (!ok_cbor_bytes_value(item, &data, &len))
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "not a CBOR byte string");
	if (len == 0)
		data = (const uint8_t *)"";
	if ((st = ok_b64_encode_buf(data, len, OK_B64_STD, &text, err)) !=
	    OK_SUCCESS)
		return st;
	*out = json_stringn(text.len == 0 ? "" : (const char *)text.data,
	    text.len);
	ok_buf_free(&text);
	return *out == NULL ? no_memory(err) : OK_SUCCESS;
}

/* One leaf's CBOR item as its RFC 7951 JSON value. */
static ok_status
leaf_from_cbor(const ok_leaf *leaf, const cbor_item_t *item, json_t **out,
    ok_err *err)
{
	const char *text;
	int64_t number;
	uint8_t simple = 0;
	size_t len;

	*out = NULL;
	switch (leaf->type) {
	case OK_LEAF_NONCE:
	case OK_LEAF_BINARY:
		return bytes_from_cbor(leaf, item, out, err);
	case OK_LEAF_ANYDATA:
		return anydata_from_cbor(leaf, item, out, err);
	case OK_LEAF_BOOLEAN:
		if (!simple_value(item, &simple) || (simple != CBOR_CTRL_TRUE &&
		    simple != CBOR_CTRL_FALSE))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not a CBOR true or false");
		*out = json_boolean(simple == CBOR_CTRL_TRUE);
		break;
	case OK_LEAF_ASSERTION:
		if (!ok_cbor_int_value(item, &number) ||
		    (text = ok_assertion_name(number)) == NULL)
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not an assertion value (0 verified, 1 logged, "
			    "2 proximity, 3 agent-proximity)");
		*out = json_string(text);
		break;
	default:
		if (!text_value(item, &text, &len))
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not CBOR text (or holds a NUL character)");
		*out = json_stringn(text, len);
		break;
	}
	return *out == NULL ? no_memory(err) : OK_SUCCESS;
}

static ok_status
unknown_sid(int64_t top, int64_t delta, ok_err *err)
{
	char name[OK_ERR_FIELD_MAX];

	if (delta > INT64_MAX - top || delta < INT64_MIN + top)
		snprintf(name, sizeof(name), "SID delta %lld",
		    (long long)delta);
	else
		snprintf(name, sizeof(name), "SID %lld",
		    (long long)(top + delta));
	return ok_err_set(err, OK_E_MALFORMED, name,
	    "unknown SID (delta %lld under SID %lld)", (long long)delta,
	    (long long)top);
}

static ok_status
take_pair(ok_voucher *voucher, const struct cbor_pair *pair, ok_err *err)
{
	int64_t top = ok_voucher_kind_sid(voucher->kind), delta;
	const ok_leaf *leaf;
	json_t *value;
	ok_status st;

	if (!ok_cbor_int_value(pair->key, &delta))
		return ok_err_set(err, OK_E_MALFORMED,
		    ok_voucher_kind_name(voucher->kind),
		    "a key is not an integer SID delta");
	if ((leaf = ok_leaf_by_delta(voucher->kind, delta)) == NULL)
		return unknown_sid(top, delta, err);
	st = leaf_from_cbor(leaf, pair->value, &value, err);
	if (st == OK_SUCCESS)
		st = ok_leaf_check_value(leaf, value, err);
	if (st != OK_SUCCESS) {
		json_decref(value);
		return st;
	}
	if (json_object_set_new(voucher->leaves, leaf->name, value) != 0)
		return no_memory(err);
	return OK_SUCCESS;
}

/* The kind named by the single top-level SID, and its map. */
static ok_status
top_of(const cbor_item_t *root, const char *field, ok_voucher_kind *kind,
    const cbor_item_t **inner, ok_err *err)
{
	struct cbor_pair *pair;
	int64_t sid;

	if (!cbor_isa_map(root) || cbor_map_size(root) != 1)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "expected a map with one SID key (2451 ietf-voucher or "
		    "2501 ietf-voucher-request)");
	pair = cbor_map_handle(root);
	if (!ok_cbor_int_value(pair->key, &sid))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "top-level key is not an integer SID");
	if (sid == OK_VOUCHER_SID_ARTIFACT)
		*kind = OK_VOUCHER_ARTIFACT;
	else if (sid == OK_VOUCHER_SID_REQUEST)
		*kind = OK_VOUCHER_REQUEST;
	else
		return unknown_sid(0, sid, err);
	*inner = pair->value;
	if (!cbor_isa_map(*inner))
		return ok_err_set(err, OK_E_MALFORMED,
		    ok_voucher_kind_name(*kind), "not a CBOR map");
	return OK_SUCCESS;
}

ok_status
ok_voucher_from_cbor(const uint8_t *data, size_t len, const char *field,
    ok_voucher *out, ok_err *err)
{
	ok_voucher_kind kind = OK_VOUCHER_ARTIFACT;
	const cbor_item_t *inner = NULL;
	cbor_item_t *root = NULL;
	ok_status st;
	size_t i;

	out->kind = OK_VOUCHER_ARTIFACT;
	out->leaves = NULL;
	if (len > OK_VOUCHER_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "voucher of %zu bytes is larger than the %d byte limit",
		    len, OK_VOUCHER_MAX);
	if ((st = ok_cbor_decode(data, len, 0, field, &root, err)) !=
	    OK_SUCCESS)
		return st;
	st = top_of(root, field, &kind, &inner, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_init(out, kind, err);
	for (i = 0; st == OK_SUCCESS && i < cbor_map_size(inner); i++)
		st = take_pair(out, &cbor_map_handle(inner)[i], err);
	cbor_decref(&root);
	if (st != OK_SUCCESS)
		ok_voucher_free(out);
	return st;
}
