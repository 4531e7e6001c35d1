/*
 * signed_sign.c: signing a voucher in each of the three forms, with the
 * certificates the include policy picks.
 */
#include "signed.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/x509v3.h>

#include "../common/cbor.h"
#include "../common/codec.h"
#include "../common/json.h"

#define JWS_TYP "voucher-jws+json"

static bool
self_signed(X509 *cert)
{
	return (X509_get_extension_flags(cert) & EXFLAG_SS) != 0;
}

/*
 * The certificates to embed, borrowed, signer first.  no-anchor drops
 * self-signed chain certificates; the signer itself is always kept (a
 * self-signed signer is its own anchor only for a verifier that already
 * holds it, and then "signer" or "none" is what the caller wants).
 */
static ok_status
included_certs(const ok_vsign_opts *opts, STACK_OF(X509) **out, ok_err *err)
{
	STACK_OF(X509) *certs = sk_X509_new_null();
	X509 *cert;
	int i;

	*out = certs;
	if (certs == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (opts->include == OK_VINCLUDE_NONE)
		return OK_SUCCESS;
	if (sk_X509_push(certs, opts->signer) <= 0)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (opts->include == OK_VINCLUDE_SIGNER)
		return OK_SUCCESS;
	for (i = 0; i < sk_X509_num(opts->chain); i++) {
		cert = sk_X509_value(opts->chain, i);
		if (opts->include == OK_VINCLUDE_NO_ANCHOR && self_signed(cert))
			continue;
		if (sk_X509_num(certs) >= OK_CERTS_MAX)
			return ok_err_set(err, OK_E_USAGE, "chain",
			    "more than %d certificates", OK_CERTS_MAX);
		if (sk_X509_push(certs, cert) <= 0)
			return ok_err_ssl(err, OK_E_IO, "memory",
			    "out of memory");
	}
	return OK_SUCCESS;
}

/* The key must be the signer certificate's, and one the form can use. */
static ok_status
check_key(const ok_vsign_opts *opts, ok_err *err)
{
	EVP_PKEY *cert_key;
	ok_jws_alg jws_alg;
	int64_t cose_alg;
	ok_err ignored;

	if (opts->key == NULL)
		return ok_err_set(err, OK_E_USAGE, "key", "no signer key");
	if (opts->signer == NULL)
		return ok_err_set(err, OK_E_USAGE, "signer",
		    "no signer certificate");
	cert_key = X509_get0_pubkey(opts->signer);
	if (cert_key == NULL || EVP_PKEY_eq(cert_key, opts->key) != 1)
		return ok_err_ssl(err, OK_E_USAGE, "key",
		    "the key does not match the signer certificate");
	if (opts->form == OK_VFORM_JWS &&
	    ok_jws_alg_of_key(opts->key, "key", &jws_alg, &ignored) !=
	    OK_SUCCESS)
		return ok_err_set(err, OK_E_USAGE, "key",
		    "JWS needs a P-256, P-384 or P-521 key");
	if (opts->form == OK_VFORM_COSE)
		return ok_cose_alg_of_key(opts->key, "key", &cose_alg, err);
	return OK_SUCCESS;
}

/* CMS. */

/* Exactly the certificates the include policy picked, none included. */
static ok_status
cms_signer_new(const ok_vsign_opts *opts, STACK_OF(X509) *certs,
    ok_cms_signer **out, ok_err *err)
{
	ok_cms_sign_opts cms_opts;

	memset(&cms_opts, 0, sizeof(cms_opts));
	cms_opts.econtent_type = opts->econtent_type != NULL ?
	    opts->econtent_type : OK_OID_ANIMA_JSON_VOUCHER;
	cms_opts.key = opts->key;
	cms_opts.signer = opts->signer;
	cms_opts.extra_certs = certs;
	cms_opts.signing_time = opts->signing_time;
	return ok_cms_signer_new(&cms_opts, OK_CMS_CERTS_AS_GIVEN, out, err);
}

/* JWS. */

static ok_status
jws_header(const ok_vsign_opts *opts, STACK_OF(X509) *certs,
    json_t **out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT, b64 = OK_BUF_INIT;
	json_t *x5c = NULL;
	ok_jws_alg alg;
	ok_status st;
	int i;

	if ((*out = json_object()) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if ((st = ok_jws_alg_of_key(opts->key, "key", &alg, err)) !=
	    OK_SUCCESS ||
	    (st = ok_json_set_str(*out, "alg", ok_jws_alg_name(alg), err)) !=
	    OK_SUCCESS ||
	    (st = ok_json_set_str(*out, "typ", JWS_TYP, err)) != OK_SUCCESS)
		return st;
	if (sk_X509_num(certs) == 0)
		return OK_SUCCESS;
	if ((st = ok_json_set_new(*out, "x5c", x5c = json_array(), err)) !=
	    OK_SUCCESS)
		return st;
	for (i = 0; i < sk_X509_num(certs) && st == OK_SUCCESS; i++) {
		if ((st = ok_cert_der(sk_X509_value(certs, i), &der, err)) ==
		    OK_SUCCESS &&
		    (st = ok_b64_encode_buf(der.data, der.len, OK_B64_STD,
		    &b64, err)) == OK_SUCCESS &&
		    json_array_append_new(x5c,
		    json_string((const char *)b64.data)) != 0)
			st = ok_err_set(err, OK_E_IO, "memory",
			    "out of memory");
	}
	ok_buf_free(&der);
	ok_buf_free(&b64);
	return st;
}

static ok_status
sign_jws(const uint8_t *payload, size_t len, const ok_vsign_opts *opts,
    STACK_OF(X509) *certs, ok_buf *out, ok_err *err)
{
	json_t *header = NULL;
	ok_status st;

	st = jws_header(opts, certs, &header, err);
	if (st == OK_SUCCESS)
		st = ok_jws_sign(opts->key, header, payload, len,
		    OK_JWS_GENERAL, out, err);
	json_decref(header);
	return st;
}

/* COSE. */

static cbor_item_t *
cert_bstr(X509 *cert, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	cbor_item_t *item = NULL;

	if (ok_cert_der(cert, &der, err) == OK_SUCCESS &&
	    (item = cbor_build_bytestring(der.data, der.len)) == NULL)
		ok_err_set(err, OK_E_IO, "memory", "out of memory");
	ok_buf_free(&der);
	return item;
}

/* RFC 9360 x5bag: one certificate as a bstr, several as an array. */
static cbor_item_t *
x5bag_value(STACK_OF(X509) *certs, ok_err *err)
{
	cbor_item_t *array, *item;
	int i;

	if (sk_X509_num(certs) == 1)
		return cert_bstr(sk_X509_value(certs, 0), err);
	if ((array = cbor_new_definite_array((size_t)sk_X509_num(certs))) ==
	    NULL) {
		ok_err_set(err, OK_E_IO, "memory", "out of memory");
		return NULL;
	}
	for (i = 0; i < sk_X509_num(certs); i++) {
		if ((item = cert_bstr(sk_X509_value(certs, i), err)) == NULL) {
			cbor_decref(&array);
			return NULL;
		}
		if (!cbor_array_push(array, item)) {
			cbor_decref(&item);
			cbor_decref(&array);
			ok_err_set(err, OK_E_IO, "memory", "out of memory");
			return NULL;
		}
		cbor_decref(&item);
	}
	return array;
}

static ok_status
cose_unprotected(STACK_OF(X509) *certs, cbor_item_t **out, ok_err *err)
{
	cbor_item_t *label, *value;
	bool added;

	*out = NULL;
	if (sk_X509_num(certs) == 0)
		return OK_SUCCESS;
	if ((value = x5bag_value(certs, err)) == NULL)
		return err != NULL ? err->status : OK_E_IO;
	label = cbor_build_uint8(OK_COSE_HDR_X5BAG);
	*out = cbor_new_definite_map(1);
	added = label != NULL && *out != NULL &&
	    cbor_map_add(*out, (struct cbor_pair){ label, value });
	if (label != NULL)
		cbor_decref(&label);
	cbor_decref(&value);
	if (added)
		return OK_SUCCESS;
	if (*out != NULL)
		cbor_decref(out);
	return ok_err_set(err, OK_E_IO, "memory", "out of memory");
}

static ok_status
sign_cose(const uint8_t *payload, size_t len, const ok_vsign_opts *opts,
    STACK_OF(X509) *certs, ok_buf *out, ok_err *err)
{
	ok_cose_sign_opts cose_opts;
	cbor_item_t *unprotected = NULL;
	ok_status st;

	memset(&cose_opts, 0, sizeof(cose_opts));
	cose_opts.flags = OK_COSE_TAGGED;
	st = cose_unprotected(certs, &unprotected, err);
	cose_opts.unprotected = unprotected;
	if (st == OK_SUCCESS)
		st = ok_cose_sign1_sign(opts->key, &cose_opts, payload, len,
		    out, err);
	if (unprotected != NULL)
		cbor_decref(&unprotected);
	return st;
}

/* What a signer keeps between vouchers: the options (key and
 * certificates borrowed), the certificates the include policy picked, the
 * prepared CMS signer, and the buffer the voucher is encoded into. */
struct ok_vsigner {
	ok_vsign_opts opts;
	STACK_OF(X509) *certs;
	ok_cms_signer *cms;
	ok_buf encoded;
};

ok_status
ok_vsigner_new(const ok_vsign_opts *opts, ok_vsigner **out, ok_err *err)
{
	ok_vsigner *signer;
	ok_status st;

	*out = NULL;
	if (opts == NULL)
		return ok_err_set(err, OK_E_USAGE, "key", "no signer key");
	if ((st = check_key(opts, err)) != OK_SUCCESS)
		return st;
	if ((signer = calloc(1, sizeof(*signer))) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	signer->opts = *opts;
	st = included_certs(opts, &signer->certs, err);
	if (st == OK_SUCCESS && opts->form == OK_VFORM_CMS)
		st = cms_signer_new(opts, signer->certs, &signer->cms, err);
	if (st == OK_SUCCESS && opts->form != OK_VFORM_CMS &&
	    opts->form != OK_VFORM_JWS && opts->form != OK_VFORM_COSE)
		st = ok_err_set(err, OK_E_USAGE, "form", "unknown form");
	if (st != OK_SUCCESS) {
		ok_vsigner_free(signer);
		return st;
	}
	*out = signer;
	return OK_SUCCESS;
}

void
ok_vsigner_free(ok_vsigner *signer)
{
	if (signer == NULL)
		return;
	sk_X509_free(signer->certs);
	ok_cms_signer_free(signer->cms);
	ok_buf_free(&signer->encoded);
	free(signer);
}

ok_status
ok_vsigner_sign(ok_vsigner *signer, const uint8_t *payload, size_t len,
    ok_buf *out, ok_err *err)
{
	ok_status st;

	if (len > OK_VOUCHER_MAX)
		return ok_err_set(err, OK_E_USAGE, "content",
		    "more than %d bytes", OK_VOUCHER_MAX);
	if (signer->opts.form == OK_VFORM_CMS)
		st = ok_cms_signer_sign(signer->cms, payload, len, out, err);
	else if (signer->opts.form == OK_VFORM_JWS)
		st = sign_jws(payload, len, &signer->opts, signer->certs, out,
		    err);
	else
		st = sign_cose(payload, len, &signer->opts, signer->certs, out,
		    err);
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	return st;
}

ok_status
ok_vsigner_sign_voucher(ok_vsigner *signer, const ok_voucher *voucher,
    ok_buf *out, ok_err *err)
{
	ok_status st;

	if (signer->opts.form == OK_VFORM_COSE)
		st = ok_voucher_to_cbor(voucher, &signer->encoded, err);
	else
		st = ok_voucher_to_json(voucher, &signer->encoded, err);
	if (st == OK_SUCCESS)
		st = ok_vsigner_sign(signer, signer->encoded.data,
		    signer->encoded.len, out, err);
	return st;
}

ok_status
ok_signed_sign(const uint8_t *payload, size_t len,
    const ok_vsign_opts *opts, ok_buf *out, ok_err *err)
{
	ok_vsigner *signer;
	ok_status st;

	if (len > OK_VOUCHER_MAX)
		return ok_err_set(err, OK_E_USAGE, "content",
		    "more than %d bytes", OK_VOUCHER_MAX);
	if ((st = ok_vsigner_new(opts, &signer, err)) != OK_SUCCESS)
		return st;
	st = ok_vsigner_sign(signer, payload, len, out, err);
	ok_vsigner_free(signer);
	return st;
}

ok_status
ok_voucher_sign(const ok_voucher *voucher, const ok_vsign_opts *opts,
    ok_buf *out, ok_err *err)
{
	ok_vsigner *signer;
	ok_status st;

	if ((st = ok_vsigner_new(opts, &signer, err)) != OK_SUCCESS)
		return st;
	st = ok_vsigner_sign_voucher(signer, voucher, out, err);
	ok_vsigner_free(signer);
	return st;
}
