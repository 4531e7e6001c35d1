/*
 * qr_decode.c: PNG and JPEG images to 8-bit grey, then zbar finds the
 * QR codes.  Both loaders read the header and check the pixel count
 * before any pixel memory exists; libpng and libjpeg report errors by
 * longjmp, never by printing or exiting.  zbar is opened on the first
 * decode, not linked (see load_libzbar).
 */
#include "qr.h"

#include <dlfcn.h>
#include <pthread.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>
#include <zbar.h>

struct grey_image {
	uint8_t *pixels; /* width * height bytes, 0 black .. 255 white */
	unsigned width;
	unsigned height;
};

/* Decoder state that must survive a longjmp: owned by the function that
 * calls the setjmp wrapper, so nothing in the setjmp frame changes
 * between setjmp and longjmp and no local needs to be volatile. */
struct image_job {
	const uint8_t *data;
	size_t len;
	size_t pos;              /* PNG: bytes handed to libpng so far */
	const char *field;
	ok_err *err;
	struct grey_image img;
	uint8_t **rows;          /* PNG: row pointers into img.pixels */
	char why[JMSG_LENGTH_MAX];
};

/* Refuses empty and oversized images from their header alone. */
static ok_status
check_dims(struct image_job *job, unsigned long width, unsigned long height)
{
	if (width == 0 || height == 0)
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "image has no pixels (%lux%lu)", width, height);
	if (width > OK_QR_MAX_IMAGE_PIXELS / height)
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "image of %lux%lu pixels is larger than %u pixels",
		    width, height, OK_QR_MAX_IMAGE_PIXELS);
	job->img.width = (unsigned)width;
	job->img.height = (unsigned)height;
	return OK_SUCCESS;
}

static ok_status
alloc_pixels(struct image_job *job)
{
	job->img.pixels = malloc((size_t)job->img.width * job->img.height);
	if (job->img.pixels == NULL)
		return ok_err_set(job->err, OK_E_IO, "memory", "out of memory");
	return OK_SUCCESS;
}

/* ---- PNG ---- */

static void
job_png_error(png_structp png, png_const_charp msg)
{
	struct image_job *job = png_get_error_ptr(png);

	snprintf(job->why, sizeof(job->why), "%s", msg);
	png_longjmp(png, 1);
}

static void
job_png_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* lib/ never prints; fatal problems come as errors */
}

static void
job_png_read(png_structp png, png_bytep dst, size_t want)
{
	struct image_job *job = png_get_io_ptr(png);

	if (want > job->len - job->pos)
		png_error(png, "truncated");
	memcpy(dst, job->data + job->pos, want);
	job->pos += want;
}

/* Any colour type and depth to 8-bit grey; transparency over white, the
 * paper a code is printed on. */
static void
request_grey8(png_structp png, png_infop info)
{
	png_color_16 white = { 0, 255, 255, 255, 255 };
	png_byte color_type = png_get_color_type(png, info);

	png_set_expand(png);
	png_set_strip_16(png);
	if (color_type & PNG_COLOR_MASK_COLOR)
		png_set_rgb_to_gray_fixed(png, PNG_ERROR_ACTION_NONE,
		    PNG_RGB_TO_GRAY_DEFAULT, PNG_RGB_TO_GRAY_DEFAULT);
	if ((color_type & PNG_COLOR_MASK_ALPHA) ||
	    png_get_valid(png, info, PNG_INFO_tRNS))
		png_set_background_fixed(png, &white,
		    PNG_BACKGROUND_GAMMA_SCREEN, 0, PNG_FP_1);
	png_set_interlace_handling(png);
	png_read_update_info(png, info);
}

