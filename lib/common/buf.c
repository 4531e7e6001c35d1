/* buf.c: owned byte buffers. */
#include "buf.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

void
ok_wipe(void *ptr, size_t len)
{
	if (ptr != NULL && len > 0)
		OPENSSL_cleanse(ptr, len);
}

/*
 * Reallocation would leave a stale copy of a secret behind, so growth
 * allocates fresh storage (doubling, so appends stay linear), copies, and
 * wipes the old block.
 */
ok_status
ok_buf_resize(ok_buf *buf, size_t len, ok_err *err)
{
	uint8_t *grown;
	size_t cap;

	if (len >= SIZE_MAX / 2)
		return ok_err_set(err, OK_E_IO, "memory", "buffer too large");
	if (buf->data != NULL && len <= buf->cap) {
		if (len > buf->len)
			memset(buf->data + buf->len, 0, len - buf->len);
		buf->len = len;
		buf->data[len] = '\0';
		return OK_SUCCESS;
	}
	cap = buf->cap * 2 > len ? buf->cap * 2 : len;
	grown = calloc(1, cap + 1);
	if (grown == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if (buf->data != NULL) {
		memcpy(grown, buf->data, buf->len < len ? buf->len : len);
		ok_wipe(buf->data, buf->cap);
		free(buf->data);
	}
	buf->data = grown;
	buf->len = len;
	buf->cap = cap;
	return OK_SUCCESS;
}

ok_status
ok_buf_set(ok_buf *buf, const void *data, size_t len, ok_err *err)
{
	ok_buf_wipe(buf);
	if (ok_buf_resize(buf, len, err) != OK_SUCCESS)
		return err ? err->status : OK_E_IO;
	if (len > 0)
		memcpy(buf->data, data, len);
	return OK_SUCCESS;
}

ok_status
ok_buf_append(ok_buf *buf, const void *data, size_t len, ok_err *err)
{
	size_t old = buf->len;
	ok_status st;

	if (len > SIZE_MAX - 1 - old)
		return ok_err_set(err, OK_E_IO, "memory", "buffer too large");
	if ((st = ok_buf_resize(buf, old + len, err)) != OK_SUCCESS)
		return st;
	if (len > 0)
		memcpy(buf->data + old, data, len);
	return OK_SUCCESS;
}

void
ok_buf_free(ok_buf *buf)
{
	if (buf == NULL)
		return;
	free(buf->data);
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void
ok_buf_wipe(ok_buf *buf)
{
	if (buf == NULL)
		return;
	ok_wipe(buf->data, buf->cap);
	ok_buf_free(buf);
}
