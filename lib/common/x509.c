/*
 * x509.c: strict certificate loading, chain verification at a chosen time
 * and the certificate fields voucher tools read.
 */
#define _GNU_SOURCE /* memmem */
#include "x509.h"

#include <limits.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

static const char pem_begin[] = "-----BEGIN CERTIFICATE-----";
static const char pem_end[] = "-----END CERTIFICATE-----";

static bool
is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t
skip_space(const uint8_t *data, size_t len, size_t off)
{
	while (off < len && is_space(data[off]))
		off++;
	return off;
}

static ok_status
certs_push(STACK_OF(X509) *certs, X509 *cert, const char *field,
    ok_err *err)
{
	if (sk_X509_num(certs) >= OK_CERTS_MAX) {
		X509_free(cert);
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d certificates", OK_CERTS_MAX);
	}
	if (sk_X509_push(certs, cert) <= 0) {
		X509_free(cert);
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	}
	return OK_SUCCESS;
}

/* One DER certificate at data[*off..len); advances *off past it. */
static ok_status
der_cert_next(const uint8_t *data, size_t len, size_t *off,
    const char *field, X509 **out, ok_err *err)
{
	const unsigned char *p = data + *off;

	*out = d2i_X509(NULL, &p, (long)(len - *off));
	if (*out == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "certificate %zu: not a DER certificate or truncated",
		    *off);
	*off = (size_t)(p - data);
	return OK_SUCCESS;
}

static ok_status
certs_parse_der(const uint8_t *data, size_t len, const char *field,
    STACK_OF(X509) *certs, ok_err *err)
{
	size_t off = 0;
	X509 *cert;
	ok_status st;

	while (off < len) {
		st = der_cert_next(data, len, &off, field, &cert, err);
		if (st == OK_SUCCESS)
			st = certs_push(certs, cert, field, err);
		if (st != OK_SUCCESS)
			return st;
	}
	return OK_SUCCESS;
}

/* The DER inside one PEM block, which must decode to exactly one
 * certificate with nothing after it. */
static ok_status
pem_block_cert(const uint8_t *block, size_t len, const char *field,
    X509 **out, ok_err *err)
{
	BIO *bio = BIO_new_mem_buf(block, (int)len);
	char *name = NULL, *header = NULL;
	unsigned char *der = NULL;
	long der_len = 0;
	size_t off = 0;
	ok_status st;

	*out = NULL;
	if (bio == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (PEM_read_bio(bio, &name, &header, &der, &der_len) != 1)
		st = ok_err_ssl(err, OK_E_MALFORMED, field, "bad PEM block");
	else if (header[0] != '\0')
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "PEM headers in a certificate block");
	else
		st = der_cert_next(der, (size_t)der_len, &off, field, out,
		    err);
	if (st == OK_SUCCESS && off != (size_t)der_len) {
		X509_free(*out);
		*out = NULL;
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "trailing bytes after the certificate in a PEM block");
	}
	OPENSSL_free(name);
	OPENSSL_free(header);
	OPENSSL_free(der);
	BIO_free(bio);
	return st;
}

/*
 * Text before a block is skipped, as RFC 7468 section 2 asks of parsers
 * ("openssl x509 -text" output puts the dump before the block), unless it
 * holds another PEM block: a key where certificates were expected is
 * refused, not passed over.  After the last block only whitespace.
 */
static ok_status
skip_to_block(const uint8_t *data, size_t len, const char *field,
    size_t *off, ok_err *err)
{
	const uint8_t *begin = memmem(data + *off, len - *off, pem_begin,
	    sizeof(pem_begin) - 1);
	size_t at = begin != NULL ? (size_t)(begin - data) : len;

	if (memmem(data + *off, at - *off, "-----BEGIN ", 11) != NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "byte %zu: a PEM block that is not a CERTIFICATE", *off);
	if (begin == NULL && skip_space(data, len, *off) != len)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "byte %zu: text after the last certificate", *off);
	*off = at;
	return OK_SUCCESS;
}

