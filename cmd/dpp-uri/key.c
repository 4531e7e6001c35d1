/* key.c: dpp-uri key: a key in the form another tool asks for. */
#include "dpp-uri.h"

#include <getopt.h>
#include <string.h>

enum { OPT_FORCE = 256, OPT_PASS, OPT_MODULE };

static const struct option key_options[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "key", required_argument, NULL, 'k' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "pass", required_argument, NULL, OPT_PASS },
	{ "pkcs11-module", required_argument, NULL, OPT_MODULE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct key_args {
	ok_cli_key_args key;
	const char *format, *output, *path;
	bool force;
} key_args;

static int
key_parse_args(int argc, char **argv, key_args *args)
{
	int ch;

	memset(args, 0, sizeof(*args));
	while ((ch = getopt_long(argc, argv, "f:k:o:h", key_options,
	    NULL)) != -1) {
		switch (ch) {
		case 'f': args->format = optarg; break;
		case 'k': args->key.source = optarg; break;
		case 'o': args->output = optarg; break;
		case OPT_FORCE: args->force = true; break;
		case OPT_PASS: args->key.pass_source = optarg; break;
		case OPT_MODULE: args->key.pkcs11_module = optarg; break;
		case 'h': return ok_cli_usage(ok_cli_current_verb(), -1);
		default: return ok_cli_bad_option(argv);
		}
	}
	if (ok_cli_take_operand(argc, argv, &args->path) != OK_SUCCESS)
		return OK_E_USAGE;
	if (args->key.source != NULL && args->path != NULL)
		return ok_cli_usage_error("-k", "give -k KEY or a file, not both");
	if (args->key.source == NULL)
		args->key.source = args->path ? args->path : "-";
	return OK_SUCCESS;
}

/* Output flags: secrets get 0600 and never a terminal; DER is binary. */
static unsigned
output_flags(const key_args *args, ok_key_format format)
{
	unsigned flags = args->force ? OK_OUT_FORCE : 0;

	if (ok_key_format_is_secret(format))
		flags |= OK_OUT_SECRET;
	if (format == OK_KEY_FMT_DER || format == OK_KEY_FMT_PUB_DER)
		flags |= OK_OUT_BINARY;
	return flags;
}

static ok_status
export_key(const key_args *args, ok_err *err)
{
	ok_key_format format = OK_KEY_FMT_PEM;
	ok_buf out = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	unsigned flags;
	ok_status st = OK_SUCCESS;

	if (args->format != NULL)
		st = ok_key_format_by_name(args->format, "-f", &format, err);
	flags = output_flags(args, format);
	if (st == OK_SUCCESS)
		st = ok_cli_check_stdout(args->output, flags, err);
	if (st == OK_SUCCESS)
		st = load_dpp_key(&args->key, !ok_key_format_is_secret(format),
		    args->path ? "key" : "-k", &key, err);
	if (st == OK_SUCCESS)
		st = ok_key_export(key, format, &out, err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(args->output, out.data, out.len, flags,
		    err);
	ok_buf_wipe(&out);
	EVP_PKEY_free(key);
	return st;
}

int
cmd_key(int argc, char **argv)
{
	key_args args;
	ok_err err;
	int rc;

	if ((rc = key_parse_args(argc, argv, &args)) != OK_SUCCESS)
		return rc < 0 ? OK_SUCCESS : rc;
	ok_err_clear(&err);
	if (export_key(&args, &err) != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}
