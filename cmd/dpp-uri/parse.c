/* parse.c: dpp-uri parse and dpp-uri hash. */
#include "dpp-uri.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

enum { OPT_LENIENT = 256, OPT_PASS, OPT_MODULE };

static const struct option parse_options[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "lines", no_argument, NULL, 'L' },
	{ "lenient", no_argument, NULL, OPT_LENIENT },
	{ "uri", required_argument, NULL, 'u' },
	{ "key", required_argument, NULL, 'k' },
	{ "pass", required_argument, NULL, OPT_PASS },
	{ "pkcs11-module", required_argument, NULL, OPT_MODULE },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

typedef struct parse_opts {
	uri_input in;
	ok_cli_key_args key; /* hash -k */
	bool json;
	bool lines;          /* parse -L: one URI per line, NDJSON out */
} parse_opts;

/* Options of parse and hash; allow_key is true for hash. */
static int
parse_args(int argc, char **argv, bool allow_key, parse_opts *opts)
{
	int ch;

	memset(opts, 0, sizeof(*opts));
	while ((ch = getopt_long(argc, argv, allow_key ? "ju:k:h" : "jLu:h",
	    parse_options, NULL)) != -1) {
		switch (ch) {
		case 'j': opts->json = true; break;
		case 'L': opts->lines = true; break;
		case 'u': opts->in.inline_uri = optarg; break;
		case 'k': opts->key.source = optarg; break;
		case OPT_LENIENT: opts->in.parse_flags |= OK_DPP_LENIENT; break;
		case OPT_PASS: opts->key.pass_source = optarg; break;
		case OPT_MODULE: opts->key.pkcs11_module = optarg; break;
		case 'h': return ok_cli_usage(ok_cli_current_verb(), -1);
		default: return ok_cli_bad_option(argv);
		}
		if (allow_key && ch == 'L')
			return ok_cli_usage_error("--lines", "an option of "
			    "parse, not hash (parse -L gives the hashes too)");
		if (!allow_key && (ch == 'k' || ch == OPT_PASS ||
		    ch == OPT_MODULE))
			return ok_cli_usage_error(ch == 'k' ? "-k" : ch ==
			    OPT_PASS ? "--pass" : "--pkcs11-module", "not an "
			    "option of parse (hash takes a key)");
	}
	if (ok_cli_take_operand(argc, argv, &opts->in.path) != OK_SUCCESS)
		return OK_E_USAGE;
	if ((opts->in.inline_uri != NULL) + (opts->in.path != NULL) +
	    (opts->key.source != NULL) > 1)
		return ok_cli_usage_error(opts->key.source ? "-k" : "-u",
		    "give one input: -u URI, -k KEY or a file");
	if (opts->lines && opts->in.inline_uri != NULL)
		return ok_cli_usage_error("-u", "not with --lines (give a file)");
	return OK_SUCCESS;
}

/* "81/1:2412 115/36:5180": channels as op class/channel:MHz. */
static void
print_channels(const json_t *channels)
{
	const json_t *item;
	size_t i;

	printf("channels:");
	json_array_foreach(channels, i, item) {
		const json_t *freq = json_object_get(item, "freq");
		printf(" %lld/%lld:", (long long)json_integer_value(
		    json_object_get(item, "op_class")), (long long)
		    json_integer_value(json_object_get(item, "channel")));
		if (json_is_integer(freq))
			printf("%lld", (long long)json_integer_value(freq));
		else
			printf("?");
	}
	printf("\n");
}

/* Text output is the JSON object, one "name: value" line per member in
 * a fixed order, so the two forms never drift apart. */
static void
print_fields(const json_t *obj)
{
	static const char *const order[] = { "curve", "pkhash", "chirp_hash",
	    "channels", "mac", "info", "version", "host", "bands", "key",
	    "pkhash_as_given" };
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		const json_t *value = json_object_get(obj, order[i]);
		if (value == NULL)
			continue;
		if (json_is_array(value)) {
			print_channels(value);
			continue;
		}
		printf("%s: ", order[i]);
		ok_cli_put_text(stdout, json_string_value(value),
		    json_string_length(value));
		putchar('\n');
	}
}

static ok_status
print_object(const json_t *obj, bool json, ok_err *err)
{
	ok_buf line = OK_BUF_INIT;
	ok_status st = OK_SUCCESS;

	if (!json) {
		print_fields(obj);
		return OK_SUCCESS;
	}
	if ((st = ok_cli_json_line(obj, &line, err)) == OK_SUCCESS)
		fwrite(line.data, 1, line.len, stdout);
	ok_buf_free(&line);
	return st;
}

static int
finish(ok_status st, ok_err *err)
{
	if (st != OK_SUCCESS)
		return ok_cli_report(err);
	return ok_cli_finish(OK_SUCCESS);
}

int
cmd_parse(int argc, char **argv)
{
	static ok_dpp_uri uri;
	parse_opts opts;
	json_t *obj = NULL;
	ok_err err;
	ok_status st;
	int rc;

	if ((rc = parse_args(argc, argv, false, &opts)) != OK_SUCCESS)
		return rc < 0 ? OK_SUCCESS : rc;
	if (opts.lines)
		return parse_lines(opts.in.path, opts.in.parse_flags);
	ok_err_clear(&err);
	st = read_uri(&opts.in, &uri, NULL, &err);
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_to_json(&uri, &obj, &err);
	if (st == OK_SUCCESS)
		st = print_object(obj, opts.json, &err);
	json_decref(obj);
	ok_dpp_uri_free(&uri);
	return finish(st, &err);
}

/* The hashes of a key's compressed SubjectPublicKeyInfo. */
static ok_status
hash_key(const parse_opts *opts, ok_dpp_uri *uri, ok_err *err)
{
	EVP_PKEY *key = NULL;
	ok_status st = load_dpp_key(&opts->key, true, "-k", &key, err);

	if (st == OK_SUCCESS)
		st = ok_dpp_uri_set_key(uri, key, err);
	EVP_PKEY_free(key);
	return st;
}

static ok_status
print_hashes(const ok_dpp_uri *uri, bool json, ok_err *err)
{
	char pkhash[2 * OK_DPP_HASH_LEN + 1], chirp[2 * OK_DPP_HASH_LEN + 1];
	json_t *obj;
	ok_status st;

	ok_hex_encode(uri->pkhash, OK_DPP_HASH_LEN, pkhash);
	ok_hex_encode(uri->chirp_hash, OK_DPP_HASH_LEN, chirp);
	obj = json_pack("{s:s, s:s}", "pkhash", pkhash, "chirp_hash", chirp);
	if (obj == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = print_object(obj, json, err);
	json_decref(obj);
	return st;
}

int
cmd_hash(int argc, char **argv)
{
	static ok_dpp_uri uri;
	parse_opts opts;
	ok_err err;
	ok_status st;
	int rc;

	if ((rc = parse_args(argc, argv, true, &opts)) != OK_SUCCESS)
		return rc < 0 ? OK_SUCCESS : rc;
	ok_err_clear(&err);
	if (opts.key.source != NULL)
		st = hash_key(&opts, &uri, &err);
	else
		st = read_uri(&opts.in, &uri, NULL, &err);
	if (st == OK_SUCCESS)
		st = print_hashes(&uri, opts.json, &err);
	ok_dpp_uri_free(&uri);
	return finish(st, &err);
}
