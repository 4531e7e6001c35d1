/* test_cose.c: COSE_Sign1 against the constrained-voucher vectors, the
 * rejection classes, sign/verify round trips for every algorithm, and
 * cross-checks both ways with python3-cryptography + python3-cbor2. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/cbor.h"
#include "common/cose.h"
#include "tap.h"

#define PY "/usr/bin/python3"
#define CC_DIR "voucher/constrained-cose/"

static const char py_script[] =
"import sys, cbor2\n"
"from cryptography.hazmat.primitives import hashes, serialization\n"
"from cryptography.hazmat.primitives.asymmetric import ec, ed25519, utils\n"
"H = {-7: (hashes.SHA256, 32), -35: (hashes.SHA384, 48),\n"
"     -36: (hashes.SHA512, 66)}\n"
"def tbs(prot, aad, payload):\n"
"    return cbor2.dumps(['Signature1', prot, aad, payload])\n"
"mode = sys.argv[1]\n"
"if mode == 'verify':\n"
"    m = cbor2.loads(open(sys.argv[2], 'rb').read())\n"
"    if isinstance(m, cbor2.CBORTag): m = m.value\n"
"    prot, unprot, payload, sig = m\n"
"    alg = cbor2.loads(prot)[1]\n"
"    key = serialization.load_pem_public_key(open(sys.argv[3], 'rb').read())\n"
"    data = tbs(prot, bytes.fromhex(sys.argv[4]), payload)\n"
"    try:\n"
"        if alg == -8: key.verify(sig, data)\n"
"        else:\n"
"            h, n = H[alg]\n"
"            r = int.from_bytes(sig[:n], 'big')\n"
"            s = int.from_bytes(sig[n:], 'big')\n"
"            key.verify(utils.encode_dss_signature(r, s), data, ec.ECDSA(h()))\n"
"    except Exception: sys.exit(1)\n"
"    sys.exit(0)\n"
"elif mode == 'sign':\n"
"    key = serialization.load_pem_private_key(open(sys.argv[2], 'rb').read(), None)\n"
"    payload = bytes.fromhex(sys.argv[3]); aad = bytes.fromhex(sys.argv[4])\n"
"    if isinstance(key, ed25519.Ed25519PrivateKey): alg = -8\n"
"    else: alg = {256: -7, 384: -35, 521: -36}[key.curve.key_size]\n"
"    prot = cbor2.dumps({1: alg}); data = tbs(prot, aad, payload)\n"
"    if alg == -8: sig = key.sign(data)\n"
"    else:\n"
"        h, n = H[alg]\n"
"        r, s = utils.decode_dss_signature(key.sign(data, ec.ECDSA(h())))\n"
"        sig = r.to_bytes(n, 'big') + s.to_bytes(n, 'big')\n"
"    msg = cbor2.CBORTag(18, [prot, {4: b'py'}, payload, sig])\n"
"    open(sys.argv[5], 'wb').write(cbor2.dumps(msg))\n"
"elif mode == 'cosekey':\n"
"    key = serialization.load_pem_public_key(open(sys.argv[2], 'rb').read())\n"
"    if isinstance(key, ed25519.Ed25519PublicKey):\n"
"        d = {1: 1, -1: 6, -2: key.public_bytes(serialization.Encoding.Raw,\n"
"             serialization.PublicFormat.Raw)}\n"
"    else:\n"
"        n = (key.curve.key_size + 7) // 8; p = key.public_numbers()\n"
"        d = {1: 2, -1: {256: 1, 384: 2, 521: 3}[key.curve.key_size],\n"
"             -2: p.x.to_bytes(n, 'big'), -3: p.y.to_bytes(n, 'big')}\n"
"    print(cbor2.dumps(d, canonical=True).hex())\n";

static char tmpdir[64];
static bool have_py;

static EVP_PKEY *
cert_key(const char *name)
{
	char rel[128];
	size_t len;
	char *pem;
	BIO *bio;
	X509 *cert;
	EVP_PKEY *key;

	snprintf(rel, sizeof(rel), CC_DIR "%s", name);
	pem = tap_read_vector(rel, &len);
	bio = BIO_new_mem_buf(pem, (int)len);
	cert = PEM_read_bio_X509(bio, NULL, NULL, NULL);
	key = cert != NULL ? X509_get_pubkey(cert) : NULL;
	X509_free(cert);
	BIO_free(bio);
	free(pem);
	return key;
}

static EVP_PKEY *
gen_key(const char *type, const char *group)
{
	if (strcmp(type, "RSA") == 0)
		return EVP_PKEY_Q_keygen(NULL, NULL, type, (size_t)2048);
	return group != NULL ? EVP_PKEY_Q_keygen(NULL, NULL, type, group) :
	    EVP_PKEY_Q_keygen(NULL, NULL, type);
}

static void
write_file(const char *path, const uint8_t *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f != NULL) {
		fwrite(data, 1, len, f);
		fclose(f);
	}
}

static void
write_key(const char *path, EVP_PKEY *key, bool priv)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return;
	if (priv)
		PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	else
		PEM_write_PUBKEY(f, key);
	fclose(f);
}

static char *
hex_of(const uint8_t *data, size_t len)
{
	char *hex = malloc(2 * len + 1);

	tap_bin2hex(data, len, hex);
	return hex;
}

static void
check_vector(const char *file, const char *signer, const char *payload_file,
    const char *wrong_signer)
{
	char rel[128];
	size_t len, plen;
	char *data, *payload;
	EVP_PKEY *key = cert_key(signer), *wrong = cert_key(wrong_signer);
	ok_cose_sign1 msg;
	ok_err err;

	snprintf(rel, sizeof(rel), CC_DIR "%s", file);
	data = tap_read_vector(rel, &len);
	snprintf(rel, sizeof(rel), CC_DIR "%s", payload_file);
	payload = tap_read_vector(rel, &plen);
	if (!tap_eq_int(ok_cose_sign1_decode((uint8_t *)data, len,
	    OK_COSE_TAG_REQUIRED, file, &msg, &err), OK_SUCCESS, file))
		tap_diag("%s: %s", err.field, err.msg);
	tap_ok(msg.tagged && msg.alg == OK_COSE_ES256, "%s: tagged, ES256",
	    file);
	tap_eq_mem(msg.payload.data, msg.payload.len, payload, plen,
	    "payload equals the vector's unsigned payload");
	tap_eq_int(ok_cose_sign1_verify(&msg, key, NULL, 0, &err), OK_SUCCESS,
	    "verifies with the signer's certificate key");
	tap_eq_int(ok_cose_sign1_verify(&msg, wrong, NULL, 0, &err),
	    OK_E_NEGATIVE, "another P-256 key: negative");
	tap_eq_str(err.field, "signature", "another key: field");
	tap_eq_int(ok_cose_sign1_verify(&msg, key, (const uint8_t *)"x", 1,
	    &err), OK_E_NEGATIVE, "with external_aad 'x': negative");
	ok_cose_sign1_free(&msg);
	EVP_PKEY_free(key);
	EVP_PKEY_free(wrong);
	free(data);
	free(payload);
}

static void
test_vectors(void)
{
	ok_cose_sign1 msg;
	cbor_item_t *bag;
	ok_err err;
	size_t len;
	char *data;

	/* MANIFEST.tsv: "VALID with masa.pem (CN=masa.stok.nl)"; that CN is
	 * masa_ca.pem's, and only its key verifies (python agrees);
	 * masa.pem (CN=masa-server.stok.nl) is the negative case here. */
	check_vector("voucher.cose", "masa_ca.pem", "voucher-payload.cbor",
	    "masa.pem");
	check_vector("pvr.cose", "pledge.pem", "pvr-payload.cbor",
	    "registrar.pem");
	check_vector("rvr.cose", "registrar.pem", "rvr-payload.cbor",
	    "masa.pem");
	data = tap_read_vector(CC_DIR "rvr.cose", &len);
	ok_cose_sign1_decode((uint8_t *)data, len, 0, "rvr", &msg, &err);
	bag = ok_cose_sign1_header(&msg, OK_COSE_HDR_X5BAG);
	tap_ok(bag != NULL && cbor_isa_array(bag) &&
	    cbor_array_size(bag) == 2, "rvr: x5bag of two certificates");
	tap_ok(ok_cose_sign1_header(&msg, OK_COSE_HDR_KID) == NULL,
	    "rvr: no kid");
	tap_ok(ok_cose_sign1_header(&msg, OK_COSE_HDR_ALG) != NULL,
	    "rvr: alg found through header()");
	tap_eq_mem(msg.protected_bytes.data, msg.protected_bytes.len,
	    "\xa1\x01\x26", 3, "rvr: protected bytes a10126");
	ok_cose_sign1_free(&msg);
	free(data);
}

