/*
 * sztp_verify.c: a device's processing of an RFC 8572 bundle (section
 * 5.4): the ownership voucher to the manufacturer's anchors, the owner
 * certificate to the voucher's pinned-domain-cert, the conveyed
 * information's signature by the owner certificate, then its content.
 * A step that fails ends the processing: what follows is not trusted.
 */
#include "sztp.h"

#include <string.h>

#include <openssl/x509v3.h>

#include "../common/cms.h"
#include "../common/codec.h"
#include "../common/datetime.h"
#include "../common/json.h"
#include "verify_internal.h"

#define ADD(report, ...) \
	ok_check_add((report)->checks, &(report)->n_checks, __VA_ARGS__)

typedef struct sztp_bundle {
	ok_buf conveyed_der;
	ok_buf owner_der;
	ok_buf voucher_der;
	ok_cms *conveyed_cms;   /* NULL when the conveyed info is unsigned */
	ok_buf content;         /* the conveyed information document */
	bool xml;
	ok_cms *owner_cms;
	X509 *owner;            /* the owner's end-entity cert, borrowed */
	ok_status content_status; /* how its JSON decoded */
	ok_err content_err;
} sztp_bundle;

typedef struct sztp_step {
	const char *name;
	ok_status (*run)(sztp_bundle *, const ok_sztp_verify_opts *, time_t,
	    ok_sztp_report *, ok_err *);
} sztp_step;

void
ok_sztp_report_init(ok_sztp_report *report)
{
	memset(report, 0, sizeof(*report));
	ok_vreport_init(&report->voucher);
}

void
ok_sztp_report_free(ok_sztp_report *report)
{
	if (report == NULL)
		return;
	ok_vreport_free(&report->voucher);
	json_decref(report->conveyed);
	ok_sztp_report_init(report);
}

static void
bundle_free(sztp_bundle *bundle)
{
	ok_buf_free(&bundle->conveyed_der);
	ok_buf_free(&bundle->owner_der);
	ok_buf_free(&bundle->voucher_der);
	ok_buf_free(&bundle->content);
	ok_cms_free(bundle->conveyed_cms);
	ok_cms_free(bundle->owner_cms);
}

/* The member's buffer, or NULL for a member we do not read. */
static ok_buf *
member_buf(sztp_bundle *bundle, const char *name)
{
	if (strcmp(name, "conveyed-information") == 0)
		return &bundle->conveyed_der;
	if (strcmp(name, "owner-certificate") == 0)
		return &bundle->owner_der;
	if (strcmp(name, "ownership-voucher") == 0)
		return &bundle->voucher_der;
	return NULL;
}

static ok_status
output_members(json_t *output, sztp_bundle *bundle, ok_err *err)
{
	const char *name, *text;
	json_t *value;
	ok_buf *into;

	json_object_foreach(output, name, value) {
		into = member_buf(bundle, name);
		if (into == NULL && strcmp(name, "reporting-level") == 0)
			continue;
		if (into == NULL)
			return ok_err_set(err, OK_E_MALFORMED, name,
			    "not a member of the get-bootstrapping-data "
			    "output");
		if ((text = json_string_value(value)) == NULL)
			return ok_err_set(err, OK_E_MALFORMED, name,
			    "not a base64 string");
		if (ok_b64_decode(text, strlen(text), OK_B64_STD, name, into,
		    err) != OK_SUCCESS)
			return OK_E_MALFORMED;
	}
	return OK_SUCCESS;
}

