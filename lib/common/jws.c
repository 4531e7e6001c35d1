/*
 * jws.c: JWS (RFC 7515) signing and strict parsing/verification with
 * ES256/ES384/ES512.
 *
 * JWS carries ECDSA signatures as the fixed-length concatenation r||s
 * (RFC 7518 section 3.4) while OpenSSL speaks DER ECDSA-Sig-Value, so
 * each direction converts.  The signature is computed over the bytes of
 * the base64url fields as received, never over a re-encoding.
 */
#include "jws.h"

#include <stdbool.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "codec.h"
#include "json.h"
#include "keys.h"

static const struct jws_alg_info {
	const char *name;
	ok_curve curve;
	const char *digest;
	size_t half_len; /* bytes in r (and in s) */
} alg_table[] = {
	[OK_JWS_ES256] = { "ES256", OK_CURVE_P256, "SHA256", 32 },
	[OK_JWS_ES384] = { "ES384", OK_CURVE_P384, "SHA384", 48 },
	[OK_JWS_ES512] = { "ES512", OK_CURVE_P521, "SHA512", 66 },
};

#define ALG_COUNT (sizeof(alg_table) / sizeof(alg_table[0]))

/* Longest raw signature: ES512. */
#define RAW_SIG_MAX (2 * 66)

/* Certificates in an x5c chain; real chains have two to four. */
#define X5C_MAX 16

const char *
ok_jws_alg_name(ok_jws_alg alg)
{
	if ((size_t)alg >= ALG_COUNT)
		return "(unknown)";
	return alg_table[alg].name;
}

ok_status
ok_jws_alg_of_key(const EVP_PKEY *key, const char *field, ok_jws_alg *out,
    ok_err *err)
{
	ok_curve curve;
	ok_status st;
	size_t i;

	if ((st = ok_curve_of_key(key, field, &curve, err)) != OK_SUCCESS)
		return st;
	for (i = 0; i < ALG_COUNT; i++) {
		if (alg_table[i].curve == curve) {
			*out = (ok_jws_alg)i;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "curve %s has no JWS algorithm (P-256, P-384 or P-521 needed)",
	    ok_curve_info_of(curve)->name);
}

static ok_status
alg_by_name(const char *name, ok_jws_alg *out, ok_err *err)
{
	size_t i;

	for (i = 0; i < ALG_COUNT; i++) {
		if (strcmp(name, alg_table[i].name) == 0) {
			*out = (ok_jws_alg)i;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_MALFORMED, "alg",
	    "unsupported algorithm (ES256, ES384 or ES512 needed)");
}

/* ---- ECDSA: DER ECDSA-Sig-Value <-> raw r||s ---- */

static ok_status
der_to_raw(const uint8_t *der, size_t der_len, size_t half_len,
    uint8_t *raw, ok_err *err)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	ECDSA_SIG *sig;
	ok_status st = OK_SUCCESS;

	sig = d2i_ECDSA_SIG(NULL, &p, (long)der_len);
	if (sig == NULL)
		return ok_err_ssl(err, OK_E_IO, "signature",
		    "cannot decode the ECDSA signature");
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, raw, (int)half_len) < 0 ||
	    BN_bn2binpad(s, raw + half_len, (int)half_len) < 0)
		st = ok_err_set(err, OK_E_IO, "signature",
		    "ECDSA signature value too long");
	ECDSA_SIG_free(sig);
	return st;
}

/* DER of the signature in raw, or OK_E_IO (memory) */
static ok_status
raw_to_der(const uint8_t *raw, size_t half_len, ok_buf *der, ok_err *err)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)half_len, NULL);
	BIGNUM *s = BN_bin2bn(raw + half_len, (int)half_len, NULL);
	unsigned char *encoded = NULL;
	int encoded_len;
	ok_status st;

	if (sig == NULL || r == NULL || s == NULL ||
	    ECDSA_SIG_set0(sig, r, s) != 1) {
		ECDSA_SIG_free(sig);
		BN_free(r);
		BN_free(s);
		return ok_err_ssl(err, OK_E_IO, "signature", "out of memory");
	}
	encoded_len = i2d_ECDSA_SIG(sig, &encoded);
	ECDSA_SIG_free(sig);
	if (encoded_len <= 0)
		return ok_err_ssl(err, OK_E_IO, "signature",
		    "cannot encode the ECDSA signature");
	st = ok_buf_set(der, encoded, (size_t)encoded_len, err);
	OPENSSL_free(encoded);
	return st;
}

