/*
 * err.h: status codes shared by every onboardkit library call.
 *
 * A status is also the process exit code (DESIGN.md section 2), so cmd/
 * can return it unchanged.  Library functions never print: they fill an
 * ok_err with the field at fault and a one-line reason, and cmd/ prints
 * "tool: field: reason".
 */
#ifndef OK_ERR_H
#define OK_ERR_H

#include <stddef.h>

typedef enum ok_status {
	OK_SUCCESS = 0,   /* success */
	OK_E_NEGATIVE = 1,/* signature/MAC/hash/pin does not verify, expired, refused */
	OK_E_USAGE = 2,   /* usage error */
	OK_E_MALFORMED = 3,/* malformed input data */
	OK_E_IO = 4,      /* local I/O or system error */
	OK_E_PEER = 5,    /* peer or network failure */
	OK_E_RETRY = 6    /* try again later */
} ok_status;

#define OK_ERR_FIELD_MAX 64
#define OK_ERR_MSG_MAX 512

/* The call failed only for want of a secret (passphrase, PIN) that the
 * caller did not supply: a tool on a terminal may prompt and retry. */
#define OK_ERR_NEEDS_SECRET 0x1u

typedef struct ok_err {
	ok_status status;
	unsigned flags;               /* OK_ERR_* */
	char field[OK_ERR_FIELD_MAX]; /* what was wrong: "K", "--count", "key.pem" */
	char msg[OK_ERR_MSG_MAX];     /* one line, no trailing newline */
} ok_err;

void ok_err_clear(ok_err *err);

/* Records status, field and a printf-style reason; returns status. */
ok_status ok_err_set(ok_err *err, ok_status status, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * As ok_err_set, then appends ": " and the first OpenSSL error on the
 * thread's queue (if any) and clears the queue.
 */
ok_status ok_err_ssl(ok_err *err, ok_status status, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* As ok_err_set with OK_E_USAGE, and flags the want of a secret. */
ok_status ok_err_needs_secret(ok_err *err, const char *field,
    const char *what);

/* As ok_err_set with strerror(errnum) appended. */
ok_status ok_err_sys(ok_err *err, ok_status status, const char *field,
    int errnum, const char *what);

/* Short name of a status ("malformed input"), for man pages and JSON. */
const char *ok_status_name(ok_status status);

#endif
