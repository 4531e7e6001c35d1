/* dpp-uri.h: what the dpp-uri verbs share. */
#ifndef DPP_URI_CMD_H
#define DPP_URI_CMD_H

#include <stdbool.h>

#include "common/cli.h"
#include "common/codec.h"
#include "dpp/uri.h"

int cmd_gen(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_hash(int argc, char **argv);
int cmd_qr(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_key(int argc, char **argv);

/* Where a verb's URI comes from: -u URI, a FILE operand, or stdin. */
typedef struct uri_input {
	const char *inline_uri; /* -u */
	const char *path;       /* operand; NULL or "-" is stdin */
	unsigned parse_flags;   /* OK_DPP_LENIENT */
} uri_input;

/* Reads and parses the URI (one trailing newline removed); raw, when not
 * NULL, receives the URI text as read.  Warnings are printed here so
 * every verb shows them the same way. */
ok_status read_uri(const uri_input *in, ok_dpp_uri *uri, ok_buf *raw,
    ok_err *err);

/* ok_cli_load_key() limited to DPP's curves: the loader also takes
 * Ed25519 (COSE vouchers), which DPP has no use for, so the key is
 * refused here, naming the option that gave it. */
ok_status load_dpp_key(const ok_cli_key_args *args, bool public_ok,
    const char *field, EVP_PKEY **out, ok_err *err);

/* The options that set URI fields, shared by gen and gen --count. */
typedef struct uri_field_opts {
	const char *chan, *mac, *info, *version, *host, *bands;
} uri_field_opts;

ok_status apply_uri_fields(const uri_field_opts *opts, ok_dpp_uri *fields,
    ok_err *err);

/* A URI token named in a format error ("I") becomes the option that
 * set it ("--info"). */
void name_field_option(ok_err *err);

/* gen's options; gen -n hands them to gen_batch(). */
typedef struct gen_opts {
	uri_field_opts fields;
	ok_cli_key_args key;   /* key.source NULL: generate */
	const char *curve;     /* -c */
	const char *keyout;    /* -K */
	const char *output;    /* -o */
	const char *outdir;    /* -d */
	const char *count;     /* -n */
	const char *label;     /* --label: the URI's QR code, PNG or SVG */
	bool json;             /* -j */
	bool force;            /* --force */
} gen_opts;

int gen_batch(const gen_opts *opts);

/* parse --lines: one URI per line of path (NULL or "-": stdin). */
int parse_lines(const char *path, unsigned parse_flags);

/* Adds 1 to a 48-bit MAC address (the next device on a line). */
void mac_increment(uint8_t mac[6]);

#endif
