/*
 * keys_load.c: reads a key from a file, stdin or memory.  The encoding is
 * recognised from the bytes (PEM armour, hex text or binary DER) and each
 * DER structure must fill its input exactly.
 */
#include "keys.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "codec.h"
#include "io.h"
#include "pem.h"

/* Far above any EC key in any armour, small enough to read whole. */
#define KEY_INPUT_MAX (64 * 1024)

static const ok_key_opts default_opts = { NULL, NULL, false };

/*
 * A stored public key is not checked by the decoder: one that does not
 * belong to the scalar would put a stranger's key in every URI and hash.
 */
static ok_status
private_consistent(EVP_PKEY *key, const char *field, ok_err *err)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, key, NULL);
	ok_status st = OK_SUCCESS;

	if (ctx == NULL)
		st = ok_err_ssl(err, OK_E_IO, field, "out of memory");
	else if (EVP_PKEY_private_check(ctx) != 1)
		st = ok_err_ssl(err, OK_E_MALFORMED, field,
		    "private key out of range");
	else if (EVP_PKEY_pairwise_check(ctx) != 1)
		st = ok_err_ssl(err, OK_E_MALFORMED, field,
		    "public key does not match the private key");
	EVP_PKEY_CTX_free(ctx);
	return st;
}

/* An EC key on a supported named curve, without explicit parameters. */
static ok_status
ec_named_curve(EVP_PKEY *key, const char *field, ok_err *err)
{
	char encoding[32];
	ok_curve curve;
	ok_status st;

	if ((st = ok_curve_of_key(key, field, &curve, err)) != OK_SUCCESS)
		return st;
	if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_EC_ENCODING,
	    encoding, sizeof(encoding), NULL) == 1 &&
	    strcmp(encoding, OSSL_PKEY_EC_ENCODING_EXPLICIT) == 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "explicit curve parameters are not accepted (a named "
		    "curve is needed)");
	return OK_SUCCESS;
}

/*
 * Final checks shared by every source: an EC key on a supported named
 * curve (or an Ed25519 key, for COSE EdDSA signatures), a private part
 * that matches its public key, or a public key when the caller can use
 * one.
 */
static ok_status
key_accept(EVP_PKEY *key, bool from_private, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_status st;

	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519 &&
	    (st = ec_named_curve(key, field, err)) != OK_SUCCESS)
		goto fail;
	if (from_private) {
		if ((st = private_consistent(key, field, err)) != OK_SUCCESS)
			goto fail;
	} else if (!opts->public_ok) {
		st = ok_err_set(err, OK_E_USAGE, field,
		    "a private key is needed (this is a public key)");
		goto fail;
	}
	ERR_clear_error();
	*out = key;
	return OK_SUCCESS;
fail:
	EVP_PKEY_free(key);
	return st;
}

static ok_status
trailing_error(size_t extra, const char *what, const char *field,
    ok_err *err)
{
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "%zu trailing bytes after the %s", extra, what);
}

/*
 * The usual EC private key made without OpenSSL's decoders: OpenSSL 3.0
 * builds a decoder chain for every key it decodes, a quarter of the time
 * of a one-voucher process.  Only the plain shape is taken here: RFC 5915
 * ECPrivateKey version 1 with the public key, on a named curve given by
 * the PKCS#8 algorithm (curve_nid) or by its own parameters (or both, the
 * same).  Anything else is NULL, and the full decoders decide and explain;
 * key_accept() still checks the curve and that the two parts match.
 */
struct ec_parts {
	const unsigned char *priv, *pub;
	long priv_len, pub_len;
	int curve_nid;
};

/* One DER element at *pos: its tag and class, and its value. */
static bool
der_next(const unsigned char **pos, long *left, int *tag, int *cls,
    const unsigned char **value, long *value_len)
{
	const unsigned char *start = *pos;
	int flags = ASN1_get_object(pos, value_len, tag, cls, *left);

	if ((flags & 0x80) != 0 || flags == 0x21)
		return false;
	*value = *pos;
	*pos += *value_len;
	*left -= (long)(*pos - start);
	return true;
}

