/*
 * keys.c: the supported curves, key generation, the public key as
 * SubjectPublicKeyInfo DER (RFC 5480; the bytes DPP hashes and puts in a
 * bootstrapping URI) and export in the forms other tools take.
 */
#include "keys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "codec.h"

static const ok_curve_info curve_table[OK_CURVE_COUNT] = {
	{ OK_CURVE_P256, "P-256", "prime256v1", NID_X9_62_prime256v1, 32 },
	{ OK_CURVE_P384, "P-384", "secp384r1", NID_secp384r1, 48 },
	{ OK_CURVE_P521, "P-521", "secp521r1", NID_secp521r1, 66 },
	{ OK_CURVE_BP256, "BP-256", "brainpoolP256r1", NID_brainpoolP256r1,
	    32 },
	{ OK_CURVE_BP384, "BP-384", "brainpoolP384r1", NID_brainpoolP384r1,
	    48 },
	{ OK_CURVE_BP512, "BP-512", "brainpoolP512r1", NID_brainpoolP512r1,
	    64 },
};

/* SEC 2 names that differ from the OpenSSL group name. */
static const char *const curve_sec_name[OK_CURVE_COUNT] = {
	"secp256r1", NULL, NULL, NULL, NULL, NULL
};

/* DER contents of each curve's OID (RFC 5480, RFC 5639). */
static const struct curve_oid {
	uint8_t len;
	uint8_t bytes[9];
} curve_oid[OK_CURVE_COUNT] = {
	{ 8, { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 } },
	{ 5, { 0x2b, 0x81, 0x04, 0x00, 0x22 } },
	{ 5, { 0x2b, 0x81, 0x04, 0x00, 0x23 } },
	{ 9, { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07 } },
	{ 9, { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b } },
	{ 9, { 0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d } },
};

/* id-ecPublicKey, 1.2.840.10045.2.1 */
static const uint8_t ec_public_key_oid[] = {
	0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01
};

/* Largest encoded point: P-521 uncompressed, 1 + 2 * 66 bytes. */
#define POINT_MAX (1 + 2 * 66)

const ok_curve_info *
ok_curve_info_of(ok_curve curve)
{
	if ((unsigned)curve >= OK_CURVE_COUNT)
		return NULL;
	return &curve_table[curve];
}

static bool
curve_name_matches(size_t i, const char *name)
{
	return strcasecmp(name, curve_table[i].name) == 0 ||
	    strcasecmp(name, curve_table[i].group) == 0 ||
	    (curve_sec_name[i] != NULL &&
	    strcasecmp(name, curve_sec_name[i]) == 0);
}

ok_status
ok_curve_by_name(const char *name, const char *field, ok_curve *out,
    ok_err *err)
{
	size_t i;

	for (i = 0; name != NULL && i < OK_CURVE_COUNT; i++) {
		if (curve_name_matches(i, name)) {
			*out = curve_table[i].id;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown curve '%s' (valid: P-256, P-384, P-521, BP-256, BP-384, "
	    "BP-512, or prime256v1, secp256r1, secp384r1, secp521r1, "
	    "brainpoolP256r1, brainpoolP384r1, brainpoolP512r1)",
	    name != NULL ? name : "");
}

static bool
curve_of_group(const char *group, ok_curve *out)
{
	size_t i;

	for (i = 0; i < OK_CURVE_COUNT; i++) {
		if (strcmp(group, curve_table[i].group) == 0) {
			*out = curve_table[i].id;
			return true;
		}
	}
	return false;
}

ok_status
ok_curve_of_key(const EVP_PKEY *key, const char *field, ok_curve *out,
    ok_err *err)
{
	const char *type;
	char group[64];

	if (key == NULL || !EVP_PKEY_is_a(key, "EC")) {
		type = key != NULL ? EVP_PKEY_get0_type_name(key) : NULL;
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "unsupported key type %s (an EC key is needed)",
		    type != NULL ? type : "(unknown)");
	}
	if (!EVP_PKEY_get_group_name(key, group, sizeof(group), NULL))
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "EC key without a named curve");
	if (curve_of_group(group, out))
		return OK_SUCCESS;
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "unsupported curve %s", group);
}

