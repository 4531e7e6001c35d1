/*
 * cose.c: COSE_Sign1 sign, decode and verify; COSE_Key export.
 *
 * COSE carries ECDSA signatures as fixed-width r||s and OpenSSL wants
 * DER, so each direction converts; the fixed width is also why a
 * signature of the wrong length is malformed rather than merely wrong.
 */
#include "cose.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>

#include "cbor.h"

typedef struct alg_info {
	int64_t alg;
	const char *name;
	const char *group;  /* OpenSSL group; NULL for EdDSA */
	const char *digest; /* NULL for EdDSA (the digest is built in) */
	size_t half;        /* bytes of r (and of s); half the signature */
	int crv;            /* COSE curve of the key */
} alg_info;

static const alg_info alg_table[] = {
	{ OK_COSE_ES256, "ES256", "prime256v1", "SHA256", 32, 1 },
	{ OK_COSE_ES384, "ES384", "secp384r1", "SHA384", 48, 2 },
	{ OK_COSE_ES512, "ES512", "secp521r1", "SHA512", 66, 3 },
	{ OK_COSE_EDDSA, "EdDSA", NULL, NULL, 32, 6 },
};

static const alg_info *
alg_lookup(int64_t alg)
{
	size_t i;

	for (i = 0; i < sizeof(alg_table) / sizeof(alg_table[0]); i++)
		if (alg_table[i].alg == alg)
			return &alg_table[i];
	return NULL;
}

/* The table row whose key type and curve key has, or NULL. */
static const alg_info *
alg_of_key(const EVP_PKEY *key)
{
	char group[64];
	size_t i;

	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519)
		return alg_lookup(OK_COSE_EDDSA);
	if (EVP_PKEY_get_base_id(key) != EVP_PKEY_EC ||
	    !EVP_PKEY_get_group_name(key, group, sizeof(group), NULL))
		return NULL;
	for (i = 0; i < sizeof(alg_table) / sizeof(alg_table[0]); i++)
		if (alg_table[i].group != NULL &&
		    strcmp(alg_table[i].group, group) == 0)
			return &alg_table[i];
	return NULL;
}

ok_status
ok_cose_alg_of_key(const EVP_PKEY *key, const char *field, int64_t *alg,
    ok_err *err)
{
	const alg_info *info = alg_of_key(key);

	if (info == NULL)
		return ok_err_ssl(err, OK_E_USAGE, field,
		    "key is neither P-256, P-384, P-521 nor Ed25519");
	*alg = info->alg;
	return OK_SUCCESS;
}

ok_status
ok_cose_sig_structure(const uint8_t *protected_bytes, size_t protected_len,
    const uint8_t *aad, size_t aad_len, const uint8_t *payload,
    size_t payload_len, ok_buf *out, ok_err *err)
{
	ok_status st;

	if ((st = ok_buf_resize(out, 0, err)) != OK_SUCCESS ||
	    (st = ok_cbor_put_head(out, OK_CBOR_ARRAY, 4, err)) != OK_SUCCESS ||
	    (st = ok_cbor_put_text(out, "Signature1", err)) != OK_SUCCESS ||
	    (st = ok_cbor_put_bytes(out, protected_bytes, protected_len,
	    err)) != OK_SUCCESS ||
	    (st = ok_cbor_put_bytes(out, aad, aad_len, err)) != OK_SUCCESS)
		return st;
	return ok_cbor_put_bytes(out, payload, payload_len, err);
}

/* Decoding. */

static ok_status
malformed(ok_err *err, const char *field, const char *what)
{
	return ok_err_set(err, OK_E_MALFORMED, field, "%s", what);
}

static bool
text_label_in(const cbor_item_t *map, const cbor_item_t *label)
{
	struct cbor_pair *pairs = cbor_map_handle(map);
	size_t i, len = cbor_string_length(label);

	for (i = 0; i < cbor_map_size(map); i++)
		if (cbor_isa_string(pairs[i].key) &&
		    cbor_string_length(pairs[i].key) == len &&
		    memcmp(cbor_string_handle(pairs[i].key),
		    cbor_string_handle(label), len) == 0)
			return true;
	return false;
}

