/*
 * test_keys_pkcs11.c: keys on a PKCS#11 token through OpenSSL's pkcs11
 * engine, against a throwaway SoftHSM2 token made by softhsm-token.
 * SoftHSM, pkcs11-tool or the engine missing is a failure, not a skip:
 * scripts/install-deps test installs them.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "common/keys.h"
#include "tap.h"

#define MODULE "/usr/lib/softhsm/libsofthsm2.so"

/*
 * libp11 0.4.12 (Debian 12) loses a few hundred bytes of its own on the
 * public-key path even when used directly (ENGINE_load_public_key,
 * EVP_PKEY_free, ENGINE_finish, ENGINE_free).  Those allocations are made
 * inside the engine module; leaks with onboardkit frames still report.
 */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:engines-3/pkcs11.so\n";
}

typedef struct token {
	char dir[512];
	char conf[512];
	char uri[512];
	char pin[64];
	char pubkey[512];
} token;

static void
take_value(const char *line, const char *key, char *out, size_t size)
{
	size_t key_len = strlen(key);

	if (strncmp(line, key, key_len) == 0 && line[key_len] == '=')
		snprintf(out, size, "%.*s", (int)strcspn(line + key_len + 1,
		    "\n"), line + key_len + 1);
}

/* Runs the helper and reads its KEY=VALUE lines. */
static bool
token_create(token *tok)
{
	const char *top = getenv("OK_TOP");
	char cmd[1024], line[1024];
	FILE *helper;
	int rc;

	memset(tok, 0, sizeof(*tok));
	snprintf(cmd, sizeof(cmd), "'%s/tests/unit/softhsm-token'",
	    top != NULL ? top : ".");
	if ((helper = popen(cmd, "r")) == NULL)
		return false;
	while (fgets(line, sizeof(line), helper) != NULL) {
		take_value(line, "dir", tok->dir, sizeof(tok->dir));
		take_value(line, "conf", tok->conf, sizeof(tok->conf));
		take_value(line, "uri", tok->uri, sizeof(tok->uri));
		take_value(line, "pin", tok->pin, sizeof(tok->pin));
		take_value(line, "pubkey", tok->pubkey, sizeof(tok->pubkey));
	}
	rc = pclose(helper);
	return rc == 0 && tok->dir[0] != '\0' && tok->conf[0] != '\0' &&
	    tok->uri[0] != '\0' && tok->pin[0] != '\0' &&
	    tok->pubkey[0] != '\0';
}

static size_t
read_whole(const char *path, uint8_t *out, size_t max)
{
	FILE *fp = fopen(path, "rb");
	size_t got;

	if (fp == NULL)
		return 0;
	got = fread(out, 1, max, fp);
	fclose(fp);
	return got;
}

static void
expect_failure(const char *what, const char *uri, const ok_key_opts *opts,
    ok_status want, const char *reason)
{
	EVP_PKEY *key = (EVP_PKEY *)1;
	ok_status st;
	ok_err err;

	ok_err_clear(&err);
	st = ok_key_load(uri, opts, "--key", &key, &err);
	tap_ok(st == want && err.status == want && key == NULL &&
	    strcmp(err.field, "--key") == 0 && strstr(err.msg, reason) != NULL,
	    "%s: status %d, field --key, '%s' (got %d: %s)", what, (int)want,
	    reason, (int)st, err.msg);
}

/*
 * Cases that need the token logged out come first: a successful login
 * stays valid for the whole process (the module keeps its session state
 * across engine instances), after which a wrong PIN is never tried.
 */
static void
test_failures(const token *tok)
{
	ok_key_opts no_pin = { NULL, MODULE, false };
	ok_key_opts wrong_pin = { "0000", MODULE, false };

	expect_failure("no PIN", tok->uri, &no_pin, OK_E_USAGE,
	    "the token needs its PIN (--pass)");
	expect_failure("wrong PIN", tok->uri, &wrong_pin, OK_E_NEGATIVE,
	    "token refused the PIN");
}