/*
 * Reads several parameters of a provider-held EC key in one call: each
 * EVP_PKEY_get_params() sets up a BN_CTX and walks the key, a cost a
 * batch would otherwise pay once per value.  False when the key is not
 * one the query can answer (an engine key) or the provider refused; the
 * caller then takes its general path, which also words the errors.
 * Which parameters were filled is for the caller to check.
 */
static bool
key_query(const EVP_PKEY *key, OSSL_PARAM *params)
{
	bool answered;

	if (key == NULL || EVP_PKEY_get0_provider(key) == NULL ||
	    EVP_PKEY_get_base_id(key) != EVP_PKEY_EC)
		return false;
	ERR_set_mark();
	answered = EVP_PKEY_get_params(key, params) == 1;
	ERR_pop_to_mark();
	return answered;
}

/* The group name a query filled in, as a supported curve. */
static bool
queried_curve(const OSSL_PARAM *param, char *group, size_t size,
    ok_curve *curve)
{
	if (!OSSL_PARAM_modified(param) || param->return_size >= size)
		return false;
	group[param->return_size] = '\0';
	return curve_of_group(group, curve);
}

struct ok_keygen {
	ok_curve curve;
	EVP_PKEY_CTX *ctx; /* keygen-initialised from a parameter template */
};

static EVP_PKEY *
curve_params_key(ok_curve curve)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	EVP_PKEY *params = NULL;

	if (ctx == NULL || EVP_PKEY_paramgen_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_group_name(ctx, curve_table[curve].group) <= 0 ||
	    EVP_PKEY_paramgen(ctx, &params) <= 0)
		params = NULL;
	EVP_PKEY_CTX_free(ctx);
	return params;
}

/*
 * The context is built once from a parameter key, so each key costs one
 * scalar multiplication, not a provider fetch and group setup.
 */
