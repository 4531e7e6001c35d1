/*
 * test_keys.c: curves, key generation, SPKI encoding and strict SPKI
 * parsing, key loading in every supported form and export, checked
 * against the DPP bootstrapping vectors and the openssl CLI.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "common/keys.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_keys.XXXXXX";

static void
sha256_hex(const void *data, size_t len, char *out)
{
	uint8_t digest[32];
	unsigned int dlen = 0;

	EVP_Digest(data, len, digest, &dlen, EVP_sha256(), NULL);
	tap_bin2hex(digest, dlen, out);
}

static void
chirp_hex(const void *data, size_t len, char *out)
{
	uint8_t digest[32];
	unsigned int dlen = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();

	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	EVP_DigestUpdate(md, "chirp", 5);
	EVP_DigestUpdate(md, data, len);
	EVP_DigestFinal_ex(md, digest, &dlen);
	EVP_MD_CTX_free(md);
	tap_bin2hex(digest, dlen, out);
}

static void
write_file(const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	if (fp == NULL || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		printf("Bail out! cannot write %s\n", path);
		exit(255);
	}
}

static size_t
read_file(const char *name, uint8_t *out, size_t max)
{
	char path[512];
	FILE *fp;
	size_t got;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	got = fread(out, 1, max, fp);
	fclose(fp);
	return got;
}

/* Runs a shell command in tmpdir; true when it exits 0. */
static bool
run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static bool
run(const char *fmt, ...)
{
	char cmd[2048];
	int n, rc;
	va_list ap;

	n = snprintf(cmd, sizeof(cmd), "cd '%s' && ", tmpdir);
	va_start(ap, fmt);
	vsnprintf(cmd + n, sizeof(cmd) - (size_t)n, fmt, ap);
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		tap_diag("command failed (%d): %s", rc, cmd);
	return rc == 0;
}

static EVP_PKEY *
key_from_der_hex(const char *hex)
{
	uint8_t der[256];
	const unsigned char *pos = der;
	size_t len = tap_hex2bin(hex, der, sizeof(der));

	return d2i_PrivateKey(EVP_PKEY_EC, NULL, &pos, (long)len);
}

static void
test_curve_names(void)
{
	static const struct {
		const char *name;
		ok_curve curve;
	} names[] = {
		{ "P-256", OK_CURVE_P256 }, { "p-256", OK_CURVE_P256 },
		{ "prime256v1", OK_CURVE_P256 }, { "SECP256R1", OK_CURVE_P256 },
		{ "P-384", OK_CURVE_P384 }, { "secp384r1", OK_CURVE_P384 },
		{ "P-521", OK_CURVE_P521 }, { "SecP521r1", OK_CURVE_P521 },
		{ "BP-256", OK_CURVE_BP256 }, { "brainpoolP256r1", OK_CURVE_BP256 },
		{ "bp-384", OK_CURVE_BP384 }, { "BRAINPOOLP384R1", OK_CURVE_BP384 },
		{ "BP-512", OK_CURVE_BP512 }, { "brainpoolp512r1", OK_CURVE_BP512 },
	};
	static const char *const bad[] = {
		"", "P256", "secp256k1", "P-256 ", "brainpoolP256t1", "ed25519"
	};
	ok_curve curve;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		curve = OK_CURVE_COUNT;
		tap_ok(ok_curve_by_name(names[i].name, "--curve", &curve,
		    &err) == OK_SUCCESS && curve == names[i].curve,
		    "curve name '%s'", names[i].name);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok_err_clear(&err);
		tap_ok(ok_curve_by_name(bad[i], "--curve", &curve, &err) ==
		    OK_E_USAGE && err.status == OK_E_USAGE &&
		    strcmp(err.field, "--curve") == 0 &&
		    strstr(err.msg, "P-256, P-384, P-521, BP-256") != NULL &&
		    strstr(err.msg, "brainpoolP512r1") != NULL,
		    "bad curve name '%s': usage, field, list (%s)", bad[i],
		    err.msg);
	}
	tap_ok(ok_curve_by_name(NULL, "-c", &curve, &err) == OK_E_USAGE,
	    "NULL curve name is a usage error");
	for (i = 0; i < OK_CURVE_COUNT; i++) {
		const ok_curve_info *info = ok_curve_info_of((ok_curve)i);

		tap_ok(info != NULL && info->id == (ok_curve)i &&
		    OBJ_sn2nid(info->group) == info->nid,
		    "curve info %zu: %s / %s", i, info ? info->name : "?",
		    info ? info->group : "?");
	}
	tap_ok(ok_curve_info_of(OK_CURVE_COUNT) == NULL &&
	    ok_curve_info_of((ok_curve)-1) == NULL, "no info out of range");
	tap_eq_int((long long)ok_curve_info_of(OK_CURVE_P521)->prime_len, 66,
	    "P-521 scalar is 66 bytes");
}

/* OpenSSL's own SPKI encoder with the conversion form set on a copy. */
static bool
spki_matches_openssl(const EVP_PKEY *key, bool compressed, const ok_buf *got)
{
	EVP_PKEY *copy = EVP_PKEY_dup((EVP_PKEY *)key);
	unsigned char *der = NULL;
	int len = -1;
	bool same;

	if (copy != NULL && EVP_PKEY_set_utf8_string_param(copy,
	    OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
	    compressed ? "compressed" : "uncompressed") == 1)
		len = i2d_PUBKEY(copy, &der);
	same = len > 0 && (size_t)len == got->len &&
	    memcmp(der, got->data, got->len) == 0;
	if (!same)
		tap_diag("OpenSSL's SPKI differs (len %d vs %zu)", len,
		    got->len);
	OPENSSL_free(der);
	EVP_PKEY_free(copy);
	return same;
}

