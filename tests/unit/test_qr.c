/*
 * test_qr.c: QR rendering (UTF-8, SVG, PNG) and decoding (PNG, JPEG).
 *
 * Independent checks: the qrencode CLI encodes the same texts (UTF-8
 * and ASCII art, PNG images); zbarimg reads our PNGs; python3's XML
 * parser and rsvg-convert read our SVG.  Images in every PNG colour type
 * and in JPEG are built here directly with libpng and libjpeg.  The
 * JPEG "from a qrencode image" is made in this file: qrencode's PNG is
 * read with libpng's simplified API and compressed with libjpeg.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <jpeglib.h>
#include <png.h>
#include <qrencode.h>

#include "common/qr.h"
#include "tap.h"

static char workdir[] = "/tmp/okqr-XXXXXX";

static const char uri_short[] = "DPP:K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgA"
    "DURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;";
/* 110 bytes: the typical label of the batch demo. */
static const char uri_typical[] = "DPP:V:2;C:81/1;M:5254005828e5;K:MDkwEw"
    "YHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0N"
    "jlkIA=;;";

/* ---- small helpers ---- */

struct pixmap {
	uint8_t *px; /* 8-bit grey */
	unsigned w, h;
};

static ok_qr_opts
opts_of(ok_qr_ecl ecl, unsigned margin, unsigned scale)
{
	ok_qr_opts opts;

	ok_qr_opts_default(&opts);
	opts.ecl = ecl;
	opts.margin = margin;
	opts.scale = scale;
	return opts;
}

static ok_status
render(const char *text, size_t len, ok_qr_format format, ok_qr_ecl ecl,
    unsigned margin, unsigned scale, ok_buf *out)
{
	ok_qr_opts opts = opts_of(ecl, margin, scale);
	ok_err err;

	ok_err_clear(&err);
	if (ok_qr_render(text, len, format, &opts, out, &err) != OK_SUCCESS)
		tap_diag("render: %s: %s", err.field, err.msg);
	return err.status;
}

/* Decodes image and checks it holds exactly one code with text. */
static bool
decodes_to(const void *img, size_t img_len, const char *text, size_t len,
    const char *what)
{
	ok_qr_codes codes;
	ok_err err;
	bool good;

	ok_err_clear(&err);
	if (ok_qr_decode_image(img, img_len, "image", &codes, &err) !=
	    OK_SUCCESS) {
		tap_ok(false, "%s", what);
		tap_diag("  decode: %s: %s", err.field, err.msg);
		return false;
	}
	good = codes.count == 1 && codes.lens[0] == len &&
	    memcmp(codes.texts[0], text, len) == 0 &&
	    codes.texts[0][len] == '\0';
	if (!tap_ok(good, "%s", what))
		tap_diag("  %zu codes, first '%s'", codes.count,
		    codes.count ? codes.texts[0] : "");
	ok_qr_codes_free(&codes);
	return good;
}

/* Expects decoding to fail as malformed input naming "image"; msg, when
 * given, must occur in the reason. */
static void
decode_fails(const void *img, size_t img_len, const char *msg,
    const char *what)
{
	ok_qr_codes codes = { (char **)1, (size_t *)1, 99 };
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	st = ok_qr_decode_image(img, img_len, "image", &codes, &err);
	tap_ok(st == OK_E_MALFORMED && strcmp(err.field, "image") == 0 &&
	    (msg == NULL || strstr(err.msg, msg) != NULL) &&
	    codes.count == 0 && codes.texts == NULL, "%s", what);
	if (st != OK_E_MALFORMED || (msg && !strstr(err.msg, msg)))
		tap_diag("  status %d field '%s' msg '%s'", st, err.field,
		    err.msg);
	if (st == OK_SUCCESS)
		ok_qr_codes_free(&codes);
}

/* A file in workdir; the result lives until the next call. */
static char *
work_path(const char *name)
{
	static char path[64];

	snprintf(path, sizeof(path), "%s/%s", workdir, name);
	return path;
}

static bool
write_file(const char *path, const void *data, size_t len)
{
	FILE *fp = fopen(path, "wb");
	bool good;

	if (fp == NULL)
		return false;
	good = fwrite(data, 1, len, fp) == len;
	return fclose(fp) == 0 && good;
}

static char *
read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0;

	*len = 0;
	if (fp == NULL)
		return NULL;
	for (;;) {
		char *grown = realloc(data, cap + 65536 + 1);
		size_t got;

		if (grown == NULL)
			break;
		data = grown;
		got = fread(data + *len, 1, 65536, fp);
		*len += got;
		cap += 65536;
		if (got < 65536)
			break;
	}
	fclose(fp);
	if (data != NULL)
		data[*len] = '\0';
	return data;
}

/* Runs a shell command; returns its stdout (NUL-terminated) or NULL
 * when it did not exit 0. */
static char *
run(const char *cmd, size_t *len)
{
	FILE *pipe = popen(cmd, "r");
	char *out = NULL;
	size_t cap = 0, got;

	*len = 0;
	if (pipe == NULL)
		return NULL;
	do {
		char *grown = realloc(out, cap + 4096 + 1);

		if (grown == NULL)
			break;
		out = grown;
		cap += 4096;
		got = fread(out + *len, 1, 4096, pipe);
		*len += got;
		out[*len] = '\0';
	} while (got == 4096);
	if (pclose(pipe) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

static bool
have_program(const char *name)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return system(cmd) == 0;
}

static const char *
ecl_letter(ok_qr_ecl ecl)
{
	return (const char *[]){ "L", "M", "Q", "H" }[ecl];
}

/* The pixels of a symbol as libqrencode lays it out: 0 dark, 255 light. */
static struct pixmap
pixmap_of(const char *text, size_t len, ok_qr_ecl ecl, unsigned margin,
    unsigned scale)
{
	QRcode *code = QRcode_encodeData((int)len, (const unsigned char *)text,
	    0, (QRecLevel)ecl);
	struct pixmap map = { NULL, 0, 0 };
	unsigned x, y, side;

	if (code == NULL)
		return map;
	side = (unsigned)code->width + 2 * margin;
	map.w = map.h = side * scale;
	map.px = malloc((size_t)map.w * map.h);
	for (y = 0; y < map.h; y++)
		for (x = 0; x < map.w; x++) {
			unsigned mx = x / scale, my = y / scale;
			int dark = mx >= margin && my >= margin &&
			    mx - margin < (unsigned)code->width &&
			    my - margin < (unsigned)code->width &&
			    (code->data[(my - margin) * (unsigned)code->width +
			    (mx - margin)] & 1);

			map.px[(size_t)y * map.w + x] = dark ? 0 : 255;
		}
	QRcode_free(code);
	return map;
}

/* Reads any PNG into 8-bit grey with libpng's simplified API, alpha
 * composited over white. */
static struct pixmap
pixmap_from_png(const void *data, size_t len)
{
	png_image image;
	struct pixmap map = { NULL, 0, 0 };

	memset(&image, 0, sizeof(image));
	image.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&image, data, len))
		return map;
	image.format = PNG_FORMAT_GRAY;
	map.w = image.width;
	map.h = image.height;
	map.px = malloc(PNG_IMAGE_SIZE(image));
	/* Without a background colour libpng composites alpha onto what the
	 * buffer holds: make that white paper. */
	if (map.px != NULL)
		memset(map.px, 255, PNG_IMAGE_SIZE(image));
	if (map.px == NULL || !png_image_finish_read(&image, NULL, map.px, 0,
	    NULL)) {
		free(map.px);
		map.px = NULL;
	}
	png_image_free(&image);
	return map;
}

