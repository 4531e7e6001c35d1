/*
 * uri_json.c: a parsed DPP URI as one JSON object, the single source of
 * `dpp-uri parse` text and JSON output.  Members, in this order, optional
 * ones only when present: curve, pkhash, chirp_hash, channels
 * [{op_class, channel, freq (null when unknown)}], mac ("52:54:00:..."),
 * info, version, host, bands, key (base64 of the canonical compressed
 * SPKI), and pkhash_as_given (SHA-256 of the K: bytes as decoded) when
 * those bytes were not canonical.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "../common/codec.h"
#include "../common/json.h"
#include "uri_rules.h"

static ok_status
set_hex(json_t *obj, const char *key, const uint8_t *bytes, size_t len,
    ok_err *err)
{
	char hex[2 * OK_DPP_HASH_LEN + 1];

	if (len > OK_DPP_HASH_LEN)
		return ok_err_set(err, OK_E_IO, key, "value too long");
	ok_hex_encode(bytes, len, hex);
	return ok_json_set_str(obj, key, hex, err);
}

/*
 * Lenient V:, H: and B: values are kept as written, and a URI may carry
 * any byte there; JSON strings must be UTF-8, so when the value is not,
 * each byte outside ASCII is shown as U+FFFD.
 */
static json_t *
text_value(const char *text)
{
	json_t *value = json_string(text);
	size_t len, i, used = 0;
	char *shown;

	if (value != NULL)
		return value;
	len = strlen(text);
	if ((shown = malloc(3 * len + 1)) == NULL)
		return NULL;
	for (i = 0; i < len; i++) {
		if ((unsigned char)text[i] < 0x80) {
			shown[used++] = text[i];
			continue;
		}
		memcpy(shown + used, "\xef\xbf\xbd", 3);
		used += 3;
	}
	shown[used] = '\0';
	value = json_string(shown);
	free(shown);
	return value;
}

static json_t *
channel_list(const ok_dpp_uri *uri)
{
	json_t *list = json_array(), *entry;
	const ok_dpp_channel *c;
	size_t i;

	for (i = 0; list != NULL && i < uri->channel_count; i++) {
		c = &uri->channels[i];
		entry = json_pack("{sIsIso}", "op_class",
		    (json_int_t)c->op_class, "channel", (json_int_t)c->channel,
		    "freq", c->freq_mhz != 0 ?
		    json_integer((json_int_t)c->freq_mhz) : json_null());
		if (entry == NULL || json_array_append_new(list, entry) != 0) {
			json_decref(list);
			list = NULL;
		}
	}
	return list;
}

static ok_status
set_mac(json_t *obj, const uint8_t mac[6], ok_err *err)
{
	char hex[13], text[18];
	size_t i;

	ok_hex_encode(mac, 6, hex);
	for (i = 0; i < 6; i++) {
		text[3 * i] = hex[2 * i];
		text[3 * i + 1] = hex[2 * i + 1];
		text[3 * i + 2] = i < 5 ? ':' : '\0';
	}
	return ok_json_set_str(obj, "mac", text, err);
}

static ok_status
set_key(json_t *obj, const ok_dpp_uri *uri, ok_err *err)
{
	uint8_t given_hash[OK_DPP_HASH_LEN];
	unsigned int hash_len = 0;
	ok_buf b64 = OK_BUF_INIT;
	ok_status st;

	if ((st = ok_b64_encode_buf(uri->spki.data, uri->spki.len,
	    OK_B64_STD, &b64, err)) != OK_SUCCESS)
		return st;
	st = ok_json_set_str(obj, "key", (const char *)b64.data, err);
	ok_buf_free(&b64);
	if (st != OK_SUCCESS || (uri->spki_given.len == uri->spki.len &&
	    memcmp(uri->spki_given.data, uri->spki.data, uri->spki.len) == 0))
		return st;
	if (!EVP_Digest(uri->spki_given.data, uri->spki_given.len,
	    given_hash, &hash_len, EVP_sha256(), NULL))
		return ok_err_ssl(err, OK_E_IO, "K", "SHA-256 failed");
	return set_hex(obj, "pkhash_as_given", given_hash, hash_len, err);
}

static ok_status
set_optional(json_t *obj, const ok_dpp_uri *uri, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (uri->channel_count > 0)
		st = ok_json_set_new(obj, "channels", channel_list(uri), err);
	if (st == OK_SUCCESS && uri->has_mac)
		st = set_mac(obj, uri->mac, err);
	if (st == OK_SUCCESS && uri->has_info)
		st = ok_json_set_new(obj, "info", text_value(uri->info), err);
	if (st == OK_SUCCESS && uri->has_version)
		st = ok_json_set_new(obj, "version", text_value(uri->version),
		    err);
	if (st == OK_SUCCESS && uri->has_host)
		st = ok_json_set_new(obj, "host", text_value(uri->host), err);
	if (st == OK_SUCCESS && uri->has_bands)
		st = ok_json_set_new(obj, "bands", text_value(uri->bands), err);
	return st;
}

ok_status
ok_dpp_uri_to_json(const ok_dpp_uri *uri, json_t **out, ok_err *err)
{
	const ok_curve_info *curve = ok_curve_info_of(uri->curve);
	json_t *obj = json_object();
	ok_status st;

	*out = NULL;
	if (obj == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if (curve == NULL || uri->spki.len == 0)
		st = ok_err_set(err, OK_E_USAGE, "K", "the URI has no key");
	else
		st = ok_json_set_str(obj, "curve", curve->name, err);
	if (st == OK_SUCCESS)
		st = set_hex(obj, "pkhash", uri->pkhash, OK_DPP_HASH_LEN, err);
	if (st == OK_SUCCESS)
		st = set_hex(obj, "chirp_hash", uri->chirp_hash,
		    OK_DPP_HASH_LEN, err);
	if (st == OK_SUCCESS)
		st = set_optional(obj, uri, err);
	if (st == OK_SUCCESS)
		st = set_key(obj, uri, err);
	if (st != OK_SUCCESS) {
		json_decref(obj);
		return st;
	}
	*out = obj;
	return OK_SUCCESS;
}