ok_status
ok_keygen_new(ok_curve curve, ok_keygen **out, ok_err *err)
{
	ok_keygen *gen;
	EVP_PKEY *params;

	*out = NULL;
	if (ok_curve_info_of(curve) == NULL)
		return ok_err_set(err, OK_E_USAGE, "curve", "unknown curve %d",
		    (int)curve);
	if ((gen = calloc(1, sizeof(*gen))) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	gen->curve = curve;
	if ((params = curve_params_key(curve)) != NULL)
		gen->ctx = EVP_PKEY_CTX_new_from_pkey(NULL, params, NULL);
	EVP_PKEY_free(params);
	if (gen->ctx == NULL || EVP_PKEY_keygen_init(gen->ctx) <= 0) {
		ok_keygen_free(gen);
		return ok_err_ssl(err, OK_E_IO, "keygen",
		    "cannot set up key generation on %s",
		    curve_table[curve].name);
	}
	*out = gen;
	return OK_SUCCESS;
}

ok_status
ok_keygen_next(ok_keygen *gen, EVP_PKEY **out, ok_err *err)
{
	*out = NULL;
	if (EVP_PKEY_generate(gen->ctx, out) <= 0) {
		EVP_PKEY_free(*out);
		*out = NULL;
		return ok_err_ssl(err, OK_E_IO, "keygen",
		    "key generation on %s failed", curve_table[gen->curve].name);
	}
	return OK_SUCCESS;
}

void
ok_keygen_free(ok_keygen *gen)
{
	if (gen == NULL)
		return;
	EVP_PKEY_CTX_free(gen->ctx);
	free(gen);
}

/*
 * Re-encodes a point through the curve group; needed only to expand a
 * compressed point, which takes a square root.
 */
static ok_status
point_reform(ok_curve curve, const uint8_t *in, size_t in_len,
    point_conversion_form_t form, uint8_t *out, size_t *out_len, ok_err *err)
{
	EC_GROUP *group = EC_GROUP_new_by_curve_name(curve_table[curve].nid);
	EC_POINT *point = group != NULL ? EC_POINT_new(group) : NULL;
	ok_status st = OK_SUCCESS;

	if (point == NULL || !EC_POINT_oct2point(group, point, in, in_len,
	    NULL))
		st = ok_err_ssl(err, OK_E_MALFORMED, "key",
		    "invalid public key point");
	else if ((*out_len = EC_POINT_point2oct(group, point, form, out,
	    POINT_MAX, NULL)) == 0)
		st = ok_err_ssl(err, OK_E_IO, "key", "cannot encode point");
	EC_POINT_free(point);
	EC_GROUP_free(group);
	return st;
}

/*
 * The key's encoded point, in whatever form it keeps.  One parameter call
 * into a fixed buffer: asking for the size first would convert the point
 * to affine coordinates twice, the dominant cost in a batch.  Keys held
 * by an engine only answer the legacy call.
 */
static size_t
key_encoded_point(const EVP_PKEY *key, uint8_t *out)
{
	unsigned char *legacy = NULL;
	size_t len = 0;

	ERR_set_mark();
	if (EVP_PKEY_get_octet_string_param(key,
	    OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out, POINT_MAX, &len) == 1) {
		ERR_pop_to_mark();
		return len;
	}
	ERR_pop_to_mark();
	len = EVP_PKEY_get1_encoded_public_key((EVP_PKEY *)key, &legacy);
	if (len > POINT_MAX)
		len = 0;
	if (len > 0)
		memcpy(out, legacy, len);
	OPENSSL_free(legacy);
	return len;
}

/*
 * A key's encoding follows its conversion form (a key read from a
 * compressed SPKI stays compressed), so the form asked for is made here:
 * compressing is a byte operation, expanding goes through the group.
 */
static ok_status
point_in_form(ok_curve curve, const uint8_t *enc, size_t enc_len,
    bool compressed, uint8_t *out, size_t *out_len, ok_err *err)
{
	size_t plen = curve_table[curve].prime_len;

	if (enc_len == 1 + 2 * plen && enc[0] == 0x04) {
		*out_len = compressed ? 1 + plen : enc_len;
		memcpy(out, enc, *out_len);
		if (compressed)
			out[0] = (uint8_t)(0x02 | (enc[enc_len - 1] & 1));
		return OK_SUCCESS;
	}
	if (enc_len == 1 + plen && (enc[0] == 0x02 || enc[0] == 0x03))
		return point_reform(curve, enc, enc_len, compressed ?
		    POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED,
		    out, out_len, err);
	return ok_err_ssl(err, OK_E_MALFORMED, "key",
	    "key has no usable public point");
}

/*
 * The curve and the encoded point in one query.  Reading the point is
 * the dominant cost after key generation itself (the conversion to
 * affine coordinates takes a field inversion), so it is read once.
 */
static bool
query_public(const EVP_PKEY *key, ok_curve *curve, uint8_t *enc,
    size_t *enc_len)
{
	char group[64];
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group,
		    sizeof(group)),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, enc,
		    POINT_MAX),
		OSSL_PARAM_END
	};

	if (!key_query(key, params) || !OSSL_PARAM_modified(&params[1]) ||
	    !queried_curve(&params[0], group, sizeof(group), curve))
		return false;
	*enc_len = params[1].return_size;
	return true;
}

/* Largest SPKI: P-521 uncompressed, 158 bytes. */
#define SPKI_MAX OK_KEY_SPKI_MAX

/* Writes a DER tag and length (below 64 KiB) at der[pos]; returns the new
 * position. */
static size_t
der_header(uint8_t *der, size_t pos, uint8_t tag, size_t len)
{
	der[pos++] = tag;
	if (len >= 0x100)
		der[pos++] = 0x82, der[pos++] = (uint8_t)(len >> 8);
	else if (len >= 0x80)
		der[pos++] = 0x81;
	der[pos++] = (uint8_t)len;
	return pos;
}

static size_t
der_size(size_t content)
{
	return content + (content >= 0x100 ? 4 : content >= 0x80 ? 3 : 2);
}

size_t
ok_key_spki_encode(ok_curve curve, const uint8_t *point, size_t point_len,
    uint8_t *der)
{
	const struct curve_oid *oid = &curve_oid[curve];
	size_t alg_len = der_size(sizeof(ec_public_key_oid)) +
	    der_size(oid->len);
	size_t pos;

	pos = der_header(der, 0, 0x30, der_size(alg_len) +
	    der_size(point_len + 1));
	pos = der_header(der, pos, 0x30, alg_len);
	pos = der_header(der, pos, 0x06, sizeof(ec_public_key_oid));
	memcpy(der + pos, ec_public_key_oid, sizeof(ec_public_key_oid));
	pos += sizeof(ec_public_key_oid);
	pos = der_header(der, pos, 0x06, oid->len);
	memcpy(der + pos, oid->bytes, oid->len);
	pos += oid->len;
	pos = der_header(der, pos, 0x03, point_len + 1);
	der[pos++] = 0; /* no unused bits */
	memcpy(der + pos, point, point_len);
	return pos + point_len;
}