/* ---- PNG images in every colour type, written with libpng ---- */

struct image_kind {
	int color_type;
	int bit_depth;
	int interlace;
	int trns;      /* mark the light colour transparent with tRNS */
	const char *name;
};

/* Light modules are transparent where the format allows it, in a colour
 * that is dark when alpha is ignored: only compositing over white makes
 * them light again. */
static void
sample_values(const struct image_kind *kind, int dark, unsigned out[4])
{
	unsigned max = (1u << kind->bit_depth) - 1;

	memset(out, 0, 4 * sizeof(out[0]));
	switch (kind->color_type) {
	case PNG_COLOR_TYPE_GRAY:
		out[0] = dark ? 0 : kind->trns ? max / 15 : max;
		break;
	case PNG_COLOR_TYPE_GRAY_ALPHA:
		out[1] = dark ? max : 0;
		break;
	case PNG_COLOR_TYPE_RGB:
		out[0] = dark ? 0 : max;
		out[1] = dark ? 0 : max;
		out[2] = dark ? max / 2 : max * 4 / 5;
		break;
	case PNG_COLOR_TYPE_RGB_ALPHA:
		out[3] = dark ? max : 0;
		break;
	case PNG_COLOR_TYPE_PALETTE:
		out[0] = dark ? 1 : 0;
		break;
	}
}

static void
pack_row(const struct pixmap *map, unsigned y, const struct image_kind *kind,
    uint8_t *row, size_t row_len)
{
	int channels = kind->color_type == PNG_COLOR_TYPE_PALETTE ? 1 :
	    (kind->color_type & PNG_COLOR_MASK_COLOR ? 3 : 1) +
	    (kind->color_type & PNG_COLOR_MASK_ALPHA ? 1 : 0);
	size_t bit = 0;
	unsigned x, v[4];
	int c;

	memset(row, 0, row_len);
	for (x = 0; x < map->w; x++) {
		sample_values(kind, map->px[(size_t)y * map->w + x] < 128, v);
		for (c = 0; c < channels; c++, bit += (size_t)kind->bit_depth) {
			if (kind->bit_depth == 16) {
				row[bit / 8] = (uint8_t)(v[c] >> 8);
				row[bit / 8 + 1] = (uint8_t)v[c];
			} else {
				row[bit / 8] |= (uint8_t)(v[c] << (8 -
				    kind->bit_depth - (int)(bit % 8)));
			}
		}
	}
}

static void
kind_extras(png_structp png, png_infop info, const struct image_kind *kind)
{
	static png_color palette[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	static png_byte palette_alpha[1] = { 0 };
	png_color_16 grey_key;

	if (kind->color_type == PNG_COLOR_TYPE_PALETTE) {
		png_set_PLTE(png, info, palette, 2);
		png_set_tRNS(png, info, palette_alpha, 1, NULL);
	} else if (kind->trns) {
		memset(&grey_key, 0, sizeof(grey_key));
		grey_key.gray = (png_uint_16)(((1u << kind->bit_depth) - 1) /
		    15);
		png_set_tRNS(png, info, NULL, 0, &grey_key);
	}
}

static bool
write_png_kind(const struct pixmap *map, const struct image_kind *kind,
    char **out, size_t *out_len)
{
	png_structp png;
	png_infop info;
	FILE *mem = open_memstream(out, out_len);
	size_t row_len = ((size_t)map->w * 4 * 16 + 7) / 8;
	uint8_t *row = malloc(row_len);
	int pass, passes;
	unsigned y;

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	if (mem == NULL || row == NULL || info == NULL ||
	    setjmp(png_jmpbuf(png))) {
		fprintf(stderr, "write_png_kind failed\n");
		exit(255);
	}
	png_init_io(png, mem);
	png_set_IHDR(png, info, map->w, map->h, kind->bit_depth,
	    kind->color_type, kind->interlace, PNG_COMPRESSION_TYPE_DEFAULT,
	    PNG_FILTER_TYPE_DEFAULT);
	kind_extras(png, info, kind);
	png_write_info(png, info);
	passes = png_set_interlace_handling(png);
	for (pass = 0; pass < passes; pass++)
		for (y = 0; y < map->h; y++) {
			pack_row(map, y, kind, row, row_len);
			png_write_row(png, row);
		}
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	free(row);
	return fclose(mem) == 0;
}

/* ---- JPEG images, written with libjpeg ---- */

enum { JPEG_BASELINE, JPEG_PROGRESSIVE, JPEG_631_SCANS };

/* A valid grey progressive script of 1 + 63 * 10 scans: DC, then each
 * AC coefficient alone, first at Al 9, then refined a bit at a time. */
static void
use_many_scans(struct jpeg_compress_struct *cinfo)
{
	static jpeg_scan_info scans[1 + 63 * 10];
	int n = 0, k, ah;

	memset(scans, 0, sizeof(scans));
	scans[n++].comps_in_scan = 1;
	for (k = 1; k <= 63; k++) {
		scans[n].comps_in_scan = 1;
		scans[n].Ss = scans[n].Se = k;
		scans[n++].Al = 9;
		for (ah = 9; ah >= 1; ah--) {
			scans[n].comps_in_scan = 1;
			scans[n].Ss = scans[n].Se = k;
			scans[n].Ah = ah;
			scans[n++].Al = ah - 1;
		}
	}
	cinfo->scan_info = scans;
	cinfo->num_scans = n;
}

static bool
write_jpeg(const struct pixmap *map, int colour, int mode,
    unsigned char **out, unsigned long *out_len)
{
	struct jpeg_compress_struct cinfo;
	struct jpeg_error_mgr jerr;
	uint8_t *line = malloc((size_t)map->w * 3);
	JSAMPROW row;
	unsigned x;

	if (line == NULL)
		return false;
	*out = NULL;
	*out_len = 0;
	cinfo.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&cinfo);
	jpeg_mem_dest(&cinfo, out, out_len);
	cinfo.image_width = map->w;
	cinfo.image_height = map->h;
	cinfo.input_components = colour ? 3 : 1;
	cinfo.in_color_space = colour ? JCS_RGB : JCS_GRAYSCALE;
	jpeg_set_defaults(&cinfo);
	jpeg_set_quality(&cinfo, 75, TRUE);
	if (mode == JPEG_PROGRESSIVE)
		jpeg_simple_progression(&cinfo);
	else if (mode == JPEG_631_SCANS)
		use_many_scans(&cinfo);
	jpeg_start_compress(&cinfo, TRUE);
	while (cinfo.next_scanline < cinfo.image_height) {
		const uint8_t *src = map->px + (size_t)cinfo.next_scanline *
		    map->w;

		for (x = 0; x < map->w; x++) {
			if (!colour)
				line[x] = src[x];
			else	/* dark navy on cream */
				memcpy(line + 3 * x, src[x] < 128 ?
				    "\x10\x10\x60" : "\xff\xf8\xe0", 3);
		}
		row = line;
		jpeg_write_scanlines(&cinfo, &row, 1);
	}
	jpeg_finish_compress(&cinfo);
	jpeg_destroy_compress(&cinfo);
	free(line);
	return true;
}

