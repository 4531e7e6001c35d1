/* tap_vectors.c: test vectors as the library's objects. */
#include "tap_vectors.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/pem.h>

#include "common/x509.h"
#include "tap.h"

uint8_t *
tap_vector_bytes(const char *relpath, size_t *len)
{
	return (uint8_t *)tap_read_vector(relpath, len);
}

STACK_OF(X509) *
tap_certs_vector(const char *relpath)
{
	size_t len;
	uint8_t *data = tap_vector_bytes(relpath, &len);
	STACK_OF(X509) *certs = NULL;
	ok_err err;

	if (ok_certs_parse(data, len, relpath, &certs, &err) != OK_SUCCESS)
		tap_diag("%s: %s: %s", relpath, err.field, err.msg);
	free(data);
	return certs;
}

X509 *
tap_cert_vector(const char *relpath)
{
	STACK_OF(X509) *certs = tap_certs_vector(relpath);
	X509 *cert = sk_X509_shift(certs);

	tap_free_certs(certs);
	return cert;
}

EVP_PKEY *
tap_key_vector(const char *relpath)
{
	size_t len;
	uint8_t *data = tap_vector_bytes(relpath, &len);
	BIO *mem = BIO_new_mem_buf(data, (int)len);
	EVP_PKEY *key = PEM_read_bio_PrivateKey(mem, NULL, NULL, NULL);

	if (key == NULL)
		tap_diag("%s: not a PEM private key", relpath);
	BIO_free(mem);
	free(data);
	return key;
}

void
tap_free_certs(STACK_OF(X509) *certs)
{
	sk_X509_pop_free(certs, X509_free);
}

static const ok_check *
check_of(const ok_check *checks, size_t count, const char *name)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (strcmp(checks[i].name, name) == 0)
			return &checks[i];
	return NULL;
}

void
tap_expect_check(const ok_check *checks, size_t count, const char *name,
    ok_check_result want, const char *what)
{
	const ok_check *check = check_of(checks, count, name);

	tap_ok(check != NULL && check->result == want,
	    "%s: %s is %s (got %s: %s)", what, name,
	    ok_check_result_name(want),
	    check ? ok_check_result_name(check->result) : "none",
	    check ? check->detail : "");
}
