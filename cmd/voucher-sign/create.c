/* create.c: voucher-sign create: a voucher or voucher-request from options
 * and a template. */
#include "voucher-sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <openssl/rand.h>

#include "common/codec.h"
#include "common/keys.h"

/* How a leaf option's value is read before lib sets the leaf. */
typedef enum leaf_input {
	IN_TEXT,   /* the leaf's own text (lib converts by type) */
	IN_NONCE,  /* text, or "random" */
	IN_TIME,   /* TIME */
	IN_CERT,   /* a certificate file: its DER */
	IN_PUBK,   /* a certificate or public key file: SPKI or its hash */
	IN_FILE,   /* a file's bytes */
	IN_SIGNED  /* a signed request's bytes, checked to decode */
} leaf_input;

typedef struct leaf_option {
	const char *leaf;
	leaf_input input;
} leaf_option;

/* Every leaf of RFC 8366bis vouchers and RFC 8995 / BRSKI-PRM requests,
 * in YANG order; each is an option of the same name. */
static const leaf_option leaf_options[] = {
	{ "created-on", IN_TIME },
	{ "expires-on", IN_TIME },
	{ "assertion", IN_TEXT },
	{ "serial-number", IN_TEXT },
	{ "idevid-issuer", IN_TEXT },
	{ "pinned-domain-cert", IN_CERT },
	{ "domain-cert-revocation-checks", IN_TEXT },
	{ "nonce", IN_NONCE },
	{ "last-renewal-date", IN_TIME },
	{ "prior-signed-voucher-request", IN_SIGNED },
	{ "proximity-registrar-cert", IN_CERT },
	{ "pinned-domain-pubk", IN_PUBK },
	{ "pinned-domain-pubk-sha256", IN_PUBK },
	{ "proximity-registrar-pubk", IN_PUBK },
	{ "proximity-registrar-pubk-sha256", IN_PUBK },
	{ "est-domain", IN_TEXT },
	{ "additional-configuration-url", IN_TEXT },
	{ "manufacturer-proprietary", IN_TEXT },
	{ "extensions", IN_TEXT },
	{ "agent-signed-data", IN_FILE },
	{ "agent-provided-proximity-registrar-cert", IN_CERT },
	{ "agent-sign-cert", IN_CERT },
};

#define N_LEAVES (sizeof(leaf_options) / sizeof(leaf_options[0]))
#define LEAF_CREATED_ON 0

enum { OPT_IDEVID = 256, OPT_RELAX, OPT_FORCE, OPT_LEAF };

typedef struct create_opts {
	bool request;
	bool force;
	const char *template_path;
	const char *idevid;
	const char *output;
	unsigned relax;
	const char *values[N_LEAVES]; /* by leaf_options index */
} create_opts;

static const struct option fixed_options[] = {
	{ "request", no_argument, NULL, 'r' },
	{ "template", required_argument, NULL, 'T' },
	{ "idevid", required_argument, NULL, OPT_IDEVID },
	{ "relax", required_argument, NULL, OPT_RELAX },
	{ "output", required_argument, NULL, 'o' },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "help", no_argument, NULL, 'h' },
};

#define N_FIXED (sizeof(fixed_options) / sizeof(fixed_options[0]))

/* The option table: the fixed options, then one per leaf. */
static const struct option *
create_option_table(void)
{
	static struct option table[N_FIXED + N_LEAVES + 1];
	size_t i;

	memcpy(table, fixed_options, sizeof(fixed_options));
	for (i = 0; i < N_LEAVES; i++) {
		table[N_FIXED + i].name = leaf_options[i].leaf;
		table[N_FIXED + i].has_arg = required_argument;
		table[N_FIXED + i].flag = NULL;
		table[N_FIXED + i].val = OPT_LEAF + (int)i;
	}
	return table;
}

/* Stores one option; returns the usage status for a bad one. */
static int
create_option(int ch, create_opts *opts, char **argv)
{
	ok_err err;

	if (ch >= OPT_LEAF && ch < OPT_LEAF + (int)N_LEAVES) {
		opts->values[ch - OPT_LEAF] = optarg;
		return OK_SUCCESS;
	}
	switch (ch) {
	case 'r': opts->request = true; break;
	case 'T': opts->template_path = optarg; break;
	case 'o': opts->output = optarg; break;
	case OPT_IDEVID: opts->idevid = optarg; break;
	case OPT_FORCE: opts->force = true; break;
	case OPT_RELAX:
		ok_err_clear(&err);
		if (add_relax(optarg, &opts->relax, &err) != OK_SUCCESS)
			return ok_cli_usage_error(err.field, "%s", err.msg);
		break;
	default: return ok_cli_bad_option(argv);
	}
	return OK_SUCCESS;
}

/* The start: the template's leaves (its wrapper sets the kind), or an
 * empty voucher of the kind -r names. */
