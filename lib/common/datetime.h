/*
 * datetime.h: YANG date-and-time (RFC 6991, the RFC 3339 profile):
 * "2021-04-13T17:43:24.589-04:00", "2022-12-06T20:23:30.708Z".
 */
#ifndef OK_DATETIME_H
#define OK_DATETIME_H

#include <stdbool.h>
#include <time.h>

/* Longest date-and-time accepted (with fraction and offset). */
#define OK_DATETIME_MAX 64

/*
 * Strict: YYYY-MM-DDTHH:MM:SS, an optional fraction of 1..9 digits, then
 * "Z" or +HH:MM / -HH:MM; a lower-case "t"/"z" is accepted as RFC 3339
 * allows; calendar checked (days in month, leap years), seconds 00..60
 * (a leap second counts as :59), years 0001..9999.  A date alone, a
 * space instead of T, Go's time.String() form, or anything after is
 * rejected.  *out is the instant in seconds since the epoch (the fraction
 * is dropped).
 */
bool ok_datetime_parse(const char *text, time_t *out);

/* "2026-11-22T10:00:00Z" into out (OK_DATETIME_MAX bytes). */
void ok_datetime_format(time_t when, char *out);

#endif
