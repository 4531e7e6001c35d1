/* scan.c: dpp-uri scan: QR labels in PNG/JPEG images back to URIs. */
#include "dpp-uri.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/io.h"
#include "common/qr.h"

#define IMAGE_MAX (32u * 1024 * 1024)

enum { OPT_LENIENT = 256 };

static const struct option scan_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "lenient", no_argument, NULL, OPT_LENIENT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct scan_args {
	unsigned parse_flags;
	bool json;
} scan_args;

/* Prints one decoded URI: a line, or an NDJSON record. */
static ok_status
print_uri(const scan_args *args, const char *file, const char *text,
    const ok_dpp_uri *uri, ok_err *err)
{
	char pkhash[2 * OK_DPP_HASH_LEN + 1];
	ok_buf line = OK_BUF_INIT;
	json_t *obj;
	ok_status st;

	if (!args->json) {
		ok_cli_put_text(stdout, text, strlen(text));
		putchar('\n');
		return OK_SUCCESS;
	}
	ok_hex_encode(uri->pkhash, OK_DPP_HASH_LEN, pkhash);
	obj = json_pack("{s:s, s:s, s:s}", "file", file, "uri", text,
	    "pkhash", pkhash);
	if (obj == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if ((st = ok_cli_json_line(obj, &line, err)) == OK_SUCCESS)
		fwrite(line.data, 1, line.len, stdout);
	json_decref(obj);
	ok_buf_free(&line);
	return st;
}

/* Each code must be a DPP URI; the first bad one names the image. */
static ok_status
check_codes(const scan_args *args, const char *file,
    const ok_qr_codes *codes, ok_err *err)
{
	static ok_dpp_uri uri;
	ok_status st = OK_SUCCESS;
	size_t i;

	for (i = 0; i < codes->count && st == OK_SUCCESS; i++) {
		st = ok_dpp_uri_parse(codes->texts[i], codes->lens[i],
		    args->parse_flags, &uri, err);
		if (st != OK_SUCCESS) {
			char reason[OK_ERR_MSG_MAX], token[OK_ERR_FIELD_MAX];
			snprintf(reason, sizeof(reason), "%s", err->msg);
			snprintf(token, sizeof(token), "%s", err->field);
			ok_err_set(err, st, file, "QR code %zu is not a valid "
			    "DPP URI: %s: %s", i + 1, token, reason);
		} else {
			if (uri.warn_uncompressed)
				ok_cli_warn(file, "uncompressed point in K: "
				    "re-encoded before hashing");
			st = print_uri(args, file, codes->texts[i], &uri, err);
		}
		ok_dpp_uri_free(&uri);
	}
	return st;
}

static ok_status
scan_one(const scan_args *args, const char *file, ok_err *err)
{
	ok_buf image = OK_BUF_INIT;
	ok_qr_codes codes;
	ok_status st;

	memset(&codes, 0, sizeof(codes));
	st = ok_read_file(file, IMAGE_MAX, &image, err);
	if (st == OK_SUCCESS)
		st = ok_qr_decode_image(image.data, image.len, file, &codes,
		    err);
	if (st == OK_SUCCESS)
		st = check_codes(args, file, &codes, err);
	ok_qr_codes_free(&codes);
	ok_buf_free(&image);
	return st;
}

static int
scan_parse_args(int argc, char **argv, scan_args *args)
{
	int ch, i, stdin_count = 0;

	memset(args, 0, sizeof(*args));
	while ((ch = getopt_long(argc, argv, "jh", scan_options, NULL)) != -1) {
		switch (ch) {
		case 'j': args->json = true; break;
		case OPT_LENIENT: args->parse_flags |= OK_DPP_LENIENT; break;
		case 'h': return ok_cli_usage(ok_cli_current_verb(), -1);
		default: return ok_cli_bad_option(argv);
		}
	}
	if (optind == argc)
		return ok_cli_usage_error("image", "at least one image is needed");
	for (i = optind; i < argc; i++)
		stdin_count += strcmp(argv[i], "-") == 0;
	if (stdin_count > 1)
		return ok_cli_usage_error("-", "only one input may come from "
		    "stdin");
	return OK_SUCCESS;
}

/* Every image is scanned; the exit status is the worst seen. */
int
cmd_scan(int argc, char **argv)
{
	scan_args args;
	int rc, i, worst = OK_SUCCESS;
	ok_err err;

	if ((rc = scan_parse_args(argc, argv, &args)) != OK_SUCCESS)
		return rc < 0 ? OK_SUCCESS : rc;
	for (i = optind; i < argc; i++) {
		ok_err_clear(&err);
		if (scan_one(&args, argv[i], &err) != OK_SUCCESS) {
			rc = ok_cli_report(&err);
			if (rc > worst)
				worst = rc;
		}
	}
	return ok_cli_finish(worst);
}