/* Every curve: generate, detect the curve, SPKI both ways, parse back. */
static void
test_keygen_curve(ok_curve curve)
{
	const ok_curve_info *info = ok_curve_info_of(curve);
	ok_buf comp = OK_BUF_INIT, uncomp = OK_BUF_INIT, again = OK_BUF_INIT;
	EVP_PKEY *key = NULL, *key2 = NULL, *parsed = NULL;
	ok_keygen *gen = NULL;
	ok_curve got = OK_CURVE_COUNT;
	bool was_compressed = false;
	ok_err err;

	ok_err_clear(&err);
	tap_ok(ok_keygen_new(curve, &gen, &err) == OK_SUCCESS,
	    "%s: keygen context", info->name);
	tap_ok(ok_keygen_next(gen, &key, &err) == OK_SUCCESS &&
	    ok_keygen_next(gen, &key2, &err) == OK_SUCCESS,
	    "%s: two keys", info->name);
	tap_ok(ok_curve_of_key(key, "k", &got, &err) == OK_SUCCESS &&
	    got == curve, "%s: curve detected", info->name);
	tap_ok(ok_key_spki_der(key, true, &comp, &err) == OK_SUCCESS &&
	    spki_matches_openssl(key, true, &comp),
	    "%s: compressed SPKI = OpenSSL's encoding", info->name);
	tap_ok(ok_key_spki_der(key, false, &uncomp, &err) == OK_SUCCESS &&
	    spki_matches_openssl(key, false, &uncomp),
	    "%s: uncompressed SPKI = OpenSSL's encoding", info->name);
	tap_ok(ok_key_spki_parse(comp.data, comp.len, "K", &parsed, &got,
	    &was_compressed, &err) == OK_SUCCESS && got == curve &&
	    was_compressed && EVP_PKEY_eq(parsed, key) == 1,
	    "%s: compressed SPKI parses to the same key", info->name);
	tap_ok(ok_key_spki_der(parsed, false, &again, &err) == OK_SUCCESS &&
	    again.len == uncomp.len &&
	    memcmp(again.data, uncomp.data, uncomp.len) == 0,
	    "%s: parsed compressed key expands to the same point",
	    info->name);
	EVP_PKEY_free(parsed);
	parsed = NULL;
	tap_ok(ok_key_spki_parse(uncomp.data, uncomp.len, "K", &parsed, &got,
	    &was_compressed, &err) == OK_SUCCESS && got == curve &&
	    !was_compressed && EVP_PKEY_eq(parsed, key) == 1,
	    "%s: uncompressed SPKI parses to the same key", info->name);
	tap_ok(ok_key_spki_der(parsed, true, &again, &err) == OK_SUCCESS &&
	    again.len == comp.len && memcmp(again.data, comp.data,
	    comp.len) == 0, "%s: and compresses back", info->name);
	tap_ok(EVP_PKEY_eq(key, key2) != 1, "%s: keys differ", info->name);
	tap_ok(ok_key_has_private(key), "%s: has private part", info->name);
	tap_ok(!ok_key_has_private(parsed), "%s: SPKI key has none",
	    info->name);
	EVP_PKEY_free(parsed);
	EVP_PKEY_free(key);
	EVP_PKEY_free(key2);
	ok_keygen_free(gen);
	ok_buf_free(&comp);
	ok_buf_free(&uncomp);
	ok_buf_free(&again);
}

/* The DPP vectors: exact SPKI bytes and hashes for known private keys. */
static void
test_vector_key(json_t *entry)
{
	const char *curve_name = json_string_value(json_object_get(entry,
	    "curve"));
	const char *priv_hex = json_string_value(json_object_get(entry,
	    "ecprivatekey_der_hex"));
	const char *spki_hex = json_string_value(json_object_get(entry,
	    "spki_compressed_der_hex"));
	const char *hash = json_string_value(json_object_get(entry,
	    "bootstrap_key_hash_sha256"));
	const char *chirp = json_string_value(json_object_get(entry,
	    "chirp_hash_sha256"));
	const char *uncomp_hex = json_string_value(json_object_get(entry,
	    "spki_uncompressed_der_hex"));
	ok_buf spki = OK_BUF_INIT;
	uint8_t want[256];
	size_t want_len;
	char got_hash[65], what[128];
	EVP_PKEY *key = key_from_der_hex(priv_hex), *pub = NULL;
	ok_curve curve = OK_CURVE_COUNT, by_name = OK_CURVE_COUNT;
	bool compressed = false;
	ok_err err;

	tap_ok(key != NULL, "vector %s: private key loads", curve_name);
	if (key == NULL)
		return;
	tap_ok(ok_curve_of_key(key, "key", &curve, &err) == OK_SUCCESS &&
	    ok_curve_by_name(curve_name, "curve", &by_name, &err) ==
	    OK_SUCCESS && curve == by_name, "vector %s: curve", curve_name);
	snprintf(what, sizeof(what), "vector %s: compressed SPKI exact",
	    curve_name);
	want_len = tap_hex2bin(spki_hex, want, sizeof(want));
	if (ok_key_spki_der(key, true, &spki, &err) == OK_SUCCESS)
		tap_eq_mem(spki.data, spki.len, want, want_len, what);
	else
		tap_ok(false, "%s: %s", what, err.msg);
	sha256_hex(spki.data, spki.len, got_hash);
	tap_eq_str(got_hash, hash, "bootstrapping key hash");
	chirp_hex(spki.data, spki.len, got_hash);
	tap_eq_str(got_hash, chirp, "chirp hash");
	tap_ok(ok_key_spki_parse(want, want_len, "K", &pub, &curve,
	    &compressed, &err) == OK_SUCCESS && compressed &&
	    curve == by_name && EVP_PKEY_eq(pub, key) == 1,
	    "vector %s: SPKI parses back to the key", curve_name);
	if (uncomp_hex != NULL) {
		want_len = tap_hex2bin(uncomp_hex, want, sizeof(want));
		tap_ok(ok_key_spki_der(key, false, &spki, &err) == OK_SUCCESS,
		    "uncompressed SPKI");
		tap_eq_mem(spki.data, spki.len, want, want_len,
		    "vector: uncompressed SPKI exact");
		sha256_hex(spki.data, spki.len, got_hash);
		tap_eq_str(got_hash, json_string_value(json_object_get(entry,
		    "sha256_of_uncompressed_spki")), "uncompressed SPKI hash");
	}
	EVP_PKEY_free(pub);
	EVP_PKEY_free(key);
	ok_buf_free(&spki);
}