static ok_status
ecdsa_sign_raw(EVP_PKEY *key, ok_jws_alg alg, const ok_buf *input,
    uint8_t *raw, ok_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t der[16 + RAW_SIG_MAX];
	size_t der_len = sizeof(der);
	ok_status st;

	if (ctx == NULL)
		return ok_err_ssl(err, OK_E_IO, "signature", "out of memory");
	if (EVP_DigestSignInit_ex(ctx, NULL, alg_table[alg].digest, NULL,
	    NULL, key, NULL) != 1 ||
	    EVP_DigestSign(ctx, der, &der_len, input->data, input->len) != 1)
		st = ok_err_ssl(err, OK_E_IO, "signature",
		    "%s signing failed", alg_table[alg].name);
	else
		st = der_to_raw(der, der_len, alg_table[alg].half_len, raw,
		    err);
	EVP_MD_CTX_free(ctx);
	return st;
}

/* ---- signing ---- */

static ok_status
signing_header(const json_t *header, ok_jws_alg alg, json_t **out,
    ok_err *err)
{
	const json_t *given = header != NULL ? json_object_get(header, "alg") :
	    NULL;

	*out = NULL;
	if (header != NULL && !json_is_object(header))
		return ok_err_set(err, OK_E_USAGE, "protected",
		    "the protected header must be a JSON object");
	if (given != NULL && (!json_is_string(given) ||
	    strcmp(json_string_value(given), alg_table[alg].name) != 0))
		return ok_err_set(err, OK_E_USAGE, "alg",
		    "header alg does not match the key (%s)",
		    alg_table[alg].name);
	/* The parser refuses crit; never make what it would refuse. */
	if (header != NULL && json_object_get(header, "crit") != NULL)
		return ok_err_set(err, OK_E_USAGE, "crit",
		    "critical header extensions are not supported");
	*out = header != NULL ? json_deep_copy(header) : json_object();
	return ok_json_set_str(*out, "alg", alg_table[alg].name, err);
}

static ok_status
append_b64url(ok_buf *out, const uint8_t *data, size_t len, ok_err *err)
{
	ok_buf encoded = OK_BUF_INIT;
	ok_status st;

	st = ok_b64_encode_buf(data, len, OK_B64_URL, &encoded, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, encoded.data, encoded.len, err);
	ok_buf_free(&encoded);
	return st;
}

/* Writes ASCII(b64url(header) "." b64url(payload)) into input and the
 * length of the header part into header_len. */
static ok_status
signing_input(const json_t *header, const uint8_t *payload,
    size_t payload_len, ok_buf *input, size_t *header_len, ok_err *err)
{
	ok_buf header_text = OK_BUF_INIT;
	ok_status st;

	if ((st = ok_json_dump(header, 0, &header_text, err)) == OK_SUCCESS &&
	    (st = ok_buf_resize(input, 0, err)) == OK_SUCCESS &&
	    (st = append_b64url(input, header_text.data, header_text.len,
	    err)) == OK_SUCCESS) {
		*header_len = input->len;
		if ((st = ok_buf_append(input, ".", 1, err)) == OK_SUCCESS)
			st = append_b64url(input, payload, payload_len, err);
	}
	ok_buf_free(&header_text);
	return st;
}

static ok_status
append_str(ok_buf *out, const char *text, ok_err *err)
{
	return ok_buf_append(out, text, strlen(text), err);
}

