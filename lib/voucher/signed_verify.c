/*
 * signed_verify.c: the signature of a parsed signed voucher, and its
 * signer's chain.  The two are separate so a caller can tell a forged
 * voucher (signature) from an untrusted or expired signer (chain).
 */
#include "signed.h"

#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

static ok_status
signer_keep(ok_signed *sig, X509 *cert, ok_err *err)
{
	if (X509_up_ref(cert) != 1)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	sig->signer = cert;
	return OK_SUCCESS;
}

/* ok_cms names every failure "cms"; here a missing signer certificate
 * is "signer" and anything else that does not verify "signature". */
static ok_status
verify_cms(ok_signed *sig, STACK_OF(X509) *candidates, ok_err *err)
{
	ok_status st;
	const char *field;

	st = ok_cms_verify_signature(sig->cms, candidates, &sig->signer, err);
	if (st != OK_E_NEGATIVE || err == NULL)
		return st;
	field = strstr(err->msg, "signer certificate not found") != NULL ||
	    strstr(err->msg, "not identified") != NULL ? "signer" :
	    "signature";
	snprintf(err->field, sizeof(err->field), "%s", field);
	return st;
}

/* True when cert's key verifies the JWS; other outcomes are dropped. */
static bool
jws_verifies_with(const ok_jws *jws, X509 *cert)
{
	EVP_PKEY *key = X509_get0_pubkey(cert);
	ok_err ignored;
	bool verified;

	verified = key != NULL && ok_jws_verify(jws, key, &ignored) ==
	    OK_SUCCESS;
	ERR_clear_error();
	return verified;
}

static ok_status
verify_jws(ok_signed *sig, STACK_OF(X509) *candidates, ok_err *err)
{
	X509 *cert;
	int i;

	if (sig->jws.x5c != NULL) {
		cert = sk_X509_value(sig->jws.x5c, 0);
		if (!jws_verifies_with(&sig->jws, cert))
			return ok_err_set(err, OK_E_NEGATIVE, "signature",
			    "%s signature does not verify with the x5c "
			    "certificate", ok_jws_alg_name(sig->jws.alg));
		return signer_keep(sig, cert, err);
	}
	if (sk_X509_num(candidates) <= 0)
		return ok_err_set(err, OK_E_NEGATIVE, "signer",
		    "no x5c and no certificate given to verify with");
	for (i = 0; i < sk_X509_num(candidates); i++) {
		cert = sk_X509_value(candidates, i);
		if (jws_verifies_with(&sig->jws, cert))
			return signer_keep(sig, cert, err);
	}
	return ok_err_set(err, OK_E_NEGATIVE, "signature",
	    "%s signature does not verify with any of the %d certificates "
	    "given", ok_jws_alg_name(sig->jws.alg), sk_X509_num(candidates));
}

static bool
cose_verifies_with(const ok_cose_sign1 *msg, X509 *cert)
{
	EVP_PKEY *key = X509_get0_pubkey(cert);
	ok_err ignored;
	bool verified;

	verified = key != NULL && ok_cose_sign1_verify(msg, key, NULL, 0,
	    &ignored) == OK_SUCCESS;
	ERR_clear_error();
	return verified;
}

/* COSE names no signer: the first certificate whose key verifies is it. */
static ok_status
verify_cose(ok_signed *sig, STACK_OF(X509) *candidates, ok_err *err)
{
	STACK_OF(X509) *lists[2];
	int list, i, tried = 0;
	X509 *cert;

	lists[0] = sig->certs;
	lists[1] = candidates;
	for (list = 0; list < 2; list++) {
		for (i = 0; i < sk_X509_num(lists[list]); i++, tried++) {
			cert = sk_X509_value(lists[list], i);
			if (cose_verifies_with(&sig->cose, cert))
				return signer_keep(sig, cert, err);
		}
	}
	if (tried == 0)
		return ok_err_set(err, OK_E_NEGATIVE, "signer",
		    "no x5bag or x5chain and no certificate given to verify "
		    "with");
	return ok_err_set(err, OK_E_NEGATIVE, "signature",
	    "COSE signature does not verify with any of the %d certificates",
	    tried);
}

ok_status
ok_signed_verify_signature(ok_signed *sig, STACK_OF(X509) *candidates,
    ok_err *err)
{
	X509_free(sig->signer);
	sig->signer = NULL;
	switch (sig->form) {
	case OK_VFORM_CMS:
		if (sig->cms == NULL)
			break;
		return verify_cms(sig, candidates, err);
	case OK_VFORM_JWS:
		if (sig->jws.protected_header == NULL)
			break;
		return verify_jws(sig, candidates, err);
	case OK_VFORM_COSE:
		if (sig->cose.protected_hdr == NULL)
			break;
		return verify_cose(sig, candidates, err);
	}
	return ok_err_set(err, OK_E_USAGE, "signature",
	    "nothing parsed to verify");
}

ok_status
ok_signed_verify_chain(const ok_signed *sig, STACK_OF(X509) *extra,
    STACK_OF(X509) *anchors, const ok_verify_opts *opts, ok_err *err)
{
	STACK_OF(X509) *untrusted;
	ok_status st;
	int i;

	if (sig->signer == NULL)
		return ok_err_set(err, OK_E_USAGE, "signer",
		    "the signature has not been verified");
	if ((untrusted = sk_X509_dup(sig->certs)) == NULL)
		untrusted = sk_X509_new_null();
	if (untrusted == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < sk_X509_num(extra); i++)
		if (sk_X509_push(untrusted, sk_X509_value(extra, i)) <= 0) {
			sk_X509_free(untrusted);
			return ok_err_ssl(err, OK_E_IO, "memory",
			    "out of memory");
		}
	st = ok_chain_verify(sig->signer, untrusted, anchors, opts, "signer",
	    err);
	sk_X509_free(untrusted);
	return st;
}