ok_status
ok_key_spki_der_curve(const EVP_PKEY *key, bool compressed, ok_buf *out,
    ok_curve *curve, ok_err *err)
{
	uint8_t enc[POINT_MAX], point[POINT_MAX], spki[SPKI_MAX];
	size_t enc_len = 0, point_len = 0;
	ok_status st;

	if (!query_public(key, curve, enc, &enc_len)) {
		if ((st = ok_curve_of_key(key, "key", curve, err)) !=
		    OK_SUCCESS)
			return st;
		enc_len = key_encoded_point(key, enc);
	}
	if ((st = point_in_form(*curve, enc, enc_len, compressed, point,
	    &point_len, err)) != OK_SUCCESS)
		return st;
	return ok_buf_set(out, spki, ok_key_spki_encode(*curve, point,
	    point_len, spki), err);
}

ok_status
ok_key_spki_der(const EVP_PKEY *key, bool compressed, ok_buf *out,
    ok_err *err)
{
	ok_curve curve;

	return ok_key_spki_der_curve(key, compressed, out, &curve, err);
}

/* Bounds the input before ASN.1 decoding; the largest valid SPKI is 158. */
#define SPKI_INPUT_MAX 1024

static ok_status
spki_curve(const X509_ALGOR *alg, const char *field, ok_curve *out,
    ok_err *err)
{
	const ASN1_OBJECT *alg_oid, *curve_obj;
	const void *param;
	char name[80];
	int param_type;
	size_t i;

	X509_ALGOR_get0(&alg_oid, &param_type, &param, alg);
	if (OBJ_obj2nid(alg_oid) != NID_X9_62_id_ecPublicKey) {
		OBJ_obj2txt(name, sizeof(name), alg_oid, 0);
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "unsupported key type %s (an EC key is needed)", name);
	}
	if (param_type != V_ASN1_OBJECT)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "explicit or missing curve parameters (a named curve is "
		    "needed)");
	curve_obj = param;
	for (i = 0; i < OK_CURVE_COUNT; i++) {
		if (OBJ_obj2nid(curve_obj) == curve_table[i].nid) {
			*out = curve_table[i].id;
			return OK_SUCCESS;
		}
	}
	OBJ_obj2txt(name, sizeof(name), curve_obj, 0);
	return ok_err_set(err, OK_E_MALFORMED, field, "unsupported curve %s",
	    name);
}

static ok_status
spki_point_check(ok_curve curve, const uint8_t *point, int point_len,
    const char *field, bool *compressed, ok_err *err)
{
	size_t plen = curve_table[curve].prime_len;

	if (point_len > 0 && (size_t)point_len == 1 + plen &&
	    (point[0] == 0x02 || point[0] == 0x03))
		*compressed = true;
	else if (point_len > 0 && (size_t)point_len == 1 + 2 * plen &&
	    point[0] == 0x04)
		*compressed = false;
	else
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "invalid %s point encoding (%d bytes, first 0x%02x)",
		    curve_table[curve].name, point_len,
		    point_len > 0 ? point[0] : 0);
	return OK_SUCCESS;
}

/*
 * Decodes, then demands that our own canonical encoding of what was read
 * gives back the input: that rejects every non-DER form (long lengths,
 * unused bits, NULL parameters after the OID) in one comparison.
 */
static ok_status
spki_decode(const X509_PUBKEY *pub, const uint8_t *der, size_t len,
    const char *field, ok_curve *curve, bool *compressed, ok_err *err)
{
	const unsigned char *point;
	uint8_t canonical[SPKI_MAX];
	X509_ALGOR *alg;
	int point_len;
	ok_status st;

	if (!X509_PUBKEY_get0_param(NULL, &point, &point_len, &alg, pub))
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "unreadable SubjectPublicKeyInfo");
	if ((st = spki_curve(alg, field, curve, err)) != OK_SUCCESS ||
	    (st = spki_point_check(*curve, point, point_len, field,
	    compressed, err)) != OK_SUCCESS)
		return st;
	if (ok_key_spki_encode(*curve, point, (size_t)point_len, canonical) != len ||
	    memcmp(canonical, der, len) != 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "SubjectPublicKeyInfo is not in canonical DER");
	return OK_SUCCESS;
}

