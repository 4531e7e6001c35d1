/*
 * report.c: a verification or inspection report as JSON (verify --json,
 * show), and the certificate summaries in it.
 */
#include "verify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>

#include "../common/codec.h"
#include "verify_internal.h"

/* jansson refuses text that is not UTF-8 (a detail cut mid-character, a
 * name in Latin-1); such bytes become '?' rather than losing the member. */
static json_t *
json_text(const char *text)
{
	json_t *value = json_string(text);
	char *copy;
	size_t i;

	if (value != NULL || text == NULL)
		return value;
	copy = strdup(text);
	if (copy == NULL)
		return NULL;
	for (i = 0; copy[i] != '\0'; i++)
		if ((unsigned char)copy[i] >= 0x80)
			copy[i] = '?';
	value = json_string(copy);
	free(copy);
	return value;
}

/* Sets key to value (stolen); false when either failed. */
static bool
put(json_t *obj, const char *key, json_t *value)
{
	return value != NULL && json_object_set_new(obj, key, value) == 0;
}

static bool
push(json_t *array, json_t *value)
{
	return value != NULL && json_array_append_new(array, value) == 0;
}

void
ok_cert_subject_text(const X509 *cert, char *out, size_t size)
{
	const unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
	BIO *mem = BIO_new(BIO_s_mem());
	char *text = NULL;
	long len = 0;

	snprintf(out, size, "%s", cert == NULL ? "unknown" : "?");
	if (mem != NULL && cert != NULL &&
	    X509_NAME_print_ex(mem, X509_get_subject_name(cert), 0,
	    flags) >= 0 && (len = BIO_get_mem_data(mem, &text)) >= 0)
		snprintf(out, size, "%.*s", (int)len, text);
	BIO_free(mem);
}

static json_t *
name_json(const X509_NAME *name)
{
	const unsigned long flags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
	BIO *mem = BIO_new(BIO_s_mem());
	json_t *value = NULL;
	char *text = NULL;
	long len;

	if (mem != NULL && X509_NAME_print_ex(mem, name, 0, flags) >= 0 &&
	    BIO_write(mem, "", 1) == 1 &&
	    (len = BIO_get_mem_data(mem, &text)) > 0)
		value = json_text(text);
	BIO_free(mem);
	return value;
}

static json_t *
serial_json(const X509 *cert)
{
	BIGNUM *serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert),
	    NULL);
	json_t *value = NULL;
	char *hex = NULL;
	size_t i;

	if (serial != NULL && (hex = BN_bn2hex(serial)) != NULL) {
		for (i = 0; hex[i] != '\0'; i++)
			if (hex[i] >= 'A' && hex[i] <= 'F')
				hex[i] = (char)(hex[i] - 'A' + 'a');
		value = json_string(hex);
	}
	OPENSSL_free(hex);
	BN_free(serial);
	return value;
}