/* [0] namedCurve OID, which must agree with the one already known. */
static bool
ec_params_curve(const unsigned char *value, long len, int *curve_nid)
{
	ASN1_OBJECT *oid = d2i_ASN1_OBJECT(NULL, &value, len);
	int nid = OBJ_obj2nid(oid);

	ASN1_OBJECT_free(oid);
	if (nid == NID_undef || (*curve_nid != NID_undef && nid != *curve_nid))
		return false;
	*curve_nid = nid;
	return true;
}

static bool
ec_parts_of(const unsigned char *der, long len, struct ec_parts *parts)
{
	const unsigned char *pos = der, *value;
	long left = len, value_len;
	int tag, cls;

	if (!der_next(&pos, &left, &tag, &cls, &value, &value_len) ||
	    tag != V_ASN1_SEQUENCE || left != 0)
		return false;
	pos = value;
	left = value_len;
	if (!der_next(&pos, &left, &tag, &cls, &value, &value_len) ||
	    tag != V_ASN1_INTEGER || value_len != 1 || value[0] != 1 ||
	    !der_next(&pos, &left, &tag, &cls, &parts->priv,
	    &parts->priv_len) || tag != V_ASN1_OCTET_STRING ||
	    !der_next(&pos, &left, &tag, &cls, &value, &value_len))
		return false;
	if (cls == V_ASN1_CONTEXT_SPECIFIC && tag == 0) {
		if (!ec_params_curve(value, value_len, &parts->curve_nid) ||
		    !der_next(&pos, &left, &tag, &cls, &value, &value_len))
			return false;
	}
	if (cls != V_ASN1_CONTEXT_SPECIFIC || tag != 1 || left != 0 ||
	    !der_next(&value, &value_len, &tag, &cls, &parts->pub,
	    &parts->pub_len) || tag != V_ASN1_BIT_STRING || value_len != 0 ||
	    parts->pub_len < 2 || parts->pub[0] != 0)
		return false;
	parts->pub++; /* no unused bits */
	parts->pub_len--;
	return parts->curve_nid != NID_undef && parts->priv_len > 0 &&
	    parts->priv_len <= 66;
}

static EVP_PKEY *
ec_key_from_parts(const struct ec_parts *parts)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *priv = BN_secure_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;

	if (bld != NULL && priv != NULL &&
	    BN_bin2bn(parts->priv, (int)parts->priv_len, priv) != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
	    OBJ_nid2sn(parts->curve_nid), 0) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, priv) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
	    parts->pub, (size_t)parts->pub_len) == 1 &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) != NULL &&
	    (ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL)) != NULL &&
	    EVP_PKEY_fromdata_init(ctx) == 1 &&
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_KEYPAIR, params) != 1)
		key = NULL;
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params); /* the scalar sat in its cleared secure part */
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(priv);
	ERR_clear_error();
	return key;
}

static EVP_PKEY *
ec_key_direct(int curve_nid, const uint8_t *der, size_t len)
{
	struct ec_parts parts;

	memset(&parts, 0, sizeof(parts));
	parts.curve_nid = curve_nid;
	if (len > KEY_INPUT_MAX || !ec_parts_of(der, (long)len, &parts))
		return NULL;
	return ec_key_from_parts(&parts);
}

/* PKCS#8 holding an id-ecPublicKey ECPrivateKey on a named curve. */
static EVP_PKEY *
ec_pkcs8_direct(const PKCS8_PRIV_KEY_INFO *p8)
{
	const ASN1_OBJECT *alg_oid;
	const X509_ALGOR *alg;
	const unsigned char *der;
	const void *param;
	int der_len, param_type;

	if (PKCS8_pkey_get0(&alg_oid, &der, &der_len, &alg, p8) != 1 ||
	    OBJ_obj2nid(alg_oid) != NID_X9_62_id_ecPublicKey)
		return NULL;
	X509_ALGOR_get0(NULL, &param_type, &param, alg);
	if (param_type != V_ASN1_OBJECT)
		return NULL;
	return ec_key_direct(OBJ_obj2nid(param), der, (size_t)der_len);
}

