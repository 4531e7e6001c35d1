/*
 * sign_batch.c: voucher-sign sign --batch: a manufacturing line's
 * vouchers from NDJSON, one key and certificate chain loaded once.
 * Output appears whole or not at all: -o FILE and -d DIR are staged and
 * published at the end; stdout's records are spooled to an unlinked
 * temporary file until the last line has been signed.
 */
#include "voucher-sign.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/x509v3.h>

#include "common/codec.h"
#include "common/io.h"
#include "common/json.h"

#define BATCH_LINES_MAX 1000000ULL
#define BATCH_LINE_MAX (256 * 1024)
#define PENDING_FLUSH (64 * 1024)
/* Relaxed-rule warnings shown before the rest are only counted. */
#define WARN_LINES_SHOWN 5

typedef struct batch {
	const sign_opts *opts;
	ok_vsign_opts sign;
	ok_vsigner *signer;   /* key, certificates, contexts: made once */
	char created_on[OK_DATETIME_MAX]; /* default: the batch's start */
	FILE *in;
	ok_outdir dir;        /* -d */
	ok_atomic file;       /* -o FILE, or DIR/index.ndjson */
	FILE *spool;          /* stdout's records until the batch is whole */
	json_t *names;        /* -d: file names given out so far */
	ok_buf pending;       /* records not yet written */
	unsigned long long count;
	unsigned long long warned_lines;
	char line[BATCH_LINE_MAX + 1];
} batch;

static int
check_batch(const sign_opts *opts)
{
	if (opts->outdir != NULL && opts->output != NULL)
		return ok_cli_usage_error("-o", "not with -d");
	if (opts->armor && opts->outdir == NULL)
		return ok_cli_usage_error("-A", "only with -d (NDJSON output "
		    "is text already)");
	return OK_SUCCESS;
}

/* "line N" for messages. */
static void
line_field(unsigned long long number, char field[OK_ERR_FIELD_MAX])
{
	snprintf(field, OK_ERR_FIELD_MAX, "line %llu", number);
}

/*
 * The next line, without its line ending, into b->line.  *len is
 * (size_t)-1 at the end of input.  NUL bytes are kept (the JSON parser
 * refuses them) so nothing is cut short silently.
 */
static ok_status
next_line(batch *b, size_t *len, ok_err *err)
{
	char field[OK_ERR_FIELD_MAX];
	size_t n = 0;
	int c;

	while ((c = getc_unlocked(b->in)) != EOF && c != '\n') {
		if (n == BATCH_LINE_MAX) {
			line_field(b->count + 1, field);
			return ok_err_set(err, OK_E_MALFORMED, field, "longer "
			    "than %d bytes", BATCH_LINE_MAX);
		}
		b->line[n++] = (char)c;
	}
	if (c == EOF && ferror(b->in))
		return ok_err_sys(err, OK_E_IO, input_name(b->opts->input),
		    errno, "read");
	if (n > 0 && b->line[n - 1] == '\r')
		n--;
	b->line[n] = '\0';
	*len = c == EOF && n == 0 ? (size_t)-1 : n;
	return OK_SUCCESS;
}

/* True when the line's object is wrapped in a kind's name. */
static bool
is_wrapped(const char *text, size_t len)
{
	static const char *const kinds[] = { "\"ietf-voucher:voucher\"",
	    "\"ietf-voucher-request:voucher\"" };
	size_t pos = 0, i;

	while (pos < len && strchr(" \t", text[pos]) != NULL)
		pos++;
	if (pos == len || text[pos++] != '{')
		return false;
	while (pos < len && strchr(" \t", text[pos]) != NULL)
		pos++;
	for (i = 0; i < 2; i++)
		if (len - pos >= strlen(kinds[i]) &&
		    memcmp(text + pos, kinds[i], strlen(kinds[i])) == 0)
			return true;
	return false;
}

