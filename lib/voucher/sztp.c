/*
 * sztp.c: making an RFC 8572 bundle: the conveyed information (signed
 * SignedData, or a bare ContentInfo when a trusted bootstrap server
 * hands it over unsigned), the owner certificate as a degenerate
 * SignedData, and the get-bootstrapping-data JSON that carries them.
 */
#include "sztp.h"

#include <string.h>

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include "../common/cms.h"
#include "../common/codec.h"
#include "../common/json.h"
#include "verify_internal.h"

bool
ok_sztp_conveyed_type(const json_t *doc, const char **type)
{
	const char *name;
	json_t *value;

	if (!json_is_object(doc) || json_object_size(doc) != 1)
		return false;
	json_object_foreach((json_t *)doc, name, value) {
		if ((strcmp(name, OK_SZTP_REDIRECT) == 0 ||
		    strcmp(name, OK_SZTP_ONBOARDING) == 0) &&
		    json_is_object(value)) {
			*type = name;
			return true;
		}
	}
	return false;
}

static ok_status
conveyed_check(const ok_sztp_bundle_opts *opts, ok_err *err)
{
	const char *type;
	json_t *doc = NULL;
	ok_status st;

	if (opts->conveyed == NULL || opts->conveyed_len == 0)
		return ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "empty");
	if (opts->conveyed_xml)
		return opts->conveyed_len <= OK_SZTP_CONVEYED_MAX ? OK_SUCCESS :
		    ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "more than %d bytes", OK_SZTP_CONVEYED_MAX);
	st = ok_json_parse((const char *)opts->conveyed, opts->conveyed_len,
	    "conveyed-information", &doc, err);
	if (st == OK_SUCCESS && !ok_sztp_conveyed_type(doc, &type))
		st = ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "one member expected, \"%s\" or \"%s\" with an object",
		    OK_SZTP_REDIRECT, OK_SZTP_ONBOARDING);
	json_decref(doc);
	return st;
}

static ok_status
signing_check(const ok_sztp_bundle_opts *opts, ok_err *err)
{
	if (opts->owner_key == NULL) {
		if (opts->voucher != NULL || opts->owner_cert != NULL)
			return ok_err_set(err, OK_E_USAGE, "key",
			    "an owner certificate or ownership voucher "
			    "without the owner key (unsigned conveyed "
			    "information travels alone)");
		return OK_SUCCESS;
	}
	if (opts->owner_cert == NULL)
		return ok_err_set(err, OK_E_USAGE, "owner-certificate",
		    "the owner key needs its certificate");
	if (opts->voucher == NULL || opts->voucher_len == 0)
		return ok_err_set(err, OK_E_USAGE, "ownership-voucher",
		    "signed conveyed information needs the ownership voucher");
	if (sk_X509_num(opts->owner_chain) >= OK_CERTS_MAX)
		return ok_err_set(err, OK_E_USAGE, "owner-certificate",
		    "more than %d certificates", OK_CERTS_MAX);
	if (X509_check_private_key(opts->owner_cert, opts->owner_key) != 1)
		return ok_err_ssl(err, OK_E_USAGE, "key",
		    "does not match the owner certificate");
	return OK_SUCCESS;
}

static ok_status
p7_to_buf(PKCS7 *p7, const char *field, ok_buf *out, ok_err *err)
{
	unsigned char *der = NULL;
	ok_status st;
	int len;

	len = i2d_PKCS7(p7, &der);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_IO, field, "cannot encode");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

/* A SignedData with no signers, no content (eContentType id-data,
 * eContent absent) and the certificates: what `openssl crl2pkcs7
 * -nocrl` makes, and what RFC 8572 3.2 asks for. */
ok_status
ok_sztp_owner_certificate(X509 *owner_cert, STACK_OF(X509) *chain,
    ok_buf *out, ok_err *err)
{
	PKCS7 *p7 = PKCS7_new();
	ok_status st = OK_SUCCESS;
	int i;

	if (owner_cert == NULL)
		st = ok_err_set(err, OK_E_USAGE, "owner-certificate",
		    "no owner certificate");
	else if (p7 == NULL || PKCS7_set_type(p7, NID_pkcs7_signed) != 1 ||
	    PKCS7_content_new(p7, NID_pkcs7_data) != 1 ||
	    PKCS7_set_detached(p7, 1) != 1 ||
	    PKCS7_add_certificate(p7, owner_cert) != 1)
		st = ok_err_ssl(err, OK_E_IO, "owner-certificate",
		    "cannot build the SignedData");
	for (i = 0; st == OK_SUCCESS && i < sk_X509_num(chain); i++)
		if (PKCS7_add_certificate(p7, sk_X509_value(chain, i)) != 1)
			st = ok_err_ssl(err, OK_E_IO, "owner-certificate",
			    "cannot add a chain certificate");
	if (st == OK_SUCCESS)
		st = p7_to_buf(p7, "owner-certificate", out, err);
	PKCS7_free(p7);
	return st;
}