static ok_status
certs_parse_pem(const uint8_t *data, size_t len, const char *field,
    STACK_OF(X509) *certs, ok_err *err)
{
	size_t off = 0, end_at;
	const uint8_t *end;
	X509 *cert;
	ok_status st;

	while ((st = skip_to_block(data, len, field, &off, err)) ==
	    OK_SUCCESS && off < len) {
		end = memmem(data + off, len - off, pem_end,
		    sizeof(pem_end) - 1);
		if (end == NULL)
			return ok_err_set(err, OK_E_MALFORMED, field,
			    "PEM block without %s", pem_end);
		end_at = (size_t)(end - data) + sizeof(pem_end) - 1;
		st = pem_block_cert(data + off, end_at - off, field, &cert,
		    err);
		if (st == OK_SUCCESS)
			st = certs_push(certs, cert, field, err);
		if (st != OK_SUCCESS)
			return st;
		off = end_at;
	}
	if (st == OK_SUCCESS && sk_X509_num(certs) == 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "no certificate");
	return st;
}

ok_status
ok_certs_parse(const uint8_t *data, size_t len, const char *field,
    STACK_OF(X509) **out, ok_err *err)
{
	STACK_OF(X509) *certs;
	size_t start = skip_space(data, len, 0);
	ok_status st;

	*out = NULL;
	if (len > OK_CERTS_INPUT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d bytes", OK_CERTS_INPUT_MAX);
	if (start == len)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "no certificate");
	certs = sk_X509_new_null();
	if (certs == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (data[start] != 0x30)
		st = certs_parse_pem(data, len, field, certs, err);
	else
		st = certs_parse_der(data, len, field, certs, err);
	if (st != OK_SUCCESS) {
		sk_X509_pop_free(certs, X509_free);
		return st;
	}
	*out = certs;
	return OK_SUCCESS;
}

ok_status
ok_cert_parse(const uint8_t *data, size_t len, const char *field,
    X509 **out, ok_err *err)
{
	STACK_OF(X509) *certs;
	ok_status st;

	*out = NULL;
	st = ok_certs_parse(data, len, field, &certs, err);
	if (st != OK_SUCCESS)
		return st;
	if (sk_X509_num(certs) != 1)
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "%d certificates where one is expected",
		    sk_X509_num(certs));
	else
		*out = sk_X509_shift(certs);
	sk_X509_pop_free(certs, X509_free);
	return st;
}

static X509_STORE *
anchor_store(STACK_OF(X509) *anchors)
{
	X509_STORE *store = X509_STORE_new();
	int i;

	for (i = 0; store != NULL && i < sk_X509_num(anchors); i++) {
		if (X509_STORE_add_cert(store, sk_X509_value(anchors, i)) !=
		    1) {
			X509_STORE_free(store);
			return NULL;
		}
	}
	return store;
}

/* S/MIME signing is what openssl cms -verify checks by default. */
static bool
verify_ctx_setup(X509_STORE_CTX *ctx, const ok_verify_opts *opts)
{
	X509_VERIFY_PARAM *param;

	if (X509_STORE_CTX_set_default(ctx, "smime_sign") != 1)
		return false;
	param = X509_STORE_CTX_get0_param(ctx);
	if (opts == NULL)
		return true;
	if (opts->at != 0)
		X509_VERIFY_PARAM_set_time(param, opts->at);
	if (opts->partial_chain &&
	    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN) != 1)
		return false;
	if (opts->purpose_any &&
	    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_ANY) != 1)
		return false;
	return true;
}

