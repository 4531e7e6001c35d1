/* test_json.c: strict parsing, exact output bytes, and the set helpers
 * under allocation failure. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/json.h"
#include "tap.h"

/* jansson allocations succeed while the budget lasts; -1 is unlimited. */
static long alloc_budget = -1;

static void *
budget_malloc(size_t size)
{
	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	return malloc(size);
}

static bool
msg_printable(const char *msg)
{
	for (; *msg != '\0'; msg++)
		if ((unsigned char)*msg < 0x20 || *msg == 0x7f)
			return false;
	return true;
}

static void
check_parse_fails(const char *text, size_t len, const char *msg,
    const char *what)
{
	json_t *doc = (json_t *)1;
	ok_err err;
	char label[160];

	ok_err_clear(&err);
	snprintf(label, sizeof(label), "%s: status 3", what);
	tap_eq_int(ok_json_parse(text, len, "voucher.json", &doc, &err),
	    OK_E_MALFORMED, label);
	snprintf(label, sizeof(label), "%s: field", what);
	tap_eq_str(err.field, "voucher.json", label);
	snprintf(label, sizeof(label), "%s: message", what);
	if (msg != NULL)
		tap_eq_str(err.msg, msg, label);
	else
		tap_ok(msg_printable(err.msg) && strncmp(err.msg,
		    "invalid JSON", 12) == 0, "%s printable: %s", label,
		    err.msg);
	snprintf(label, sizeof(label), "%s: no value", what);
	tap_ok(doc == NULL, "%s", label);
}

static void
test_parse_accepts(void)
{
	static const char text[] = "{\"a\":1,\"b\":[true,null,\"x\"]} \n\t";
	json_t *doc = NULL;
	ok_err err;

	tap_eq_int(ok_json_parse(text, strlen(text), "in", &doc, &err),
	    OK_SUCCESS, "parse object with trailing whitespace");
	tap_ok(json_integer_value(json_object_get(doc, "a")) == 1 &&
	    json_array_size(json_object_get(doc, "b")) == 3 &&
	    strcmp(json_string_value(json_array_get(json_object_get(doc, "b"),
	    2)), "x") == 0, "parsed values");
	json_decref(doc);
	/* Only text[0..len) counts: the rest of the string is not read. */
	tap_eq_int(ok_json_parse("[1]garbage", 3, "in", &doc, &err),
	    OK_SUCCESS, "length bounds the input");
	json_decref(doc);
}

static void
test_parse_rejects(void)
{
	static const char nul_tail[] = "{\"a\":\"b\"}";
	static const char nul_inside[] = "{\"a\":\"b\0c\"}";

	check_parse_fails("{\"a\":1,\"a\":2}", 13, "invalid JSON at line 1, "
	    "column 10: duplicate object key near '\"a\"'", "duplicate key");
	check_parse_fails("{\"a\":{\"b\":1,\"b\":2}}", 19, "invalid JSON at "
	    "line 1, column 15: duplicate object key near '\"b\"'",
	    "nested duplicate key");
	check_parse_fails("{} x", 4, "invalid JSON at line 1, column 4: end "
	    "of file expected near 'x'", "trailing garbage");
	check_parse_fails("{}{}", 4, "invalid JSON at line 1, column 3: end "
	    "of file expected near '{'", "second value");
	check_parse_fails("[1]]", 4, "invalid JSON at line 1, column 4: end "
	    "of file expected near ']'", "trailing bracket");
	check_parse_fails(nul_tail, sizeof(nul_tail), "NUL byte at offset 9 "
	    "in JSON input", "trailing NUL");
	check_parse_fails(nul_inside, sizeof(nul_inside) - 1, "NUL byte at "
	    "offset 7 in JSON input", "NUL inside a string");
	check_parse_fails("[\"\\u0000\"]", 10, "invalid JSON at line 1, "
	    "column 9: \\u0000 is not allowed without JSON_ALLOW_NUL near "
	    "'\"\\u0000\"'", "escaped NUL");
	check_parse_fails("{\n  \"a\": tru\n}", 14, "invalid JSON at line 2, "
	    "column 10: invalid token near 'tru'", "position on line 2");
	check_parse_fails("", 0, "invalid JSON at line 1, column 0: '[' or "
	    "'{' expected near end of file", "empty input");
	check_parse_fails(NULL, 0, "invalid JSON at line 1, column 0: '[' or "
	    "'{' expected near end of file", "no input");
	check_parse_fails("[\"\xff\"]", 5, "invalid JSON at line 1, column 2: "
	    "unable to decode byte 0xff near '\"'", "invalid UTF-8");
	check_parse_fails("{\"a\":1,}", 8, "invalid JSON at line 1, column 8: "
	    "string or '}' expected near '}'", "trailing comma");
	check_parse_fails("[1", 2, "invalid JSON at line 1, column 2: ']' "
	    "expected near end of file", "truncated");
	check_parse_fails("[\"\\\n\"]", 6, NULL, "control byte in the token");
}

