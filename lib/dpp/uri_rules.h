/*
 * uri_rules.h: private to lib/dpp.  The strict field rules, which the
 * parser applies to URI text and the formatter and option helpers apply
 * to caller-given values, and the K: handling the parser and
 * ok_dpp_uri_set_key() share.  Every rule reports OK_E_MALFORMED naming
 * the caller's field.
 */
#ifndef OK_DPP_URI_RULES_H
#define OK_DPP_URI_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uri.h"

/*
 * Strict class-and-channels list ("81/1,6,11,115/36") into uri->channels.
 * With option_syntax, ';' may also separate entries (the --chan form).
 */
ok_status ok_dpp_rule_channel_text(const char *text, size_t len,
    bool option_syntax, const char *field, ok_dpp_uri *uri, ok_err *err);

/* Every pair a known global class and channel, none twice, at most
 * OK_DPP_MAX_CHANNELS. */
ok_status ok_dpp_rule_channels(const ok_dpp_channel *channels, size_t count,
    const char *field, ok_err *err);

/* Exactly 12 hex digits. */
ok_status ok_dpp_rule_mac(const char *text, size_t len, const char *field,
    uint8_t mac[6], ok_err *err);

ok_status ok_dpp_rule_info(const char *text, size_t len, const char *field,
    ok_err *err);
ok_status ok_dpp_rule_version(const char *text, size_t len,
    const char *field, ok_err *err);
ok_status ok_dpp_rule_host(const char *text, size_t len, const char *field,
    ok_err *err);
ok_status ok_dpp_rule_bands(const char *text, size_t len, const char *field,
    ok_err *err);

/* K: in strict mode: padded base64 of a canonical compressed SPKI. */
ok_status ok_dpp_key_strict(const char *text, size_t len, ok_dpp_uri *uri,
    ok_err *err);

/* K: as hostapd 2.10 reads it; uncompressed and other non-canonical
 * forms are re-encoded (uri->spki) and spki_given keeps the bytes. */
ok_status ok_dpp_key_lenient(const char *text, size_t len, ok_dpp_uri *uri,
    ok_err *err);

/* pkhash and chirp_hash of uri->spki. */
ok_status ok_dpp_key_hashes(ok_dpp_uri *uri, ok_err *err);

/* Replaces buf's contents, keeping its storage when it is large enough
 * (the bytes are public: no wipe needed). */
ok_status ok_dpp_buf_copy(ok_buf *buf, const void *data, size_t len,
    ok_err *err);

#endif
