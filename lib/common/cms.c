/*
 * cms.c: CMS SignedData signing and strict decoding, with the signature
 * and the signer's chain verified as separate steps.
 */
#include "cms.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

struct ok_cms {
	CMS_ContentInfo *content_info;
	STACK_OF(X509) *certs; /* embedded, owned */
};

/* Longest dotted OID we print; longer ones are not eContentTypes we know
 * and are refused rather than truncated. */
#define OID_TEXT_MAX 128

static ok_status
der_to_buf(unsigned char *der, int len, const char *what, ok_buf *out,
    ok_err *err)
{
	ok_status st;

	if (len <= 0)
		return ok_err_ssl(err, OK_E_IO, what, "cannot encode");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

static ok_status
add_signing_time(CMS_SignerInfo *si, time_t at, ok_err *err)
{
	ASN1_TIME *when;
	int ok;

	if (at == 0)
		return OK_SUCCESS; /* OpenSSL adds the current time */
	when = ASN1_TIME_set(NULL, at);
	if (when == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "signing-time",
		    "time not representable");
	ok = CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
	    when->type, when, -1);
	ASN1_TIME_free(when);
	if (ok != 1)
		return ok_err_ssl(err, OK_E_IO, "signing-time",
		    "cannot add signingTime");
	return OK_SUCCESS;
}

static ok_status
sign_setup(CMS_ContentInfo *ci, const ok_cms_sign_opts *opts,
    unsigned flags, ok_err *err)
{
	const char *oid = opts->econtent_type ? opts->econtent_type :
	    OK_OID_DATA;
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	CMS_SignerInfo *si;
	int ok;

	if (type == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "econtent-type",
		    "'%s' is not a dotted OID", oid);
	ok = CMS_set1_eContentType(ci, type);
	ASN1_OBJECT_free(type);
	if (ok != 1)
		return ok_err_ssl(err, OK_E_IO, "econtent-type",
		    "cannot set eContentType");
	si = CMS_add1_signer(ci, opts->signer, opts->key, NULL, flags);
	if (si == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "signer",
		    "cannot use this certificate and key to sign");
	return add_signing_time(si, opts->signing_time, err);
}

ok_status
ok_cms_sign(const uint8_t *content, size_t len,
    const ok_cms_sign_opts *opts, ok_buf *out, ok_err *err)
{
	const unsigned flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP;
	CMS_ContentInfo *ci = NULL;
	unsigned char *der = NULL;
	BIO *in = NULL;
	ok_status st;
	int der_len;

	if (opts == NULL || opts->key == NULL || opts->signer == NULL)
		return ok_err_set(err, OK_E_USAGE, "signer",
		    "a signer certificate and key are needed");
	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_USAGE, "content",
		    "more than %d bytes", OK_CMS_MAX);
	in = BIO_new_mem_buf(content, (int)len);
	ci = CMS_sign(NULL, NULL, opts->extra_certs, NULL, flags);
	if (in == NULL || ci == NULL)
		st = ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	else
		st = sign_setup(ci, opts, flags, err);
	if (st == OK_SUCCESS && CMS_final(ci, in, NULL, flags) != 1)
		st = ok_err_ssl(err, OK_E_USAGE, "signer", "signing failed");
	if (st == OK_SUCCESS) {
		der_len = i2d_CMS_ContentInfo(ci, &der);
		st = der_to_buf(der, der_len, "cms", out, err);
	}
	CMS_ContentInfo_free(ci);
	BIO_free(in);
	return st;
}

static ok_status
cms_decode(const uint8_t *der, size_t len, const char *field,
    CMS_ContentInfo **out, ok_err *err)
{
	const unsigned char *p = der;

	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d bytes", OK_CMS_MAX);
	*out = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (*out == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not CMS DER or truncated");
	if ((size_t)(p - der) != len) {
		CMS_ContentInfo_free(*out);
		*out = NULL;
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "%zu trailing bytes after the CMS structure",
		    len - (size_t)(p - der));
	}
	return OK_SUCCESS;
}

