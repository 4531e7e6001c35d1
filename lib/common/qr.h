/*
 * qr.h: QR codes.  Encoding through libqrencode to a terminal (UTF-8
 * half blocks), PNG (libpng) or SVG; decoding of PNG and JPEG images
 * (libpng, libjpeg) through zbar.  Image inputs are size-capped before
 * any pixel memory is allocated.
 */
#ifndef OK_QR_H
#define OK_QR_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

typedef enum ok_qr_ecl { OK_QR_ECL_L, OK_QR_ECL_M, OK_QR_ECL_Q,
    OK_QR_ECL_H } ok_qr_ecl;

typedef enum ok_qr_format { OK_QR_UTF8, OK_QR_PNG, OK_QR_SVG } ok_qr_format;

typedef struct ok_qr_opts {
	ok_qr_ecl ecl;   /* default M */
	unsigned margin; /* quiet zone in modules; default 4 (ISO 18004) */
	unsigned scale;  /* PNG pixels / SVG units per module; default 8 */
} ok_qr_opts;

#define OK_QR_MAX_SCALE 64
#define OK_QR_MAX_MARGIN 64
#define OK_QR_MAX_IMAGE_PIXELS (16u * 1024 * 1024)

void ok_qr_opts_default(ok_qr_opts *opts);

ok_status ok_qr_format_by_name(const char *name, const char *field,
    ok_qr_format *out, ok_err *err);
ok_status ok_qr_ecl_by_name(const char *name, const char *field,
    ok_qr_ecl *out, ok_err *err);

/* Renders text (byte mode, case-sensitive) as a QR code. */
ok_status ok_qr_render(const char *text, size_t len, ok_qr_format format,
    const ok_qr_opts *opts, ok_buf *out, ok_err *err);

typedef struct ok_qr_codes {
	char **texts;  /* each NUL-terminated */
	size_t *lens;  /* byte length of each (a code may contain NUL) */
	size_t count;
} ok_qr_codes;

/* Decodes every QR code in a PNG or JPEG image (detected by magic
 * bytes); no QR code found is OK_E_MALFORMED naming field. */
ok_status ok_qr_decode_image(const uint8_t *data, size_t len,
    const char *field, ok_qr_codes *out, ok_err *err);

void ok_qr_codes_free(ok_qr_codes *codes);

#endif