/* ---- option names and render errors ---- */

static void
test_names(void)
{
	static const struct {
		const char *name;
		int format;
	} formats[] = { { "utf8", OK_QR_UTF8 }, { "png", OK_QR_PNG },
	    { "svg", OK_QR_SVG }, { "PNG", OK_QR_PNG },
	    { "Utf8", OK_QR_UTF8 } };
	static const char *bad_formats[] = { "jpeg", "", "png ", "utf-8",
	    "pngx" };
	static const char *ecls = "LMQHlmqh";
	static const char *bad_ecls[] = { "X", "", "MM", " ", "low", "0" };
	ok_qr_format format;
	ok_qr_ecl ecl;
	ok_err err;
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		tap_ok(ok_qr_format_by_name(formats[i].name, "--format",
		    &format, &err) == OK_SUCCESS &&
		    (int)format == formats[i].format, "format '%s'",
		    formats[i].name);
	for (i = 0; i < sizeof(bad_formats) / sizeof(bad_formats[0]); i++) {
		ok_err_clear(&err);
		tap_ok(ok_qr_format_by_name(bad_formats[i], "--format",
		    &format, &err) == OK_E_USAGE &&
		    strcmp(err.field, "--format") == 0, "format '%s' refused",
		    bad_formats[i]);
	}
	tap_ok(ok_qr_format_by_name(NULL, "-t", &format, &err) ==
	    OK_E_USAGE && strcmp(err.field, "-t") == 0, "format NULL refused");
	for (i = 0; ecls[i] != '\0'; i++) {
		char name[2] = { ecls[i], '\0' };

		tap_ok(ok_qr_ecl_by_name(name, "--ecl", &ecl, &err) ==
		    OK_SUCCESS && ecl == (ok_qr_ecl)(i % 4), "ecl '%s'", name);
	}
	for (i = 0; i < sizeof(bad_ecls) / sizeof(bad_ecls[0]); i++) {
		ok_err_clear(&err);
		tap_ok(ok_qr_ecl_by_name(bad_ecls[i], "--ecl", &ecl, &err) ==
		    OK_E_USAGE && strcmp(err.field, "--ecl") == 0,
		    "ecl '%s' refused", bad_ecls[i]);
	}
	tap_ok(ok_qr_ecl_by_name(NULL, "--ecl", &ecl, &err) == OK_E_USAGE,
	    "ecl NULL refused");
}

static void
render_fails(const char *text, size_t len, ok_qr_format format,
    ok_qr_opts opts, ok_status want, const char *field, const char *what)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	st = ok_qr_render(text, len, format, &opts, &out, &err);
	tap_ok(st == want && strcmp(err.field, field) == 0 && out.len == 0,
	    "%s", what);
	if (st != want || strcmp(err.field, field) != 0)
		tap_diag("  status %d field '%s' msg '%s'", st, err.field,
		    err.msg);
	ok_buf_free(&out);
}

static void
test_render_errors(void)
{
	static const size_t capacity[4] = { 2953, 2331, 1663, 1273 };
	ok_qr_opts good = opts_of(OK_QR_ECL_M, 4, 8), opts;
	char *big = malloc(4000);
	ok_buf out = OK_BUF_INIT;
	int ecl;

	memset(big, 'x', 4000);
	render_fails("", 0, OK_QR_PNG, good, OK_E_MALFORMED, "uri",
	    "empty text: malformed, field uri");
	for (ecl = 0; ecl < 4; ecl++) {
		opts = opts_of((ok_qr_ecl)ecl, 4, 2);
		tap_ok(render(big, capacity[ecl], OK_QR_SVG, (ok_qr_ecl)ecl, 4,
		    2, &out) == OK_SUCCESS, "%zu bytes fit at ECL %s",
		    capacity[ecl], ecl_letter((ok_qr_ecl)ecl));
		render_fails(big, capacity[ecl] + 1, OK_QR_SVG, opts,
		    OK_E_MALFORMED, "uri", "one byte more: malformed, uri");
	}
	render_fails(big, (size_t)1 << 40, OK_QR_UTF8, good, OK_E_MALFORMED,
	    "uri", "2^40 bytes: malformed, uri");
	opts = good, opts.scale = 0;
	render_fails("A", 1, OK_QR_PNG, opts, OK_E_USAGE, "scale", "scale 0");
	opts.scale = OK_QR_MAX_SCALE + 1;
	render_fails("A", 1, OK_QR_SVG, opts, OK_E_USAGE, "scale", "scale 65");
	opts = good, opts.margin = OK_QR_MAX_MARGIN + 1;
	render_fails("A", 1, OK_QR_UTF8, opts, OK_E_USAGE, "margin",
	    "margin 65");
	opts = good, opts.ecl = (ok_qr_ecl)4;
	render_fails("A", 1, OK_QR_PNG, opts, OK_E_USAGE, "ecl", "ecl 4");
	render_fails("A", 1, (ok_qr_format)3, good, OK_E_USAGE, "format",
	    "format 3");
	opts = opts_of(OK_QR_ECL_H, OK_QR_MAX_MARGIN, OK_QR_MAX_SCALE);
	tap_ok(render(big, capacity[3], OK_QR_PNG, OK_QR_ECL_H,
	    OK_QR_MAX_MARGIN, OK_QR_MAX_SCALE, &out) == OK_SUCCESS &&
	    out.len > 0, "largest symbol at largest margin and scale");
	ok_buf_free(&out);
	free(big);
}

/* ---- UTF-8 ---- */

static void
test_utf8_golden(void)
{
	/* "A", ECL M, margin 2: 25 module rows in 13 lines. */
	static const char *const want =
	    "                         \n"
	    "  █▀▀▀▀▀█ ▀█▄▀  █▀▀▀▀▀█  \n"
	    "  █ ███ █ ▄██▀▀ █ ███ █  \n"
	    "  █ ▀▀▀ █ ███▄▀ █ ▀▀▀ █  \n"
	    "  ▀▀▀▀▀▀▀ █ █▄█ ▀▀▀▀▀▀▀  \n"
	    "  ▀ ▄ █ ▀▀█  █▄▀▀█▀█ ▄█  \n"
	    "  ███▀ ▀▀▄ ▄▀▀ ▄█▀█▀█▄   \n"
	    "  ▀▀▀ ▀▀▀▀█ ▄ ███   ███  \n"
	    "  █▀▀▀▀▀█ ▀█▄▄█▀ ▄ ▄ █   \n"
	    "  █ ███ █ ▀█▀█▄ ▀█▀█▀██  \n"
	    "  █ ▀▀▀ █  ▄ ▀ ▄█▀█▀█    \n"
	    "  ▀▀▀▀▀▀▀ ▀ ▀ ▀▀▀   ▀ ▀  \n"
	    "                         \n";
	ok_buf out = OK_BUF_INIT;
	size_t lines = 0, i;

	tap_ok(render("A", 1, OK_QR_UTF8, OK_QR_ECL_M, 2, 8, &out) ==
	    OK_SUCCESS, "UTF-8 render");
	tap_eq_mem(out.data, out.len, want, strlen(want), "UTF-8 exact bytes");
	/* Odd margin: 23 rows, the last line's lower halves are light. */
	tap_ok(render("A", 1, OK_QR_UTF8, OK_QR_ECL_M, 1, 1, &out) ==
	    OK_SUCCESS, "UTF-8 render, margin 1");
	for (i = 0; i < out.len; i++)
		lines += out.data[i] == '\n';
	tap_eq_int((long long)lines, 12, "23 module rows make 12 lines");
	tap_ok(out.len > 0 && out.data[out.len - 1] == '\n',
	    "last line ends with a newline");
	tap_ok(strncmp((char *)out.data, " ▄▄▄▄▄▄▄ ", strlen(" ▄▄▄▄▄▄▄ ")) ==
	    0, "top margin row pairs with the finder's top row");
	tap_ok(out.len > 24 && memcmp(out.data + out.len - 24,
	    "                       \n", 24) == 0,
	    "bottom margin row pairs with light");
	ok_buf_free(&out);
}

