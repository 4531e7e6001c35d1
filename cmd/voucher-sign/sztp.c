/*
 * sztp.c: voucher-sign sztp bundle | verify: RFC 8572 bootstrapping data
 * (conveyed information, owner certificate, ownership voucher) made and
 * checked in the device's order.
 */
#include "voucher-sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <openssl/cms.h>

#include "common/codec.h"
#include "common/json.h"

enum { OPT_CONVEYED = 256, OPT_XML, OPT_CHAIN, OPT_VOUCHER,
    OPT_SIGNING_TIME, OPT_PASS, OPT_MODULE, OPT_AT, OPT_SERIAL,
    OPT_TRUSTED, OPT_FORCE };

static const struct option bundle_options[] = {
	{ "conveyed", required_argument, NULL, OPT_CONVEYED },
	{ "xml", no_argument, NULL, OPT_XML },
	{ "key", required_argument, NULL, 'k' },
	{ "cert", required_argument, NULL, 'c' },
	{ "chain", required_argument, NULL, OPT_CHAIN },
	{ "voucher", required_argument, NULL, OPT_VOUCHER },
	{ "signing-time", required_argument, NULL, OPT_SIGNING_TIME },
	{ "pass", required_argument, NULL, OPT_PASS },
	{ "pkcs11-module", required_argument, NULL, OPT_MODULE },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct bundle_args {
	signer_args owner; /* -k, -c, --chain, --signing-time */
	const char *conveyed, *voucher, *output;
	bool xml, force;
} bundle_args;

static int
bundle_option(int ch, bundle_args *args, char **argv)
{
	switch (ch) {
	case OPT_CONVEYED: args->conveyed = optarg; break;
	case OPT_XML: args->xml = true; break;
	case 'k': args->owner.key.source = optarg; break;
	case 'c': args->owner.cert = optarg; break;
	case OPT_CHAIN: args->owner.chain = optarg; break;
	case OPT_VOUCHER: args->voucher = optarg; break;
	case OPT_SIGNING_TIME: args->owner.signing_time = optarg; break;
	case OPT_PASS: args->owner.key.pass_source = optarg; break;
	case OPT_MODULE: args->owner.key.pkcs11_module = optarg; break;
	case 'o': args->output = optarg; break;
	case OPT_FORCE: args->force = true; break;
	default: return ok_cli_bad_option(argv);
	}
	return OK_SUCCESS;
}

/* Signed needs the owner's key, certificate and the voucher; unsigned
 * has none of them. */
static int
check_bundle(const bundle_args *args)
{
	const signer_args *owner = &args->owner;

	if (args->conveyed == NULL)
		return ok_cli_usage_error("--conveyed", "the conveyed "
		    "information file is needed");
	if (owner->key.source == NULL) {
		if (owner->cert != NULL || owner->chain != NULL)
			return ok_cli_usage_error(owner->cert ? "-c" :
			    "--chain", "only with -k (signed conveyed "
			    "information)");
		if (args->voucher != NULL)
			return ok_cli_usage_error("--voucher", "only with -k "
			    "(unsigned conveyed information has no owner)");
		return OK_SUCCESS;
	}
	if (owner->cert == NULL)
		return ok_cli_usage_error("-c", "the owner certificate is "
		    "needed with -k");
	if (args->voucher == NULL)
		return ok_cli_usage_error("--voucher", "the ownership voucher "
		    "is needed with -k");
	return OK_SUCCESS;
}

static ok_status
make_bundle(const bundle_args *args, ok_buf *out, ok_err *err)
{
	ok_buf conveyed = OK_BUF_INIT, voucher = OK_BUF_INIT;
	ok_sztp_bundle_opts opts;
	ok_vsign_opts owner;
	ok_status st;

	memset(&opts, 0, sizeof(opts));
	memset(&owner, 0, sizeof(owner));
	st = read_input(args->conveyed, OK_CMS_MAX, &conveyed, err);
	if (st == OK_SUCCESS && args->voucher != NULL)
		st = read_input(args->voucher, OK_CMS_MAX, &voucher, err);
	if (st == OK_SUCCESS && args->owner.key.source != NULL)
		st = signer_load(&args->owner, &owner, err);
	else if (st == OK_SUCCESS && args->owner.signing_time != NULL)
		st = parse_time(args->owner.signing_time, "--signing-time",
		    &owner.signing_time, NULL, err);
	opts.conveyed = conveyed.data;
	opts.conveyed_len = conveyed.len;
	opts.conveyed_xml = args->xml;
	opts.owner_key = owner.key;
	opts.owner_cert = owner.signer;
	opts.owner_chain = owner.chain;
	opts.voucher = voucher.data;
	opts.voucher_len = voucher.len;
	opts.signing_time = owner.signing_time;
	if (st == OK_SUCCESS)
		st = ok_sztp_bundle(&opts, out, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, "\n", 1, err);
	signer_free(&owner);
	ok_buf_free(&conveyed);
	ok_buf_free(&voucher);
	return st;
}

static int
sztp_bundle(int argc, char **argv)
{
	ok_buf out = OK_BUF_INIT;
	bundle_args args;
	ok_err err;
	ok_status st;
	int ch, rc;

	memset(&args, 0, sizeof(args));
	while ((ch = getopt_long(argc, argv, "k:c:o:h", bundle_options,
	    NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if ((rc = bundle_option(ch, &args, argv)) != OK_SUCCESS)
			return rc;
	}
	if (optind != argc)
		return ok_cli_usage_error(argv[optind], "unexpected operand");
	if ((rc = check_bundle(&args)) != OK_SUCCESS)
		return rc;
	ok_err_clear(&err);
	st = make_bundle(&args, &out, &err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(args.output, out.data, out.len,
		    args.force ? OK_OUT_FORCE : 0, &err);
	ok_buf_free(&out);
	if (st != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}

static const struct option check_options[] = {
	{ "trust-anchor", required_argument, NULL, 't' },
	{ "at", required_argument, NULL, OPT_AT },
	{ "serial", required_argument, NULL, OPT_SERIAL },
	{ "trusted-source", no_argument, NULL, OPT_TRUSTED },
	{ "json", no_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct check_args {
	anchor_files anchors;
	const char *at, *serial, *output, *input;
	bool trusted_source, json, quiet, force;
} check_args;

static int
check_option(int ch, check_args *args, char **argv)
{
	switch (ch) {
	case 't': return anchor_files_add(&args->anchors, optarg);
	case OPT_AT: args->at = optarg; break;
	case OPT_SERIAL: args->serial = optarg; break;
	case OPT_TRUSTED: args->trusted_source = true; break;
	case 'j': args->json = true; break;
	case 'q': args->quiet = true; break;
	case 'o': args->output = optarg; break;
	case OPT_FORCE: args->force = true; break;
	default: return ok_cli_bad_option(argv);
	}
	return OK_SUCCESS;
}

/* The content of a ContentInfo: the eContent of a SignedData, or the
 * OCTET STRING of the unsigned form. */
static ok_status
content_info_content(const ok_buf *der, ok_buf *out, ok_err *err)
{
	const unsigned char *pos = der->data;
	CMS_ContentInfo *cms;
	ASN1_OCTET_STRING **content = NULL;
	ok_status st;

	cms = d2i_CMS_ContentInfo(NULL, &pos, (long)der->len);
	if (cms != NULL)
		content = CMS_get0_content(cms);
	if (content == NULL || *content == NULL)
		st = ok_err_ssl(err, OK_E_MALFORMED, "conveyed-information",
		    "no content");
	else
		st = ok_buf_set(out, ASN1_STRING_get0_data(*content),
		    (size_t)ASN1_STRING_length(*content), err);
	CMS_ContentInfo_free(cms);
	return st;
}

/* The XML conveyed information as it is: the report decodes only JSON,
 * so the document is taken from the bundle that has just verified. */
static ok_status
conveyed_xml(const ok_buf *bundle, ok_buf *out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	const char *b64;
	json_t *doc = NULL;
	ok_status st;

	st = ok_json_parse((const char *)bundle->data, bundle->len, "bundle",
	    &doc, err);
	if (st != OK_SUCCESS)
		return st;
	b64 = json_string_value(json_object_get(json_object_get(doc,
	    "ietf-sztp-bootstrap-server:output"), "conveyed-information"));
	if (b64 == NULL)
		st = ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "missing");
	else
		st = ok_b64_decode(b64, strlen(b64), OK_B64_STD,
		    "conveyed-information", &der, err);
	if (st == OK_SUCCESS)
		st = content_info_content(&der, out, err);
	if (st == OK_SUCCESS && (out->len == 0 ||
	    out->data[out->len - 1] != '\n'))
		st = ok_buf_append(out, "\n", 1, err);
	ok_buf_free(&der);
	json_decref(doc);
	return st;
}

/* stdout after a verdict: the report (-j), or on success the conveyed
 * information. */
static ok_status
print_sztp_result(const check_args *args, const ok_buf *bundle,
    const ok_sztp_report *report, ok_status verdict, ok_err *err)
{
	unsigned flags = args->force ? OK_OUT_FORCE : 0;
	ok_buf xml = OK_BUF_INIT;
	json_t *json = NULL;
	ok_status st;

	if (args->json) {
		st = ok_sztp_report_json(report, &json, err);
		if (st == OK_SUCCESS)
			st = write_json_line(args->output, json, flags, err);
		json_decref(json);
		return st;
	}
	if (verdict != OK_SUCCESS || args->quiet)
		return OK_SUCCESS;
	if (report->conveyed != NULL)
		return write_json_line(args->output, report->conveyed, flags,
		    err);
	st = conveyed_xml(bundle, &xml, err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(args->output, xml.data, xml.len, flags,
		    err);
	ok_buf_free(&xml);
	return st;
}

static ok_status
load_check_opts(const check_args *args, ok_sztp_verify_opts *opts,
    ok_err *err)
{
	ok_status st;

	memset(opts, 0, sizeof(*opts));
	opts->serial = args->serial;
	opts->trusted_source = args->trusted_source;
	st = anchor_files_load(&args->anchors, &opts->anchors, err);
	if (st == OK_SUCCESS && args->at != NULL)
		st = parse_time(args->at, "--at", &opts->at, NULL, err);
	return st;
}

static int
run_sztp_verify(const check_args *args)
{
	ok_sztp_verify_opts opts;
	ok_sztp_report report;
	ok_buf data = OK_BUF_INIT;
	ok_err err, out_err;
	ok_status st;

	ok_err_clear(&err);
	ok_sztp_report_init(&report);
	st = load_check_opts(args, &opts, &err);
	if (st == OK_SUCCESS)
		st = read_input(args->input, SIGNED_INPUT_MAX, &data, &err);
	if (st == OK_SUCCESS) {
		st = ok_sztp_verify(data.data, data.len, &opts, &report, &err);
		print_warnings(&report.voucher.warnings, "ownership-voucher");
		print_check_warnings(report.checks, report.n_checks);
	}
	if (st == OK_SUCCESS || st == OK_E_NEGATIVE) {
		ok_err_clear(&out_err);
		if (print_sztp_result(args, &data, &report, st, &out_err) !=
		    OK_SUCCESS)
			err = out_err;
	}
	ok_sztp_report_free(&report);
	free_certs(opts.anchors);
	ok_buf_free(&data);
	if (err.status != OK_SUCCESS)
		return ok_cli_finish(ok_cli_report(&err));
	return ok_cli_finish(OK_SUCCESS);
}

static int
sztp_verify(int argc, char **argv)
{
	check_args args;
	int ch, rc;

	memset(&args, 0, sizeof(args));
	while ((ch = getopt_long(argc, argv, "t:jqo:h", check_options,
	    NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if ((rc = check_option(ch, &args, argv)) != OK_SUCCESS)
			return rc;
	}
	if ((rc = ok_cli_take_operand(argc, argv, &args.input)) != OK_SUCCESS)
		return rc;
	if ((rc = anchor_files_required(&args.anchors)) != OK_SUCCESS)
		return rc;
	if (args.json && args.quiet)
		return ok_cli_usage_error("-q", "not with -j");
	return run_sztp_verify(&args);
}

/* sztp's own verbs: bundle and verify. */
int
cmd_sztp(int argc, char **argv)
{
	if (argc < 2)
		return ok_cli_usage_error(NULL, "sztp needs a verb: bundle or "
		    "verify");
	optind = 0; /* glibc: full getopt reset for the sub-verb */
	if (strcmp(argv[1], "bundle") == 0)
		return sztp_bundle(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return sztp_verify(argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
	return ok_cli_usage_error(argv[1], "unknown sztp verb; it is bundle "
	    "or verify");
}
