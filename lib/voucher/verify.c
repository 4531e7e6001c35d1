/*
 * verify.c: the order of a verifier's checks (verify.h) and the decoding
 * that show does without them.  The rules themselves are in
 * verify_rules.c.
 */
#include "verify.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../common/datetime.h"
#include "verify_internal.h"

/* The checks ok_voucher_verify() records, in its order. */
static const char *const check_order[] = {
	"signature", "chain", "kind", "yang", "expires-on", "serial-number",
	"nonce", "pinned-domain", "registrar-eku", "prior-signed",
	"proximity", "prior-serial"
};
#define CHECK_COUNT (sizeof(check_order) / sizeof(check_order[0]))
#define CHECK_AFTER_SIGNATURE 1
#define CHECK_AFTER_CHAIN 2
#define CHECK_PROXIMITY 10

const char *
ok_check_result_name(ok_check_result result)
{
	switch (result) {
	case OK_CHECK_PASS:
		return "pass";
	case OK_CHECK_FAIL:
		return "fail";
	case OK_CHECK_SKIP:
		return "skip";
	case OK_CHECK_WARN:
		return "warn";
	}
	return "unknown";
}

void
ok_check_add(ok_check *checks, size_t *count, const char *name,
    ok_check_result result, const char *fmt, ...)
{
	ok_check *check;
	va_list ap;

	if (*count >= OK_CHECKS_MAX)
		return;
	check = &checks[(*count)++];
	check->name = name;
	check->result = result;
	va_start(ap, fmt);
	vsnprintf(check->detail, sizeof(check->detail), fmt, ap);
	va_end(ap);
}

const ok_check *
ok_check_first_failure(const ok_check *checks, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (checks[i].result == OK_CHECK_FAIL)
			return &checks[i];
	return NULL;
}

void
ok_vreport_init(ok_vreport *report)
{
	memset(report, 0, sizeof(*report));
	ok_signed_init(&report->sig);
	report->voucher.kind = OK_VOUCHER_ARTIFACT;
	report->voucher.leaves = NULL;
	report->prior.kind = OK_VOUCHER_ARTIFACT;
	report->prior.leaves = NULL;
}

void
ok_vreport_free(ok_vreport *report)
{
	if (report == NULL)
		return;
	ok_signed_free(&report->sig);
	ok_voucher_free(&report->voucher);
	ok_voucher_free(&report->prior);
	ok_vreport_init(report);
}

static void
record(ok_vreport *report, const char *name, ok_check_result result,
    const char *detail)
{
	ok_check_add(report->checks, &report->n_checks, name, result, "%s",
	    detail);
}

/* Records every check from index on as skipped, for why. */
static void
skip_from(ok_vreport *report, size_t index, const char *why)
{
	for (; index < CHECK_COUNT; index++)
		record(report, check_order[index], OK_CHECK_SKIP, why);
}

/* The decision: the first failed check names the result. */
static ok_status
decision(const ok_vreport *report, ok_err *err)
{
	const ok_check *failed;

	failed = ok_check_first_failure(report->checks, report->n_checks);
	if (failed == NULL)
		return OK_SUCCESS;
	return ok_err_set(err, OK_E_NEGATIVE, failed->name, "%s",
	    failed->detail);
}

static ok_status
decode_content(ok_vreport *report, ok_voucher *out, ok_err *err)
{
	ok_voucher voucher = OK_VOUCHER_INIT;
	ok_status st;

	st = ok_signed_voucher(&report->sig, OK_VOUCHER_IGNORE_UNKNOWN,
	    &voucher, &report->warnings, err);
	if (st != OK_SUCCESS) {
		ok_voucher_free(&voucher);
		return st;
	}
	*out = voucher;
	report->have_voucher = true;
	return OK_SUCCESS;
}

/* Status other than OK_E_NEGATIVE from a check's call: a local failure
 * or an envelope part that does not decode; it ends verification. */
static bool
is_hard_failure(ok_status st)
{
	return st != OK_SUCCESS && st != OK_E_NEGATIVE;
}

static ok_status
check_signature(ok_vreport *report, const ok_vverify_opts *opts,
    ok_err *err)
{
	char subject[OK_CHECK_DETAIL];
	ok_status st;
	ok_err why;

	ok_err_clear(&why);
	st = ok_signed_verify_signature(&report->sig, opts->extra, &why);
	if (st != OK_SUCCESS) {
		record(report, "signature", OK_CHECK_FAIL, why.msg);
		skip_from(report, CHECK_AFTER_SIGNATURE,
		    "not checked: the signature does not verify");
		if (is_hard_failure(st))
			*err = why;
		return st;
	}
	ok_cert_subject_text(report->sig.signer, subject, sizeof(subject));
	ok_check_add(report->checks, &report->n_checks, "signature",
	    OK_CHECK_PASS, "signed by %s", subject);
	return OK_SUCCESS;
}