/* qrencode -t UTF8i draws dark modules as ink too; it pairs rows the
 * same way when the margin is even. */
static void
test_utf8_vs_qrencode(void)
{
	const char *texts[] = { "A", uri_short, uri_typical };
	ok_buf out = OK_BUF_INIT;
	char cmd[1024], *ref;
	size_t t, ref_len;
	unsigned margin;
	int ecl;

	if (!have_program("qrencode")) {
		tap_ok(false, "%s: %s", "UTF-8 vs qrencode", "qrencode CLI not installed");
		return;
	}
	for (t = 0; t < 3; t++) {
		write_file(work_path("text"), texts[t], strlen(texts[t]));
		for (ecl = 0; ecl < 4; ecl++)
			for (margin = 0; margin <= 4; margin += 2) {
				snprintf(cmd, sizeof(cmd), "qrencode -8 -l %s "
				    "-m %u -t UTF8i -o - < %s/text",
				    ecl_letter((ok_qr_ecl)ecl), margin,
				    workdir);
				ref = run(cmd, &ref_len);
				render(texts[t], strlen(texts[t]), OK_QR_UTF8,
				    (ok_qr_ecl)ecl, margin, 1, &out);
				tap_ok(ref != NULL && out.len == ref_len &&
				    memcmp(out.data, ref, ref_len) == 0,
				    "UTF-8 = qrencode -t UTF8i (text %zu, "
				    "ECL %s, margin %u)", t,
				    ecl_letter((ok_qr_ecl)ecl), margin);
				free(ref);
			}
	}
	ok_buf_free(&out);
}

/* ---- SVG ---- */

static void
test_svg_golden(void)
{
	static const char want[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
	    "width=\"46\" height=\"46\" viewBox=\"0 0 23 23\" "
	    "shape-rendering=\"crispEdges\">\n"
	    "<rect width=\"23\" height=\"23\" fill=\"#ffffff\"/>\n"
	    "<path fill=\"#000000\" d=\""
	    "M1 1h7v1h-7zM9 1h2v1h-2zM12 1h1v1h-1zM15 1h7v1h-7z"
	    "M1 2h1v1h-1zM7 2h1v1h-1zM10 2h2v1h-2zM15 2h1v1h-1z"
	    "M21 2h1v1h-1zM1 3h1v1h-1zM3 3h3v1h-3zM7 3h1v1h-1z"
	    "M10 3h4v1h-4zM15 3h1v1h-1zM17 3h3v1h-3zM21 3h1v1h-1z"
	    "M1 4h1v1h-1zM3 4h3v1h-3zM7 4h1v1h-1zM9 4h3v1h-3z"
	    "M15 4h1v1h-1zM17 4h3v1h-3zM21 4h1v1h-1zM1 5h1v1h-1z"
	    "M3 5h3v1h-3zM7 5h1v1h-1zM9 5h3v1h-3zM13 5h1v1h-1z"
	    "M15 5h1v1h-1zM17 5h3v1h-3zM21 5h1v1h-1zM1 6h1v1h-1z"
	    "M7 6h1v1h-1zM9 6h4v1h-4zM15 6h1v1h-1zM21 6h1v1h-1z"
	    "M1 7h7v1h-7zM9 7h1v1h-1zM11 7h1v1h-1zM13 7h1v1h-1z"
	    "M15 7h7v1h-7zM9 8h1v1h-1zM11 8h3v1h-3zM1 9h1v1h-1z"
	    "M5 9h1v1h-1zM7 9h3v1h-3zM12 9h1v1h-1zM14 9h5v1h-5z"
	    "M21 9h1v1h-1zM3 10h1v1h-1zM5 10h1v1h-1zM9 10h1v1h-1z"
	    "M12 10h2v1h-2zM16 10h1v1h-1zM18 10h1v1h-1zM20 10h2v1h-2z"
	    "M1 11h4v1h-4zM6 11h2v1h-2zM11 11h2v1h-2zM15 11h5v1h-5z"
	    "M1 12h3v1h-3zM8 12h1v1h-1zM10 12h1v1h-1zM14 12h2v1h-2z"
	    "M17 12h1v1h-1zM19 12h2v1h-2zM1 13h3v1h-3zM5 13h5v1h-5z"
	    "M13 13h3v1h-3zM19 13h3v1h-3zM9 14h1v1h-1zM11 14h1v1h-1z"
	    "M13 14h3v1h-3zM19 14h3v1h-3zM1 15h7v1h-7zM9 15h2v1h-2z"
	    "M13 15h2v1h-2zM20 15h1v1h-1zM1 16h1v1h-1zM7 16h1v1h-1z"
	    "M10 16h4v1h-4zM16 16h1v1h-1zM18 16h1v1h-1zM20 16h1v1h-1z"
	    "M1 17h1v1h-1zM3 17h3v1h-3zM7 17h1v1h-1zM9 17h4v1h-4z"
	    "M15 17h7v1h-7zM1 18h1v1h-1zM3 18h3v1h-3zM7 18h1v1h-1z"
	    "M10 18h1v1h-1zM12 18h2v1h-2zM16 18h1v1h-1zM18 18h1v1h-1z"
	    "M20 18h2v1h-2zM1 19h1v1h-1zM3 19h3v1h-3zM7 19h1v1h-1z"
	    "M12 19h1v1h-1zM15 19h5v1h-5zM1 20h1v1h-1zM7 20h1v1h-1z"
	    "M10 20h1v1h-1zM14 20h2v1h-2zM17 20h1v1h-1zM19 20h1v1h-1z"
	    "M1 21h7v1h-7zM9 21h1v1h-1zM11 21h1v1h-1zM13 21h3v1h-3z"
	    "M19 21h1v1h-1zM21 21h1v1h-1z"
	    "\"/>\n</svg>\n";
	ok_buf out = OK_BUF_INIT;

	tap_ok(render("A", 1, OK_QR_SVG, OK_QR_ECL_M, 1, 2, &out) ==
	    OK_SUCCESS, "SVG render");
	tap_eq_mem(out.data, out.len, want, sizeof(want) - 1,
	    "SVG exact bytes ('A', ECL M, margin 1, scale 2)");
	ok_buf_free(&out);
}

/* Python's XML parser reads the document and reports what a viewer
 * needs; a malformed document makes it exit non-zero. */
static void
test_svg_xml(void)
{
	static const char script[] =
	    "import sys, xml.etree.ElementTree as ET\n"
	    "ns = '{http://www.w3.org/2000/svg}'\n"
	    "root = ET.parse(sys.argv[1]).getroot()\n"
	    "assert root.tag == ns + 'svg', root.tag\n"
	    "kids = [k.tag[len(ns):] for k in root]\n"
	    "print(root.get('version'), root.get('width'), root.get('height'),"
	    " root.get('viewBox'), root.get('shape-rendering'), kids,"
	    " root[0].get('fill'), root[1].get('fill'))\n";
	ok_buf out = OK_BUF_INIT;
	struct pixmap map;
	char cmd[1024], want[256], *got;
	size_t got_len;
	unsigned modules;

	if (access("/usr/bin/python3", X_OK) != 0) {
		tap_ok(false, "%s: %s", "SVG parses as XML", "/usr/bin/python3 missing");
		return;
	}
	write_file(work_path("check.py"), script, strlen(script));
	render(uri_typical, strlen(uri_typical), OK_QR_SVG, OK_QR_ECL_Q, 3, 5,
	    &out);
	write_file(work_path("typical.svg"), out.data, out.len);
	map = pixmap_of(uri_typical, strlen(uri_typical), OK_QR_ECL_Q, 3, 1);
	modules = map.w;
	snprintf(want, sizeof(want), "1.1 %u %u 0 0 %u %u crispEdges "
	    "['rect', 'path'] #ffffff #000000\n", modules * 5, modules * 5,
	    modules, modules);
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 %s/check.py "
	    "%s/typical.svg", workdir, workdir);
	got = run(cmd, &got_len);
	tap_eq_str(got, want, "SVG is well-formed SVG 1.1 with the right "
	    "size, viewBox and crispEdges");
	free(got);
	free(map.px);
	ok_buf_free(&out);
}