static void
check_decode_fails(const uint8_t *data, size_t len, unsigned flags,
    const char *field, const char *what)
{
	ok_cose_sign1 msg;
	ok_err err;

	ok_err_clear(&err);
	tap_eq_int(ok_cose_sign1_decode(data, len, flags, "msg", &msg, &err),
	    OK_E_MALFORMED, what);
	if (!tap_eq_str(err.field, field, what))
		tap_diag("message: %s", err.msg);
	tap_ok(msg.protected_hdr == NULL && msg.payload.data == NULL,
	    "%s: nothing left decoded", what);
}

static void
test_legacy(void)
{
	static const char *files[] = {
		"legacy-sid/voucher_00-D0-E5-F2-00-03.vch",
		"legacy-sid/vr_00-D0-E5-F2-00-03.vrq",
		"legacy-sid/parboiled_vr_00-D0-E5-F2-00-03.vrq",
	};
	char rel[128];
	size_t i, len;
	char *data;

	for (i = 0; i < 3; i++) {
		snprintf(rel, sizeof(rel), CC_DIR "%s", files[i]);
		data = tap_read_vector(rel, &len);
		check_decode_fails((uint8_t *)data, len, 0, "alg", files[i]);
		free(data);
	}
}

/* A COSE_Sign1 assembled from parts: payload "hi" (or nil) and a
 * zero signature of sig_len bytes (at most 256). */
