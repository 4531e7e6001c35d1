/* qr_render.c: a QR matrix as UTF-8 half blocks, SVG or PNG. */
#include "qr_internal.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>
#include <zlib.h>

/* True when module (x, y) of the framed symbol (quiet zone included) is
 * dark; the quiet zone is light. */
static int
module_dark(const ok_qr_matrix *qr, unsigned margin, unsigned x, unsigned y)
{
	if (x < margin || y < margin || x - margin >= qr->width ||
	    y - margin >= qr->width)
		return 0;
	return qr->cells[(size_t)(y - margin) * qr->width + (x - margin)] & 1;
}

/*
 * Polarity: the glyphs are the terminal's ink, so dark modules are drawn
 * and light modules (the quiet zone too) are left as background.  That is
 * right on the usual dark-on-light terminal, which is what phone scanners
 * expect; on a light-on-dark terminal the symbol shows inverted, which
 * some scanners refuse (like `qrencode -t UTF8i`, not `-t UTF8`).  Each
 * text line carries two module rows: upper half block for the top one,
 * lower half block for the bottom one.  A last odd row pairs with light.
 */
static const char *
half_block(int top_dark, int bottom_dark)
{
	if (top_dark && bottom_dark)
		return "\xe2\x96\x88"; /* U+2588 FULL BLOCK */
	if (top_dark)
		return "\xe2\x96\x80"; /* U+2580 UPPER HALF BLOCK */
	if (bottom_dark)
		return "\xe2\x96\x84"; /* U+2584 LOWER HALF BLOCK */
	return " ";
}

ok_status
ok_qr_write_utf8(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err)
{
	unsigned side = qr->width + 2 * opts->margin, x, y;
	size_t used = 0, glyph_len;
	const char *glyph;
	ok_status st;

	ok_buf_free(out);
	/* At most three bytes a glyph, plus the newline of each line. */
	st = ok_buf_resize(out, (size_t)(side + 1) / 2 * (3 * (size_t)side + 1),
	    err);
	if (st != OK_SUCCESS)
		return st;
	for (y = 0; y < side; y += 2) {
		for (x = 0; x < side; x++) {
			glyph = half_block(module_dark(qr, opts->margin, x, y),
			    module_dark(qr, opts->margin, x, y + 1));
			glyph_len = strlen(glyph);
			memcpy(out->data + used, glyph, glyph_len);
			used += glyph_len;
		}
		out->data[used++] = '\n';
	}
	return ok_buf_resize(out, used, err);
}

/*
 * SVG: one unit per module in the viewBox, a white rectangle for the
 * background and one path holding a rectangle per horizontal run of
 * dark modules.  Plain integers only, so the bytes are deterministic.
 */
