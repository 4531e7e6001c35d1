/* test_pem.c: one PEM block read from memory (lib/common/pem.c). */
#include <stdio.h>
#include <string.h>

#include "common/pem.h"
#include "tap.h"

/* "hello" in a block, with an RFC 1421 header line in the second. */
static const char plain[] =
    "-----BEGIN TEST-----\naGVsbG8=\n-----END TEST-----\n";
static const char with_header[] =
    "-----BEGIN TEST-----\nProc-Type: 4,ENCRYPTED\n\naGVsbG8=\n"
    "-----END TEST-----\n";

static ok_status
read_text(const char *text, ok_pem *pem, ok_err *err)
{
	return ok_pem_read_one((const uint8_t *)text, strlen(text), "in.pem",
	    pem, err);
}

static void
test_good(void)
{
	char text[256];
	ok_pem pem = OK_PEM_INIT;
	ok_err err;

	if (tap_eq_int(read_text(plain, &pem, &err), OK_SUCCESS, "a block")) {
		tap_eq_str(pem.label, "TEST", "its label");
		tap_eq_str(pem.header, "", "no headers");
		tap_eq_mem(pem.body, (size_t)pem.body_len, "hello", 5,
		    "its body, decoded");
	}
	ok_pem_free(&pem);
	tap_ok(pem.body == NULL && pem.label == NULL, "freed and reset");
	if (tap_eq_int(read_text(with_header, &pem, &err), OK_SUCCESS,
	    "a block with headers"))
		tap_ok(strstr(pem.header, "ENCRYPTED") != NULL,
		    "the headers are kept");
	ok_pem_free(&pem);
	snprintf(text, sizeof(text), "Certificate:\n  text\n%s \n\n", plain);
	tap_eq_int(read_text(text, &pem, &err), OK_SUCCESS,
	    "text before and white space after");
	ok_pem_free(&pem);
}

static void
test_bad(void)
{
	char text[256];
	ok_pem pem = OK_PEM_INIT;
	ok_err err;

	snprintf(text, sizeof(text), "%sjunk\n", plain);
	tap_expect_err(read_text(text, &pem, &err), OK_E_MALFORMED, &err,
	    "in.pem", "data after the block");
	tap_ok(pem.body == NULL && pem.label == NULL, "nothing kept");
	tap_expect_err(read_text("no block here\n", &pem, &err),
	    OK_E_MALFORMED, &err, "in.pem", "no block");
	tap_expect_err(read_text("-----BEGIN TEST-----\naGVsbG8=\n", &pem,
	    &err), OK_E_MALFORMED, &err, "in.pem", "no END line");
	tap_expect_err(read_text("-----BEGIN TEST-----\n!!!!\n"
	    "-----END TEST-----\n", &pem, &err), OK_E_MALFORMED, &err,
	    "in.pem", "bad base64");
}

int
main(void)
{
	test_good();
	test_bad();
	return tap_done();
}
