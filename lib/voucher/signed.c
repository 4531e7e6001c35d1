/*
 * signed.c: the envelope of a signed voucher: names, form detection and
 * strict decoding of CMS (DER, base64, PEM), JWS JSON and COSE_Sign1.
 *
 * Detection looks only at the first bytes, so one input has one reading:
 * a DER SEQUENCE is CMS, '{' is JWS, tag 18 or a 4-array is COSE, PEM
 * armour is CMS, and text in the base64 alphabet is a DER CMS or COSE
 * message in base64 (what --armor writes).
 */
#include "signed.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>


#include "../common/cbor.h"
#include "../common/codec.h"
#include "../common/pem.h"

const char *
ok_vform_name(ok_vform form)
{
	switch (form) {
	case OK_VFORM_CMS:
		return "cms";
	case OK_VFORM_JWS:
		return "jws";
	case OK_VFORM_COSE:
		return "cose";
	}
	return "unknown";
}

ok_status
ok_vform_by_name(const char *name, const char *field, ok_vform *out,
    ok_err *err)
{
	static const ok_vform forms[] = { OK_VFORM_CMS, OK_VFORM_JWS,
	    OK_VFORM_COSE };
	size_t i;

	for (i = 0; name != NULL && i < sizeof(forms) / sizeof(forms[0]); i++)
		if (strcmp(name, ok_vform_name(forms[i])) == 0) {
			*out = forms[i];
			return OK_SUCCESS;
		}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown form '%s' (cms, jws or cose)", name ? name : "");
}

const char *
ok_vencoding_name(ok_vencoding encoding)
{
	switch (encoding) {
	case OK_VENC_DER:
		return "der";
	case OK_VENC_BASE64:
		return "base64";
	case OK_VENC_PEM:
		return "pem";
	case OK_VENC_JSON:
		return "json";
	case OK_VENC_CBOR:
		return "cbor";
	}
	return "unknown";
}

ok_status
ok_vinclude_by_name(const char *name, const char *field, ok_vinclude *out,
    ok_err *err)
{
	static const struct {
		const char *name;
		ok_vinclude include;
	} names[] = {
		{ "chain", OK_VINCLUDE_CHAIN },
		{ "no-anchor", OK_VINCLUDE_NO_ANCHOR },
		{ "signer", OK_VINCLUDE_SIGNER },
		{ "none", OK_VINCLUDE_NONE },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].include;
			return OK_SUCCESS;
		}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown include policy '%s' (chain, no-anchor, signer or none)",
	    name ? name : "");
}

void
ok_signed_init(ok_signed *sig)
{
	ok_jws blank_jws = OK_JWS_INIT;
	ok_cose_sign1 blank_cose = OK_COSE_SIGN1_INIT;
	ok_buf blank_buf = OK_BUF_INIT;

	memset(sig, 0, sizeof(*sig));
	sig->payload = blank_buf;
	sig->envelope = blank_buf;
	sig->jws = blank_jws;
	sig->cose = blank_cose;
}

void
ok_signed_free(ok_signed *sig)
{
	if (sig == NULL)
		return;
	ok_buf_free(&sig->payload);
	ok_buf_free(&sig->envelope);
	sk_X509_pop_free(sig->certs, X509_free);
	X509_free(sig->signer);
	ok_cms_free(sig->cms);
	ok_jws_free(&sig->jws);
	ok_cose_sign1_free(&sig->cose);
	ok_signed_init(sig);
}

