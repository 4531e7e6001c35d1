/*
 * uri_parse.c: DPP bootstrapping URIs ("DPP:...;;"), strict and lenient.
 *
 * STRICT (the default): the canonical grammar.  Every rejection is
 * OK_E_MALFORMED; the field is the token letter, or "uri" for framing.
 *
 *  uri      The text is exactly "DPP:" (upper case), then tokens, then
 *           ";" closing the last token and one more ";".  The URI ends at
 *           the first ";;", which must be the end of the input: no bytes
 *           after it, no leading or trailing whitespace, at most
 *           OK_DPP_URI_MAX (4096) bytes.  A token is "X:value;" with X one
 *           of C M I V H B K, in any order, each at most once (a
 *           duplicate is rejected naming its letter).  Unknown tokens
 *           ("E:", "Z:", lower case), tokens without ':' and empty tokens
 *           ("DPP:;K:...;;", ";;" before the end) are rejected.
 *  K        Mandatory.  Standard base64 with padding, no whitespace, no
 *           other alphabet, zero unused bits, decoding to a DER
 *           SubjectPublicKeyInfo (canonical DER, no trailing bytes, named
 *           curve) of a valid point on P-256, P-384, P-521, BP-256, BP-384
 *           or BP-512, in compressed form.  An uncompressed point is
 *           rejected: the hashes a peer computes cover the compressed
 *           form, so a URI carrying the other form hashes differently.
 *  C        A channel list: class "/" channel *("," channel), further
 *           "class/" groups after commas ("81/1,6,11,115/36").  Numbers
 *           are 1 to 3 digits without a leading zero; no empty entries,
 *           no trailing comma, no spaces.  Each class must be a global
 *           operating class of IEEE 802.11 Annex E in the 2.4, 5, 6 or
 *           60 GHz bands (see opclass.c) and each channel in its channel
 *           set (81/0 and 255/1 are rejected); no pair twice; at most
 *           OK_DPP_MAX_CHANNELS (64) channels.
 *  M        Exactly 12 hex digits, no separators.
 *  I        Printable ASCII 0x20-0x7E except ';' and '%', at most
 *           OK_DPP_INFO_MAX (255) characters, possibly empty.  '%' is
 *           refused because generic URI handlers percent-decode it while
 *           hostapd keeps it literally: one label would mean two things.
 *  V        "1" or "2", the versions Easy Connect R1 and R2 define and
 *           hostapd 2.10 implements ("3", "9" and "" are rejected).
 *  H        An IPv4 or IPv6 literal with an optional port: "a.b.c.d",
 *           "a.b.c.d:port", "v6" or "[v6]:port" (inet_pton(3) forms);
 *           port 1-65535 without a leading zero; at most 255 characters.
 *           Host names are rejected, and so are addresses a peer on
 *           another host cannot reach: unspecified (0.0.0.0/8, ::),
 *           loopback (127/8, ::1), multicast (224/4, ff00::/8), the IPv4
 *           broadcast address, and IPv4-mapped forms of these.
 *  B        The Easy Connect R3 supported-curves bitmap (bit 0 P-256,
 *           1 P-384, 2 P-521, 3 BP-256, 4 BP-384, 5 BP-512): hex digits of
 *           either case, an even number of them (whole octets), kept as
 *           text.  "B:3" and "B:xyz" are rejected.  Note: the R3 grammar
 *           is 1*HEXDIG, and hostapd (2.11 and later) reads the first
 *           digit as bits 0-3 and the second as bits 4-7, writing one
 *           digit when bits 4-7 are clear: its "B:3" (P-256 and P-384)
 *           must be written "B:30" here, which hostapd reads the same.
 *
 * LENIENT (OK_DPP_LENIENT): exactly what hostapd/wpa_supplicant 2.10
 * accept in DPP_QR_CODE, with the values they act on.
 *
 *  uri      At most OK_DPP_URI_MAX bytes, as in strict mode (hostapd's
 *           control interface takes 4096 per command).  The input ends at
 *           its first NUL (hostapd gets a C string); it must start with
 *           "DPP:".  Tokens are cut at each ';'; empty
 *           ones are skipped, so ";;" does not end the URI: tokens after
 *           it still count, and a single final ';' is enough.  Text after
 *           the last ';' is ignored.  Only the first C, M, I, K and V
 *           count; later duplicates and unknown tokens are ignored
 *           unchecked.  K is required.  H and B are not read by 2.10;
 *           the first of each is kept as written.
 *  C        Entries separated by ','; "class/channel" or "channel".  A
 *           number is read as atoi() reads it; class and channel must be
 *           positive, a channel must be followed by ',', ';' or the end,
 *           and an empty list or a trailing ',' is fine.  Pairs are
 *           looked up with both numbers cut to 8 bits in hostapd's
 *           table; unknown pairs are kept with freq_mhz 0 and ignored by
 *           hostapd; at the 31st known pair hostapd drops the whole list
 *           (channel_count becomes 0) and stops reading it.  At most
 *           OK_DPP_MAX_CHANNELS entries are kept.
 *  M        Six octets of two hex digits, any run of ':', '.' or '-'
 *           before each; anything after the sixth octet is ignored.
 *  I        Bytes 0x20-0x7E, any length ('%' allowed).
 *  V        Kept as written; hostapd reads only its first character
 *           ('1', '2' or '3'; anything else is version 0).
 *  K        hostapd's base64 (non-alphabet characters skipped, padding
 *           optional, bytes after the first padded quantum ignored), then
 *           anything d2i_PUBKEY() reads as an EC key on a DPP curve.  A
 *           key not in canonical compressed form (uncompressed point,
 *           trailing bytes, explicit parameters) is re-encoded: spki and
 *           the hashes cover the compressed SPKI, spki_given keeps the
 *           decoded bytes, and warn_uncompressed is set when the point
 *           was not compressed.  OpenSSL also reads the point at
 *           infinity; its SPKI is re-encoded with the single zero byte.
 *
 * Errors name the same fields in both modes.  A failed parse leaves the
 * result empty.  The result is overwritten, not freed: pass a result to
 * ok_dpp_uri_free() before parsing into it again.
 */
