/* common.c: times, inputs, certificates and messages shared by the verbs. */
#include "voucher-sign.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/codec.h"
#include "common/io.h"
#include "common/json.h"

/* 9999-12-31T23:59:59Z: the last instant a date-and-time can write. */
#define TIME_LAST 253402300799ULL

static ok_status
bad_time(const char *value, const char *field, ok_err *err)
{
	return ok_err_set(err, OK_E_MALFORMED, field, "'%.40s' is not a "
	    "time (a date-and-time such as 2021-04-14T00:00:00Z, now or "
	    "@SECONDS)", value);
}

ok_status
parse_time(const char *value, const char *field, time_t *when,
    char text[OK_DATETIME_MAX], ok_err *err)
{
	unsigned long long seconds;
	time_t instant;
	ok_err ignored;

	if (strcmp(value, "now") == 0) {
		instant = time(NULL);
	} else if (value[0] == '@') {
		if (ok_cli_parse_uint(value + 1, 0, TIME_LAST, field, &seconds,
		    &ignored) != OK_SUCCESS)
			return bad_time(value, field, err);
		instant = (time_t)seconds;
	} else {
		if (strlen(value) >= OK_DATETIME_MAX ||
		    !ok_datetime_parse(value, &instant))
			return bad_time(value, field, err);
		if (text != NULL)
			strcpy(text, value); /* as given: offsets are kept */
		*when = instant;
		return OK_SUCCESS;
	}
	if (text != NULL)
		ok_datetime_format(instant, text);
	*when = instant;
	return OK_SUCCESS;
}

const char *
input_name(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0 ? "stdin" : path;
}

ok_status
read_input(const char *path, size_t max, ok_buf *out, ok_err *err)
{
	return ok_read_file(path != NULL ? path : "-", max, out, err);
}

ok_status
load_certs(const char *path, STACK_OF(X509) **certs, ok_err *err)
{
	STACK_OF(X509) *found = NULL;
	ok_buf data = OK_BUF_INIT;
	ok_status st;
	X509 *cert;

	st = ok_read_file(path, OK_CERTS_INPUT_MAX, &data, err);
	if (st == OK_SUCCESS)
		st = ok_certs_parse(data.data, data.len, path, &found, err);
	ok_buf_free(&data);
	if (st != OK_SUCCESS)
		return st;
	if (*certs == NULL) {
		*certs = found;
		return OK_SUCCESS;
	}
	while ((cert = sk_X509_shift(found)) != NULL) {
		if (sk_X509_push(*certs, cert) <= 0) {
			X509_free(cert);
			st = ok_err_set(err, OK_E_IO, path, "out of memory");
			break;
		}
	}
	free_certs(found);
	return st;
}

ok_status
load_cert(const char *path, X509 **out, ok_err *err)
{
	ok_buf data = OK_BUF_INIT;
	ok_status st;

	st = ok_read_file(path, OK_CERTS_INPUT_MAX, &data, err);
	if (st == OK_SUCCESS)
		st = ok_cert_parse(data.data, data.len, path, out, err);
	ok_buf_free(&data);
	return st;
}

void
free_certs(STACK_OF(X509) *certs)
{
	sk_X509_pop_free(certs, X509_free);
}

void
print_warnings(const ok_warnings *warnings, const char *prefix)
{
	size_t i;

	for (i = 0; i < warnings->count && i < OK_WARNINGS_MAX; i++)
		ok_cli_warn(prefix, "%s", warnings->text[i]);
}

void
print_check_warnings(const ok_check *checks, size_t n_checks)
{
	size_t i;

	for (i = 0; i < n_checks; i++)
		if (checks[i].result == OK_CHECK_WARN)
			ok_cli_warn(checks[i].name, "%s", checks[i].detail);
}

ok_status
add_relax(const char *rule, unsigned *relax, ok_err *err)
{
	unsigned flag = 0;
	ok_status st = ok_voucher_relax_by_name(rule, &flag, err);

	if (st != OK_SUCCESS)
		return ok_err_set(err, OK_E_USAGE, "--relax", "'%s' is not a "
		    "rule (mandatory, nonce-expires or renewal-expires)", rule);
	*relax |= flag;
	return OK_SUCCESS;
}

ok_status
write_json_line(const char *path, const json_t *value, unsigned flags,
    ok_err *err)
{
	ok_buf line = OK_BUF_INIT;
	ok_status st;

	st = ok_cli_json_line(value, &line, err);
	if (st == OK_SUCCESS)
		st = ok_cli_write_output(path, line.data, line.len, flags,
		    err);
	ok_buf_free(&line);
	return st;
}

/* PEM armour for CMS ("-----BEGIN CMS-----", as openssl cms -outform
 * PEM writes it): base64 in lines of 64. */