static void
build(ok_buf *out, const char *tag_prot_unprot_hex, bool nil_payload,
    size_t sig_len)
{
	uint8_t head[128], sig[256] = { 0 };
	size_t len = tap_hex2bin(tag_prot_unprot_hex, head, sizeof(head));
	ok_err err;

	ok_buf_set(out, head, len, &err);
	if (nil_payload)
		ok_buf_append(out, "\xf6", 1, &err);
	else
		ok_cbor_put_bytes(out, (const uint8_t *)"hi", 2, &err);
	ok_cbor_put_bytes(out, sig, sig_len, &err);
}

static void
test_rejects(void)
{
	ok_buf m = OK_BUF_INIT;
	ok_cose_sign1 msg;
	ok_err err;

	build(&m, "d28443a10126a0", false, 64);
	tap_eq_int(ok_cose_sign1_decode(m.data, m.len, OK_COSE_TAG_REQUIRED,
	    "msg", &msg, &err), OK_SUCCESS, "built message decodes");
	ok_cose_sign1_free(&msg);
	build(&m, "8443a10126a0", false, 64);
	tap_eq_int(ok_cose_sign1_decode(m.data, m.len, 0, "msg", &msg, &err),
	    OK_SUCCESS, "untagged accepted by default");
	ok_cose_sign1_free(&msg);
	check_decode_fails(m.data, m.len, OK_COSE_TAG_REQUIRED, "msg",
	    "untagged with tag required");
	build(&m, "d18443a10126a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "msg", "tag 17 (COSE_Mac0)");
	build(&m, "d28343a10126", false, 64);
	check_decode_fails(m.data, m.len, 0, "msg", "array of 3");
	build(&m, "d28440a10126", false, 64);
	check_decode_fails(m.data, m.len, 0, "alg", "alg only unprotected");
	build(&m, "d28441a0a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "alg", "empty protected map");
	build(&m, "d28444a1013824a0", false, 256);
	check_decode_fails(m.data, m.len, 0, "alg", "PS256 (-37) unsupported");
	build(&m, "d28443a10125a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "alg", "alg -6 (direct)");
	build(&m, "d28444a1016161a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "alg", "alg as text");
	build(&m, "d28446a20126028101a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "crit", "crit present");
	build(&m, "d28443a10126a10126", false, 64);
	check_decode_fails(m.data, m.len, 0, "unprotected",
	    "alg in both buckets");
	build(&m, "d28443a10126a0", true, 64);
	check_decode_fails(m.data, m.len, 0, "payload", "detached payload");
	m.len = 0;
	ok_buf_append(&m, "\x84\x43\xa1\x01\x26\xa0\xf9\x3c\x00\x40", 10,
	    &err);
	check_decode_fails(m.data, m.len, 0, "payload",
	    "payload is a float (libcbor 0.8 asserted on it)");
	build(&m, "d28443a10126a0", false, 63);
	check_decode_fails(m.data, m.len, 0, "signature", "63-byte ES256 sig");
	build(&m, "d28443a10126a0", false, 96);
	check_decode_fails(m.data, m.len, 0, "signature", "96-byte ES256 sig");
	build(&m, "d28443a1012680", false, 64);
	check_decode_fails(m.data, m.len, 0, "unprotected",
	    "unprotected is an array");
	build(&m, "d2844481a10126a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "protected",
	    "protected is not a map");
	build(&m, "d28444a1180126a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "protected",
	    "protected header not shortest form");
	build(&m, "d28445a201260126a0", false, 64);
	check_decode_fails(m.data, m.len, 0, "protected",
	    "protected header with duplicate label");
	build(&m, "d2845fa10126ffa0", false, 64);
	check_decode_fails(m.data, m.len, 0, "msg",
	    "indefinite protected bstr");
	build(&m, "d28443a10126a0", false, 64);
	ok_buf_append(&m, "\x00", 1, &err);
	check_decode_fails(m.data, m.len, 0, "msg", "trailing byte");
	ok_buf_free(&m);
}

static void
test_tamper(void)
{
	size_t len;
	char *data = tap_read_vector(CC_DIR "voucher.cose", &len);
	uint8_t *copy = malloc(len);
	EVP_PKEY *key = cert_key("masa_ca.pem");
	ok_cose_sign1 msg;
	ok_err err;
	char *serial;

	memcpy(copy, data, len);
	serial = memmem(copy, len, "JADA123456789", 13);
	tap_ok(serial != NULL, "serial number found in the payload");
	if (serial != NULL)
		serial[12] = '8';
	tap_eq_int(ok_cose_sign1_decode(copy, len, 0, "v", &msg, &err),
	    OK_SUCCESS, "tampered payload still decodes");
	tap_eq_int(ok_cose_sign1_verify(&msg, key, NULL, 0, &err),
	    OK_E_NEGATIVE, "tampered payload: negative");
	ok_cose_sign1_free(&msg);
	memcpy(copy, data, len);
	copy[len - 1] ^= 0x01;
	ok_cose_sign1_decode(copy, len, 0, "v", &msg, &err);
	tap_eq_int(ok_cose_sign1_verify(&msg, key, NULL, 0, &err),
	    OK_E_NEGATIVE, "tampered signature: negative");
	tap_eq_str(err.field, "signature", "tampered signature: field");
	ok_cose_sign1_free(&msg);
	memcpy(copy, data, len);
	copy[5] = 0x01; /* protected a10126 -> a10101: alg 1 (A128GCM) */
	check_decode_fails(copy, len, 0, "alg", "protected alg changed to 1");
	EVP_PKEY_free(key);
	free(copy);
	free(data);
}

static int
run_py(const char *args)
{
	char cmd[2048];
	int status;

	snprintf(cmd, sizeof(cmd), PY " %s/x.py %s", tmpdir, args);
	status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Our message verified by python, and python's by us. */
static void
cross_check(EVP_PKEY *key, const char *name, const ok_buf *ours)
{
	char path[128], pub[128], priv[128], args[1024], *phex;
	ok_cose_sign1 msg;
	ok_err err;
	size_t len;
	char *theirs;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.cose", tmpdir, name);
	snprintf(pub, sizeof(pub), "%s/%s.pub", tmpdir, name);
	snprintf(priv, sizeof(priv), "%s/%s.key", tmpdir, name);
	write_file(path, ours->data, ours->len);
	write_key(pub, key, false);
	write_key(priv, key, true);
	snprintf(args, sizeof(args), "verify %s %s 616164", path, pub);
	tap_eq_int(run_py(args), 0, "python verifies our message");
	snprintf(args, sizeof(args), "verify %s %s 616165", path, pub);
	tap_eq_int(run_py(args), 1, "python rejects it with other aad");
	phex = hex_of((const uint8_t *)"voucher", 7);
	snprintf(args, sizeof(args), "sign %s %s 616164 %s.py", priv, phex,
	    path);
	free(phex);
	tap_eq_int(run_py(args), 0, "python signs");
	snprintf(path, sizeof(path), "%s/%s.cose.py", tmpdir, name);
	theirs = NULL;
	if ((f = fopen(path, "rb")) != NULL) {
		theirs = malloc(4096);
		len = fread(theirs, 1, 4096, f);
		fclose(f);
		tap_eq_int(ok_cose_sign1_decode((uint8_t *)theirs, len,
		    OK_COSE_TAG_REQUIRED, "py", &msg, &err), OK_SUCCESS,
		    "python's message decodes");
		tap_eq_int(ok_cose_sign1_verify(&msg, key,
		    (const uint8_t *)"aad", 3, &err), OK_SUCCESS,
		    "python's message verifies");
		ok_cose_sign1_free(&msg);
	} else {
		tap_ok(false, "python wrote %s", path);
	}
	free(theirs);
}

static void
sign_verify(const char *type, const char *group, int64_t want_alg,
    const char *name)
{
	EVP_PKEY *key = gen_key(type, group);
	ok_cose_sign_opts opts = { 0, (const uint8_t *)"py", 2, NULL,
	    (const uint8_t *)"aad", 3, OK_COSE_TAGGED };
	ok_buf out = OK_BUF_INIT;
	ok_cose_sign1 msg;
	ok_err err;
	cbor_item_t *kid;
	const uint8_t *kid_bytes;
	size_t kid_len;

	tap_eq_int(ok_cose_sign1_sign(key, &opts, (const uint8_t *)"voucher",
	    7, &out, &err), OK_SUCCESS, name);
	tap_eq_int(ok_cose_sign1_decode(out.data, out.len,
	    OK_COSE_TAG_REQUIRED, name, &msg, &err), OK_SUCCESS,
	    "own message decodes strictly");
	tap_eq_int(msg.alg, want_alg, "alg chosen from the key");
	kid = ok_cose_sign1_header(&msg, OK_COSE_HDR_KID);
	tap_ok(kid != NULL && ok_cbor_bytes_value(kid, &kid_bytes, &kid_len) &&
	    kid_len == 2 && memcmp(kid_bytes, "py", 2) == 0, "kid 'py'");
	tap_eq_int(ok_cose_sign1_verify(&msg, key, (const uint8_t *)"aad", 3,
	    &err), OK_SUCCESS, "own message verifies");
	tap_eq_int(ok_cose_sign1_verify(&msg, key, NULL, 0, &err),
	    OK_E_NEGATIVE, "without the aad: negative");
	msg.payload.data[0] ^= 1;
	tap_eq_int(ok_cose_sign1_verify(&msg, key, (const uint8_t *)"aad", 3,
	    &err), OK_E_NEGATIVE, "payload changed: negative");
	ok_cose_sign1_free(&msg);
	if (have_py)
		cross_check(key, name, &out);
	else
		tap_skip("no " PY " with cbor2 and cryptography", name);
	ok_buf_free(&out);
	EVP_PKEY_free(key);
}

/* RFC 8032 section 7.1 test 1: Ed25519 is deterministic, so our bytes
 * must equal python's exactly. */
static void
test_ed25519_exact(void)
{
	uint8_t seed[32], want[64];
	EVP_PKEY *key;
	ok_cose_sign_opts opts = { OK_COSE_EDDSA, (const uint8_t *)"py", 2,
	    NULL, (const uint8_t *)"aad", 3, OK_COSE_TAGGED };
	ok_buf out = OK_BUF_INIT, ckey = OK_BUF_INIT;
	char path[128], args[512], *theirs;
	size_t len;
	ok_err err;
	FILE *f;

	tap_hex2bin("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac03"
	    "1cae7f60", seed, sizeof(seed));
	key = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	tap_eq_int(ok_cose_key_export(key, &ckey, &err), OK_SUCCESS,
	    "COSE_Key of Ed25519");
	len = tap_hex2bin("a301012006215820d75a980182b10ab7d54bfed3c964073a0e"
	    "e172f3daa62325af021a68f707511a", want, sizeof(want));
	tap_eq_mem(ckey.data, ckey.len, want, len,
	    "COSE_Key {1:1,-1:6,-2:pub} exact bytes");
	tap_eq_int(ok_cose_sign1_sign(key, &opts, (const uint8_t *)"voucher",
	    7, &out, &err), OK_SUCCESS, "Ed25519 sign");
	if (have_py) {
		snprintf(path, sizeof(path), "%s/ed.key", tmpdir);
		write_key(path, key, true);
		snprintf(args, sizeof(args), "sign %s 766f7563686572 616164 "
		    "%s/ed.cose", path, tmpdir);
		run_py(args);
		snprintf(args, sizeof(args), "%s/ed.cose", tmpdir);
		theirs = NULL;
		if ((f = fopen(args, "rb")) != NULL) {
			theirs = malloc(512);
			len = fread(theirs, 1, 512, f);
			fclose(f);
			tap_eq_mem(out.data, out.len, theirs, len,
			    "Ed25519 COSE_Sign1 byte-identical to python's");
		} else {
			tap_ok(false, "python wrote %s", args);
		}
		free(theirs);
	} else {
		tap_skip("no python", "Ed25519 exact bytes");
	}
	ok_buf_free(&out);
	ok_buf_free(&ckey);
	EVP_PKEY_free(key);
}

static void
test_cose_key_ec(void)
{
	EVP_PKEY *key = cert_key("masa.pem");
	ok_buf ckey = OK_BUF_INIT;
	char path[128], cmd[512], hex[1024] = "", *ours;
	FILE *pipe;
	ok_err err;

	tap_eq_int(ok_cose_key_export(key, &ckey, &err), OK_SUCCESS,
	    "COSE_Key of masa P-256");
	tap_ok(ckey.len == 75 && memcmp(ckey.data, "\xa4\x01\x02\x20\x01\x21"
	    "\x58\x20", 8) == 0, "EC2 P-256 layout");
	tap_eq_int(ok_cbor_check(ckey.data, ckey.len, OK_CBOR_CANONICAL_KEYS,
	    "k", &err), OK_SUCCESS, "COSE_Key passes the strict checker");
	if (have_py) {
		snprintf(path, sizeof(path), "%s/masa.pub", tmpdir);
		write_key(path, key, false);
		snprintf(cmd, sizeof(cmd), PY " %s/x.py cosekey %s", tmpdir,
		    path);
		if ((pipe = popen(cmd, "r")) != NULL) {
			if (fgets(hex, sizeof(hex), pipe) == NULL)
				hex[0] = '\0';
			pclose(pipe);
		}
		hex[strcspn(hex, "\n")] = '\0';
		ours = hex_of(ckey.data, ckey.len);
		tap_eq_str(ours, hex, "COSE_Key equals python's");
		free(ours);
	}
	ok_buf_free(&ckey);
	EVP_PKEY_free(key);
}

static void
test_key_mismatch(void)
{
	EVP_PKEY *p256 = gen_key("EC", "P-256"), *rsa = gen_key("RSA", NULL);
	EVP_PKEY *p384 = gen_key("EC", "P-384");
	ok_cose_sign_opts opts = { OK_COSE_ES384, NULL, 0, NULL, NULL, 0, 0 };
	ok_buf out = OK_BUF_INIT;
	ok_cose_sign1 msg;
	size_t len;
	char *data;
	ok_err err;

	tap_eq_int(ok_cose_sign1_sign(p256, &opts, (const uint8_t *)"x", 1,
	    &out, &err), OK_E_USAGE, "ES384 with a P-256 key: usage");
	tap_eq_str(err.field, "key", "ES384 with P-256: field");
	tap_ok(out.len == 0, "nothing signed");
	opts.alg = 0;
	tap_eq_int(ok_cose_sign1_sign(rsa, &opts, (const uint8_t *)"x", 1,
	    &out, &err), OK_E_USAGE, "RSA key: usage");
	tap_eq_str(err.field, "key", "RSA key: field");
	data = tap_read_vector(CC_DIR "voucher.cose", &len);
	ok_cose_sign1_decode((uint8_t *)data, len, 0, "v", &msg, &err);
	tap_eq_int(ok_cose_sign1_verify(&msg, p384, NULL, 0, &err),
	    OK_E_NEGATIVE, "ES256 message, P-384 key: negative");
	tap_eq_str(err.field, "key", "ES256 message, P-384 key: field");
	ok_cose_sign1_free(&msg);
	free(data);
	ok_buf_free(&out);
	EVP_PKEY_free(p256);
	EVP_PKEY_free(p384);
	EVP_PKEY_free(rsa);
}

static void
test_unprotected_opts(void)
{
	EVP_PKEY *key = gen_key("EC", "P-256");
	cbor_item_t *hdr = cbor_new_definite_map(2);
	ok_cose_sign_opts opts = { 0, (const uint8_t *)"k", 1, NULL, NULL, 0,
	    0 };
	ok_buf out = OK_BUF_INIT;
	ok_cose_sign1 msg;
	ok_err err;
	cbor_item_t *bag;

	cbor_map_add(hdr, (struct cbor_pair){ cbor_move(cbor_build_uint8(32)),
	    cbor_move(cbor_build_bytestring((const uint8_t *)"C", 1)) });
	opts.unprotected = hdr;
	tap_eq_int(ok_cose_sign1_sign(key, &opts, (const uint8_t *)"p", 1,
	    &out, &err), OK_SUCCESS, "sign with x5bag and kid");
	/* 84 43a10126 a2 04 416b 1820 4143 ...: kid sorts before 32. */
	tap_ok(out.len > 16 && memcmp(out.data, "\x84\x43\xa1\x01\x26\xa2\x04"
	    "\x41\x6b\x18\x20\x41\x43\x41\x70\x58\x40", 17) == 0,
	    "unprotected {4:'k', 32:'C'} in canonical order, untagged");
	ok_cose_sign1_decode(out.data, out.len, 0, "m", &msg, &err);
	bag = ok_cose_sign1_header(&msg, OK_COSE_HDR_X5BAG);
	tap_ok(bag != NULL && cbor_isa_bytestring(bag), "x5bag read back");
	ok_cose_sign1_free(&msg);
	cbor_map_add(hdr, (struct cbor_pair){ cbor_move(cbor_build_uint8(4)),
	    cbor_move(cbor_build_bytestring((const uint8_t *)"j", 1)) });
	tap_eq_int(ok_cose_sign1_sign(key, &opts, (const uint8_t *)"p", 1,
	    &out, &err), OK_E_USAGE, "kid twice: usage");
	tap_ok(out.len == 0, "kid twice: no output");
	cbor_decref(&hdr);
	ok_buf_free(&out);
	EVP_PKEY_free(key);
}

static void
setup_python(void)
{
	char path[128];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/ok_test_cose.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return;
	snprintf(path, sizeof(path), "%s/x.py", tmpdir);
	write_file(path, (const uint8_t *)py_script, strlen(py_script));
	have_py = access(PY, X_OK) == 0 && system(PY " -c 'import cbor2, "
	    "cryptography' 2>/dev/null") == 0;
}

int
main(void)
{
	char cmd[128];

	setup_python();
	test_vectors();
	test_legacy();
	test_rejects();
	test_tamper();
	sign_verify("EC", "P-256", OK_COSE_ES256, "ES256");
	sign_verify("EC", "P-384", OK_COSE_ES384, "ES384");
	sign_verify("EC", "P-521", OK_COSE_ES512, "ES512");
	sign_verify("ED25519", NULL, OK_COSE_EDDSA, "EdDSA");
	test_ed25519_exact();
	test_cose_key_ec();
	test_key_mismatch();
	test_unprotected_opts();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		tap_diag("could not remove %s", tmpdir);
	return tap_done();
}
