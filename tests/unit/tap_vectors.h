/*
 * tap_vectors.h: test vectors as the library's objects, for the unit
 * tests of certificates, CMS and vouchers.  A file that does not load
 * gives NULL and a TAP diagnostic; the test's own checks then fail.
 */
#ifndef TAP_VECTORS_H
#define TAP_VECTORS_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "voucher/verify.h"

/* The bytes of $OK_VECTORS/relpath (tap_read_vector, as bytes). */
uint8_t *tap_vector_bytes(const char *relpath, size_t *len);

/* Every certificate of a PEM or DER file (ok_certs_parse). */
STACK_OF(X509) *tap_certs_vector(const char *relpath);

/* The first certificate of such a file. */
X509 *tap_cert_vector(const char *relpath);

/* A PEM private key. */
EVP_PKEY *tap_key_vector(const char *relpath);

void tap_free_certs(STACK_OF(X509) *certs);

/* One TAP line: the check named name, among checks[0..count), has the
 * result want. */
void tap_expect_check(const ok_check *checks, size_t count, const char *name,
    ok_check_result want, const char *what);

#endif