static ok_status
load_png_steps(png_structp png, png_infop info, struct image_job *job)
{
	ok_status st;
	unsigned y;

	png_set_read_fn(png, job, job_png_read);
	png_read_info(png, info);
	st = check_dims(job, png_get_image_width(png, info),
	    png_get_image_height(png, info));
	if (st != OK_SUCCESS)
		return st;
	request_grey8(png, info);
	if (png_get_channels(png, info) != 1 ||
	    png_get_bit_depth(png, info) != 8 ||
	    png_get_rowbytes(png, info) != job->img.width)
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "PNG: pixel format not convertible to grey");
	if ((st = alloc_pixels(job)) != OK_SUCCESS)
		return st;
	job->rows = calloc(job->img.height, sizeof(*job->rows));
	if (job->rows == NULL)
		return ok_err_set(job->err, OK_E_IO, "memory", "out of memory");
	for (y = 0; y < job->img.height; y++)
		job->rows[y] = job->img.pixels + (size_t)y * job->img.width;
	png_read_image(png, job->rows);
	png_read_end(png, NULL);
	if (job->pos != job->len)
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "PNG: %zu bytes of trailing data", job->len - job->pos);
	return OK_SUCCESS;
}

static ok_status
load_png_guarded(png_structp png, png_infop info, struct image_job *job)
{
	if (setjmp(png_jmpbuf(png)))
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "PNG: %s", job->why);
	return load_png_steps(png, info, job);
}

static ok_status
load_png(struct image_job *job)
{
	png_structp png;
	png_infop info = NULL;
	ok_status st;

	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job,
	    job_png_error, job_png_warning);
	if (png != NULL)
		info = png_create_info_struct(png);
	if (info == NULL)
		st = ok_err_set(job->err, OK_E_IO, "memory", "out of memory");
	else
		st = load_png_guarded(png, info, job);
	png_destroy_read_struct(&png, &info, NULL);
	free(job->rows);
	job->rows = NULL;
	return st;
}

/* ---- JPEG ---- */

/* A scan count far beyond any real encoder's, against files that make
 * the progressive decoder loop over the same pixels endlessly. */
#define MAX_JPEG_SCANS 500
/* Bounds libjpeg's own buffers (progressive coefficient arrays). */
#define MAX_JPEG_MEMORY (256L * 1024 * 1024)

struct decode_trap {
	struct jpeg_error_mgr mgr;  /* first: libjpeg sees only this */
	struct jpeg_progress_mgr progress;
	jmp_buf jump;
	struct image_job *job;
};

static void
trap_exit(j_common_ptr cinfo)
{
	struct decode_trap *trap = (struct decode_trap *)(void *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, trap->job->why);
	longjmp(trap->jump, 1);
}

/* Warnings mean corrupt or truncated data that libjpeg would paper over
 * with grey; a code read from a half-invented image is not trustworthy,
 * so they are fatal.  Trace messages (level >= 0) are dropped. */
static void
trap_message(j_common_ptr cinfo, int level)
{
	if (level < 0)
		trap_exit(cinfo);
}

static void
trap_scan_count(j_common_ptr cinfo)
{
	struct decode_trap *trap = (struct decode_trap *)(void *)cinfo->err;
	j_decompress_ptr dinfo = (j_decompress_ptr)(void *)cinfo;

	if (!cinfo->is_decompressor || dinfo->input_scan_number <=
	    MAX_JPEG_SCANS)
		return;
	snprintf(trap->job->why, sizeof(trap->job->why), "more than %d scans",
	    MAX_JPEG_SCANS);
	longjmp(trap->jump, 1);
}