/* The B_R vector key's SPKIs (bootstrap_keys.json). */
#define BR_COMP "3039301306072a8648ce3d020106082a8648ce3d030107032200" \
	"0209c585a91b4df9fd25a045201885c39cc5cfae397ddaeda957dec57fa0e3503f"
#define BR_UNCOMP "3059301306072a8648ce3d020106082a8648ce3d03010703420004" \
	"09c585a91b4df9fd25a045201885c39cc5cfae397ddaeda957dec57fa0e3503f" \
	"52bf05968198a2f92883e96a386d767579883302dbf292105c90a43694c2fd5c"
/* Made with the openssl CLI: a P-256 key with explicit parameters
 * (ecparam -param_enc explicit), a secp256k1 key and an Ed25519 key. */
#define EXPLICIT_SPKI "3082014b3082010306072a8648ce3d02013081f7020101302c" \
	"06072a8648ce3d0101022100ffffffff00000001000000000000000000000000ffff" \
	"ffffffffffffffffffff305b0420ffffffff0000000100000000000000000000000" \
	"0fffffffffffffffffffffffc04205ac635d8aa3a93e7b3ebbd55769886bc651d06" \
	"b0cc53b0f63bce3c3e27d2604b031500c49d360886e704936a6678e1139d26b7819" \
	"f7e900441046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945" \
	"d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837b" \
	"f51f5022100ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2" \
	"fc63255102010103420004ee4d657ae0ac7136d843ba048880b326d9f40b41cd68" \
	"1eab15b20c2679dffa4e335e65ee808ee679e8e945b194295c1e4216156533946b" \
	"2784cdc6bba1488362"
#define K1_SPKI "3056301006072a8648ce3d020106052b8104000a0342000410d1f4" \
	"e29964ab67509562f525c347e67b0da863fad32a02feccafeb89d5a0927447c18f0c" \
	"8167618f87fe21588b2ace0adc9c1d5ffbead7c757be3e7723fb42"
#define ED25519_SPKI "302a300506032b65700321005cb8b2452913e26aebd01e1dbd7" \
	"37d501227d9eab032bbee5690b55ef8f53d29"
#define SPKI_P256_PREFIX "3039301306072a8648ce3d020106082a8648ce3d0301070322"

static void
spki_rejects(const char *what, const char *hex, const char *reason)
{
	uint8_t der[1200];
	size_t len = tap_hex2bin(hex, der, sizeof(der));
	EVP_PKEY *key = (EVP_PKEY *)1;
	ok_curve curve = OK_CURVE_COUNT;
	bool compressed = true;
	ok_err err;

	ok_err_clear(&err);
	tap_ok(ok_key_spki_parse(der, len, "K", &key, &curve, &compressed,
	    &err) == OK_E_MALFORMED && err.status == OK_E_MALFORMED &&
	    strcmp(err.field, "K") == 0 && strstr(err.msg, reason) != NULL &&
	    key == NULL, "SPKI %s: malformed, field K, '%s' (%s)", what,
	    reason, err.msg);
}

