/*
 * uri_rules.c: the strict rules for each field of a DPP URI, applied to
 * URI text by the strict parser and to caller-given values by the
 * formatter and the --chan/--mac option helpers.  The grammar they
 * implement, with the reasons, is the comment at the top of uri_parse.c.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "../common/codec.h"
#include "opclass.h"
#include "uri_rules.h"

/* Input shown in a message: printable ASCII, at most 40 characters. */
static const char *
shown_value(const char *text, size_t len, char out[48])
{
	size_t i, n = len > 40 ? 40 : len;

	for (i = 0; i < n; i++)
		out[i] = text[i] >= 0x20 && text[i] < 0x7f ? text[i] : '?';
	if (len > n)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
	return out;
}

/* 1 to 3 digits without a leading zero: the one spelling of a number. */
static bool
strict_number(const char *text, size_t len, unsigned *out)
{
	size_t i;

	if (len == 0 || len > 3 || text[0] == '0')
		return false;
	*out = 0;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		*out = *out * 10 + (unsigned)(text[i] - '0');
	}
	return true;
}

ok_status
ok_dpp_rule_channels(const ok_dpp_channel *channels, size_t count,
    const char *field, ok_err *err)
{
	const ok_dpp_channel *c;
	size_t i, j;

	if (count > OK_DPP_MAX_CHANNELS)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "%zu channels; at most %d are allowed", count,
		    OK_DPP_MAX_CHANNELS);
	for (i = 0; i < count; i++) {
		c = &channels[i];
		if (!ok_dpp_opclass_known(c->op_class))
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "%u/%u: unknown global operating class %u (IEEE "
			    "802.11 Annex E)", c->op_class, c->channel,
			    c->op_class);
		if (ok_dpp_channel_freq(c->op_class, c->channel) == 0)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "%u/%u: channel %u is not in operating class %u",
			    c->op_class, c->channel, c->channel, c->op_class);
		for (j = 0; j < i; j++)
			if (channels[j].op_class == c->op_class &&
			    channels[j].channel == c->channel)
				return ok_err_set(err, OK_E_MALFORMED, field,
				    "%u/%u is listed twice", c->op_class,
				    c->channel);
	}
	return OK_SUCCESS;
}

/* One entry, "class/channel" or "channel" (of the class before it). */
static ok_status
channel_entry(const char *item, size_t len, const char *field,
    bool *have_class, ok_dpp_channel *out, ok_err *err)
{
	const char *slash = memchr(item, '/', len);
	char shown[48];
	size_t class_len;

	if (slash != NULL) {
		class_len = (size_t)(slash - item);
		if (!strict_number(item, class_len, &out->op_class))
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "\"%s\": operating class is not a number of 1 to 3 "
			    "digits without a leading zero",
			    shown_value(item, len, shown));
		item = slash + 1;
		len -= class_len + 1;
		*have_class = true;
	} else if (!*have_class) {
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "\"%s\" has no operating class; the list starts with "
		    "class/channel", shown_value(item, len, shown));
	}
	if (!strict_number(item, len, &out->channel))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "\"%s\": channel is not a number of 1 to 3 digits without "
		    "a leading zero", shown_value(item, len, shown));
	out->freq_mhz = ok_dpp_channel_freq(out->op_class, out->channel);
	return OK_SUCCESS;
}

ok_status
ok_dpp_rule_channel_text(const char *text, size_t len, bool option_syntax,
    const char *field, ok_dpp_uri *uri, ok_err *err)
{
	ok_dpp_channel entry = { 0, 0, 0 };
	bool have_class = false;
	size_t pos = 0, end, count = 0;
	ok_status st;

	uri->channel_count = 0;
	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "empty channel list");
	for (;;) {
		for (end = pos; end < len && text[end] != ',' &&
		    !(option_syntax && text[end] == ';'); end++)
			;
		if (end == pos)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "empty entry at offset %zu (a leading, doubled or "
			    "trailing separator)", pos);
		if ((st = channel_entry(text + pos, end - pos, field,
		    &have_class, &entry, err)) != OK_SUCCESS)
			return st;
		if (count == OK_DPP_MAX_CHANNELS)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "more than %d channels", OK_DPP_MAX_CHANNELS);
		uri->channels[count++] = entry;
		if (end == len)
			break;
		pos = end + 1;
	}
	if ((st = ok_dpp_rule_channels(uri->channels, count, field, err)) !=
	    OK_SUCCESS)
		return st;
	uri->channel_count = count;
	return OK_SUCCESS;
}

ok_status
ok_dpp_rule_mac(const char *text, size_t len, const char *field,
    uint8_t mac[6], ok_err *err)
{
	if (len != 12)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "MAC address must be 12 hex digits without separators "
		    "(got %zu characters)", len);
	return ok_hex_decode_fixed(text, len, field, mac, 6, err);
}

/*
 * Printable ASCII except ';' (it ends the token) and '%': a generic URI
 * handler would percent-decode "%3B" while hostapd keeps it literally, so
 * the same label would mean two different things.
 */
