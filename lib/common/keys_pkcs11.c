/*
 * keys_pkcs11.c: keys named by a "pkcs11:" URI (RFC 7512), loaded through
 * OpenSSL's pkcs11 engine (libp11, Debian's libengine-pkcs11-openssl).
 *
 * Engines are deprecated in OpenSSL 3, but Debian 12 ships no PKCS#11
 * provider, so this one file uses the engine API.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "keys.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/ui.h>

/*
 * A key loaded through the engine holds a functional reference to it in
 * ex_data.  The free callback runs after OpenSSL has released the key
 * material (and with it libp11's per-key data), so the engine outlives
 * every key that uses it.
 */
typedef struct token_ref {
	ENGINE *engine;
	bool private_part; /* a private key object, not just a public one */
} token_ref;

static int token_index = -1;
static CRYPTO_ONCE token_once = CRYPTO_ONCE_STATIC_INIT;

static void
token_ref_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
    long argl, void *argp)
{
	token_ref *ref = ptr;

	(void)parent, (void)ad, (void)idx, (void)argl, (void)argp;
	if (ref == NULL)
		return;
	ENGINE_finish(ref->engine);
	ENGINE_free(ref->engine);
	OPENSSL_free(ref);
}

static void
token_index_init(void)
{
	token_index = EVP_PKEY_get_ex_new_index(0, NULL, NULL, NULL,
	    token_ref_free);
}

static const token_ref *
key_token_ref(const EVP_PKEY *key)
{
	if (key == NULL || !CRYPTO_THREAD_run_once(&token_once,
	    token_index_init) || token_index < 0)
		return NULL;
	return EVP_PKEY_get_ex_data(key, token_index);
}

bool
ok_key_on_token(const EVP_PKEY *key)
{
	const token_ref *ref = key_token_ref(key);

	return ref != NULL && ref->private_part;
}

/* What the engine asked of us while loading. */
typedef struct token_prompt {
	bool pin_requested;
} token_prompt;

/*
 * The library never prompts: the PIN comes from the caller.  When the
 * engine asks anyway (none was given, or the URI needs a login), the
 * reader refuses and records that a PIN was wanted.
 */
static int
refuse_reader(UI *ui, UI_STRING *uis)
{
	token_prompt *prompt = UI_get0_user_data(ui);

	if (UI_get_string_type(uis) != UIT_PROMPT &&
	    UI_get_string_type(uis) != UIT_VERIFY)
		return 1;
	if (prompt != NULL)
		prompt->pin_requested = true;
	return -1;
}

static UI_METHOD *
refusing_ui(void)
{
	UI_METHOD *method = UI_create_method("onboardkit: no prompts");

	if (method != NULL && UI_method_set_reader(method, refuse_reader) != 0) {
		UI_destroy_method(method);
		method = NULL;
	}
	return method;
}

static ok_status
engine_open(const ok_key_opts *opts, const char *field, ENGINE **out,
    ok_err *err)
{
	ENGINE *engine = ENGINE_by_id("pkcs11");
	ok_status st = OK_SUCCESS;

	*out = NULL;
	/* checked here because libp11 prints its own dlopen failure */
	if (opts->pkcs11_module != NULL && access(opts->pkcs11_module,
	    R_OK) != 0) {
		ENGINE_free(engine);
		return ok_err_sys(err, OK_E_IO, field, errno,
		    opts->pkcs11_module);
	}
	if (engine == NULL)
		return ok_err_ssl(err, OK_E_IO, field,
		    "OpenSSL's pkcs11 engine is not available (Debian package "
		    "libengine-pkcs11-openssl)");
	/* libp11 writes its own diagnostics to stderr unless told not to */
	ENGINE_ctrl_cmd(engine, "QUIET", 0, NULL, NULL, 1);
	if (opts->pkcs11_module != NULL && !ENGINE_ctrl_cmd_string(engine,
	    "MODULE_PATH", opts->pkcs11_module, 0))
		st = ok_err_ssl(err, OK_E_IO, field,
		    "pkcs11 engine refused module %s", opts->pkcs11_module);
	else if (opts->secret != NULL && !ENGINE_ctrl_cmd_string(engine,
	    "PIN", opts->secret, 0))
		st = ok_err_ssl(err, OK_E_IO, field,
		    "pkcs11 engine refused the PIN");
	else if (!ENGINE_init(engine))
		st = ok_err_ssl(err, OK_E_IO, field,
		    "cannot initialise the pkcs11 engine");
	if (st != OK_SUCCESS) {
		ENGINE_free(engine);
		return st;
	}
	*out = engine;
	return OK_SUCCESS;
}

/* PKCS#11 return values (CK_RV) that mean the PIN was refused. */
#define CKR_PIN_INCORRECT 0xa0
#define CKR_PIN_LOCKED 0xa4

/*
 * Sorts an engine failure by the PKCS#11 return value libp11 queued: a
 * refused PIN is a negative result, a PIN nobody gave is a usage error,
 * anything else (no such token or object, module trouble) is local.
 * Consumes the error queue; the first entry becomes the detail.
 */
