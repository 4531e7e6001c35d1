/* gen.c: dpp-uri gen: one bootstrapping key and its URI. */
#include "dpp-uri.h"

#include "common/qr.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_FORCE = 256, OPT_CHAN, OPT_MAC, OPT_INFO, OPT_VERSION, OPT_HOST,
    OPT_BANDS, OPT_PASS, OPT_MODULE, OPT_LABEL };

static const struct option gen_options[] = {
	{ "curve", required_argument, NULL, 'c' },
	{ "key", required_argument, NULL, 'k' },
	{ "keyout", required_argument, NULL, 'K' },
	{ "output", required_argument, NULL, 'o' },
	{ "count", required_argument, NULL, 'n' },
	{ "outdir", required_argument, NULL, 'd' },
	{ "json", no_argument, NULL, 'j' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "chan", required_argument, NULL, OPT_CHAN },
	{ "mac", required_argument, NULL, OPT_MAC },
	{ "info", required_argument, NULL, OPT_INFO },
	{ "dpp-version", required_argument, NULL, OPT_VERSION },
	{ "host", required_argument, NULL, OPT_HOST },
	{ "bands", required_argument, NULL, OPT_BANDS },
	{ "pass", required_argument, NULL, OPT_PASS },
	{ "pkcs11-module", required_argument, NULL, OPT_MODULE },
	{ "label", required_argument, NULL, OPT_LABEL },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

/* Stores one option; returns false for an unknown one. */
static bool
gen_option(int ch, gen_opts *opts)
{
	switch (ch) {
	case 'c': opts->curve = optarg; break;
	case 'k': opts->key.source = optarg; break;
	case 'K': opts->keyout = optarg; break;
	case 'o': opts->output = optarg; break;
	case 'n': opts->count = optarg; break;
	case 'd': opts->outdir = optarg; break;
	case 'j': opts->json = true; break;
	case OPT_FORCE: opts->force = true; break;
	case OPT_CHAN: opts->fields.chan = optarg; break;
	case OPT_MAC: opts->fields.mac = optarg; break;
	case OPT_INFO: opts->fields.info = optarg; break;
	case OPT_VERSION: opts->fields.version = optarg; break;
	case OPT_HOST: opts->fields.host = optarg; break;
	case OPT_BANDS: opts->fields.bands = optarg; break;
	case OPT_PASS: opts->key.pass_source = optarg; break;
	case OPT_MODULE: opts->key.pkcs11_module = optarg; break;
	case OPT_LABEL: opts->label = optarg; break;
	default: return false;
	}
	return true;
}

/* True when -K and -o would name one file (same path or same inode). */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	if (strcmp(a, b) == 0)
		return true;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	    sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The combinations a single gen accepts. */
static int
check_single(const gen_opts *opts)
{
	if (opts->outdir != NULL)
		return ok_cli_usage_error("-d", "only with -n (a batch)");
	if (opts->key.pass_source != NULL && opts->key.source == NULL)
		return ok_cli_usage_error("--pass", "only with -k (a new key "
		    "is not encrypted)");
	if (opts->label != NULL && opts->keyout != NULL &&
	    same_file(opts->label, opts->keyout))
		return ok_cli_usage_error("--label", "the label and the key "
		    "cannot go to the same file");
	if (opts->key.source != NULL && opts->keyout != NULL)
		return ok_cli_usage_error("-K", "not with -k (the key exists)");
	if (opts->key.source != NULL && opts->curve != NULL)
		return ok_cli_usage_error("-c", "not with -k (the key has a "
		    "curve)");
	if (opts->key.source == NULL && opts->keyout == NULL)
		return ok_cli_usage_error("-K", "a new key needs -K FILE to "
		    "keep it (or give an existing key with -k)");
	if (opts->keyout != NULL && strcmp(opts->keyout, "-") == 0 &&
	    (opts->output == NULL || strcmp(opts->output, "-") == 0))
		return ok_cli_usage_error("-K", "the key and the URI cannot "
		    "both go to stdout; give -o FILE");
	return OK_SUCCESS;
}

/* The key: loaded from -k, or generated on -c. */
static ok_status
gen_key(const gen_opts *opts, EVP_PKEY **key, ok_err *err)
{
	ok_curve curve = OK_CURVE_P256;
	ok_keygen *gen = NULL;
	ok_status st;

	if (opts->key.source != NULL)
		return load_dpp_key(&opts->key, false, "-k", key, err);
	if (opts->curve != NULL &&
	    (st = ok_curve_by_name(opts->curve, "-c", &curve, err)) != OK_SUCCESS)
		return st;
	if ((st = ok_keygen_new(curve, &gen, err)) == OK_SUCCESS)
		st = ok_keygen_next(gen, key, err);
	ok_keygen_free(gen);
	return st;
}


/* The URI line, or its JSON object, as gen prints it. */
static ok_status
uri_record(const ok_dpp_uri *fields, const ok_buf *uri, bool json,
    ok_buf *out, ok_err *err)
{
	char pkhash[2 * OK_DPP_HASH_LEN + 1], chirp[2 * OK_DPP_HASH_LEN + 1];
	json_t *obj;
	ok_status st;

	if (!json) {
		if ((st = ok_buf_set(out, uri->data, uri->len, err)) != OK_SUCCESS)
			return st;
		return ok_buf_append(out, "\n", 1, err);
	}
	ok_hex_encode(fields->pkhash, OK_DPP_HASH_LEN, pkhash);
	ok_hex_encode(fields->chirp_hash, OK_DPP_HASH_LEN, chirp);
	obj = json_pack("{s:s, s:s, s:s, s:s}", "uri", (const char *)uri->data,
	    "pkhash", pkhash, "chirp_hash", chirp,
	    "curve", ok_curve_info_of(fields->curve)->name);
	if (obj == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = ok_cli_json_line(obj, out, err);
	json_decref(obj);
	return st;
}

/* What can be refused before any work: a key file in the way, a key for
 * a terminal, two outputs on one file. */
static ok_status
check_outputs(const gen_opts *opts, ok_err *err)
{
	bool key_to_file = opts->keyout != NULL && strcmp(opts->keyout, "-");

	if (key_to_file && opts->output != NULL && strcmp(opts->output, "-") &&
	    same_file(opts->keyout, opts->output))
		return ok_err_set(err, OK_E_USAGE, "-o", "the URI and the key "
		    "cannot go to the same file");
	if (key_to_file && !opts->force && access(opts->keyout, F_OK) == 0)
		return ok_err_set(err, OK_E_IO, opts->keyout,
		    "file exists (use --force to replace it)");
	if (opts->keyout != NULL)
		return ok_cli_check_stdout(opts->keyout, OK_OUT_SECRET, err);
	return OK_SUCCESS;
}

/* Writes one public output (URI or label); notes whether it was new. */
static ok_status
put_public(const char *path, const ok_buf *data, unsigned flags,
    bool *created, ok_err *err)
{
	bool to_file = path != NULL && strcmp(path, "-") != 0;

	*created = to_file && access(path, F_OK) != 0;
	return ok_cli_write_output(path, data->data, data->len, flags, err);
}

/*
 * Publishes the URI, then the label, then the key: both can be made again
 * from the key, while a lost key is a device to re-flash.  On failure
 * only what this run created is removed; an existing file is never
 * deleted.
 */
static ok_status
publish(const gen_opts *opts, const ok_buf *record, const ok_buf *label,
    const ok_buf *pem, ok_err *err)
{
	unsigned force = opts->force ? OK_OUT_FORCE : 0;
	bool uri_created = false, label_created = false;
	ok_status st;

	st = put_public(opts->output, record, force, &uri_created, err);
	if (st == OK_SUCCESS && opts->label != NULL)
		st = put_public(opts->label, label, force, &label_created, err);
	if (st == OK_SUCCESS && opts->keyout != NULL)
		st = ok_cli_write_output(opts->keyout, pem->data, pem->len,
		    OK_OUT_SECRET | force, err);
	if (st != OK_SUCCESS && label_created)
		unlink(opts->label);
	if (st != OK_SUCCESS && uri_created)
		unlink(opts->output);
	return st;
}

/* The label's format comes from its name: .png or .svg. */
static ok_status
render_label(const gen_opts *opts, const ok_buf *uri, ok_buf *image,
    ok_err *err)
{
	size_t len = strlen(opts->label);
	ok_qr_format format;
	ok_qr_opts qr;

	if (len > 4 && strcasecmp(opts->label + len - 4, ".png") == 0)
		format = OK_QR_PNG;
	else if (len > 4 && strcasecmp(opts->label + len - 4, ".svg") == 0)
		format = OK_QR_SVG;
	else
		return ok_err_set(err, OK_E_USAGE, "--label", "a label file "
		    "ends in .png or .svg (dpp-uri qr has every other form)");
	ok_qr_opts_default(&qr);
	return ok_qr_render((const char *)uri->data, uri->len, format, &qr,
	    image, err);
}

/* Builds everything in memory first, then publishes it. */
static ok_status
gen_one(const gen_opts *opts, ok_dpp_uri *fields, ok_err *err)
{
	ok_buf uri = OK_BUF_INIT, record = OK_BUF_INIT, pem = OK_BUF_INIT;
	ok_buf label = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	ok_status st;

	st = check_outputs(opts, err);
	if (st == OK_SUCCESS)
		st = gen_key(opts, &key, err);
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_set_key(fields, key, err);
	if (st == OK_SUCCESS && (st = ok_dpp_uri_format(fields, NULL, &uri,
	    err)) != OK_SUCCESS)
		name_field_option(err);
	if (st == OK_SUCCESS)
		st = uri_record(fields, &uri, opts->json, &record, err);
	if (st == OK_SUCCESS && opts->label != NULL)
		st = render_label(opts, &uri, &label, err);
	if (st == OK_SUCCESS && opts->keyout != NULL)
		st = ok_key_export(key, OK_KEY_FMT_PEM, &pem, err);
	if (st == OK_SUCCESS)
		st = publish(opts, &record, &label, &pem, err);
	ok_buf_free(&label);
	ok_buf_wipe(&pem);
	ok_buf_free(&uri);
	ok_buf_free(&record);
	EVP_PKEY_free(key);
	return st;
}

int
cmd_gen(int argc, char **argv)
{
	gen_opts opts;
	ok_dpp_uri fields;
	ok_err err;
	int ch, rc;

	memset(&opts, 0, sizeof(opts));
	while ((ch = getopt_long(argc, argv, "c:k:K:o:n:d:jh", gen_options,
	    NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if (!gen_option(ch, &opts))
			return ok_cli_bad_option(argv);
	}
	if (optind != argc)
		return ok_cli_usage_error(argv[optind], "unexpected operand");
	if (opts.count != NULL && opts.label != NULL)
		return ok_cli_usage_error("--label", "one label per gen; a batch "
		    "checks its URIs with parse -L");
	if (opts.count != NULL)
		return gen_batch(&opts);
	if ((rc = check_single(&opts)) != OK_SUCCESS)
		return rc;
	ok_err_clear(&err);
	memset(&fields, 0, sizeof(fields));
	rc = (int)apply_uri_fields(&opts.fields, &fields, &err);
	if (rc == OK_SUCCESS)
		rc = (int)gen_one(&opts, &fields, &err);
	ok_dpp_uri_free(&fields);
	if (rc != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}
