/*
 * pem.h: one PEM block (RFC 7468) read from memory, the way keys and
 * signed vouchers are given: the label, the RFC 1421 headers (legacy
 * encrypted keys carry them) and the decoded body.
 */
#ifndef OK_PEM_H
#define OK_PEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct ok_pem {
	char *label;         /* "PRIVATE KEY", "CMS", ... */
	char *header;        /* "" when there are none */
	unsigned char *body; /* the DER */
	long body_len;
} ok_pem;

#define OK_PEM_INIT { NULL, NULL, NULL, 0 }

/*
 * The first PEM block of data (text before it is skipped, as RFC 7468
 * section 2 asks); anything but white space after it is OK_E_MALFORMED
 * naming field, as is a block that does not decode.
 */
ok_status ok_pem_read_one(const uint8_t *data, size_t len, const char *field,
    ok_pem *out, ok_err *err);

/* Frees all of it; the body is cleared first (it may be a key). */
void ok_pem_free(ok_pem *pem);

#endif
