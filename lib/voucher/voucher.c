/*
 * voucher.c: the voucher data model and its RFC 7951 JSON form.
 *
 * Leaves are held as the JSON values RFC 7951 gives them, checked by type
 * on every way in, so the JSON written back out is the JSON that was
 * accepted (a pledge compares the nonce as the exact string).  Output
 * follows SID order, which makes it independent of how the voucher was
 * built.
 */
#include "voucher.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../common/codec.h"
#include "../common/json.h"
#include "leaf.h"

const char *
ok_voucher_kind_name(ok_voucher_kind kind)
{
	return kind == OK_VOUCHER_REQUEST ? "ietf-voucher-request:voucher" :
	    "ietf-voucher:voucher";
}

void
ok_warnings_add(ok_warnings *warnings, const char *fmt, ...)
{
	va_list ap;

	/* Past the fixed storage the rest are dropped: the first few say
	 * what needs fixing. */
	if (warnings == NULL || warnings->count >= OK_WARNINGS_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(warnings->text[warnings->count], OK_WARNING_LEN, fmt, ap);
	va_end(ap);
	warnings->count++;
}

ok_status
ok_voucher_init(ok_voucher *voucher, ok_voucher_kind kind, ok_err *err)
{
	voucher->kind = kind;
	voucher->leaves = NULL;
	if (kind != OK_VOUCHER_ARTIFACT && kind != OK_VOUCHER_REQUEST)
		return ok_err_set(err, OK_E_USAGE, "voucher",
		    "unknown voucher kind %d", (int)kind);
	if ((voucher->leaves = json_object()) == NULL)
		return ok_err_set(err, OK_E_IO, "voucher", "out of memory");
	return OK_SUCCESS;
}

void
ok_voucher_free(ok_voucher *voucher)
{
	if (voucher == NULL)
		return;
	json_decref(voucher->leaves);
	voucher->leaves = NULL;
}

bool
ok_voucher_leaf_known(ok_voucher_kind kind, const char *leaf)
{
	return leaf != NULL && ok_leaf_by_name(kind, leaf) != NULL;
}

/* The kind named by the single top-level member of a voucher document. */
static ok_status
top_kind(const json_t *doc, const char *field, ok_voucher_kind *kind,
    json_t **inner, ok_err *err)
{
	const char *name;
	json_t *value;

	if (!json_is_object(doc) || json_object_size(doc) != 1)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "expected an object with one member, "
		    "\"ietf-voucher:voucher\" or "
		    "\"ietf-voucher-request:voucher\"");
	json_object_foreach((json_t *)doc, name, value) {
		if (strcmp(name, ok_voucher_kind_name(OK_VOUCHER_ARTIFACT)) == 0)
			*kind = OK_VOUCHER_ARTIFACT;
		else if (strcmp(name,
		    ok_voucher_kind_name(OK_VOUCHER_REQUEST)) == 0)
			*kind = OK_VOUCHER_REQUEST;
		else
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "top-level member is neither "
			    "\"ietf-voucher:voucher\" nor "
			    "\"ietf-voucher-request:voucher\"");
		*inner = value;
	}
	if (!json_is_object(*inner))
		return ok_err_set(err, OK_E_MALFORMED, ok_voucher_kind_name(*kind),
		    "not a JSON object");
	return OK_SUCCESS;
}

/* A name fit to print as the field of a message: the user sees it. */
static bool
printable_name(const char *name)
{
	if (*name == '\0')
		return false;
	for (; *name != '\0'; name++)
		if ((unsigned char)*name < 0x20 || *name == 0x7f)
			return false;
	return true;
}

static ok_status
unknown_leaf(ok_voucher_kind kind, const char *name, ok_err *err)
{
	if (!printable_name(name))
		return ok_err_set(err, OK_E_MALFORMED, ok_voucher_kind_name(kind),
		    "a member whose name is empty or holds control characters "
		    "is not a leaf");
	return ok_err_set(err, OK_E_MALFORMED, name, "not a leaf of %s",
	    ok_voucher_kind_name(kind));
}

/* Copies each leaf of inner into voucher, in document order so that the
 * first bad leaf a reader sees is the one reported. */