/* Fills grid (side * side, 1 = dark) from our path data. */
static bool
svg_cells(const char *svg, unsigned side, uint8_t *grid)
{
	const char *p = strstr(svg, " d=\"");
	unsigned x, y, n, n2, i;
	int used;

	memset(grid, 0, (size_t)side * side);
	if (p == NULL)
		return false;
	for (p += 4; *p == 'M'; p += used) {
		if (sscanf(p, "M%u %uh%uv1h-%uz%n", &x, &y, &n, &n2,
		    &used) != 4 || n != n2 || n == 0 || y >= side ||
		    x + n > side)
			return false;
		for (i = 0; i < n; i++)
			grid[(size_t)y * side + x + i] = 1;
	}
	return *p == '"';
}

/* qrencode -t ASCII draws a dark module as "##". */
static bool
ascii_cells(const char *art, unsigned side, uint8_t *grid)
{
	unsigned x, y;

	for (y = 0; y < side; y++, art++) {
		for (x = 0; x < side; x++, art += 2) {
			if (art[0] != '#' && art[0] != ' ')
				return false;
			grid[(size_t)y * side + x] = art[0] == '#';
		}
		if (*art != '\n')
			return false;
	}
	return *art == '\0';
}

static void
test_svg_vs_qrencode(void)
{
	struct pixmap map = pixmap_of(uri_typical, strlen(uri_typical),
	    OK_QR_ECL_H, 2, 1);
	unsigned side = map.w;
	uint8_t *ours = malloc((size_t)side * side);
	uint8_t *theirs = malloc((size_t)side * side);
	ok_buf out = OK_BUF_INIT;
	char cmd[1024], *art;
	size_t art_len;

	if (!have_program("qrencode")) {
		tap_ok(false, "%s: %s", "SVG vs qrencode", "qrencode CLI not installed");
		goto done;
	}
	write_file(work_path("text"), uri_typical, strlen(uri_typical));
	snprintf(cmd, sizeof(cmd), "qrencode -8 -l H -m 2 -t ASCII -o - "
	    "< %s/text", workdir);
	art = run(cmd, &art_len);
	render(uri_typical, strlen(uri_typical), OK_QR_SVG, OK_QR_ECL_H, 2, 3,
	    &out);
	tap_ok(art != NULL && ascii_cells(art, side, theirs) &&
	    svg_cells((char *)out.data, side, ours) &&
	    memcmp(ours, theirs, (size_t)side * side) == 0,
	    "SVG path covers exactly the modules qrencode -t ASCII draws");
	free(art);
done:
	ok_buf_free(&out);
	free(ours);
	free(theirs);
	free(map.px);
}

/* Rasterised by librsvg, the SVG still scans. */
static void
test_svg_rsvg(void)
{
	ok_buf out = OK_BUF_INIT;
	char cmd[1024], *png;
	size_t png_len;

	if (!have_program("rsvg-convert")) {
		tap_ok(false, "%s: %s", "SVG rasterised by rsvg-convert decodes", "rsvg-convert (librsvg2-bin) not installed");
		return;
	}
	render(uri_typical, strlen(uri_typical), OK_QR_SVG, OK_QR_ECL_M, 4, 3,
	    &out);
	write_file(work_path("r.svg"), out.data, out.len);
	snprintf(cmd, sizeof(cmd), "rsvg-convert -o %s/r.png %s/r.svg",
	    workdir, workdir);
	png = system(cmd) == 0 ? read_file(work_path("r.png"), &png_len) : NULL;
	if (png == NULL)
		tap_ok(false, "rsvg-convert ran");
	else
		decodes_to(png, png_len, uri_typical, strlen(uri_typical),
		    "SVG rasterised by rsvg-convert decodes to the URI");
	free(png);
	ok_buf_free(&out);
}

