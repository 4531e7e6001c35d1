/* cli_output.c: whole outputs to files or stdout, JSON lines. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/io.h"
#include "common/json.h"

static bool
is_stdout(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

ok_status
ok_cli_check_stdout(const char *path, unsigned flags, ok_err *err)
{
	/* An explicit "-o -" is a request for binary, not an accident; a
	 * private key never goes to a terminal, where it would stay in the
	 * scrollback. */
	bool secret = (flags & OK_OUT_SECRET) && is_stdout(path);
	bool binary = (flags & OK_OUT_BINARY) && path == NULL;

	if ((!secret && !binary) || !isatty(STDOUT_FILENO))
		return OK_SUCCESS;
	if (secret)
		return ok_err_set(err, OK_E_USAGE, "stdout", "refusing to write "
		    "a private key to a terminal; use an output file");
	return ok_err_set(err, OK_E_USAGE, "stdout", "refusing to write "
	    "binary data to a terminal; use -o FILE (or -o - to insist)");
}

/*
 * A device, FIFO or /dev/stdout named with -o is written through: renaming
 * a temporary file over it would replace the node itself.
 */
static bool
is_special_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode);
}

static ok_status
write_through(const char *path, const void *data, size_t len,
    unsigned flags, ok_err *err)
{
	ok_status st;
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, path, errno, "open");
	if ((flags & OK_OUT_SECRET) && isatty(fd)) {
		close(fd);
		return ok_err_set(err, OK_E_USAGE, path, "refusing to write a "
		    "private key to a terminal");
	}
	st = ok_write_all(fd, data, len, path, err);
	if (close(fd) != 0 && st == OK_SUCCESS)
		st = ok_err_sys(err, OK_E_IO, path, errno, "close");
	return st;
}

ok_status
ok_cli_write_output(const char *path, const void *data, size_t len,
    unsigned flags, ok_err *err)
{
	unsigned file_flags = 0;
	ok_status st;

	if ((st = ok_cli_check_stdout(path, flags, err)) != OK_SUCCESS)
		return st;
	if (is_stdout(path)) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
			return ok_err_sys(err, OK_E_IO, "stdout", errno, "write");
		return OK_SUCCESS;
	}
	if (is_special_file(path))
		return write_through(path, data, len, flags, err);
	if (flags & OK_OUT_SECRET)
		file_flags |= OK_WRITE_SECRET;
	if (flags & OK_OUT_FORCE)
		file_flags |= OK_WRITE_FORCE;
	return ok_write_file_atomic(path, data, len, file_flags, err);
}

ok_status
ok_cli_json_line(const json_t *value, ok_buf *out, ok_err *err)
{
	ok_status st = ok_json_dump(value, 0, out, err);

	if (st != OK_SUCCESS)
		return st;
	return ok_buf_append(out, "\n", 1, err);
}

void
ok_cli_put_text(FILE *fp, const char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\\')
			fputs("\\\\", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\x%02x", c);
		else
			fputc(c, fp);
	}
}