/* RFC 9052 section 3: a label must not be in both buckets. */
static ok_status
check_header_labels(const ok_cose_sign1 *msg, ok_err *err)
{
	struct cbor_pair *pairs = cbor_map_handle(msg->protected_hdr);
	size_t i;
	int64_t label;
	bool twice;

	for (i = 0; i < cbor_map_size(msg->protected_hdr); i++) {
		if (ok_cbor_int_value(pairs[i].key, &label))
			twice = ok_cbor_map_get_int(msg->unprotected_hdr,
			    label) != NULL;
		else if (cbor_isa_string(pairs[i].key))
			twice = text_label_in(msg->unprotected_hdr,
			    pairs[i].key);
		else
			return malformed(err, "protected",
			    "header label is not an integer or text");
		if (twice)
			return malformed(err, "unprotected",
			    "header label also in the protected header");
	}
	return OK_SUCCESS;
}

static ok_status
check_headers(ok_cose_sign1 *msg, ok_err *err)
{
	cbor_item_t *alg = ok_cbor_map_get_int(msg->protected_hdr,
	    OK_COSE_HDR_ALG);
	const alg_info *info;

	if (alg == NULL)
		return malformed(err, "alg", ok_cbor_map_get_int(
		    msg->unprotected_hdr, OK_COSE_HDR_ALG) != NULL ?
		    "algorithm not in the protected header" :
		    "no algorithm in the protected header");
	if (!ok_cbor_int_value(alg, &msg->alg) ||
	    (info = alg_lookup(msg->alg)) == NULL)
		return malformed(err, "alg", "unsupported algorithm");
	if (ok_cbor_map_get_int(msg->protected_hdr, OK_COSE_HDR_CRIT) ||
	    ok_cbor_map_get_int(msg->unprotected_hdr, OK_COSE_HDR_CRIT))
		return malformed(err, "crit",
		    "critical headers are not supported");
	if (msg->signature.len != 2 * info->half)
		return ok_err_set(err, OK_E_MALFORMED, "signature",
		    "%s signature is %zu bytes, not %zu", info->name,
		    msg->signature.len, 2 * info->half);
	return check_header_labels(msg, err);
}

/* The protected bucket: a bstr holding a map, h'' meaning {}. */
static ok_status
decode_protected(const cbor_item_t *item, ok_cose_sign1 *msg, ok_err *err)
{
	const uint8_t *bytes;
	size_t len;
	ok_status st;

	if (!ok_cbor_bytes_value(item, &bytes, &len))
		return malformed(err, "protected", "not a byte string");
	if ((st = ok_buf_set(&msg->protected_bytes, bytes, len, err)) !=
	    OK_SUCCESS)
		return st;
	if (len == 0) {
		msg->protected_hdr = cbor_new_definite_map(0);
		return msg->protected_hdr != NULL ? OK_SUCCESS :
		    ok_err_set(err, OK_E_IO, "memory", "out of memory");
	}
	if ((st = ok_cbor_decode(bytes, len, 0, "protected",
	    &msg->protected_hdr, err)) != OK_SUCCESS)
		return st;
	if (!cbor_isa_map(msg->protected_hdr))
		return malformed(err, "protected", "not a map");
	return OK_SUCCESS;
}

/* cbor_is_null() in libcbor 0.8 asserts on floats; this does not. */
static bool
is_null(const cbor_item_t *item)
{
	return cbor_isa_float_ctrl(item) && cbor_float_ctrl_is_ctrl(item) &&
	    cbor_ctrl_value(item) == CBOR_CTRL_NULL;
}