/* A decoded (or decrypted) PKCS#8 structure to an accepted key; frees p8. */
static ok_status
accept_pkcs8(PKCS8_PRIV_KEY_INFO *p8, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	EVP_PKEY *key = ec_pkcs8_direct(p8);

	if (key == NULL)
		key = EVP_PKCS82PKEY(p8);

	PKCS8_PRIV_KEY_INFO_free(p8);
	if (key == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "unsupported key type or unreadable PKCS#8 key");
	return key_accept(key, true, opts, field, out, err);
}

/* PKCS#8 PrivateKeyInfo (RFC 5958). */
static ok_status
parse_pkcs8(const uint8_t *der, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	const unsigned char *pos = der;
	PKCS8_PRIV_KEY_INFO *p8;

	if ((p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &pos, (long)len)) == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not a PKCS#8 private key");
	if ((size_t)(pos - der) != len) {
		PKCS8_PRIV_KEY_INFO_free(p8);
		return trailing_error(len - (size_t)(pos - der),
		    "PKCS#8 private key", field, err);
	}
	return accept_pkcs8(p8, opts, field, out, err);
}

/* RFC 5915 ECPrivateKey; OpenSSL computes a missing public key. */
static ok_status
parse_ec_private(const uint8_t *der, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	const unsigned char *pos = der;
	EVP_PKEY *key;

	if ((key = ec_key_direct(NID_undef, der, len)) != NULL)
		return key_accept(key, true, opts, field, out, err);
	if ((key = d2i_PrivateKey(EVP_PKEY_EC, NULL, &pos, (long)len)) == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not an EC private key");
	if ((size_t)(pos - der) != len) {
		EVP_PKEY_free(key);
		return trailing_error(len - (size_t)(pos - der),
		    "EC private key", field, err);
	}
	return key_accept(key, true, opts, field, out, err);
}

/* The work bound on password-based decryption: OpenSSL writes 2048
 * iterations, other tools a few hundred thousand at most. */
#define PBE_ITERATIONS_MAX 1000000

/* The iteration count of a PBES2/PBKDF2 or PKCS#12 PBE scheme; 0 when it
 * has none (scrypt's cost is capped by OpenSSL's memory limit). */
static long
pbe_iterations(const X509_ALGOR *alg)
{
	PBE2PARAM *pbe2;
	PBKDF2PARAM *kdf;
	PBEPARAM *pbe;
	long iterations = 0;

	if (OBJ_obj2nid(alg->algorithm) != NID_pbes2) {
		pbe = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM),
		    alg->parameter);
		iterations = pbe != NULL ? ASN1_INTEGER_get(pbe->iter) : 0;
		PBEPARAM_free(pbe);
		return iterations;
	}
	pbe2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM),
	    alg->parameter);
	if (pbe2 != NULL &&
	    OBJ_obj2nid(pbe2->keyfunc->algorithm) == NID_id_pbkdf2) {
		kdf = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM),
		    pbe2->keyfunc->parameter);
		iterations = kdf != NULL ? ASN1_INTEGER_get(kdf->iter) : 0;
		PBKDF2PARAM_free(kdf);
	}
	PBE2PARAM_free(pbe2);
	return iterations;
}

static ok_status
pkcs8_decrypt(const X509_SIG *sealed, const char *secret, const char *field,
    PKCS8_PRIV_KEY_INFO **out, ok_err *err)
{
	const X509_ALGOR *alg;
	long iterations;

	X509_SIG_get0(sealed, &alg, NULL);
	iterations = pbe_iterations(alg);
	if (iterations < 0 || iterations > PBE_ITERATIONS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "key encryption asks for too many iterations (at most %d)",
		    PBE_ITERATIONS_MAX);
	*out = PKCS8_decrypt(sealed, secret, (int)strlen(secret));
	if (*out == NULL)
		return ok_err_ssl(err, OK_E_NEGATIVE, field,
		    "the passphrase does not decrypt the key");
	return OK_SUCCESS;
}