static ok_status
take_leaves(ok_voucher *voucher, const json_t *inner, unsigned flags,
    ok_warnings *warnings, ok_err *err)
{
	const ok_leaf *leaf;
	const char *name;
	json_t *value;
	ok_status st;

	json_object_foreach((json_t *)inner, name, value) {
		leaf = ok_leaf_by_name(voucher->kind, name);
		if (leaf == NULL && (flags & OK_VOUCHER_IGNORE_UNKNOWN)) {
			ok_warnings_add(warnings, "%.80s: not a leaf of %s; "
			    "ignored", printable_name(name) ? name :
			    "(unprintable name)",
			    ok_voucher_kind_name(voucher->kind));
			continue;
		}
		if (leaf == NULL)
			return unknown_leaf(voucher->kind, name, err);
		if ((st = ok_leaf_check_value(leaf, value, err)) != OK_SUCCESS)
			return st;
		if (json_object_set(voucher->leaves, name, value) != 0)
			return ok_err_set(err, OK_E_IO, name, "out of memory");
	}
	return OK_SUCCESS;
}

ok_status
ok_voucher_from_json(const uint8_t *text, size_t len, unsigned flags,
    const char *field, ok_voucher *out, ok_warnings *warnings, ok_err *err)
{
	ok_voucher_kind kind = OK_VOUCHER_ARTIFACT;
	json_t *doc = NULL, *inner = NULL;
	ok_status st;

	out->kind = OK_VOUCHER_ARTIFACT;
	out->leaves = NULL;
	if (len > OK_VOUCHER_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "voucher of %zu bytes is larger than the %d byte limit",
		    len, OK_VOUCHER_MAX);
	if ((st = ok_json_parse((const char *)text, len, field, &doc, err)) !=
	    OK_SUCCESS)
		return st;
	st = top_kind(doc, field, &kind, &inner, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_init(out, kind, err);
	if (st == OK_SUCCESS)
		st = take_leaves(out, inner, flags, warnings, err);
	json_decref(doc);
	if (st != OK_SUCCESS)
		ok_voucher_free(out);
	return st;
}

ok_status
ok_voucher_to_json(const ok_voucher *voucher, ok_buf *out, ok_err *err)
{
	ok_leaf_value values[OK_LEAF_DELTA_MAX];
	json_t *doc = NULL, *ordered;
	size_t count, i;
	ok_status st;

	if ((st = ok_leaves_collect(voucher, values, &count, err)) !=
	    OK_SUCCESS)
		return st;
	if ((ordered = json_object()) == NULL ||
	    (doc = json_object()) == NULL ||
	    json_object_set_new(doc, ok_voucher_kind_name(voucher->kind),
	    ordered) != 0) {
		json_decref(doc);
		return ok_err_set(err, OK_E_IO, "voucher", "out of memory");
	}
	for (i = 0; i < count && st == OK_SUCCESS; i++)
		if (json_object_set(ordered, values[i].leaf->name,
		    (json_t *)values[i].value) != 0)
			st = ok_err_set(err, OK_E_IO, "voucher",
			    "out of memory");
	if (st == OK_SUCCESS)
		st = ok_json_dump(doc, 0, out, err);
	json_decref(doc);
	return st;
}

/* The leaf of this voucher's kind, or OK_E_USAGE naming name. */
static ok_status
leaf_of(const ok_voucher *voucher, const char *name, const ok_leaf **leaf,
    ok_err *err)
{
	if (voucher == NULL || !json_is_object(voucher->leaves))
		return ok_err_set(err, OK_E_USAGE, "voucher",
		    "not initialised (ok_voucher_init)");
	if (name == NULL ||
	    (*leaf = ok_leaf_by_name(voucher->kind, name)) == NULL)
		return ok_err_set(err, OK_E_USAGE, name ? name : "leaf",
		    "not a leaf of %s", ok_voucher_kind_name(voucher->kind));
	return OK_SUCCESS;
}

/* The JSON value a leaf's command-line text stands for; *value is NULL
 * only on failure. */
static ok_status
value_from_text(const ok_leaf *leaf, const char *text, json_t **value,
    ok_err *err)
{
	json_error_t jerr;
	char *c;

	*value = NULL;
	/* Not ok_json_parse(): anydata may be any value, not only an object
	 * or array, and text is a C string so it holds no NUL. */
	if (leaf->type == OK_LEAF_ANYDATA) {
		if (strlen(text) > OK_VOUCHER_MAX)
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "larger than a voucher may be");
		*value = json_loads(text, JSON_DECODE_ANY |
		    JSON_REJECT_DUPLICATES, &jerr);
		if (*value != NULL)
			return OK_SUCCESS;
		for (c = jerr.text; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				*c = '?';
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "invalid JSON at column %d: %.100s", jerr.column,
		    jerr.text);
	}
	if (leaf->type == OK_LEAF_BOOLEAN) {
		if (strcmp(text, "true") != 0 && strcmp(text, "false") != 0)
			return ok_err_set(err, OK_E_MALFORMED, leaf->name,
			    "not true or false");
		*value = json_boolean(strcmp(text, "true") == 0);
	} else if ((*value = json_string(text)) == NULL)
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "not UTF-8 text");
	if (*value == NULL)
		return ok_err_set(err, OK_E_IO, leaf->name, "out of memory");
	return OK_SUCCESS;
}