/* Appends a new reference to cert to sig->certs. */
static ok_status
certs_push(ok_signed *sig, X509 *cert, const char *field, ok_err *err)
{
	if (sk_X509_num(sig->certs) >= OK_CERTS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d certificates", OK_CERTS_MAX);
	if (X509_up_ref(cert) != 1)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (sk_X509_push(sig->certs, cert) <= 0) {
		X509_free(cert);
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	}
	return OK_SUCCESS;
}

static ok_status
certs_push_all(ok_signed *sig, STACK_OF(X509) *certs, const char *field,
    ok_err *err)
{
	ok_status st = OK_SUCCESS;
	int i;

	for (i = 0; i < sk_X509_num(certs) && st == OK_SUCCESS; i++)
		st = certs_push(sig, sk_X509_value(certs, i), field, err);
	return st;
}

static ok_status
content_type_set(ok_signed *sig, const char *text, size_t len,
    const char *field, ok_err *err)
{
	if (len >= sizeof(sig->content_type) || memchr(text, '\0', len))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "content type longer than %zu bytes or not text",
		    sizeof(sig->content_type) - 1);
	memcpy(sig->content_type, text, len);
	sig->content_type[len] = '\0';
	return OK_SUCCESS;
}

/* CMS. */

static ok_status
parse_cms(const uint8_t *der, size_t len, const char *field, ok_signed *sig,
    ok_err *err)
{
	ok_buf type = OK_BUF_INIT;
	ok_status st;

	sig->form = OK_VFORM_CMS;
	if ((st = ok_cms_parse(der, len, field, &sig->cms, err)) !=
	    OK_SUCCESS ||
	    (st = ok_buf_set(&sig->envelope, der, len, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_cms_econtent_type(sig->cms, &type, err)) == OK_SUCCESS)
		st = content_type_set(sig, (const char *)type.data, type.len,
		    field, err);
	ok_buf_free(&type);
	if (st == OK_SUCCESS)
		st = ok_cms_econtent(sig->cms, &sig->payload, err);
	if (st == OK_SUCCESS)
		st = certs_push_all(sig, ok_cms_certs(sig->cms), field, err);
	return st;
}

/* JWS. */

static int64_t
jws_cose_alg(ok_jws_alg alg)
{
	switch (alg) {
	case OK_JWS_ES256:
		return OK_COSE_ES256;
	case OK_JWS_ES384:
		return OK_COSE_ES384;
	case OK_JWS_ES512:
		return OK_COSE_ES512;
	}
	return 0;
}

static ok_status
parse_jws(const uint8_t *text, size_t len, ok_signed *sig, ok_err *err)
{
	const json_t *typ;
	ok_status st;

	sig->form = OK_VFORM_JWS;
	sig->encoding = OK_VENC_JSON;
	if ((st = ok_jws_parse((const char *)text, len, &sig->jws, err)) !=
	    OK_SUCCESS)
		return st;
	while (len > 0 && isspace(text[len - 1]))
		len--;
	if ((st = ok_buf_set(&sig->envelope, text, len, err)) != OK_SUCCESS)
		return st;
	if (sig->jws.form == OK_JWS_COMPACT)
		return ok_err_set(err, OK_E_MALFORMED, "jws",
		    "a voucher JWS is JSON (general or flattened)");
	sig->cose_alg = jws_cose_alg(sig->jws.alg);
	typ = json_object_get(sig->jws.protected_header, "typ");
	if (typ != NULL && !json_is_string(typ))
		return ok_err_set(err, OK_E_MALFORMED, "typ",
		    "typ is not a string");
	if (typ != NULL && (st = content_type_set(sig, json_string_value(typ),
	    json_string_length(typ), "typ", err)) != OK_SUCCESS)
		return st;
	if ((st = ok_buf_set(&sig->payload, sig->jws.payload.data,
	    sig->jws.payload.len, err)) != OK_SUCCESS)
		return st;
	return certs_push_all(sig, sig->jws.x5c, "x5c", err);
}

/* COSE. */

static ok_status
cose_cert_push(ok_signed *sig, const cbor_item_t *item, const char *field,
    ok_err *err)
{
	const uint8_t *der;
	const unsigned char *pos;
	size_t len;
	X509 *cert;
	ok_status st;

	if (!ok_cbor_bytes_value(item, &der, &len))
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "certificate is not a byte string");
	pos = der;
	cert = d2i_X509(NULL, &pos, (long)len);
	if (cert == NULL || pos != der + len) {
		X509_free(cert);
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not one DER certificate");
	}
	st = certs_push(sig, cert, field, err);
	X509_free(cert);
	return st;
}

