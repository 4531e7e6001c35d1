/*
 * uri_key.c: the K: token of a DPP URI, strict and as hostapd 2.10 reads
 * it, and the two hashes DPP derives from the key.
 *
 * The bootstrapping key hash is SHA-256 over the DER SubjectPublicKeyInfo
 * with the point compressed, the form a device hashes for its own key;
 * the chirp hash is SHA-256 over "chirp" and the same bytes.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "../common/codec.h"
#include "uri_rules.h"

ok_status
ok_dpp_buf_copy(ok_buf *buf, const void *data, size_t len, ok_err *err)
{
	ok_status st;

	if ((st = ok_buf_resize(buf, len, err)) != OK_SUCCESS)
		return st;
	if (len > 0)
		memcpy(buf->data, data, len);
	return OK_SUCCESS;
}

/* The largest canonical SPKI is P-521's, 90 bytes; room to spare. */
#define HASH_INPUT_MAX 256

static const EVP_MD *sha256_md;
static pthread_once_t sha256_once = PTHREAD_ONCE_INIT;

/* Lives for the process; if the fetch failed, EVP_sha256() stands in. */
static void
sha256_fetch(void)
{
	sha256_md = EVP_MD_fetch(NULL, "SHA256", NULL);
}

/*
 * EVP_sha256() makes each digest look the implementation up again in
 * OpenSSL 3 (an implicit fetch per call, more work than hashing a key);
 * a batch hashes every key twice, so it is fetched once.
 */
static const EVP_MD *
sha256_method(void)
{
	pthread_once(&sha256_once, sha256_fetch);
	return sha256_md != NULL ? sha256_md : EVP_sha256();
}

/* SHA-256 of prefix || data, in one context reused for both hashes. */
static bool
hash_prefixed(EVP_MD_CTX *ctx, const char *prefix, const uint8_t *data,
    size_t len, uint8_t *out)
{
	return EVP_DigestInit_ex(ctx, sha256_method(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, prefix, strlen(prefix)) == 1 &&
	    EVP_DigestUpdate(ctx, data, len) == 1 &&
	    EVP_DigestFinal_ex(ctx, out, NULL) == 1;
}

ok_status
ok_dpp_key_hashes(ok_dpp_uri *uri, ok_err *err)
{
	EVP_MD_CTX *ctx;
	bool hashed;

	if (uri->spki.len == 0 || uri->spki.len > HASH_INPUT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, "K",
		    "public key of %zu bytes cannot be hashed", uri->spki.len);
	ctx = EVP_MD_CTX_new();
	hashed = ctx != NULL &&
	    hash_prefixed(ctx, "", uri->spki.data, uri->spki.len,
	    uri->pkhash) &&
	    hash_prefixed(ctx, "chirp", uri->spki.data, uri->spki.len,
	    uri->chirp_hash);
	EVP_MD_CTX_free(ctx);
	if (!hashed)
		return ok_err_ssl(err, OK_E_IO, "K", "SHA-256 failed");
	return OK_SUCCESS;
}

ok_status
ok_dpp_key_strict(const char *text, size_t len, ok_dpp_uri *uri,
    ok_err *err)
{
	bool compressed = false;
	ok_status st;

	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, "K",
		    "empty public key");
	if ((st = ok_b64_decode(text, len, OK_B64_STD, "K", &uri->spki_given,
	    err)) != OK_SUCCESS)
		return st;
	if (!ok_key_spki_compressed_valid(uri->spki_given.data,
	    uri->spki_given.len, &uri->curve)) {
		/* OpenSSL decides, and words the reason. */
		if ((st = ok_key_spki_parse(uri->spki_given.data,
		    uri->spki_given.len, "K", NULL, &uri->curve, &compressed,
		    err)) != OK_SUCCESS)
			return st;
		if (!compressed)
			return ok_err_set(err, OK_E_MALFORMED, "K",
			    "uncompressed point: the canonical URI carries the "
			    "compressed form (--lenient re-encodes it)");
	}
	if ((st = ok_dpp_buf_copy(&uri->spki, uri->spki_given.data,
	    uri->spki_given.len, err)) != OK_SUCCESS)
		return st;
	return ok_dpp_key_hashes(uri, err);
}

/*
 * hostapd 2.10's base64 decoder: characters outside the alphabet (and
 * '=') are skipped; missing padding is supplied; decoding stops after the
 * first quantum holding '=' (one or two drop that many bytes, more is an
 * error); the unused bits are not checked.
 */
static int8_t
b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return (int8_t)(c - 'A');
	if (c >= 'a' && c <= 'z')
		return (int8_t)(c - 'a' + 26);
	if (c >= '0' && c <= '9')
		return (int8_t)(c - '0' + 52);
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return c == '=' ? 0 : -1;
}