static ok_status
svg_append(ok_buf *out, ok_err *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static ok_status
svg_append(ok_buf *out, ok_err *err, const char *fmt, ...)
{
	char piece[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(piece, sizeof(piece), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(piece))
		return ok_err_set(err, OK_E_IO, "svg", "SVG piece too long");
	return ok_buf_append(out, piece, (size_t)n, err);
}

static ok_status
svg_row_runs(const ok_qr_matrix *qr, unsigned margin, unsigned y,
    ok_buf *out, ok_err *err)
{
	unsigned x = margin, start;
	ok_status st;

	while (x < margin + qr->width) {
		if (!module_dark(qr, margin, x, y)) {
			x++;
			continue;
		}
		start = x;
		while (x < margin + qr->width && module_dark(qr, margin, x, y))
			x++;
		st = svg_append(out, err, "M%u %uh%uv1h-%uz", start, y,
		    x - start, x - start);
		if (st != OK_SUCCESS)
			return st;
	}
	return OK_SUCCESS;
}

ok_status
ok_qr_write_svg(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err)
{
	unsigned side = qr->width + 2 * opts->margin, pixels, y;
	ok_status st;

	pixels = side * opts->scale;
	ok_buf_free(out);
	st = svg_append(out, err, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" "
	    "shape-rendering=\"crispEdges\">\n", pixels, pixels, side, side);
	if (st == OK_SUCCESS)
		st = svg_append(out, err, "<rect width=\"%u\" height=\"%u\" "
		    "fill=\"#ffffff\"/>\n<path fill=\"#000000\" d=\"", side,
		    side);
	for (y = opts->margin; st == OK_SUCCESS && y < opts->margin + qr->width;
	    y++)
		st = svg_row_runs(qr, opts->margin, y, out, err);
	if (st == OK_SUCCESS)
		st = svg_append(out, err, "\"/>\n</svg>\n");
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	return st;
}

/*
 * PNG through libpng into memory.  libpng reports errors by calling our
 * handler, which must not return, so it longjmps back to guarded_emit_png().
 * Everything that outlives the jump lives in a encode_sink owned by the
 * caller of guarded_emit_png(), so no local of the setjmp frame changes
 * between setjmp and longjmp (and none needs to be volatile).
 */
struct encode_sink {
	ok_buf *out;
	int out_of_memory;
	char why[128];
};

static void
sink_error(png_structp png, png_const_charp msg)
{
	struct encode_sink *sink = png_get_error_ptr(png);

	snprintf(sink->why, sizeof(sink->why), "%s", msg);
	png_longjmp(png, 1);
}

static void
sink_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* lib/ never prints; a write warning changes nothing */
}

static void
sink_write(png_structp png, png_bytep data, size_t len)
{
	struct encode_sink *sink = png_get_io_ptr(png);

	if (ok_buf_append(sink->out, data, len, NULL) != OK_SUCCESS) {
		sink->out_of_memory = 1;
		png_error(png, "out of memory");
	}
}

static void
sink_flush(png_structp png)
{
	(void)png;
}

/* One pixel row of module row y: 1-bit grey, MSB first, 1 = white. */
static void
fill_pixel_row(const ok_qr_matrix *qr, const ok_qr_opts *opts, unsigned y,
    uint8_t *row, size_t row_len)
{
	unsigned side = qr->width + 2 * opts->margin, x, px, first;

	memset(row, 0xff, row_len);
	for (x = opts->margin; x < side - opts->margin; x++) {
		if (!module_dark(qr, opts->margin, x, y))
			continue;
		first = x * opts->scale;
		for (px = first; px < first + opts->scale; px++)
			row[px / 8] &= (uint8_t)~(0x80u >> (px % 8));
	}
}

static void
emit_png(png_structp png, png_infop info, const ok_qr_matrix *qr,
    const ok_qr_opts *opts, uint8_t *row)
{
	unsigned side = qr->width + 2 * opts->margin, y, repeat;
	png_uint_32 pixels = side * opts->scale;
	size_t row_len = ((size_t)pixels + 7) / 8;

	png_set_write_fn(png, png_get_error_ptr(png), sink_write,
	    sink_flush);
	png_set_IHDR(png, info, pixels, pixels, 1, PNG_COLOR_TYPE_GRAY,
	    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	/* Labels are tiny and mostly flat: filtering and harder deflate
	 * would cost time in a batch and save a few bytes at best. */
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
	png_set_compression_level(png, Z_BEST_SPEED);
	png_write_info(png, info);
	for (y = 0; y < side; y++) {
		fill_pixel_row(qr, opts, y, row, row_len);
		for (repeat = 0; repeat < opts->scale; repeat++)
			png_write_row(png, row);
	}
	png_write_end(png, info);
}

static int
guarded_emit_png(png_structp png, png_infop info, const ok_qr_matrix *qr,
    const ok_qr_opts *opts, uint8_t *row)
{
	if (setjmp(png_jmpbuf(png)))
		return -1;
	emit_png(png, info, qr, opts, row);
	return 0;
}

ok_status
ok_qr_write_png(const ok_qr_matrix *qr, const ok_qr_opts *opts,
    ok_buf *out, ok_err *err)
{
	struct encode_sink sink = { out, 0, "" };
	size_t side = qr->width + 2 * (size_t)opts->margin;
	png_structp png;
	png_infop info = NULL;
	uint8_t *row;
	ok_status st = OK_SUCCESS;

	ok_buf_free(out);
	row = malloc((side * opts->scale + 7) / 8);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink,
	    sink_error, sink_warning);
	if (png != NULL)
		info = png_create_info_struct(png);
	if (row == NULL || info == NULL)
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	else if (guarded_emit_png(png, info, qr, opts, row) != 0)
		st = sink.out_of_memory ?
		    ok_err_set(err, OK_E_IO, "memory", "out of memory") :
		    ok_err_set(err, OK_E_IO, "png", "PNG encoding failed: %s",
		    sink.why);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	return st;
}