ok_status
ok_key_spki_parse(const uint8_t *der, size_t len, const char *field,
    EVP_PKEY **out, ok_curve *curve, bool *compressed, ok_err *err)
{
	const unsigned char *pos = der;
	X509_PUBKEY *pub = NULL;
	EVP_PKEY *key = NULL;
	ok_curve found_curve = OK_CURVE_P256;
	bool found_compressed = false;
	ok_status st;

	if (out != NULL)
		*out = NULL;
	if (len == 0 || len > SPKI_INPUT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "SubjectPublicKeyInfo of %zu bytes (1..%d expected)", len,
		    SPKI_INPUT_MAX);
	if ((pub = d2i_X509_PUBKEY(NULL, &pos, (long)len)) == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not a DER SubjectPublicKeyInfo");
	if ((size_t)(pos - der) != len)
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "%zu trailing bytes after SubjectPublicKeyInfo",
		    len - (size_t)(pos - der));
	else if ((st = spki_decode(pub, der, len, field, &found_curve,
	    &found_compressed, err)) == OK_SUCCESS &&
	    (key = X509_PUBKEY_get(pub)) == NULL)
		st = ok_err_ssl(err, OK_E_MALFORMED, field,
		    "public key point is not on the curve");
	X509_PUBKEY_free(pub);
	if (st != OK_SUCCESS)
		return st;
	if (curve != NULL)
		*curve = found_curve;
	if (compressed != NULL)
		*compressed = found_compressed;
	if (out != NULL)
		*out = key;
	else
		EVP_PKEY_free(key);
	return OK_SUCCESS;
}

bool
ok_key_has_private(const EVP_PKEY *key)
{
	BIGNUM *priv = NULL;
	bool has;

	if (key == NULL)
		return false;
	if (ok_key_on_token(key))
		return true;
	/* a legacy key without one answers with zero rather than failing */
	ERR_set_mark();
	has = EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &priv) ==
	    1 && !BN_is_zero(priv);
	ERR_pop_to_mark();
	BN_clear_free(priv);
	return has;
}

static const char *const format_names[] = {
	[OK_KEY_FMT_PEM] = "pem",
	[OK_KEY_FMT_DER] = "der",
	[OK_KEY_FMT_HOSTAPD] = "hostapd",
	[OK_KEY_FMT_ESPIDF] = "esp-idf",
	[OK_KEY_FMT_PUB_PEM] = "pub-pem",
	[OK_KEY_FMT_PUB_DER] = "pub-der",
};

#define FORMAT_COUNT (sizeof(format_names) / sizeof(format_names[0]))

ok_status
ok_key_format_by_name(const char *name, const char *field,
    ok_key_format *out, ok_err *err)
{
	size_t i;

	for (i = 0; name != NULL && i < FORMAT_COUNT; i++) {
		if (strcasecmp(name, format_names[i]) == 0) {
			*out = (ok_key_format)i;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown key format '%s' (valid: pem, der, hostapd, esp-idf, "
	    "pub-pem, pub-der)", name != NULL ? name : "");
}

bool
ok_key_format_is_secret(ok_key_format format)
{
	return format == OK_KEY_FMT_PEM || format == OK_KEY_FMT_DER ||
	    format == OK_KEY_FMT_HOSTAPD || format == OK_KEY_FMT_ESPIDF;
}

static ok_status
private_exportable(const EVP_PKEY *key, ok_err *err)
{
	if (ok_key_on_token(key))
		return ok_err_set(err, OK_E_USAGE, "key",
		    "private key is held by a token and cannot be exported");
	if (!ok_key_has_private(key))
		return ok_err_set(err, OK_E_USAGE, "key",
		    "a private key is needed (this is a public key)");
	return OK_SUCCESS;
}

/* The private scalar, big-endian, zero-padded to the field size. */
static ok_status
private_scalar(const EVP_PKEY *key, size_t len, uint8_t *out, ok_err *err)
{
	BIGNUM *priv = NULL;
	ok_status st = OK_SUCCESS;

	if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PRIV_KEY, &priv) != 1 ||
	    BN_bn2binpad(priv, out, (int)len) != (int)len)
		st = ok_err_ssl(err, OK_E_IO, "key",
		    "cannot read the private key");
	BN_clear_free(priv);
	return st;
}