/* ContentInfo { contentType .43/.42, [0] EXPLICIT OCTET STRING }. */
static ok_status
unsigned_conveyed(const uint8_t *content, size_t len, bool xml,
    ok_buf *out, ok_err *err)
{
	const char *oid = xml ? OK_OID_SZTP_CONVEYED_XML :
	    OK_OID_SZTP_CONVEYED_JSON;
	ASN1_OCTET_STRING *octets = ASN1_OCTET_STRING_new();
	ASN1_TYPE *other = ASN1_TYPE_new();
	PKCS7 *p7 = PKCS7_new();
	ok_status st;

	if (p7 == NULL || other == NULL || octets == NULL ||
	    ASN1_OCTET_STRING_set(octets, content, (int)len) != 1 ||
	    (p7->type = OBJ_txt2obj(oid, 1)) == NULL) {
		st = ok_err_ssl(err, OK_E_IO, "conveyed-information",
		    "cannot build the ContentInfo");
		ASN1_OCTET_STRING_free(octets);
		ASN1_TYPE_free(other);
	} else {
		ASN1_TYPE_set(other, V_ASN1_OCTET_STRING, octets);
		p7->d.other = other;
		st = p7_to_buf(p7, "conveyed-information", out, err);
	}
	PKCS7_free(p7);
	return st;
}

static ok_status
signed_conveyed(const ok_sztp_bundle_opts *opts, ok_buf *out, ok_err *err)
{
	ok_cms_sign_opts sign = {
		opts->conveyed_xml ? OK_OID_SZTP_CONVEYED_XML :
		    OK_OID_SZTP_CONVEYED_JSON,
		opts->owner_key, opts->owner_cert, NULL, opts->signing_time
	};

	return ok_cms_sign(opts->conveyed, opts->conveyed_len, &sign, out,
	    err);
}

ok_status
ok_sztp_unsigned_parse(const uint8_t *der, size_t len, ok_buf *content,
    bool *xml, ok_err *err)
{
	const unsigned char *p = der;
	char oid[64];
	PKCS7 *p7;
	ok_status st = OK_SUCCESS;

	if (len > OK_CMS_MAX || (p7 = d2i_PKCS7(NULL, &p, (long)len)) ==
	    NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, "conveyed-information",
		    "neither SignedData nor a ContentInfo");
	if ((size_t)(p - der) != len)
		st = ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "trailing bytes after the ContentInfo");
	else if (OBJ_obj2txt(oid, (int)sizeof(oid), p7->type, 1) <= 0 ||
	    (strcmp(oid, OK_OID_SZTP_CONVEYED_JSON) != 0 &&
	    strcmp(oid, OK_OID_SZTP_CONVEYED_XML) != 0) ||
	    p7->d.other == NULL || p7->d.other->type != V_ASN1_OCTET_STRING)
		st = ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "a ContentInfo that is not conveyed information "
		    "(.1.43 or .1.42 with an OCTET STRING)");
	else {
		*xml = strcmp(oid, OK_OID_SZTP_CONVEYED_XML) == 0;
		st = ok_buf_set(content,
		    ASN1_STRING_get0_data(p7->d.other->value.octet_string),
		    (size_t)ASN1_STRING_length(
		    p7->d.other->value.octet_string), err);
	}
	PKCS7_free(p7);
	return st;
}

static bool
put_b64(json_t *obj, const char *key, const ok_buf *der, ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	bool ok;

	ok = ok_b64_encode_buf(der->data, der->len, OK_B64_STD, &text, err) ==
	    OK_SUCCESS && json_object_set_new(obj, key,
	    json_string((const char *)text.data)) == 0;
	ok_buf_free(&text);
	return ok;
}

static ok_status
bundle_json(const ok_buf *conveyed, const ok_buf *owner,
    const ok_buf *voucher, ok_buf *out, ok_err *err)
{
	json_t *doc = json_object(), *output = json_object();
	ok_status st = OK_SUCCESS;

	if (doc == NULL || output == NULL ||
	    json_object_set(doc, OK_SZTP_BUNDLE_TOP, output) != 0 ||
	    !put_b64(output, "conveyed-information", conveyed, err) ||
	    (owner->len > 0 && !put_b64(output, "owner-certificate", owner,
	    err)) || (voucher->len > 0 && !put_b64(output,
	    "ownership-voucher", voucher, err)))
		st = ok_err_set(err, OK_E_IO, "bundle", "out of memory");
	else
		st = ok_json_dump(doc, 0, out, err);
	json_decref(output);
	json_decref(doc);
	return st;
}

static ok_status
voucher_check(const ok_sztp_bundle_opts *opts, ok_buf *out, ok_err *err)
{
	ok_cms *cms = NULL;
	ok_status st;

	st = ok_cms_parse(opts->voucher, opts->voucher_len,
	    "ownership-voucher", &cms, err);
	ok_cms_free(cms);
	if (st != OK_SUCCESS)
		return st;
	return ok_buf_set(out, opts->voucher, opts->voucher_len, err);
}

ok_status
ok_sztp_bundle(const ok_sztp_bundle_opts *opts, ok_buf *out, ok_err *err)
{
	ok_buf conveyed = OK_BUF_INIT, owner = OK_BUF_INIT;
	ok_buf voucher = OK_BUF_INIT;
	ok_status st;

	st = conveyed_check(opts, err);
	if (st == OK_SUCCESS)
		st = signing_check(opts, err);
	if (st == OK_SUCCESS && opts->owner_key == NULL)
		st = unsigned_conveyed(opts->conveyed, opts->conveyed_len,
		    opts->conveyed_xml, &conveyed, err);
	else if (st == OK_SUCCESS) {
		st = voucher_check(opts, &voucher, err);
		if (st == OK_SUCCESS)
			st = ok_sztp_owner_certificate(opts->owner_cert,
			    opts->owner_chain, &owner, err);
		if (st == OK_SUCCESS)
			st = signed_conveyed(opts, &conveyed, err);
	}
	if (st == OK_SUCCESS)
		st = bundle_json(&conveyed, &owner, &voucher, out, err);
	ok_buf_free(&conveyed);
	ok_buf_free(&owner);
	ok_buf_free(&voucher);
	return st;
}
