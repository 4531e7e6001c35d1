/*
 * fuzz_cms.c: ok_cms_parse() on arbitrary bytes, then every accessor and
 * the signature check on whatever it accepts.  A rejection must be
 * OK_E_MALFORMED naming "cms" with nothing returned; the signature check
 * may only say yes (with a signer) or no.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "common/cms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
exercise(ok_cms *cms)
{
	ok_buf type = OK_BUF_INIT, content = OK_BUF_INIT;
	X509 *signer = NULL;
	ok_status st;
	ok_err err;

	if (ok_cms_econtent_type(cms, &type, &err) == OK_SUCCESS &&
	    type.len == 0)
		abort();
	(void)ok_cms_econtent(cms, &content, &err);
	if (ok_cms_certs(cms) == NULL ||
	    sk_X509_num(ok_cms_certs(cms)) > OK_CERTS_MAX)
		abort();
	st = ok_cms_verify_signature(cms, NULL, &signer, &err);
	if ((st == OK_SUCCESS) != (signer != NULL))
		abort();
	if (st != OK_SUCCESS && st != OK_E_NEGATIVE && st != OK_E_MALFORMED)
		abort();
	X509_free(signer);
	ok_buf_free(&type);
	ok_buf_free(&content);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_cms *cms = NULL;
	ok_status st;
	ok_err err;

	st = ok_cms_parse(data, size, "cms", &cms, &err);
	if (st != OK_SUCCESS) {
		if (cms != NULL || st != OK_E_MALFORMED ||
		    strcmp(err.field, "cms") != 0)
			abort();
	} else {
		exercise(cms);
		ok_cms_free(cms);
	}
	ERR_clear_error();
	return 0;
}