/* ---- PNG output ---- */

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static bool
ihdr_is(const ok_buf *png, uint32_t side)
{
	static const uint8_t head[16] = { 0x89, 'P', 'N', 'G', '\r', '\n',
	    0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
	/* bit depth 1, grey, deflate, no filter method, no interlace */
	static const uint8_t tail[5] = { 1, 0, 0, 0, 0 };

	return png->len > 33 && memcmp(png->data, head, 16) == 0 &&
	    be32(png->data + 16) == side && be32(png->data + 20) == side &&
	    memcmp(png->data + 24, tail, 5) == 0;
}

/* Pixel-exact against libqrencode's matrix, read back by libpng's
 * simplified API (not our loader). */
static void
test_png_pixels(const char *text, ok_qr_ecl ecl, unsigned margin,
    unsigned scale)
{
	struct pixmap want = pixmap_of(text, strlen(text), ecl, margin, scale);
	struct pixmap got = { NULL, 0, 0 };
	ok_buf out = OK_BUF_INIT;

	if (render(text, strlen(text), OK_QR_PNG, ecl, margin, scale, &out) ==
	    OK_SUCCESS)
		got = pixmap_from_png(out.data, out.len);
	tap_ok(ihdr_is(&out, want.w), "PNG header: %ux%u, 1-bit grey, not "
	    "interlaced (margin %u, scale %u)", want.w, want.w, margin, scale);
	tap_ok(got.px != NULL && got.w == want.w && got.h == want.h &&
	    memcmp(got.px, want.px, (size_t)want.w * want.h) == 0,
	    "PNG pixels match the symbol (ECL %s, margin %u, scale %u)",
	    ecl_letter(ecl), margin, scale);
	free(want.px);
	free(got.px);
	ok_buf_free(&out);
}

static void
test_png_output(void)
{
	ok_buf out = OK_BUF_INIT;

	test_png_pixels("A", OK_QR_ECL_M, 4, 8);
	test_png_pixels("A", OK_QR_ECL_L, 0, 1);
	test_png_pixels(uri_typical, OK_QR_ECL_Q, 3, 5);
	test_png_pixels(uri_short, OK_QR_ECL_H, 1, 7);
	/* Version 0 means smallest: version 1 holds 14 bytes at ECL M. */
	render("12345678901234", 14, OK_QR_PNG, OK_QR_ECL_M, 0, 1, &out);
	tap_ok(ihdr_is(&out, 21), "14 bytes at ECL M: version 1 (21 modules)");
	render("123456789012345", 15, OK_QR_PNG, OK_QR_ECL_M, 0, 1, &out);
	tap_ok(ihdr_is(&out, 25), "15 bytes at ECL M: version 2 (25 modules)");
	render("aBc", 3, OK_QR_PNG, OK_QR_ECL_M, 4, 2, &out);
	decodes_to(out.data, out.len, "aBc", 3, "case kept (byte mode)");
	ok_buf_free(&out);
}

/* A DPP URI of len bytes with a long I: field. */
static char *
long_uri(size_t len)
{
	static const char head[] = "DPP:V:2;C:81/1,81/6,81/11,115/36,118/52;"
	    "M:5254005828e5;I:";
	static const char tail[] = ";K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADUR"
	    "zxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;";
	static const char info[] = "SN=4774LH2b4044 model/+-_. Onboardkit ";
	char *uri = malloc(len + 1);
	size_t i, body = len - strlen(head) - strlen(tail);

	memcpy(uri, head, strlen(head));
	for (i = 0; i < body; i++)
		uri[strlen(head) + i] = info[i % (sizeof(info) - 1)];
	memcpy(uri + strlen(head) + body, tail, strlen(tail) + 1);
	return uri;
}

static void
test_png_round_trips(void)
{
	static const unsigned margins[5] = { 0, 1, 2, 4, 8 };
	char *long1000 = long_uri(1000), *max_l = long_uri(2953);
	const char *texts[3] = { uri_short, uri_typical, long1000 };
	ok_buf out = OK_BUF_INIT;
	unsigned scale, margin;
	char what[128];
	size_t t;
	int ecl;

	for (t = 0; t < 3; t++) {
		for (scale = 1; scale <= 10; scale++) {
			ecl = (int)((scale + t) % 4);
			margin = margins[(scale + t) % 5];
			render(texts[t], strlen(texts[t]), OK_QR_PNG,
			    (ok_qr_ecl)ecl, margin, scale, &out);
			snprintf(what, sizeof(what), "round trip: %zu bytes, "
			    "ECL %s, margin %u, scale %u", strlen(texts[t]),
			    ecl_letter((ok_qr_ecl)ecl), margin, scale);
			decodes_to(out.data, out.len, texts[t],
			    strlen(texts[t]), what);
		}
		for (ecl = 0; ecl < 4; ecl++) {
			render(texts[t], strlen(texts[t]), OK_QR_PNG,
			    (ok_qr_ecl)ecl, 4, 4, &out);
			snprintf(what, sizeof(what), "round trip: %zu bytes, "
			    "ECL %s, margin 4, scale 4", strlen(texts[t]),
			    ecl_letter((ok_qr_ecl)ecl));
			decodes_to(out.data, out.len, texts[t],
			    strlen(texts[t]), what);
		}
	}
	render(max_l, 2953, OK_QR_PNG, OK_QR_ECL_L, 4, 3, &out);
	decodes_to(out.data, out.len, max_l, 2953,
	    "round trip of 2953 bytes (version 40, ECL L)");
	ok_buf_free(&out);
	free(long1000);
	free(max_l);
}

/* zbar without ZBAR_CFG_BINARY would turn these bytes into other text
 * (c3 a9 reads as Big5); ours come back as encoded. */
static void
test_binary_bytes(void)
{
	static const char text[] = "DPP:I:caf\xc3\xa9\x00\xff\x80\x01;;";
	ok_buf out = OK_BUF_INIT;

	render(text, sizeof(text) - 1, OK_QR_PNG, OK_QR_ECL_M, 4, 4, &out);
	decodes_to(out.data, out.len, text, sizeof(text) - 1,
	    "non-ASCII bytes and NUL round-trip exactly");
	ok_buf_free(&out);
}

static void
test_vector_uris(void)
{
	char *json = tap_read_vector("dpp/uri_vectors.json", NULL);
	json_t *root = json_loads(json, 0, NULL), *vec;
	ok_buf out = OK_BUF_INIT;
	const char *uri;
	size_t i, n = 0;

	json_array_foreach(json_object_get(root, "vectors"), i, vec) {
		uri = json_string_value(json_object_get(vec, "uri"));
		if (uri == NULL)
			continue;
		n++;
		render(uri, strlen(uri), OK_QR_PNG, OK_QR_ECL_M, 4, 3, &out);
		if (!decodes_to(out.data, out.len, uri, strlen(uri),
		    "vector URI round trip"))
			tap_diag("  %s", json_string_value(json_object_get(vec,
			    "id")));
	}
	tap_ok(n > 50, "%zu vector URIs tried", n);
	json_decref(root);
	free(json);
	ok_buf_free(&out);
}

static bool
is_ascii(const char *text)
{
	for (; *text != '\0'; text++)
		if ((unsigned char)*text >= 0x80)
			return false;
	return true;
}

/* zbarimg, a separate program, reads our PNG files. */
static void
test_zbarimg(void)
{
	char *long600 = long_uri(600);
	const char *texts[] = { uri_short, uri_typical, long600, "A" };
	ok_buf out = OK_BUF_INIT;
	char cmd[1024], *got;
	size_t t, got_len;

	if (!have_program("zbarimg")) {
		tap_ok(false, "%s: %s", "zbarimg", "zbarimg (zbar-tools) not installed");
		free(long600);
		return;
	}
	for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		if (!is_ascii(texts[t]))
			continue;
		render(texts[t], strlen(texts[t]), OK_QR_PNG,
		    (ok_qr_ecl)(t % 4), 4, 2 + (unsigned)t, &out);
		write_file(work_path("ours.png"), out.data, out.len);
		snprintf(cmd, sizeof(cmd), "zbarimg --raw -q %s/ours.png "
		    "2>/dev/null", workdir);
		got = run(cmd, &got_len);
		tap_ok(got != NULL && got_len == strlen(texts[t]) + 1 &&
		    memcmp(got, texts[t], got_len - 1) == 0 &&
		    got[got_len - 1] == '\n',
		    "zbarimg reads our PNG exactly (%zu bytes)",
		    strlen(texts[t]));
		free(got);
	}
	free(long600);
	ok_buf_free(&out);
}

/* ---- images from elsewhere ---- */

/* PNGs written by the qrencode CLI (palette, and RGBA with a transparent
 * black background), and a JPEG made from one. */