/* Lays out the serialisation from the signing input and b64url(sig). */
static ok_status
format_jws(const ok_buf *input, size_t header_len, const ok_buf *sig_b64,
    ok_jws_form form, ok_buf *out, ok_err *err)
{
	const char *head, *mid, *tail;
	ok_status st;

	if (form == OK_JWS_COMPACT) {
		if ((st = ok_buf_set(out, input->data, input->len, err)) !=
		    OK_SUCCESS || (st = append_str(out, ".", err)) !=
		    OK_SUCCESS)
			return st;
		return ok_buf_append(out, sig_b64->data, sig_b64->len, err);
	}
	head = form == OK_JWS_GENERAL ? "\",\"signatures\":[{\"protected\":\"" :
	    "\",\"protected\":\"";
	mid = "\",\"signature\":\"";
	tail = form == OK_JWS_GENERAL ? "\"}]}" : "\"}";
	if ((st = ok_buf_set(out, "{\"payload\":\"", 12, err)) != OK_SUCCESS ||
	    (st = ok_buf_append(out, input->data + header_len + 1,
	    input->len - header_len - 1, err)) != OK_SUCCESS ||
	    (st = append_str(out, head, err)) != OK_SUCCESS ||
	    (st = ok_buf_append(out, input->data, header_len, err)) !=
	    OK_SUCCESS || (st = append_str(out, mid, err)) != OK_SUCCESS ||
	    (st = ok_buf_append(out, sig_b64->data, sig_b64->len, err)) !=
	    OK_SUCCESS)
		return st;
	return append_str(out, tail, err);
}

ok_status
ok_jws_sign(EVP_PKEY *key, const json_t *header, const uint8_t *payload,
    size_t payload_len, ok_jws_form form, ok_buf *out, ok_err *err)
{
	ok_buf input = OK_BUF_INIT, sig_b64 = OK_BUF_INIT;
	uint8_t raw[RAW_SIG_MAX];
	json_t *full_header = NULL;
	size_t header_len = 0;
	ok_jws_alg alg;
	ok_status st;

	ok_buf_free(out);
	if ((unsigned)form > OK_JWS_GENERAL)
		return ok_err_set(err, OK_E_USAGE, "form",
		    "unknown JWS serialisation");
	if ((st = ok_jws_alg_of_key(key, "key", &alg, err)) == OK_SUCCESS &&
	    (st = signing_header(header, alg, &full_header, err)) ==
	    OK_SUCCESS &&
	    (st = signing_input(full_header, payload, payload_len, &input,
	    &header_len, err)) == OK_SUCCESS &&
	    (st = ecdsa_sign_raw(key, alg, &input, raw, err)) == OK_SUCCESS &&
	    (st = ok_b64_encode_buf(raw, 2 * alg_table[alg].half_len,
	    OK_B64_URL, &sig_b64, err)) == OK_SUCCESS)
		st = format_jws(&input, header_len, &sig_b64, form, out, err);
	json_decref(full_header);
	ok_buf_free(&input);
	ok_buf_free(&sig_b64);
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	return st;
}

/* ---- parsing ---- */

/* A member name for a one-line message: control bytes become '?' and
 * long names are cut. */
static const char *
printable_name(const char *name, char *out, size_t size)
{
	size_t i;

	for (i = 0; name[i] != '\0' && i + 1 < size; i++)
		out[i] = (unsigned char)name[i] < 0x20 || name[i] == 0x7f ?
		    '?' : name[i];
	out[i] = '\0';
	return out;
}

/* The three base64url members of one signature, as received. */
struct jws_parts {
	const char *protected_b64;
	size_t protected_len;
	const char *payload_b64;
	size_t payload_len;
	const char *signature_b64;
	size_t signature_len;
	const json_t *unprotected; /* "header", or NULL */
};