/*
 * PKCS#8 EncryptedPrivateKeyInfo.  A secret that does not decrypt it is a
 * negative result: the key is well formed, the secret is wrong.
 */
static ok_status
parse_encrypted_pkcs8(const uint8_t *der, size_t len,
    const ok_key_opts *opts, const char *field, EVP_PKEY **out, ok_err *err)
{
	const unsigned char *pos = der;
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_SIG *sealed;
	ok_status st;

	if ((sealed = d2i_X509_SIG(NULL, &pos, (long)len)) == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not an encrypted PKCS#8 private key");
	if ((size_t)(pos - der) != len) {
		X509_SIG_free(sealed);
		return trailing_error(len - (size_t)(pos - der),
		    "encrypted private key", field, err);
	}
	if (opts->secret == NULL) {
		X509_SIG_free(sealed);
		return ok_err_needs_secret(err, field,
		    "the key is encrypted: passphrase needed (--pass)");
	}
	st = pkcs8_decrypt(sealed, opts->secret, field, &p8, err);
	X509_SIG_free(sealed);
	if (st != OK_SUCCESS)
		return st;
	return accept_pkcs8(p8, opts, field, out, err);
}

/* An Ed25519 SubjectPublicKeyInfo filling der exactly, or NULL. */
static EVP_PKEY *
ed25519_spki(const uint8_t *der, size_t len)
{
	const unsigned char *pos = der;
	EVP_PKEY *key = d2i_PUBKEY(NULL, &pos, (long)len);

	if (key != NULL && (EVP_PKEY_get_base_id(key) != EVP_PKEY_ED25519 ||
	    (size_t)(pos - der) != len)) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	ERR_clear_error();
	return key;
}

static ok_status
parse_spki(const uint8_t *der, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	EVP_PKEY *key = ed25519_spki(der, len);
	ok_status st;

	if (key != NULL)
		return key_accept(key, false, opts, field, out, err);
	if ((st = ok_key_spki_parse(der, len, field, &key, NULL, NULL, err)) !=
	    OK_SUCCESS)
		return st;
	return key_accept(key, false, opts, field, out, err);
}

typedef enum der_shape {
	SHAPE_UNKNOWN,
	SHAPE_PKCS8,        /* SEQUENCE { INTEGER, SEQUENCE, ... } */
	SHAPE_EC_PRIVATE,   /* SEQUENCE { INTEGER, OCTET STRING, ... } */
	SHAPE_ENCRYPTED,    /* SEQUENCE { SEQUENCE, OCTET STRING } */
	SHAPE_SPKI          /* SEQUENCE { SEQUENCE, BIT STRING } */
} der_shape;

/* Reads one DER header; enters the value (descend) or skips it.  Returns
 * the universal tag, or -1. */
static int
der_step(const unsigned char **pos, long *left, bool descend)
{
	const unsigned char *start = *pos;
	long value_len;
	int tag, cls, flags;

	flags = ASN1_get_object(pos, &value_len, &tag, &cls, *left);
	if ((flags & 0x80) != 0 || flags == 0x21 || cls != V_ASN1_UNIVERSAL)
		return -1;
	if (!descend)
		*pos += value_len;
	*left -= (long)(*pos - start);
	return tag;
}

/* Tells the key structures apart by their first two members, so each is
 * decoded by the one parser that can give a precise error. */
static der_shape
der_shape_of(const uint8_t *der, size_t len)
{
	const unsigned char *pos = der;
	long left = (long)len;
	int first, second;

	if (der_step(&pos, &left, true) != V_ASN1_SEQUENCE)
		return SHAPE_UNKNOWN;
	first = der_step(&pos, &left, false);
	second = first >= 0 ? der_step(&pos, &left, false) : -1;
	if (first == V_ASN1_INTEGER && second == V_ASN1_SEQUENCE)
		return SHAPE_PKCS8;
	if (first == V_ASN1_INTEGER && second == V_ASN1_OCTET_STRING)
		return SHAPE_EC_PRIVATE;
	if (first == V_ASN1_SEQUENCE && second == V_ASN1_OCTET_STRING)
		return SHAPE_ENCRYPTED;
	if (first == V_ASN1_SEQUENCE && second == V_ASN1_BIT_STRING)
		return SHAPE_SPKI;
	return SHAPE_UNKNOWN;
}

static ok_status
parse_der(const uint8_t *der, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_status st;

	if (len > KEY_INPUT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "key larger than %d bytes", KEY_INPUT_MAX);
	switch (der_shape_of(der, len)) {
	case SHAPE_PKCS8:
		return parse_pkcs8(der, len, opts, field, out, err);
	case SHAPE_EC_PRIVATE:
		return parse_ec_private(der, len, opts, field, out, err);
	case SHAPE_ENCRYPTED:
		return parse_encrypted_pkcs8(der, len, opts, field, out, err);
	case SHAPE_SPKI:
		return parse_spki(der, len, opts, field, out, err);
	case SHAPE_UNKNOWN:
		break;
	}
	st = ok_err_set(err, OK_E_MALFORMED, field,
	    "not a key in a supported form (PKCS#8, EC private key or "
	    "SubjectPublicKeyInfo; DER, PEM or hex)");
	ERR_clear_error();
	return st;
}

static int
pem_secret_cb(char *buf, int size, int rwflag, void *secret)
{
	size_t len = strlen(secret);

	(void)rwflag;
	if (size < 0 || len > (size_t)size)
		return -1;
	memcpy(buf, secret, len);
	return (int)len;
}

/* Legacy "Proc-Type: 4,ENCRYPTED" armour of an "EC PRIVATE KEY". */
static ok_status
pem_decrypt_legacy(char *header, unsigned char *body, long *body_len,
    const ok_key_opts *opts, const char *field, ok_err *err)
{
	EVP_CIPHER_INFO cipher;

	if (!PEM_get_EVP_CIPHER_INFO(header, &cipher))
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "unreadable PEM encryption header");
	if (cipher.cipher == NULL)
		return OK_SUCCESS;
	if (opts->secret == NULL)
		return ok_err_needs_secret(err, field,
		    "the key is encrypted: passphrase needed (--pass)");
	if (!PEM_do_header(&cipher, body, body_len, pem_secret_cb,
	    (void *)opts->secret))
		return ok_err_ssl(err, OK_E_NEGATIVE, field,
		    "the passphrase does not decrypt the key");
	return OK_SUCCESS;
}

