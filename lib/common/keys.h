/*
 * keys.h: EC key generation, loading from every key source the toolkit
 * accepts, and export in the forms other tools ask for.
 *
 * Key sources (onboardkit-keys(7)): a file holding PEM (PKCS#8, SEC1
 * "EC PRIVATE KEY", or a public key when allowed), DER (PKCS#8, SEC1 /
 * RFC 5915 ECPrivateKey, or SubjectPublicKeyInfo when allowed), or the
 * hex text of an RFC 5915 ECPrivateKey (hostapd's key= form); "-" for
 * stdin; or a "pkcs11:" URI (RFC 7512) through OpenSSL's pkcs11 engine.
 */
#ifndef OK_KEYS_H
#define OK_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "buf.h"
#include "err.h"

typedef enum ok_curve {
	OK_CURVE_P256,
	OK_CURVE_P384,
	OK_CURVE_P521,
	OK_CURVE_BP256,
	OK_CURVE_BP384,
	OK_CURVE_BP512,
	OK_CURVE_COUNT
} ok_curve;

typedef struct ok_curve_info {
	ok_curve id;
	const char *name;     /* "P-256", "BP-256": the toolkit's name */
	const char *group;    /* OpenSSL group: "prime256v1", "brainpoolP256r1" */
	int nid;
	size_t prime_len;     /* bytes in a field element / private scalar */
} ok_curve_info;

const ok_curve_info *ok_curve_info_of(ok_curve curve);

/* Accepts the toolkit name, the OpenSSL group name and the SEC name
 * (secp256r1), case-insensitively. */
ok_status ok_curve_by_name(const char *name, const char *field,
    ok_curve *out, ok_err *err);

/* The curve of an EC key; other key types or curves are OK_E_MALFORMED. */
ok_status ok_curve_of_key(const EVP_PKEY *key, const char *field,
    ok_curve *out, ok_err *err);

/* A reusable generation context: a batch makes thousands of keys without
 * setting up the group each time. */
typedef struct ok_keygen ok_keygen;

ok_status ok_keygen_new(ok_curve curve, ok_keygen **out, ok_err *err);
ok_status ok_keygen_next(ok_keygen *gen, EVP_PKEY **out, ok_err *err);
void ok_keygen_free(ok_keygen *gen);

typedef struct ok_key_opts {
	/* PEM passphrase or PKCS#11 user PIN; NULL when none was given.
	 * Borrowed: the caller wipes it. */
	const char *secret;
	/* PKCS#11 module for pkcs11: URIs; NULL means the engine's default
	 * (p11-kit-proxy, which loads every registered module). */
	const char *pkcs11_module;
	bool public_ok; /* a public key is acceptable (hash, export pub) */
} ok_key_opts;

/* Loads a key from a source string: path, "-", or "pkcs11:..." URI.
 * field names the option in messages (e.g. "--key"). */
ok_status ok_key_load(const char *source, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err);

/* Parses key bytes already in memory (PEM, DER or RFC 5915 hex text). */
ok_status ok_key_parse(const uint8_t *data, size_t len,
    const ok_key_opts *opts, const char *field, EVP_PKEY **out,
    ok_err *err);

/* True when the key carries a private part usable here (file or token). */
bool ok_key_has_private(const EVP_PKEY *key);

/* ok_key_load() for a "pkcs11:" URI (keys_pkcs11.c).  The key keeps the
 * engine it came from alive until it is freed. */
ok_status ok_key_load_pkcs11(const char *uri, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err);

/* True when the private part lives in a PKCS#11 token: usable for
 * signing and key agreement here, never exportable. */
bool ok_key_on_token(const EVP_PKEY *key);

/* SubjectPublicKeyInfo DER of the public key, point compressed or not. */
ok_status ok_key_spki_der(const EVP_PKEY *key, bool compressed, ok_buf *out,
    ok_err *err);

/* The same, also naming the key's curve: one provider query answers
 * both, where ok_curve_of_key() and ok_key_spki_der() make two. */
ok_status ok_key_spki_der_curve(const EVP_PKEY *key, bool compressed,
    ok_buf *out, ok_curve *curve, ok_err *err);

/* Largest SubjectPublicKeyInfo the toolkit makes: P-521, uncompressed. */
#define OK_KEY_SPKI_MAX 192

/*
 * SEQUENCE { SEQUENCE { id-ecPublicKey, curve OID }, BIT STRING { point } }
 * into der[OK_KEY_SPKI_MAX]; returns its length.  The point is not checked.
 */
size_t ok_key_spki_encode(ok_curve curve, const uint8_t *point,
    size_t point_len, uint8_t *der);

/*
 * True when der is exactly the canonical compressed-point SPKI of a
 * supported curve and the point lies on that curve; the curve is stored.
 * This is the common case of a DPP K: token, decided with one cached
 * group per curve instead of a full ASN.1 decode.  False means "not
 * shown valid": ok_key_spki_parse() decides and explains.
 */
bool ok_key_spki_compressed_valid(const uint8_t *der, size_t len,
    ok_curve *curve);

/*
 * Strict SubjectPublicKeyInfo decode: an EC key on a supported named curve,
 * a valid point, no trailing bytes, no explicit parameters.  Reports
 * whether the point was compressed.
 */
ok_status ok_key_spki_parse(const uint8_t *der, size_t len,
    const char *field, EVP_PKEY **out, ok_curve *curve, bool *compressed,
    ok_err *err);

typedef enum ok_key_format {
	OK_KEY_FMT_PEM,      /* PKCS#8 PEM, "BEGIN PRIVATE KEY" */
	OK_KEY_FMT_DER,      /* PKCS#8 DER */
	OK_KEY_FMT_HOSTAPD,  /* hex of RFC 5915 ECPrivateKey with named curve,
	                      * no public key: hostapd/wpa_supplicant key= */
	OK_KEY_FMT_ESPIDF,   /* hex of the raw private scalar (P-256), as
	                      * esp_supp_dpp_bootstrap_gen() takes it */
	OK_KEY_FMT_PUB_PEM,  /* SubjectPublicKeyInfo PEM, compressed point */
	OK_KEY_FMT_PUB_DER   /* SubjectPublicKeyInfo DER, compressed point */
} ok_key_format;

/* Name -> format ("pem", "der", "hostapd", "esp-idf", "pub-pem",
 * "pub-der"). */
ok_status ok_key_format_by_name(const char *name, const char *field,
    ok_key_format *out, ok_err *err);

/* True for formats that contain private key material. */
bool ok_key_format_is_secret(ok_key_format format);

/* Exports key; private forms need the private part in memory (not a
 * token key: OK_E_USAGE).  Text forms end with a newline. */
ok_status ok_key_export(const EVP_PKEY *key, ok_key_format format,
    ok_buf *out, ok_err *err);

#endif
