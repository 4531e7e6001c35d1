/*
 * fuzz_dpp_uri.c: DPP bootstrapping URIs from arbitrary bytes, in both
 * modes.  Beyond "no crash, no leak", it aborts when:
 *  - a rejection is not OK_E_MALFORMED naming a field;
 *  - strict accepts what lenient (hostapd 2.10) rejects: strict must be
 *    the narrower language;
 *  - a strict-accepted URI does not re-format to a URI that strict parses
 *    to identical fields, or its key is one OpenSSL's own strict SPKI
 *    decoder refuses (the fast point check must never say yes wrongly);
 *  - an accepted URI cannot be turned into JSON.
 * Seeds: tests/fuzz/seeds/dpp_uri/, one file per vector URI.
 */
#include <stdlib.h>
#include <string.h>

#include "dpp/uri.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
same_text(bool a_has, const char *a, bool b_has, const char *b)
{
	return a_has == b_has && (!a_has || strcmp(a, b) == 0);
}

static bool
same_fields(const ok_dpp_uri *a, const ok_dpp_uri *b)
{
	return a->channel_count == b->channel_count &&
	    memcmp(a->channels, b->channels,
	    a->channel_count * sizeof(a->channels[0])) == 0 &&
	    a->has_mac == b->has_mac &&
	    (!a->has_mac || memcmp(a->mac, b->mac, 6) == 0) &&
	    same_text(a->has_info, a->info, b->has_info, b->info) &&
	    same_text(a->has_version, a->version, b->has_version,
	    b->version) &&
	    same_text(a->has_host, a->host, b->has_host, b->host) &&
	    same_text(a->has_bands, a->bands, b->has_bands, b->bands) &&
	    a->curve == b->curve && a->spki.len == b->spki.len &&
	    memcmp(a->spki.data, b->spki.data, a->spki.len) == 0 &&
	    memcmp(a->pkhash, b->pkhash, sizeof(a->pkhash)) == 0 &&
	    memcmp(a->chirp_hash, b->chirp_hash, sizeof(a->chirp_hash)) == 0;
}

static void
check_rejection(ok_status st, const ok_err *err)
{
	if (st != OK_SUCCESS && (st != OK_E_MALFORMED ||
	    err->field[0] == '\0' || err->msg[0] == '\0'))
		abort();
}

static void
check_json(const ok_dpp_uri *uri)
{
	json_t *obj = NULL;
	ok_err err;

	if (ok_dpp_uri_to_json(uri, &obj, &err) != OK_SUCCESS)
		abort();
	json_decref(obj);
}

static void
check_strict_accepted(const ok_dpp_uri *uri)
{
	static ok_dpp_uri again;
	ok_buf out = OK_BUF_INIT;
	bool compressed = false;
	ok_curve curve;
	ok_err err;

	if (ok_key_spki_parse(uri->spki.data, uri->spki.len, "K", NULL,
	    &curve, &compressed, &err) != OK_SUCCESS || !compressed ||
	    curve != uri->curve)
		abort();
	if (ok_dpp_uri_format(uri, NULL, &out, &err) != OK_SUCCESS ||
	    ok_dpp_uri_parse((const char *)out.data, out.len, 0, &again,
	    &err) != OK_SUCCESS || !same_fields(uri, &again))
		abort();
	ok_dpp_uri_free(&again);
	ok_buf_free(&out);
}

/* The option helpers see the input as a C string. */
static void
check_options(const uint8_t *data, size_t size)
{
	static ok_dpp_uri fields;
	char text[128];
	uint8_t mac[6];
	ok_err err;

	if (size >= sizeof(text))
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	check_rejection(ok_dpp_channels_parse(text, "--chan", &fields, &err),
	    &err);
	check_rejection(ok_dpp_mac_parse(text, "--mac", mac, &err), &err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static ok_dpp_uri strict_uri, lenient_uri;
	ok_status strict_st, lenient_st;
	ok_err err;

	strict_st = ok_dpp_uri_parse((const char *)data, size, 0, &strict_uri,
	    &err);
	check_rejection(strict_st, &err);
	lenient_st = ok_dpp_uri_parse((const char *)data, size,
	    OK_DPP_LENIENT, &lenient_uri, &err);
	check_rejection(lenient_st, &err);
	if (strict_st == OK_SUCCESS) {
		if (lenient_st != OK_SUCCESS)
			abort();
		check_strict_accepted(&strict_uri);
		check_json(&strict_uri);
	}
	if (lenient_st == OK_SUCCESS)
		check_json(&lenient_uri);
	check_options(data, size);
	ok_dpp_uri_free(&strict_uri);
	ok_dpp_uri_free(&lenient_uri);
	return 0;
}