/* A bare leaves object becomes {"<kind>": {...}}, the kind from -r. */
static ok_status
wrap_line(const batch *b, const char *text, size_t len, ok_buf *out,
    ok_err *err)
{
	const char *kind = ok_voucher_kind_name(b->opts->request ?
	    OK_VOUCHER_REQUEST : OK_VOUCHER_ARTIFACT);
	ok_status st;

	if ((st = ok_buf_set(out, "{\"", 2, err)) == OK_SUCCESS)
		st = ok_buf_append(out, kind, strlen(kind), err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, "\":", 2, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, text, len, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(out, "}", 1, err);
	return st;
}

static void
show_line_warnings(batch *b, const ok_warnings *warnings,
    unsigned long long number)
{
	char field[OK_ERR_FIELD_MAX];

	if (warnings->count == 0)
		return;
	if (++b->warned_lines <= WARN_LINES_SHOWN) {
		line_field(number, field);
		print_warnings(warnings, field);
	}
}

/* One line's voucher: decoded strictly, created-on defaulted, checked. */
static ok_status
line_voucher(batch *b, size_t len, unsigned long long number,
    ok_voucher *voucher, ok_err *err)
{
	ok_buf wrapped = OK_BUF_INIT;
	ok_warnings warnings;
	ok_status st;

	warnings.count = 0;
	if (len == 0)
		return ok_err_set(err, OK_E_MALFORMED, "", "blank line");
	if (is_wrapped(b->line, len))
		st = ok_voucher_from_json((const uint8_t *)b->line, len, 0,
		    "voucher", voucher, &warnings, err);
	else if ((st = wrap_line(b, b->line, len, &wrapped, err)) ==
	    OK_SUCCESS)
		st = ok_voucher_from_json(wrapped.data, wrapped.len, 0,
		    "voucher", voucher, &warnings, err);
	ok_buf_free(&wrapped);
	if (st == OK_SUCCESS && ok_voucher_get(voucher, "created-on") == NULL)
		st = ok_voucher_set(voucher, "created-on", b->created_on, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_check(voucher, b->opts->relax, &warnings, err);
	show_line_warnings(b, &warnings, number);
	return st;
}

/* Writes the pending records out once there are enough of them. */
static ok_status
flush_pending(batch *b, ok_err *err)
{
	ok_status st = OK_SUCCESS;

	if (b->pending.len < PENDING_FLUSH)
		return st;
	if (b->spool != NULL) {
		if (fwrite(b->pending.data, 1, b->pending.len, b->spool) !=
		    b->pending.len)
			st = ok_err_sys(err, OK_E_IO, "spool", errno, "write");
	} else {
		st = ok_atomic_write(&b->file, b->pending.data,
		    b->pending.len, err);
	}
	b->pending.len = 0;
	return st;
}

/* Queues bytes for the output (stdout spool, -o file or the index). */
static ok_status
queue_output(batch *b, const ok_buf *data, ok_err *err)
{
	ok_status st = ok_buf_append(&b->pending, data->data, data->len, err);

	if (st != OK_SUCCESS)
		return st;
	return flush_pending(b, err);
}

/* A serial-number as a file name: [A-Za-z0-9._-] kept, others '_'. */
static ok_status
file_name(const char *serial, unsigned long long number, const char *ext,
    char name[256], ok_err *err)
{
	char field[OK_ERR_FIELD_MAX];
	size_t i, len;
	int n;

	if (serial == NULL)
		n = snprintf(name, 256, "line-%llu.%s", number, ext);
	else
		n = snprintf(name, 256, "%s.%s", serial, ext);
	len = strlen(name);
	line_field(number, field);
	if (n < 0 || n >= 256)
		return ok_err_set(err, OK_E_MALFORMED, field, "serial-number: "
		    "too long for a file name");
	for (i = 0; i < len - strlen(ext) - 1; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789._-", name[i]) == NULL)
			name[i] = '_';
	return OK_SUCCESS;
}

/* -d: DIR/<serial>.<form>; name gets the file's name. */
static ok_status
emit_file(batch *b, const ok_voucher *voucher, const ok_buf *sig,
    unsigned long long number, char name[256], ok_err *err)
{
	const char *ext = ok_vform_name(b->sign.form);
	char field[OK_ERR_FIELD_MAX];
	ok_buf data = OK_BUF_INIT;
	ok_status st;
	bool binary;

	st = file_name(ok_voucher_get(voucher, "serial-number"), number, ext,
	    name, err);
	line_field(number, field);
	if (st == OK_SUCCESS && json_object_get(b->names, name) != NULL)
		st = ok_err_set(err, OK_E_MALFORMED, field, "serial-number: "
		    "a second voucher would be written to %s", name);
	if (st == OK_SUCCESS && json_object_set_new(b->names, name,
	    json_true()) != 0)
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	if (st == OK_SUCCESS)
		st = encode_signed(b->sign.form, b->opts->armor, sig, &data,
		    &binary, err);
	if (st == OK_SUCCESS)
		st = ok_outdir_write(&b->dir, name, data.data, data.len, 0, err);
	ok_buf_free(&data);
	return st;
}

/* What one NDJSON record holds. */
typedef struct record {
	unsigned long long line;
	const char *serial; /* NULL: null */
	const char *file;   /* -d: the file's name */
	const char *b64;    /* otherwise CMS or COSE in base64 ... */
	const ok_buf *jws;  /* ... or the JWS JSON text */
} record;

/*
 * The usual record written straight into the pending output: jansson's
 * allocations for a few kilobytes of base64 cost a batch a third of its
 * time, and base64 needs no escaping, so it is encoded in place.  The
 * bytes are the ones json_record() writes.  False when it does not apply
 * (no serial-number, JWS, -d) or the prefix does not fit.
 */
static bool
fast_record(batch *b, const record *rec, const ok_buf *sig, ok_err *err,
    ok_status *st)
{
	static const char tail[] = "\"}\n";
	static ok_json_line line;
	size_t at, b64_len;
	ok_err ignored;

	if (rec->serial == NULL || rec->jws != NULL || rec->file != NULL)
		return false;
	ok_json_line_begin(&line);
	ok_json_line_int(&line, "line", (long long)rec->line);
	ok_json_line_str(&line, "serial-number", rec->serial);
	ok_json_line_str(&line, "form", ok_vform_name(b->sign.form));
	ok_json_line_str(&line, "voucher", "");
	if (ok_json_line_end(&line, &ignored) != OK_SUCCESS)
		return false;
	line.len -= 3; /* the empty string's closing quote, "}\n" */
	at = b->pending.len;
	b64_len = ok_b64_encoded_len(sig->len, OK_B64_STD);
	*st = ok_buf_resize(&b->pending, at + line.len + b64_len +
	    sizeof(tail) - 1, err);
	if (*st != OK_SUCCESS)
		return true;
	memcpy(b->pending.data + at, line.text, line.len);
	at += line.len;
	/* writes a NUL after the base64, which the tail overwrites */
	at += ok_b64_encode(sig->data, sig->len, OK_B64_STD,
	    (char *)b->pending.data + at);
	memcpy(b->pending.data + at, tail, sizeof(tail) - 1);
	*st = flush_pending(b, err);
	return true;
}

/* -d's usual record, {"line":N,"serial-number":S,"file":F}, the same
 * way; false when it does not apply or fit. */
static bool
file_record(const record *rec, ok_buf *out, ok_err *err, ok_status *st)
{
	static ok_json_line line;
	ok_err ignored;

	if (rec->serial == NULL || rec->file == NULL)
		return false;
	ok_json_line_begin(&line);
	ok_json_line_int(&line, "line", (long long)rec->line);
	ok_json_line_str(&line, "serial-number", rec->serial);
	ok_json_line_str(&line, "file", rec->file);
	if (ok_json_line_end(&line, &ignored) != OK_SUCCESS)
		return false;
	*st = ok_buf_set(out, line.text, line.len, err);
	return true;
}

/* Any record, through jansson. */
static ok_status
json_record(batch *b, const record *rec, ok_buf *out, ok_err *err)
{
	json_t *obj = json_object(), *jws = NULL;
	ok_status st;

	if (obj == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = ok_json_set_int(obj, "line", (long long)rec->line, err);
	if (st == OK_SUCCESS)
		st = ok_json_set_new(obj, "serial-number", rec->serial != NULL ?
		    json_string(rec->serial) : json_null(), err);
	if (st == OK_SUCCESS && rec->file != NULL)
		st = ok_json_set_str(obj, "file", rec->file, err);
	else if (st == OK_SUCCESS)
		st = ok_json_set_str(obj, "form", ok_vform_name(b->sign.form),
		    err);
	if (st == OK_SUCCESS && rec->file == NULL && rec->jws != NULL &&
	    (st = ok_json_parse((const char *)rec->jws->data, rec->jws->len,
	    "jws", &jws, err)) == OK_SUCCESS)
		st = ok_json_set_new(obj, "voucher", jws, err);
	else if (st == OK_SUCCESS && rec->file == NULL)
		st = ok_json_set_str(obj, "voucher", rec->b64, err);
	if (st == OK_SUCCESS)
		st = ok_cli_json_line(obj, out, err);
	json_decref(obj);
	return st;
}

/* The voucher's file (-d) or its base64, then its NDJSON record. */
static ok_status
emit_record(batch *b, const ok_voucher *voucher, const ok_buf *sig,
    unsigned long long number, ok_err *err)
{
	ok_buf b64 = OK_BUF_INIT, line = OK_BUF_INIT;
	char name[256];
	record rec;
	ok_status st = OK_SUCCESS;

	memset(&rec, 0, sizeof(rec));
	rec.line = number;
	rec.serial = ok_voucher_get(voucher, "serial-number");
	if (b->opts->outdir != NULL) {
		st = emit_file(b, voucher, sig, number, name, err);
		rec.file = name;
	} else if (b->sign.form == OK_VFORM_JWS) {
		rec.jws = sig;
	}
	if (st == OK_SUCCESS && fast_record(b, &rec, sig, err, &st))
		return st;
	if (st == OK_SUCCESS && !file_record(&rec, &line, err, &st)) {
		if (rec.file == NULL && rec.jws == NULL) {
			st = ok_b64_encode_buf(sig->data, sig->len, OK_B64_STD,
			    &b64, err);
			rec.b64 = (const char *)b64.data;
		}
		if (st == OK_SUCCESS)
			st = json_record(b, &rec, &line, err);
	}
	if (st == OK_SUCCESS)
		st = queue_output(b, &line, err);
	ok_buf_free(&b64);
	ok_buf_free(&line);
	return st;
}

/* One line: decoded, signed, written; errors name the line. */
static ok_status
sign_line(batch *b, size_t len, unsigned long long number, ok_err *err)
{
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_buf sig = OK_BUF_INIT;
	char field[OK_ERR_FIELD_MAX];
	char msg[OK_ERR_FIELD_MAX + OK_ERR_MSG_MAX + 4];
	ok_status st;

	st = line_voucher(b, len, number, &voucher, err);
	if (st == OK_SUCCESS)
		st = ok_vsigner_sign_voucher(b->signer, &voucher, &sig, err);
	if (st == OK_SUCCESS)
		st = emit_record(b, &voucher, &sig, number, err);
	ok_buf_free(&sig);
	ok_voucher_free(&voucher);
	if (st != OK_SUCCESS && st != OK_E_IO &&
	    strncmp(err->field, "line ", 5) != 0) {
		/* "line N: LEAF: reason" */
		line_field(number, field);
		snprintf(msg, sizeof(msg), "%s%s%s", err->field,
		    err->field[0] != '\0' ? ": " : "", err->msg);
		ok_err_set(err, st, field, "%s", msg);
	}
	return st;
}

static ok_status
run_batch(batch *b, ok_err *err)
{
	bool progress = ok_cli_stderr_is_tty();
	char field[OK_ERR_FIELD_MAX];
	ok_status st = OK_SUCCESS;
	size_t len = 0;

	while (st == OK_SUCCESS) {
		if (ok_cli_stop_signal() != 0)
			return ok_err_set(err, OK_E_IO, "sign", "interrupted by "
			    "signal %d after %llu vouchers; no output kept",
			    ok_cli_stop_signal(), b->count);
		if ((st = next_line(b, &len, err)) != OK_SUCCESS ||
		    len == (size_t)-1)
			break;
		if (b->count == BATCH_LINES_MAX) {
			line_field(b->count + 1, field);
			return ok_err_set(err, OK_E_MALFORMED, field, "a batch "
			    "is at most %llu lines", BATCH_LINES_MAX);
		}
		st = sign_line(b, len, ++b->count, err);
		if (progress && b->count % 1000 == 0)
			fprintf(stderr, "\r%s: sign: %llu", ok_cli_tool_name(),
			    b->count);
	}
	if (progress && b->count >= 1000)
		fputc('\n', stderr);
	return st;
}

/* Opens the input and the destinations: a staged directory, a staged
 * file, or a spool for stdout. */
static ok_status
open_streams(batch *b, ok_err *err)
{
	const char *input = b->opts->input;
	char index_path[4096];
	ok_status st;

	b->file.fd = -1;
	b->in = input == NULL || strcmp(input, "-") == 0 ? stdin :
	    fopen(input, "r");
	if (b->in == NULL)
		return ok_err_sys(err, OK_E_IO, input, errno, "open");
	if (b->opts->outdir != NULL) {
		if ((st = ok_outdir_open(&b->dir, b->opts->outdir, err)) !=
		    OK_SUCCESS)
			return st;
		snprintf(index_path, sizeof(index_path), "%s/index.ndjson",
		    b->dir.staging);
		return ok_atomic_open(&b->file, index_path, 0, err);
	}
	if (b->opts->output != NULL && strcmp(b->opts->output, "-") != 0)
		return ok_atomic_open(&b->file, b->opts->output,
		    b->opts->force ? OK_WRITE_FORCE : 0, err);
	if ((b->spool = tmpfile()) == NULL)
		return ok_err_sys(err, OK_E_IO, "spool", errno, "tmpfile");
	return OK_SUCCESS;
}

/* Copies the spooled records to stdout. */
static ok_status
publish_spool(batch *b, ok_err *err)
{
	char chunk[65536];
	size_t n;

	if (fwrite(b->pending.data, 1, b->pending.len, b->spool) !=
	    b->pending.len || fflush(b->spool) != 0)
		return ok_err_sys(err, OK_E_IO, "spool", errno, "write");
	rewind(b->spool);
	while ((n = fread(chunk, 1, sizeof(chunk), b->spool)) > 0)
		if (fwrite(chunk, 1, n, stdout) != n)
			return ok_err_sys(err, OK_E_IO, "stdout", errno,
			    "write");
	if (ferror(b->spool))
		return ok_err_sys(err, OK_E_IO, "spool", errno, "read");
	if (fflush(stdout) != 0)
		return ok_err_sys(err, OK_E_IO, "stdout", errno, "write");
	return OK_SUCCESS;
}

static ok_status
close_streams(batch *b, ok_status st, ok_err *err)
{
	if (st == OK_SUCCESS && b->spool != NULL)
		st = publish_spool(b, err);
	else if (st == OK_SUCCESS && b->pending.len > 0)
		st = ok_atomic_write(&b->file, b->pending.data,
		    b->pending.len, err);
	if (st == OK_SUCCESS && b->file.fd >= 0)
		st = ok_atomic_commit(&b->file, err);
	if (st == OK_SUCCESS && b->opts->outdir != NULL)
		st = ok_outdir_commit(&b->dir, err);
	if (st != OK_SUCCESS) {
		if (b->file.fd >= 0)
			ok_atomic_abort(&b->file);
		if (b->opts->outdir != NULL && b->dir.staging != NULL)
			ok_outdir_abort(&b->dir);
	}
	if (b->spool != NULL)
		fclose(b->spool);
	if (b->in != NULL && b->in != stdin)
		fclose(b->in);
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

/* Everything that can be refused before any output is opened. */
static ok_status
batch_setup(batch *b, ok_err *err)
{
	time_t start;
	ok_status st;

	st = parse_time("now", "created-on", &start, b->created_on, err);
	if (st == OK_SUCCESS)
		st = signer_load(&b->opts->signer, &b->sign, err);
	if (st == OK_SUCCESS)
		st = ok_vsigner_new(&b->sign, &b->signer, err);
	if (st == OK_SUCCESS && (b->names = json_object()) == NULL)
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	return st;
}

static void
batch_free(batch *b)
{
	ok_vsigner_free(b->signer);
	signer_free(&b->sign);
	json_decref(b->names);
	ok_buf_free(&b->pending);
}

int
sign_batch(const sign_opts *opts)
{
	static batch b; /* large (the line buffer); one per process */
	struct timespec start;
	const char *form;
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
		st = open_streams(&b, &err);
		if (st == OK_SUCCESS)
			st = run_batch(&b, &err);
		st = close_streams(&b, st, &err);
		ok_cli_catch_stop_signals(false);
	}
	form = ok_vform_name(b.sign.form);
	batch_free(&b);
	if (st != OK_SUCCESS)
		return ok_cli_finish(ok_cli_report(&err));
	if (b.warned_lines > WARN_LINES_SHOWN)
		ok_cli_warn("sign", "%llu more lines had warnings",
		    b.warned_lines - WARN_LINES_SHOWN);
	elapsed = seconds_since(&start);
	fprintf(stderr, "%s: sign: %llu vouchers (%s) in %.2f s (%.0f/s)\n",
	    ok_cli_tool_name(), b.count, form, elapsed,
	    elapsed > 0 ? (double)b.count / elapsed : 0.0);
	return ok_cli_finish(OK_SUCCESS);
}