static ok_status
start_voucher(const create_opts *opts, ok_voucher *voucher, ok_err *err)
{
	ok_warnings warnings;
	ok_buf text = OK_BUF_INIT;
	ok_status st;

	if (opts->template_path == NULL)
		return ok_voucher_init(voucher, opts->request ?
		    OK_VOUCHER_REQUEST : OK_VOUCHER_ARTIFACT, err);
	memset(&warnings, 0, sizeof(warnings));
	st = read_input(opts->template_path, OK_VOUCHER_MAX + 2, &text, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_from_json(text.data, text.len, 0,
		    input_name(opts->template_path), voucher, &warnings, err);
	ok_buf_free(&text);
	if (st == OK_SUCCESS && opts->request &&
	    voucher->kind != OK_VOUCHER_REQUEST)
		st = ok_err_set(err, OK_E_USAGE, "-r", "the template is an %s",
		    ok_voucher_kind_name(voucher->kind));
	print_warnings(&warnings, NULL);
	return st;
}

/* A leaf option the kind does not have is a usage error. */
static ok_status
check_leaf_options(const create_opts *opts, ok_voucher_kind kind,
    ok_err *err)
{
	char field[OK_ERR_FIELD_MAX];
	size_t i;

	for (i = 0; i < N_LEAVES; i++) {
		if (opts->values[i] == NULL ||
		    ok_voucher_leaf_known(kind, leaf_options[i].leaf))
			continue;
		snprintf(field, sizeof(field), "--%s", leaf_options[i].leaf);
		return ok_err_set(err, OK_E_USAGE, field, "not a leaf of %s",
		    ok_voucher_kind_name(kind));
	}
	return OK_SUCCESS;
}

/* serial-number from the IDevID's subject; a request also gets
 * idevid-issuer from its AuthorityKeyIdentifier. */
static ok_status
apply_idevid(const char *path, ok_voucher *voucher, ok_err *err)
{
	ok_buf serial = OK_BUF_INIT;
	X509 *idevid = NULL;
	ok_status st;

	if ((st = load_cert(path, &idevid, err)) != OK_SUCCESS)
		return st;
	if (voucher->kind == OK_VOUCHER_REQUEST) {
		st = ok_voucher_set_from_idevid(voucher, idevid, err);
	} else {
		st = ok_cert_serial_number(idevid, path, &serial, err);
		if (st == OK_SUCCESS)
			st = ok_voucher_set(voucher, "serial-number",
			    (const char *)serial.data, err);
	}
	ok_buf_free(&serial);
	X509_free(idevid);
	return st;
}

/* --nonce random: 16 random bytes, base64url without padding. */
static ok_status
set_nonce(ok_voucher *voucher, const char *value, ok_err *err)
{
	uint8_t bytes[16];
	char text[32];

	if (strcmp(value, "random") != 0)
		return ok_voucher_set(voucher, "nonce", value, err);
	if (RAND_bytes(bytes, sizeof(bytes)) != 1)
		return ok_err_ssl(err, OK_E_IO, "--nonce", "no random bytes");
	ok_b64_encode(bytes, sizeof(bytes), OK_B64_URL, text);
	return ok_voucher_set(voucher, "nonce", text, err);
}

/* A public key leaf from a certificate or a public key file. */
static ok_status
set_pubk(ok_voucher *voucher, const char *leaf, const char *path,
    ok_err *err)
{
	ok_key_opts key_opts = { NULL, NULL, true };
	ok_buf data = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	ok_err ignored;
	ok_status st;

	st = read_input(path, OK_CERTS_INPUT_MAX, &data, err);
	if (st == OK_SUCCESS && ok_cert_parse(data.data, data.len, path, &cert,
	    &ignored) == OK_SUCCESS)
		st = ok_voucher_set_pubk(voucher, leaf, X509_get0_pubkey(cert),
		    err);
	else if (st == OK_SUCCESS && (st = ok_key_parse(data.data, data.len,
	    &key_opts, path, &key, err)) == OK_SUCCESS)
		st = ok_voucher_set_pubk(voucher, leaf, key, err);
	ok_buf_free(&data);
	EVP_PKEY_free(key);
	X509_free(cert);
	return st;
}

/* A signed request embedded whole: it must decode, in any form
 * ok_signed_parse reads, and is embedded in its canonical form. */
static ok_status
set_signed_request(ok_voucher *voucher, const char *leaf, const char *path,
    ok_err *err)
{
	ok_buf data = OK_BUF_INIT;
	ok_signed sig;
	ok_status st;

	ok_signed_init(&sig);
	st = read_input(path, SIGNED_INPUT_MAX, &data, err);
	if (st == OK_SUCCESS)
		st = ok_signed_parse(data.data, data.len, path, &sig, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set_bytes(voucher, leaf, sig.envelope.data,
		    sig.envelope.len, err);
	ok_signed_free(&sig);
	ok_buf_free(&data);
	return st;
}

static ok_status
set_file_bytes(ok_voucher *voucher, const char *leaf, const char *path,
    ok_err *err)
{
	ok_buf data = OK_BUF_INIT;
	ok_status st;

	st = read_input(path, OK_VOUCHER_MAX, &data, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set_bytes(voucher, leaf, data.data, data.len,
		    err);
	ok_buf_free(&data);
	return st;
}

static ok_status
set_cert_leaf(ok_voucher *voucher, const char *leaf, const char *path,
    ok_err *err)
{
	X509 *cert = NULL;
	ok_status st;

	st = load_cert(path, &cert, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set_cert(voucher, leaf, cert, err);
	X509_free(cert);
	return st;
}

static ok_status
set_time_leaf(ok_voucher *voucher, const char *leaf, const char *value,
    ok_err *err)
{
	char field[OK_ERR_FIELD_MAX], text[OK_DATETIME_MAX];
	time_t when;
	ok_status st;

	if (strcmp(leaf, "created-on") == 0 && strcmp(value, "none") == 0) {
		json_object_del(voucher->leaves, leaf);
		return OK_SUCCESS;
	}
	snprintf(field, sizeof(field), "--%s", leaf);
	if ((st = parse_time(value, field, &when, text, err)) != OK_SUCCESS)
		return st;
	return ok_voucher_set(voucher, leaf, text, err);
}

static ok_status
apply_leaf(ok_voucher *voucher, const leaf_option *option,
    const char *value, ok_err *err)
{
	const char *leaf = option->leaf;

	switch (option->input) {
	case IN_NONCE: return set_nonce(voucher, value, err);
	case IN_TIME: return set_time_leaf(voucher, leaf, value, err);
	case IN_CERT: return set_cert_leaf(voucher, leaf, value, err);
	case IN_PUBK: return set_pubk(voucher, leaf, value, err);
	case IN_FILE: return set_file_bytes(voucher, leaf, value, err);
	case IN_SIGNED: return set_signed_request(voucher, leaf, value, err);
	case IN_TEXT: break;
	}
	return ok_voucher_set(voucher, leaf, value, err);
}

/* Options override the template and --idevid; created-on defaults to now
 * when neither gives it. */
static ok_status
apply_options(const create_opts *opts, ok_voucher *voucher, ok_err *err)
{
	ok_status st = OK_SUCCESS;
	size_t i;

	if (opts->idevid != NULL)
		st = apply_idevid(opts->idevid, voucher, err);
	for (i = 0; i < N_LEAVES && st == OK_SUCCESS; i++)
		if (opts->values[i] != NULL)
			st = apply_leaf(voucher, &leaf_options[i],
			    opts->values[i], err);
	if (st == OK_SUCCESS && opts->values[LEAF_CREATED_ON] == NULL &&
	    ok_voucher_get(voucher, "created-on") == NULL)
		st = set_time_leaf(voucher, "created-on", "now", err);
	return st;
}

static ok_status
create_voucher(const create_opts *opts, ok_buf *out, ok_err *err)
{
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_warnings warnings;
	ok_status st;

	memset(&warnings, 0, sizeof(warnings));
	st = start_voucher(opts, &voucher, err);
	if (st == OK_SUCCESS)
		st = check_leaf_options(opts, voucher.kind, err);
	if (st == OK_SUCCESS)
		st = apply_options(opts, &voucher, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_check(&voucher, opts->relax, &warnings, err);
	print_warnings(&warnings, NULL);
	if (st == OK_SUCCESS)
		st = ok_voucher_to_json(&voucher, out, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, "\n", 1, err);
	ok_voucher_free(&voucher);
	return st;
}

int
cmd_create(int argc, char **argv)
{
	const struct option *table = create_option_table();
	ok_buf out = OK_BUF_INIT;
	create_opts opts;
	ok_err err;
	ok_status st;
	int ch, rc;

	memset(&opts, 0, sizeof(opts));
	while ((ch = getopt_long(argc, argv, "rT:o:h", table, NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if ((rc = create_option(ch, &opts, argv)) != OK_SUCCESS)
			return rc;
	}
	if (optind != argc)
		return ok_cli_usage_error(argv[optind], "unexpected operand "
		    "(leaves are given as --LEAF VALUE)");
	ok_err_clear(&err);
	st = create_voucher(&opts, &out, &err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(opts.output, out.data, out.len,
		    opts.force ? OK_OUT_FORCE : 0, &err);
	ok_buf_free(&out);
	if (st == OK_E_USAGE)
		return ok_cli_usage_error(err.field, "%s", err.msg);
	if (st != OK_SUCCESS)
		return ok_cli_report(&err);
	return ok_cli_finish(OK_SUCCESS);
}