static ok_status
decode_elements(cbor_item_t **elems, ok_cose_sign1 *msg, ok_err *err)
{
	const uint8_t *bytes;
	size_t len;
	ok_status st;

	if ((st = decode_protected(elems[0], msg, err)) != OK_SUCCESS)
		return st;
	if (!cbor_isa_map(elems[1]))
		return malformed(err, "unprotected", "not a map");
	msg->unprotected_hdr = cbor_incref(elems[1]);
	if (is_null(elems[2]))
		return malformed(err, "payload",
		    "detached payloads are not supported");
	if (!ok_cbor_bytes_value(elems[2], &bytes, &len))
		return malformed(err, "payload", "not a byte string");
	if ((st = ok_buf_set(&msg->payload, bytes, len, err)) != OK_SUCCESS)
		return st;
	if (!ok_cbor_bytes_value(elems[3], &bytes, &len))
		return malformed(err, "signature", "not a byte string");
	if ((st = ok_buf_set(&msg->signature, bytes, len, err)) != OK_SUCCESS)
		return st;
	return check_headers(msg, err);
}

/* Unwraps an optional tag 18; *body is a new reference. */
static ok_status
untag(cbor_item_t *root, unsigned flags, const char *field,
    ok_cose_sign1 *msg, cbor_item_t **body, ok_err *err)
{
	if (!cbor_isa_tag(root)) {
		if (flags & OK_COSE_TAG_REQUIRED)
			return malformed(err, field, "COSE_Sign1 tag 18 missing");
		*body = cbor_incref(root);
		return OK_SUCCESS;
	}
	if (cbor_tag_value(root) != OK_COSE_SIGN1_TAG)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "tag %llu where COSE_Sign1 (18) was expected",
		    (unsigned long long)cbor_tag_value(root));
	msg->tagged = true;
	*body = cbor_tag_item(root);
	return OK_SUCCESS;
}

ok_status
ok_cose_sign1_decode(const uint8_t *data, size_t len, unsigned flags,
    const char *field, ok_cose_sign1 *out, ok_err *err)
{
	ok_cose_sign1 blank = OK_COSE_SIGN1_INIT;
	cbor_item_t *root, *body = NULL;
	ok_status st;

	*out = blank;
	if ((st = ok_cbor_decode(data, len, 0, field, &root, err)) !=
	    OK_SUCCESS)
		return st;
	st = untag(root, flags, field, out, &body, err);
	if (st == OK_SUCCESS && (!cbor_isa_array(body) ||
	    cbor_array_size(body) != 4))
		st = malformed(err, field, "not a COSE_Sign1 (array of 4)");
	if (st == OK_SUCCESS)
		st = decode_elements(cbor_array_handle(body), out, err);
	if (body != NULL)
		cbor_decref(&body);
	cbor_decref(&root);
	if (st != OK_SUCCESS)
		ok_cose_sign1_free(out);
	return st;
}

void
ok_cose_sign1_free(ok_cose_sign1 *msg)
{
	if (msg == NULL)
		return;
	if (msg->protected_hdr != NULL)
		cbor_decref(&msg->protected_hdr);
	if (msg->unprotected_hdr != NULL)
		cbor_decref(&msg->unprotected_hdr);
	ok_buf_free(&msg->protected_bytes);
	ok_buf_free(&msg->payload);
	ok_buf_free(&msg->signature);
}

cbor_item_t *
ok_cose_sign1_header(const ok_cose_sign1 *msg, int64_t label)
{
	cbor_item_t *value = NULL;

	if (msg->protected_hdr != NULL)
		value = ok_cbor_map_get_int(msg->protected_hdr, label);
	if (value == NULL && msg->unprotected_hdr != NULL)
		value = ok_cbor_map_get_int(msg->unprotected_hdr, label);
	return value;
}

/* Signatures. */