static ok_status
b64_decode_hostapd210(const char *in, size_t len, ok_buf *out, ok_err *err)
{
	uint8_t quantum[4], *pos;
	size_t symbols = 0, extra, filled = 0, pad = 0, i;
	ok_status st;
	int8_t value;

	for (i = 0; i < len; i++)
		symbols += b64_value((unsigned char)in[i]) >= 0;
	if (symbols == 0)
		return ok_err_set(err, OK_E_MALFORMED, "K",
		    "no base64 characters in the public key");
	extra = (4 - symbols % 4) % 4;
	if ((st = ok_buf_resize(out, (symbols + extra) / 4 * 3, err)) !=
	    OK_SUCCESS)
		return st;
	pos = out->data;
	for (i = 0; i < len + extra; i++) {
		value = i < len ? b64_value((unsigned char)in[i]) : 0;
		if (value < 0)
			continue;
		pad += i >= len || in[i] == '=';
		quantum[filled++] = (uint8_t)value;
		if (filled < 4)
			continue;
		*pos++ = (uint8_t)(quantum[0] << 2 | quantum[1] >> 4);
		*pos++ = (uint8_t)(quantum[1] << 4 | quantum[2] >> 2);
		*pos++ = (uint8_t)(quantum[2] << 6 | quantum[3]);
		filled = 0;
		if (pad > 2)
			return ok_err_set(err, OK_E_MALFORMED, "K",
			    "base64 quantum with %zu padding characters", pad);
		if (pad > 0) {
			pos -= pad;
			break;
		}
	}
	return ok_buf_resize(out, (size_t)(pos - out->data), err);
}

/*
 * OpenSSL reads the point at infinity (the single byte 0) and hostapd
 * takes it; it has one encoding in every form, so its canonical SPKI is
 * the curve's AlgorithmIdentifier with a BIT STRING holding that byte.
 */
static bool
key_is_infinity(EVP_PKEY *key)
{
	uint8_t point[1 + 2 * 66];
	size_t len = 0;

	return EVP_PKEY_get_octet_string_param(key,
	    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof(point), &len) &&
	    len == 1 && point[0] == 0;
}

/* The point at infinity is the single octet 0 (SEC 1, 2.3.3). */
static ok_status
spki_infinity(ok_curve curve, ok_buf *out, ok_err *err)
{
	static const uint8_t infinity[1] = { 0 };
	uint8_t der[OK_KEY_SPKI_MAX];

	return ok_dpp_buf_copy(out, der, ok_key_spki_encode(curve, infinity,
	    sizeof(infinity), der), err);
}

/* The point as its owner hashes it: compressed. */
static ok_status
key_canonical(EVP_PKEY *key, ok_dpp_uri *uri, ok_err *err)
{
	char form[32] = "";

	if (key_is_infinity(key))
		return spki_infinity(uri->curve, &uri->spki, err);
	EVP_PKEY_get_utf8_string_param(key,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, form, sizeof(form),
	    NULL);
	uri->warn_uncompressed = strcmp(form,
	    OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_COMPRESSED) != 0;
	/* ok_key_spki_der() compresses an uncompressed point; a hybrid one
	 * is put in that form first. */
	EVP_PKEY_set_utf8_string_param(key,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
	    OSSL_PKEY_EC_POINT_CONVERSION_FORMAT_UNCOMPRESSED);
	return ok_key_spki_der(key, true, &uri->spki, err);
}

/*
 * What hostapd 2.10 does with the decoded bytes: d2i_PUBKEY() (trailing
 * bytes, explicit parameters naming a known curve and every point form
 * OpenSSL reads are all fine), then an EC key on one of the DPP curves.
 */
static ok_status
key_hostapd210(ok_dpp_uri *uri, ok_err *err)
{
	const unsigned char *der = uri->spki_given.data;
	EVP_PKEY *key;
	ok_status st;

	key = d2i_PUBKEY(NULL, &der, (long)uri->spki_given.len);
	if (key == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, "K",
		    "not a SubjectPublicKeyInfo hostapd 2.10 can read");
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
		st = ok_err_set(err, OK_E_MALFORMED, "K",
		    "not an EC public key");
	else if ((st = ok_curve_of_key(key, "K", &uri->curve, err)) ==
	    OK_SUCCESS && (st = key_canonical(key, uri, err)) != OK_SUCCESS &&
	    err != NULL)
		snprintf(err->field, sizeof(err->field), "K");
	EVP_PKEY_free(key);
	ERR_clear_error();
	return st;
}

ok_status
ok_dpp_key_lenient(const char *text, size_t len, ok_dpp_uri *uri,
    ok_err *err)
{
	ok_status st;

	if ((st = b64_decode_hostapd210(text, len, &uri->spki_given, err)) !=
	    OK_SUCCESS)
		return st;
	if (ok_key_spki_compressed_valid(uri->spki_given.data,
	    uri->spki_given.len, &uri->curve))
		st = ok_dpp_buf_copy(&uri->spki, uri->spki_given.data,
		    uri->spki_given.len, err);
	else
		st = key_hostapd210(uri, err);
	if (st != OK_SUCCESS)
		return st;
	return ok_dpp_key_hashes(uri, err);
}