static void
test_spki_errors(void)
{
	uint8_t der[1200];
	char hex[2500];
	size_t len;

	spki_rejects("trailing byte", BR_COMP "00", "1 trailing bytes");
	spki_rejects("trailing SPKI", BR_COMP BR_COMP, "trailing bytes");
	spki_rejects("explicit parameters", EXPLICIT_SPKI, "explicit");
	spki_rejects("secp256k1", K1_SPKI, "unsupported curve");
	spki_rejects("Ed25519", ED25519_SPKI, "unsupported key type");
	spki_rejects("empty", "", "0 bytes");
	spki_rejects("garbage", "0102030405", "not a DER SubjectPublicKeyInfo");
	spki_rejects("truncated", "3039301306072a8648ce3d020106082a8648ce",
	    "not a DER");
	/* last byte of y changed: the point is off the curve */
	spki_rejects("point not on curve", "3059301306072a8648ce3d020106082a"
	    "8648ce3d0301070342000409c585a91b4df9fd25a045201885c39cc5cfae397d"
	    "daeda957dec57fa0e3503f52bf05968198a2f92883e96a386d767579883302db"
	    "f292105c90a43694c2fd5d", "not on the curve");
	/* x = p does not encode a field element */
	spki_rejects("x not below p", SPKI_P256_PREFIX "0002ffffffff0000000"
	    "1000000000000000000000000ffffffffffffffffffffffff",
	    "not on the curve");
	spki_rejects("hybrid form", "3059301306072a8648ce3d020106082a8648ce"
	    "3d0301070342000609c585a91b4df9fd25a045201885c39cc5cfae397ddaed"
	    "a957dec57fa0e3503f52bf05968198a2f92883e96a386d767579883302dbf292"
	    "105c90a43694c2fd5c", "invalid P-256 point encoding");
	spki_rejects("infinity", "3019301306072a8648ce3d020106082a8648ce3d"
	    "03010703020000", "invalid P-256 point encoding");
	spki_rejects("compressed x too short", "3038301306072a8648ce3d0201"
	    "06082a8648ce3d0301070321000209c585a91b4df9fd25a045201885c39cc5cf"
	    "ae397ddaeda957dec57fa0e350", "invalid P-256 point encoding");
	spki_rejects("04 prefix with 32 bytes", SPKI_P256_PREFIX "000409c585"
	    "a91b4df9fd25a045201885c39cc5cfae397ddaeda957dec57fa0e3503f",
	    "invalid P-256 point encoding");
	spki_rejects("unused bits in BIT STRING", SPKI_P256_PREFIX "010209c5"
	    "85a91b4df9fd25a045201885c39cc5cfae397ddaeda957dec57fa0e3503f",
	    "canonical DER");
	spki_rejects("long-form length", "308139301306072a8648ce3d020106082a"
	    "8648ce3d0301070322000209c585a91b4df9fd25a045201885c39cc5cfae397d"
	    "daeda957dec57fa0e3503f", "canonical DER");
	/* x = 1: x^3 - 3x + b is not a square mod p (checked with Euler's
	 * criterion in Python), so no point has it */
	spki_rejects("x without a point", SPKI_P256_PREFIX "0002"
	    "0000000000000000000000000000000000000000000000000000000000000001",
	    "not on the curve");
	memset(der, 0x30, sizeof(der));
	len = sizeof(der);
	tap_bin2hex(der, len > 1100 ? 1100 : len, hex);
	spki_rejects("over 1024 bytes", hex, "1100 bytes");
}

/* The B_R key of the vectors: P-256, RFC 5915 form without public key. */
#define BR_PRIV "3031020101042054ce181a98525f217216f59b245f60e9df30ac7f" \
	"6b26c939418cfc3c42d1afa0a00a06082a8648ce3d030107"
#define BR_SCALAR "54ce181a98525f217216f59b245f60e9df30ac7f6b26c939418c" \
	"fc3c42d1afa0"

static EVP_PKEY *br_key;

static const ok_key_opts private_only = { NULL, NULL, false };
static const ok_key_opts public_too = { NULL, NULL, true };
static const ok_key_opts with_pass = { "correct horse", NULL, false };
static const ok_key_opts wrong_pass = { "battery staple", NULL, false };

static void
write_hex(const char *name, const char *hex)
{
	uint8_t der[512];

	write_file(name, der, tap_hex2bin(hex, der, sizeof(der)));
}

