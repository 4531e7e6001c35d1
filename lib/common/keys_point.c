/*
 * keys_point.c: the fast check of a canonical compressed SPKI.  Parsing a
 * URI's key is the hot path of `dpp-uri parse` and of label checks on a
 * line; OpenSSL's decoder builds a new group per call, so the groups are
 * made once here and the point is decompressed against them.
 */
#include "keys.h"

#include <pthread.h>
#include <string.h>

#include <openssl/ec.h>

static EC_GROUP *cached_group[OK_CURVE_COUNT];
static pthread_once_t groups_once = PTHREAD_ONCE_INIT;

/* Groups live for the process; a failed one stays NULL and the slow
 * path decides for that curve. */
static void
groups_init(void)
{
	int c;

	for (c = 0; c < OK_CURVE_COUNT; c++)
		cached_group[c] = EC_GROUP_new_by_curve_name(
		    ok_curve_info_of((ok_curve)c)->nid);
}

/* Decompression succeeds only for x < p with a square root of
 * x^3 + ax + b, i.e. for a point on the curve. */
static bool
point_on_curve(ok_curve curve, const uint8_t *point, size_t len)
{
	const EC_GROUP *group;
	EC_POINT *p;
	bool valid;

	pthread_once(&groups_once, groups_init);
	if ((group = cached_group[curve]) == NULL || (p = EC_POINT_new(group)) ==
	    NULL)
		return false;
	valid = EC_POINT_oct2point(group, p, point, len, NULL) == 1 &&
	    EC_POINT_is_on_curve(group, p, NULL) == 1;
	EC_POINT_free(p);
	return valid;
}

bool
ok_key_spki_compressed_valid(const uint8_t *der, size_t len, ok_curve *curve)
{
	uint8_t expected[OK_KEY_SPKI_MAX];
	size_t point_len;
	int c;

	for (c = 0; c < OK_CURVE_COUNT; c++) {
		point_len = 1 + ok_curve_info_of((ok_curve)c)->prime_len;
		if (len <= point_len || len > OK_KEY_SPKI_MAX)
			continue;
		if (der[len - point_len] != 0x02 && der[len - point_len] != 0x03)
			continue;
		if (ok_key_spki_encode((ok_curve)c, der + len - point_len,
		    point_len, expected) != len || memcmp(expected, der, len) != 0)
			continue;
		if (!point_on_curve((ok_curve)c, der + len - point_len, point_len))
			return false;
		*curve = (ok_curve)c;
		return true;
	}
	return false;
}