#include <string.h>
#include <strings.h>

#include "opclass.h"
#include "uri_rules.h"

#define TOKEN_LETTERS "CMIVHBK"
#define TOKEN_COUNT 7

/* Where each token's value is in the text; NULL when absent. */
typedef struct token_spans {
	const char *value[TOKEN_COUNT];
	size_t len[TOKEN_COUNT];
} token_spans;

enum { TOK_C, TOK_M, TOK_I, TOK_V, TOK_H, TOK_B, TOK_K };

static int
token_index(char letter)
{
	const char *at = letter != '\0' ? strchr(TOKEN_LETTERS, letter) : NULL;

	return at != NULL ? (int)(at - TOKEN_LETTERS) : -1;
}

static const char *
token_field(int index)
{
	static const char *const fields[TOKEN_COUNT] = {
		"C", "M", "I", "V", "H", "B", "K"
	};

	return fields[index];
}

/* A fresh result; the large text arrays need only their first byte. */
static void
uri_reset(ok_dpp_uri *uri)
{
	uri->channel_count = 0;
	uri->has_mac = uri->has_info = uri->has_version = false;
	uri->has_host = uri->has_bands = false;
	memset(uri->mac, 0, sizeof(uri->mac));
	uri->info[0] = uri->version[0] = uri->host[0] = uri->bands[0] = '\0';
	uri->curve = OK_CURVE_P256;
	uri->spki_given = (ok_buf)OK_BUF_INIT;
	uri->spki = (ok_buf)OK_BUF_INIT;
	memset(uri->pkhash, 0, sizeof(uri->pkhash));
	memset(uri->chirp_hash, 0, sizeof(uri->chirp_hash));
	uri->warn_uncompressed = false;
}

/* The value fits: the text was bounded by OK_DPP_URI_MAX. */
static void
copy_text(char *dst, const char *src, size_t len)
{
	memcpy(dst, src, len);
	dst[len] = '\0';
}

static ok_status
strict_prefix(const char *text, size_t len, ok_err *err)
{
	if (len >= 4 && memcmp(text, "DPP:", 4) == 0)
		return OK_SUCCESS;
	if (len >= 4 && strncasecmp(text, "DPP:", 4) == 0)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "the scheme is written \"DPP:\" in upper case");
	return ok_err_set(err, OK_E_MALFORMED, "uri",
	    "does not start with \"DPP:\"");
}