/* Key fixtures made now from BR_PRIV (and a few others) with the CLI. */
static bool
make_fixtures(void)
{
	uint8_t der[128];
	size_t len = tap_hex2bin(BR_PRIV, der, sizeof(der));
	uint8_t trailing[129];

	write_file("br.sec1.der", der, len);
	memcpy(trailing, der, len);
	trailing[len] = 0;
	write_file("br.trailing.der", trailing, len + 1);
	write_file("br.hex", BR_PRIV "\n", strlen(BR_PRIV) + 1);
	write_file("br.upper.hex", "3031020101042054CE181A98525F217216F59B"
	    "245F60E9DF30AC7F6B26C939418CFC3C42D1AFA0A00A06082A8648CE3D030107"
	    " \r\n\t", strlen(BR_PRIV) + 4);
	write_file("br.odd.hex", BR_PRIV "0\n", strlen(BR_PRIV) + 2);
	write_file("br.space.hex", "30 31", 5);
	write_file("empty", "", 0);
	write_hex("mismatch.der", "3057020101042054ce181a98525f217216f59b245f6"
	    "0e9df30ac7f6b26c939418cfc3c42d1afa0a00a06082a8648ce3d030107a124"
	    "0322000288b37ed91938b5197097808a6244847617892046d93b9501afd48fa0"
	    "f148dfde");
	write_hex("zero.der", "30310201010420000000000000000000000000000000"
	    "0000000000000000000000000000000000a00a06082a8648ce3d030107");
	write_hex("order.der", "30310201010420ffffffff00000000ffffffffffffff"
	    "ffbce6faada7179e84f3b9cac2fc632551a00a06082a8648ce3d030107");
	return run("openssl ec -inform DER -in br.sec1.der -out br.sec1.pem "
	    "2>/dev/null") &&
	    run("openssl pkey -inform DER -in br.sec1.der -out br.p8.pem") &&
	    run("openssl pkcs8 -topk8 -nocrypt -in br.p8.pem -outform DER "
	    "-out br.p8.der") &&
	    run("openssl pkey -in br.p8.pem -aes256 -passout 'pass:correct "
	    "horse' -out br.enc.pem") &&
	    run("openssl pkcs8 -topk8 -in br.p8.pem -v2 aes-128-cbc -passout "
	    "'pass:correct horse' -outform DER -out br.enc.der") &&
	    run("openssl pkcs8 -topk8 -in br.p8.pem -v1 PBE-SHA1-3DES "
	    "-passout 'pass:correct horse' -out br.pbe-sha1.pem") &&
	    run("openssl pkcs8 -topk8 -in br.p8.pem -v2 aes-128-cbc -iter "
	    "1000001 -passout 'pass:correct horse' -out br.slow.pem") &&
	    run("openssl ec -in br.sec1.pem -aes128 -passout 'pass:correct "
	    "horse' -out br.legacy-enc.pem 2>/dev/null") &&
	    run("openssl pkey -in br.p8.pem -pubout -out br.pub.pem") &&
	    run("openssl pkey -in br.p8.pem -pubout -outform DER "
	    "-out br.pub.der") &&
	    run("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 "
	    "-out rsa.p8.pem 2>/dev/null") &&
	    run("openssl rsa -in rsa.p8.pem -traditional -out rsa.pkcs1.pem "
	    "2>/dev/null") &&
	    run("openssl pkcs8 -topk8 -nocrypt -in rsa.p8.pem -outform DER "
	    "-out rsa.p8.der") &&
	    run("openssl pkey -in rsa.p8.pem -outform DER -out rsa.pkcs1.der") &&
	    run("openssl pkey -in rsa.p8.pem -pubout -out rsa.pub.pem") &&
	    run("openssl ecparam -name secp256k1 -genkey -noout -out k1.pem") &&
	    run("openssl pkey -in k1.pem -out k1.p8.pem") &&
	    run("openssl ecparam -name prime256v1 -param_enc explicit -genkey "
	    "-noout -out explicit.pem") &&
	    run("openssl req -x509 -key br.p8.pem -subj /CN=x -days 1 "
	    "-out cert.pem 2>/dev/null") &&
	    run("cat br.p8.pem br.p8.pem > two.pem && "
	    "(cat br.p8.pem; echo junk) > junk-after.pem && "
	    "sed 's/-----BEGIN PRIVATE KEY-----/&\\nX-Header: 1\\n/' "
	    "br.p8.pem > header.pem && head -c 70000 /dev/zero > big");
}

static void
path_of(const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", tmpdir, name);
}

/* Loads a fixture; on success it must be the B_R key. */
static void
load_ok(const char *name, const ok_key_opts *opts, bool want_private)
{
	char path[512];
	EVP_PKEY *key = NULL;
	ok_curve curve = OK_CURVE_COUNT;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	path_of(name, path, sizeof(path));
	st = ok_key_load(path, opts, "--key", &key, &err);
	tap_ok(st == OK_SUCCESS && EVP_PKEY_eq(key, br_key) == 1 &&
	    ok_curve_of_key(key, "k", &curve, &err) == OK_SUCCESS &&
	    curve == OK_CURVE_P256 && ok_key_has_private(key) == want_private,
	    "load %s: the B_R key%s (%d %s)", name, want_private ?
	    " with private part" : ", public", (int)st, err.msg);
	EVP_PKEY_free(key);
}

static void
load_fails(const char *name, const ok_key_opts *opts, ok_status want,
    const char *reason)
{
	char path[512];
	EVP_PKEY *key = (EVP_PKEY *)1;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	path_of(name, path, sizeof(path));
	st = ok_key_load(path, opts, "--key", &key, &err);
	tap_ok(st == want && err.status == want &&
	    strcmp(err.field, "--key") == 0 && key == NULL &&
	    strstr(err.msg, reason) != NULL && strstr(err.msg, name) != NULL,
	    "load %s: status %d, field --key, '%s' (got %d: %s: %s)", name,
	    (int)want, reason, (int)st, err.field, err.msg);
}

static void
test_load_forms(void)
{
	load_ok("br.sec1.der", &private_only, true);
	load_ok("br.hex", &private_only, true);
	load_ok("br.upper.hex", &private_only, true);
	load_ok("br.sec1.pem", &private_only, true);
	load_ok("br.p8.pem", &private_only, true);
	load_ok("br.p8.der", &private_only, true);
	load_ok("br.enc.pem", &with_pass, true);
	load_ok("br.enc.der", &with_pass, true);
	load_ok("br.legacy-enc.pem", &with_pass, true);
	load_ok("br.pbe-sha1.pem", &with_pass, true);
	load_ok("br.pub.pem", &public_too, false);
	load_ok("br.pub.der", &public_too, false);
	load_ok("br.p8.pem", &public_too, true);
}

