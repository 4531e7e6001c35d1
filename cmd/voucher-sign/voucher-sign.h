/* voucher-sign.h: what the voucher-sign verbs share. */
#ifndef VOUCHER_SIGN_CMD_H
#define VOUCHER_SIGN_CMD_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include <jansson.h>
#include <openssl/x509.h>

#include "common/cli.h"
#include "common/datetime.h"
#include "common/x509.h"
#include "voucher/signed.h"
#include "voucher/sztp.h"
#include "voucher/verify.h"
#include "voucher/voucher.h"

int cmd_create(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_sztp(int argc, char **argv);

/* Largest signed input read: the largest CMS as base64 or PEM text, with
 * line breaks (ok_signed_parse applies the real limit). */
#define SIGNED_INPUT_MAX (2 * OK_CMS_MAX)

/*
 * TIME as every option takes it: a YANG date-and-time (kept as given in
 * text), "now" or "@SECONDS" (formatted UTC "...Z").  text may be NULL
 * when only the instant is wanted.  Anything else is OK_E_MALFORMED
 * naming field.
 */
ok_status parse_time(const char *value, const char *field, time_t *when,
    char text[OK_DATETIME_MAX], ok_err *err);

/* Reads path ("-" or NULL: stdin) whole, at most max bytes; messages name
 * the file (or "stdin"). */
ok_status read_input(const char *path, size_t max, ok_buf *out,
    ok_err *err);

/* The name an input is known by in messages. */
const char *input_name(const char *path);

/* Certificates from a PEM or DER file (ok_certs_parse), appended to
 * *certs (a new stack when *certs is NULL). */
ok_status load_certs(const char *path, STACK_OF(X509) **certs,
    ok_err *err);

/* Exactly one certificate from a file. */
ok_status load_cert(const char *path, X509 **out, ok_err *err);

void free_certs(STACK_OF(X509) *certs);

/* "voucher-sign: [prefix: ]warning: text" for each warning. */
void print_warnings(const ok_warnings *warnings, const char *prefix);

/* Adds --relax RULE's flag to *relax; an unknown rule is a usage error. */
ok_status add_relax(const char *rule, unsigned *relax, ok_err *err);

/* -t/--trust-anchor FILE, repeatable; each file may hold several. */
#define ANCHOR_FILES_MAX 16
typedef struct anchor_files {
	const char *paths[ANCHOR_FILES_MAX];
	size_t count;
} anchor_files;

/* Notes one more -t; a usage error when there are too many. */
int anchor_files_add(anchor_files *files, const char *path);
/* A usage error when no -t was given (verify needs an anchor). */
int anchor_files_required(const anchor_files *files);
/* Every certificate of every file, appended to *anchors. */
ok_status anchor_files_load(const anchor_files *files,
    STACK_OF(X509) **anchors, ok_err *err);

/* Writes a JSON value compactly plus a newline to path (or stdout);
 * flags as ok_cli_write_output. */
ok_status write_json_line(const char *path, const json_t *value,
    unsigned flags, ok_err *err);

/* The options naming the signer: sign, sign --batch, sztp bundle. */
typedef struct signer_args {
	ok_cli_key_args key;      /* -k, --pass, --pkcs11-module */
	const char *cert;         /* -c: signer, then its chain */
	const char *chain;        /* --chain: more of the chain */
	const char *form;         /* -f */
	const char *include;      /* --include */
	const char *econtent;     /* --econtent-type */
	const char *signing_time; /* --signing-time */
} signer_args;

/* Loads key, certificates and choices into opts (owned: signer_free). */
ok_status signer_load(const signer_args *args, ok_vsign_opts *opts,
    ok_err *err);
void signer_free(ok_vsign_opts *opts);

/* sign's options; sign --batch gets them all. */
typedef struct sign_opts {
	signer_args signer;
	unsigned relax;
	bool armor;          /* -A */
	bool request;        /* -r: bare batch lines are requests */
	bool force;          /* --force: -o may replace a file */
	const char *output;  /* -o */
	const char *outdir;  /* -d */
	const char *input;   /* operand */
} sign_opts;

int sign_batch(const sign_opts *opts);

/*
 * A signed voucher as sign writes it: CMS DER or COSE CBOR (binary), or
 * with armor CMS PEM / COSE base64 text; JWS JSON text.  Text ends in a
 * newline.  *binary tells whether the result is binary.
 */
ok_status encode_signed(ok_vform form, bool armor, const ok_buf *sig,
    ok_buf *out, bool *binary, ok_err *err);

/* Warnings recorded as checks ("warn"), "voucher-sign: CHECK: warning:". */
void print_check_warnings(const ok_check *checks, size_t n_checks);

#endif