/* r||s -> DER ECDSA-Sig-Value. */
static ok_status
ecdsa_raw_to_der(const uint8_t *raw, size_t half, ok_buf *der, ok_err *err)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(raw + half, (int)half, NULL);
	unsigned char *enc = NULL;
	ok_status st = OK_E_IO;
	int len;

	if (sig == NULL || r == NULL || s == NULL || !ECDSA_SIG_set0(sig, r, s)) {
		BN_free(r);
		BN_free(s);
	} else if ((len = i2d_ECDSA_SIG(sig, &enc)) > 0) {
		st = ok_buf_set(der, enc, (size_t)len, err);
		OPENSSL_free(enc);
		ECDSA_SIG_free(sig);
		return st;
	}
	ECDSA_SIG_free(sig);
	return ok_err_ssl(err, st, "signature", "cannot encode ECDSA signature");
}

/* DER ECDSA-Sig-Value -> r||s, each padded to half bytes. */
static ok_status
ecdsa_der_to_raw(const uint8_t *der, size_t der_len, size_t half,
    ok_buf *raw, ok_err *err)
{
	const unsigned char *pos = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &pos, (long)der_len);
	const BIGNUM *r, *s;
	ok_status st;

	if (sig == NULL)
		return ok_err_ssl(err, OK_E_IO, "signature",
		    "cannot decode ECDSA signature");
	ECDSA_SIG_get0(sig, &r, &s);
	if ((st = ok_buf_resize(raw, 2 * half, err)) == OK_SUCCESS &&
	    (BN_bn2binpad(r, raw->data, (int)half) < 0 ||
	    BN_bn2binpad(s, raw->data + half, (int)half) < 0))
		st = ok_err_set(err, OK_E_IO, "signature",
		    "ECDSA signature wider than the curve");
	ECDSA_SIG_free(sig);
	return st;
}

static ok_status
verify_tbs(EVP_PKEY *key, const alg_info *info, const ok_buf *tbs,
    const ok_buf *sig, ok_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int verdict = -1;

	if (ctx != NULL && EVP_DigestVerifyInit_ex(ctx, NULL, info->digest,
	    NULL, NULL, key, NULL) == 1)
		verdict = EVP_DigestVerify(ctx, sig->data, sig->len, tbs->data,
		    tbs->len);
	EVP_MD_CTX_free(ctx);
	if (verdict == 1)
		return OK_SUCCESS;
	return ok_err_ssl(err, OK_E_NEGATIVE, "signature",
	    "%s signature does not verify", info->name);
}

ok_status
ok_cose_sign1_verify(const ok_cose_sign1 *msg, EVP_PKEY *key,
    const uint8_t *aad, size_t aad_len, ok_err *err)
{
	const alg_info *info = alg_lookup(msg->alg), *key_info;
	ok_buf tbs = OK_BUF_INIT, sig = OK_BUF_INIT;
	ok_status st;

	if (info == NULL || msg->signature.len != 2 * info->half)
		return malformed(err, "alg", "message not decoded");
	if ((key_info = alg_of_key(key)) == NULL || key_info != info)
		return ok_err_ssl(err, OK_E_NEGATIVE, "key",
		    "key does not fit the message's algorithm %s", info->name);
	st = ok_cose_sig_structure(msg->protected_bytes.data,
	    msg->protected_bytes.len, aad, aad_len, msg->payload.data,
	    msg->payload.len, &tbs, err);
	if (st == OK_SUCCESS && info->digest != NULL)
		st = ecdsa_raw_to_der(msg->signature.data, info->half, &sig,
		    err);
	else if (st == OK_SUCCESS)
		st = ok_buf_set(&sig, msg->signature.data, msg->signature.len,
		    err);
	if (st == OK_SUCCESS)
		st = verify_tbs(key, info, &tbs, &sig, err);
	ok_buf_free(&tbs);
	ok_buf_free(&sig);
	return st;
}