static ok_status
pem_dispatch(const char *label, char *header, unsigned char *body,
    long body_len, const ok_key_opts *opts, const char *field,
    EVP_PKEY **out, ok_err *err)
{
	ok_status st;

	if (strcmp(label, "EC PRIVATE KEY") == 0) {
		if ((st = pem_decrypt_legacy(header, body, &body_len, opts,
		    field, err)) != OK_SUCCESS)
			return st;
		/* CBC padding passes for one wrong secret in 256: what
		 * comes out must still look like a key */
		if (strstr(header, "ENCRYPTED") != NULL &&
		    der_shape_of(body, (size_t)body_len) != SHAPE_EC_PRIVATE)
			return ok_err_set(err, OK_E_NEGATIVE, field,
			    "the passphrase does not decrypt the key");
		return parse_ec_private(body, (size_t)body_len, opts, field,
		    out, err);
	}
	if (header[0] != '\0')
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "unexpected PEM headers in a %s", label);
	if (strcmp(label, "PRIVATE KEY") == 0)
		return parse_pkcs8(body, (size_t)body_len, opts, field, out,
		    err);
	if (strcmp(label, "ENCRYPTED PRIVATE KEY") == 0)
		return parse_encrypted_pkcs8(body, (size_t)body_len, opts,
		    field, out, err);
	if (strcmp(label, "PUBLIC KEY") == 0)
		return parse_spki(body, (size_t)body_len, opts, field, out,
		    err);
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "unsupported PEM type '%s' (an EC key is needed)", label);
}

