/* io.c: bounded reads, atomic writes, staged output directories. */
#define _GNU_SOURCE
#include "io.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK 65536
/* Room for a directory of PATH_MAX plus a temporary name in it. */
#define TMP_PATH_MAX (PATH_MAX + 32)

static mode_t
current_umask(void)
{
	mode_t mask = umask(0);

	umask(mask);
	return mask;
}

ok_status
ok_read_fd(int fd, const char *name, size_t max, ok_buf *out, ok_err *err)
{
	uint8_t chunk[READ_CHUNK];
	ok_status st = OK_SUCCESS;
	ssize_t got;

	ok_buf_wipe(out);
	if ((st = ok_buf_resize(out, 0, err)) != OK_SUCCESS)
		return st;
	for (;;) {
		got = read(fd, chunk, sizeof(chunk));
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			st = ok_err_sys(err, OK_E_IO, name, errno, "read");
			break;
		}
		if (got == 0)
			break;
		if (out->len + (size_t)got > max) {
			st = ok_err_set(err, OK_E_MALFORMED, name,
			    "input larger than %zu bytes", max);
			break;
		}
		if ((st = ok_buf_append(out, chunk, (size_t)got, err)) != OK_SUCCESS)
			break;
	}
	ok_wipe(chunk, sizeof(chunk));
	if (st != OK_SUCCESS)
		ok_buf_wipe(out);
	return st;
}

ok_status
ok_read_file(const char *path, size_t max, ok_buf *out, ok_err *err)
{
	ok_status st;
	int fd;

	if (strcmp(path, "-") == 0)
		return ok_read_fd(STDIN_FILENO, "stdin", max, out, err);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, path, errno, "open");
	st = ok_read_fd(fd, path, max, out, err);
	close(fd);
	return st;
}

ok_status
ok_write_all(int fd, const void *data, size_t len, const char *name,
    ok_err *err)
{
	const uint8_t *pos = data;
	ssize_t put;

	while (len > 0) {
		put = write(fd, pos, len);
		if (put < 0 && errno == EINTR)
			continue;
		if (put < 0)
			return ok_err_sys(err, OK_E_IO, name, errno, "write");
		pos += put;
		len -= (size_t)put;
	}
	return OK_SUCCESS;
}

/* Copies the directory part of path into dir (PATH_MAX bytes). */
static void
dir_of(const char *path, char *dir)
{
	char copy[PATH_MAX];

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(dir, PATH_MAX, "%s", dirname(copy));
}

static ok_status
fsync_dir(const char *dir, ok_err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, dir, errno, "open directory");
	if (fsync(fd) != 0 && errno != EINVAL) {
		int saved = errno;
		close(fd);
		return ok_err_sys(err, OK_E_IO, dir, saved, "fsync directory");
	}
	close(fd);
	return OK_SUCCESS;
}

/* Opens a fresh temporary file in dir with the output's final mode. */
static ok_status
open_temp(const char *dir, unsigned flags, char *tmp_path, int *fd_out,
    const char *name, ok_err *err)
{
	mode_t mode = (flags & OK_WRITE_SECRET) ? 0600 : 0666;
	int fd;

	snprintf(tmp_path, TMP_PATH_MAX, "%s/.okit-XXXXXX", dir);
	fd = mkostemp(tmp_path, O_CLOEXEC);
	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, name, errno,
		    "create temporary file");
	if (!(flags & OK_WRITE_SECRET))
		mode &= ~current_umask();
	if (fchmod(fd, mode) != 0) {
		int saved = errno;
		close(fd);
		unlink(tmp_path);
		return ok_err_sys(err, OK_E_IO, name, saved, "chmod");
	}
	*fd_out = fd;
	return OK_SUCCESS;
}