/* Lower-case hex of data and a newline: hostapd and esp-idf text. */
static ok_status
hex_line(const uint8_t *data, size_t len, ok_buf *out, ok_err *err)
{
	char text[2 * 128 + 2];
	ok_status st;

	if (len > 128)
		return ok_err_set(err, OK_E_IO, "key", "value too long");
	ok_hex_encode(data, len, text);
	text[2 * len] = '\n';
	st = ok_buf_set(out, text, 2 * len + 1, err);
	ok_wipe(text, sizeof(text));
	return st;
}

/* Largest private scalar: P-521's 66 bytes. */
#define SCALAR_MAX 66
/* Largest PKCS#8 form made here: P-521 with an uncompressed point, 241. */
#define PKCS8_MAX 256

/* A private key's parts for the encoders below; wiped after use. */
typedef struct key_secret {
	ok_curve curve;
	uint8_t scalar[SCALAR_MAX]; /* big-endian, the curve's prime_len */
	uint8_t point[POINT_MAX];   /* PKCS#8 only: in the key's own form */
	size_t point_len;
} key_secret;

/*
 * RFC 5915 ECPrivateKey with the named curve and without the public key,
 * as hostapd's key= takes it.  Every supported curve keeps the contents
 * under 128 bytes, so all lengths are single bytes.
 */
static ok_status
hostapd_hex(const key_secret *k, ok_buf *out, ok_err *err)
{
	size_t plen = curve_table[k->curve].prime_len;
	const struct curve_oid *oid = &curve_oid[k->curve];
	uint8_t der[128];
	size_t pos = 0;
	ok_status st;

	der[pos++] = 0x30;
	der[pos++] = (uint8_t)(3 + 2 + plen + 2 + 2 + oid->len);
	der[pos++] = 0x02, der[pos++] = 0x01, der[pos++] = 0x01;
	der[pos++] = 0x04, der[pos++] = (uint8_t)plen;
	memcpy(der + pos, k->scalar, plen);
	pos += plen;
	der[pos++] = 0xa0, der[pos++] = (uint8_t)(2 + oid->len);
	der[pos++] = 0x06, der[pos++] = oid->len;
	memcpy(der + pos, oid->bytes, oid->len);
	st = hex_line(der, pos + oid->len, out, err);
	ok_wipe(der, sizeof(der));
	return st;
}

static ok_status
espidf_hex(const key_secret *k, ok_buf *out, ok_err *err)
{
	if (k->curve != OK_CURVE_P256)
		return ok_err_set(err, OK_E_USAGE, "esp-idf",
		    "the esp-idf form holds P-256 keys only (this key is %s)",
		    curve_table[k->curve].name);
	return hex_line(k->scalar, 32, out, err);
}

/* A DER element with its contents at der[pos]; returns the new position. */
static size_t
der_put(uint8_t *der, size_t pos, uint8_t tag, const uint8_t *data,
    size_t len)
{
	pos = der_header(der, pos, tag, len);
	memcpy(der + pos, data, len);
	return pos + len;
}

/*
 * PKCS#8 PrivateKeyInfo as OpenSSL's encoder writes an EC key: version 0,
 * the curve OID as the algorithm parameter, and an RFC 5915 ECPrivateKey
 * without parameters but with the public key.  Made here because the
 * encoder is set up anew for every key, some 15 times the cost of the
 * key generation itself.
 */
static size_t
pkcs8_encode(const key_secret *k, uint8_t *der)
{
	static const uint8_t version0 = 0, version1 = 1;
	const struct curve_oid *oid = &curve_oid[k->curve];
	size_t plen = curve_table[k->curve].prime_len;
	size_t alg_len = der_size(sizeof(ec_public_key_oid)) +
	    der_size(oid->len);
	size_t pub_len = der_size(k->point_len + 1);
	size_t ec_len = der_size(1) + der_size(plen) + der_size(pub_len);
	size_t pos;

	pos = der_header(der, 0, 0x30, der_size(1) + der_size(alg_len) +
	    der_size(der_size(ec_len)));
	pos = der_put(der, pos, 0x02, &version0, 1);
	pos = der_header(der, pos, 0x30, alg_len);
	pos = der_put(der, pos, 0x06, ec_public_key_oid,
	    sizeof(ec_public_key_oid));
	pos = der_put(der, pos, 0x06, oid->bytes, oid->len);
	pos = der_header(der, pos, 0x04, der_size(ec_len));
	pos = der_header(der, pos, 0x30, ec_len);
	pos = der_put(der, pos, 0x02, &version1, 1);
	pos = der_put(der, pos, 0x04, k->scalar, plen);
	pos = der_header(der, pos, 0xa1, pub_len);
	pos = der_header(der, pos, 0x03, k->point_len + 1);
	der[pos++] = 0; /* no unused bits */
	memcpy(der + pos, k->point, k->point_len);
	return pos + k->point_len;
}