static ok_status
parse_x5c(const json_t *x5c, STACK_OF(X509) **out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	const unsigned char *p;
	const json_t *entry;
	X509 *cert;
	size_t i;
	ok_status st = OK_SUCCESS;

	if (!json_is_array(x5c) || json_array_size(x5c) == 0 ||
	    json_array_size(x5c) > X5C_MAX)
		return ok_err_set(err, OK_E_MALFORMED, "x5c",
		    "x5c must be an array of 1 to %d certificates", X5C_MAX);
	if ((*out = sk_X509_new_null()) == NULL)
		return ok_err_ssl(err, OK_E_IO, "x5c", "out of memory");
	json_array_foreach(x5c, i, entry) {
		if (!json_is_string(entry)) {
			st = ok_err_set(err, OK_E_MALFORMED, "x5c",
			    "x5c[%zu] is not a string", i);
			break;
		}
		/* RFC 7515 4.1.6: standard base64 DER, not base64url. */
		if ((st = ok_b64_decode(json_string_value(entry),
		    json_string_length(entry), OK_B64_STD, "x5c", &der, err)) !=
		    OK_SUCCESS)
			break;
		p = der.data;
		cert = d2i_X509(NULL, &p, (long)der.len);
		if (cert == NULL || p != der.data + der.len) {
			X509_free(cert);
			st = ok_err_ssl(err, OK_E_MALFORMED, "x5c",
			    "x5c[%zu] is not one DER certificate", i);
			break;
		}
		if (sk_X509_push(*out, cert) <= 0) {
			X509_free(cert);
			st = ok_err_ssl(err, OK_E_IO, "x5c", "out of memory");
			break;
		}
	}
	ok_buf_free(&der);
	return st;
}

/* Header rules: alg an ES* name, no crit, x5c well formed. */
static ok_status
check_header(ok_jws *jws, const json_t *unprotected, ok_err *err)
{
	const json_t *alg = json_object_get(jws->protected_header, "alg");
	const json_t *x5c = json_object_get(jws->protected_header, "x5c");
	const char *name;
	const json_t *value;
	char shown[41];
	ok_status st;

	if (alg == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "alg",
		    "the protected header has no alg");
	if (!json_is_string(alg))
		return ok_err_set(err, OK_E_MALFORMED, "alg",
		    "alg is not a string");
	if ((st = alg_by_name(json_string_value(alg), &jws->alg, err)) !=
	    OK_SUCCESS)
		return st;
	if (json_object_get(jws->protected_header, "crit") != NULL)
		return ok_err_set(err, OK_E_MALFORMED, "crit",
		    "critical header extensions are not supported");
	if (unprotected != NULL) {
		json_object_foreach((json_t *)unprotected, name, value) {
			if (json_object_get(jws->protected_header, name) ||
			    strcmp(name, "alg") == 0 ||
			    strcmp(name, "crit") == 0)
				return ok_err_set(err, OK_E_MALFORMED,
				    "header", "member \"%s\" not allowed in "
				    "the unprotected header",
				    printable_name(name, shown, sizeof(shown)));
		}
	}
	if (x5c != NULL)
		return parse_x5c(x5c, &jws->x5c, err);
	return OK_SUCCESS;
}

static ok_status
decode_protected(const struct jws_parts *parts, ok_jws *jws, ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	ok_status st;

	st = ok_b64_decode(parts->protected_b64, parts->protected_len,
	    OK_B64_URL, "protected", &text, err);
	if (st == OK_SUCCESS)
		st = ok_json_parse((const char *)text.data, text.len,
		    "protected", &jws->protected_header, err);
	ok_buf_free(&text);
	if (st == OK_SUCCESS && !json_is_object(jws->protected_header))
		st = ok_err_set(err, OK_E_MALFORMED, "protected",
		    "the protected header is not a JSON object");
	return st;
}

