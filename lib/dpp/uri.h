/*
 * uri.h: Wi-Fi Easy Connect (DPP) bootstrapping URIs ("DPP:...;;").
 *
 * Two parsers share one scanner: strict (the default), which accepts only
 * the canonical grammar described in dpp-uri(1), and lenient, which
 * accepts exactly what hostapd/wpa_supplicant 2.10 accept.  Both verdicts
 * are pinned by tests/vectors/dpp/uri_vectors.json.
 */
#ifndef OK_DPP_URI_H
#define OK_DPP_URI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../common/buf.h"
#include "../common/err.h"
#include "../common/keys.h"

#define OK_DPP_URI_MAX 4096       /* longest URI accepted */
#define OK_DPP_MAX_CHANNELS 64
#define OK_DPP_INFO_MAX 255       /* strict cap on I: (see dpp-uri(1)) */
#define OK_DPP_HOST_MAX 255
#define OK_DPP_HASH_LEN 32

typedef struct ok_dpp_channel {
	unsigned op_class;
	unsigned channel;
	unsigned freq_mhz; /* 0 when the class/channel pair is unknown */
} ok_dpp_channel;

typedef struct ok_dpp_uri {
	ok_dpp_channel channels[OK_DPP_MAX_CHANNELS];
	size_t channel_count;
	bool has_mac;
	uint8_t mac[6];
	bool has_info;
	char info[OK_DPP_URI_MAX + 1];
	bool has_version;
	char version[OK_DPP_URI_MAX + 1]; /* as written after V: */
	bool has_host;
	char host[OK_DPP_URI_MAX + 1];     /* as written after H: */
	bool has_bands;
	char bands[OK_DPP_URI_MAX + 1];    /* as written after B: */

	ok_curve curve;
	ok_buf spki_given;     /* the K: bytes as decoded */
	ok_buf spki;           /* canonical: compressed-point SPKI */
	uint8_t pkhash[OK_DPP_HASH_LEN];       /* SHA-256(spki) */
	uint8_t chirp_hash[OK_DPP_HASH_LEN];   /* SHA-256("chirp" || spki) */

	/* Warnings for the caller to show (lenient mode). */
	bool warn_uncompressed; /* K: had an uncompressed point; re-encoded */
} ok_dpp_uri;

enum { OK_DPP_LENIENT = 1 << 0 };

/* Parses text[0..len) into out, overwriting it: free a previous result
 * with ok_dpp_uri_free() first.  Malformed input is OK_E_MALFORMED with the
 * token ("K", "C", "M", "I", "V", "H", "B", "uri") as the field. */
ok_status ok_dpp_uri_parse(const char *text, size_t len, unsigned flags,
    ok_dpp_uri *out, ok_err *err);

void ok_dpp_uri_free(ok_dpp_uri *uri);

/*
 * Builds the canonical URI: "DPP:" then C, M, I, V, H, B (those present,
 * in that order), then K with the compressed SPKI, then ";;".  Field
 * values are validated with the strict rules.  With key NULL the SPKI
 * already in fields->spki (ok_dpp_uri_set_key, or a parse) is used.
 */
ok_status ok_dpp_uri_format(const ok_dpp_uri *fields, const EVP_PKEY *key,
    ok_buf *out, ok_err *err);

/* Fills curve, spki, spki_given, pkhash and chirp_hash of uri from a key. */
ok_status ok_dpp_uri_set_key(ok_dpp_uri *uri, const EVP_PKEY *key,
    ok_err *err);

/* Option helpers sharing the URI's validation: "81/1,115/36" or
 * "81/1,6,11;115/36" style lists, MAC with or without colons. */
ok_status ok_dpp_channels_parse(const char *text, const char *field,
    ok_dpp_uri *uri, ok_err *err);
ok_status ok_dpp_mac_parse(const char *text, const char *field,
    uint8_t mac[6], ok_err *err);

/* The frequency in MHz of a global operating class and channel (IEEE
 * 802.11 Annex E), or 0 when unknown. */
unsigned ok_dpp_channel_freq(unsigned op_class, unsigned channel);

/* The fields as a JSON object (the one source of parse's text and JSON
 * output): curve, pkhash, chirp_hash, channels [{op_class, channel,
 * freq}], mac, info, version, host, bands, key (base64 canonical SPKI),
 * and pkhash_as_given when the K: bytes were not canonical. */
ok_status ok_dpp_uri_to_json(const ok_dpp_uri *uri, json_t **out,
    ok_err *err);

#endif