static void
test_load_errors(void)
{
	load_fails("br.pub.pem", &private_only, OK_E_USAGE,
	    "a private key is needed");
	load_fails("br.pub.der", &private_only, OK_E_USAGE,
	    "a private key is needed");
	load_fails("br.enc.pem", &private_only, OK_E_USAGE,
	    "passphrase needed (--pass)");
	load_fails("br.enc.der", &private_only, OK_E_USAGE,
	    "passphrase needed (--pass)");
	load_fails("br.legacy-enc.pem", &private_only, OK_E_USAGE,
	    "passphrase needed (--pass)");
	load_fails("br.enc.pem", &wrong_pass, OK_E_NEGATIVE,
	    "passphrase does not decrypt");
	load_fails("br.enc.der", &wrong_pass, OK_E_NEGATIVE,
	    "passphrase does not decrypt");
	load_fails("br.legacy-enc.pem", &wrong_pass, OK_E_NEGATIVE,
	    "passphrase does not decrypt");
	load_fails("br.pbe-sha1.pem", &wrong_pass, OK_E_NEGATIVE,
	    "passphrase does not decrypt");
	load_fails("br.slow.pem", &with_pass, OK_E_MALFORMED,
	    "too many iterations (at most 1000000)");
	load_fails("rsa.p8.pem", &private_only, OK_E_MALFORMED,
	    "unsupported key type");
	load_fails("rsa.p8.der", &private_only, OK_E_MALFORMED,
	    "unsupported key type");
	load_fails("rsa.pkcs1.der", &private_only, OK_E_MALFORMED,
	    "not a key in a supported form");
	load_fails("rsa.pub.pem", &public_too, OK_E_MALFORMED,
	    "unsupported key type");
	load_fails("rsa.pkcs1.pem", &private_only, OK_E_MALFORMED,
	    "unsupported PEM type 'RSA PRIVATE KEY'");
	load_fails("cert.pem", &public_too, OK_E_MALFORMED,
	    "unsupported PEM type 'CERTIFICATE'");
	load_fails("k1.pem", &private_only, OK_E_MALFORMED,
	    "unsupported curve secp256k1");
	load_fails("k1.p8.pem", &private_only, OK_E_MALFORMED,
	    "unsupported curve secp256k1");
	load_fails("explicit.pem", &private_only, OK_E_MALFORMED,
	    "explicit curve parameters");
	load_fails("mismatch.der", &private_only, OK_E_MALFORMED,
	    "public key does not match the private key");
	load_fails("zero.der", &private_only, OK_E_MALFORMED,
	    "private key out of range");
	load_fails("order.der", &private_only, OK_E_MALFORMED,
	    "private key out of range");
	load_fails("br.trailing.der", &private_only, OK_E_MALFORMED,
	    "1 trailing bytes after the EC private key");
	load_fails("br.odd.hex", &private_only, OK_E_MALFORMED, "br.odd.hex");
	load_fails("br.space.hex", &private_only, OK_E_MALFORMED,
	    "not a key in a supported form");
	load_fails("two.pem", &private_only, OK_E_MALFORMED,
	    "data after the PEM block");
	load_fails("junk-after.pem", &private_only, OK_E_MALFORMED,
	    "data after the PEM block");
	load_fails("header.pem", &private_only, OK_E_MALFORMED,
	    "unexpected PEM headers");
	load_fails("empty", &private_only, OK_E_MALFORMED, "empty key");
	load_fails("big", &private_only, OK_E_MALFORMED, "larger than");
	load_fails("missing-file", &private_only, OK_E_IO,
	    "No such file or directory");
}

static void
test_load_misc(void)
{
	char path[512];
	EVP_PKEY *key = NULL;
	ok_err err;
	int saved = dup(0), fd;
	static const uint8_t garbage[] = { 0x30, 0x03, 0x02, 0x01, 0x01 };

	path_of("br.p8.pem", path, sizeof(path));
	fd = open(path, O_RDONLY);
	dup2(fd, 0);
	close(fd);
	tap_ok(ok_key_load("-", NULL, "--key", &key, &err) == OK_SUCCESS &&
	    EVP_PKEY_eq(key, br_key) == 1, "load '-' reads stdin");
	EVP_PKEY_free(key);
	dup2(saved, 0);
	close(saved);
	tap_ok(ok_key_load("", NULL, "-k", &key, &err) == OK_E_USAGE &&
	    strcmp(err.field, "-k") == 0 && key == NULL, "empty source: usage");
	tap_ok(ok_key_parse(garbage, sizeof(garbage), NULL, "K", &key, &err) ==
	    OK_E_MALFORMED && strcmp(err.field, "K") == 0 && key == NULL,
	    "parse of a bare INTEGER sequence: malformed (%s)", err.msg);
	tap_ok(ok_key_parse((const uint8_t *)BR_PRIV, strlen(BR_PRIV), NULL,
	    "K", &key, &err) == OK_SUCCESS && EVP_PKEY_eq(key, br_key) == 1,
	    "parse hex without newline");
	EVP_PKEY_free(key);
}

static bool
export_to_file(const EVP_PKEY *key, ok_key_format format, const char *name,
    ok_buf *out)
{
	ok_err err;

	if (ok_key_export(key, format, out, &err) != OK_SUCCESS) {
		tap_diag("export %s: %s", name, err.msg);
		return false;
	}
	write_file(name, out->data, out->len);
	return true;
}

static bool
same_file(const char *a, const char *b)
{
	uint8_t da[4096], db[4096];
	size_t la = read_file(a, da, sizeof(da)), lb = read_file(b, db,
	    sizeof(db));

	return la > 0 && la == lb && memcmp(da, db, la) == 0;
}

/* Exports of the B_R key: exact bytes where the form is deterministic,
 * the openssl CLI's output where it is not ours to define. */
