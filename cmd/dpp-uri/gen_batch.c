/*
 * gen_batch.c: dpp-uri gen -n: a manufacturing line's batch of keys and
 * URIs from one process, with one key-generation context for all.
 */
#include "dpp-uri.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/io.h"
#include "common/json.h"

#define BATCH_MAX 1000000ULL

typedef struct batch {
	const gen_opts *opts;
	ok_dpp_uri fields;   /* shared fields; key and MAC change per device */
	ok_keygen *gen;
	ok_outdir dir;       /* with -d */
	ok_atomic file;      /* -o FILE, or index.ndjson inside -d */
	bool to_stdout;
	unsigned long long count;
	/* Records not yet written, so a batch makes one write(2) per 64 KiB
	 * rather than one per device.  Wiped once written (keys). */
	char pending[65536];
	size_t pending_len;
} batch;

static int
check_batch(const gen_opts *opts)
{
	if (opts->key.source != NULL)
		return ok_cli_usage_error("-k", "a batch makes new keys; -k "
		    "is for one existing key");
	if (opts->keyout != NULL)
		return ok_cli_usage_error("-K", "a batch writes keys with -d "
		    "DIR or in its NDJSON output");
	if (opts->outdir != NULL && opts->output != NULL)
		return ok_cli_usage_error("-o", "not with -d");
	if (opts->json)
		return ok_cli_usage_error("-j", "a batch always writes NDJSON");
	if (opts->key.pass_source != NULL)
		return ok_cli_usage_error("--pass", "a batch makes new keys, "
		    "which are not encrypted");
	if (opts->outdir != NULL && opts->force)
		return ok_cli_usage_error("--force", "-d always makes a new "
		    "directory");
	return OK_SUCCESS;
}

/* NNNNNN.key and NNNNNN.uri: the names in -d DIR. */
static void
device_file_name(unsigned long long index, const char *ext, char name[32])
{
	snprintf(name, 32, "%06llu.%s", index, ext);
}

/* One device's record; the key goes in only without -d. */
static ok_status
device_record(const batch *b, unsigned long long index, const ok_buf *uri,
    const char *key_hex, ok_json_line *line, ok_err *err)
{
	char hex[2 * OK_DPP_HASH_LEN + 1], name[32];

	ok_json_line_begin(line);
	ok_json_line_int(line, "index", (long long)index);
	ok_json_line_str(line, "uri", (const char *)uri->data);
	ok_hex_encode(b->fields.pkhash, OK_DPP_HASH_LEN, hex);
	ok_json_line_str(line, "pkhash", hex);
	ok_hex_encode(b->fields.chirp_hash, OK_DPP_HASH_LEN, hex);
	ok_json_line_str(line, "chirp_hash", hex);
	ok_json_line_str(line, "curve", ok_curve_info_of(b->fields.curve)->name);
	if (key_hex != NULL) {
		ok_json_line_str(line, "key", key_hex);
	} else {
		device_file_name(index, "key", name);
		ok_json_line_str(line, "key_file", name);
		device_file_name(index, "uri", name);
		ok_json_line_str(line, "uri_file", name);
	}
	return ok_json_line_end(line, err);
}

/* Writes NNNNNN.key (0600) and NNNNNN.uri into the staging directory. */
static ok_status
write_device_files(batch *b, unsigned long long index, EVP_PKEY *key,
    const ok_buf *uri, ok_err *err)
{
	ok_buf pem = OK_BUF_INIT, line = OK_BUF_INIT;
	char name[32];
	ok_status st;

	st = ok_key_export(key, OK_KEY_FMT_PEM, &pem, err);
	device_file_name(index, "key", name);
	if (st == OK_SUCCESS)
		st = ok_outdir_write(&b->dir, name, pem.data, pem.len,
		    OK_WRITE_SECRET, err);
	ok_buf_wipe(&pem);
	if (st == OK_SUCCESS && (st = ok_buf_set(&line, uri->data, uri->len,
	    err)) == OK_SUCCESS)
		st = ok_buf_append(&line, "\n", 1, err);
	device_file_name(index, "uri", name);
	if (st == OK_SUCCESS)
		st = ok_outdir_write(&b->dir, name, line.data, line.len, 0, err);
	ok_buf_free(&line);
	return st;
}

/* Writes the pending records to stdout or the output file. */
static ok_status
flush_records(batch *b, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (b->to_stdout) {
		if (fwrite(b->pending, 1, b->pending_len, stdout) !=
		    b->pending_len)
			st = ok_err_set(err, OK_E_IO, "stdout", "write failed");
	} else if (b->pending_len > 0) {
		st = ok_atomic_write(&b->file, b->pending, b->pending_len, err);
	}
	ok_wipe(b->pending, b->pending_len);
	b->pending_len = 0;
	return st;
}