static ok_status
decode_parts(const struct jws_parts *parts, ok_jws *jws, ok_err *err)
{
	ok_status st;

	if ((st = decode_protected(parts, jws, err)) != OK_SUCCESS ||
	    (st = check_header(jws, parts->unprotected, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_b64_decode(parts->payload_b64, parts->payload_len,
	    OK_B64_URL, "payload", &jws->payload, err)) != OK_SUCCESS ||
	    (st = ok_b64_decode(parts->signature_b64, parts->signature_len,
	    OK_B64_URL, "signature", &jws->signature, err)) != OK_SUCCESS)
		return st;
	if (jws->signature.len != 2 * alg_table[jws->alg].half_len)
		return ok_err_set(err, OK_E_MALFORMED, "signature",
		    "%s signature of %zu bytes (%zu expected)",
		    alg_table[jws->alg].name, jws->signature.len,
		    2 * alg_table[jws->alg].half_len);
	if ((st = ok_buf_set(&jws->signing_input, parts->protected_b64,
	    parts->protected_len, err)) != OK_SUCCESS ||
	    (st = ok_buf_append(&jws->signing_input, ".", 1, err)) !=
	    OK_SUCCESS)
		return st;
	return ok_buf_append(&jws->signing_input, parts->payload_b64,
	    parts->payload_len, err);
}

static ok_status
parse_compact(const char *text, size_t len, ok_jws *jws, ok_err *err)
{
	const char *dot1 = memchr(text, '.', len), *dot2 = NULL;
	struct jws_parts parts;

	if (dot1 != NULL)
		dot2 = memchr(dot1 + 1, '.', len - (size_t)(dot1 + 1 - text));
	if (dot2 == NULL || memchr(dot2 + 1, '.',
	    len - (size_t)(dot2 + 1 - text)) != NULL)
		return ok_err_set(err, OK_E_MALFORMED, "jws",
		    "a compact JWS has exactly three dot-separated parts");
	memset(&parts, 0, sizeof(parts));
	parts.protected_b64 = text;
	parts.protected_len = (size_t)(dot1 - text);
	parts.payload_b64 = dot1 + 1;
	parts.payload_len = (size_t)(dot2 - dot1 - 1);
	parts.signature_b64 = dot2 + 1;
	parts.signature_len = len - (size_t)(dot2 + 1 - text);
	jws->form = OK_JWS_COMPACT;
	return decode_parts(&parts, jws, err);
}

/* Each member of obj must be one of the names in allowed. */
static ok_status
check_members(const json_t *obj, const char *const *allowed,
    const char *field, ok_err *err)
{
	const char *name;
	const json_t *value;
	char shown[41];
	size_t i;

	json_object_foreach((json_t *)obj, name, value) {
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(name, allowed[i]) == 0)
				break;
		if (allowed[i] == NULL)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "unexpected member \"%s\"",
			    printable_name(name, shown, sizeof(shown)));
	}
	return OK_SUCCESS;
}

static ok_status
string_member(const json_t *obj, const char *name, const char **text,
    size_t *len, ok_err *err)
{
	const json_t *value = json_object_get(obj, name);

	if (value == NULL)
		return ok_err_set(err, OK_E_MALFORMED, name, "missing");
	if (!json_is_string(value))
		return ok_err_set(err, OK_E_MALFORMED, name,
		    "not a string");
	*text = json_string_value(value);
	*len = json_string_length(value);
	return OK_SUCCESS;
}

/* protected, signature and header of one signature object (the whole
 * document in the flattened form, whose members were checked already). */
static ok_status
signature_members(const json_t *obj, bool in_array, struct jws_parts *parts,
    ok_err *err)
{
	static const char *const general_sig[] = { "protected", "signature",
	    "header", NULL };
	ok_status st;

	if ((in_array && (st = check_members(obj, general_sig, "signatures",
	    err)) != OK_SUCCESS) ||
	    (st = string_member(obj, "protected", &parts->protected_b64,
	    &parts->protected_len, err)) != OK_SUCCESS ||
	    (st = string_member(obj, "signature", &parts->signature_b64,
	    &parts->signature_len, err)) != OK_SUCCESS)
		return st;
	parts->unprotected = json_object_get(obj, "header");
	if (parts->unprotected != NULL && !json_is_object(parts->unprotected))
		return ok_err_set(err, OK_E_MALFORMED, "header",
		    "not a JSON object");
	return OK_SUCCESS;
}

