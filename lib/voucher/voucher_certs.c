/*
 * voucher_certs.c: leaves whose values come from certificates and keys
 * (RFC 8995 sections 2.3.1 and 5.2, RFC 8366bis pinned-domain-pubk).
 * Taking them from the certificate, not from typed-in text, is what keeps
 * the serial-number and idevid-issuer a pledge compares byte-exact.
 */
#include "voucher.h"

#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "../common/keys.h"
#include "../common/x509.h"
#include "leaf.h"

ok_status
ok_voucher_set_cert(ok_voucher *voucher, const char *leaf, X509 *cert,
    ok_err *err)
{
	ok_buf der = OK_BUF_INIT;
	ok_status st;

	if (cert == NULL)
		return ok_err_set(err, OK_E_USAGE, leaf ? leaf : "certificate",
		    "no certificate");
	if ((st = ok_cert_der(cert, &der, err)) == OK_SUCCESS)
		st = ok_voucher_set_bytes(voucher, leaf, der.data, der.len, err);
	ok_buf_free(&der);
	return st;
}

static bool
ends_with(const char *text, const char *suffix)
{
	size_t len = strlen(text), suffix_len = strlen(suffix);

	return len >= suffix_len &&
	    strcmp(text + len - suffix_len, suffix) == 0;
}

/* SubjectPublicKeyInfo DER: the toolkit's encoder for its EC curves,
 * OpenSSL's for the rest (Ed25519 COSE signers). */
static ok_status
spki_der(const EVP_PKEY *key, ok_buf *out, ok_err *err)
{
	unsigned char *der = NULL;
	ok_status st;
	int len;

	if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC)
		return ok_key_spki_der(key, false, out, err);
	len = i2d_PUBKEY((EVP_PKEY *)key, &der);
	if (len <= 0)
		return ok_err_ssl(err, OK_E_MALFORMED, "key",
		    "cannot encode the public key");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

ok_status
ok_voucher_set_pubk(ok_voucher *voucher, const char *leaf,
    const EVP_PKEY *key, ok_err *err)
{
	uint8_t digest[SHA256_DIGEST_LENGTH];
	ok_buf spki = OK_BUF_INIT;
	bool hashed;
	ok_status st;

	if (leaf == NULL || !ok_voucher_leaf_known(voucher->kind, leaf) ||
	    !(ends_with(leaf, "-pubk") || ends_with(leaf, "-pubk-sha256")))
		return ok_err_set(err, OK_E_USAGE, leaf ? leaf : "leaf",
		    "not a public-key leaf of %s",
		    ok_voucher_kind_name(voucher->kind));
	if (key == NULL)
		return ok_err_set(err, OK_E_USAGE, leaf, "no key");
	hashed = ends_with(leaf, "-sha256");
	if ((st = spki_der(key, &spki, err)) != OK_SUCCESS)
		return st;
	if (!hashed)
		st = ok_voucher_set_bytes(voucher, leaf, spki.data, spki.len,
		    err);
	else if (EVP_Digest(spki.data, spki.len, digest, NULL, EVP_sha256(),
	    NULL) != 1)
		st = ok_err_ssl(err, OK_E_IO, leaf, "SHA-256 failed");
	else
		st = ok_voucher_set_bytes(voucher, leaf, digest,
		    sizeof(digest), err);
	ok_buf_free(&spki);
	return st;
}

/*
 * A voucher-request takes both serial-number and idevid-issuer (an RVR
 * must carry it, RFC 8366bis); a voucher only the serial-number, as the
 * CLI contract says.  Both values are read before either is set, so a
 * failure leaves the voucher unchanged.
 */
ok_status
ok_voucher_set_from_idevid(ok_voucher *voucher, X509 *idevid, ok_err *err)
{
	ok_buf serial = OK_BUF_INIT, aki = OK_BUF_INIT;
	bool want_aki = voucher->kind == OK_VOUCHER_REQUEST;
	ok_status st;

	if (idevid == NULL)
		return ok_err_set(err, OK_E_USAGE, "--idevid",
		    "no certificate");
	st = ok_cert_serial_number(idevid, "serial-number", &serial, err);
	if (st == OK_SUCCESS && want_aki)
		st = ok_cert_aki(idevid, true, "idevid-issuer", &aki, err);
	if (st == OK_SUCCESS)
		st = ok_voucher_set(voucher, "serial-number",
		    (const char *)serial.data, err);
	if (st == OK_SUCCESS && want_aki)
		st = ok_voucher_set_bytes(voucher, "idevid-issuer", aki.data,
		    aki.len, err);
	ok_buf_free(&serial);
	ok_buf_free(&aki);
	return st;
}