static ok_status
sign_tbs(EVP_PKEY *key, const alg_info *info, const ok_buf *tbs,
    ok_buf *raw, ok_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	ok_buf der = OK_BUF_INIT;
	size_t len = 0;
	ok_status st = OK_E_IO;

	if (ctx != NULL && EVP_DigestSignInit_ex(ctx, NULL, info->digest,
	    NULL, NULL, key, NULL) == 1 && EVP_DigestSign(ctx, NULL, &len,
	    tbs->data, tbs->len) == 1 &&
	    ok_buf_resize(&der, len, err) == OK_SUCCESS &&
	    EVP_DigestSign(ctx, der.data, &len, tbs->data, tbs->len) == 1)
		st = OK_SUCCESS;
	EVP_MD_CTX_free(ctx);
	if (st != OK_SUCCESS)
		st = ok_err_ssl(err, OK_E_IO, "key", "%s signing failed",
		    info->name);
	else if (info->digest != NULL)
		st = ecdsa_der_to_raw(der.data, len, info->half, raw, err);
	else
		st = ok_buf_set(raw, der.data, len, err);
	ok_buf_free(&der);
	return st;
}

/* The unprotected map: the caller's headers plus kid, encoded. */
static ok_status
put_unprotected(const ok_cose_sign_opts *opts, ok_buf *out, ok_err *err)
{
	size_t extra = opts->unprotected != NULL ?
	    cbor_map_size(opts->unprotected) : 0, i;
	cbor_item_t *map, *label, *kid;
	ok_status st = OK_SUCCESS;
	bool added = true;

	if (opts->unprotected != NULL && !cbor_isa_map(opts->unprotected))
		return ok_err_set(err, OK_E_USAGE, "unprotected", "not a map");
	if (opts->kid == NULL)
		return opts->unprotected == NULL ?
		    ok_cbor_put_head(out, OK_CBOR_MAP, 0, err) :
		    ok_cbor_encode_append(opts->unprotected, out, err);
	if ((map = cbor_new_definite_map(extra + 1)) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < extra && added; i++)
		added = cbor_map_add(map,
		    cbor_map_handle(opts->unprotected)[i]);
	label = cbor_build_uint8(OK_COSE_HDR_KID);
	kid = cbor_build_bytestring(opts->kid, opts->kid_len);
	if (!added || label == NULL || kid == NULL ||
	    !cbor_map_add(map, (struct cbor_pair){ label, kid }))
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	else
		st = ok_cbor_encode_append(map, out, err);
	if (label != NULL)
		cbor_decref(&label);
	if (kid != NULL)
		cbor_decref(&kid);
	cbor_decref(&map);
	return st;
}

static ok_status
put_sign1(const ok_cose_sign_opts *opts, const ok_buf *protected_bytes,
    const uint8_t *payload, size_t payload_len, const ok_buf *sig,
    ok_buf *out, ok_err *err)
{
	ok_status st = ok_buf_resize(out, 0, err);

	if (st == OK_SUCCESS && (opts->flags & OK_COSE_TAGGED))
		st = ok_cbor_put_head(out, OK_CBOR_TAG, OK_COSE_SIGN1_TAG, err);
	if (st == OK_SUCCESS)
		st = ok_cbor_put_head(out, OK_CBOR_ARRAY, 4, err);
	if (st == OK_SUCCESS)
		st = ok_cbor_put_bytes(out, protected_bytes->data,
		    protected_bytes->len, err);
	if (st == OK_SUCCESS)
		st = put_unprotected(opts, out, err);
	if (st == OK_SUCCESS)
		st = ok_cbor_put_bytes(out, payload, payload_len, err);
	if (st == OK_SUCCESS)
		st = ok_cbor_put_bytes(out, sig->data, sig->len, err);
	return st;
}

static ok_status
sign_alg(EVP_PKEY *key, const ok_cose_sign_opts *opts,
    const alg_info **info, ok_err *err)
{
	int64_t alg = opts->alg;
	ok_status st;

	if (alg == 0 && (st = ok_cose_alg_of_key(key, "key", &alg, err)) !=
	    OK_SUCCESS)
		return st;
	if ((*info = alg_lookup(alg)) == NULL)
		return ok_err_set(err, OK_E_USAGE, "alg",
		    "unsupported algorithm %lld", (long long)alg);
	if (alg_of_key(key) != *info)
		return ok_err_ssl(err, OK_E_USAGE, "key",
		    "key does not fit %s", (*info)->name);
	return OK_SUCCESS;
}