static void
test_parse_size_cap(void)
{
	size_t cap = OK_JSON_MAX_INPUT;
	char *text = malloc(cap + 1);
	json_t *doc = NULL;
	ok_err err;

	if (text == NULL)
		abort();
	memset(text, ' ', cap + 1);
	text[0] = '[';
	text[cap - 1] = ']';
	tap_eq_int(ok_json_parse(text, cap, "big.json", &doc, &err),
	    OK_SUCCESS, "input of exactly OK_JSON_MAX_INPUT bytes accepted");
	json_decref(doc);
	text[cap] = ' ';
	check_parse_fails(text, cap + 1, "JSON input of 1048577 bytes is "
	    "larger than the 1048576 byte limit", "one byte over the cap");
	check_parse_fails(text, SIZE_MAX, "JSON input of 18446744073709551615 "
	    "bytes is larger than the 1048576 byte limit", "absurd length");
	free(text);
}

static void
check_dump(const json_t *value, unsigned flags, const char *want,
    const char *what)
{
	ok_buf out = OK_BUF_INIT;
	ok_err err;
	char label[160];

	ok_err_clear(&err);
	snprintf(label, sizeof(label), "%s: status", what);
	if (!tap_eq_int(ok_json_dump(value, flags, &out, &err), OK_SUCCESS,
	    label))
		tap_diag("  %s", err.msg);
	tap_eq_mem(out.data, out.len, want, strlen(want), what);
	ok_buf_free(&out);
}

static json_t *
build_sample(void)
{
	json_t *obj = json_object(), *list = json_array(), *inner =
	    json_object();
	ok_err err;
	int failed = 0;

	failed += ok_json_set_int(obj, "b", 1, &err) != OK_SUCCESS;
	failed += ok_json_set_str(obj, "a", "x", &err) != OK_SUCCESS;
	failed += ok_json_set_new(inner, "z", json_null(), &err) != OK_SUCCESS;
	failed += ok_json_set_new(inner, "y", json_true(), &err) != OK_SUCCESS;
	json_array_append_new(list, json_integer(1));
	json_array_append_new(list, json_integer(2));
	json_array_append_new(list, inner);
	failed += ok_json_set_new(obj, "c", list, &err) != OK_SUCCESS;
	tap_eq_int(failed, 0, "build sample object with the set helpers");
	return obj;
}

static void
test_dump_exact(void)
{
	json_t *sample = build_sample();
	json_t *scalar = json_string("x");
	json_t *empty = json_object();

	check_dump(sample, 0, "{\"b\":1,\"a\":\"x\",\"c\":[1,2,{\"z\":null,"
	    "\"y\":true}]}", "compact keeps insertion order");
	check_dump(sample, OK_JSON_SORTED, "{\"a\":\"x\",\"b\":1,\"c\":[1,2,"
	    "{\"y\":true,\"z\":null}]}", "sorted compact");
	check_dump(sample, OK_JSON_SORTED | OK_JSON_PRETTY,
	    "{\n  \"a\": \"x\",\n  \"b\": 1,\n  \"c\": [\n    1,\n    2,\n"
	    "    {\n      \"y\": true,\n      \"z\": null\n    }\n  ]\n}",
	    "sorted pretty, no final newline");
	check_dump(scalar, 0, "\"x\"", "a bare string");
	check_dump(empty, OK_JSON_PRETTY, "{}", "empty object pretty");
	json_decref(sample);
	json_decref(scalar);
	json_decref(empty);
}

static void
check_parse_dump(const char *text, const char *want, const char *what)
{
	json_t *doc = NULL;
	ok_err err;

	if (!tap_eq_int(ok_json_parse(text, strlen(text), "in", &doc, &err),
	    OK_SUCCESS, what))
		tap_diag("  %s", err.msg);
	check_dump(doc, 0, want, what);
	json_decref(doc);
}

static void
test_text_and_numbers(void)
{
	/* e-acute, a hot beverage (3 bytes) and a G clef (4 bytes) */
	static const char utf8[] = "{\"name\":\"Caf\xc3\xa9 \xe2\x98\x95 "
	    "\xf0\x9d\x84\x9e\"}";

	check_parse_dump(utf8, utf8, "UTF-8 passes through unescaped");
	check_parse_dump("[\"\\u00e9\\ud834\\udd1e\"]",
	    "[\"\xc3\xa9\xf0\x9d\x84\x9e\"]", "escapes come out as UTF-8");
	check_parse_dump("[\"\\u0001\\n\\\"\\\\/\"]",
	    "[\"\\u0001\\n\\\"\\\\/\"]", "control characters stay escaped");
	check_parse_dump("[0.5,0.1,1e300,-9223372036854775808]",
	    "[0.5,0.10000000000000001,1.0000000000000001e300,"
	    "-9223372036854775808]", "reals with 17 significant digits");
}