ok_status
ok_voucher_set(ok_voucher *voucher, const char *leaf_name, const char *text,
    ok_err *err)
{
	const ok_leaf *leaf;
	json_t *value;
	ok_status st;

	if ((st = leaf_of(voucher, leaf_name, &leaf, err)) != OK_SUCCESS)
		return st;
	if (text == NULL)
		return ok_err_set(err, OK_E_USAGE, leaf->name, "no value");
	if ((st = value_from_text(leaf, text, &value, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_leaf_check_value(leaf, value, err)) != OK_SUCCESS) {
		json_decref(value);
		return st;
	}
	if (json_object_set_new(voucher->leaves, leaf->name, value) != 0)
		return ok_err_set(err, OK_E_IO, leaf->name, "out of memory");
	return OK_SUCCESS;
}

ok_status
ok_voucher_set_bytes(ok_voucher *voucher, const char *leaf_name,
    const uint8_t *data, size_t len, ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	const ok_leaf *leaf;
	json_t *value;
	ok_status st;

	if ((st = leaf_of(voucher, leaf_name, &leaf, err)) != OK_SUCCESS)
		return st;
	if (leaf->type != OK_LEAF_BINARY)
		return ok_err_set(err, OK_E_USAGE, leaf->name,
		    "not a binary leaf");
	if (len > OK_VOUCHER_MAX)
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "%zu bytes is more than a voucher may hold", len);
	if ((st = ok_b64_encode_buf(data, len, OK_B64_STD, &text, err)) !=
	    OK_SUCCESS)
		return st;
	value = json_stringn((const char *)text.data, text.len);
	ok_buf_free(&text);
	if (value == NULL ||
	    json_object_set_new(voucher->leaves, leaf->name, value) != 0)
		return ok_err_set(err, OK_E_IO, leaf->name, "out of memory");
	return OK_SUCCESS;
}

const char *
ok_voucher_get(const ok_voucher *voucher, const char *leaf)
{
	if (voucher == NULL || !json_is_object(voucher->leaves) ||
	    leaf == NULL)
		return NULL;
	return json_string_value(json_object_get(voucher->leaves, leaf));
}

ok_status
ok_voucher_get_bytes(const ok_voucher *voucher, const char *leaf_name,
    ok_buf *out, ok_err *err)
{
	const ok_leaf *leaf;
	const json_t *value;
	ok_status st;

	if ((st = leaf_of(voucher, leaf_name, &leaf, err)) != OK_SUCCESS)
		return st;
	if (leaf->type != OK_LEAF_BINARY && leaf->type != OK_LEAF_NONCE)
		return ok_err_set(err, OK_E_USAGE, leaf->name,
		    "not a binary leaf");
	value = json_object_get(voucher->leaves, leaf->name);
	if (value == NULL)
		return ok_err_set(err, OK_E_MALFORMED, leaf->name, "absent");
	if (!json_is_string(value))
		return ok_err_set(err, OK_E_MALFORMED, leaf->name,
		    "not a JSON string");
	if (leaf->type == OK_LEAF_NONCE)
		return ok_nonce_decode(json_string_value(value),
		    json_string_length(value), out, err);
	return ok_b64_decode(json_string_value(value),
	    json_string_length(value), OK_B64_STD, leaf->name, out, err);
}
