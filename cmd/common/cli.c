/* cli.c: start-up, verb dispatch, messages and number parsing. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "common/json.h"

static const char *tool_name = "onboardkit";
static const ok_cli_verb *current_verb;

const char *
ok_cli_tool_name(void)
{
	return tool_name;
}

const ok_cli_verb *
ok_cli_current_verb(void)
{
	return current_verb;
}

/* A closed fd 0, 1 or 2 would let the next open() become stdout, and
 * output meant for a pipe would land in a key file. */
static void
ensure_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			abort();
	}
}

void
ok_cli_init(const char *name)
{
	tool_name = name;
	ensure_std_fds();
	/*
	 * Each run is one short process: OpenSSL's exit handler would only
	 * free what exit() frees anyway, at ~0.3 ms a run once a key has been
	 * made.  It is registered by the first OpenSSL initialisation, so this
	 * must come before any other OpenSSL call.  Error strings are not
	 * loaded here: OpenSSL 3 loads them on first use of its error queue,
	 * and --version and --help never use it.  A failure here shows again
	 * in the first call that needs OpenSSL.  The system's openssl.cnf is
	 * not read: the tools use the default provider as built (and the
	 * pkcs11 engine by name), and parsing the file cost a one-voucher run
	 * a tenth of its time.  A configuration named in OPENSSL_CONF is
	 * loaded: that is how a user adds a provider (a TPM's, say).
	 */
	(void)OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT |
	    (getenv("OPENSSL_CONF") != NULL ? OPENSSL_INIT_LOAD_CONFIG :
	    OPENSSL_INIT_NO_LOAD_CONFIG), NULL);
	/*
	 * The random generators are SP 800-90A Hash_DRBG over SHA-256 rather
	 * than OpenSSL's default CTR_DRBG: instantiating the latter fetches
	 * AES, and OpenSSL 3.0 builds its whole cipher table on that first
	 * fetch (3.2 M instructions, a fifth of a one-voucher run), while
	 * SHA-256 is fetched by every run anyway.  A configuration loaded
	 * above may still choose another.
	 */
	if (getenv("OPENSSL_CONF") == NULL)
		(void)RAND_set_DRBG_type(NULL, "HASH-DRBG", NULL, NULL,
		    "SHA256");
	/* A closed pipe is a write error (exit 4) reported like any other,
	 * not a silent death halfway through writing a key and its URI. */
	signal(SIGPIPE, SIG_IGN);
	opterr = 0; /* getopt's own messages are not in our one-line form */
	ok_json_use_wiping_allocator();
}

static void __attribute__((format(printf, 3, 0)))
vreport(const char *field, const char *label, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", tool_name);
	if (field != NULL && field[0] != '\0')
		fprintf(stderr, "%s: ", field);
	if (label != NULL)
		fprintf(stderr, "%s", label);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int
ok_cli_report(const ok_err *err)
{
	fprintf(stderr, "%s: ", tool_name);
	if (err->field[0] != '\0')
		fprintf(stderr, "%s: ", err->field);
	fprintf(stderr, "%s\n", err->msg[0] ? err->msg : "failed");
	return (int)err->status;
}

int
ok_cli_fail(ok_status status, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(field, NULL, fmt, ap);
	va_end(ap);
	return (int)status;
}

/* The hint that ends a usage error: where the full usage is. */
static void
help_hint(void)
{
	if (current_verb != NULL)
		fprintf(stderr, " (see '%s %s --help')", tool_name,
		    current_verb->name);
	else
		fprintf(stderr, " (see '%s --help')", tool_name);
}

int
ok_cli_usage_error(const char *field, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tool_name);
	if (field != NULL && field[0] != '\0')
		fprintf(stderr, "%s: ", field);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	help_hint();
	fputc('\n', stderr);
	return OK_E_USAGE;
}

int
ok_cli_bad_option(char **argv)
{
	const char *given = argv[optind - 1];
	char short_opt[3] = { '-', (char)optopt, '\0' };

	/* For "-xVALUE" clusters getopt names the letter in optopt. */
	if (optopt != 0 && strncmp(given, "--", 2) != 0)
		given = short_opt;
	return ok_cli_usage_error(given, "unknown option or missing value");
}

static volatile sig_atomic_t stop_signal;

static void
note_stop_signal(int sig)
{
	stop_signal = sig;
}

void
ok_cli_catch_stop_signals(bool on)
{
	struct sigaction action;

	memset(&action, 0, sizeof(action));
	action.sa_handler = on ? note_stop_signal : SIG_DFL;
	sigemptyset(&action.sa_mask);
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);
	sigaction(SIGHUP, &action, NULL);
}

int
ok_cli_stop_signal(void)
{
	return (int)stop_signal;
}

