/* common.c: URI input and URI field options shared by the verbs. */
#include "dpp-uri.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/io.h"

/* A URI file ends in a newline when written by echo or gen; keep one off. */
static size_t
without_newline(const ok_buf *text)
{
	size_t len = text->len;

	if (len > 0 && text->data[len - 1] == '\n')
		len--;
	if (len > 0 && text->data[len - 1] == '\r')
		len--;
	return len;
}

ok_status
read_uri(const uri_input *in, ok_dpp_uri *uri, ok_buf *raw, ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	ok_status st;

	if (in->inline_uri != NULL)
		st = ok_buf_set(&text, in->inline_uri, strlen(in->inline_uri),
		    err);
	else if ((st = ok_read_file(in->path ? in->path : "-",
	    OK_DPP_URI_MAX + 2, &text, err)) == OK_E_MALFORMED)
		/* Room was left for a line ending; say the URI's own limit. */
		ok_err_set(err, st, in->path && strcmp(in->path, "-") ?
		    in->path : "stdin", "a URI is at most %d bytes",
		    OK_DPP_URI_MAX);
	if (st == OK_SUCCESS)
		text.len = without_newline(&text);
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_parse((const char *)text.data, text.len,
		    in->parse_flags, uri, err);
	if (st == OK_SUCCESS && raw != NULL)
		st = ok_buf_set(raw, text.data, text.len, err);
	ok_buf_free(&text);
	if (st == OK_SUCCESS && uri->warn_uncompressed)
		ok_cli_warn("K", "uncompressed point re-encoded before hashing");
	return st;
}

/* Copies an option's text into a fixed URI field. */
static ok_status
set_text(char *dest, bool *present, const char *value, const char *field,
    ok_err *err)
{
	if (value == NULL)
		return OK_SUCCESS;
	if (strlen(value) > OK_DPP_URI_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "longer than a URI may be (%d bytes)", OK_DPP_URI_MAX);
	strcpy(dest, value);
	*present = true;
	return OK_SUCCESS;
}

ok_status
apply_uri_fields(const uri_field_opts *opts, ok_dpp_uri *fields, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (opts->chan != NULL)
		st = ok_dpp_channels_parse(opts->chan, "--chan", fields, err);
	if (st == OK_SUCCESS && opts->mac != NULL) {
		st = ok_dpp_mac_parse(opts->mac, "--mac", fields->mac, err);
		fields->has_mac = st == OK_SUCCESS;
	}
	if (st == OK_SUCCESS)
		st = set_text(fields->info, &fields->has_info, opts->info,
		    "--info", err);
	if (st == OK_SUCCESS)
		st = set_text(fields->version, &fields->has_version,
		    opts->version, "--dpp-version", err);
	if (st == OK_SUCCESS)
		st = set_text(fields->host, &fields->has_host, opts->host,
		    "--host", err);
	if (st == OK_SUCCESS)
		st = set_text(fields->bands, &fields->has_bands, opts->bands,
		    "--bands", err);
	return st;
}

void
mac_increment(uint8_t mac[6])
{
	int i;

	for (i = 5; i >= 0; i--) {
		if (++mac[i] != 0)
			break;
	}
}

/* Token letters in format errors become the options that set them. */
void
name_field_option(ok_err *err)
{
	static const char *const map[][2] = { { "C", "--chan" },
	    { "M", "--mac" }, { "I", "--info" }, { "V", "--dpp-version" },
	    { "H", "--host" }, { "B", "--bands" } };
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(err->field, map[i][0]) == 0)
			snprintf(err->field, sizeof(err->field), "%s", map[i][1]);
}

ok_status
load_dpp_key(const ok_cli_key_args *args, bool public_ok, const char *field,
    EVP_PKEY **out, ok_err *err)
{
	ok_curve curve;
	ok_status st = ok_cli_load_key(args, public_ok, field, out, err);

	if (st == OK_SUCCESS &&
	    (st = ok_curve_of_key(*out, field, &curve, err)) != OK_SUCCESS) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	return st;
}