static ok_status
bundle_members(const uint8_t *text, size_t len, sztp_bundle *bundle,
    ok_err *err)
{
	json_t *doc = NULL, *output;
	ok_status st;

	st = ok_json_parse((const char *)text, len, "bundle", &doc, err);
	if (st != OK_SUCCESS)
		return st;
	output = json_object_get(doc, OK_SZTP_BUNDLE_TOP);
	if (!json_is_object(output) || json_object_size(doc) != 1)
		st = ok_err_set(err, OK_E_MALFORMED, "bundle",
		    "not {\"%s\": {...}}", OK_SZTP_BUNDLE_TOP);
	else
		st = output_members(output, bundle, err);
	json_decref(doc);
	if (st == OK_SUCCESS && bundle->conveyed_der.len == 0)
		st = ok_err_set(err, OK_E_MALFORMED, "conveyed-information",
		    "missing or empty");
	else if (st == OK_SUCCESS &&
	    (bundle->owner_der.len == 0) != (bundle->voucher_der.len == 0))
		st = ok_err_set(err, OK_E_MALFORMED,
		    bundle->owner_der.len == 0 ? "owner-certificate" :
		    "ownership-voucher", "missing (the bundle has the other "
		    "of owner-certificate and ownership-voucher)");
	return st;
}

static ok_status
conveyed_decode(sztp_bundle *bundle, ok_err *err)
{
	const ok_buf *der = &bundle->conveyed_der;
	ok_buf type = OK_BUF_INIT;
	ok_status st;
	ok_err ignored;

	if (ok_cms_parse(der->data, der->len, "conveyed-information",
	    &bundle->conveyed_cms, &ignored) != OK_SUCCESS)
		return ok_sztp_unsigned_parse(der->data, der->len,
		    &bundle->content, &bundle->xml, err);
	if (bundle->owner_der.len == 0)
		return ok_err_set(err, OK_E_MALFORMED, "owner-certificate",
		    "signed conveyed information needs the owner "
		    "certificate and the ownership voucher");
	st = ok_cms_econtent_type(bundle->conveyed_cms, &type, err);
	if (st == OK_SUCCESS)
		st = ok_cms_econtent(bundle->conveyed_cms, &bundle->content,
		    err);
	if (st != OK_SUCCESS) {
		char why[OK_ERR_MSG_MAX];

		memcpy(why, err->msg, sizeof(why));
		ok_err_set(err, st, "conveyed-information", "%s", why);
	}
	bundle->xml = st == OK_SUCCESS &&
	    strcmp((const char *)type.data, OK_OID_SZTP_CONVEYED_XML) == 0;
	ok_buf_free(&type);
	return st;
}

/* The certificate of the set that issued none of the others. */
static X509 *
end_entity(STACK_OF(X509) *certs)
{
	X509 *cert, *other;
	int i, j;
	bool issues;

	for (i = 0; i < sk_X509_num(certs); i++) {
		cert = sk_X509_value(certs, i);
		issues = false;
		for (j = 0; j < sk_X509_num(certs) && !issues; j++) {
			other = sk_X509_value(certs, j);
			issues = X509_cmp(cert, other) != 0 &&
			    X509_check_issued(cert, other) == X509_V_OK;
		}
		if (!issues)
			return cert;
	}
	return sk_X509_value(certs, 0);
}

static ok_status
owner_decode(sztp_bundle *bundle, ok_err *err)
{
	ok_status st;

	if (bundle->owner_der.len == 0)
		return OK_SUCCESS;
	st = ok_cms_parse(bundle->owner_der.data, bundle->owner_der.len,
	    "owner-certificate", &bundle->owner_cms, err);
	if (st != OK_SUCCESS)
		return st;
	bundle->owner = end_entity(ok_cms_certs(bundle->owner_cms));
	if (bundle->owner == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "owner-certificate",
		    "no certificate in the SignedData");
	return OK_SUCCESS;
}

/* Decoded now, judged by "conveyed-type" once the signature holds. */
static void
content_decode(sztp_bundle *bundle, ok_sztp_report *report)
{
	ok_err_clear(&bundle->content_err);
	if (bundle->xml)
		return;
	bundle->content_status = ok_json_parse(
	    (const char *)bundle->content.data, bundle->content.len,
	    "conveyed-information", &report->conveyed, &bundle->content_err);
}

