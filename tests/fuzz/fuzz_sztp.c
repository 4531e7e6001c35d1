/*
 * fuzz_sztp.c: ok_sztp_verify() on arbitrary bytes as a bundle, with a
 * fixed trust anchor (the SZTP vectors' vendor CA), time and serial, then
 * the report as JSON.  The result must be one of the statuses the
 * contract names, a negative result must name a check that failed, and
 * nothing may leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>

#include "voucher/sztp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tests/vectors/voucher/sztp/vendor-ca.crt */
static const char vendor_ca[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBpzCCAU2gAwIBAgIBATAKBggqhkjOPQQDAjA6MRcwFQYDVQQKDA5FeGFtcGxl\n"
    "IFZlbmRvcjEfMB0GA1UEAwwWRXhhbXBsZSBWZW5kb3IgUm9vdCBDQTAgFw0yNjEx\n"
    "MjIwMjUyNDJaGA8yMTI2MTAyOTAyNTI0MlowOjEXMBUGA1UECgwORXhhbXBsZSBW\n"
    "ZW5kb3IxHzAdBgNVBAMMFkV4YW1wbGUgVmVuZG9yIFJvb3QgQ0EwWTATBgcqhkjO\n"
    "PQIBBggqhkjOPQMBBwNCAATBWEkFrAG2hZtTzvAw2jmZ0fE34521tGXTcFvZcMmo\n"
    "kzANzCj8kRIADRPR4Jz3MZ6KV5Lwk5430yJYREoDuNy5o0IwQDAPBgNVHRMBAf8E\n"
    "BTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQURYYfpyY8b/1GBbZTNLlo\n"
    "CD5w3VgwCgYIKoZIzj0EAwIDSAAwRQIhANCmWEAK3CLAHaEppafkjhdMlJB6xDcQ\n"
    "1EqXPboODh3NAiBr/uRLQfHVIe5Ayk00E9yoyQrpYtg3jX2ByAuY4hMUnQ==\n"
    "-----END CERTIFICATE-----\n";

/* 2030-03-17: inside every SZTP vector certificate's validity. */
#define FUZZ_TIME 1900000000

static STACK_OF(X509) *anchors;

static bool
names_a_failed_check(const ok_sztp_report *report, const ok_err *err)
{
	size_t i;

	for (i = 0; i < report->n_checks; i++)
		if (report->checks[i].result == OK_CHECK_FAIL &&
		    strcmp(report->checks[i].name, err->field) == 0)
			return true;
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ok_sztp_verify_opts opts;
	ok_sztp_report report;
	json_t *doc = NULL;
	ok_status st;
	ok_err err;

	if (anchors == NULL && ok_certs_parse((const uint8_t *)vendor_ca,
	    strlen(vendor_ca), "anchor", &anchors, &err) != OK_SUCCESS)
		abort();
	memset(&opts, 0, sizeof(opts));
	opts.anchors = anchors;
	opts.at = FUZZ_TIME;
	opts.serial = "SZTP-DEV-0001";
	opts.trusted_source = size > 0 && (data[size - 1] & 1) != 0;
	ok_sztp_report_init(&report);
	st = ok_sztp_verify(data, size, &opts, &report, &err);
	if (st != OK_SUCCESS && st != OK_E_NEGATIVE && st != OK_E_MALFORMED)
		abort();
	if (st == OK_E_NEGATIVE && !names_a_failed_check(&report, &err))
		abort();
	if (st == OK_SUCCESS && report.conveyed == NULL &&
	    report.n_checks != 4)
		abort();
	if (ok_sztp_report_json(&report, &doc, &err) != OK_SUCCESS)
		abort();
	json_decref(doc);
	ok_sztp_report_free(&report);
	ERR_clear_error();
	return 0;
}
