/*
 * uri_format.c: the canonical DPP URI, the key fields of a URI from a
 * key, and the --chan/--mac option helpers.
 *
 * Canonical form: "DPP:", then C, M, I, V, H, B (those present, in that
 * order), then K with base64 of the compressed-point SPKI, then ";;".
 * Channels are written in the order given, consecutive channels of one
 * class sharing its "class/" prefix ("C:81/1,6,11,115/36;"), so parsing
 * the output gives back the same list.  The MAC is 12 lower-case hex
 * digits.  A batch writes tens of thousands of these a second, so the
 * URI is built in a stack buffer and copied once into the caller's.
 */
#include <string.h>

#include "../common/codec.h"
#include "uri_rules.h"

typedef struct uri_writer {
	char text[OK_DPP_URI_MAX + 1];
	size_t len;
	bool overflow;
} uri_writer;

static void
put(uri_writer *w, const char *data, size_t len)
{
	if (w->overflow || len > OK_DPP_URI_MAX - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->text + w->len, data, len);
	w->len += len;
}

static void
put_str(uri_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

static void
put_uint(uri_writer *w, unsigned value)
{
	char digits[16];
	size_t n = sizeof(digits);

	do {
		digits[--n] = (char)('0' + value % 10);
		value /= 10;
	} while (value != 0);
	put(w, digits + n, sizeof(digits) - n);
}

static void
put_token(uri_writer *w, const char *prefix, const char *value)
{
	put_str(w, prefix);
	put_str(w, value);
	put(w, ";", 1);
}

static void
put_channels(uri_writer *w, const ok_dpp_channel *channels, size_t count)
{
	size_t i;

	put(w, "C:", 2);
	for (i = 0; i < count; i++) {
		if (i > 0)
			put(w, ",", 1);
		if (i == 0 || channels[i].op_class != channels[i - 1].op_class) {
			put_uint(w, channels[i].op_class);
			put(w, "/", 1);
		}
		put_uint(w, channels[i].channel);
	}
	put(w, ";", 1);
}

/* Text fields are checked up to their NUL, or to the array's end. */
static ok_status
check_fields(const ok_dpp_uri *f, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (f->channel_count > 0)
		st = ok_dpp_rule_channels(f->channels, f->channel_count, "C",
		    err);
	if (st == OK_SUCCESS && f->has_info)
		st = ok_dpp_rule_info(f->info, strnlen(f->info,
		    sizeof(f->info)), "I", err);
	if (st == OK_SUCCESS && f->has_version)
		st = ok_dpp_rule_version(f->version, strnlen(f->version,
		    sizeof(f->version)), "V", err);
	if (st == OK_SUCCESS && f->has_host)
		st = ok_dpp_rule_host(f->host, strnlen(f->host,
		    sizeof(f->host)), "H", err);
	if (st == OK_SUCCESS && f->has_bands)
		st = ok_dpp_rule_bands(f->bands, strnlen(f->bands,
		    sizeof(f->bands)), "B", err);
	return st;
}

static void
put_fields(uri_writer *w, const ok_dpp_uri *f)
{
	char mac_hex[13];

	put(w, "DPP:", 4);
	if (f->channel_count > 0)
		put_channels(w, f->channels, f->channel_count);
	if (f->has_mac) {
		ok_hex_encode(f->mac, sizeof(f->mac), mac_hex);
		put_token(w, "M:", mac_hex);
	}
	if (f->has_info)
		put_token(w, "I:", f->info);
	if (f->has_version)
		put_token(w, "V:", f->version);
	if (f->has_host)
		put_token(w, "H:", f->host);
	if (f->has_bands)
		put_token(w, "B:", f->bands);
}

static void
put_key(uri_writer *w, const ok_buf *spki)
{
	size_t b64_len = ok_b64_encoded_len(spki->len, OK_B64_STD);

	put(w, "K:", 2);
	/* ok_b64_encode() also writes a NUL: room for one more byte. */
	if (w->overflow || b64_len >= OK_DPP_URI_MAX - w->len) {
		w->overflow = true;
		return;
	}
	w->len += ok_b64_encode(spki->data, spki->len, OK_B64_STD,
	    w->text + w->len);
	put(w, ";;", 2);
}

ok_status
ok_dpp_uri_format(const ok_dpp_uri *fields, const EVP_PKEY *key,
    ok_buf *out, ok_err *err)
{
	uri_writer w;
	ok_buf key_spki = OK_BUF_INIT;
	const ok_buf *spki = &fields->spki;
	ok_status st;

	if ((st = check_fields(fields, err)) != OK_SUCCESS)
		return st;
	if (key != NULL) {
		if ((st = ok_key_spki_der(key, true, &key_spki, err)) !=
		    OK_SUCCESS)
			return st;
		spki = &key_spki;
	} else if (spki->len == 0) {
		return ok_err_set(err, OK_E_USAGE, "K",
		    "no key: pass one, or fill the URI's key fields first");
	}
	w.len = 0;
	w.overflow = false;
	put_fields(&w, fields);
	put_key(&w, spki);
	ok_buf_free(&key_spki);
	if (w.overflow)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "the URI would be longer than %d bytes", OK_DPP_URI_MAX);
	return ok_dpp_buf_copy(out, w.text, w.len, err);
}

ok_status
ok_dpp_uri_set_key(ok_dpp_uri *uri, const EVP_PKEY *key, ok_err *err)
{
	ok_curve curve;
	ok_status st;

	if ((st = ok_key_spki_der_curve(key, true, &uri->spki, &curve,
	    err)) != OK_SUCCESS ||
	    (st = ok_dpp_buf_copy(&uri->spki_given, uri->spki.data,
	    uri->spki.len, err)) != OK_SUCCESS)
		return st;
	uri->curve = curve;
	uri->warn_uncompressed = false;
	return ok_dpp_key_hashes(uri, err);
}

ok_status
ok_dpp_channels_parse(const char *text, const char *field, ok_dpp_uri *uri,
    ok_err *err)
{
	size_t len = text != NULL ? strnlen(text, OK_DPP_URI_MAX + 1) : 0;

	if (len > OK_DPP_URI_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "channel list longer than %d bytes", OK_DPP_URI_MAX);
	return ok_dpp_rule_channel_text(text != NULL ? text : "", len, true,
	    field, uri, err);
}

/* "020000000001" or "02:00:00:00:00:01". */
ok_status
ok_dpp_mac_parse(const char *text, const char *field, uint8_t mac[6],
    ok_err *err)
{
	size_t len = text != NULL ? strnlen(text, 18) : 0, i;
	char digits[12];

	if (len == 17) {
		for (i = 0; i < 6; i++) {
			if (i < 5 && text[3 * i + 2] != ':')
				return ok_err_set(err, OK_E_MALFORMED, field,
				    "MAC address must be 12 hex digits or six "
				    "octets separated by ':'");
			memcpy(digits + 2 * i, text + 3 * i, 2);
		}
		return ok_dpp_rule_mac(digits, sizeof(digits), field, mac,
		    err);
	}
	if (len != 12)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "MAC address must be 12 hex digits or six octets separated "
		    "by ':'");
	return ok_dpp_rule_mac(text, len, field, mac, err);
}