static ok_status
voucher_created_check(const ok_vreport *voucher, time_t at, ok_err *err)
{
	const char *text = ok_voucher_get(&voucher->voucher, "created-on");
	char now[OK_DATETIME_MAX];
	time_t created;

	if (text == NULL || !ok_datetime_parse(text, &created) ||
	    created <= at)
		return OK_SUCCESS;
	ok_datetime_format(at, now);
	return ok_err_set(err, OK_E_NEGATIVE, "created-on",
	    "%s is in the future (at %s)", text, now);
}

static ok_status
step_voucher(sztp_bundle *bundle, const ok_sztp_verify_opts *opts,
    time_t at, ok_sztp_report *report, ok_err *err)
{
	ok_vverify_opts vopts;
	ok_status st;
	ok_err why;

	if (bundle->voucher_der.len == 0) {
		ADD(report, "ownership-voucher", OK_CHECK_SKIP,
		    "no ownership voucher (unsigned conveyed information)");
		return OK_SUCCESS;
	}
	memset(&vopts, 0, sizeof(vopts));
	vopts.anchors = opts->anchors;
	vopts.at = at;
	vopts.serial = opts->serial;
	vopts.expect_kind = OK_VOUCHER_ARTIFACT;
	ok_err_clear(&why);
	st = ok_voucher_verify(bundle->voucher_der.data,
	    bundle->voucher_der.len, &vopts, &report->voucher, &why);
	if (st == OK_SUCCESS)
		st = voucher_created_check(&report->voucher, at, &why);
	if (st == OK_SUCCESS)
		ADD(report, "ownership-voucher", OK_CHECK_PASS,
		    "signed by the manufacturer, for this device");
	else if (st == OK_E_NEGATIVE)
		ADD(report, "ownership-voucher", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
	else {
		ADD(report, "ownership-voucher", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
		if (st == OK_E_MALFORMED)
			ok_err_set(err, st, "ownership-voucher", "%s: %s",
			    why.field, why.msg);
		else
			*err = why;
	}
	return st;
}

static ok_status
pinned_cert(const ok_vreport *voucher, X509 **out, ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	ok_status st;

	st = ok_voucher_get_bytes(&voucher->voucher, "pinned-domain-cert",
	    &der, err);
	if (st == OK_SUCCESS)
		st = ok_cert_parse(der.data, der.len, "pinned-domain-cert",
		    out, err);
	ok_buf_free(&der);
	return st;
}

static json_t *
revocation_checks(const ok_vreport *voucher)
{
	return json_object_get(voucher->voucher.leaves,
	    "domain-cert-revocation-checks");
}

static ok_status
step_owner(sztp_bundle *bundle, const ok_sztp_verify_opts *opts,
    time_t at, ok_sztp_report *report, ok_err *err)
{
	ok_verify_opts chain = { at, true, true };
	STACK_OF(X509) *anchors = NULL;
	X509 *pinned = NULL;
	ok_status st;
	ok_err why;

	(void)opts;
	(void)err;
	if (bundle->owner == NULL) {
		ADD(report, "owner-certificate", OK_CHECK_SKIP,
		    "no owner certificate (unsigned conveyed information)");
		return OK_SUCCESS;
	}
	ok_err_clear(&why);
	st = pinned_cert(&report->voucher, &pinned, &why);
	if (st == OK_SUCCESS && ((anchors = sk_X509_new_null()) == NULL ||
	    sk_X509_push(anchors, pinned) <= 0))
		st = ok_err_set(&why, OK_E_IO, "memory", "out of memory");
	if (st == OK_SUCCESS)
		st = ok_chain_verify(bundle->owner,
		    ok_cms_certs(bundle->owner_cms), anchors, &chain,
		    "owner-certificate", &why);
	if (st == OK_SUCCESS && json_is_true(revocation_checks(
	    &report->voucher)))
		st = ok_err_set(&why, OK_E_NEGATIVE, "owner-certificate",
		    "domain-cert-revocation-checks is true and no "
		    "revocation status is at hand");
	if (st == OK_SUCCESS)
		ADD(report, "owner-certificate", OK_CHECK_PASS,
		    "chains to the voucher's pinned-domain-cert");
	else
		ADD(report, "owner-certificate", OK_CHECK_FAIL, "%s: %s",
		    why.field, why.msg);
	sk_X509_free(anchors);
	X509_free(pinned);
	return st == OK_SUCCESS ? OK_SUCCESS : OK_E_NEGATIVE;
}

static ok_status
signature_by_owner(sztp_bundle *bundle, ok_err *err)
{
	STACK_OF(X509) *candidates = sk_X509_new_null();
	char subject[OK_CHECK_DETAIL / 2];
	X509 *signer = NULL;
	ok_status st;

	if (candidates == NULL || sk_X509_push(candidates, bundle->owner) <= 0)
		st = ok_err_set(err, OK_E_IO, "memory", "out of memory");
	else
		st = ok_cms_verify_signature(bundle->conveyed_cms, candidates,
		    &signer, err);
	if (st == OK_SUCCESS && X509_cmp(signer, bundle->owner) != 0) {
		ok_cert_subject_text(signer, subject, sizeof(subject));
		st = ok_err_set(err, OK_E_NEGATIVE, "conveyed-signature",
		    "signed by %s, not by the owner certificate", subject);
	}
	X509_free(signer);
	sk_X509_free(candidates);
	return st;
}

static ok_status
step_signature(sztp_bundle *bundle, const ok_sztp_verify_opts *opts,
    time_t at, ok_sztp_report *report, ok_err *err)
{
	ok_buf type = OK_BUF_INIT;
	ok_status st;
	ok_err why;

	(void)at;
	(void)err;
	ok_err_clear(&why);
	if (bundle->conveyed_cms == NULL && opts->trusted_source) {
		ADD(report, "conveyed-signature", OK_CHECK_WARN,
		    "unsigned, accepted from a trusted bootstrap server");
		return OK_SUCCESS;
	}
	if (bundle->conveyed_cms == NULL)
		st = ok_err_set(&why, OK_E_NEGATIVE, "conveyed-information",
		    "unsigned, and the source is not trusted");
	else if ((st = ok_cms_econtent_type(bundle->conveyed_cms, &type,
	    &why)) == OK_SUCCESS &&
	    strcmp((const char *)type.data, OK_OID_SZTP_CONVEYED_JSON) != 0 &&
	    strcmp((const char *)type.data, OK_OID_SZTP_CONVEYED_XML) != 0)
		st = ok_err_set(&why, OK_E_NEGATIVE, "conveyed-information",
		    "eContentType %s is not conveyed information",
		    (const char *)type.data);
	else if (st == OK_SUCCESS)
		st = signature_by_owner(bundle, &why);
	ok_buf_free(&type);
	if (st == OK_SUCCESS)
		ADD(report, "conveyed-signature", OK_CHECK_PASS,
		    "signed by the owner certificate");
	else
		ADD(report, "conveyed-signature", OK_CHECK_FAIL, "%s",
		    why.msg);
	report->conveyed_signed = st == OK_SUCCESS;
	return st == OK_SUCCESS ? OK_SUCCESS : OK_E_NEGATIVE;
}

static ok_status
step_type(sztp_bundle *bundle, const ok_sztp_verify_opts *opts,
    time_t at, ok_sztp_report *report, ok_err *err)
{
	const char *type;

	(void)opts;
	(void)at;
	if (bundle->xml) {
		ADD(report, "conveyed-type", OK_CHECK_SKIP,
		    "XML conveyed information is not decoded");
		return OK_SUCCESS;
	}
	if (bundle->content_status != OK_SUCCESS) {
		*err = bundle->content_err;
		ADD(report, "conveyed-type", OK_CHECK_FAIL, "%s",
		    err->msg);
		return bundle->content_status;
	}
	if (ok_sztp_conveyed_type(report->conveyed, &type)) {
		ADD(report, "conveyed-type", OK_CHECK_PASS, "%s", type);
		return OK_SUCCESS;
	}
	ADD(report, "conveyed-type", OK_CHECK_FAIL,
	    "neither redirect-information nor onboarding-information");
	return OK_E_NEGATIVE;
}

static const sztp_step steps[] = {
	{ "ownership-voucher", step_voucher },
	{ "owner-certificate", step_owner },
	{ "conveyed-signature", step_signature },
	{ "conveyed-type", step_type }
};

static ok_status
run_steps(sztp_bundle *bundle, const ok_sztp_verify_opts *opts,
    ok_sztp_report *report, ok_err *err)
{
	const size_t count = sizeof(steps) / sizeof(steps[0]);
	time_t at = opts->at != 0 ? opts->at : time(NULL);
	const char *failed_step = NULL;
	ok_status st = OK_SUCCESS;
	size_t i;


	for (i = 0; i < count && st == OK_SUCCESS; i++) {
		st = steps[i].run(bundle, opts, at, report, err);
		failed_step = steps[i].name;
	}
	for (; i < count; i++)
		ADD(report, steps[i].name, OK_CHECK_SKIP,
		    "not reached: %s failed", failed_step);
	if (st == OK_E_NEGATIVE) {
		const ok_check *failed = ok_check_first_failure(
		    report->checks, report->n_checks);

		return ok_err_set(err, st, failed->name, "%s",
		    failed->detail);
	}
	return st;
}

ok_status
ok_sztp_verify(const uint8_t *bundle_text, size_t len,
    const ok_sztp_verify_opts *opts, ok_sztp_report *report, ok_err *err)
{
	sztp_bundle bundle;
	ok_status st;

	if (opts == NULL || sk_X509_num(opts->anchors) <= 0)
		return ok_err_set(err, OK_E_USAGE, "trust-anchor",
		    "no trust anchor to verify against");
	memset(&bundle, 0, sizeof(bundle));
	st = bundle_members(bundle_text, len, &bundle, err);
	if (st == OK_SUCCESS)
		st = conveyed_decode(&bundle, err);
	if (st == OK_SUCCESS)
		st = owner_decode(&bundle, err);
	if (st == OK_SUCCESS) {
		content_decode(&bundle, report);
		st = run_steps(&bundle, opts, report, err);
	}
	bundle_free(&bundle);
	return st;
}

static json_t *
voucher_report_json(const ok_vreport *voucher, ok_err *err)
{
	json_t *out = NULL;

	if (voucher->n_checks == 0)
		return json_null();
	if (ok_vreport_json(voucher, ok_check_first_failure(voucher->checks,
	    voucher->n_checks) == NULL, &out, err) != OK_SUCCESS)
		return NULL;
	return out;
}

ok_status
ok_sztp_report_json(const ok_sztp_report *report, json_t **out,
    ok_err *err)
{
	json_t *obj = json_object();
	bool verified, ok = obj != NULL;

	*out = NULL;
	verified = report->n_checks > 0 &&
	    ok_check_first_failure(report->checks, report->n_checks) == NULL;
	/* json_object_set_new() takes the value even when it fails. */
	ok = ok && json_object_set_new(obj, "verified",
	    json_boolean(verified)) == 0;
	ok = ok && json_object_set_new(obj, "ownership-voucher",
	    voucher_report_json(&report->voucher, err)) == 0;
	ok = ok && json_object_set_new(obj, "checks",
	    ok_checks_json(report->checks, report->n_checks)) == 0;
	ok = ok && json_object_set_new(obj, "conveyed-information",
	    report->conveyed != NULL ? json_deep_copy(report->conveyed) :
	    json_null()) == 0;
	if (!ok) {
		json_decref(obj);
		return ok_err_set(err, OK_E_IO, "report", "out of memory");
	}
	*out = obj;
	return OK_SUCCESS;
}