/* RFC 9360: one certificate as a bstr, several as an array of bstr. */
static ok_status
cose_certs(ok_signed *sig, int64_t label, const char *field, ok_err *err)
{
	const cbor_item_t *value = ok_cose_sign1_header(&sig->cose, label);
	ok_status st = OK_SUCCESS;
	size_t i, count;

	if (value == NULL)
		return OK_SUCCESS;
	if (!cbor_isa_array(value))
		return cose_cert_push(sig, value, field, err);
	count = cbor_array_size(value);
	if (count < 2)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "an array must hold two or more certificates");
	for (i = 0; i < count && st == OK_SUCCESS; i++)
		st = cose_cert_push(sig, cbor_array_handle(value)[i], field,
		    err);
	return st;
}

static ok_status
cose_content_type(ok_signed *sig, ok_err *err)
{
	const cbor_item_t *value = ok_cose_sign1_header(&sig->cose, 3);
	char number[24];
	int64_t format;

	if (value == NULL)
		return OK_SUCCESS;
	if (cbor_isa_string(value) && cbor_string_is_definite(value))
		return content_type_set(sig,
		    (const char *)cbor_string_handle(value),
		    cbor_string_length(value), "content type", err);
	if (!ok_cbor_int_value(value, &format) || format < 0 ||
	    format > 65535)
		return ok_err_set(err, OK_E_MALFORMED, "content type",
		    "header 3 is neither text nor a content format number");
	snprintf(number, sizeof(number), "%lld", (long long)format);
	return content_type_set(sig, number, strlen(number), "content type",
	    err);
}

static ok_status
parse_cose(const uint8_t *data, size_t len, const char *field,
    ok_signed *sig, ok_err *err)
{
	ok_status st;

	sig->form = OK_VFORM_COSE;
	if ((st = ok_cose_sign1_decode(data, len, 0, field, &sig->cose,
	    err)) != OK_SUCCESS)
		return st;
	if ((st = ok_buf_set(&sig->envelope, data, len, err)) != OK_SUCCESS)
		return st;
	sig->cose_alg = sig->cose.alg;
	if ((st = cose_content_type(sig, err)) != OK_SUCCESS ||
	    (st = ok_buf_set(&sig->payload, sig->cose.payload.data,
	    sig->cose.payload.len, err)) != OK_SUCCESS ||
	    (st = cose_certs(sig, OK_COSE_HDR_X5CHAIN, "x5chain", err)) !=
	    OK_SUCCESS)
		return st;
	return cose_certs(sig, OK_COSE_HDR_X5BAG, "x5bag", err);
}

/* Binary: CMS DER or COSE, by the first byte. */
static ok_status
parse_binary(const uint8_t *data, size_t len, const char *field,
    ok_signed *sig, ok_err *err)
{
	if (data[0] == 0x30)
		return parse_cms(data, len, field, sig, err);
	if (data[0] == 0xd2 || data[0] == 0x84) {
		sig->encoding = OK_VENC_CBOR;
		return parse_cose(data, len, field, sig, err);
	}
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "not a CMS, JWS or COSE voucher (first byte 0x%02x)", data[0]);
}

/* Text. */

static bool
is_b64_text(const uint8_t *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum(data[i]) && !isspace(data[i]) && data[i] != '+' &&
		    data[i] != '/' && data[i] != '=')
			return false;
	return true;
}

