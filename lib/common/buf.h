/*
 * buf.h: an owned byte buffer, the one way lib/ hands variable-length
 * data back to its caller.  Secret contents are wiped with ok_buf_wipe().
 */
#ifndef OK_BUF_H
#define OK_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct ok_buf {
	uint8_t *data; /* NUL-terminated one past len, for text convenience */
	size_t len;
	size_t cap;    /* bytes allocated, excluding the NUL */
} ok_buf;

#define OK_BUF_INIT { NULL, 0, 0 }

/* Replaces the contents with a copy of data[0..len) (NUL added). */
ok_status ok_buf_set(ok_buf *buf, const void *data, size_t len, ok_err *err);

/* Grows the buffer to len bytes (zero-filled, NUL after); keeps contents. */
ok_status ok_buf_resize(ok_buf *buf, size_t len, ok_err *err);

/* Appends data; the buffer stays NUL-terminated. */
ok_status ok_buf_append(ok_buf *buf, const void *data, size_t len,
    ok_err *err);

/* Frees the storage; ok_buf_wipe() first clears it (for secrets). */
void ok_buf_free(ok_buf *buf);
void ok_buf_wipe(ok_buf *buf);

/* Clears memory in a way the compiler may not elide. */
void ok_wipe(void *ptr, size_t len);

#endif
