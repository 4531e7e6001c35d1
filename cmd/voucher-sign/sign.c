/* sign.c: voucher-sign sign: one voucher in CMS, JWS or COSE form. */
#include "voucher-sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_CHAIN = 256, OPT_INCLUDE, OPT_ECONTENT, OPT_SIGNING_TIME,
    OPT_RELAX, OPT_PASS, OPT_MODULE, OPT_BATCH, OPT_FORCE };

static const struct option sign_options[] = {
	{ "form", required_argument, NULL, 'f' },
	{ "key", required_argument, NULL, 'k' },
	{ "cert", required_argument, NULL, 'c' },
	{ "chain", required_argument, NULL, OPT_CHAIN },
	{ "include", required_argument, NULL, OPT_INCLUDE },
	{ "econtent-type", required_argument, NULL, OPT_ECONTENT },
	{ "signing-time", required_argument, NULL, OPT_SIGNING_TIME },
	{ "relax", required_argument, NULL, OPT_RELAX },
	{ "pass", required_argument, NULL, OPT_PASS },
	{ "pkcs11-module", required_argument, NULL, OPT_MODULE },
	{ "armor", no_argument, NULL, 'A' },
	{ "output", required_argument, NULL, 'o' },
	{ "outdir", required_argument, NULL, 'd' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "request", no_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Stores one option; returns the usage status for a bad one. */
static int
sign_option(int ch, sign_opts *opts, bool *batch, char **argv)
{
	ok_err err;

	switch (ch) {
	case 'f': opts->signer.form = optarg; break;
	case 'k': opts->signer.key.source = optarg; break;
	case 'c': opts->signer.cert = optarg; break;
	case OPT_CHAIN: opts->signer.chain = optarg; break;
	case OPT_INCLUDE: opts->signer.include = optarg; break;
	case OPT_ECONTENT: opts->signer.econtent = optarg; break;
	case OPT_SIGNING_TIME: opts->signer.signing_time = optarg; break;
	case OPT_PASS: opts->signer.key.pass_source = optarg; break;
	case OPT_MODULE: opts->signer.key.pkcs11_module = optarg; break;
	case 'A': opts->armor = true; break;
	case 'o': opts->output = optarg; break;
	case 'd': opts->outdir = optarg; break;
	case OPT_FORCE: opts->force = true; break;
	case 'r': opts->request = true; break;
	case OPT_BATCH: *batch = true; break;
	case OPT_RELAX:
		ok_err_clear(&err);
		if (add_relax(optarg, &opts->relax, &err) != OK_SUCCESS)
			return ok_cli_usage_error(err.field, "%s", err.msg);
		break;
	default: return ok_cli_bad_option(argv);
	}
	return OK_SUCCESS;
}

/* What every sign needs, and what only a batch may have. */
static int
check_sign(const sign_opts *opts, bool batch)
{
	if (opts->signer.key.source == NULL)
		return ok_cli_usage_error("-k", "the signer's key is needed");
	if (opts->signer.cert == NULL)
		return ok_cli_usage_error("-c", "the signer's certificate is "
		    "needed");
	if (opts->outdir != NULL && !batch)
		return ok_cli_usage_error("-d", "only with --batch");
	if (opts->outdir != NULL && opts->force)
		return ok_cli_usage_error("--force", "-d always makes a new "
		    "directory");
	if (!batch && opts->request)
		return ok_cli_usage_error("-r", "only with --batch (the input "
		    "names its kind)");
	return OK_SUCCESS;
}

/* The input voucher, strictly decoded, its YANG rules checked. */
static ok_status
read_voucher(const sign_opts *opts, ok_voucher *voucher, ok_err *err)
{
	ok_warnings warnings;
	ok_buf text = OK_BUF_INIT;
	ok_status st;

	memset(&warnings, 0, sizeof(warnings));
	st = read_input(opts->input, OK_VOUCHER_MAX + 2, &text, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_from_json(text.data, text.len, 0,
		    input_name(opts->input), voucher, &warnings, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_check(voucher, opts->relax, &warnings, err);
	print_warnings(&warnings, NULL);
	ok_buf_free(&text);
	return st;
}

/* Binary output to a terminal is refused before any work is done. */
static ok_status
check_output(const sign_opts *opts, ok_err *err)
{
	bool text = opts->armor;

	if (opts->signer.form != NULL && strcmp(opts->signer.form, "jws") == 0)
		text = true;
	return ok_cli_check_stdout(opts->output, text ? 0 : OK_OUT_BINARY,
	    err);
}

static ok_status
sign_one(const sign_opts *opts, ok_err *err)
{
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_buf sig = OK_BUF_INIT, out = OK_BUF_INIT;
	ok_vsign_opts sign;
	ok_status st;
	bool binary;

	st = check_output(opts, err);
	if (st == OK_SUCCESS)
		st = read_voucher(opts, &voucher, err);
	if (st == OK_SUCCESS)
		st = signer_load(&opts->signer, &sign, err);
	else
		memset(&sign, 0, sizeof(sign));
	if (st == OK_SUCCESS)
		st = ok_voucher_sign(&voucher, &sign, &sig, err);
	if (st == OK_SUCCESS)
		st = encode_signed(sign.form, opts->armor, &sig, &out, &binary,
		    err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(opts->output, out.data, out.len,
		    (binary ? OK_OUT_BINARY : 0) |
		    (opts->force ? OK_OUT_FORCE : 0), err);
	signer_free(&sign);
	ok_buf_free(&sig);
	ok_buf_free(&out);
	ok_voucher_free(&voucher);
	return st;
}

int
cmd_sign(int argc, char **argv)
{
	sign_opts opts;
	bool batch = false;
	ok_err err;
	int ch, rc;

	memset(&opts, 0, sizeof(opts));
	while ((ch = getopt_long(argc, argv, "f:k:c:Ao:d:rh", sign_options,
	    NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if ((rc = sign_option(ch, &opts, &batch, argv)) != OK_SUCCESS)
			return rc;
	}
	if ((rc = ok_cli_take_operand(argc, argv, &opts.input)) != OK_SUCCESS)
		return rc;
	if ((rc = check_sign(&opts, batch)) != OK_SUCCESS)
		return rc;
	if (batch)
		return sign_batch(&opts);
	ok_err_clear(&err);
	if (sign_one(&opts, &err) != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}