/* Base64 with line breaks: the whitespace goes, the rest is strict. */
static ok_status
parse_b64(const uint8_t *data, size_t len, const char *field,
    ok_signed *sig, ok_err *err)
{
	ok_buf text = OK_BUF_INIT, der = OK_BUF_INIT;
	ok_status st = ok_buf_resize(&text, len, err);
	size_t i, used = 0;

	for (i = 0; i < len && st == OK_SUCCESS; i++)
		if (!isspace(data[i]))
			text.data[used++] = data[i];
	if (st == OK_SUCCESS)
		st = ok_b64_decode((const char *)text.data, used, OK_B64_STD,
		    field, &der, err);
	if (st == OK_SUCCESS && der.len == 0)
		st = ok_err_set(err, OK_E_MALFORMED, field, "empty base64");
	if (st == OK_SUCCESS)
		st = parse_binary(der.data, der.len, field, sig, err);
	sig->encoding = OK_VENC_BASE64;
	ok_buf_free(&text);
	ok_buf_free(&der);
	return st;
}

static ok_status
parse_pem(const uint8_t *data, size_t len, const char *field,
    ok_signed *sig, ok_err *err)
{
	ok_pem pem = OK_PEM_INIT;
	ok_status st;

	sig->encoding = OK_VENC_PEM;
	st = ok_pem_read_one(data, len, field, &pem, err);
	if (st != OK_SUCCESS)
		return st;
	if (strcmp(pem.label, "CMS") != 0 && strcmp(pem.label, "PKCS7") != 0)
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "PEM type '%.40s' (CMS or PKCS7 expected)", pem.label);
	else if (pem.header[0] != '\0')
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "unexpected PEM headers");
	else
		st = parse_cms(pem.body, (size_t)pem.body_len, field, sig, err);
	ok_pem_free(&pem);
	return st;
}

static ok_status
parse_detect(const uint8_t *data, size_t len, const char *field,
    ok_signed *sig, ok_err *err)
{
	static const char pem_begin[] = "-----BEGIN ";
	size_t skip = 0;

	while (skip < len && isspace(data[skip]))
		skip++;
	/* Text first: base64 of a COSE_Sign1 starts with '0', which is 0x30;
	 * a DER CMS is never all base64 alphabet (its length octets are
	 * 0x80 or more). */
	if (skip < len && is_b64_text(data, len))
		return parse_b64(data, len, field, sig, err);
	if (data[0] == 0x30 || data[0] == 0xd2 || data[0] == 0x84)
		return parse_binary(data, len, field, sig, err);
	if (skip < len && data[skip] == '{')
		return parse_jws(data + skip, len - skip, sig, err);
	if (len - skip >= sizeof(pem_begin) - 1 &&
	    memcmp(data + skip, pem_begin, sizeof(pem_begin) - 1) == 0)
		return parse_pem(data + skip, len - skip, field, sig, err);
	return ok_err_set(err, OK_E_MALFORMED, field,
	    "not a CMS, JWS or COSE voucher (DER, base64, PEM, JSON or CBOR)");
}

ok_status
ok_signed_parse(const uint8_t *data, size_t len, const char *field,
    ok_signed *out, ok_err *err)
{
	ok_status st;

	ok_signed_init(out);
	if (data == NULL || len == 0)
		return ok_err_set(err, OK_E_MALFORMED, field, "empty input");
	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "larger than %d bytes", OK_CMS_MAX);
	if ((out->certs = sk_X509_new_null()) == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	st = parse_detect(data, len, field, out, err);
	if (st != OK_SUCCESS)
		ok_signed_free(out);
	return st;
}

ok_status
ok_signed_voucher(const ok_signed *sig, unsigned flags, ok_voucher *out,
    ok_warnings *warnings, ok_err *err)
{
	if (sig->form == OK_VFORM_COSE)
		return ok_voucher_from_cbor(sig->payload.data, sig->payload.len,
		    "content", out, err);
	return ok_voucher_from_json(sig->payload.data, sig->payload.len,
	    flags, "content", out, warnings, err);
}