/* Doubles must read back bit for bit after a dump. */
static void
test_real_round_trip(void)
{
	json_t *list = json_array(), *back = NULL;
	ok_buf text = OK_BUF_INIT;
	ok_err err;
	double value = 1.0 / 3.0;
	size_t i;
	int failures = 0;

	for (i = 0; i < 200; i++, value = value * -7.3 + 1e-5 / (double)(i + 1))
		json_array_append_new(list, json_real(value));
	if (ok_json_dump(list, 0, &text, &err) != OK_SUCCESS ||
	    ok_json_parse((char *)text.data, text.len, "reals", &back, &err) !=
	    OK_SUCCESS)
		failures = -1;
	for (i = 0; back != NULL && i < 200; i++) {
		double sent = json_real_value(json_array_get(list, i));
		double got = json_real_value(json_array_get(back, i));

		failures += memcmp(&sent, &got, sizeof(sent)) != 0;
	}
	tap_eq_int(failures, 0, "200 reals survive dump and parse exactly");
	json_decref(list);
	json_decref(back);
	ok_buf_free(&text);
}

static void
test_dump_failures(void)
{
	json_t *outer = json_array(), *inner = json_array();
	ok_buf out = OK_BUF_INIT;
	ok_err err;

	tap_eq_int(ok_json_dump(NULL, 0, &out, &err), OK_E_IO,
	    "dump of no value: status 4");
	tap_ok(strcmp(err.field, "json") == 0 && out.data == NULL,
	    "dump of no value: field, no output");
	json_array_append(outer, inner);
	json_array_append(inner, outer);
	tap_eq_int(ok_json_dump(outer, 0, &out, &err), OK_E_IO,
	    "dump of a cycle: status 4");
	tap_ok(out.data == NULL && out.len == 0, "dump of a cycle: no output");
	json_array_clear(inner);
	json_decref(inner);
	json_decref(outer);
}

static void
test_set_helpers(void)
{
	json_t *obj = json_object(), *value = json_string("v");
	ok_err err;

	tap_ok(ok_json_set_int(obj, "min", LLONG_MIN, &err) == OK_SUCCESS &&
	    json_integer_value(json_object_get(obj, "min")) == LLONG_MIN,
	    "set_int LLONG_MIN");
	tap_ok(ok_json_set_str(obj, "s", "t", &err) == OK_SUCCESS &&
	    strcmp(json_string_value(json_object_get(obj, "s")), "t") == 0,
	    "set_str");
	tap_eq_int(ok_json_set_str(obj, "bad", "\xc3(", &err), OK_E_MALFORMED,
	    "set_str with invalid UTF-8: status 3");
	tap_ok(strcmp(err.field, "bad") == 0 && json_object_size(obj) == 2,
	    "set_str with invalid UTF-8: field, object unchanged");
	tap_eq_int(ok_json_set_str(obj, "n", NULL, &err), OK_E_IO,
	    "set_str NULL value: status 4");
	json_incref(value);
	tap_eq_int(ok_json_set_new(NULL, "k", value, &err), OK_E_IO,
	    "set_new on no object: status 4");
	tap_ok(value->refcount == 1 && strcmp(err.field, "k") == 0,
	    "set_new on no object: field, reference stolen");
	tap_eq_int(ok_json_set_new(obj, "k", NULL, &err), OK_E_IO,
	    "set_new with no value: status 4");
	tap_ok(json_object_size(obj) == 2, "failed sets left object unchanged");
	json_decref(value);
	json_decref(obj);
}

/*
 * Runs one helper with an allocation budget of 0, 1, 2, ... until it
 * succeeds; every failure must be status 4 with the object unchanged.
 * Leaks show up under ASan's leak checker.
 */
static void
test_set_out_of_memory(int which)
{
	static const char *names[] = { "set_str", "set_int", "set_new" };
	json_t *obj = json_object(), *value;
	ok_status st = OK_E_IO;
	ok_err err;
	long budget;
	int bad = 0;

	json_object_set_new(obj, "keep", json_true());
	for (budget = 0; st != OK_SUCCESS && budget < 20; budget++) {
		value = json_string("steal me");
		if (which == 2)
			json_incref(value);
		alloc_budget = budget;
		if (which == 0)
			st = ok_json_set_str(obj, "k", "v", &err);
		else if (which == 1)
			st = ok_json_set_int(obj, "k", 42, &err);
		else
			st = ok_json_set_new(obj, "k", value, &err);
		alloc_budget = -1;
		/* A failed set_new has dropped the reference it was given. */
		if (st != OK_SUCCESS && (st != OK_E_IO ||
		    json_object_size(obj) != 1 || value->refcount != 1 ||
		    strcmp(err.field, "k") != 0))
			bad++;
		json_decref(value);
	}
	tap_ok(bad == 0 && st == OK_SUCCESS && json_object_size(obj) == 2,
	    "%s out of memory: status 4, unchanged, no leak (%ld budgets)",
	    names[which], budget);
	json_decref(obj);
}