static ok_status
parse_json_form(const json_t *doc, ok_jws *jws, ok_err *err)
{
	static const char *const flattened[] = { "payload", "protected",
	    "signature", "header", NULL };
	static const char *const general[] = { "payload", "signatures", NULL };
	const json_t *sigs = json_object_get(doc, "signatures");
	struct jws_parts parts;
	ok_status st;

	memset(&parts, 0, sizeof(parts));
	if (!json_is_object(doc))
		return ok_err_set(err, OK_E_MALFORMED, "jws",
		    "a JSON JWS must be an object");
	jws->form = sigs != NULL ? OK_JWS_GENERAL : OK_JWS_FLATTENED;
	if (sigs != NULL && (!json_is_array(sigs) ||
	    json_array_size(sigs) != 1 ||
	    !json_is_object(json_array_get(sigs, 0))))
		return ok_err_set(err, OK_E_MALFORMED, "signatures",
		    "must be an array of exactly one signature object");
	if ((st = check_members(doc, sigs != NULL ? general : flattened, "jws",
	    err)) != OK_SUCCESS ||
	    (st = string_member(doc, "payload", &parts.payload_b64,
	    &parts.payload_len, err)) != OK_SUCCESS ||
	    (st = signature_members(sigs != NULL ? json_array_get(sigs, 0) :
	    doc, sigs != NULL, &parts, err)) != OK_SUCCESS)
		return st;
	return decode_parts(&parts, jws, err);
}

ok_status
ok_jws_parse(const char *text, size_t len, ok_jws *out, ok_err *err)
{
	json_t *doc = NULL;
	ok_status st;

	ok_jws_free(out);
	if (len > OK_JWS_MAX_INPUT)
		return ok_err_set(err, OK_E_MALFORMED, "jws",
		    "JWS of %zu bytes is larger than the %u byte limit", len,
		    OK_JWS_MAX_INPUT);
	if (len > 0 && text[0] == '{') {
		st = ok_json_parse(text, len, "jws", &doc, err);
		if (st == OK_SUCCESS)
			st = parse_json_form(doc, out, err);
		json_decref(doc);
	} else
		st = parse_compact(text != NULL ? text : "", len, out, err);
	if (st != OK_SUCCESS)
		ok_jws_free(out);
	return st;
}

/* ---- verification ---- */

ok_status
ok_jws_verify(const ok_jws *jws, EVP_PKEY *key, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	EVP_MD_CTX *ctx;
	ok_jws_alg key_alg;
	ok_status st;
	int verdict;

	if ((st = ok_jws_alg_of_key(key, "key", &key_alg, err)) != OK_SUCCESS)
		return st;
	if (key_alg != jws->alg)
		return ok_err_set(err, OK_E_NEGATIVE, "alg",
		    "JWS is %s but the key is for %s",
		    alg_table[jws->alg].name, alg_table[key_alg].name);
	if (jws->signature.len != 2 * alg_table[jws->alg].half_len)
		return ok_err_set(err, OK_E_MALFORMED, "signature",
		    "signature length does not fit %s",
		    alg_table[jws->alg].name);
	if ((st = raw_to_der(jws->signature.data, alg_table[jws->alg].half_len,
	    &der, err)) != OK_SUCCESS)
		return st;
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit_ex(ctx, NULL, alg_table[jws->alg].digest,
	    NULL, NULL, key, NULL) != 1)
		st = ok_err_ssl(err, OK_E_IO, "key", "cannot set up %s "
		    "verification", alg_table[jws->alg].name);
	else {
		verdict = EVP_DigestVerify(ctx, der.data, der.len,
		    jws->signing_input.data, jws->signing_input.len);
		ERR_clear_error();
		if (verdict != 1)
			st = ok_err_set(err, OK_E_NEGATIVE, "signature",
			    "%s signature does not verify",
			    alg_table[jws->alg].name);
	}
	EVP_MD_CTX_free(ctx);
	ok_buf_free(&der);
	return st;
}

void
ok_jws_free(ok_jws *jws)
{
	json_decref(jws->protected_header);
	jws->protected_header = NULL;
	ok_buf_free(&jws->payload);
	ok_buf_free(&jws->signing_input);
	ok_buf_free(&jws->signature);
	sk_X509_pop_free(jws->x5c, X509_free);
	jws->x5c = NULL;
	jws->form = OK_JWS_COMPACT;
	jws->alg = OK_JWS_ES256;
}
