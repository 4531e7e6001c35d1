/*
 * cli.h: what every tool's main shares.  This layer is the only code that
 * reads argv, the environment and terminals, and the only code that
 * prints; lib/ below it returns statuses.  One way of doing each thing:
 * dispatching verbs, parsing numbers, reading secrets, loading keys,
 * writing output, reporting errors.
 */
#ifndef OK_CLI_H
#define OK_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/keys.h"

typedef struct ok_cli_verb {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the verb */
	const char *usage;                 /* "VERB [options] ..." lines */
} ok_cli_verb;

typedef struct ok_cli_tool {
	const char *name;
	const char *summary;
	const ok_cli_verb *verbs; /* terminated by a NULL name */
} ok_cli_tool;

/* Sets the program name for messages, makes sure fds 0-2 are open,
 * ignores SIGPIPE (a closed pipe becomes a write error, exit 4, so a key
 * is never left without its URI by a dying reader), silences getopt,
 * makes jansson wipe what it frees, and loads OpenSSL's error strings. */
void ok_cli_init(const char *tool_name);

/* Runs the verb named by argv[1]; handles --help, --version and unknown
 * verbs (with a "did you mean" hint).  Returns the exit status. */
int ok_cli_dispatch(const ok_cli_tool *tool, int argc, char **argv);

/* Prints the verb's usage to stderr and returns status (0 for --help). */
int ok_cli_usage(const ok_cli_verb *verb, int status);

/* Looks up the verb whose run function is called (for usage messages). */
const ok_cli_verb *ok_cli_current_verb(void);

/* "tool: field: reason" on stderr; returns err->status. */
int ok_cli_report(const ok_err *err);

/* Formats and reports an error in one go; returns status. */
int ok_cli_fail(ok_status status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A usage error about an option, on one line ending with a pointer to
 * --help; returns OK_E_USAGE. */
int ok_cli_usage_error(const char *field, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reports what getopt_long rejected (it prints nothing itself). */
int ok_cli_bad_option(char **argv);

/*
 * Batches catch SIGINT, SIGTERM and SIGHUP while they run so they can stop
 * between records and take their failure path, which removes everything
 * staged: a killed batch leaves no partial output.  on = false restores
 * the default actions.  ok_cli_stop_signal() is the signal caught, or 0.
 */
void ok_cli_catch_stop_signals(bool on);
int ok_cli_stop_signal(void);

/* Takes at most one operand after the options as the input path (NULL
 * when there is none: stdin); more is a usage error. */
int ok_cli_take_operand(int argc, char **argv, const char **path);

/* "tool: field: warning: reason" on stderr. */
void ok_cli_warn(const char *field, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Strict decimal: digits only, no sign or space, within [min, max]. */
ok_status ok_cli_parse_uint(const char *text, unsigned long long min,
    unsigned long long max, const char *field, unsigned long long *out,
    ok_err *err);

/*
 * Reads a secret from a source: env:NAME, file:PATH (first line), fd:N
 * (first line), or "prompt" (the terminal, without echo).  A literal
 * secret is refused, so it never appears on argv.
 */
ok_status ok_cli_read_secret(const char *source, const char *prompt,
    ok_buf *out, ok_err *err);

/* Key loading shared by all tools: --key SRC with --pass and
 * --pkcs11-module.  Prompts for a passphrase when the key needs one,
 * none was given and stdin is a terminal. */
typedef struct ok_cli_key_args {
	const char *source;        /* --key */
	const char *pass_source;   /* --pass, or NULL */
	const char *pkcs11_module; /* --pkcs11-module, or NULL */
} ok_cli_key_args;

ok_status ok_cli_load_key(const ok_cli_key_args *args, bool public_ok,
    const char *field, EVP_PKEY **out, ok_err *err);

enum {
	OK_OUT_BINARY = 1 << 0, /* refuse an implicit terminal */
	OK_OUT_SECRET = 1 << 1, /* refuse an implicit terminal; file 0600 */
	OK_OUT_FORCE = 1 << 2   /* replace an existing file */
};

/*
 * Writes a whole output: to path atomically, or to stdout when path is
 * NULL or "-".  Binary data go to an implicit stdout only when it is not
 * a terminal ("-o -" insists); secrets never go to a terminal.
 */
ok_status ok_cli_write_output(const char *path, const void *data,
    size_t len, unsigned flags, ok_err *err);

/* Checks stdout for a refused terminal before any work is done. */
ok_status ok_cli_check_stdout(const char *path, unsigned flags,
    ok_err *err);

/* Serialises a JSON value compactly with a trailing newline into out. */
ok_status ok_cli_json_line(const json_t *value, ok_buf *out, ok_err *err);

/* Writes text for a line-oriented reader: control characters, DEL and
 * backslash become \xNN / \\, so a value from a lenient parse cannot
 * start a line of its own. */
void ok_cli_put_text(FILE *fp, const char *text, size_t len);

/* Flushes and closes stdout, reporting a write error (exit 4). */
int ok_cli_finish(int status);

/* True when stderr is a terminal (progress display). */
bool ok_cli_stderr_is_tty(void);

/* Name used in messages ("dpp-uri"). */
const char *ok_cli_tool_name(void);

#endif