/* Moves tmp over path; without force, refuses to replace (link+unlink). */
static ok_status
place_file(const char *tmp, const char *path, bool force, ok_err *err)
{
	if (force) {
		if (rename(tmp, path) != 0)
			return ok_err_sys(err, OK_E_IO, path, errno, "rename");
		return OK_SUCCESS;
	}
	if (link(tmp, path) != 0) {
		if (errno == EEXIST)
			return ok_err_set(err, OK_E_IO, path,
			    "file exists (use --force to replace it)");
		return ok_err_sys(err, OK_E_IO, path, errno, "link");
	}
	unlink(tmp);
	return OK_SUCCESS;
}

ok_status
ok_atomic_open(ok_atomic *file, const char *path, unsigned flags,
    ok_err *err)
{
	char dir[PATH_MAX], tmp[TMP_PATH_MAX];
	ok_status st;

	memset(file, 0, sizeof(*file));
	file->fd = -1;
	if (strlen(path) >= PATH_MAX - 16)
		return ok_err_set(err, OK_E_USAGE, path, "path too long");
	/* Said now rather than after a long batch; place_file() still
	 * refuses at commit if the file appeared meanwhile. */
	if (!(flags & OK_WRITE_FORCE) && access(path, F_OK) == 0)
		return ok_err_set(err, OK_E_IO, path,
		    "file exists (use --force to replace it)");
	dir_of(path, dir);
	if ((st = open_temp(dir, flags, tmp, &file->fd, path, err)) != OK_SUCCESS)
		return st;
	file->flags = flags;
	file->path = strdup(path);
	file->tmp = strdup(tmp);
	if (file->path == NULL || file->tmp == NULL) {
		ok_atomic_abort(file);
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	}
	return OK_SUCCESS;
}

ok_status
ok_atomic_write(ok_atomic *file, const void *data, size_t len, ok_err *err)
{
	return ok_write_all(file->fd, data, len, file->path, err);
}

ok_status
ok_atomic_commit(ok_atomic *file, ok_err *err)
{
	char dir[PATH_MAX];
	ok_status st = OK_SUCCESS;

	if (fsync(file->fd) != 0)
		st = ok_err_sys(err, OK_E_IO, file->path, errno, "fsync");
	if (close(file->fd) != 0 && st == OK_SUCCESS)
		st = ok_err_sys(err, OK_E_IO, file->path, errno, "close");
	file->fd = -1;
	if (st == OK_SUCCESS)
		st = place_file(file->tmp, file->path,
		    (file->flags & OK_WRITE_FORCE) != 0, err);
	if (st == OK_SUCCESS) {
		dir_of(file->path, dir);
		st = fsync_dir(dir, err);
	}
	ok_atomic_abort(file); /* removes the temporary name if still there */
	return st;
}

void
ok_atomic_abort(ok_atomic *file)
{
	if (file->fd >= 0)
		close(file->fd);
	if (file->tmp != NULL)
		unlink(file->tmp);
	free(file->tmp);
	free(file->path);
	file->fd = -1;
	file->tmp = NULL;
	file->path = NULL;
}