int
ok_cli_take_operand(int argc, char **argv, const char **path)
{
	if (argc - optind > 1)
		return ok_cli_usage_error(argv[optind + 1],
		    "unexpected operand (one input at most)");
	*path = argc - optind == 1 ? argv[optind] : NULL;
	return OK_SUCCESS;
}

void
ok_cli_warn(const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(field, "warning: ", fmt, ap);
	va_end(ap);
}

int
ok_cli_usage(const ok_cli_verb *verb, int status)
{
	const char *line = verb->usage;
	const char *end;
	int indent = (int)strlen(tool_name) + 1;

	/* Synopsis lines get the tool name; continuation lines (indented in
	 * the verb's text) line up under the verb. */
	while (*line != '\0') {
		end = strchr(line, '\n');
		if (end == NULL)
			end = line + strlen(line);
		if (*line == ' ')
			fprintf(stderr, "       %*s%.*s\n", indent, "",
			    (int)(end - line), line);
		else
			fprintf(stderr, "%s %s %.*s\n", line == verb->usage ?
			    "usage:" : "      ", tool_name, (int)(end - line),
			    line);
		line = *end ? end + 1 : end;
	}
	return status;
}

static void
tool_usage(const ok_cli_tool *tool)
{
	const ok_cli_verb *verb;

	fprintf(stderr, "%s: %s\n", tool->name, tool->summary);
	for (verb = tool->verbs; verb->name != NULL; verb++)
		ok_cli_usage(verb, 0);
	fprintf(stderr, "       %s --help | --version\n", tool->name);
}

/* Levenshtein distance, capped: enough for "did you mean". */
static size_t
edit_distance(const char *a, const char *b)
{
	size_t row[32], i, j, la = strlen(a), lb = strlen(b);

	if (la >= 31 || lb >= 31)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0], next;
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			next = row[j];
			row[j] = diag + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (next + 1 < row[j])
				row[j] = next + 1;
			diag = next;
		}
	}
	return row[lb];
}

static int
unknown_verb(const ok_cli_tool *tool, const char *name)
{
	const ok_cli_verb *verb, *best = NULL;
	size_t best_distance = 3;

	for (verb = tool->verbs; verb->name != NULL; verb++) {
		size_t d = edit_distance(name, verb->name);
		if (d < best_distance) {
			best_distance = d;
			best = verb;
		}
	}
	fprintf(stderr, "%s: %s: unknown verb", tool->name, name);
	if (best != NULL)
		fprintf(stderr, "; did you mean '%s'?", best->name);
	help_hint();
	fputc('\n', stderr);
	return OK_E_USAGE;
}

int
ok_cli_dispatch(const ok_cli_tool *tool, int argc, char **argv)
{
	const ok_cli_verb *verb;

	if (argc < 2) {
		tool_usage(tool);
		return OK_E_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		tool_usage(tool);
		return OK_SUCCESS;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("%s (onboardkit) %s\n", tool->name, OK_VERSION);
		return ok_cli_finish(OK_SUCCESS);
	}
	for (verb = tool->verbs; verb->name != NULL; verb++) {
		if (strcmp(argv[1], verb->name) == 0) {
			current_verb = verb;
			optind = 0; /* glibc: full getopt reset for the verb */
			return verb->run(argc - 1, argv + 1);
		}
	}
	return unknown_verb(tool, argv[1]);
}

ok_status
ok_cli_parse_uint(const char *text, unsigned long long min,
    unsigned long long max, const char *field, unsigned long long *out,
    ok_err *err)
{
	unsigned long long value = 0;
	const char *p;

	if (text == NULL || *text == '\0')
		return ok_err_set(err, OK_E_USAGE, field, "a number is needed");
	for (p = text; *p != '\0'; p++) {
		unsigned digit = (unsigned)(*p - '0');
		if (*p < '0' || *p > '9')
			return ok_err_set(err, OK_E_USAGE, field,
			    "'%s' is not a decimal number", text);
		if (digit > max || value > (max - digit) / 10)
			return ok_err_set(err, OK_E_USAGE, field,
			    "%s is out of range %llu..%llu", text, min, max);
		value = value * 10 + digit;
	}
	if (value < min)
		return ok_err_set(err, OK_E_USAGE, field,
		    "%s is out of range %llu..%llu", text, min, max);
	*out = value;
	return OK_SUCCESS;
}

int
ok_cli_finish(int status)
{
	/* A full disk or closed pipe shows up only here; never exit 0 then. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (status == OK_SUCCESS)
			status = ok_cli_fail(OK_E_IO, "stdout", "write: %s",
			    strerror(errno));
	}
	if (fclose(stdout) != 0 && status == OK_SUCCESS)
		status = ok_cli_fail(OK_E_IO, "stdout", "close: %s",
		    strerror(errno));
	return status;
}

bool
ok_cli_stderr_is_tty(void)
{
	return isatty(STDERR_FILENO) == 1;
}
