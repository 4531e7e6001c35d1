/*
 * test_datetime.c: YANG date-and-time parsing and formatting.
 *
 * Expected instants were computed with Python's datetime; the sweep
 * compares both directions with the C library's timegm()/gmtime_r(),
 * which share no code with lib/common/datetime.c.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/datetime.h"
#include "tap.h"

typedef struct good_case {
	const char *text;
	long long when;
} good_case;

static const good_case good[] = {
	{ "2021-04-13T17:43:24.589-04:00", 1618350204LL },
	{ "2022-12-06T20:23:30.708Z", 1670358210LL },
	{ "1970-01-01T00:00:00Z", 0LL },
	{ "0001-01-01T00:00:00Z", -62135596800LL },
	{ "9999-12-31T23:59:59Z", 253402300799LL },
	{ "2024-02-29T12:00:00Z", 1709208000LL },
	{ "2016-12-31T23:59:60Z", 1483228799LL },  /* leap second as :59 */
	{ "2016-12-31T23:59:59.999999999Z", 1483228799LL },
	{ "2021-04-14T00:00:00+14:00", 1618308000LL },
	{ "2000-03-01T00:00:00-23:59", 951955140LL },
	{ "2021-04-14t00:00:00z", 1618358400LL },  /* RFC 3339 lower case */
	{ "2021-04-14T00:00:00.5+00:00", 1618358400LL },
};

/* Every created-on / expires-on of the published vouchers. */
static const char *const published[] = {
	"2021-04-13T17:43:24.589-04:00", "2021-04-13T17:43:23.747-04:00",
	"2021-04-13T21:43:23.787Z", "2022-07-10T17:08:18.720-04:00",
	"2022-07-10T17:08:18.598-04:00", "2025-10-15T00:00:00Z",
	"2024-11-29T09:34:16.426Z", "2024-11-29T09:34:17.029Z",
	"2022-12-06T20:23:30.708Z", "2022-12-06T20:04:15.754Z",
	"2026-01-01T00:00:00Z", "2099-01-01T00:00:00Z",
	"2030-01-01T00:00:00Z",
};

static const char *const bad[] = {
	"2017-09-01",                        /* minerva vr_JADA inner PVR */
	"2023-10-24 05:19:57.174393633 +0000 UTC m=+4.079786739", /* Go */
	"2021-04-14 00:00:00Z",              /* space for T */
	"2021-04-14T00:00:00",               /* no offset */
	"2021-04-14T00:00Z",                 /* no seconds */
	"2021-02-29T00:00:00Z",              /* not a leap year */
	"2100-02-29T00:00:00Z",              /* century, not leap */
	"2021-04-31T00:00:00Z",
	"2021-13-01T00:00:00Z",
	"2021-00-01T00:00:00Z",
	"2021-01-00T00:00:00Z",
	"0000-01-01T00:00:00Z",              /* year 0 */
	"2021-04-14T24:00:00Z",
	"2021-04-14T23:60:00Z",
	"2021-04-14T23:59:61Z",
	"2021-04-14T00:00:00.Z",             /* empty fraction */
	"2021-04-14T00:00:00.1234567890Z",   /* 10 fraction digits */
	"2021-04-14T00:00:00+0400",
	"2021-04-14T00:00:00+24:00",
	"2021-04-14T00:00:00+04:60",
	"2021-04-14T00:00:00Z ",             /* anything after */
	" 2021-04-14T00:00:00Z",
	"2021-04-14T00:00:00ZZ",
	"2021-4-14T00:00:00Z",
	"+2021-04-14T00:00:00Z",
	"20210414T000000Z",
	"2021-04-14T00:00:00,5Z",
	"",
	"2021-04-14T00:00:00.000000000000000000000000000000000000000000000Z",
};

static void
test_good(void)
{
	time_t when;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		when = 42;
		tap_ok(ok_datetime_parse(good[i].text, &when), "accepts %s",
		    good[i].text);
		tap_eq_int((long long)when, good[i].when, good[i].text);
	}
	for (i = 0; i < sizeof(published) / sizeof(published[0]); i++)
		tap_ok(ok_datetime_parse(published[i], &when),
		    "published value %s", published[i]);
}

static void
test_bad(void)
{
	time_t when = 42;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		tap_ok(!ok_datetime_parse(bad[i], &when), "rejects \"%s\"",
		    bad[i]);
	tap_eq_int((long long)when, 42, "a rejected text leaves *out alone");
	tap_ok(!ok_datetime_parse(NULL, &when), "rejects NULL");
}

static void
test_format(void)
{
	char text[OK_DATETIME_MAX];

	ok_datetime_format(0, text);
	tap_eq_str(text, "1970-01-01T00:00:00Z", "format epoch");
	ok_datetime_format(1618358400, text);
	tap_eq_str(text, "2021-04-14T00:00:00Z", "format 2021-04-14");
	ok_datetime_format(-1, text);
	tap_eq_str(text, "1969-12-31T23:59:59Z", "format before the epoch");
	ok_datetime_format(253402300799LL, text);
	tap_eq_str(text, "9999-12-31T23:59:59Z", "format year 9999");
	ok_datetime_format(-62135596800LL, text);
	tap_eq_str(text, "0001-01-01T00:00:00Z", "format year 1");
	ok_datetime_format(951782400, text);
	tap_eq_str(text, "2000-02-29T00:00:00Z", "format a leap day");
}

/* Both directions against the C library over 400 years in odd steps. */
static void
test_sweep(void)
{
	char text[OK_DATETIME_MAX], want[OK_DATETIME_MAX];
	int parse_bad = 0, format_bad = 0;
	int64_t t;
	time_t back;
	struct tm tm;

	for (t = -2208988800LL; t < 10413792000LL; t += 7777777 + 13) {
		gmtime_r(&(time_t){ (time_t)t }, &tm);
		strftime(want, sizeof(want), "%Y-%m-%dT%H:%M:%SZ", &tm);
		ok_datetime_format((time_t)t, text);
		if (strcmp(text, want) != 0 && format_bad++ == 0)
			tap_diag("format %lld: %s, libc %s", (long long)t, text,
			    want);
		if ((!ok_datetime_parse(want, &back) || back != timegm(&tm) ||
		    back != (time_t)t) && parse_bad++ == 0)
			tap_diag("parse %s", want);
	}
	tap_eq_int(format_bad, 0, "format agrees with gmtime_r, 1900..2300");
	tap_eq_int(parse_bad, 0, "parse agrees with timegm, 1900..2300");
}

int
main(void)
{
	test_good();
	test_bad();
	test_format();
	test_sweep();
	return tap_done();
}
