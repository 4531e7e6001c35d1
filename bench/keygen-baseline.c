/*
 * keygen-baseline: the raw rate of EC key generation with OpenSSL, the
 * baseline bench/dpp-uri holds `dpp-uri gen --count` against.
 *
 * It does what `openssl speed` would do for key generation alone: one
 * EVP_PKEY_CTX made from a parameter key, reused for every
 * EVP_PKEY_keygen() call, nothing encoded or written.  Each key is
 * freed at once so memory stays flat.
 *
 * usage: keygen-baseline [-c CURVE] N
 * prints: "keygen-baseline: N keys on CURVE in T s (R/s)" on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#define KEYGEN_MAX_COUNT 100000000UL

static void
usage(void)
{
	fprintf(stderr, "usage: keygen-baseline [-c prime256v1|secp384r1|"
	    "secp521r1] N\n");
	exit(2);
}

static unsigned long
parse_count(const char *text)
{
	char *end;
	unsigned long count;

	errno = 0;
	count = strtoul(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || text[0] == '-' ||
	    count == 0 || count > KEYGEN_MAX_COUNT) {
		fprintf(stderr, "keygen-baseline: N: want 1..%lu\n",
		    KEYGEN_MAX_COUNT);
		exit(2);
	}
	return count;
}

static void
fail(const char *what)
{
	fprintf(stderr, "keygen-baseline: %s: ", what);
	ERR_print_errors_fp(stderr);
	fputc('\n', stderr);
	exit(4);
}

/* The context every key is generated from, built once from curve params. */
static EVP_PKEY_CTX *
keygen_ctx_for_curve(int curve_nid)
{
	EVP_PKEY_CTX *param_ctx;
	EVP_PKEY_CTX *keygen_ctx;
	EVP_PKEY *params = NULL;

	param_ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, NULL);
	if (param_ctx == NULL || EVP_PKEY_paramgen_init(param_ctx) <= 0 ||
	    EVP_PKEY_CTX_set_ec_paramgen_curve_nid(param_ctx, curve_nid) <= 0 ||
	    EVP_PKEY_CTX_set_ec_param_enc(param_ctx, OPENSSL_EC_NAMED_CURVE) <= 0 ||
	    EVP_PKEY_paramgen(param_ctx, &params) <= 0)
		fail("parameters");
	EVP_PKEY_CTX_free(param_ctx);

	keygen_ctx = EVP_PKEY_CTX_new(params, NULL);
	if (keygen_ctx == NULL || EVP_PKEY_keygen_init(keygen_ctx) <= 0)
		fail("keygen context");
	EVP_PKEY_free(params);
	return keygen_ctx;
}

static double
now_seconds(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		fail("clock");
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *curve_name = "prime256v1";
	EVP_PKEY_CTX *keygen_ctx;
	unsigned long count, i;
	double start, elapsed;
	int curve_nid, opt;

	while ((opt = getopt(argc, argv, "c:")) != -1) {
		if (opt != 'c')
			usage();
		curve_name = optarg;
	}
	if (argc - optind != 1)
		usage();
	count = parse_count(argv[optind]);
	curve_nid = OBJ_txt2nid(curve_name);
	if (curve_nid == NID_undef) {
		fprintf(stderr, "keygen-baseline: -c: unknown curve %s\n",
		    curve_name);
		return 2;
	}

	keygen_ctx = keygen_ctx_for_curve(curve_nid);
	start = now_seconds();
	for (i = 0; i < count; i++) {
		EVP_PKEY *key = NULL;

		if (EVP_PKEY_keygen(keygen_ctx, &key) <= 0)
			fail("keygen");
		EVP_PKEY_free(key);
	}
	elapsed = now_seconds() - start;
	EVP_PKEY_CTX_free(keygen_ctx);

	printf("keygen-baseline: %lu keys on %s in %.3f s (%.0f/s)\n", count,
	    curve_name, elapsed, (double)count / elapsed);
	if (fflush(stdout) != 0 || ferror(stdout))
		fail("stdout");
	return 0;
}
