/*
 * test_x509.c: certificate loading (PEM, DER, chains, every malformed
 * form), chain verification at the RFC 8995 examples' own date and now,
 * and the certificate fields a voucher tool reads.  Expected bytes come
 * from python3-cryptography, not from OpenSSL.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include "common/x509.h"
#include "tap.h"
#include "tap_vectors.h"

/* 2021-04-14, when the RFC 8995 example certificates were all valid. */
#define RFC8995_TIME 1618358400

#define V "voucher/rfc8995/"
#define IDEVID V "idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt"

static void
test_load_pem_der(void)
{
	X509 *cert = tap_cert_vector(V "vendor.crt"), *again = NULL;
	ok_buf der = OK_BUF_INIT;
	ok_err err;

	tap_ok(cert != NULL, "vendor.crt PEM loads");
	tap_eq_int(ok_cert_der(cert, &der, &err), OK_SUCCESS, "cert DER");
	tap_eq_int(der.data[0], 0x30, "DER starts with SEQUENCE");
	tap_eq_int(ok_cert_parse(der.data, der.len, "der", &again, &err),
	    OK_SUCCESS, "DER form loads");
	tap_ok(again != NULL && X509_cmp(cert, again) == 0,
	    "DER and PEM give the same certificate");
	X509_free(again);
	ok_buf_free(&der);
	X509_free(cert);
}

static uint8_t *
concat(const char *a, const char *b, size_t *len)
{
	size_t alen, blen;
	uint8_t *adata = tap_vector_bytes(a, &alen), *bdata = tap_vector_bytes(b, &blen);
	uint8_t *out = malloc(alen + blen + 1);

	memcpy(out, adata, alen);
	memcpy(out + alen, bdata, blen);
	*len = alen + blen;
	free(adata);
	free(bdata);
	return out;
}

static void
test_chain_pem(void)
{
	STACK_OF(X509) *certs = NULL;
	X509 *one = NULL, *masa = tap_cert_vector(V "masa.crt");
	size_t len;
	uint8_t *both = concat(V "masa.crt", V "vendor.crt", &len);
	ok_err err;

	tap_eq_int(ok_certs_parse(both, len, "chain", &certs, &err),
	    OK_SUCCESS, "two PEM blocks load");
	tap_eq_int(sk_X509_num(certs), 2, "two certificates");
	tap_ok(X509_cmp(sk_X509_value(certs, 0), masa) == 0,
	    "in input order");
	tap_expect_err(ok_cert_parse(both, len, "--cert", &one, &err),
	    OK_E_MALFORMED, &err, "--cert", "two where one is expected");
	tap_ok(one == NULL, "no certificate returned on error");
	sk_X509_pop_free(certs, X509_free);
	X509_free(masa);
	free(both);
}

static void
test_chain_der(void)
{
	X509 *masa = tap_cert_vector(V "masa.crt"), *vendor = tap_cert_vector(V "vendor.crt");
	STACK_OF(X509) *certs = NULL;
	unsigned char *a = NULL, *b = NULL;
	int alen = i2d_X509(masa, &a), blen = i2d_X509(vendor, &b);
	uint8_t *both = malloc((size_t)(alen + blen) + 1);
	ok_err err;

	memcpy(both, a, (size_t)alen);
	memcpy(both + alen, b, (size_t)blen);
	tap_eq_int(ok_certs_parse(both, (size_t)(alen + blen), "c", &certs,
	    &err), OK_SUCCESS, "concatenated DER loads");
	tap_eq_int(sk_X509_num(certs), 2, "two DER certificates");
	sk_X509_pop_free(certs, X509_free);
	both[alen + blen] = 0x00;
	tap_expect_err(ok_certs_parse(both, (size_t)(alen + blen) + 1, "c",
	    &certs, &err), OK_E_MALFORMED, &err, "c", "DER trailing byte");
	tap_expect_err(ok_certs_parse(both, (size_t)alen - 1, "c", &certs, &err),
	    OK_E_MALFORMED, &err, "c", "truncated DER");
	OPENSSL_free(a);
	OPENSSL_free(b);
	free(both);
	X509_free(masa);
	X509_free(vendor);
}

static ok_status
parse_text(const char *text, ok_err *err)
{
	STACK_OF(X509) *certs = NULL;
	ok_status st;

	st = ok_certs_parse((const uint8_t *)text, strlen(text), "in",
	    &certs, err);
	sk_X509_pop_free(certs, X509_free);
	return st;
}

