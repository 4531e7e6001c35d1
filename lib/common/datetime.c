/*
 * datetime.c: YANG date-and-time (RFC 6991 / RFC 3339) to and from Unix
 * time.
 *
 * The calendar arithmetic is done here rather than with timegm() or
 * mktime(): the result must not depend on the TZ environment or on the C
 * library's range of struct tm, and both directions must agree exactly.
 */
#include "datetime.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400

/* Days from 1970-01-01 to year-month-day in the proleptic Gregorian
 * calendar, counting in 400-year eras that start on March 1st so the
 * leap day is the last day of its year. */
static int64_t
days_from_civil(int64_t year, int month, int day)
{
	int64_t era, year_of_era, day_of_year, day_of_era;
	int shifted_month = month > 2 ? month - 3 : month + 9;

	if (month <= 2)
		year--;
	era = (year >= 0 ? year : year - 399) / 400;
	year_of_era = year - era * 400;
	day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
	day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
	    day_of_year;
	return era * 146097 + day_of_era - 719468;
}

/* The reverse of days_from_civil(). */
static void
civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t era, day_of_era, year_of_era, day_of_year, shifted_month;

	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	day_of_era = days - era * 146097;
	year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
	    day_of_era / 146096) / 365;
	day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 -
	    year_of_era / 100);
	shifted_month = (5 * day_of_year + 2) / 153;
	*day = (int)(day_of_year - (153 * shifted_month + 2) / 5 + 1);
	*month = (int)(shifted_month < 10 ? shifted_month + 3 :
	    shifted_month - 9);
	*year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

static bool
is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month(int year, int month)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

/* Reads exactly count decimal digits at *pos; advances past them. */
static bool
read_digits(const char **pos, int count, int *value)
{
	int i;

	*value = 0;
	for (i = 0; i < count; i++) {
		if ((*pos)[i] < '0' || (*pos)[i] > '9')
			return false;
		*value = *value * 10 + ((*pos)[i] - '0');
	}
	*pos += count;
	return true;
}

static bool
expect_char(const char **pos, char want, char also)
{
	if (**pos != want && **pos != also)
		return false;
	(*pos)++;
	return true;
}

/* "Z" or +HH:MM / -HH:MM; the offset is returned in seconds east. */
static bool
read_offset(const char **pos, int64_t *offset)
{
	int sign, hours, minutes;

	if (expect_char(pos, 'Z', 'z')) {
		*offset = 0;
		return true;
	}
	if (**pos != '+' && **pos != '-')
		return false;
	sign = **pos == '-' ? -1 : 1;
	(*pos)++;
	if (!read_digits(pos, 2, &hours) || !expect_char(pos, ':', ':') ||
	    !read_digits(pos, 2, &minutes) || hours > 23 || minutes > 59)
		return false;
	*offset = sign * (int64_t)(hours * 3600 + minutes * 60);
	return true;
}

/* Skips ".D..." (1 to 9 digits) when present. */
static bool
skip_fraction(const char **pos)
{
	int digits = 0;

	if (**pos != '.')
		return true;
	(*pos)++;
	while ((*pos)[digits] >= '0' && (*pos)[digits] <= '9')
		digits++;
	*pos += digits;
	return digits >= 1 && digits <= 9;
}

bool
ok_datetime_parse(const char *text, time_t *out)
{
	int year, month, day, hour, minute, second;
	const char *pos = text;
	int64_t offset, when;

	if (text == NULL || strnlen(text, OK_DATETIME_MAX) >= OK_DATETIME_MAX)
		return false;
	if (!read_digits(&pos, 4, &year) || !expect_char(&pos, '-', '-') ||
	    !read_digits(&pos, 2, &month) || !expect_char(&pos, '-', '-') ||
	    !read_digits(&pos, 2, &day) || !expect_char(&pos, 'T', 't') ||
	    !read_digits(&pos, 2, &hour) || !expect_char(&pos, ':', ':') ||
	    !read_digits(&pos, 2, &minute) || !expect_char(&pos, ':', ':') ||
	    !read_digits(&pos, 2, &second) || !skip_fraction(&pos) ||
	    !read_offset(&pos, &offset) || *pos != '\0')
		return false;
	if (year < 1 || month < 1 || month > 12 || day < 1 ||
	    day > days_in_month(year, month) || hour > 23 || minute > 59 ||
	    second > 60)
		return false;
	if (second == 60)
		second = 59;
	when = days_from_civil(year, month, day) * SECONDS_PER_DAY +
	    hour * 3600 + minute * 60 + second - offset;
	*out = (time_t)when;
	return true;
}

void
ok_datetime_format(time_t when, char *out)
{
	int64_t seconds = (int64_t)when, days, rest, year;
	int month, day;

	days = seconds / SECONDS_PER_DAY;
	rest = seconds % SECONDS_PER_DAY;
	if (rest < 0) {
		rest += SECONDS_PER_DAY;
		days--;
	}
	civil_from_days(days, &year, &month, &day);
	snprintf(out, OK_DATETIME_MAX, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	    (long long)year, month, day, (int)(rest / 3600),
	    (int)(rest / 60 % 60), (int)(rest % 60));
}