static ok_status
pem_armor(const ok_buf *der, ok_buf *out, ok_err *err)
{
	static const char begin[] = "-----BEGIN CMS-----\n";
	static const char end[] = "-----END CMS-----\n";
	ok_buf text = OK_BUF_INIT;
	ok_status st;
	size_t pos, n;

	st = ok_b64_encode_buf(der->data, der->len, OK_B64_STD, &text, err);
	if (st == OK_SUCCESS)
		st = ok_buf_set(out, begin, sizeof(begin) - 1, err);
	for (pos = 0; st == OK_SUCCESS && pos < text.len; pos += n) {
		n = text.len - pos < 64 ? text.len - pos : 64;
		st = ok_buf_append(out, text.data + pos, n, err);
		if (st == OK_SUCCESS)
			st = ok_buf_append(out, "\n", 1, err);
	}
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, end, sizeof(end) - 1, err);
	ok_buf_free(&text);
	return st;
}

ok_status
encode_signed(ok_vform form, bool armor, const ok_buf *sig, ok_buf *out,
    bool *binary, ok_err *err)
{
	ok_status st;

	*binary = false;
	if (form == OK_VFORM_JWS || (armor && form == OK_VFORM_COSE)) {
		if (form == OK_VFORM_JWS)
			st = ok_buf_set(out, sig->data, sig->len, err);
		else
			st = ok_b64_encode_buf(sig->data, sig->len, OK_B64_STD,
			    out, err);
		if (st == OK_SUCCESS)
			st = ok_buf_append(out, "\n", 1, err);
		return st;
	}
	if (armor)
		return pem_armor(sig, out, err);
	*binary = true;
	return ok_buf_set(out, sig->data, sig->len, err);
}

/* The -f, --include and --econtent-type choices. */
static ok_status
signer_choices(const signer_args *args, ok_vsign_opts *opts, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	opts->form = OK_VFORM_CMS;
	opts->include = OK_VINCLUDE_CHAIN;
	if (args->form != NULL)
		st = ok_vform_by_name(args->form, "-f", &opts->form, err);
	if (st == OK_SUCCESS && args->include != NULL)
		st = ok_vinclude_by_name(args->include, "--include",
		    &opts->include, err);
	if (st != OK_SUCCESS || args->econtent == NULL)
		return st;
	if (opts->form != OK_VFORM_CMS)
		return ok_err_set(err, OK_E_USAGE, "--econtent-type",
		    "only for the cms form");
	if (strcmp(args->econtent, "voucher") == 0)
		opts->econtent_type = OK_OID_ANIMA_JSON_VOUCHER;
	else if (strcmp(args->econtent, "data") == 0)
		opts->econtent_type = OK_OID_DATA;
	else
		opts->econtent_type = args->econtent; /* a dotted OID */
	return OK_SUCCESS;
}

/* -c: the signer's certificate first, then its chain; --chain adds more. */
static ok_status
signer_certs(const signer_args *args, ok_vsign_opts *opts, ok_err *err)
{
	STACK_OF(X509) *certs = NULL;
	ok_status st;

	if ((st = load_certs(args->cert, &certs, err)) != OK_SUCCESS)
		return st;
	opts->signer = sk_X509_shift(certs);
	opts->chain = certs;
	if (args->chain != NULL)
		st = load_certs(args->chain, &opts->chain, err);
	return st;
}

ok_status
signer_load(const signer_args *args, ok_vsign_opts *opts, ok_err *err)
{
	ok_status st;

	memset(opts, 0, sizeof(*opts));
	st = signer_choices(args, opts, err);
	if (st == OK_SUCCESS && args->signing_time != NULL)
		st = parse_time(args->signing_time, "--signing-time",
		    &opts->signing_time, NULL, err);
	if (st == OK_SUCCESS)
		st = signer_certs(args, opts, err);
	if (st == OK_SUCCESS)
		st = ok_cli_load_key(&args->key, false, "-k", &opts->key, err);
	return st;
}

void
signer_free(ok_vsign_opts *opts)
{
	EVP_PKEY_free(opts->key);
	X509_free(opts->signer);
	free_certs(opts->chain);
	memset(opts, 0, sizeof(*opts));
}

int
anchor_files_add(anchor_files *files, const char *path)
{
	if (files->count == ANCHOR_FILES_MAX)
		return ok_cli_usage_error("-t", "at most %d files (a file may "
		    "hold several anchors)", ANCHOR_FILES_MAX);
	files->paths[files->count++] = path;
	return OK_SUCCESS;
}

int
anchor_files_required(const anchor_files *files)
{
	if (files->count == 0)
		return ok_cli_usage_error("--trust-anchor", "at least one "
		    "trust anchor is needed (-t FILE)");
	return OK_SUCCESS;
}

ok_status
anchor_files_load(const anchor_files *files, STACK_OF(X509) **anchors,
    ok_err *err)
{
	ok_status st = OK_SUCCESS;
	size_t i;

	for (i = 0; i < files->count && st == OK_SUCCESS; i++)
		st = load_certs(files->paths[i], anchors, err);
	return st;
}