static void
test_pem_garbage(void)
{
	size_t len;
	char *pem = (char *)tap_vector_bytes(V "vendor.crt", &len);
	char *bad = malloc(len + 64);
	ok_err err;

	snprintf(bad, len + 64, "%sjunk\n", pem);
	tap_expect_err(parse_text(bad, &err), OK_E_MALFORMED, &err, "in",
	    "text after the PEM block");
	snprintf(bad, len + 64, "Certificate:\n%s", pem);
	tap_eq_int(parse_text(bad, &err), OK_SUCCESS,
	    "explanatory text before the block is skipped (RFC 7468)");
	snprintf(bad, len + 64, "-----BEGIN PRIVATE KEY-----\n%s", pem);
	tap_expect_err(parse_text(bad, &err), OK_E_MALFORMED, &err, "in",
	    "another PEM label before the block");
	tap_expect_err(parse_text("Certificate: none\n", &err),
	    OK_E_MALFORMED, &err, "in", "text without a block");
	snprintf(bad, len + 64, "\n  %s\n\n", pem);
	tap_eq_int(parse_text(bad, &err), OK_SUCCESS,
	    "whitespace around the block is fine");
	memcpy(bad, pem, len);
	bad[len / 2] = '\0';
	tap_expect_err(parse_text(bad, &err), OK_E_MALFORMED, &err, "in",
	    "PEM without END line");
	tap_expect_err(parse_text("", &err), OK_E_MALFORMED, &err, "in",
	    "empty input");
	tap_expect_err(parse_text(" \n", &err), OK_E_MALFORMED, &err, "in",
	    "only whitespace");
	free(bad);
	free(pem);
}

/* A PEM block whose DER has a byte after the certificate. */
static void
test_pem_inner_trailing(void)
{
	X509 *vendor = tap_cert_vector(V "vendor.crt");
	unsigned char *der = NULL, *padded;
	int len = i2d_X509(vendor, &der);
	BIO *mem = BIO_new(BIO_s_mem());
	char *text;
	long text_len;
	ok_err err;

	padded = malloc((size_t)len + 1);
	memcpy(padded, der, (size_t)len);
	padded[len] = 0;
	PEM_write_bio(mem, "CERTIFICATE", "", padded, len + 1);
	text_len = BIO_get_mem_data(mem, &text);
	text[text_len - 1] = '\n';
	{
		char *copy = strndup(text, (size_t)text_len);

		tap_expect_err(parse_text(copy, &err), OK_E_MALFORMED, &err,
		    "in", "trailing byte inside the PEM block");
		tap_ok(strstr(err.msg, "trailing") != NULL, "says trailing");
		free(copy);
	}
	BIO_free(mem);
	free(padded);
	OPENSSL_free(der);
	X509_free(vendor);
}

static void
test_count_bound(void)
{
	size_t len, i;
	char *pem = (char *)tap_vector_bytes(V "vendor.crt", &len);
	char *many = malloc(len * (OK_CERTS_MAX + 1) + 1);
	STACK_OF(X509) *certs = NULL;
	ok_err err;

	for (i = 0; i <= OK_CERTS_MAX; i++)
		memcpy(many + i * len, pem, len);
	tap_eq_int(ok_certs_parse((uint8_t *)many, len * OK_CERTS_MAX, "b",
	    &certs, &err), OK_SUCCESS, "OK_CERTS_MAX certificates load");
	sk_X509_pop_free(certs, X509_free);
	tap_expect_err(ok_certs_parse((uint8_t *)many, len * (OK_CERTS_MAX + 1),
	    "b", &certs, &err), OK_E_MALFORMED, &err, "b",
	    "one more than OK_CERTS_MAX");
	tap_expect_err(ok_certs_parse((uint8_t *)many, OK_CERTS_INPUT_MAX + 1,
	    "b", &certs, &err), OK_E_MALFORMED, &err, "b", "input too large");
	free(many);
	free(pem);
}

static STACK_OF(X509) *
stack_of(X509 *cert)
{
	STACK_OF(X509) *certs = sk_X509_new_null();

	sk_X509_push(certs, cert);
	return certs;
}

static void
test_verify(void)
{
	X509 *masa = tap_cert_vector(V "masa.crt"), *vendor = tap_cert_vector(V "vendor.crt");
	X509 *jrc = tap_cert_vector(V "jrc_prime256v1.crt");
	STACK_OF(X509) *anchors = stack_of(vendor), *wrong = stack_of(jrc);
	STACK_OF(X509) *self = stack_of(masa), *none = sk_X509_new_null();
	ok_verify_opts at = { RFC8995_TIME, false, false };
	ok_verify_opts partial = { RFC8995_TIME, false, true };
	ok_err err;

	tap_eq_int(ok_chain_verify(masa, NULL, anchors, &at, "masa", &err),
	    OK_SUCCESS, "masa chains to vendor at 2021-04-14");
	tap_expect_err(ok_chain_verify(masa, NULL, anchors, NULL, "masa", &err),
	    OK_E_NEGATIVE, &err, "masa", "masa expired now");
	/* vendor.crt (depth 1) expired 2023-04-13 too; OpenSSL checks
	 * validity from the anchor down, so it is the one reported. */
	tap_eq_str(err.msg, "certificate has expired (depth 1)",
	    "expired: OpenSSL's text and the depth");
	tap_expect_err(ok_chain_verify(masa, NULL, wrong, &at, "masa", &err),
	    OK_E_NEGATIVE, &err, "masa", "wrong anchor");
	tap_ok(strstr(err.msg, "unable to get local issuer") != NULL,
	    "wrong anchor: %s", err.msg);
	tap_expect_err(ok_chain_verify(masa, NULL, self, &at, "masa", &err),
	    OK_E_NEGATIVE, &err, "masa", "leaf as anchor without partial");
	tap_eq_int(ok_chain_verify(masa, NULL, self, &partial, "masa", &err),
	    OK_SUCCESS, "leaf as anchor with partial chain");
	tap_expect_err(ok_chain_verify(masa, NULL, none, &at, "masa", &err),
	    OK_E_USAGE, &err, "masa", "no anchors");
	sk_X509_free(anchors);
	sk_X509_free(wrong);
	sk_X509_free(self);
	sk_X509_free(none);
	X509_free(masa);
	X509_free(vendor);
	X509_free(jrc);
}