/* PEM as PEM_write_bio() writes it: no headers, base64 lines of 64. */
static ok_status
pem_armour(const char *label, const uint8_t *der, size_t len, ok_buf *out,
    ok_err *err)
{
	size_t label_len = strlen(label), size, pos, chunk, done;
	char *text;
	ok_status st;

	size = sizeof("-----BEGIN -----\n") - 1 + label_len +
	    ok_b64_encoded_len(len, OK_B64_STD) + (len + 47) / 48 +
	    sizeof("-----END -----\n") - 1 + label_len;
	ok_buf_wipe(out); /* replaces the contents, as ok_buf_set() does */
	if ((st = ok_buf_resize(out, size, err)) != OK_SUCCESS)
		return st;
	text = (char *)out->data; /* size + 1 bytes: room for each NUL */
	pos = (size_t)snprintf(text, size + 1, "-----BEGIN %s-----\n", label);
	for (done = 0; done < len; done += chunk) {
		chunk = len - done < 48 ? len - done : 48;
		pos += ok_b64_encode(der + done, chunk, OK_B64_STD, text + pos);
		text[pos++] = '\n';
	}
	snprintf(text + pos, size + 1 - pos, "-----END %s-----\n", label);
	return OK_SUCCESS;
}

static ok_status
export_secret(const key_secret *k, ok_key_format format, ok_buf *out,
    ok_err *err)
{
	uint8_t der[PKCS8_MAX];
	size_t len;
	ok_status st;

	if (format == OK_KEY_FMT_HOSTAPD)
		return hostapd_hex(k, out, err);
	if (format == OK_KEY_FMT_ESPIDF)
		return espidf_hex(k, out, err);
	len = pkcs8_encode(k, der);
	if (format == OK_KEY_FMT_DER)
		st = ok_buf_set(out, der, len, err);
	else
		st = pem_armour("PRIVATE KEY", der, len, out, err);
	ok_wipe(der, sizeof(der));
	return st;
}

/*
 * The scalar a query filled in: OSSL_PARAM carries integers in host byte
 * order, and OpenSSL pads a private key to the order's length.  A zero
 * scalar is what a key without one may report.
 */
static bool
queried_scalar(const OSSL_PARAM *param, const uint8_t *native,
    key_secret *k)
{
	const uint16_t probe = 1;
	bool little_endian = *(const uint8_t *)&probe == 1;
	size_t len = curve_table[k->curve].prime_len, i;
	uint8_t any = 0;

	if (!OSSL_PARAM_modified(param) || param->return_size != len)
		return false;
	for (i = 0; i < len; i++) {
		k->scalar[i] = little_endian ? native[len - 1 - i] : native[i];
		any |= k->scalar[i];
	}
	return any != 0;
}

/*
 * What OpenSSL's PKCS#8 encoder would take from the key, so that the
 * bytes made here are the same: a named curve, and the public point in
 * the key's own form.  A key read without its public point reports
 * include-public as 0, and is written without one: left to the encoder.
 */
static bool
queried_pkcs8_parts(const OSSL_PARAM *params, char *encoding,
    key_secret *k)
{
	if (!OSSL_PARAM_modified(&params[0]) ||
	    params[0].return_size >= params[0].data_size)
		return false;
	encoding[params[0].return_size] = '\0';
	if (strcmp(encoding, OSSL_PKEY_EC_ENCODING_GROUP) != 0 ||
	    !OSSL_PARAM_modified(&params[1]) || params[1].return_size == 0 ||
	    OSSL_PARAM_modified(&params[2]))
		return false;
	k->point_len = params[1].return_size;
	return true;
}

