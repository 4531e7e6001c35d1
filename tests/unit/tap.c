/* tap.c: TAP output for the C unit tests. */
#include "tap.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count;
static int tap_failed;

void
tap_plan(int count)
{
	printf("1..%d\n", count);
}

int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	fflush(stdout);
	return tap_failed ? 1 : 0;
}

static bool __attribute__((format(printf, 2, 0)))
tap_vresult(bool cond, const char *fmt, va_list ap)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", tap_count);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

bool
tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	bool result;

	va_start(ap, fmt);
	result = tap_vresult(cond, fmt, ap);
	va_end(ap);
	return result;
}

void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

void
tap_skip(const char *why, const char *what)
{
	tap_count++;
	printf("ok %d - %s # SKIP %s\n", tap_count, what, why);
}

bool
tap_eq_int(long long got, long long want, const char *what)
{
	if (!tap_ok(got == want, "%s", what))
		tap_diag("  got %lld, want %lld", got, want);
	return got == want;
}

bool
tap_eq_str(const char *got, const char *want, const char *what)
{
	bool same = got != NULL && want != NULL && strcmp(got, want) == 0;

	if (!tap_ok(same, "%s", what))
		tap_diag("  got  '%s'\n#   want '%s'", got ? got : "(null)",
		    want ? want : "(null)");
	return same;
}

static void
tap_diag_hex(const char *label, const void *data, size_t len)
{
	const unsigned char *bytes = data;
	size_t i;

	printf("#   %s ", label);
	for (i = 0; i < len && i < 64; i++)
		printf("%02x", bytes[i]);
	printf("%s (%zu bytes)\n", len > 64 ? "..." : "", len);
}

bool
tap_eq_mem(const void *got, size_t got_len, const void *want,
    size_t want_len, const char *what)
{
	bool same = got_len == want_len &&
	    (got_len == 0 || memcmp(got, want, got_len) == 0);

	if (!tap_ok(same, "%s", what)) {
		tap_diag_hex("got ", got, got_len);
		tap_diag_hex("want", want, want_len);
	}
	return same;
}

char *
tap_read_vector(const char *relpath, size_t *len)
{
	const char *root = getenv("OK_VECTORS");
	char path[4096];
	FILE *fp;
	char *data;
	long size;

	snprintf(path, sizeof(path), "%s/%s", root ? root : "tests/vectors",
	    relpath);
	fp = fopen(path, "rb");
	if (fp == NULL || fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0) {
		printf("Bail out! cannot read vector %s\n", path);
		exit(255);
	}
	rewind(fp);
	data = malloc((size_t)size + 1);
	if (data == NULL || fread(data, 1, (size_t)size, fp) != (size_t)size) {
		printf("Bail out! cannot read vector %s\n", path);
		exit(255);
	}
	fclose(fp);
	data[size] = '\0';
	if (len != NULL)
		*len = (size_t)size;
	return data;
}

size_t
tap_hex2bin(const char *hex, uint8_t *out, size_t max)
{
	size_t len = strlen(hex) / 2, i;
	unsigned int byte;

	if (len > max)
		return 0;
	for (i = 0; i < len; i++) {
		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return 0;
		out[i] = (uint8_t)byte;
	}
	return len;
}

void
tap_bin2hex(const uint8_t *in, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", in[i]);
	out[2 * len] = '\0';
}

void
tap_expect_err(ok_status got, ok_status want, const ok_err *err,
    const char *field, const char *what)
{
	tap_eq_int(got, want, what);
	if (got != OK_SUCCESS)
		tap_eq_str(err->field, field, what);
	else
		tap_ok(false, "%s: unexpected success", what);
}