static json_t *
time_json(const ASN1_TIME *when)
{
	char text[32];
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (ASN1_TIME_to_tm(when, &tm) != 1 ||
	    strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return NULL;
	return json_string(text);
}

static json_t *
spki_sha256_json(const X509 *cert)
{
	uint8_t digest[EVP_MAX_MD_SIZE];
	char hex[2 * EVP_MAX_MD_SIZE + 1];
	ok_buf spki = OK_BUF_INIT;
	unsigned digest_len = 0;
	json_t *value = NULL;
	ok_err ignored;

	if (ok_cert_spki_der(cert, &spki, &ignored) == OK_SUCCESS &&
	    EVP_Digest(spki.data, spki.len, digest, &digest_len,
	    EVP_sha256(), NULL) == 1) {
		ok_hex_encode(digest, digest_len, hex);
		value = json_string(hex);
	}
	ok_buf_free(&spki);
	return value;
}

/* A field a mangled certificate does not yield (a time OpenSSL cannot
 * convert, a key it cannot encode) is null rather than no report. */
static bool
put_or_null(json_t *obj, const char *key, json_t *value)
{
	return put(obj, key, value != NULL ? value : json_null());
}

json_t *
ok_cert_summary_json(const X509 *cert)
{
	json_t *summary = json_object();
	bool ok = summary != NULL;

	ok = ok && put_or_null(summary, "subject",
	    name_json(X509_get_subject_name(cert)));
	ok = ok && put_or_null(summary, "issuer",
	    name_json(X509_get_issuer_name(cert)));
	ok = ok && put_or_null(summary, "serial", serial_json(cert));
	ok = ok && put_or_null(summary, "not-before",
	    time_json(X509_get0_notBefore(cert)));
	ok = ok && put_or_null(summary, "not-after",
	    time_json(X509_get0_notAfter(cert)));
	ok = ok && put_or_null(summary, "spki-sha256",
	    spki_sha256_json(cert));
	if (!ok) {
		json_decref(summary);
		return NULL;
	}
	return summary;
}

json_t *
ok_checks_json(const ok_check *checks, size_t count)
{
	json_t *array = json_array(), *entry;
	bool ok = array != NULL;
	size_t i;

	for (i = 0; ok && i < count; i++) {
		entry = json_object();
		ok = push(array, entry) &&
		    put(entry, "check", json_string(checks[i].name)) &&
		    put(entry, "result", json_string(
		    ok_check_result_name(checks[i].result))) &&
		    put(entry, "detail", json_text(checks[i].detail));
	}
	if (!ok) {
		json_decref(array);
		return NULL;
	}
	return array;
}

/* {top-level name: leaves}, as the voucher is written. */
static json_t *
content_json(const ok_voucher *voucher)
{
	json_t *content = json_object();

	if (content != NULL && !put(content,
	    ok_voucher_kind_name(voucher->kind),
	    voucher->leaves != NULL ? json_deep_copy(voucher->leaves) :
	    json_object())) {
		json_decref(content);
		return NULL;
	}
	return content;
}

static json_t *
certs_json(STACK_OF(X509) *certs)
{
	json_t *array = json_array();
	bool ok = array != NULL;
	int i;

	for (i = 0; ok && i < sk_X509_num(certs); i++)
		ok = push(array, ok_cert_summary_json(sk_X509_value(certs, i)));
	if (!ok) {
		json_decref(array);
		return NULL;
	}
	return array;
}

static json_t *
warnings_json(const ok_warnings *warnings)
{
	json_t *array = json_array();
	bool ok = array != NULL;
	size_t i;

	for (i = 0; ok && i < warnings->count && i < OK_WARNINGS_MAX; i++)
		ok = push(array, json_text(warnings->text[i]));
	if (!ok) {
		json_decref(array);
		return NULL;
	}
	return array;
}

static bool
envelope_json(json_t *obj, const ok_vreport *report)
{
	const ok_signed *sig = &report->sig;

	return put(obj, "form", json_string(ok_vform_name(sig->form))) &&
	    put(obj, "encoding",
	    json_string(ok_vencoding_name(sig->encoding))) &&
	    put(obj, "content-type", json_text(sig->content_type)) &&
	    put(obj, "kind", report->have_voucher ?
	    json_string(ok_voucher_kind_name(report->voucher.kind)) :
	    json_null()) &&
	    put(obj, "content", report->have_voucher ?
	    content_json(&report->voucher) : json_null()) &&
	    put(obj, "signer", sig->signer != NULL ?
	    ok_cert_summary_json(sig->signer) : json_null()) &&
	    put(obj, "certificates", certs_json(sig->certs));
}

/*
 * A report with no checks comes from ok_voucher_inspect(): it says
 * "unverified" whatever the caller passes, so that nothing decoded
 * without checks can be read as verified.
 */
ok_status
ok_vreport_json(const ok_vreport *report, bool verified, json_t **out,
    ok_err *err)
{
	json_t *obj = json_object();
	bool ok = obj != NULL;

	*out = NULL;
	if (ok && report->n_checks > 0)
		ok = put(obj, "verified", json_boolean(verified));
	else if (ok)
		ok = put(obj, "unverified", json_true());
	ok = ok && envelope_json(obj, report);
	if (ok && report->have_prior)
		ok = put(obj, "prior-signed-voucher-request",
		    content_json(&report->prior));
	ok = ok && put(obj, "checks",
	    ok_checks_json(report->checks, report->n_checks));
	ok = ok && put(obj, "warnings", warnings_json(&report->warnings));
	if (!ok) {
		json_decref(obj);
		return ok_err_set(err, OK_E_IO, "report", "out of memory");
	}
	*out = obj;
	return OK_SUCCESS;
}