static ok_status
check_chain(ok_vreport *report, const ok_vverify_opts *opts, time_t at,
    ok_err *err)
{
	ok_verify_opts chain_opts = { at, true, opts->partial_chain };
	char when[OK_DATETIME_MAX];
	ok_status st;
	ok_err why;

	ok_err_clear(&why);
	st = ok_signed_verify_chain(&report->sig, opts->extra, opts->anchors,
	    &chain_opts, &why);
	if (st != OK_SUCCESS) {
		record(report, "chain", OK_CHECK_FAIL, why.msg);
		if (!is_hard_failure(st))
			return OK_SUCCESS;
		skip_from(report, CHECK_AFTER_CHAIN,
		    "not checked: the chain could not be checked");
		*err = why;
		return st;
	}
	ok_datetime_format(at, when);
	ok_check_add(report->checks, &report->n_checks, "chain",
	    OK_CHECK_PASS, "signer chains to a trust anchor at %s", when);
	return OK_SUCCESS;
}

static void
check_kind(ok_vreport *report, int expect_kind)
{
	const char *got = ok_voucher_kind_name(report->voucher.kind);

	if (expect_kind < 0)
		ok_check_add(report->checks, &report->n_checks, "kind",
		    OK_CHECK_SKIP, "any kind accepted (%s)", got);
	else if ((int)report->voucher.kind == expect_kind)
		record(report, "kind", OK_CHECK_PASS, got);
	else
		ok_check_add(report->checks, &report->n_checks, "kind",
		    OK_CHECK_FAIL, "%s where %s was expected", got,
		    ok_voucher_kind_name((ok_voucher_kind)expect_kind));
}

/* A YANG violation is reported, not decisive: the pledge's own rules
 * that follow say whether the voucher is acceptable. */
static void
check_yang(ok_vreport *report)
{
	ok_err why;

	ok_err_clear(&why);
	if (ok_voucher_check(&report->voucher, 0, &report->warnings, &why) ==
	    OK_SUCCESS) {
		record(report, "yang", OK_CHECK_PASS,
		    "the YANG rules hold (mandatory leaves, nonce and "
		    "expires-on, last-renewal-date)");
		return;
	}
	ok_check_add(report->checks, &report->n_checks, "yang",
	    OK_CHECK_WARN, "%s: %s", why.field, why.msg);
	ok_warnings_add(&report->warnings, "yang: %s: %s", why.field,
	    why.msg);
}

static ok_status
check_rules(ok_vreport *report, const ok_vverify_opts *opts, time_t at,
    ok_err *err)
{
	ok_status st;

	check_kind(report, opts->expect_kind);
	check_yang(report);
	ok_vrule_expiry(report, at);
	ok_vrule_serial(report, opts->serial);
	ok_vrule_nonce(report, opts->nonce);
	ok_vrule_pinned_domain(report, opts->tls_chain, at);
	ok_vrule_registrar_eku(report, opts->registrar_request);
	st = ok_vrule_prior_signed(report, opts, at, err);
	if (st != OK_SUCCESS) {
		skip_from(report, CHECK_PROXIMITY,
		    "not checked: the prior-signed request does not decode");
		return st;
	}
	ok_vrule_proximity(report, opts->registrar_request, opts->extra);
	ok_vrule_prior_serial(report, opts->registrar_request);
	return OK_SUCCESS;
}

ok_status
ok_voucher_verify(const uint8_t *data, size_t len,
    const ok_vverify_opts *opts, ok_vreport *report, ok_err *err)
{
	ok_err ignored;
	time_t at;
	ok_status st;

	if (opts == NULL || sk_X509_num(opts->anchors) <= 0)
		return ok_err_set(err, OK_E_USAGE, "trust-anchor",
		    "no trust anchor to verify against");
	at = opts->at != 0 ? opts->at : time(NULL);
	st = ok_signed_parse(data, len, "voucher", &report->sig, err);
	if (st != OK_SUCCESS)
		return st;
	st = check_signature(report, opts, err);
	if (st == OK_E_NEGATIVE) {
		/* For the report only: what the forged content claims. */
		(void)decode_content(report, &report->voucher, &ignored);
		return decision(report, err);
	}
	if (st == OK_SUCCESS)
		st = check_chain(report, opts, at, err);
	if (st != OK_SUCCESS)
		return st;
	st = decode_content(report, &report->voucher, err);
	if (st != OK_SUCCESS) {
		skip_from(report, CHECK_AFTER_CHAIN,
		    "not checked: the content does not decode");
		return st;
	}
	st = check_rules(report, opts, at, err);
	if (st != OK_SUCCESS)
		return st;
	return decision(report, err);
}

ok_status
ok_voucher_inspect(const uint8_t *data, size_t len, ok_vreport *report,
    ok_err *err)
{
	ok_signed prior;
	ok_status st;
	ok_err ignored;

	st = ok_signed_parse(data, len, "voucher", &report->sig, err);
	if (st != OK_SUCCESS)
		return st;
	/* Only to name the signer (the certificate whose key verifies);
	 * the outcome is not reported as a check. */
	(void)ok_signed_verify_signature(&report->sig, NULL, &ignored);
	st = decode_content(report, &report->voucher, err);
	if (st != OK_SUCCESS || !ok_vprior_present(report))
		return st;
	ok_signed_init(&prior);
	st = ok_vprior_decode(report, &prior, NULL, err);
	ok_signed_free(&prior);
	return st;
}