static ok_status
token_failure(const token_prompt *prompt, const ok_key_opts *opts,
    const char *field, const char *uri, ok_err *err)
{
	const char *lib, *reason, *detail = NULL;
	unsigned long code;
	ok_status st = OK_E_IO;

	while ((code = ERR_get_error()) != 0) {
		lib = ERR_lib_error_string(code);
		reason = ERR_reason_error_string(code);
		if (detail == NULL)
			detail = reason;
		if (lib != NULL && strcmp(lib, "PKCS#11 module") == 0 &&
		    ERR_GET_REASON(code) >= CKR_PIN_INCORRECT &&
		    ERR_GET_REASON(code) <= CKR_PIN_LOCKED)
			st = OK_E_NEGATIVE;
	}
	if (st == OK_E_NEGATIVE)
		return ok_err_set(err, st, field, "token refused the PIN (%s)",
		    detail != NULL ? detail : "PIN incorrect");
	if (prompt->pin_requested && opts->secret == NULL)
		return ok_err_needs_secret(err, field,
		    "the token needs its PIN (--pass)");
	/* the query part may carry pin-value=, which stays out of messages */
	return ok_err_set(err, OK_E_IO, field, "cannot load %.*s (%s)",
	    (int)strcspn(uri, "?"), uri,
	    detail != NULL ? detail : "pkcs11 engine failed");
}

static EVP_PKEY *
engine_load(ENGINE *engine, const char *uri, bool private_part,
    token_prompt *prompt)
{
	UI_METHOD *ui = refusing_ui();
	EVP_PKEY *key = NULL;

	if (ui != NULL && private_part)
		key = ENGINE_load_private_key(engine, uri, ui, prompt);
	else if (ui != NULL)
		key = ENGINE_load_public_key(engine, uri, ui, prompt);
	UI_destroy_method(ui);
	return key;
}

/*
 * libp11 caches the EVP_PKEY it returns, holding a reference until the
 * engine is finished; making that object hold the engine would be a
 * cycle that frees neither.  The caller gets a new EVP_PKEY around the
 * same EC_KEY (libp11's EC method and data stay with the EC_KEY).
 */
static EVP_PKEY *
key_rewrap(EVP_PKEY *engine_key)
{
	EC_KEY *ec = EVP_PKEY_get1_EC_KEY(engine_key);
	EVP_PKEY *own = ec != NULL ? EVP_PKEY_new() : NULL;

	if (own != NULL && !EVP_PKEY_set1_EC_KEY(own, ec)) {
		EVP_PKEY_free(own);
		own = NULL;
	}
	EC_KEY_free(ec);
	EVP_PKEY_free(engine_key);
	return own;
}

/* Ties the engine's lifetime to the key's; takes over the caller's
 * references on success. */
static ok_status
key_hold_engine(EVP_PKEY *key, ENGINE *engine, bool private_part,
    const char *field, ok_err *err)
{
	token_ref *ref = OPENSSL_zalloc(sizeof(*ref));

	if (ref == NULL || !CRYPTO_THREAD_run_once(&token_once,
	    token_index_init) || token_index < 0 ||
	    !EVP_PKEY_set_ex_data(key, token_index, ref)) {
		OPENSSL_free(ref);
		return ok_err_ssl(err, OK_E_IO, field,
		    "cannot attach the engine to the key");
	}
	ref->engine = engine;
	ref->private_part = private_part;
	return OK_SUCCESS;
}

/*
 * The private key first; when the caller can use a public key, a public
 * object is the fallback unless the token refused the PIN.  (libp11 finds
 * a private key even for "type=public" once the module is logged in,
 * hence the explicit check.)
 */
static ok_status
token_key(ENGINE *engine, const char *uri, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, bool *private_part, ok_err *err)
{
	token_prompt prompt = { false };
	ok_status st;

	/* an explicit public object needs no login */
	*private_part = !(opts->public_ok && strstr(uri, "type=public"));
	if ((*out = engine_load(engine, uri, *private_part, &prompt)) != NULL)
		return OK_SUCCESS;
	if (!*private_part)
		return token_failure(&prompt, opts, field, uri, err);
	st = token_failure(&prompt, opts, field, uri, err);
	if (!opts->public_ok || st == OK_E_NEGATIVE)
		return st;
	prompt.pin_requested = false;
	*private_part = false;
	if ((*out = engine_load(engine, uri, false, &prompt)) != NULL)
		return OK_SUCCESS;
	ERR_clear_error();
	return st;
}

ok_status
ok_key_load_pkcs11(const char *uri, const ok_key_opts *opts,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	static const ok_key_opts default_opts = { NULL, NULL, false };
	ENGINE *engine = NULL;
	EVP_PKEY *key = NULL;
	bool private_part = false;
	ok_curve curve;
	ok_status st;

	*out = NULL;
	if (opts == NULL)
		opts = &default_opts;
	if ((st = engine_open(opts, field, &engine, err)) != OK_SUCCESS)
		return st;
	st = token_key(engine, uri, opts, field, &key, &private_part, err);
	if (st == OK_SUCCESS &&
	    (st = ok_curve_of_key(key, field, &curve, err)) == OK_SUCCESS &&
	    (key = key_rewrap(key)) == NULL)
		st = ok_err_ssl(err, OK_E_IO, field, "out of memory");
	if (st == OK_SUCCESS)
		st = key_hold_engine(key, engine, private_part, field, err);
	if (st != OK_SUCCESS) {
		EVP_PKEY_free(key);
		ENGINE_finish(engine);
		ENGINE_free(engine);
		return st;
	}
	*out = key;
	return OK_SUCCESS;
}
