/*
 * io.h: bounded reads and complete-or-absent writes.
 *
 * Every read names a size cap, so no input can exhaust memory.  Every
 * file write goes to a temporary file in the target's directory, is
 * fsync'ed and renamed into place: a reader sees the whole file or none.
 */
#ifndef OK_IO_H
#define OK_IO_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Reads all of path ("-" is stdin) into out; more than max bytes is
 * malformed input (exit 3) naming path. */
ok_status ok_read_file(const char *path, size_t max, ok_buf *out,
    ok_err *err);

/* Same for an open descriptor; name is used in messages. */
ok_status ok_read_fd(int fd, const char *name, size_t max, ok_buf *out,
    ok_err *err);

/* Writes all of data to fd, looping over short writes and EINTR. */
ok_status ok_write_all(int fd, const void *data, size_t len,
    const char *name, ok_err *err);

enum {
	OK_WRITE_SECRET = 1 << 0, /* mode 0600 (otherwise 0666 less umask) */
	OK_WRITE_FORCE = 1 << 1   /* replace an existing file */
};

/*
 * Atomically creates path with data: temporary file beside it, fsync,
 * rename, fsync of the directory.  Without OK_WRITE_FORCE an existing
 * path is an I/O error and nothing is written.  On failure no file is
 * left behind.
 */
ok_status ok_write_file_atomic(const char *path, const void *data,
    size_t len, unsigned flags, ok_err *err);

/*
 * The same for output produced piece by piece (a batch): pieces go to the
 * temporary file; ok_atomic_commit() publishes it, ok_atomic_abort()
 * removes it.
 */
typedef struct ok_atomic {
	int fd;
	unsigned flags;
	char *path; /* target */
	char *tmp;  /* temporary file beside it */
} ok_atomic;

ok_status ok_atomic_open(ok_atomic *file, const char *path, unsigned flags,
    ok_err *err);
ok_status ok_atomic_write(ok_atomic *file, const void *data, size_t len,
    ok_err *err);
ok_status ok_atomic_commit(ok_atomic *file, ok_err *err);
void ok_atomic_abort(ok_atomic *file);

/*
 * A directory of output files that appears whole or not at all: files are
 * written into a hidden staging directory beside the target, which is
 * renamed to the target by ok_outdir_commit().  ok_outdir_abort() removes
 * everything staged.
 */
typedef struct ok_outdir {
	char *target;  /* final path; must not exist */
	char *staging; /* hidden sibling directory while open */
} ok_outdir;

ok_status ok_outdir_open(ok_outdir *dir, const char *target, ok_err *err);
ok_status ok_outdir_write(ok_outdir *dir, const char *name, const void *data,
    size_t len, unsigned flags, ok_err *err);
ok_status ok_outdir_commit(ok_outdir *dir, ok_err *err);
void ok_outdir_abort(ok_outdir *dir);

/* True when fd is a terminal. */
bool ok_fd_is_tty(int fd);

#endif