/* Failures that come after a successful login. */
static void
test_failures_logged_in(const token *tok)
{
	ok_key_opts right_pin = { tok->pin, MODULE, false };
	ok_key_opts bad_module = { tok->pin, "/nonexistent/module.so", false };
	ok_key_opts module_only = { NULL, MODULE, false };
	EVP_PKEY *key = NULL;
	char missing[600];
	ok_err err;

	expect_failure("missing module", tok->uri, &bad_module, OK_E_IO,
	    "/nonexistent/module.so: No such file or directory");
	snprintf(missing, sizeof(missing),
	    "pkcs11:token=onboardkit-test;object=no-such-key;type=private");
	expect_failure("missing object", missing, &right_pin, OK_E_IO,
	    "object not found");
	snprintf(missing, sizeof(missing), "pkcs11:token=onboardkit-test;"
	    "object=no-such-key;type=private?pin-value=%s", tok->pin);
	ok_err_clear(&err);
	tap_ok(ok_key_load(missing, &module_only, "--key", &key, &err) ==
	    OK_E_IO && strstr(err.msg, "object not found") != NULL &&
	    strstr(err.msg, "pin-value") == NULL && key == NULL,
	    "a PIN in the URI stays out of the message (%s)", err.msg);
	expect_failure("missing token", "pkcs11:token=no-such-token;"
	    "object=dpp-key;type=private", &right_pin, OK_E_IO,
	    "object not found");
}

/* An ECDSA signature made on the token verifies with the public key
 * pkcs11-tool read back; a changed message does not. */
static void
test_signature(EVP_PKEY *token_key, EVP_PKEY *file_pub)
{
	static const unsigned char msg[] = "onboardkit token test";
	unsigned char sig[160];
	size_t sig_len = sizeof(sig);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int signed_ok, verified, forged;

	signed_ok = EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL,
	    token_key) == 1 && EVP_DigestSign(md, sig, &sig_len, msg,
	    sizeof(msg)) == 1;
	tap_ok(signed_ok, "ECDSA signature made with the token key");
	EVP_MD_CTX_reset(md);
	verified = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL,
	    file_pub) == 1 ? EVP_DigestVerify(md, sig, sig_len, msg,
	    sizeof(msg)) : -1;
	EVP_MD_CTX_reset(md);
	forged = EVP_DigestVerifyInit(md, NULL, EVP_sha256(), NULL,
	    file_pub) == 1 ? EVP_DigestVerify(md, sig, sig_len, msg,
	    sizeof(msg) - 1) : -1;
	tap_ok(signed_ok && verified == 1, "it verifies with the exported "
	    "public key");
	tap_ok(signed_ok && forged == 0, "and not over another message");
	EVP_MD_CTX_free(md);
}

static void
test_export(const EVP_PKEY *key, const ok_buf *want_comp)
{
	ok_key_format format;
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	for (format = OK_KEY_FMT_PEM; format <= OK_KEY_FMT_ESPIDF; format++)
		tap_ok(ok_key_export(key, format, &out, &err) == OK_E_USAGE &&
		    strcmp(err.field, "key") == 0 && strstr(err.msg,
		    "private key is held by a token and cannot be exported"),
		    "private export %d of a token key refused (%s)",
		    (int)format, err.msg);
	tap_ok(ok_key_export(key, OK_KEY_FMT_PUB_DER, &out, &err) ==
	    OK_SUCCESS && tap_eq_mem(out.data, out.len, want_comp->data,
	    want_comp->len, "pub-der of the token key"), "pub-der export");
	ok_buf_free(&out);
}