ok_status
ok_chain_verify(X509 *leaf, STACK_OF(X509) *untrusted,
    STACK_OF(X509) *anchors, const ok_verify_opts *opts, const char *field,
    ok_err *err)
{
	X509_STORE_CTX *ctx = NULL;
	X509_STORE *store;
	ok_status st;
	int rc;

	if (leaf == NULL || sk_X509_num(anchors) <= 0)
		return ok_err_set(err, OK_E_USAGE, field,
		    "no certificate or no trust anchor to verify against");
	store = anchor_store(anchors);
	if (store == NULL || (ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1 ||
	    !verify_ctx_setup(ctx, opts)) {
		st = ok_err_ssl(err, OK_E_IO, field, "verify set-up failed");
		goto out;
	}
	rc = X509_verify_cert(ctx);
	if (rc == 1)
		st = OK_SUCCESS;
	else if (X509_STORE_CTX_get_error(ctx) != X509_V_OK)
		st = ok_err_set(err, OK_E_NEGATIVE, field, "%s (depth %d)",
		    X509_verify_cert_error_string(
		    X509_STORE_CTX_get_error(ctx)),
		    X509_STORE_CTX_get_error_depth(ctx));
	else
		st = ok_err_ssl(err, OK_E_IO, field, "verify failed");
	ERR_clear_error();
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(store);
	return st;
}

ok_status
ok_cert_aki(const X509 *cert, bool wrapped, const char *field, ok_buf *out,
    ok_err *err)
{
	int loc = X509_get_ext_by_NID(cert, NID_authority_key_identifier, -1);
	ASN1_OCTET_STRING *value;
	unsigned char *der = NULL;
	ok_status st;
	int len;

	if (loc < 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "no AuthorityKeyIdentifier extension");
	value = X509_EXTENSION_get_data(X509_get_ext(cert, loc));
	if (!wrapped)
		return ok_buf_set(out, ASN1_STRING_get0_data(value),
		    (size_t)ASN1_STRING_length(value), err);
	len = i2d_ASN1_OCTET_STRING(value, &der);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_IO, field, "cannot encode AKI");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

ok_status
ok_cert_serial_number(const X509 *cert, const char *field, ok_buf *out,
    ok_err *err)
{
	const X509_NAME *subject = X509_get_subject_name(cert);
	int loc = X509_NAME_get_index_by_NID(subject, NID_serialNumber, -1);
	unsigned char *text = NULL;
	ok_status st;
	int len;

	if (loc < 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "no serialNumber in the subject");
	if (X509_NAME_get_index_by_NID(subject, NID_serialNumber, loc) >= 0)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than one serialNumber in the subject");
	len = ASN1_STRING_to_UTF8(&text, X509_NAME_ENTRY_get_data(
	    X509_NAME_get_entry(subject, loc)));
	if (len <= 0 || memchr(text, '\0', (size_t)len) != NULL)
		st = ok_err_ssl(err, OK_E_MALFORMED, field,
		    "serialNumber is empty or not text");
	else
		st = ok_buf_set(out, text, (size_t)len, err);
	OPENSSL_free(text);
	return st;
}

ok_status
ok_cert_has_eku(const X509 *cert, int eku_nid, const char *field,
    ok_err *err)
{
	EXTENDED_KEY_USAGE *eku;
	int crit = 0, i;
	bool found = false;

	eku = X509_get_ext_d2i(cert, NID_ext_key_usage, &crit, NULL);
	if (eku == NULL && crit == -1)
		return ok_err_set(err, OK_E_NEGATIVE, field,
		    "no ExtendedKeyUsage extension (%s needed)",
		    OBJ_nid2sn(eku_nid));
	if (eku == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "ExtendedKeyUsage does not decode or is repeated");
	for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++)
		if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku, i)) == eku_nid)
			found = true;
	EXTENDED_KEY_USAGE_free(eku);
	if (found)
		return OK_SUCCESS;
	return ok_err_set(err, OK_E_NEGATIVE, field,
	    "ExtendedKeyUsage lacks %s", OBJ_nid2sn(eku_nid));
}

ok_status
ok_cert_spki_der(const X509 *cert, ok_buf *out, ok_err *err)
{
	unsigned char *der = NULL;
	ok_status st;
	int len;

	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &der);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_MALFORMED, "certificate",
		    "cannot encode the public key");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

ok_status
ok_cert_der(const X509 *cert, ok_buf *out, ok_err *err)
{
	unsigned char *der = NULL;
	ok_status st;
	int len;

	len = i2d_X509(cert, &der);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_MALFORMED, "certificate",
		    "cannot encode the certificate");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}
