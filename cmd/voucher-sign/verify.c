/* verify.c: voucher-sign verify: a pledge's (or MASA's) checks of a
 * signed voucher or voucher-request. */
#include "voucher-sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_CERTS = 256, OPT_PARTIAL, OPT_AT, OPT_SERIAL, OPT_NONCE,
    OPT_TLS_CERT, OPT_REGISTRAR, OPT_PLEDGE_ANCHOR, OPT_EXPECT, OPT_FORCE };

static const struct option verify_options[] = {
	{ "trust-anchor", required_argument, NULL, 't' },
	{ "certs", required_argument, NULL, OPT_CERTS },
	{ "partial-chain", no_argument, NULL, OPT_PARTIAL },
	{ "at", required_argument, NULL, OPT_AT },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "nonce", required_argument, NULL, OPT_NONCE },
	{ "tls-cert", required_argument, NULL, OPT_TLS_CERT },
	{ "registrar-request", no_argument, NULL, OPT_REGISTRAR },
	{ "pledge-anchor", required_argument, NULL, OPT_PLEDGE_ANCHOR },
	{ "expect", required_argument, NULL, OPT_EXPECT },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct verify_args {
	anchor_files anchors;
	const char *certs, *at, *serial, *nonce, *tls_cert, *pledge_anchor;
	const char *expect, *output, *input;
	bool partial_chain, registrar_request, json, quiet, force;
} verify_args;

/* Stores one option; returns the usage status for a bad one. */
static int
verify_option(int ch, verify_args *args, char **argv)
{
	switch (ch) {
	case 't': return anchor_files_add(&args->anchors, optarg);
	case OPT_CERTS: args->certs = optarg; break;
	case OPT_PARTIAL: args->partial_chain = true; break;
	case OPT_AT: args->at = optarg; break;
	case OPT_SERIAL: args->serial = optarg; break;
	case OPT_NONCE: args->nonce = optarg; break;
	case OPT_TLS_CERT: args->tls_cert = optarg; break;
	case OPT_REGISTRAR: args->registrar_request = true; break;
	case OPT_PLEDGE_ANCHOR: args->pledge_anchor = optarg; break;
	case OPT_EXPECT: args->expect = optarg; break;
	case 'j': args->json = true; break;
	case 'q': args->quiet = true; break;
	case 'o': args->output = optarg; break;
	case OPT_FORCE: args->force = true; break;
	default: return ok_cli_bad_option(argv);
	}
	return OK_SUCCESS;
}

static int
check_verify(const verify_args *args)
{
	int rc = anchor_files_required(&args->anchors);

	if (rc != OK_SUCCESS)
		return rc;
	if (args->json && args->quiet)
		return ok_cli_usage_error("-q", "not with -j");
	if (args->expect != NULL && strcmp(args->expect, "voucher") != 0 &&
	    strcmp(args->expect, "request") != 0)
		return ok_cli_usage_error("--expect", "'%s' is not voucher or "
		    "request", args->expect);
	return OK_SUCCESS;
}

/* The certificate files and times into the library's options. */
static ok_status
load_verify_opts(const verify_args *args, ok_vverify_opts *opts,
    ok_err *err)
{
	ok_status st = OK_SUCCESS;

	memset(opts, 0, sizeof(*opts));
	opts->partial_chain = args->partial_chain;
	opts->serial = args->serial;
	opts->nonce = args->nonce;
	opts->registrar_request = args->registrar_request;
	opts->expect_kind = args->expect == NULL ? -1 :
	    strcmp(args->expect, "voucher") == 0 ? OK_VOUCHER_ARTIFACT :
	    OK_VOUCHER_REQUEST;
	st = anchor_files_load(&args->anchors, &opts->anchors, err);
	if (st == OK_SUCCESS && args->certs != NULL)
		st = load_certs(args->certs, &opts->extra, err);
	if (st == OK_SUCCESS && args->tls_cert != NULL)
		st = load_certs(args->tls_cert, &opts->tls_chain, err);
	if (st == OK_SUCCESS && args->pledge_anchor != NULL)
		st = load_certs(args->pledge_anchor, &opts->pledge_anchors,
		    err);
	if (st == OK_SUCCESS && args->at != NULL)
		st = parse_time(args->at, "--at", &opts->at, NULL, err);
	return st;
}

static void
free_verify_opts(ok_vverify_opts *opts)
{
	free_certs(opts->anchors);
	free_certs(opts->extra);
	free_certs(opts->tls_chain);
	free_certs(opts->pledge_anchors);
}

/* stdout after a verdict: the report (-j), or on success the content. */
static ok_status
print_result(const verify_args *args, const ok_vreport *report,
    ok_status verdict, ok_err *err)
{
	unsigned flags = args->force ? OK_OUT_FORCE : 0;
	ok_buf content = OK_BUF_INIT;
	json_t *json = NULL;
	ok_status st;

	if (args->json) {
		st = ok_vreport_json(report, verdict == OK_SUCCESS, &json,
		    err);
		if (st == OK_SUCCESS)
			st = write_json_line(args->output, json, flags, err);
		json_decref(json);
		return st;
	}
	if (verdict != OK_SUCCESS || args->quiet)
		return OK_SUCCESS;
	st = ok_voucher_to_json(&report->voucher, &content, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&content, "\n", 1, err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(args->output, content.data,
		    content.len, flags, err);
	ok_buf_free(&content);
	return st;
}

static int
run_verify(const verify_args *args)
{
	ok_vverify_opts opts;
	ok_vreport report;
	ok_buf data = OK_BUF_INIT;
	ok_err err, out_err;
	ok_status st;

	ok_err_clear(&err);
	ok_vreport_init(&report);
	st = load_verify_opts(args, &opts, &err);
	if (st == OK_SUCCESS)
		st = read_input(args->input, SIGNED_INPUT_MAX, &data, &err);
	if (st == OK_SUCCESS) {
		st = ok_voucher_verify(data.data, data.len, &opts, &report,
		    &err);
		print_warnings(&report.warnings, NULL);
	}
	if (st == OK_SUCCESS || st == OK_E_NEGATIVE) {
		ok_err_clear(&out_err);
		/* A failed write is what to report, even after a failed
		 * check: the caller did not get the report it asked for. */
		if (print_result(args, &report, st, &out_err) != OK_SUCCESS)
			err = out_err;
	}
	ok_vreport_free(&report);
	free_verify_opts(&opts);
	ok_buf_free(&data);
	if (err.status != OK_SUCCESS)
		return ok_cli_finish(ok_cli_report(&err));
	return ok_cli_finish((int)st);
}

int
cmd_verify(int argc, char **argv)
{
	verify_args args;
	int ch, rc;

	memset(&args, 0, sizeof(args));
	while ((ch = getopt_long(argc, argv, "t:jqo:h", verify_options,
	    NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if ((rc = verify_option(ch, &args, argv)) != OK_SUCCESS)
			return rc;
	}
	if ((rc = ok_cli_take_operand(argc, argv, &args.input)) != OK_SUCCESS)
		return rc;
	if ((rc = check_verify(&args)) != OK_SUCCESS)
		return rc;
	return run_verify(&args);
}