ok_status
ok_write_file_atomic(const char *path, const void *data, size_t len,
    unsigned flags, ok_err *err)
{
	ok_atomic file;
	ok_status st;

	if ((st = ok_atomic_open(&file, path, flags, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_atomic_write(&file, data, len, err)) != OK_SUCCESS) {
		ok_atomic_abort(&file);
		return st;
	}
	return ok_atomic_commit(&file, err);
}

ok_status
ok_outdir_open(ok_outdir *dir, const char *target, ok_err *err)
{
	char parent[PATH_MAX];
	struct stat st;

	memset(dir, 0, sizeof(*dir));
	if (strlen(target) >= PATH_MAX - 32)
		return ok_err_set(err, OK_E_USAGE, target, "path too long");
	if (lstat(target, &st) == 0)
		return ok_err_set(err, OK_E_IO, target,
		    "already exists (choose a new directory)");
	dir_of(target, parent);
	dir->target = strdup(target);
	if (asprintf(&dir->staging, "%s/.okit-staging-XXXXXX", parent) < 0)
		dir->staging = NULL;
	if (dir->target == NULL || dir->staging == NULL) {
		ok_outdir_abort(dir);
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	}
	if (mkdtemp(dir->staging) == NULL) {
		int saved = errno;
		free(dir->staging);
		dir->staging = NULL;
		ok_outdir_abort(dir);
		return ok_err_sys(err, OK_E_IO, target, saved,
		    "create staging directory");
	}
	return OK_SUCCESS;
}

ok_status
ok_outdir_write(ok_outdir *dir, const char *name, const void *data,
    size_t len, unsigned flags, ok_err *err)
{
	char path[PATH_MAX];
	int fd;
	ok_status st;
	mode_t mode = (flags & OK_WRITE_SECRET) ? 0600 : 0644;

	if (strchr(name, '/') != NULL || name[0] == '.')
		return ok_err_set(err, OK_E_USAGE, name, "bad file name");
	snprintf(path, sizeof(path), "%s/%s", dir->staging, name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, name, errno, "create");
	st = ok_write_all(fd, data, len, name, err);
	if (close(fd) != 0 && st == OK_SUCCESS)
		st = ok_err_sys(err, OK_E_IO, name, errno, "close");
	return st;
}

/*
 * Makes every staged file durable, so the rename publishes durable
 * contents.  One syncfs() of the staging directory's filesystem: an
 * fsync() per file costs a journal commit each, which made a batch of
 * thousands of files wait on the disk thousands of times.  syncfs()
 * reports writeback errors (Linux 5.8 and later).
 */
static ok_status
sync_staged(const char *staging, ok_err *err)
{
	int fd = open(staging, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int saved;

	if (fd < 0)
		return ok_err_sys(err, OK_E_IO, staging, errno, "open directory");
	if (syncfs(fd) != 0) {
		saved = errno;
		close(fd);
		return ok_err_sys(err, OK_E_IO, staging, saved, "syncfs");
	}
	close(fd);
	return OK_SUCCESS;
}

ok_status
ok_outdir_commit(ok_outdir *dir, ok_err *err)
{
	char parent[PATH_MAX];
	ok_status st;

	if ((st = sync_staged(dir->staging, err)) != OK_SUCCESS) {
		ok_outdir_abort(dir);
		return st;
	}
	/* renameat2(RENAME_NOREPLACE) keeps a racing creator's directory. */
	if (renameat2(AT_FDCWD, dir->staging, AT_FDCWD, dir->target,
	    RENAME_NOREPLACE) != 0) {
		st = ok_err_sys(err, OK_E_IO, dir->target, errno, "rename");
		ok_outdir_abort(dir);
		return st;
	}
	/* mkdtemp made it 0700; give it the mode mkdir(2) would have. */
	if (chmod(dir->target, 0777 & ~current_umask()) != 0)
		return ok_err_sys(err, OK_E_IO, dir->target, errno, "chmod");
	dir_of(dir->target, parent);
	free(dir->staging);
	dir->staging = NULL;
	free(dir->target);
	dir->target = NULL;
	return fsync_dir(parent, err);
}

void
ok_outdir_abort(ok_outdir *dir)
{
	if (dir->staging != NULL) {
		DIR *d = opendir(dir->staging);
		struct dirent *ent;
		if (d != NULL) {
			while ((ent = readdir(d)) != NULL)
				if (ent->d_name[0] != '.' ||
				    (strcmp(ent->d_name, ".") != 0 &&
				    strcmp(ent->d_name, "..") != 0))
					unlinkat(dirfd(d), ent->d_name, 0);
			closedir(d);
		}
		rmdir(dir->staging);
	}
	free(dir->staging);
	free(dir->target);
	dir->staging = NULL;
	dir->target = NULL;
}

bool
ok_fd_is_tty(int fd)
{
	return isatty(fd) == 1;
}
