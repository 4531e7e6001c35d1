/* cli_secret.c: secret sources (env:, file:, fd:, prompt) and key loading. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "common/io.h"

#define SECRET_MAX 4096

/* Keeps the first line: file: and fd: sources end with a newline. */
static void
cut_first_line(ok_buf *secret)
{
	size_t i;

	for (i = 0; i < secret->len; i++) {
		if (secret->data[i] == '\n' || secret->data[i] == '\r')
			break;
	}
	ok_wipe(secret->data + i, secret->len - i);
	secret->len = i;
}

static ok_status
secret_from_env(const char *name, ok_buf *out, ok_err *err)
{
	const char *value = getenv(name);

	if (value == NULL)
		return ok_err_set(err, OK_E_USAGE, "--pass",
		    "environment variable %s is not set", name);
	return ok_buf_set(out, value, strlen(value), err);
}

static ok_status
secret_from_fd(const char *number, ok_buf *out, ok_err *err)
{
	unsigned long long fd;
	ok_status st;

	st = ok_cli_parse_uint(number, 0, 1023, "--pass", &fd, err);
	if (st != OK_SUCCESS)
		return st;
	st = ok_read_fd((int)fd, "--pass", SECRET_MAX, out, err);
	if (st == OK_SUCCESS)
		cut_first_line(out);
	return st;
}

/* Reads one line from the controlling terminal with echo off. */
static ok_status
secret_from_tty(const char *prompt, ok_buf *out, ok_err *err)
{
	struct termios saved, quiet;
	char line[SECRET_MAX];
	ok_status st = OK_SUCCESS;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return ok_err_set(err, OK_E_USAGE, "--pass",
		    "no terminal to prompt on; give --pass env:, file: or fd:");
	if (tcgetattr(fd, &saved) != 0) {
		close(fd);
		return ok_err_sys(err, OK_E_IO, "/dev/tty", errno, "tcgetattr");
	}
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	(void)!write(fd, prompt, strlen(prompt));
	tcsetattr(fd, TCSAFLUSH, &quiet);
	got = read(fd, line, sizeof(line) - 1);
	tcsetattr(fd, TCSAFLUSH, &saved);
	(void)!write(fd, "\n", 1);
	close(fd);
	if (got < 0)
		st = ok_err_sys(err, OK_E_IO, "/dev/tty", errno, "read");
	else if ((st = ok_buf_set(out, line, (size_t)got, err)) == OK_SUCCESS)
		cut_first_line(out);
	ok_wipe(line, sizeof(line));
	return st;
}

ok_status
ok_cli_read_secret(const char *source, const char *prompt, ok_buf *out,
    ok_err *err)
{
	ok_status st;

	if (strncmp(source, "env:", 4) == 0)
		return secret_from_env(source + 4, out, err);
	if (strncmp(source, "fd:", 3) == 0)
		return secret_from_fd(source + 3, out, err);
	if (strcmp(source, "prompt") == 0)
		return secret_from_tty(prompt, out, err);
	if (strncmp(source, "file:", 5) == 0) {
		st = ok_read_file(source + 5, SECRET_MAX, out, err);
		if (st == OK_SUCCESS)
			cut_first_line(out);
		return st;
	}
	return ok_err_set(err, OK_E_USAGE, "--pass",
	    "expected env:NAME, file:PATH, fd:N or prompt (a secret is never "
	    "given on the command line)");
}

static bool
needs_secret(const ok_err *err)
{
	return (err->flags & OK_ERR_NEEDS_SECRET) != 0;
}

static ok_status
load_with_secret(const ok_cli_key_args *args, const char *secret,
    bool public_ok, const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_key_opts opts = { secret, args->pkcs11_module, public_ok };

	return ok_key_load(args->source, &opts, field, out, err);
}

ok_status
ok_cli_load_key(const ok_cli_key_args *args, bool public_ok,
    const char *field, EVP_PKEY **out, ok_err *err)
{
	ok_buf secret = OK_BUF_INIT;
	ok_status st;

	if (args->pass_source != NULL && strcmp(args->source, "-") == 0 &&
	    (strcmp(args->pass_source, "fd:0") == 0 ||
	    strcmp(args->pass_source, "file:-") == 0 ||
	    strcmp(args->pass_source, "file:/dev/stdin") == 0))
		return ok_err_set(err, OK_E_USAGE, "--pass", "the key already "
		    "comes from stdin; only one input may");
	if (args->pass_source != NULL) {
		st = ok_cli_read_secret(args->pass_source, "Passphrase or PIN: ",
		    &secret, err);
		if (st != OK_SUCCESS)
			return st;
		st = load_with_secret(args, (const char *)secret.data,
		    public_ok, field, out, err);
		ok_buf_wipe(&secret);
		return st;
	}
	st = load_with_secret(args, NULL, public_ok, field, out, err);
	if (st == OK_SUCCESS || !needs_secret(err) || !isatty(STDIN_FILENO) ||
	    strcmp(args->source, "-") == 0)
		return st;
	st = ok_cli_read_secret("prompt", "Passphrase or PIN: ", &secret, err);
	if (st == OK_SUCCESS)
		st = load_with_secret(args, (const char *)secret.data,
		    public_ok, field, out, err);
	ok_buf_wipe(&secret);
	return st;
}
