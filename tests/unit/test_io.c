/* test_io.c: bounded reads, atomic files, staged directories, errors. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/io.h"
#include "tap.h"

static char workdir[] = "/tmp/ok-test-io-XXXXXX";

static char *
in_work(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	return path;
}

/* Entries in dir other than . and .. (staging leftovers show up here). */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((ent = readdir(d)) != NULL)
		if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static mode_t
mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_mode & 07777 : (mode_t)-1;
}

static void
test_err(void)
{
	ok_err err;

	ok_err_clear(&err);
	tap_eq_int(ok_err_set(&err, OK_E_MALFORMED, "K", "bad %s", "base64"),
	    OK_E_MALFORMED, "ok_err_set returns its status");
	tap_eq_str(err.field, "K", "field recorded");
	tap_eq_str(err.msg, "bad base64", "message formatted");
	tap_eq_str(ok_status_name(OK_E_RETRY), "try again later",
	    "status names follow DESIGN.md");
	tap_eq_int(OK_E_PEER, 5, "peer failure is exit code 5");
}

static void
test_buf(void)
{
	ok_buf buf = OK_BUF_INIT;
	int i;

	for (i = 0; i < 1000; i++)
		ok_buf_append(&buf, "ab", 2, NULL);
	tap_eq_int((long long)buf.len, 2000, "appends accumulate");
	tap_ok(buf.data[2000] == '\0', "buffer stays NUL-terminated");
	ok_buf_wipe(&buf);
	tap_ok(buf.data == NULL && buf.len == 0, "wipe frees and resets");
}

static void
test_atomic_write(void)
{
	ok_buf back = OK_BUF_INIT;
	ok_err err;
	char *path = in_work("key.pem");

	tap_eq_int(ok_write_file_atomic(path, "secret\n", 7, OK_WRITE_SECRET,
	    &err), OK_SUCCESS, "atomic write succeeds");
	tap_eq_int(mode_of(path), 0600, "secret file is 0600");
	tap_eq_int(ok_write_file_atomic(path, "other\n", 6, 0, &err), OK_E_IO,
	    "existing file is not replaced without force");
	tap_ok(strstr(err.msg, "--force") != NULL, "message hints at --force");
	ok_read_file(path, 100, &back, &err);
	tap_eq_mem(back.data, back.len, "secret\n", 7, "old contents kept");
	tap_eq_int(ok_write_file_atomic(path, "other\n", 6, OK_WRITE_FORCE,
	    &err), OK_SUCCESS, "force replaces");
	ok_read_file(path, 100, &back, &err);
	tap_eq_mem(back.data, back.len, "other\n", 6, "new contents");
	tap_eq_int(count_entries(workdir), 1, "no temporary files left");
	tap_eq_int(ok_write_file_atomic("/nonexistent-dir/x", "a", 1, 0, &err),
	    OK_E_IO, "missing directory is an I/O error");
	unlink(path);
	ok_buf_free(&back);
}

static void
test_bounded_read(void)
{
	ok_buf data = OK_BUF_INIT;
	ok_err err;
	char *path = strdup(in_work("big"));

	ok_write_file_atomic(path, "0123456789", 10, 0, &err);
	tap_eq_int(ok_read_file(path, 10, &data, &err), OK_SUCCESS,
	    "read at the cap succeeds");
	tap_eq_int(ok_read_file(path, 9, &data, &err), OK_E_MALFORMED,
	    "read over the cap is malformed input");
	tap_eq_str(err.field, path, "cap error names the file");
	tap_ok(data.data == NULL, "no partial data returned");
	tap_eq_int(ok_read_file(in_work("missing"), 9, &data, &err), OK_E_IO,
	    "missing file is an I/O error");
	unlink(path);
	free(path);
}

static void
test_atomic_stream(void)
{
	ok_atomic file;
	ok_err err;
	char *path = in_work("stream.ndjson");

	ok_atomic_open(&file, path, 0, &err);
	ok_atomic_write(&file, "{}\n", 3, &err);
	tap_ok(access(path, F_OK) != 0, "stream invisible before commit");
	tap_eq_int(ok_atomic_commit(&file, &err), OK_SUCCESS, "commit");
	tap_ok(access(path, F_OK) == 0, "stream visible after commit");
	unlink(path);
	ok_atomic_open(&file, path, 0, &err);
	ok_atomic_write(&file, "{}\n", 3, &err);
	ok_atomic_abort(&file);
	tap_eq_int(count_entries(workdir), 0, "abort leaves nothing");
}

static void
test_outdir(void)
{
	ok_outdir dir;
	ok_err err;
	char *target = strdup(in_work("batch"));

	tap_eq_int(ok_outdir_open(&dir, target, &err), OK_SUCCESS, "outdir open");
	ok_outdir_write(&dir, "000001.key", "k", 1, OK_WRITE_SECRET, &err);
	tap_ok(access(target, F_OK) != 0, "target absent while staging");
	tap_eq_int(ok_outdir_commit(&dir, &err), OK_SUCCESS, "outdir commit");
	tap_eq_int(count_entries(target), 1, "files published");
	tap_eq_int(mode_of(in_work("batch/000001.key")), 0600,
	    "staged secret stays 0600");
	tap_eq_int(ok_outdir_open(&dir, target, &err), OK_E_IO,
	    "existing directory refused");
	unlink(in_work("batch/000001.key"));
	rmdir(target);
	ok_outdir_open(&dir, target, &err);
	ok_outdir_write(&dir, "a", "x", 1, 0, &err);
	ok_outdir_abort(&dir);
	tap_eq_int(count_entries(workdir), 0, "abort removes staging");
	tap_eq_int(ok_outdir_open(&dir, target, &err), OK_SUCCESS, "reopen");
	tap_eq_int(ok_outdir_write(&dir, "../escape", "x", 1, 0, &err),
	    OK_E_USAGE, "names with a slash are refused");
	ok_outdir_abort(&dir);
	free(target);
}

int
main(void)
{
	if (mkdtemp(workdir) == NULL)
		return 1;
	umask(022);
	test_err();
	test_buf();
	test_atomic_write();
	test_bounded_read();
	test_atomic_stream();
	test_outdir();
	rmdir(workdir);
	return tap_done();
}