static ok_status
load_jpeg_steps(j_decompress_ptr cinfo, struct decode_trap *trap)
{
	struct image_job *job = trap->job;
	JSAMPROW row;
	ok_status st;

	jpeg_create_decompress(cinfo);
	/* Set after creation, which clears every field but err. */
	cinfo->progress = &trap->progress;
	cinfo->mem->max_memory_to_use = MAX_JPEG_MEMORY;
	jpeg_mem_src(cinfo, job->data, (unsigned long)job->len);
	jpeg_read_header(cinfo, TRUE);
	st = check_dims(job, cinfo->image_width, cinfo->image_height);
	if (st != OK_SUCCESS || (st = alloc_pixels(job)) != OK_SUCCESS)
		return st;
	cinfo->out_color_space = JCS_GRAYSCALE;
	jpeg_start_decompress(cinfo);
	if (cinfo->output_components != 1 ||
	    cinfo->output_width != job->img.width ||
	    cinfo->output_height != job->img.height)
		return ok_err_set(job->err, OK_E_MALFORMED, job->field,
		    "JPEG: unexpected output geometry");
	while (cinfo->output_scanline < cinfo->output_height) {
		row = job->img.pixels +
		    (size_t)cinfo->output_scanline * job->img.width;
		jpeg_read_scanlines(cinfo, &row, 1);
	}
	jpeg_finish_decompress(cinfo);
	return OK_SUCCESS;
}

static ok_status
load_jpeg_guarded(j_decompress_ptr cinfo, struct decode_trap *trap)
{
	if (setjmp(trap->jump))
		return ok_err_set(trap->job->err, OK_E_MALFORMED,
		    trap->job->field, "JPEG: %s", trap->job->why);
	return load_jpeg_steps(cinfo, trap);
}

static ok_status
load_jpeg(struct image_job *job)
{
	struct jpeg_decompress_struct cinfo;
	struct decode_trap trap;
	ok_status st;

	memset(&cinfo, 0, sizeof(cinfo));
	memset(&trap, 0, sizeof(trap));
	trap.job = job;
	cinfo.err = jpeg_std_error(&trap.mgr);
	trap.mgr.error_exit = trap_exit;
	trap.mgr.emit_message = trap_message;
	trap.progress.progress_monitor = trap_scan_count;
	st = load_jpeg_guarded(&cinfo, &trap);
	jpeg_destroy_decompress(&cinfo);
	return st;
}

/* ---- zbar, opened on first use ---- */

/*
 * Linked, libzbar maps some twenty more libraries (dbus, systemd, X11,
 * v4l2, gcrypt) into every process: about 2.4 ms of start-up, a quarter
 * of a whole gen or qr run, paid per device on a manufacturing line.
 * Only decoding needs zbar, so the first decode opens it and the handle
 * stays open for the life of the process.  The pointers
 * take their types from <zbar.h>, so each call through them is checked
 * as a direct call would be, and each table entry's symbol name is
 * built from its member name.
 */