static void
test_qrencode_images(void)
{
	const char *texts[] = { uri_short, uri_typical };
	char cmd[1024], what[128], *png;
	unsigned char *jpeg;
	unsigned long jpeg_len;
	struct pixmap map;
	size_t t, png_len;
	int ecl;

	if (!have_program("qrencode")) {
		tap_ok(false, "%s: %s", "qrencode images", "qrencode CLI not installed");
		return;
	}
	for (t = 0; t < 2; t++) {
		write_file(work_path("text"), texts[t], strlen(texts[t]));
		for (ecl = 0; ecl < 4; ecl++) {
			snprintf(cmd, sizeof(cmd), "qrencode -8 -l %s -s %d "
			    "-m 4 %s -o %s/q.png < %s/text",
			    ecl_letter((ok_qr_ecl)ecl), 3 + ecl, ecl % 2 ?
			    "-t PNG32 --foreground=000000 "
			    "--background=00000000" : "-t PNG", workdir,
			    workdir);
			png = system(cmd) == 0 ?
			    read_file(work_path("q.png"), &png_len) : NULL;
			snprintf(what, sizeof(what), "qrencode %s image, ECL "
			    "%s", ecl % 2 ? "RGBA" : "palette",
			    ecl_letter((ok_qr_ecl)ecl));
			if (png == NULL || !decodes_to(png, png_len, texts[t],
			    strlen(texts[t]), what)) {
				free(png);
				continue;
			}
			map = pixmap_from_png(png, png_len);
			tap_ok(map.px != NULL && write_jpeg(&map, ecl % 2, JPEG_BASELINE,
			    &jpeg, &jpeg_len), "JPEG from qrencode's image");
			decodes_to(jpeg, jpeg_len, texts[t], strlen(texts[t]),
			    "JPEG made from qrencode's image");
			free(jpeg);
			free(map.px);
			free(png);
		}
	}
}

static void
test_png_kinds(void)
{
	static const struct image_kind kinds[] = {
		{ PNG_COLOR_TYPE_GRAY, 1, PNG_INTERLACE_NONE, 0, "grey 1-bit" },
		{ PNG_COLOR_TYPE_GRAY, 2, PNG_INTERLACE_NONE, 0, "grey 2-bit" },
		{ PNG_COLOR_TYPE_GRAY, 4, PNG_INTERLACE_ADAM7, 1,
		    "grey 4-bit, tRNS, Adam7" },
		{ PNG_COLOR_TYPE_GRAY, 8, PNG_INTERLACE_ADAM7, 0,
		    "grey 8-bit, Adam7" },
		{ PNG_COLOR_TYPE_GRAY, 16, PNG_INTERLACE_NONE, 1,
		    "grey 16-bit, tRNS" },
		{ PNG_COLOR_TYPE_GRAY_ALPHA, 8, PNG_INTERLACE_NONE, 0,
		    "grey+alpha 8-bit" },
		{ PNG_COLOR_TYPE_GRAY_ALPHA, 16, PNG_INTERLACE_NONE, 0,
		    "grey+alpha 16-bit" },
		{ PNG_COLOR_TYPE_RGB, 8, PNG_INTERLACE_NONE, 0, "RGB 8-bit" },
		{ PNG_COLOR_TYPE_RGB, 16, PNG_INTERLACE_ADAM7, 0,
		    "RGB 16-bit, Adam7" },
		{ PNG_COLOR_TYPE_RGB_ALPHA, 8, PNG_INTERLACE_NONE, 0,
		    "RGBA 8-bit" },
		{ PNG_COLOR_TYPE_RGB_ALPHA, 16, PNG_INTERLACE_ADAM7, 0,
		    "RGBA 16-bit, Adam7" },
		{ PNG_COLOR_TYPE_PALETTE, 1, PNG_INTERLACE_NONE, 0,
		    "palette 1-bit, tRNS" },
		{ PNG_COLOR_TYPE_PALETTE, 8, PNG_INTERLACE_NONE, 0,
		    "palette 8-bit, tRNS" },
	};
	struct pixmap map = pixmap_of(uri_typical, strlen(uri_typical),
	    OK_QR_ECL_M, 4, 3);
	char *png, what[128];
	size_t k, png_len;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (!write_png_kind(&map, &kinds[k], &png, &png_len))
			continue;
		snprintf(what, sizeof(what), "PNG %s decodes", kinds[k].name);
		decodes_to(png, png_len, uri_typical, strlen(uri_typical),
		    what);
		free(png);
	}
	free(map.px);
}

static void
test_jpeg_kinds(void)
{
	struct pixmap map = pixmap_of(uri_typical, strlen(uri_typical),
	    OK_QR_ECL_M, 4, 4);
	unsigned char *jpeg;
	unsigned long jpeg_len;
	int colour, progressive;

	for (colour = 0; colour < 2; colour++)
		for (progressive = 0; progressive < 2; progressive++) {
			write_jpeg(&map, colour, progressive, &jpeg,
			    &jpeg_len);
			tap_ok(jpeg != NULL, "JPEG written");
			decodes_to(jpeg, jpeg_len, uri_typical,
			    strlen(uri_typical), colour ? (progressive ?
			    "colour progressive JPEG decodes" :
			    "colour JPEG decodes") : (progressive ?
			    "grey progressive JPEG decodes" :
			    "grey JPEG decodes"));
			free(jpeg);
		}
	free(map.px);
}

/* Two symbols side by side: both are returned. */
static void
test_two_codes(void)
{
	struct pixmap a = pixmap_of("first code", 10, OK_QR_ECL_M, 4, 4);
	struct pixmap b = pixmap_of(uri_short, strlen(uri_short), OK_QR_ECL_M,
	    4, 4);
	struct image_kind grey = { PNG_COLOR_TYPE_GRAY, 8, 0, 0, "grey" };
	struct pixmap both;
	ok_qr_codes codes;
	ok_err err;
	char *png;
	size_t png_len, y, i, found = 0;

	both.w = a.w + b.w;
	both.h = b.h;
	both.px = malloc((size_t)both.w * both.h);
	memset(both.px, 255, (size_t)both.w * both.h);
	for (y = 0; y < both.h; y++) {
		if (y < a.h)
			memcpy(both.px + y * both.w, a.px + y * a.w, a.w);
		memcpy(both.px + y * both.w + a.w, b.px + y * b.w, b.w);
	}
	write_png_kind(&both, &grey, &png, &png_len);
	tap_ok(ok_qr_decode_image((uint8_t *)png, png_len, "image", &codes,
	    &err) == OK_SUCCESS && codes.count == 2, "two codes found");
	for (i = 0; i < codes.count; i++)
		found |= strcmp(codes.texts[i], "first code") == 0 ? 1u :
		    strcmp(codes.texts[i], uri_short) == 0 ? 2u : 4u;
	tap_eq_int((long long)found, 3, "both texts, nothing else");
	ok_qr_codes_free(&codes);
	tap_ok(codes.count == 0 && codes.texts == NULL && codes.lens == NULL,
	    "ok_qr_codes_free empties the list");
	ok_qr_codes_free(&codes);
	ok_qr_codes_free(NULL);
	free(png);
	free(a.px);
	free(b.px);
	free(both.px);
}