/* One "X:value" token (without its ';') at offset at. */
static ok_status
strict_token(const char *token, size_t len, size_t at, token_spans *spans,
    ok_err *err)
{
	int index = len >= 2 && token[1] == ':' ? token_index(token[0]) : -1;

	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "empty token at offset %zu (\";\" where a token or the "
		    "final \";;\" belongs)", at);
	if (index < 0 && len >= 2 && token[1] == ':')
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "unknown token \"%c:\" at offset %zu (C, M, I, V, H, B "
		    "and K are defined)", token[0] >= 0x21 && token[0] < 0x7f ?
		    token[0] : '?', at);
	if (index < 0)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "token at offset %zu is not of the form X:value", at);
	if (spans->value[index] != NULL)
		return ok_err_set(err, OK_E_MALFORMED, token_field(index),
		    "duplicate %c: token", token[0]);
	spans->value[index] = token + 2;
	spans->len[index] = len - 2;
	return OK_SUCCESS;
}

/* Cuts "DPP:" tokens ";;" into spans; checks framing only. */
static ok_status
strict_scan(const char *text, size_t len, token_spans *spans, ok_err *err)
{
	const char *semi;
	size_t pos = 4;
	ok_status st;

	memset(spans, 0, sizeof(*spans));
	for (;;) {
		if (pos == len)
			return ok_err_set(err, OK_E_MALFORMED, "uri",
			    "missing the final \";;\"");
		semi = memchr(text + pos, ';', len - pos);
		if (semi == NULL)
			return ok_err_set(err, OK_E_MALFORMED, "uri",
			    "token at offset %zu is not closed by \";\"", pos);
		if ((st = strict_token(text + pos, (size_t)(semi - text) - pos,
		    pos, spans, err)) != OK_SUCCESS)
			return st;
		pos = (size_t)(semi - text) + 1;
		if (pos < len && text[pos] == ';')
			break;
	}
	if (pos + 1 != len)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "%zu bytes after the final \";;\"", len - pos - 1);
	if (spans->value[TOK_K] == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "K",
		    "missing public key (K:) token");
	return OK_SUCCESS;
}

/* The checked text fields, each copied out after its rule passed. */
static ok_status
strict_text_fields(const token_spans *s, ok_dpp_uri *out, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (s->value[TOK_I] != NULL &&
	    (st = ok_dpp_rule_info(s->value[TOK_I], s->len[TOK_I], "I",
	    err)) == OK_SUCCESS) {
		copy_text(out->info, s->value[TOK_I], s->len[TOK_I]);
		out->has_info = true;
	}
	if (st == OK_SUCCESS && s->value[TOK_V] != NULL &&
	    (st = ok_dpp_rule_version(s->value[TOK_V], s->len[TOK_V], "V",
	    err)) == OK_SUCCESS) {
		copy_text(out->version, s->value[TOK_V], s->len[TOK_V]);
		out->has_version = true;
	}
	if (st == OK_SUCCESS && s->value[TOK_H] != NULL &&
	    (st = ok_dpp_rule_host(s->value[TOK_H], s->len[TOK_H], "H",
	    err)) == OK_SUCCESS) {
		copy_text(out->host, s->value[TOK_H], s->len[TOK_H]);
		out->has_host = true;
	}
	if (st == OK_SUCCESS && s->value[TOK_B] != NULL &&
	    (st = ok_dpp_rule_bands(s->value[TOK_B], s->len[TOK_B], "B",
	    err)) == OK_SUCCESS) {
		copy_text(out->bands, s->value[TOK_B], s->len[TOK_B]);
		out->has_bands = true;
	}
	return st;
}

/* Framing first, then the cheap fields, then K (the costly check). */
static ok_status
strict_parse(const char *text, size_t len, ok_dpp_uri *out, ok_err *err)
{
	token_spans s;
	ok_status st;

	if ((st = strict_prefix(text, len, err)) != OK_SUCCESS ||
	    (st = strict_scan(text, len, &s, err)) != OK_SUCCESS)
		return st;
	if (s.value[TOK_C] != NULL && (st = ok_dpp_rule_channel_text(
	    s.value[TOK_C], s.len[TOK_C], false, "C", out, err)) != OK_SUCCESS)
		return st;
	if (s.value[TOK_M] != NULL) {
		if ((st = ok_dpp_rule_mac(s.value[TOK_M], s.len[TOK_M], "M",
		    out->mac, err)) != OK_SUCCESS)
			return st;
		out->has_mac = true;
	}
	if ((st = strict_text_fields(&s, out, err)) != OK_SUCCESS)
		return st;
	return ok_dpp_key_strict(s.value[TOK_K], s.len[TOK_K], out, err);
}