/* Queues one NDJSON line for stdout or the output file. */
static ok_status
emit_record(batch *b, unsigned long long index, const ok_buf *uri,
    const char *key_hex, ok_err *err)
{
	static ok_json_line line; /* wiped after use: it may hold the key */
	ok_status st;

	st = device_record(b, index, uri, key_hex, &line, err);
	if (st == OK_SUCCESS &&
	    line.len > sizeof(b->pending) - b->pending_len)
		st = flush_records(b, err);
	if (st == OK_SUCCESS) {
		memcpy(b->pending + b->pending_len, line.text, line.len);
		b->pending_len += line.len;
	}
	ok_json_line_begin(&line);
	return st;
}

/* The key as one NDJSON member: hostapd's hex, without the newline. */
static ok_status
key_hex_member(EVP_PKEY *key, ok_buf *hex, ok_err *err)
{
	ok_status st = ok_key_export(key, OK_KEY_FMT_HOSTAPD, hex, err);

	if (st == OK_SUCCESS && hex->len > 0 && hex->data[hex->len - 1] == '\n')
		hex->data[--hex->len] = '\0';
	return st;
}

/* One device: key, URI, hashes, output records. */
static ok_status
make_device(batch *b, unsigned long long index, ok_err *err)
{
	ok_buf uri = OK_BUF_INIT, key_hex = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	ok_status st;

	st = ok_keygen_next(b->gen, &key, err);
	/* The key's SPKI is encoded once, by set_key; format reuses it. */
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_set_key(&b->fields, key, err);
	if (st == OK_SUCCESS &&
	    (st = ok_dpp_uri_format(&b->fields, NULL, &uri, err)) != OK_SUCCESS)
		name_field_option(err);
	if (st == OK_SUCCESS && b->opts->outdir != NULL) {
		st = write_device_files(b, index, key, &uri, err);
		if (st == OK_SUCCESS)
			st = emit_record(b, index, &uri, NULL, err);
	} else if (st == OK_SUCCESS &&
	    (st = key_hex_member(key, &key_hex, err)) == OK_SUCCESS) {
		st = emit_record(b, index, &uri, (const char *)key_hex.data,
		    err);
	}
	ok_buf_wipe(&key_hex);
	ok_buf_free(&uri);
	EVP_PKEY_free(key);
	if (b->fields.has_mac)
		mac_increment(b->fields.mac);
	return st;
}

/* Opens the destinations: a staged directory, a file, or stdout. */
static ok_status
open_outputs(batch *b, ok_err *err)
{
	char index_path[4096];
	ok_status st;

	b->file.fd = -1;
	if (b->opts->outdir != NULL) {
		if ((st = ok_outdir_open(&b->dir, b->opts->outdir, err)) !=
		    OK_SUCCESS)
			return st;
		snprintf(index_path, sizeof(index_path), "%s/index.ndjson",
		    b->dir.staging);
		return ok_atomic_open(&b->file, index_path, 0, err);
	}
	if (b->opts->output != NULL && strcmp(b->opts->output, "-") != 0)
		return ok_atomic_open(&b->file, b->opts->output, OK_WRITE_SECRET |
		    (b->opts->force ? OK_WRITE_FORCE : 0), err);
	b->to_stdout = true;
	return ok_cli_check_stdout(b->opts->output, OK_OUT_SECRET, err);
}

static ok_status
close_outputs(batch *b, ok_status st, ok_err *err)
{
	if (st == OK_SUCCESS)
		st = flush_records(b, err);
	ok_wipe(b->pending, b->pending_len);
	b->pending_len = 0;
	if (st == OK_SUCCESS && b->file.fd >= 0)
		st = ok_atomic_commit(&b->file, err);
	if (st == OK_SUCCESS && b->opts->outdir != NULL)
		st = ok_outdir_commit(&b->dir, err);
	if (st != OK_SUCCESS) {
		ok_atomic_abort(&b->file);
		if (b->opts->outdir != NULL)
			ok_outdir_abort(&b->dir);
	}
	return st;
}