/* ---- decode errors ---- */

static uint32_t
crc32_of(const uint8_t *data, size_t len)
{
	uint32_t crc = 0xffffffffu;
	size_t i;
	int bit;

	for (i = 0; i < len; i++) {
		crc ^= data[i];
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Signature, an IHDR claiming width x height 8-bit grey, an empty IDAT
 * and IEND: a header that promises pixels it does not have. */
static size_t
craft_png(uint8_t out[64], uint32_t width, uint32_t height)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n' };
	static const uint8_t tail[24] = { 0, 0, 0, 0, 'I', 'D', 'A', 'T',
	    0x35, 0xaf, 0x06, 0x1e, 0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xae, 0x42,
	    0x60, 0x82 };

	memcpy(out, sig, 8);
	put_be32(out + 8, 13);
	memcpy(out + 12, "IHDR", 4);
	put_be32(out + 16, width);
	put_be32(out + 20, height);
	memcpy(out + 24, "\x08\x00\x00\x00\x00", 5);
	put_be32(out + 29, crc32_of(out + 12, 17));
	memcpy(out + 33, tail, sizeof(tail));
	return 33 + sizeof(tail);
}

static void
test_png_errors(void)
{
	ok_buf png = OK_BUF_INIT;
	uint8_t crafted[64], *copy;
	size_t cuts[8], i, len;

	decode_fails("hello world", 11, "not a PNG or JPEG image", "garbage");
	decode_fails("", 0, "not a PNG or JPEG image", "empty input");
	decode_fails("\x89PNG\r\n\x1a", 7, "not a PNG or JPEG image",
	    "7 bytes of PNG signature");
	decode_fails("GIF89a\x01\x00\x01\x00", 10, "not a PNG or JPEG image",
	    "GIF");
	render(uri_short, strlen(uri_short), OK_QR_PNG, OK_QR_ECL_M, 4, 4,
	    &png);
	cuts[0] = 8, cuts[1] = 16, cuts[2] = 33, cuts[3] = 45;
	cuts[4] = png.len / 2, cuts[5] = png.len - 13;
	cuts[6] = png.len - 12, cuts[7] = png.len - 1;
	for (i = 0; i < 8; i++) {
		char what[64];

		snprintf(what, sizeof(what), "PNG cut to %zu of %zu bytes",
		    cuts[i], png.len);
		decode_fails(png.data, cuts[i], NULL, what);
	}
	copy = malloc(png.len + 1);
	memcpy(copy, png.data, png.len);
	copy[png.len] = 0;
	decode_fails(copy, png.len + 1, "trailing", "PNG with a trailing byte");
	copy[33 + 8 + 3] ^= 0x40;
	decode_fails(copy, png.len, NULL, "PNG with a corrupt IDAT");
	free(copy);
	len = craft_png(crafted, 100000, 100000);
	decode_fails(crafted, len, "larger than", "PNG header claiming "
	    "100000x100000 refused before allocation");
	len = craft_png(crafted, 4097, 4096);
	decode_fails(crafted, len, "larger than", "4097x4096: one row over");
	len = craft_png(crafted, 4096, 4096);
	decode_fails(crafted, len, "PNG:", "4096x4096 passes the cap, then "
	    "fails for want of pixel data");
	len = craft_png(crafted, 0, 16);
	decode_fails(crafted, len, NULL, "PNG of width 0");
	len = craft_png(crafted, 16, 0);
	decode_fails(crafted, len, NULL, "PNG of height 0");
	ok_buf_free(&png);
}

/* Offset of the SOF0 segment's height field, or 0. */
static size_t
sof_dims_offset(const unsigned char *jpeg, size_t len)
{
	size_t i;

	for (i = 2; i + 9 < len; i++)
		if (jpeg[i] == 0xff && jpeg[i + 1] == 0xc0)
			return i + 5;
	return 0;
}

static void
test_jpeg_errors(void)
{
	struct pixmap map = pixmap_of(uri_short, strlen(uri_short),
	    OK_QR_ECL_M, 4, 4);
	unsigned char *jpeg, *copy;
	unsigned long len;
	size_t cuts[5], i, sof;
	char what[64];

	write_jpeg(&map, 0, JPEG_BASELINE, &jpeg, &len);
	cuts[0] = 3, cuts[1] = 20, cuts[2] = 200, cuts[3] = len / 2;
	cuts[4] = len - 2;
	for (i = 0; i < 5; i++) {
		snprintf(what, sizeof(what), "JPEG cut to %zu of %lu bytes",
		    cuts[i], len);
		decode_fails(jpeg, cuts[i], "JPEG:", what);
	}
	decode_fails("\xff\xd8\xff\x00 not really", 15, "JPEG:",
	    "JPEG magic then garbage");
	copy = malloc(len + 7);
	memcpy(copy, jpeg, len);
	memcpy(copy + len, "trailer", 7);
	decodes_to(copy, len + 7, uri_short, strlen(uri_short),
	    "JPEG with data after EOI decodes (camera trailers)");
	sof = sof_dims_offset(copy, len);
	tap_ok(sof != 0, "SOF0 found");
	memcpy(copy + sof, "\xfd\xe8\xfd\xe8", 4);
	decode_fails(copy, len, "larger than",
	    "JPEG header claiming 65000x65000 refused before allocation");
	memcpy(copy + sof, "\x00\x00\x00\x40", 4);
	decode_fails(copy, len, NULL, "JPEG of height 0");
	free(copy);
	free(jpeg);
	write_jpeg(&map, 0, JPEG_631_SCANS, &jpeg, &len);
	decode_fails(jpeg, len, "more than 500 scans",
	    "progressive JPEG of 631 scans refused");
	free(jpeg);
	free(map.px);
}

static void
test_no_code(void)
{
	struct pixmap white = { malloc(80 * 60), 80, 60 };
	struct image_kind grey = { PNG_COLOR_TYPE_GRAY, 8, 0, 0, "grey" };
	unsigned char *jpeg;
	unsigned long jpeg_len;
	char *png;
	size_t png_len;

	memset(white.px, 255, 80 * 60);
	white.px[100] = 0;
	write_png_kind(&white, &grey, &png, &png_len);
	decode_fails(png, png_len, "no QR code found", "PNG without a code");
	write_jpeg(&white, 1, JPEG_BASELINE, &jpeg, &jpeg_len);
	decode_fails(jpeg, jpeg_len, "no QR code found", "JPEG without a code");
	free(png);
	free(jpeg);
	free(white.px);
}

int
main(void)
{
	char cmd[128];

	if (mkdtemp(workdir) == NULL) {
		printf("Bail out! mkdtemp failed\n");
		return 255;
	}
	test_names();
	test_render_errors();
	test_utf8_golden();
	test_utf8_vs_qrencode();
	test_svg_golden();
	test_svg_xml();
	test_svg_vs_qrencode();
	test_svg_rsvg();
	test_png_output();
	test_png_round_trips();
	test_binary_bytes();
	test_vector_uris();
	test_zbarimg();
	test_qrencode_images();
	test_png_kinds();
	test_jpeg_kinds();
	test_two_codes();
	test_png_errors();
	test_jpeg_errors();
	test_no_code();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", workdir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", workdir);
	return tap_done();
}