ok_status
ok_cose_sign1_sign(EVP_PKEY *key, const ok_cose_sign_opts *opts,
    const uint8_t *payload, size_t payload_len, ok_buf *out, ok_err *err)
{
	ok_buf prot = OK_BUF_INIT, tbs = OK_BUF_INIT, sig = OK_BUF_INIT;
	const alg_info *info;
	ok_status st;

	if ((st = sign_alg(key, opts, &info, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_cbor_put_head(&prot, OK_CBOR_MAP, 1, err)) == OK_SUCCESS &&
	    (st = ok_cbor_put_int(&prot, OK_COSE_HDR_ALG, err)) == OK_SUCCESS &&
	    (st = ok_cbor_put_int(&prot, info->alg, err)) == OK_SUCCESS)
		st = ok_cose_sig_structure(prot.data, prot.len, opts->aad,
		    opts->aad_len, payload, payload_len, &tbs, err);
	if (st == OK_SUCCESS)
		st = sign_tbs(key, info, &tbs, &sig, err);
	if (st == OK_SUCCESS)
		st = put_sign1(opts, &prot, payload, payload_len, &sig, out,
		    err);
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	ok_buf_free(&prot);
	ok_buf_free(&tbs);
	ok_buf_free(&sig);
	return st;
}

/* COSE_Key. */

static ok_status
ec_coordinates(const EVP_PKEY *key, size_t width, uint8_t *x, uint8_t *y,
    ok_err *err)
{
	BIGNUM *bx = NULL, *by = NULL;
	ok_status st = OK_SUCCESS;

	if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &bx) ||
	    !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &by) ||
	    BN_bn2binpad(bx, x, (int)width) < 0 ||
	    BN_bn2binpad(by, y, (int)width) < 0)
		st = ok_err_ssl(err, OK_E_USAGE, "key",
		    "cannot read the public point");
	BN_free(bx);
	BN_free(by);
	return st;
}

/* Labels 1, -1, -2, -3 encode as 01, 20, 21, 22: already in order. */
ok_status
ok_cose_key_export(const EVP_PKEY *key, ok_buf *out, ok_err *err)
{
	const alg_info *info = alg_of_key(key);
	uint8_t x[66], y[66];
	size_t width;
	ok_status st;
	bool okp;

	if (info == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "key",
		    "key is neither P-256, P-384, P-521 nor Ed25519");
	okp = info->digest == NULL;
	width = info->half;
	if (okp ? EVP_PKEY_get_raw_public_key(key, x, &width) != 1 :
	    (st = ec_coordinates(key, width, x, y, err)) != OK_SUCCESS)
		return okp ? ok_err_ssl(err, OK_E_USAGE, "key",
		    "cannot read the public key") : st;
	if ((st = ok_buf_resize(out, 0, err)) != OK_SUCCESS ||
	    (st = ok_cbor_put_head(out, OK_CBOR_MAP, okp ? 3 : 4, err)) ||
	    (st = ok_cbor_put_int(out, 1, err)) ||
	    (st = ok_cbor_put_int(out, okp ? 1 : 2, err)) ||
	    (st = ok_cbor_put_int(out, -1, err)) ||
	    (st = ok_cbor_put_int(out, info->crv, err)) ||
	    (st = ok_cbor_put_int(out, -2, err)) ||
	    (st = ok_cbor_put_bytes(out, x, width, err)))
		return st;
	if (!okp && ((st = ok_cbor_put_int(out, -3, err)) ||
	    (st = ok_cbor_put_bytes(out, y, width, err))))
		return st;
	return OK_SUCCESS;
}
