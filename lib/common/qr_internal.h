/*
 * qr_internal.h: what qr.c hands the writers in qr_render.c.  Not part
 * of the public API; the matrix type keeps the writers independent of
 * libqrencode's structures.
 */
#ifndef OK_QR_INTERNAL_H
#define OK_QR_INTERNAL_H

#include "buf.h"
#include "err.h"
#include "qr.h"

/* A square symbol without quiet zone; bit 0 of each cell is set for a
 * dark module (the layout libqrencode produces). */
typedef struct ok_qr_matrix {
	const unsigned char *cells; /* width * width, row by row */
	unsigned width;             /* modules per side */
} ok_qr_matrix;

/* Each writer replaces out's contents; opts are already validated. */
ok_status ok_qr_write_utf8(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err);
ok_status ok_qr_write_svg(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err);
ok_status ok_qr_write_png(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err);

#endif
