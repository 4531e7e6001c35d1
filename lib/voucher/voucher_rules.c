/*
 * voucher_rules.c: the YANG cross-leaf rules of RFC 8366 (mandatory
 * leaves, expires-on 'not(../nonce)', last-renewal-date '../expires-on'),
 * kept apart from decoding so a signer can enforce them, a lab can relax
 * them by name, and a verifier can report them.
 */
#include "voucher.h"

#include <string.h>

#include "leaf.h"

typedef struct rule_name {
	const char *name;
	unsigned flag;
} rule_name;

static const rule_name rule_names[] = {
	{ "mandatory", OK_RELAX_MANDATORY },
	{ "nonce-expires", OK_RELAX_NONCE_EXPIRES },
	{ "renewal-expires", OK_RELAX_RENEWAL_EXPIRES },
};
#define RULE_COUNT (sizeof(rule_names) / sizeof(rule_names[0]))

/* Leaves a voucher (not a request) must carry, in the order reported. */
static const char *const artifact_mandatory[] = {
	"created-on", "assertion", "serial-number"
};
#define ARTIFACT_MANDATORY_COUNT \
	(sizeof(artifact_mandatory) / sizeof(artifact_mandatory[0]))

ok_status
ok_voucher_relax_by_name(const char *name, unsigned *flag, ok_err *err)
{
	size_t i;

	for (i = 0; name != NULL && i < RULE_COUNT; i++) {
		if (strcmp(rule_names[i].name, name) == 0) {
			*flag = rule_names[i].flag;
			return OK_SUCCESS;
		}
	}
	return ok_err_set(err, OK_E_USAGE, "--relax",
	    "unknown rule \"%.40s\" (mandatory, nonce-expires or "
	    "renewal-expires)", name ? name : "");
}

static const char *
rule_of(unsigned flag)
{
	size_t i;

	for (i = 0; i < RULE_COUNT; i++)
		if (rule_names[i].flag == flag)
			return rule_names[i].name;
	return "?";
}

/* One violated rule: a warning when relaxed, the error otherwise. */
static ok_status
violated(unsigned relax, unsigned flag, const char *leaf, const char *what,
    ok_warnings *warnings, ok_err *err)
{
	if (relax & flag) {
		ok_warnings_add(warnings, "%s: %s (rule %s relaxed)", leaf,
		    what, rule_of(flag));
		return OK_SUCCESS;
	}
	return ok_err_set(err, OK_E_MALFORMED, leaf,
	    "%s (rule %s; --relax %s to allow)", what, rule_of(flag),
	    rule_of(flag));
}

static bool
has(const ok_voucher *voucher, const char *leaf)
{
	return json_object_get(voucher->leaves, leaf) != NULL;
}

static ok_status
check_mandatory(const ok_voucher *voucher, unsigned relax,
    ok_warnings *warnings, ok_err *err)
{
	ok_status st = OK_SUCCESS;
	size_t i;

	if (voucher->kind == OK_VOUCHER_REQUEST)
		return has(voucher, "serial-number") ? OK_SUCCESS :
		    violated(relax, OK_RELAX_MANDATORY, "serial-number",
		    "missing: mandatory in a voucher-request", warnings, err);
	for (i = 0; i < ARTIFACT_MANDATORY_COUNT && st == OK_SUCCESS; i++)
		if (!has(voucher, artifact_mandatory[i]))
			st = violated(relax, OK_RELAX_MANDATORY,
			    artifact_mandatory[i],
			    "missing: mandatory in a voucher", warnings, err);
	if (st == OK_SUCCESS && !has(voucher, "pinned-domain-cert") &&
	    !has(voucher, "pinned-domain-pubk") &&
	    !has(voucher, "pinned-domain-pubk-sha256"))
		st = violated(relax, OK_RELAX_MANDATORY, "pinned-domain-cert",
		    "missing: a voucher needs pinned-domain-cert, "
		    "pinned-domain-pubk or pinned-domain-pubk-sha256",
		    warnings, err);
	return st;
}

ok_status
ok_voucher_check(const ok_voucher *voucher, unsigned relax,
    ok_warnings *warnings, ok_err *err)
{
	ok_status st;

	if (voucher == NULL || !json_is_object(voucher->leaves))
		return ok_err_set(err, OK_E_USAGE, "voucher",
		    "not initialised (ok_voucher_init)");
	if ((st = check_mandatory(voucher, relax, warnings, err)) !=
	    OK_SUCCESS)
		return st;
	if (has(voucher, "expires-on") && has(voucher, "nonce") &&
	    (st = violated(relax, OK_RELAX_NONCE_EXPIRES, "expires-on",
	    "not allowed with nonce", warnings, err)) != OK_SUCCESS)
		return st;
	if (has(voucher, "last-renewal-date") && !has(voucher, "expires-on"))
		return violated(relax, OK_RELAX_RENEWAL_EXPIRES,
		    "last-renewal-date", "requires expires-on", warnings, err);
	return OK_SUCCESS;
}
