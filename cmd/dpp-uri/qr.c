/* qr.c: dpp-uri qr: a URI as a QR label for a terminal, PNG or SVG. */
#include "dpp-uri.h"

#include <getopt.h>
#include <string.h>

#include "common/qr.h"

enum { OPT_LENIENT = 256, OPT_FORCE };

static const struct option qr_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "scale", required_argument, NULL, 's' },
	{ "margin", required_argument, NULL, 'm' },
	{ "level", required_argument, NULL, 'l' },
	{ "output", required_argument, NULL, 'o' },
	{ "uri", required_argument, NULL, 'u' },
	{ "lenient", no_argument, NULL, OPT_LENIENT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct qr_args {
	uri_input in;
	const char *format, *scale, *margin, *level, *output;
	bool force;
} qr_args;

static bool
ends_with(const char *text, const char *suffix)
{
	size_t tl = strlen(text), sl = strlen(suffix);

	return tl >= sl && strcasecmp(text + tl - sl, suffix) == 0;
}

/* -f, else the output file's extension, else the terminal form. */
static ok_status
pick_format(const qr_args *args, ok_qr_format *format, ok_err *err)
{
	if (args->format != NULL)
		return ok_qr_format_by_name(args->format, "-f", format, err);
	*format = OK_QR_UTF8;
	if (args->output != NULL && ends_with(args->output, ".png"))
		*format = OK_QR_PNG;
	else if (args->output != NULL && ends_with(args->output, ".svg"))
		*format = OK_QR_SVG;
	return OK_SUCCESS;
}

static ok_status
qr_settings(const qr_args *args, ok_qr_opts *opts, ok_err *err)
{
	unsigned long long value;
	ok_status st = OK_SUCCESS;

	ok_qr_opts_default(opts);
	if (args->scale != NULL && (st = ok_cli_parse_uint(args->scale, 1,
	    OK_QR_MAX_SCALE, "-s", &value, err)) == OK_SUCCESS)
		opts->scale = (unsigned)value;
	if (st == OK_SUCCESS && args->margin != NULL &&
	    (st = ok_cli_parse_uint(args->margin, 0, OK_QR_MAX_MARGIN, "-m",
	    &value, err)) == OK_SUCCESS)
		opts->margin = (unsigned)value;
	if (st == OK_SUCCESS && args->level != NULL)
		st = ok_qr_ecl_by_name(args->level, "-l", &opts->ecl, err);
	return st;
}

static int
qr_parse_args(int argc, char **argv, qr_args *args)
{
	int ch;

	memset(args, 0, sizeof(*args));
	while ((ch = getopt_long(argc, argv, "f:s:m:l:o:u:h", qr_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'f': args->format = optarg; break;
		case 's': args->scale = optarg; break;
		case 'm': args->margin = optarg; break;
		case 'l': args->level = optarg; break;
		case 'o': args->output = optarg; break;
		case 'u': args->in.inline_uri = optarg; break;
		case OPT_LENIENT: args->in.parse_flags |= OK_DPP_LENIENT; break;
		case OPT_FORCE: args->force = true; break;
		case 'h': return ok_cli_usage(ok_cli_current_verb(), -1);
		default: return ok_cli_bad_option(argv);
		}
	}
	if (ok_cli_take_operand(argc, argv, &args->in.path) != OK_SUCCESS)
		return OK_E_USAGE;
	if (args->in.inline_uri != NULL && args->in.path != NULL)
		return ok_cli_usage_error("-u", "give -u URI or a file, not both");
	return OK_SUCCESS;
}

/* Validates the URI, renders it, then writes the whole image. */
static ok_status
make_label(const qr_args *args, ok_err *err)
{
	static ok_dpp_uri uri;
	ok_buf text = OK_BUF_INIT, image = OK_BUF_INIT;
	ok_qr_format format;
	ok_qr_opts opts;
	unsigned flags = args->force ? OK_OUT_FORCE : 0;
	ok_status st;

	st = pick_format(args, &format, err);
	if (st == OK_SUCCESS)
		st = qr_settings(args, &opts, err);
	if (st == OK_SUCCESS && format == OK_QR_PNG)
		flags |= OK_OUT_BINARY;
	if (st == OK_SUCCESS)
		st = ok_cli_check_stdout(args->output, flags, err);
	if (st == OK_SUCCESS)
		st = read_uri(&args->in, &uri, &text, err);
	if (st == OK_SUCCESS)
		st = ok_qr_render((const char *)text.data, text.len, format,
		    &opts, &image, err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(args->output, image.data, image.len,
		    flags, err);
	ok_buf_free(&text);
	ok_buf_free(&image);
	ok_dpp_uri_free(&uri);
	return st;
}

int
cmd_qr(int argc, char **argv)
{
	qr_args args;
	ok_err err;
	int rc;

	if ((rc = qr_parse_args(argc, argv, &args)) != OK_SUCCESS)
		return rc < 0 ? OK_SUCCESS : rc;
	ok_err_clear(&err);
	if (make_label(&args, &err) != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}