static void
test_token_key(const token *tok)
{
	ok_key_opts right_pin = { tok->pin, MODULE, false };
	uint8_t pub_der[256];
	size_t pub_len = read_whole(tok->pubkey, pub_der, sizeof(pub_der));
	ok_buf spki = OK_BUF_INIT, comp = OK_BUF_INIT;
	EVP_PKEY *key = NULL, *file_pub = NULL;
	ok_curve curve = OK_CURVE_COUNT;
	ok_err err;

	ok_err_clear(&err);
	tap_ok(ok_key_load(tok->uri, &right_pin, "--key", &key, &err) ==
	    OK_SUCCESS && key != NULL, "load %s (%s)", tok->uri, err.msg);
	if (key == NULL)
		return;
	tap_ok(ok_curve_of_key(key, "k", &curve, &err) == OK_SUCCESS &&
	    curve == OK_CURVE_P256, "token key is on P-256");
	tap_ok(ok_key_on_token(key) && ok_key_has_private(key),
	    "token key: private part on the token");
	tap_ok(ok_key_spki_der(key, false, &spki, &err) == OK_SUCCESS &&
	    tap_eq_mem(spki.data, spki.len, pub_der, pub_len,
	    "uncompressed SPKI = pkcs11-tool --read-object"), "SPKI");
	tap_ok(ok_key_spki_parse(pub_der, pub_len, "pub", &file_pub, NULL,
	    NULL, &err) == OK_SUCCESS && ok_key_spki_der(file_pub, true,
	    &comp, &err) == OK_SUCCESS && ok_key_spki_der(key, true, &spki,
	    &err) == OK_SUCCESS && spki.len == comp.len && memcmp(spki.data,
	    comp.data, comp.len) == 0, "compressed SPKI matches too");
	test_signature(key, file_pub);
	test_export(key, &comp);
	EVP_PKEY_free(file_pub);
	EVP_PKEY_free(key);
	ok_buf_free(&spki);
	ok_buf_free(&comp);
}

/* With public_ok, a public object loads without a PIN. */
static void
test_public_object(const token *tok)
{
	ok_key_opts public_ok = { NULL, MODULE, true };
	uint8_t pub_der[256];
	size_t pub_len = read_whole(tok->pubkey, pub_der, sizeof(pub_der));
	char uri[600];
	ok_buf spki = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	ok_err err;

	snprintf(uri, sizeof(uri), "pkcs11:token=onboardkit-test;"
	    "object=dpp-key;type=public");
	ok_err_clear(&err);
	tap_ok(ok_key_load(uri, &public_ok, "--key", &key, &err) ==
	    OK_SUCCESS, "public object loads with public_ok, no PIN (%s)",
	    err.msg);
	tap_ok(key != NULL && !ok_key_on_token(key) &&
	    !ok_key_has_private(key), "it has no private part");
	tap_ok(key != NULL && ok_key_spki_der(key, false, &spki, &err) ==
	    OK_SUCCESS && spki.len == pub_len && memcmp(spki.data, pub_der,
	    pub_len) == 0, "same SPKI as pkcs11-tool read");
	EVP_PKEY_free(key);
	ok_buf_free(&spki);
}

/* Without a module the engine goes through p11-kit-proxy, which finds
 * SoftHSM among the registered modules. */
static void
test_default_module(const token *tok)
{
	ok_key_opts default_module = { tok->pin, NULL, false };
	ok_curve curve = OK_CURVE_COUNT;
	EVP_PKEY *key = NULL;
	ok_err err;

	ok_err_clear(&err);
	tap_ok(ok_key_load(tok->uri, &default_module, "--key", &key, &err) ==
	    OK_SUCCESS && ok_curve_of_key(key, "k", &curve, &err) ==
	    OK_SUCCESS && curve == OK_CURVE_P256 && ok_key_on_token(key),
	    "default module (p11-kit-proxy) finds the key (%s)", err.msg);
	EVP_PKEY_free(key);
}

int
main(void)
{
	token tok;
	char cmd[600];

	if (!tap_ok(token_create(&tok), "softhsm-token made a token")) {
		tap_diag("SoftHSM2, opensc (pkcs11-tool) and "
		    "libengine-pkcs11-openssl are required: "
		    "scripts/install-deps test");
		return tap_done();
	}
	setenv("SOFTHSM2_CONF", tok.conf, 1);
	test_failures(&tok);
	test_public_object(&tok);
	test_failures_logged_in(&tok);
	test_token_key(&tok);
	test_default_module(&tok);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tok.dir);
	tap_ok(system(cmd) == 0, "token directory removed");
	return tap_done();
}
