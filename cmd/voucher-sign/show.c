/*
 * show.c: voucher-sign show: what a voucher or request says, without
 * verifying anything.  The text is rendered from the same JSON report -j
 * prints, so the two cannot drift.
 */
#include "voucher-sign.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "common/json.h"

static const struct option show_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static const char unverified_banner[] =
    "UNVERIFIED: nothing here has been checked (use voucher-sign verify)\n";

/* "name: value" with the value made safe for a line-oriented reader. */
static void
put_line(const char *name, const char *value)
{
	fprintf(stdout, "%s: ", name);
	ok_cli_put_text(stdout, value, strlen(value));
	fputc('\n', stdout);
}

static const char *
member_text(const json_t *obj, const char *name, const char *fallback)
{
	const char *text = json_string_value(json_object_get(obj, name));

	return text != NULL ? text : fallback;
}

/* "form: cms (der)" and "content-type: ...". */
static void
put_envelope(const json_t *report)
{
	const char *form = member_text(report, "form", NULL);
	const char *encoding = member_text(report, "encoding", NULL);

	if (form != NULL) {
		fprintf(stdout, "form: ");
		ok_cli_put_text(stdout, form, strlen(form));
		if (encoding != NULL) {
			fprintf(stdout, " (");
			ok_cli_put_text(stdout, encoding, strlen(encoding));
			fputc(')', stdout);
		}
		fputc('\n', stdout);
	}
	if (json_object_get(report, "content-type") != NULL)
		put_line("content-type", member_text(report, "content-type",
		    ""));
}

/* "signer:", "certificates: N" and one line per certificate. */
static void
put_certificates(const json_t *report)
{
	const json_t *certs = json_object_get(report, "certificates");
	const json_t *cert;
	size_t i;

	put_line("signer", member_text(json_object_get(report, "signer"),
	    "subject", "unknown"));
	fprintf(stdout, "certificates: %zu\n", json_array_size(certs));
	json_array_foreach(certs, i, cert) {
		fprintf(stdout, "certificate: ");
		ok_cli_put_text(stdout, member_text(cert, "subject", ""),
		    strlen(member_text(cert, "subject", "")));
		fprintf(stdout, " (not after ");
		ok_cli_put_text(stdout, member_text(cert, "not-after", "?"),
		    strlen(member_text(cert, "not-after", "?")));
		fprintf(stdout, ")\n");
	}
}

/* "label:" and the JSON value pretty-printed (indent 2). */
static ok_status
put_block(const char *label, const json_t *value, ok_err *err)
{
	ok_buf text = OK_BUF_INIT;
	ok_status st;

	st = ok_json_dump(value, OK_JSON_PRETTY, &text, err);
	if (st == OK_SUCCESS)
		fprintf(stdout, "%s:\n%s\n", label, (const char *)text.data);
	ok_buf_free(&text);
	return st;
}

static ok_status
put_report(const json_t *report, ok_err *err)
{
	const json_t *prior;
	ok_status st;

	put_envelope(report);
	if (json_object_get(report, "signer") != NULL ||
	    json_object_get(report, "certificates") != NULL)
		put_certificates(report);
	st = OK_SUCCESS;
	if (json_object_get(report, "content") != NULL)
		st = put_block("content", json_object_get(report, "content"),
		    err);
	/* The prior request: its content, or a report of its own. */
	prior = json_object_get(report, "prior-signed-voucher-request");
	if (st != OK_SUCCESS || prior == NULL)
		return st;
	if (json_object_get(prior, "content") == NULL)
		return put_block("prior-signed-voucher-request", prior, err);
	fprintf(stdout, "prior-signed-voucher-request:\n");
	return put_report(prior, err);
}

static int
run_show(const char *path, bool as_json)
{
	ok_buf data = OK_BUF_INIT;
	ok_vreport report;
	json_t *json = NULL;
	ok_err err;
	ok_status st;

	ok_err_clear(&err);
	ok_vreport_init(&report);
	st = read_input(path, SIGNED_INPUT_MAX, &data, &err);
	if (st == OK_SUCCESS)
		st = ok_voucher_inspect(data.data, data.len, &report, &err);
	if (st == OK_SUCCESS)
		st = ok_vreport_json(&report, false, &json, &err);
	if (st == OK_SUCCESS) {
		print_warnings(&report.warnings, NULL);
		if (as_json) {
			st = write_json_line(NULL, json, 0, &err);
		} else {
			fputs(unverified_banner, stdout);
			st = put_report(json, &err);
		}
	}
	json_decref(json);
	ok_vreport_free(&report);
	ok_buf_free(&data);
	if (st != OK_SUCCESS)
		return ok_cli_finish(ok_cli_report(&err));
	return ok_cli_finish(OK_SUCCESS);
}

int
cmd_show(int argc, char **argv)
{
	const char *path;
	bool as_json = false;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "jh", show_options, NULL)) != -1) {
		if (ch == 'h')
			return ok_cli_usage(ok_cli_current_verb(), OK_SUCCESS);
		if (ch != 'j')
			return ok_cli_bad_option(argv);
		as_json = true;
	}
	if ((rc = ok_cli_take_operand(argc, argv, &path)) != OK_SUCCESS)
		return rc;
	return run_show(path, as_json);
}