static void
test_export_br(void)
{
	ok_buf out = OK_BUF_INIT;
	EVP_PKEY *back = NULL;
	ok_err err;

	tap_ok(export_to_file(br_key, OK_KEY_FMT_HOSTAPD, "x.hostapd", &out) &&
	    strcmp((char *)out.data, BR_PRIV "\n") == 0,
	    "hostapd form of B_R is the vector's ECPrivateKey hex");
	tap_ok(export_to_file(br_key, OK_KEY_FMT_ESPIDF, "x.espidf", &out) &&
	    strcmp((char *)out.data, BR_SCALAR "\n") == 0,
	    "esp-idf form of B_R is the vector's private scalar");
	tap_ok(export_to_file(br_key, OK_KEY_FMT_PEM, "x.pem", &out) &&
	    strncmp((char *)out.data, "-----BEGIN PRIVATE KEY-----\n", 28) ==
	    0 && out.data[out.len - 1] == '\n', "pem form is PKCS#8 PEM");
	tap_ok(run("openssl pkey -in x.pem -out x.cli.pem") &&
	    same_file("x.pem", "x.cli.pem"), "pem = openssl pkey output");
	tap_ok(ok_key_parse(out.data, out.len, NULL, "k", &back, &err) ==
	    OK_SUCCESS && EVP_PKEY_eq(back, br_key) == 1, "pem round trip");
	EVP_PKEY_free(back);
	tap_ok(export_to_file(br_key, OK_KEY_FMT_DER, "x.der", &out) &&
	    run("openssl pkcs8 -topk8 -nocrypt -in x.pem -outform DER "
	    "-out x.cli.der") && same_file("x.der", "x.cli.der"),
	    "der form = openssl pkcs8 -topk8 DER");
	tap_ok(ok_key_parse(out.data, out.len, NULL, "k", &back, &err) ==
	    OK_SUCCESS && EVP_PKEY_eq(back, br_key) == 1, "der round trip");
	EVP_PKEY_free(back);
	tap_ok(export_to_file(br_key, OK_KEY_FMT_PUB_DER, "x.pub.der", &out) &&
	    run("openssl ec -in x.pem -pubout -conv_form compressed "
	    "-outform DER -out x.cli.pub.der 2>/dev/null") &&
	    same_file("x.pub.der", "x.cli.pub.der"),
	    "pub-der = openssl ec -pubout -conv_form compressed");
	tap_ok(export_to_file(br_key, OK_KEY_FMT_PUB_PEM, "x.pub.pem", &out) &&
	    run("openssl ec -in x.pem -pubout -conv_form compressed "
	    "-out x.cli.pub.pem 2>/dev/null") &&
	    same_file("x.pub.pem", "x.cli.pub.pem"),
	    "pub-pem = openssl ec -pubout -conv_form compressed");
	ok_buf_wipe(&out);
}

/* Every vector key: hostapd form = openssl ec -no_public, round trips. */
static void
test_export_vector(json_t *entry, size_t index)
{
	const char *priv_hex = json_string_value(json_object_get(entry,
	    "ecprivatekey_der_hex"));
	EVP_PKEY *key = key_from_der_hex(priv_hex), *back = NULL;
	uint8_t der[256], cli[512];
	size_t len = tap_hex2bin(priv_hex, der, sizeof(der)), cli_len;
	ok_buf out = OK_BUF_INIT;
	ok_curve curve = OK_CURVE_COUNT;
	char name[64];
	ok_err err;
	bool made;

	snprintf(name, sizeof(name), "v%zu.der", index);
	write_file(name, der, len);
	made = run("openssl ec -inform DER -in v%zu.der -no_public "
	    "-param_enc named_curve -outform DER 2>/dev/null | od -An -v "
	    "-tx1 | tr -d ' \\n' > v%zu.cli.hex && echo >> v%zu.cli.hex",
	    index, index, index);
	snprintf(name, sizeof(name), "v%zu.cli.hex", index);
	cli_len = made ? read_file(name, cli, sizeof(cli) - 1) : 0;
	tap_ok(ok_key_export(key, OK_KEY_FMT_HOSTAPD, &out, &err) ==
	    OK_SUCCESS && cli_len == out.len && memcmp(cli, out.data,
	    cli_len) == 0, "vector %zu: hostapd = openssl ec -no_public",
	    index);
	tap_ok(ok_key_parse(out.data, out.len, NULL, "k", &back, &err) ==
	    OK_SUCCESS && EVP_PKEY_eq(back, key) == 1,
	    "vector %zu: hostapd form loads back", index);
	ok_curve_of_key(key, "k", &curve, &err);
	if (curve != OK_CURVE_P256)
		tap_ok(ok_key_export(key, OK_KEY_FMT_ESPIDF, &out, &err) ==
		    OK_E_USAGE && strcmp(err.field, "esp-idf") == 0 &&
		    strstr(err.msg, "P-256 keys only") != NULL,
		    "vector %zu: esp-idf refuses %s (%s)", index,
		    ok_curve_info_of(curve)->name, err.msg);
	EVP_PKEY_free(back);
	EVP_PKEY_free(key);
	ok_buf_wipe(&out);
}