/* One PEM block; nothing but white space may follow it. */
static ok_status
parse_pem(const uint8_t *data, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_pem pem = OK_PEM_INIT;
	ok_status st;

	st = ok_pem_read_one(data, len, field, &pem, err);
	if (st == OK_SUCCESS)
		st = pem_dispatch(pem.label, pem.header, pem.body,
		    pem.body_len, opts, field, out, err);
	ok_pem_free(&pem);
	return st;
}

/* Hex text, as hostapd's key= and wpa_supplicant print it: hex digits
 * only, then optional white space (a newline) at the end. */
static bool
hex_text_len(const uint8_t *data, size_t len, size_t *hex_len)
{
	size_t i;

	while (len > 0 && isspace(data[len - 1]))
		len--;
	for (i = 0; i < len; i++)
		if (!isxdigit(data[i]))
			return false;
	*hex_len = len;
	return len > 0;
}

static ok_status
parse_hex(const uint8_t *data, size_t hex_len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	ok_status st;

	st = ok_hex_decode((const char *)data, hex_len, field, &der, err);
	if (st == OK_SUCCESS)
		st = parse_der(der.data, der.len, opts, field, out, err);
	ok_buf_wipe(&der);
	return st;
}

static bool
starts_pem(const uint8_t *data, size_t len)
{
	static const char begin[] = "-----BEGIN ";

	while (len > 0 && isspace(*data))
		data++, len--;
	return len >= sizeof(begin) - 1 &&
	    memcmp(data, begin, sizeof(begin) - 1) == 0;
}

ok_status
ok_key_parse(const uint8_t *data, size_t len, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	size_t hex_len;

	*out = NULL;
	if (opts == NULL)
		opts = &default_opts;
	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, field, "empty key");
	if (len > KEY_INPUT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "key input larger than %d bytes", KEY_INPUT_MAX);
	if (starts_pem(data, len))
		return parse_pem(data, len, opts, field, out, err);
	if (hex_text_len(data, len, &hex_len))
		return parse_hex(data, hex_len, opts, field, out, err);
	return parse_der(data, len, opts, field, out, err);
}

/* Keeps the caller's field and puts the source's name in the reason. */
static ok_status
name_source(ok_err *err, const char *field, const char *source)
{
	char reason[OK_ERR_MSG_MAX];
	unsigned flags;

	if (err == NULL)
		return OK_E_IO;
	flags = err->flags; /* e.g. OK_ERR_NEEDS_SECRET survives renaming */
	snprintf(reason, sizeof(reason), "%s", err->msg);
	ok_err_set(err, err->status, field, "%s: %s",
	    strcmp(source, "-") == 0 ? "stdin" : source, reason);
	err->flags = flags;
	return err->status;
}

ok_status
ok_key_load(const char *source, const ok_key_opts *opts, const char *field,
    EVP_PKEY **out, ok_err *err)
{
	ok_buf data = OK_BUF_INIT;
	ok_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &default_opts;
	if (source == NULL || source[0] == '\0')
		return ok_err_set(err, OK_E_USAGE, field, "no key given");
	if (strncasecmp(source, "pkcs11:", 7) == 0)
		return ok_key_load_pkcs11(source, opts, field, out, err);
	st = ok_read_file(source, KEY_INPUT_MAX, &data, err);
	if (st == OK_SUCCESS)
		st = ok_key_parse(data.data, data.len, opts, field, out, err);
	ok_buf_wipe(&data);
	if (st != OK_SUCCESS)
		return name_source(err, field, source);
	return OK_SUCCESS;
}