#define LIBZBAR_SONAME "libzbar.so.0"
#define LIBZBAR_FN(name) __typeof__(zbar_##name) *name
#define LIBZBAR_SYM(name) \
	{ "zbar_" #name, offsetof(struct libzbar_api, name) }

struct libzbar_api {
	LIBZBAR_FN(image_scanner_create);
	LIBZBAR_FN(image_scanner_set_config);
	LIBZBAR_FN(image_scanner_destroy);
	LIBZBAR_FN(image_create);
	LIBZBAR_FN(image_set_format);
	LIBZBAR_FN(image_set_size);
	LIBZBAR_FN(image_set_data);
	LIBZBAR_FN(image_destroy);
	LIBZBAR_FN(scan_image);
	LIBZBAR_FN(image_first_symbol);
	LIBZBAR_FN(symbol_next);
	LIBZBAR_FN(symbol_get_type);
	LIBZBAR_FN(symbol_get_data);
	LIBZBAR_FN(symbol_get_data_length);
};

static const struct libzbar_sym {
	const char *name;
	size_t offset; /* of its pointer in struct libzbar_api */
} libzbar_syms[] = {
	LIBZBAR_SYM(image_scanner_create),
	LIBZBAR_SYM(image_scanner_set_config),
	LIBZBAR_SYM(image_scanner_destroy),
	LIBZBAR_SYM(image_create),
	LIBZBAR_SYM(image_set_format),
	LIBZBAR_SYM(image_set_size),
	LIBZBAR_SYM(image_set_data),
	LIBZBAR_SYM(image_destroy),
	LIBZBAR_SYM(scan_image),
	LIBZBAR_SYM(image_first_symbol),
	LIBZBAR_SYM(symbol_next),
	LIBZBAR_SYM(symbol_get_type),
	LIBZBAR_SYM(symbol_get_data),
	LIBZBAR_SYM(symbol_get_data_length),
};
#define LIBZBAR_NSYMS (sizeof(libzbar_syms) / sizeof(libzbar_syms[0]))

/* dlsym's void * is copied into function pointers, which POSIX requires
 * to share its representation; a member without a table entry would
 * stay NULL and be called. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)),
    "dlsym results must fit a function pointer");
_Static_assert(sizeof(struct libzbar_api) ==
    LIBZBAR_NSYMS * sizeof(void (*)(void)),
    "every libzbar_api member needs a libzbar_syms entry");

static struct libzbar_api zbar;   /* filled when libzbar_handle is set */
static void *libzbar_handle;      /* never closed: in use until exit */
static char libzbar_failure[OK_ERR_MSG_MAX];
static pthread_once_t libzbar_once = PTHREAD_ONCE_INIT;

static void
note_libzbar_failure(const char *why)
{
	snprintf(libzbar_failure, sizeof(libzbar_failure), "%s",
	    why != NULL ? why : "unknown dynamic loader error");
}

/* Runs once per process; it succeeded if libzbar_handle is set. */
static void
load_libzbar(void)
{
	struct libzbar_api api;
	void *lib, *sym;
	size_t i;

	(void)dlerror(); /* forget any earlier, unrelated failure */
	if ((lib = dlopen(LIBZBAR_SONAME, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		note_libzbar_failure(dlerror());
		return;
	}
	for (i = 0; i < LIBZBAR_NSYMS; i++) {
		if ((sym = dlsym(lib, libzbar_syms[i].name)) == NULL) {
			note_libzbar_failure(dlerror());
			dlclose(lib);
			return;
		}
		memcpy((char *)&api + libzbar_syms[i].offset, &sym,
		    sizeof(sym));
	}
	zbar = api;
	libzbar_handle = lib;
}

static ok_status
libzbar_ready(ok_err *err)
{
	if (pthread_once(&libzbar_once, load_libzbar) != 0 ||
	    libzbar_handle == NULL)
		return ok_err_set(err, OK_E_IO, "zbar",
		    "QR decoding needs %s (Debian: libzbar0): %s",
		    LIBZBAR_SONAME, libzbar_failure);
	return OK_SUCCESS;
}

static ok_status
collect_symbols(const zbar_image_t *image, ok_qr_codes *out, ok_err *err)
{
	const zbar_symbol_t *sym;
	size_t count = 0, len;

	for (sym = zbar.image_first_symbol(image); sym != NULL;
	    sym = zbar.symbol_next(sym))
		count += zbar.symbol_get_type(sym) == ZBAR_QRCODE;
	if (count == 0)
		return OK_SUCCESS;
	out->texts = calloc(count, sizeof(*out->texts));
	out->lens = calloc(count, sizeof(*out->lens));
	if (out->texts == NULL || out->lens == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	for (sym = zbar.image_first_symbol(image); sym != NULL;
	    sym = zbar.symbol_next(sym)) {
		if (zbar.symbol_get_type(sym) != ZBAR_QRCODE)
			continue;
		len = zbar.symbol_get_data_length(sym);
		if ((out->texts[out->count] = malloc(len + 1)) == NULL)
			return ok_err_set(err, OK_E_IO, "memory",
			    "out of memory");
		memcpy(out->texts[out->count], zbar.symbol_get_data(sym), len);
		out->texts[out->count][len] = '\0';
		out->lens[out->count++] = len;
	}
	return OK_SUCCESS;
}

static ok_status
scan_once(zbar_image_scanner_t *scanner, const struct grey_image *img,
    const char *field, ok_qr_codes *out, ok_err *err)
{
	zbar_image_t *image;
	ok_status st;

	if ((image = zbar.image_create()) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	zbar.image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
	zbar.image_set_size(image, img->width, img->height);
	zbar.image_set_data(image, img->pixels,
	    (unsigned long)img->width * img->height, NULL);
	if (zbar.scan_image(scanner, image) < 0)
		st = ok_err_set(err, OK_E_IO, field, "zbar failed to scan");
	else
		st = collect_symbols(image, out, err);
	zbar.image_destroy(image);
	return st;
}

/* Nearest-neighbour doubling; see scan_grey(). */
static ok_status
upscale2(const struct grey_image *src, struct grey_image *dst, ok_err *err)
{
	size_t x, y, w = (size_t)src->width * 2;
	uint8_t *line;

	dst->width = src->width * 2;
	dst->height = src->height * 2;
	if ((dst->pixels = malloc(w * dst->height)) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	for (y = 0; y < src->height; y++) {
		line = dst->pixels + 2 * y * w;
		for (x = 0; x < w; x++)
			line[x] = src->pixels[y * src->width + x / 2];
		memcpy(line + w, line, w);
	}
	return OK_SUCCESS;
}

/*
 * Only QR codes, and ZBAR_CFG_BINARY: without it zbar 0.23 guesses a
 * text encoding for byte-mode data without an ECI and converts it to
 * UTF-8.  Pure ASCII (every DPP URI) passes that unchanged, but other
 * bytes would not round-trip; binary hands back exactly what was
 * encoded.  Data with an ECI designator is still converted to UTF-8.
 *
 * zbar's finder misses codes drawn with one pixel per module (our own
 * --scale 1, thumbnails), so an image without a code that is small
 * enough is scanned once more at twice the size.
 */
static ok_status
scan_grey(const struct grey_image *img, const char *field, ok_qr_codes *out,
    ok_err *err)
{
	zbar_image_scanner_t *scanner;
	struct grey_image doubled = { NULL, 0, 0 };
	ok_status st;

	if ((scanner = zbar.image_scanner_create()) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	zbar.image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
	zbar.image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar.image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1);
	st = scan_once(scanner, img, field, out, err);
	if (st == OK_SUCCESS && out->count == 0 &&
	    (size_t)img->width * img->height <= OK_QR_MAX_IMAGE_PIXELS / 4 &&
	    (st = upscale2(img, &doubled, err)) == OK_SUCCESS)
		st = scan_once(scanner, &doubled, field, out, err);
	free(doubled.pixels);
	zbar.image_scanner_destroy(scanner);
	if (st == OK_SUCCESS && out->count == 0)
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "no QR code found");
	return st;
}

static const uint8_t signature_png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n',
    0x1a, '\n' };

ok_status
ok_qr_decode_image(const uint8_t *data, size_t len, const char *field,
    ok_qr_codes *out, ok_err *err)
{
	struct image_job job;
	ok_status st;

	memset(out, 0, sizeof(*out));
	if ((st = libzbar_ready(err)) != OK_SUCCESS)
		return st;
	memset(&job, 0, sizeof(job));
	job.data = data;
	job.len = len;
	job.field = field;
	job.err = err;
	if (len >= sizeof(signature_png) && memcmp(data, signature_png,
	    sizeof(signature_png)) == 0)
		st = load_png(&job);
	else if (len >= 3 && data[0] == 0xff && data[1] == 0xd8 &&
	    data[2] == 0xff)
		st = load_jpeg(&job);
	else
		st = ok_err_set(err, OK_E_MALFORMED, field,
		    "not a PNG or JPEG image");
	if (st == OK_SUCCESS)
		st = scan_grey(&job.img, field, out, err);
	free(job.img.pixels);
	if (st != OK_SUCCESS)
		ok_qr_codes_free(out);
	return st;
}