static void
test_parse_dump_out_of_memory(void)
{
	static const char text[] = "{\"z\":[1,\"two\",{\"x\":null}],\"a\":2.5}";
	json_t *doc = NULL;
	ok_buf out = OK_BUF_INIT;
	ok_status st = OK_E_IO;
	ok_err err;
	long budget;
	int bad = 0;

	/*
	 * jansson 2.14 reports a failed allocation of a string token as a
	 * syntax error ("string or '}' expected"), so 3 is tolerated here;
	 * what matters is no value, no crash and no leak.
	 */
	for (budget = 0; st != OK_SUCCESS && budget < 100; budget++) {
		alloc_budget = budget;
		st = ok_json_parse(text, strlen(text), "in", &doc, &err);
		alloc_budget = -1;
		if (st != OK_SUCCESS && ((st != OK_E_IO &&
		    st != OK_E_MALFORMED) || doc != NULL))
			bad++;
	}
	tap_ok(bad == 0 && st == OK_SUCCESS, "parse out of memory: fails "
	    "cleanly (%ld budgets)", budget);
	for (st = OK_E_IO, budget = 0; st != OK_SUCCESS && budget < 100;
	    budget++) {
		alloc_budget = budget;
		st = ok_json_dump(doc, OK_JSON_SORTED, &out, &err);
		alloc_budget = -1;
		if (st != OK_SUCCESS && (st != OK_E_IO || out.data != NULL))
			bad++;
	}
	tap_ok(bad == 0 && st == OK_SUCCESS && strcmp((char *)out.data,
	    "{\"a\":2.5,\"z\":[1,\"two\",{\"x\":null}]}") == 0,
	    "sorted dump out of memory: status 4, then exact output");
	ok_buf_free(&out);
	json_decref(doc);
}

/* ok_json_line writes what ok_json_dump writes for the same members. */
static void
check_line_matches_dump(const char *value, long long number,
    const char *what)
{
	ok_json_line line;
	ok_buf dumped = OK_BUF_INIT;
	json_t *obj = json_object();
	ok_err err;

	json_object_set_new(obj, "index", json_integer(number));
	json_object_set_new(obj, "uri", json_string(value));
	json_object_set_new(obj, "key", json_string("00ff"));
	ok_json_dump(obj, 0, &dumped, &err);
	ok_buf_append(&dumped, "\n", 1, &err);
	memset(&line, 0, sizeof(line));
	ok_json_line_begin(&line);
	ok_json_line_int(&line, "index", number);
	ok_json_line_str(&line, "uri", value);
	ok_json_line_str(&line, "key", "00ff");
	tap_eq_int(ok_json_line_end(&line, &err), OK_SUCCESS, what);
	tap_eq_mem(line.text, line.len, dumped.data, dumped.len, what);
	json_decref(obj);
	ok_buf_free(&dumped);
}

static void
test_json_line(void)
{
	char every[128], big[OK_JSON_LINE_MAX];
	ok_json_line line;
	ok_err err;
	int c;

	for (c = 1; c < 128; c++)
		every[c - 1] = (char)c;
	every[127] = '\0';
	check_line_matches_dump(every, 42, "json_line: every ASCII byte");
	check_line_matches_dump("DPP:K:abc;;", -7, "json_line: a URI");
	check_line_matches_dump("caf\xc3\xa9 \xe2\x82\xac", 0,
	    "json_line: UTF-8 passes through");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memset(&line, 0, sizeof(line));
	ok_json_line_begin(&line);
	ok_json_line_str(&line, "uri", big);
	tap_eq_int(ok_json_line_end(&line, &err), OK_E_IO,
	    "json_line: an overlong record is refused");
	tap_eq_str(err.field, "json", "json_line: overflow names json");
}

int
main(void)
{
	json_set_alloc_funcs(budget_malloc, free);
	test_json_line();
	test_parse_accepts();
	test_parse_rejects();
	test_parse_size_cap();
	test_dump_exact();
	test_text_and_numbers();
	test_real_round_trip();
	test_dump_failures();
	test_set_helpers();
	test_set_out_of_memory(0);
	test_set_out_of_memory(1);
	test_set_out_of_memory(2);
	test_parse_dump_out_of_memory();
	return tap_done();
}
