/*
 * tap.h: a minimal Test Anything Protocol emitter for the C unit tests.
 * Each test program prints a plan, "ok"/"not ok" lines and exits non-zero
 * when any check failed; prove aggregates them.
 */
#ifndef OK_TAP_H
#define OK_TAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/err.h"

void tap_plan(int count);
/* Use tap_done() instead of a plan when the count is data-driven. */
int tap_done(void);
bool tap_ok(bool cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bool tap_eq_int(long long got, long long want, const char *what);
bool tap_eq_str(const char *got, const char *want, const char *what);
bool tap_eq_mem(const void *got, size_t got_len, const void *want,
    size_t want_len, const char *what);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tap_skip(const char *why, const char *what);
/* Reads a whole test vector file under $OK_VECTORS; aborts the test
 * program (bail out) when it is missing. */
char *tap_read_vector(const char *relpath, size_t *len);

/* Test-local hex helpers, independent of lib/common/codec.c so the tests
 * do not check the codec with itself.  tap_hex2bin returns the byte count,
 * 0 on bad input or when max is too small. */
size_t tap_hex2bin(const char *hex, uint8_t *out, size_t max);
void tap_bin2hex(const uint8_t *in, size_t len, char *out);

/* A failure with the status wanted and the field named: two checks. */
void tap_expect_err(ok_status got, ok_status want, const ok_err *err,
    const char *field, const char *what);

#define TAP_CHECK(cond) tap_ok((cond), "%s", #cond)

#endif