static ok_status
cms_check_signed(ok_cms *cms, const char *field, ok_err *err)
{
	CMS_ContentInfo *ci = cms->content_info;

	if (OBJ_obj2nid(CMS_get0_type(ci)) != NID_pkcs7_signed)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "content type is not SignedData");
	if (CMS_get0_eContentType(ci) == NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "SignedData without eContentType");
	cms->certs = CMS_get1_certs(ci);
	if (cms->certs == NULL)
		cms->certs = sk_X509_new_null();
	if (cms->certs == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (sk_X509_num(cms->certs) > OK_CERTS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d embedded certificates", OK_CERTS_MAX);
	return OK_SUCCESS;
}

ok_status
ok_cms_parse(const uint8_t *der, size_t len, const char *field,
    ok_cms **out, ok_err *err)
{
	ok_cms *cms;
	ok_status st;

	*out = NULL;
	cms = calloc(1, sizeof(*cms));
	if (cms == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = cms_decode(der, len, field, &cms->content_info, err);
	if (st == OK_SUCCESS)
		st = cms_check_signed(cms, field, err);
	if (st != OK_SUCCESS) {
		ok_cms_free(cms);
		return st;
	}
	*out = cms;
	return OK_SUCCESS;
}

void
ok_cms_free(ok_cms *cms)
{
	if (cms == NULL)
		return;
	CMS_ContentInfo_free(cms->content_info);
	sk_X509_pop_free(cms->certs, X509_free);
	free(cms);
}

ok_status
ok_cms_econtent_type(const ok_cms *cms, ok_buf *out, ok_err *err)
{
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms->content_info);
	char text[OID_TEXT_MAX];
	int len;

	len = OBJ_obj2txt(text, (int)sizeof(text), type, 1);
	if (len <= 0 || (size_t)len >= sizeof(text))
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "eContentType is not a printable OID");
	return ok_buf_set(out, text, (size_t)len, err);
}

ok_status
ok_cms_econtent(const ok_cms *cms, ok_buf *out, ok_err *err)
{
	ASN1_OCTET_STRING **content;

	content = CMS_get0_content(cms->content_info);
	if (content == NULL || *content == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "no eContent (detached or certificates-only SignedData)");
	return ok_buf_set(out, ASN1_STRING_get0_data(*content),
	    (size_t)ASN1_STRING_length(*content), err);
}

STACK_OF(X509) *
ok_cms_certs(const ok_cms *cms)
{
	return cms->certs;
}

static ok_status
signer_count_check(ok_cms *cms, ok_err *err)
{
	STACK_OF(CMS_SignerInfo) *infos;
	int count;

	infos = CMS_get0_SignerInfos(cms->content_info);
	count = infos != NULL ? sk_CMS_SignerInfo_num(infos) : 0;
	if (count == 0)
		return ok_err_set(err, OK_E_NEGATIVE, "cms",
		    "no SignerInfo: nothing is signed");
	if (count > 1)
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "%d SignerInfos (one is supported)", count);
	return OK_SUCCESS;
}

static ok_status
signer_ref(ok_cms *cms, X509 **signer, ok_err *err)
{
	STACK_OF(X509) *signers = CMS_get0_signers(cms->content_info);
	X509 *cert;

	cert = sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
	sk_X509_free(signers);
	if (cert == NULL || X509_up_ref(cert) != 1)
		return ok_err_ssl(err, OK_E_NEGATIVE, "cms",
		    "signer certificate not identified");
	*signer = cert;
	return OK_SUCCESS;
}

ok_status
ok_cms_verify_signature(ok_cms *cms, STACK_OF(X509) *extra_certs,
    X509 **signer, ok_err *err)
{
	const unsigned flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY;
	ok_status st;

	if (signer != NULL)
		*signer = NULL;
	st = signer_count_check(cms, err);
	if (st != OK_SUCCESS)
		return st;
	ERR_clear_error();
	if (CMS_verify(cms->content_info, extra_certs, NULL, NULL, NULL,
	    flags) != 1)
		return ok_err_ssl(err, OK_E_NEGATIVE, "cms",
		    "signature does not verify");
	if (signer == NULL)
		return OK_SUCCESS;
	return signer_ref(cms, signer, err);
}

ok_status
ok_cms_verify_chain(const ok_cms *cms, X509 *signer,
    STACK_OF(X509) *extra_certs, STACK_OF(X509) *anchors,
    const ok_verify_opts *opts, ok_err *err)
{
	STACK_OF(X509) *untrusted = sk_X509_dup(cms->certs);
	ok_status st;
	int i;

	if (untrusted == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < sk_X509_num(extra_certs); i++) {
		if (sk_X509_push(untrusted, sk_X509_value(extra_certs, i)) <=
		    0) {
			sk_X509_free(untrusted);
			return ok_err_ssl(err, OK_E_IO, "memory",
			    "out of memory");
		}
	}
	st = ok_chain_verify(signer, untrusted, anchors, opts, "signer", err);
	sk_X509_free(untrusted);
	return st;
}