/*
 * Lenient: hostapd 2.10's dpp_parse_uri() and its helpers, rule by rule.
 * Values run to the next ';', which the scanner guarantees exists.
 */

/* atoi(3) in the C locale: (int)strtol(), saturating at the long range
 * and then cut to int as glibc's conversion does. */
static int
hostapd_atoi(const char *s)
{
	const long long limit = 0x7fffffffffffffffLL;
	long long value = 0;
	bool negative = false;

	while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
		s++;
	if (*s == '+' || *s == '-')
		negative = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++) {
		if (value > (limit - (*s - '0')) / 10) {
			/* strtol clamps: LONG_MAX -> -1, LONG_MIN -> 0. */
			return negative ? 0 : -1;
		}
		value = value * 10 + (*s - '0');
	}
	if (negative)
		value = -value;
	return (int)(uint32_t)(uint64_t)value;
}

static const char *
skip_digits(const char *s)
{
	while (*s >= '0' && *s <= '9')
		s++;
	return s;
}

/* Keeps a pair as hostapd looks it up; returns false when hostapd drops
 * the whole list (a 31st known frequency). */
static bool
lenient_channel(ok_dpp_uri *uri, int op_class, int channel, size_t *known)
{
	unsigned class8 = (unsigned)op_class & 0xff;
	unsigned chan8 = (unsigned)channel & 0xff;
	unsigned freq = ok_dpp_hostapd210_freq(class8, chan8);

	if (freq != 0 && *known == 30)
		return false;
	*known += freq != 0;
	if (uri->channel_count < OK_DPP_MAX_CHANNELS) {
		uri->channels[uri->channel_count].op_class = class8;
		uri->channels[uri->channel_count].channel = chan8;
		uri->channels[uri->channel_count].freq_mhz = freq;
		uri->channel_count++;
	}
	return true;
}

/* The entry at pos for a message: to the next ',' or ';' (which exists),
 * at most 16 characters, non-printable ones shown as '?'. */
static const char *
entry_shown(const char *pos, char out[20])
{
	size_t n;

	for (n = 0; n < 16 && pos[n] != ',' && pos[n] != ';'; n++)
		out[n] = pos[n] >= 0x20 && pos[n] < 0x7f ? pos[n] : '?';
	out[n] = '\0';
	return out;
}

static ok_status
lenient_channels(const char *pos, ok_dpp_uri *uri, ok_err *err)
{
	int op_class = -1, channel;
	size_t known = 0;
	const char *end;
	char shown[20];

	while (*pos != '\0' && *pos != ';') {
		end = skip_digits(pos);
		if (*end == '/') {
			op_class = hostapd_atoi(pos);
			pos = end + 1;
		}
		channel = hostapd_atoi(pos);
		if (op_class <= 0 || channel <= 0)
			return ok_err_set(err, OK_E_MALFORMED, "C",
			    "entry \"%s\" has no positive class/channel "
			    "(hostapd 2.10 rejects it)", entry_shown(pos, shown));
		pos = skip_digits(pos);
		if (!lenient_channel(uri, op_class, channel, &known)) {
			uri->channel_count = 0;
			return OK_SUCCESS;
		}
		if (*pos == ';' || *pos == '\0')
			break;
		if (*pos++ != ',')
			return ok_err_set(err, OK_E_MALFORMED, "C",
			    "channel not followed by ',' or ';' (hostapd 2.10 "
			    "rejects it)");
	}
	return OK_SUCCESS;
}

static int
hex_nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static ok_status
lenient_mac(const char *pos, ok_dpp_uri *uri, ok_err *err)
{
	int high, low;
	size_t i;

	for (i = 0; i < 6; i++) {
		while (*pos == ':' || *pos == '.' || *pos == '-')
			pos++;
		if ((high = hex_nibble(pos[0])) < 0 ||
		    (low = hex_nibble(pos[1])) < 0)
			return ok_err_set(err, OK_E_MALFORMED, "M",
			    "octet %zu is not two hex digits (hostapd 2.10 "
			    "rejects it)", i + 1);
		uri->mac[i] = (uint8_t)(high << 4 | low);
		pos += 2;
	}
	uri->has_mac = true;
	return OK_SUCCESS;
}

