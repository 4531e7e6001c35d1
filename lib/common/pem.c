/* pem.c: one PEM block read from memory. */
#include "pem.h"

#include <ctype.h>
#include <limits.h>

#include <openssl/bio.h>
#include <openssl/pem.h>

static bool
all_space(const char *text, long len)
{
	long i;

	for (i = 0; i < len; i++)
		if (!isspace((unsigned char)text[i]))
			return false;
	return true;
}

ok_status
ok_pem_read_one(const uint8_t *data, size_t len, const char *field,
    ok_pem *out, ok_err *err)
{
	BIO *bio;
	char *rest = NULL;
	long rest_len;
	ok_status st = OK_SUCCESS;

	if (len > INT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field, "too large");
	if ((bio = BIO_new_mem_buf(data, (int)len)) == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (!PEM_read_bio(bio, &out->label, &out->header, &out->body,
	    &out->body_len))
		st = ok_err_ssl(err, OK_E_MALFORMED, field, "unreadable PEM");
	else if ((rest_len = BIO_get_mem_data(bio, &rest)) > 0 &&
	    !all_space(rest, rest_len))
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "data after the PEM block");
	BIO_free(bio);
	if (st != OK_SUCCESS)
		ok_pem_free(out);
	return st;
}

void
ok_pem_free(ok_pem *pem)
{
	OPENSSL_clear_free(pem->body, pem->body_len > 0 ?
	    (size_t)pem->body_len : 0);
	OPENSSL_free(pem->label);
	OPENSSL_free(pem->header);
	pem->label = pem->header = NULL;
	pem->body = NULL;
	pem->body_len = 0;
}
