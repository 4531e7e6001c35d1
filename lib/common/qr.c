/* qr.c: QR options, their names, encoding and dispatch to the writers. */
#include "qr.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <qrencode.h>

#include "qr_internal.h"

/* The field named when the text itself cannot become a QR code. */
#define TEXT_FIELD "uri"

void
ok_qr_opts_default(ok_qr_opts *opts)
{
	opts->ecl = OK_QR_ECL_M;
	opts->margin = 4;
	opts->scale = 8;
}

/* Either case, as qrencode's -t accepts them. */
ok_status
ok_qr_format_by_name(const char *name, const char *field, ok_qr_format *out,
    ok_err *err)
{
	static const struct {
		const char *name;
		ok_qr_format format;
	} formats[] = {
		{ "utf8", OK_QR_UTF8 },
		{ "png", OK_QR_PNG },
		{ "svg", OK_QR_SVG },
	};
	size_t i;

	for (i = 0; name != NULL && i < sizeof(formats) / sizeof(formats[0]);
	    i++) {
		if (strcasecmp(name, formats[i].name) == 0) {
			*out = formats[i].format;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown QR format \"%.32s\" (utf8, png or svg)",
	    name ? name : "");
}

/* One letter, as printed on labels and in ISO/IEC 18004; either case. */
ok_status
ok_qr_ecl_by_name(const char *name, const char *field, ok_qr_ecl *out,
    ok_err *err)
{
	static const char letters[] = "LMQH";
	size_t i;

	for (i = 0; name != NULL && i < sizeof(letters) - 1; i++) {
		if (strlen(name) == 1 &&
		    toupper((unsigned char)name[0]) == letters[i]) {
			*out = (ok_qr_ecl)i;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_USAGE, field,
	    "unknown error correction level \"%.32s\" (L, M, Q or H)",
	    name ? name : "");
}

static ok_status
check_opts(ok_qr_format format, const ok_qr_opts *opts, ok_err *err)
{
	if (format != OK_QR_UTF8 && format != OK_QR_PNG && format != OK_QR_SVG)
		return ok_err_set(err, OK_E_USAGE, "format",
		    "unknown QR format %d", (int)format);
	if (opts->ecl != OK_QR_ECL_L && opts->ecl != OK_QR_ECL_M &&
	    opts->ecl != OK_QR_ECL_Q && opts->ecl != OK_QR_ECL_H)
		return ok_err_set(err, OK_E_USAGE, "ecl",
		    "unknown error correction level %d", (int)opts->ecl);
	if (opts->scale < 1 || opts->scale > OK_QR_MAX_SCALE)
		return ok_err_set(err, OK_E_USAGE, "scale",
		    "scale %u out of range 1..%d", opts->scale,
		    OK_QR_MAX_SCALE);
	if (opts->margin > OK_QR_MAX_MARGIN)
		return ok_err_set(err, OK_E_USAGE, "margin",
		    "margin %u out of range 0..%d", opts->margin,
		    OK_QR_MAX_MARGIN);
	return OK_SUCCESS;
}

static QRecLevel
qrencode_level(ok_qr_ecl ecl)
{
	switch (ecl) {
	case OK_QR_ECL_L:
		return QR_ECLEVEL_L;
	case OK_QR_ECL_Q:
		return QR_ECLEVEL_Q;
	case OK_QR_ECL_H:
		return QR_ECLEVEL_H;
	case OK_QR_ECL_M:
		break;
	}
	return QR_ECLEVEL_M;
}

/* Byte mode keeps the text exact (no case folding, no mode guessing);
 * version 0 lets libqrencode pick the smallest symbol that fits. */
static ok_status
encode_text(const char *text, size_t len, ok_qr_ecl ecl, QRcode **out,
    ok_err *err)
{
	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, TEXT_FIELD,
		    "empty text cannot be encoded as a QR code");
	if (len > INT_MAX)
		return ok_err_set(err, OK_E_MALFORMED, TEXT_FIELD,
		    "%zu bytes do not fit in a QR code", len);
	errno = 0;
	*out = QRcode_encodeData((int)len, (const unsigned char *)text, 0,
	    qrencode_level(ecl));
	if (*out != NULL)
		return OK_SUCCESS;
	if (errno == ERANGE)
		return ok_err_set(err, OK_E_MALFORMED, TEXT_FIELD,
		    "%zu bytes do not fit in a QR code at this error "
		    "correction level", len);
	if (errno == ENOMEM)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	return ok_err_sys(err, OK_E_MALFORMED, TEXT_FIELD,
	    errno ? errno : EINVAL, "QR encoding failed");
}

ok_status
ok_qr_render(const char *text, size_t len, ok_qr_format format,
    const ok_qr_opts *opts, ok_buf *out, ok_err *err)
{
	ok_qr_matrix matrix;
	QRcode *code = NULL;
	ok_status st;

	if ((st = check_opts(format, opts, err)) != OK_SUCCESS)
		return st;
	if ((st = encode_text(text, len, opts->ecl, &code, err)) != OK_SUCCESS)
		return st;
	matrix.cells = code->data;
	matrix.width = (unsigned)code->width;
	switch (format) {
	case OK_QR_UTF8:
		st = ok_qr_write_utf8(&matrix, opts, out, err);
		break;
	case OK_QR_PNG:
		st = ok_qr_write_png(&matrix, opts, out, err);
		break;
	case OK_QR_SVG:
		st = ok_qr_write_svg(&matrix, opts, out, err);
		break;
	}
	QRcode_free(code);
	return st;
}

void
ok_qr_codes_free(ok_qr_codes *codes)
{
	size_t i;

	if (codes == NULL)
		return;
	/* A code may carry a secret (a Wi-Fi passphrase, say). */
	for (i = 0; i < codes->count; i++) {
		ok_wipe(codes->texts[i], codes->lens[i]);
		free(codes->texts[i]);
	}
	free(codes->texts);
	free(codes->lens);
	codes->texts = NULL;
	codes->lens = NULL;
	codes->count = 0;
}