ok_status
ok_dpp_rule_info(const char *text, size_t len, const char *field,
    ok_err *err)
{
	unsigned char c;
	size_t i;

	if (len > OK_DPP_INFO_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "information of %zu characters; at most %d are allowed",
		    len, OK_DPP_INFO_MAX);
	for (i = 0; i < len; i++) {
		c = (unsigned char)text[i];
		if (c < 0x20 || c > 0x7e)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "byte 0x%02x at offset %zu is not printable ASCII",
			    c, i);
		if (c == ';' || c == '%')
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "'%c' at offset %zu is not allowed%s", c, i,
			    c == '%' ? " (URI handlers would percent-decode "
			    "it; hostapd keeps it literally)" : "");
	}
	return OK_SUCCESS;
}

ok_status
ok_dpp_rule_version(const char *text, size_t len, const char *field,
    ok_err *err)
{
	char shown[48];

	if (len == 1 && (text[0] == '1' || text[0] == '2'))
		return OK_SUCCESS;
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "version \"%s\" is not 1 or 2 (the DPP versions defined by Easy "
	    "Connect R1 and R2)", shown_value(text, len, shown));
}

/* 1 to 65535, digits only, no leading zero. */
static bool
strict_port(const char *text)
{
	size_t len = strlen(text), i;
	unsigned long port = 0;

	if (len == 0 || len > 5 || text[0] == '0')
		return false;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		port = port * 10 + (unsigned long)(text[i] - '0');
	}
	return port <= 65535;
}

static const char *
ipv4_unreachable(const uint8_t a[4])
{
	if (a[0] == 0)
		return "an unspecified (0.0.0.0/8) address";
	if (a[0] == 127)
		return "a loopback address";
	if (a[0] >= 224 && a[0] <= 239)
		return "a multicast address";
	if (a[0] == 255 && a[1] == 255 && a[2] == 255 && a[3] == 255)
		return "the broadcast address";
	return NULL;
}

static const char *
ipv6_unreachable(const uint8_t a[16])
{
	static const uint8_t zero[16], v4_mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (memcmp(a, zero, 15) == 0 && (a[15] == 0 || a[15] == 1))
		return a[15] == 0 ? "the unspecified address" :
		    "a loopback address";
	if (a[0] == 0xff)
		return "a multicast address";
	if (memcmp(a, v4_mapped, sizeof(v4_mapped)) == 0)
		return ipv4_unreachable(a + 12);
	return NULL;
}

/* Splits "[v6]:port", "v6", "v4:port" or "v4" in place; NULL on success,
 * else the reason. */
static const char *
host_split(char *host, char **port, int *family, uint8_t addr[16])
{
	char *close, *colon;

	*port = NULL;
	if (host[0] == '[') {
		close = strchr(host, ']');
		if (close == NULL || close[1] != ':')
			return "a bracketed IPv6 address must be followed by "
			    ":port ([address]:port)";
		*close = '\0';
		*port = close + 2;
		*family = AF_INET6;
		return inet_pton(AF_INET6, host + 1, addr) == 1 ? NULL :
		    "not an IPv6 address inside the brackets";
	}
	*family = AF_INET6;
	if (inet_pton(AF_INET6, host, addr) == 1)
		return NULL;
	if ((colon = strrchr(host, ':')) != NULL) {
		*colon = '\0';
		*port = colon + 1;
	}
	*family = AF_INET;
	return inet_pton(AF_INET, host, addr) == 1 ? NULL :
	    "not an IPv4 or IPv6 address (host names are not allowed; IPv6 "
	    "with a port is written [address]:port)";
}

ok_status
ok_dpp_rule_host(const char *text, size_t len, const char *field,
    ok_err *err)
{
	char host[OK_DPP_HOST_MAX + 1], shown[48], *port;
	const char *reason;
	uint8_t addr[16];
	int family = AF_INET;

	if (len == 0 || len > OK_DPP_HOST_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "host of %zu characters (1 to %d expected)", len,
		    OK_DPP_HOST_MAX);
	if (memchr(text, '\0', len) != NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "NUL byte in host");
	memcpy(host, text, len);
	host[len] = '\0';
	shown_value(text, len, shown);
	if ((reason = host_split(host, &port, &family, addr)) != NULL)
		return ok_err_set(err, OK_E_MALFORMED, field, "\"%s\": %s",
		    shown, reason);
	if (port != NULL && !strict_port(port))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "\"%s\": port must be 1 to 65535 without a leading zero",
		    shown);
	reason = family == AF_INET ? ipv4_unreachable(addr) :
	    ipv6_unreachable(addr);
	if (reason != NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "\"%s\" is %s, which a peer on another host cannot reach",
		    shown, reason);
	return OK_SUCCESS;
}

/*
 * B: is the supported-curves bitmap of Easy Connect R3 (bit 0 P-256 ...
 * bit 5 BP-512).  The spec's grammar is 1*HEXDIG; strict asks for whole
 * octets, an even number of hex digits, and keeps the text as written
 * (uri_parse.c explains how hostapd reads the digits).
 */
ok_status
ok_dpp_rule_bands(const char *text, size_t len, const char *field,
    ok_err *err)
{
	size_t i;

	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "empty supported-curves bitmap");
	for (i = 0; i < len; i++)
		if (!((text[i] >= '0' && text[i] <= '9') ||
		    (text[i] >= 'a' && text[i] <= 'f') ||
		    (text[i] >= 'A' && text[i] <= 'F')))
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "byte 0x%02x at offset %zu is not a hex digit",
			    (unsigned char)text[i], i);
	if (len % 2 != 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "%zu hex digits: the bitmap must be whole octets (an even "
		    "number of digits)", len);
	return OK_SUCCESS;
}