static double
seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) +
	    (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

static ok_status
run_batch(batch *b, ok_err *err)
{
	bool progress = ok_cli_stderr_is_tty();
	unsigned long long i;
	ok_status st = OK_SUCCESS;

	for (i = 1; i <= b->count && st == OK_SUCCESS; i++) {
		if (ok_cli_stop_signal() != 0) {
			st = ok_err_set(err, OK_E_IO, "gen", "interrupted by "
			    "signal %d after %llu devices; no output kept",
			    ok_cli_stop_signal(), i - 1);
			break;
		}
		st = make_device(b, i, err);
		if (progress && (i % 1000 == 0 || i == b->count))
			fprintf(stderr, "\r%s: gen: %llu/%llu", ok_cli_tool_name(),
			    i, b->count);
	}
	if (progress)
		fputc('\n', stderr);
	return st;
}

/* Each device gets the next MAC; the run must neither wrap past
 * ff:ff:ff:ff:ff:ff nor flip the group (multicast) bit. */
static ok_status
check_mac_range(const batch *b, ok_err *err)
{
	uint64_t first = 0, last;
	int i;

	if (!b->fields.has_mac)
		return OK_SUCCESS;
	for (i = 0; i < 6; i++)
		first = first << 8 | b->fields.mac[i];
	last = first + b->count - 1;
	if (last > 0xffffffffffffULL || ((first ^ last) >> 40 & 1) != 0)
		return ok_err_set(err, OK_E_USAGE, "--mac", "%llu devices from "
		    "this address would run past the end of the address "
		    "space or into group addresses", b->count);
	return OK_SUCCESS;
}

/* The field values are checked once, with a throwaway key, before any
 * output is opened. */
static ok_status
trial_format(batch *b, ok_err *err)
{
	ok_buf uri = OK_BUF_INIT;
	EVP_PKEY *key = NULL;
	ok_status st;

	st = ok_keygen_next(b->gen, &key, err);
	if (st == OK_SUCCESS)
		st = ok_dpp_uri_set_key(&b->fields, key, err);
	if (st == OK_SUCCESS &&
	    (st = ok_dpp_uri_format(&b->fields, NULL, &uri, err)) != OK_SUCCESS)
		name_field_option(err);
	ok_buf_free(&uri);
	EVP_PKEY_free(key);
	return st;
}

static ok_status
batch_setup(batch *b, ok_err *err)
{
	ok_curve curve = OK_CURVE_P256;
	ok_status st;

	st = ok_cli_parse_uint(b->opts->count, 1, BATCH_MAX, "-n", &b->count,
	    err);
	if (st == OK_SUCCESS && b->opts->curve != NULL)
		st = ok_curve_by_name(b->opts->curve, "-c", &curve, err);
	if (st == OK_SUCCESS)
		st = apply_uri_fields(&b->opts->fields, &b->fields, err);
	if (st == OK_SUCCESS)
		st = check_mac_range(b, err);
	if (st == OK_SUCCESS)
		st = ok_keygen_new(curve, &b->gen, err);
	b->fields.curve = curve;
	if (st == OK_SUCCESS)
		st = trial_format(b, err);
	return st;
}

int
gen_batch(const gen_opts *opts)
{
	static batch b; /* large (the URI fields); one per process */
	struct timespec start;
	double elapsed;
	ok_err err;
	ok_status st;
	int rc;

	if ((rc = check_batch(opts)) != OK_SUCCESS)
		return rc;
	memset(&b, 0, sizeof(b));
	b.opts = opts;
	ok_err_clear(&err);
	clock_gettime(CLOCK_MONOTONIC, &start);
	st = batch_setup(&b, &err);
	if (st == OK_SUCCESS) {
		ok_cli_catch_stop_signals(true);
		st = open_outputs(&b, &err);
		if (st == OK_SUCCESS)
			st = run_batch(&b, &err);
		st = close_outputs(&b, st, &err);
		ok_cli_catch_stop_signals(false);
	}
	ok_keygen_free(b.gen);
	ok_dpp_uri_free(&b.fields);
	/* The summary says the batch is done, so stdout must be too. */
	if (st == OK_SUCCESS && b.to_stdout && fflush(stdout) != 0)
		st = ok_err_sys(&err, OK_E_IO, "stdout", errno, "write");
	if (st != OK_SUCCESS)
		return ok_cli_finish(ok_cli_report(&err));
	elapsed = seconds_since(&start);
	fprintf(stderr, "%s: gen: %llu keys on %s in %.2f s (%.0f/s)\n",
	    ok_cli_tool_name(), b.count, ok_curve_info_of(b.fields.curve)->name,
	    elapsed, elapsed > 0 ? (double)b.count / elapsed : 0.0);
	return ok_cli_finish(OK_SUCCESS);
}