/*
 * The curve and scalar (and for PKCS#8 the public point) in one query.
 * Without the point, no conversion to affine coordinates is paid.
 */
static bool
query_private(const EVP_PKEY *key, bool with_point, key_secret *k)
{
	char group[64], encoding[32];
	uint8_t native[SCALAR_MAX];
	int include_public = 1;
	OSSL_PARAM params[] = {
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group,
		    sizeof(group)),
		OSSL_PARAM_BN(OSSL_PKEY_PARAM_PRIV_KEY, native, sizeof(native)),
		OSSL_PARAM_utf8_string(OSSL_PKEY_PARAM_EC_ENCODING, encoding,
		    sizeof(encoding)),
		OSSL_PARAM_octet_string(OSSL_PKEY_PARAM_PUB_KEY, k->point,
		    sizeof(k->point)),
		OSSL_PARAM_int(OSSL_PKEY_PARAM_EC_INCLUDE_PUBLIC,
		    &include_public),
		OSSL_PARAM_END
	};
	bool ok;

	if (!with_point)
		params[2] = params[5]; /* end the list after the scalar */
	ok = key_query(key, params) &&
	    queried_curve(&params[0], group, sizeof(group), &k->curve) &&
	    queried_scalar(&params[1], native, k) &&
	    (!with_point || queried_pkcs8_parts(&params[2], encoding, k));
	ok_wipe(native, sizeof(native));
	return ok;
}

static ok_status
export_pkcs8_der(const EVP_PKEY *key, ok_buf *out, ok_err *err)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(key);
	unsigned char *der = NULL;
	int len = p8 != NULL ? i2d_PKCS8_PRIV_KEY_INFO(p8, &der) : -1;
	ok_status st;

	PKCS8_PRIV_KEY_INFO_free(p8);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_IO, "key",
		    "cannot encode the private key");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_clear_free(der, (size_t)len);
	return st;
}

/* The general path: any key, through OpenSSL's own encoders. */
static ok_status
export_private(const EVP_PKEY *key, ok_key_format format, ok_curve curve,
    ok_buf *out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	key_secret k;
	ok_status st;

	if ((st = private_exportable(key, err)) != OK_SUCCESS)
		return st;
	if (format == OK_KEY_FMT_DER)
		return export_pkcs8_der(key, out, err);
	if (format == OK_KEY_FMT_PEM) {
		if ((st = export_pkcs8_der(key, &der, err)) == OK_SUCCESS)
			st = pem_armour("PRIVATE KEY", der.data, der.len, out,
			    err);
		ok_buf_wipe(&der);
		return st;
	}
	memset(&k, 0, sizeof(k));
	k.curve = curve;
	if ((st = private_scalar(key, curve_table[curve].prime_len, k.scalar,
	    err)) == OK_SUCCESS)
		st = export_secret(&k, format, out, err);
	ok_wipe(&k, sizeof(k));
	return st;
}

static ok_status
export_public(const EVP_PKEY *key, ok_key_format format, ok_buf *out,
    ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	ok_status st;

	if (format == OK_KEY_FMT_PUB_DER)
		return ok_key_spki_der(key, true, out, err);
	if ((st = ok_key_spki_der(key, true, &der, err)) == OK_SUCCESS)
		st = pem_armour("PUBLIC KEY", der.data, der.len, out, err);
	ok_buf_free(&der);
	return st;
}

ok_status
ok_key_export(const EVP_PKEY *key, ok_key_format format, ok_buf *out,
    ok_err *err)
{
	key_secret k;
	ok_curve curve;
	ok_status st;

	if ((unsigned)format >= FORMAT_COUNT)
		return ok_err_set(err, OK_E_USAGE, "format",
		    "unknown key format %d", (int)format);
	if (ok_key_format_is_secret(format) && !ok_key_on_token(key) &&
	    query_private(key, format == OK_KEY_FMT_PEM ||
	    format == OK_KEY_FMT_DER, &k)) {
		st = export_secret(&k, format, out, err);
		ok_wipe(&k, sizeof(k));
		return st;
	}
	ok_wipe(&k, sizeof(k));
	if ((st = ok_curve_of_key(key, "key", &curve, err)) != OK_SUCCESS)
		return st;
	if (ok_key_format_is_secret(format))
		return export_private(key, format, curve, out, err);
	return export_public(key, format, out, err);
}
