/* err.c: status records; the text is built here, printed only by cmd/. */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

void
ok_err_clear(ok_err *err)
{
	if (err == NULL)
		return;
	err->status = OK_SUCCESS;
	err->flags = 0;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

static void __attribute__((format(printf, 4, 0)))
err_vset(ok_err *err, ok_status status, const char *field, const char *fmt,
    va_list ap)
{
	err->status = status;
	err->flags = 0;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

ok_status
ok_err_set(ok_err *err, ok_status status, const char *field, const char *fmt,
    ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	va_start(ap, fmt);
	err_vset(err, status, field, fmt, ap);
	va_end(ap);
	return status;
}

/* Appends OpenSSL's reason for the earliest queued error, then clears. */
static void
err_append_ssl(ok_err *err)
{
	char reason[256];
	unsigned long code = ERR_peek_error();
	size_t used;

	if (code == 0)
		return;
	ERR_error_string_n(code, reason, sizeof(reason));
	used = strlen(err->msg);
	snprintf(err->msg + used, sizeof(err->msg) - used, " (OpenSSL: %s)",
	    reason);
	ERR_clear_error();
}

ok_status
ok_err_ssl(ok_err *err, ok_status status, const char *field, const char *fmt,
    ...)
{
	va_list ap;

	if (err == NULL) {
		ERR_clear_error();
		return status;
	}
	va_start(ap, fmt);
	err_vset(err, status, field, fmt, ap);
	va_end(ap);
	err_append_ssl(err);
	return status;
}

ok_status
ok_err_needs_secret(ok_err *err, const char *field, const char *what)
{
	ok_err_set(err, OK_E_USAGE, field, "%s", what);
	if (err != NULL)
		err->flags |= OK_ERR_NEEDS_SECRET;
	return OK_E_USAGE;
}

ok_status
ok_err_sys(ok_err *err, ok_status status, const char *field, int errnum,
    const char *what)
{
	return ok_err_set(err, status, field, "%s: %s", what, strerror(errnum));
}

const char *
ok_status_name(ok_status status)
{
	switch (status) {
	case OK_SUCCESS:
		return "success";
	case OK_E_NEGATIVE:
		return "negative result";
	case OK_E_USAGE:
		return "usage error";
	case OK_E_MALFORMED:
		return "malformed input";
	case OK_E_IO:
		return "local I/O or system error";
	case OK_E_PEER:
		return "peer or network failure";
	case OK_E_RETRY:
		return "try again later";
	}
	return "unknown status";
}
