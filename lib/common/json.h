/*
 * json.h: jansson with the toolkit's rules.  Parsing is strict: one
 * value, no trailing data, duplicate object keys rejected, a size cap,
 * and errors that name the position.  Output is compact (and optionally
 * with sorted keys for canonical comparisons).
 */
#ifndef OK_JSON_H
#define OK_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"

#define OK_JSON_MAX_INPUT (1u << 20)

/* Parses text[0..len); field names the input in messages. */
ok_status ok_json_parse(const char *text, size_t len, const char *field,
    json_t **out, ok_err *err);

enum {
	OK_JSON_SORTED = 1 << 0, /* sort object keys */
	OK_JSON_PRETTY = 1 << 1  /* two-space indentation */
};

/* Serialises value (compact by default) into out, without a newline. */
ok_status ok_json_dump(const json_t *value, unsigned flags, ok_buf *out,
    ok_err *err);

/* Makes jansson wipe every block it frees, so secrets that pass through
 * JSON (a batch's keys) do not linger in freed memory.  Process-wide:
 * a tool calls it once at start-up. */
void ok_json_use_wiping_allocator(void);

/*
 * A compact JSON object written straight into a fixed buffer, for paths
 * that emit one NDJSON record per item at speed (a batch of devices).
 * Members come out in call order with the bytes ok_json_dump() gives;
 * ok_json_line_end() closes the object with a newline.  begin() wipes
 * the previous record (it may have held a key).
 */
#define OK_JSON_LINE_MAX (2 * 4096 + 1024)

typedef struct ok_json_line {
	char text[OK_JSON_LINE_MAX];
	size_t len;
	bool overflow;
} ok_json_line;

void ok_json_line_begin(ok_json_line *line);
void ok_json_line_int(ok_json_line *line, const char *name, long long value);
void ok_json_line_str(ok_json_line *line, const char *name,
    const char *value);
ok_status ok_json_line_end(ok_json_line *line, ok_err *err);

/* Helpers for building objects without checking every call: a failed
 * set leaves the object unchanged and returns OK_E_IO. */
ok_status ok_json_set_str(json_t *obj, const char *key, const char *value,
    ok_err *err);
ok_status ok_json_set_int(json_t *obj, const char *key, long long value,
    ok_err *err);
ok_status ok_json_set_new(json_t *obj, const char *key, json_t *value,
    ok_err *err);

#endif