static void
test_aki(void)
{
	static const char aki_hex[] =
	    "30168014cb8d98ca74c51b58dde7acef869a9443a8d666a6";
	X509 *pledge = tap_cert_vector("voucher/constrained-cose/pledge.pem");
	X509 *masa = tap_cert_vector(V "masa.crt");
	uint8_t want[32];
	size_t want_len = tap_hex2bin(aki_hex, want + 2, sizeof(want) - 2);
	ok_buf aki = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_cert_aki(pledge, false, "idevid", &aki, &err),
	    OK_SUCCESS, "AKI of the cBRSKI pledge cert");
	tap_eq_mem(aki.data, aki.len, want + 2, want_len, "AKI extnValue");
	want[0] = 0x04;
	want[1] = (uint8_t)want_len;
	tap_eq_int(ok_cert_aki(pledge, true, "idevid", &aki, &err),
	    OK_SUCCESS, "AKI wrapped");
	tap_eq_mem(aki.data, aki.len, want, want_len + 2,
	    "AKI as idevid-issuer carries it (04 18 30 16 80 14 ...)");
	tap_expect_err(ok_cert_aki(masa, false, "idevid", &aki, &err),
	    OK_E_MALFORMED, &err, "idevid", "no AKI extension");
	ok_buf_free(&aki);
	X509_free(pledge);
	X509_free(masa);
}

static void
test_serial_number(void)
{
	X509 *idevid = tap_cert_vector(IDEVID);
	X509 *pledge = tap_cert_vector("voucher/constrained-cose/pledge.pem");
	X509 *masa = tap_cert_vector(V "masa.crt");
	ok_buf serial = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_cert_serial_number(idevid, "idevid", &serial, &err),
	    OK_SUCCESS, "IDevID serialNumber");
	tap_eq_str((char *)serial.data, "00-D0-E5-F2-00-02", "RFC 8995 serial");
	tap_eq_int(ok_cert_serial_number(pledge, "idevid", &serial, &err),
	    OK_SUCCESS, "cBRSKI pledge serialNumber");
	tap_eq_str((char *)serial.data, "JADA123456789", "cBRSKI serial");
	tap_expect_err(ok_cert_serial_number(masa, "idevid", &serial, &err),
	    OK_E_MALFORMED, &err, "idevid", "no serialNumber");
	ok_buf_free(&serial);
	X509_free(idevid);
	X509_free(pledge);
	X509_free(masa);
}

static void
test_eku_spki(void)
{
	static const char jrc_spki_hex[] =
	    "3059301306072a8648ce3d020106082a8648ce3d030107034200049665507234"
	    "ba9fe5dde65ff6f0816fe9489e810c12073b468f97642b63008d020f57c97c94"
	    "7f848cb20e61d6c9888d15b4421fd7f26ab7e4ce05f8a74cd38b3a";
	X509 *jrc = tap_cert_vector(V "jrc_prime256v1.crt");
	X509 *vendor = tap_cert_vector(V "vendor.crt");
	uint8_t want[128];
	size_t want_len = tap_hex2bin(jrc_spki_hex, want, sizeof(want));
	ok_buf spki = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_cert_has_eku(jrc, NID_cmcRA, "registrar", &err),
	    OK_SUCCESS, "registrar cert has id-kp-cmcRA");
	tap_expect_err(ok_cert_has_eku(jrc, NID_code_sign, "registrar", &err),
	    OK_E_NEGATIVE, &err, "registrar", "EKU lacks codeSigning");
	tap_expect_err(ok_cert_has_eku(vendor, NID_cmcRA, "registrar", &err),
	    OK_E_NEGATIVE, &err, "registrar", "no EKU extension");
	tap_eq_int(ok_cert_spki_der(jrc, &spki, &err), OK_SUCCESS, "SPKI");
	tap_eq_mem(spki.data, spki.len, want, want_len,
	    "SPKI DER equals python-cryptography's");
	ok_buf_free(&spki);
	X509_free(jrc);
	X509_free(vendor);
}

int
main(void)
{
	test_load_pem_der();
	test_chain_pem();
	test_chain_der();
	test_pem_garbage();
	test_pem_inner_trailing();
	test_count_bound();
	test_verify();
	test_aki();
	test_serial_number();
	test_eku_spki();
	return tap_done();
}