static size_t
value_len(const char *value)
{
	return (size_t)(strchr(value, ';') - value);
}

static ok_status
lenient_info(const char *value, ok_dpp_uri *uri, ok_err *err)
{
	size_t len = value_len(value), i;

	for (i = 0; i < len; i++)
		if ((unsigned char)value[i] < 0x20 ||
		    (unsigned char)value[i] > 0x7e)
			return ok_err_set(err, OK_E_MALFORMED, "I",
			    "byte 0x%02x at offset %zu is not printable ASCII "
			    "(hostapd 2.10 rejects it)",
			    (unsigned char)value[i], i);
	copy_text(uri->info, value, len);
	uri->has_info = true;
	return OK_SUCCESS;
}

/* The first of each token hostapd (or this toolkit) reads. */
static void
lenient_scan(const char *text, size_t len, token_spans *spans)
{
	const char *pos = text + 4, *end = text + len, *semi;
	int index;

	memset(spans, 0, sizeof(*spans));
	while ((semi = memchr(pos, ';', (size_t)(end - pos))) != NULL) {
		index = semi - pos >= 2 && pos[1] == ':' ?
		    token_index(pos[0]) : -1;
		if (index >= 0 && spans->value[index] == NULL) {
			spans->value[index] = pos + 2;
			spans->len[index] = (size_t)(semi - pos) - 2;
		}
		pos = semi + 1;
	}
}

static void
lenient_kept_text(const token_spans *s, ok_dpp_uri *out)
{
	if (s->value[TOK_V] != NULL) {
		copy_text(out->version, s->value[TOK_V], s->len[TOK_V]);
		out->has_version = true;
	}
	if (s->value[TOK_H] != NULL) {
		copy_text(out->host, s->value[TOK_H], s->len[TOK_H]);
		out->has_host = true;
	}
	if (s->value[TOK_B] != NULL) {
		copy_text(out->bands, s->value[TOK_B], s->len[TOK_B]);
		out->has_bands = true;
	}
}

/* hostapd's order: K present, then C, M, I, V, K. */
static ok_status
lenient_parse(const char *text, size_t len, ok_dpp_uri *out, ok_err *err)
{
	token_spans s;
	ok_status st;

	len = strnlen(text, len);
	if (len < 4 || memcmp(text, "DPP:", 4) != 0)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "does not start with \"DPP:\"");
	lenient_scan(text, len, &s);
	if (s.value[TOK_K] == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "K",
		    "missing public key (K:) token");
	if (s.value[TOK_C] != NULL &&
	    (st = lenient_channels(s.value[TOK_C], out, err)) != OK_SUCCESS)
		return st;
	if (s.value[TOK_M] != NULL &&
	    (st = lenient_mac(s.value[TOK_M], out, err)) != OK_SUCCESS)
		return st;
	if (s.value[TOK_I] != NULL &&
	    (st = lenient_info(s.value[TOK_I], out, err)) != OK_SUCCESS)
		return st;
	lenient_kept_text(&s, out);
	return ok_dpp_key_lenient(s.value[TOK_K], s.len[TOK_K], out, err);
}

ok_status
ok_dpp_uri_parse(const char *text, size_t len, unsigned flags,
    ok_dpp_uri *out, ok_err *err)
{
	ok_status st;

	uri_reset(out);
	if (text == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "uri", "no URI");
	if (len > OK_DPP_URI_MAX)
		return ok_err_set(err, OK_E_MALFORMED, "uri",
		    "URI of %zu bytes; at most %d are accepted", len,
		    OK_DPP_URI_MAX);
	if (flags & OK_DPP_LENIENT)
		st = lenient_parse(text, len, out, err);
	else
		st = strict_parse(text, len, out, err);
	if (st != OK_SUCCESS) {
		ok_dpp_uri_free(out);
		uri_reset(out);
	}
	return st;
}

void
ok_dpp_uri_free(ok_dpp_uri *uri)
{
	if (uri == NULL)
		return;
	ok_buf_free(&uri->spki_given);
	ok_buf_free(&uri->spki);
	uri->channel_count = 0;
	uri->has_mac = uri->has_info = uri->has_version = false;
	uri->has_host = uri->has_bands = false;
	uri->warn_uncompressed = false;
}