static void
test_export_errors(void)
{
	static const char *const names[] = { "pem", "der", "hostapd",
	    "esp-idf", "pub-pem", "pub-der" };
	uint8_t der[128];
	size_t len = tap_hex2bin(BR_COMP, der, sizeof(der)), i;
	ok_buf out = OK_BUF_INIT;
	ok_key_format format;
	EVP_PKEY *pub = NULL;
	ok_err err;

	for (i = 0; i < 6; i++)
		tap_ok(ok_key_format_by_name(names[i], "-f", &format, &err) ==
		    OK_SUCCESS && format == (ok_key_format)i &&
		    ok_key_format_is_secret(format) == (i < 4),
		    "format %s", names[i]);
	tap_ok(ok_key_format_by_name("PUB-DER", "-f", &format, &err) ==
	    OK_SUCCESS && format == OK_KEY_FMT_PUB_DER, "format names ignore "
	    "case");
	tap_ok(ok_key_format_by_name("jwk", "-f", &format, &err) ==
	    OK_E_USAGE && strcmp(err.field, "-f") == 0 &&
	    strstr(err.msg, "pem, der, hostapd, esp-idf, pub-pem, pub-der"),
	    "unknown format: usage, field, list (%s)", err.msg);
	ok_key_spki_parse(der, len, "K", &pub, NULL, NULL, &err);
	for (i = 0; i < 4; i++)
		tap_ok(ok_key_export(pub, (ok_key_format)i, &out, &err) ==
		    OK_E_USAGE && strcmp(err.field, "key") == 0 &&
		    strstr(err.msg, "a private key is needed") != NULL,
		    "%s of a public key: usage (%s)", names[i], err.msg);
	tap_ok(ok_key_export(pub, OK_KEY_FMT_PUB_DER, &out, &err) ==
	    OK_SUCCESS && out.len == len && memcmp(out.data, der, len) == 0,
	    "pub-der of a public key");
	tap_ok(ok_key_export(pub, (ok_key_format)99, &out, &err) ==
	    OK_E_USAGE, "format out of range: usage");
	EVP_PKEY_free(pub);
	ok_buf_free(&out);
}

/* A P-256 scalar below 2^248 must still export as 32 bytes. */
static void
test_export_short_scalar(void)
{
	ok_keygen *gen = NULL;
	EVP_PKEY *key = NULL, *back = NULL;
	BIGNUM *priv = NULL;
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	ok_status st;
	int tries;

	ok_keygen_new(OK_CURVE_P256, &gen, &err);
	for (tries = 0; tries < 20000; tries++) {
		EVP_PKEY_free(key);
		ok_keygen_next(gen, &key, &err);
		EVP_PKEY_get_bn_param(key, "priv", &priv);
		if (BN_num_bytes(priv) < 32)
			break;
		BN_clear_free(priv);
		priv = NULL;
	}
	tap_ok(priv != NULL, "found a key with a short scalar (%d tries)",
	    tries);
	st = ok_key_export(key, OK_KEY_FMT_ESPIDF, &out, &err);
	tap_ok(st == OK_SUCCESS && out.len == 65 &&
	    memcmp(out.data, "00", 2) == 0,
	    "esp-idf form is zero-padded: %.8s...", (char *)out.data);
	st = ok_key_export(key, OK_KEY_FMT_HOSTAPD, &out, &err);
	tap_ok(st == OK_SUCCESS && out.len == 103 &&
	    memcmp(out.data, "3031020101042000", 16) == 0,
	    "hostapd form is zero-padded: %.18s...", (char *)out.data);
	tap_ok(ok_key_parse(out.data, out.len, NULL, "k", &back, &err) ==
	    OK_SUCCESS && EVP_PKEY_eq(back, key) == 1, "and loads back");
	BN_clear_free(priv);
	EVP_PKEY_free(back);
	EVP_PKEY_free(key);
	ok_keygen_free(gen);
	ok_buf_wipe(&out);
}

static json_t *vectors;

static void
load_vectors(void)
{
	json_error_t jerr;
	size_t len;
	char *text = tap_read_vector("dpp/bootstrap_keys.json", &len);

	vectors = json_loadb(text, len, 0, &jerr);
	free(text);
	if (!json_is_array(json_object_get(vectors, "keys"))) {
		printf("Bail out! bootstrap_keys.json: %s\n", jerr.text);
		exit(255);
	}
}

static void
test_vectors(void)
{
	json_t *keys = json_object_get(vectors, "keys");
	size_t i;

	tap_ok(json_array_size(keys) >= 8, "at least 8 vector keys");
	for (i = 0; i < json_array_size(keys); i++)
		test_vector_key(json_array_get(keys, i));
}

int
main(void)
{
	size_t i;

	if (mkdtemp(tmpdir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 255;
	}
	load_vectors();
	test_curve_names();
	for (i = 0; i < OK_CURVE_COUNT; i++)
		test_keygen_curve((ok_curve)i);
	test_vectors();
	test_spki_errors();
	br_key = key_from_der_hex(BR_PRIV);
	if (!tap_ok(make_fixtures(), "fixtures made with the openssl CLI"))
		return tap_done();
	test_load_forms();
	test_load_errors();
	test_load_misc();
	test_export_br();
	for (i = 0; i < json_array_size(json_object_get(vectors, "keys")); i++)
		test_export_vector(json_array_get(json_object_get(vectors,
		    "keys"), i), i);
	test_export_errors();
	test_export_short_scalar();
	EVP_PKEY_free(br_key);
	json_decref(vectors);
	run("rm -rf '%s'", tmpdir);
	return tap_done();
}
