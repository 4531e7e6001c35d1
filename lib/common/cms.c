/*
 * cms.c: CMS SignedData signing and strict decoding, with the signature
 * and the signer's chain verified as separate steps.
 */
#include "cms.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/objects.h>

struct ok_cms {
	CMS_ContentInfo *content_info;
	STACK_OF(X509) *certs; /* embedded, owned */
};

/* Longest dotted OID we print; longer ones are not eContentTypes we know
 * and are refused rather than truncated. */
#define OID_TEXT_MAX 128

static ok_status
der_to_buf(unsigned char *der, int len, const char *what, ok_buf *out,
    ok_err *err)
{
	ok_status st;

	if (len <= 0)
		return ok_err_ssl(err, OK_E_IO, what, "cannot encode");
	st = ok_buf_set(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

static ok_status
add_signing_time(CMS_SignerInfo *si, time_t at, ok_err *err)
{
	ASN1_TIME *when;
	int ok;

	if (at == 0)
		return OK_SUCCESS; /* OpenSSL adds the current time */
	when = ASN1_TIME_set(NULL, at);
	if (when == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "signing-time",
		    "time not representable");
	ok = CMS_signed_add1_attr_by_NID(si, NID_pkcs9_signingTime,
	    when->type, when, -1);
	ASN1_TIME_free(when);
	if (ok != 1)
		return ok_err_ssl(err, OK_E_IO, "signing-time",
		    "cannot add signingTime");
	return OK_SUCCESS;
}

/*
 * Keys other than EC (Ed25519) go through OpenSSL's CMS_sign(), whose
 * digest and signature choices for them are OpenSSL's to make.
 */
static ok_status
openssl_sign(const ok_cms_signer *s, const uint8_t *content, size_t len,
    ok_buf *out, ok_err *err);

/* --- the SignedData written directly ------------------------------------ */

/*
 * For EC keys the SignedData is written here rather than by CMS_sign():
 * OpenSSL builds, duplicates, sorts and re-encodes a tree of ASN.1 objects
 * for every signature, which costs a batch more than the signature.  The
 * bytes are the ones CMS_sign() writes (DER, sets sorted, SHA-256 without
 * parameters, ecdsa-with-SHA256, version 1 or 3), which test_cms.c checks
 * against it.
 */

/* sha256, and ecdsa-with-SHA256, as AlgorithmIdentifiers */
static const uint8_t sha256_alg[] = { 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86,
	0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t ecdsa_sha256_alg[] = { 0x30, 0x0a, 0x06, 0x08, 0x2a,
	0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
/* id-signedData; the attribute types contentType, messageDigest and
 * signingTime (1.2.840.113549.1.9.3, .4, .5) differ in the last byte */
static const uint8_t signed_data_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48,
	0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02 };
static const uint8_t attr_oid[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
	0xf7, 0x0d, 0x01, 0x09 };
enum { ATTR_CONTENT_TYPE = 3, ATTR_MESSAGE_DIGEST = 4,
    ATTR_SIGNING_TIME = 5 };

#define DIGEST_LEN 32
#define TIME_DER_MAX 24 /* GeneralizedTime YYYYMMDDHHMMSSZ, with header */
#define OID_DER_MAX 64  /* eContentType, whole */

struct ok_cms_signer {
	EVP_PKEY *key;
	X509 *signer;
	STACK_OF(X509) *certs;     /* to embed, each once */
	unsigned cms_flags;        /* fallback path */
	time_t signing_time;
	bool direct;
	EVP_PKEY_CTX *sign_ctx;    /* direct: initialised once */
	EVP_MD_CTX *md_ctx;
	EVP_MD *sha256;
	ASN1_TIME *when;
	ok_buf type_oid;   /* eContentType, whole OBJECT IDENTIFIER */
	ok_buf sd_head;    /* version and digestAlgorithms */
	ok_buf cert_set;   /* certificates [0], whole, or empty */
	ok_buf si_head;    /* version, sid, digestAlgorithm */
	ok_buf type_attr;  /* the contentType Attribute */
	ok_buf sig;        /* room for one signature */
};

static size_t
der_head_len(size_t len)
{
	size_t n = 2;

	if (len < 0x80)
		return n;
	for (; len > 0; len >>= 8)
		n++;
	return n;
}

static uint8_t *
der_put_head(uint8_t *p, uint8_t tag, size_t len)
{
	size_t bytes = der_head_len(len) - 2;

	*p++ = tag;
	if (bytes == 0) {
		*p++ = (uint8_t)len;
		return p;
	}
	*p++ = (uint8_t)(0x80 | bytes);
	while (bytes-- > 0)
		*p++ = (uint8_t)(len >> (8 * bytes));
	return p;
}

static uint8_t *
der_put(uint8_t *p, const void *data, size_t len)
{
	if (len > 0) /* an empty part may have no storage */
		memcpy(p, data, len);
	return p + len;
}

/* DER's SET OF order: the encodings compared as octet strings. */
static int
der_cmp(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	int c = memcmp(a, b, a_len < b_len ? a_len : b_len);

	if (c != 0)
		return c;
	return a_len < b_len ? -1 : a_len > b_len;
}

typedef struct der_item {
	const uint8_t *data;
	size_t len;
} der_item;

static void
der_sort(der_item *items, size_t n)
{
	der_item key;
	size_t i, j;

	for (i = 1; i < n; i++) {
		key = items[i];
		for (j = i; j > 0 && der_cmp(key.data, key.len,
		    items[j - 1].data, items[j - 1].len) < 0; j--)
			items[j] = items[j - 1];
		items[j] = key;
	}
}

/* Appends DER that an i2d_*() call allocated, and frees it. */
static ok_status
take_der(int len, unsigned char *der, ok_buf *out, ok_err *err)
{
	ok_status st;

	if (len <= 0 || der == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "signer", "cannot encode");
	st = ok_buf_append(out, der, (size_t)len, err);
	OPENSSL_free(der);
	return st;
}

static ok_status
append_head(ok_buf *out, uint8_t tag, size_t len, ok_err *err)
{
	uint8_t head[10];

	return ok_buf_append(out, head, (size_t)(der_put_head(head, tag, len) -
	    head), err);
}

/* SignedData version 3 unless the content is id-data (RFC 5652 5.1). */
static ok_status
prepare_heads(ok_cms_signer *s, ok_err *err)
{
	static const uint8_t id_data[] = { 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
		0xf7, 0x0d, 0x01, 0x07, 0x01 };
	bool is_data = s->type_oid.len == sizeof(id_data) &&
	    memcmp(s->type_oid.data, id_data, sizeof(id_data)) == 0;
	uint8_t head[] = { 0x02, 0x01, is_data ? 1 : 3, 0x31,
		sizeof(sha256_alg) };
	ok_buf sid = OK_BUF_INIT;
	unsigned char *der = NULL;
	ok_status st;
	int len;

	st = ok_buf_set(&s->sd_head, head, sizeof(head), err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->sd_head, sha256_alg, sizeof(sha256_alg),
		    err);
	if (st == OK_SUCCESS) {
		len = i2d_X509_NAME(X509_get_issuer_name(s->signer), &der);
		st = take_der(len, der, &sid, err);
	}
	if (st == OK_SUCCESS) {
		der = NULL;
		len = i2d_ASN1_INTEGER(X509_get0_serialNumber(s->signer), &der);
		st = take_der(len, der, &sid, err);
	}
	if (st == OK_SUCCESS)
		st = ok_buf_set(&s->si_head, "\x02\x01\x01", 3, err);
	if (st == OK_SUCCESS)
		st = append_head(&s->si_head, 0x30, sid.len, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->si_head, sid.data, sid.len, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->si_head, sha256_alg, sizeof(sha256_alg),
		    err);
	ok_buf_free(&sid);
	return st;
}

/* The contentType attribute: SEQUENCE { type, SET { eContentType } }. */
static ok_status
prepare_type_attr(ok_cms_signer *s, ok_err *err)
{
	size_t seq_len = sizeof(attr_oid) + 1 + der_head_len(s->type_oid.len) +
	    s->type_oid.len;
	uint8_t type = ATTR_CONTENT_TYPE;
	ok_status st;

	st = append_head(&s->type_attr, 0x30, seq_len, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->type_attr, attr_oid, sizeof(attr_oid),
		    err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->type_attr, &type, 1, err);
	if (st == OK_SUCCESS)
		st = append_head(&s->type_attr, 0x31, s->type_oid.len, err);
	if (st == OK_SUCCESS)
		st = ok_buf_append(&s->type_attr, s->type_oid.data,
		    s->type_oid.len, err);
	return st;
}

/* certificates [0] IMPLICIT SET OF, sorted. */
static ok_status
prepare_cert_set(ok_cms_signer *s, ok_err *err)
{
	der_item items[OK_CERTS_MAX + 1];
	ok_buf all = OK_BUF_INIT;
	size_t offsets[OK_CERTS_MAX + 2], n, i, total = 0;
	ok_status st = OK_SUCCESS;
	unsigned char *der;
	int k, len;

	if (sk_X509_num(s->certs) > OK_CERTS_MAX)
		return ok_err_set(err, OK_E_USAGE, "chain",
		    "more than %d certificates", OK_CERTS_MAX);
	offsets[0] = 0;
	for (k = 0; k < sk_X509_num(s->certs) && st == OK_SUCCESS; k++) {
		der = NULL;
		len = i2d_X509(sk_X509_value(s->certs, k), &der);
		st = take_der(len, der, &all, err);
		offsets[k + 1] = all.len;
	}
	for (n = 0; st == OK_SUCCESS && n < (size_t)sk_X509_num(s->certs);
	    n++) {
		items[n].data = all.data + offsets[n];
		items[n].len = offsets[n + 1] - offsets[n];
		total += items[n].len;
	}
	der_sort(items, n);
	if (st == OK_SUCCESS && n > 0)
		st = append_head(&s->cert_set, 0xa0, total, err);
	for (i = 0; st == OK_SUCCESS && i < n; i++)
		st = ok_buf_append(&s->cert_set, items[i].data, items[i].len,
		    err);
	ok_buf_free(&all);
	return st;
}

/* The key's signing context, set up once; SHA-256 as CMS_sign() picks
 * for EC keys. */
static ok_status
prepare_direct(ok_cms_signer *s, ok_err *err)
{
	int size = EVP_PKEY_get_size(s->key);
	ok_status st;

	s->sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	s->md_ctx = EVP_MD_CTX_new();
	s->sign_ctx = EVP_PKEY_CTX_new(s->key, NULL);
	s->when = ASN1_TIME_new();
	/* SHA-256 can be missing when a configuration (OPENSSL_CONF)
	 * restricts the algorithms: say so rather than blame memory. */
	if (s->sha256 == NULL)
		return ok_err_ssl(err, OK_E_IO, "signer",
		    "SHA-256 is not available");
	if (s->md_ctx == NULL || s->sign_ctx == NULL || s->when == NULL ||
	    size <= 0)
		return ok_err_ssl(err, OK_E_IO, "signer",
		    "cannot set up signing");
	if (EVP_PKEY_sign_init(s->sign_ctx) != 1 ||
	    EVP_PKEY_CTX_set_signature_md(s->sign_ctx, s->sha256) != 1)
		return ok_err_ssl(err, OK_E_USAGE, "signer",
		    "cannot use this key to sign");
	if ((st = ok_buf_resize(&s->sig, (size_t)size, err)) != OK_SUCCESS ||
	    (st = prepare_heads(s, err)) != OK_SUCCESS ||
	    (st = prepare_type_attr(s, err)) != OK_SUCCESS)
		return st;
	return prepare_cert_set(s, err);
}

/* Appends cert to s->certs unless it is there already. */
static ok_status
take_cert(ok_cms_signer *s, X509 *cert, ok_err *err)
{
	int i;

	for (i = 0; i < sk_X509_num(s->certs); i++)
		if (X509_cmp(sk_X509_value(s->certs, i), cert) == 0)
			return OK_SUCCESS;
	if (sk_X509_num(s->certs) >= OK_CERTS_MAX)
		return ok_err_set(err, OK_E_USAGE, "chain",
		    "more than %d certificates", OK_CERTS_MAX);
	if (sk_X509_push(s->certs, cert) <= 0)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	return OK_SUCCESS;
}

static ok_status
take_certs(ok_cms_signer *s, const ok_cms_sign_opts *opts, unsigned flags,
    ok_err *err)
{
	ok_status st = OK_SUCCESS;
	int i;

	if ((s->certs = sk_X509_new_null()) == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (!(flags & OK_CMS_CERTS_AS_GIVEN))
		st = take_cert(s, s->signer, err);
	for (i = 0; i < sk_X509_num(opts->extra_certs) && st == OK_SUCCESS;
	    i++)
		st = take_cert(s, sk_X509_value(opts->extra_certs, i), err);
	return st;
}

static ok_status
signer_setup(ok_cms_signer *s, const ok_cms_sign_opts *opts, unsigned flags,
    ok_err *err)
{
	const char *oid = opts->econtent_type ? opts->econtent_type :
	    OK_OID_DATA;
	ASN1_OBJECT *type = OBJ_txt2obj(oid, 1);
	unsigned char *der = NULL;
	ok_status st;
	int len;

	if (type == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "econtent-type",
		    "'%s' is not a dotted OID", oid);
	len = i2d_ASN1_OBJECT(type, &der);
	ASN1_OBJECT_free(type);
	if ((st = take_der(len, der, &s->type_oid, err)) != OK_SUCCESS)
		return st;
	if (s->type_oid.len > OID_DER_MAX)
		return ok_err_set(err, OK_E_USAGE, "econtent-type",
		    "OID longer than %d bytes", OID_DER_MAX);
	if (EVP_PKEY_up_ref(opts->key) != 1 || X509_up_ref(opts->signer) != 1)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	s->key = opts->key;
	s->signer = opts->signer;
	s->signing_time = opts->signing_time;
	if (X509_check_private_key(s->signer, s->key) != 1)
		return ok_err_ssl(err, OK_E_USAGE, "signer",
		    "cannot use this certificate and key to sign");
	if ((st = take_certs(s, opts, flags, err)) != OK_SUCCESS)
		return st;
	/* the fallback adds s->certs itself, the signer's among them */
	s->cms_flags = CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_NOCERTS;
	s->direct = EVP_PKEY_get_base_id(s->key) == EVP_PKEY_EC;
	return s->direct ? prepare_direct(s, err) : OK_SUCCESS;
}

ok_status
ok_cms_signer_new(const ok_cms_sign_opts *opts, unsigned flags,
    ok_cms_signer **out, ok_err *err)
{
	ok_cms_signer *s;
	ok_status st;

	*out = NULL;
	if (opts == NULL || opts->key == NULL || opts->signer == NULL)
		return ok_err_set(err, OK_E_USAGE, "signer",
		    "a signer certificate and key are needed");
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = signer_setup(s, opts, flags, err);
	if (st != OK_SUCCESS) {
		ok_cms_signer_free(s);
		return st;
	}
	*out = s;
	return OK_SUCCESS;
}

void
ok_cms_signer_free(ok_cms_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->signer);
	sk_X509_free(s->certs);
	EVP_PKEY_CTX_free(s->sign_ctx);
	EVP_MD_CTX_free(s->md_ctx);
	EVP_MD_free(s->sha256);
	ASN1_TIME_free(s->when);
	ok_buf_free(&s->type_oid);
	ok_buf_free(&s->sd_head);
	ok_buf_free(&s->cert_set);
	ok_buf_free(&s->si_head);
	ok_buf_free(&s->type_attr);
	ok_buf_free(&s->sig);
	free(s);
}

static bool
sha256(ok_cms_signer *s, const uint8_t *a, size_t a_len, const uint8_t *b,
    size_t b_len, uint8_t md[DIGEST_LEN])
{
	unsigned md_len = 0;

	return EVP_DigestInit_ex2(s->md_ctx, s->sha256, NULL) == 1 &&
	    EVP_DigestUpdate(s->md_ctx, a, a_len) == 1 &&
	    (b_len == 0 || EVP_DigestUpdate(s->md_ctx, b, b_len) == 1) &&
	    EVP_DigestFinal_ex(s->md_ctx, md, &md_len) == 1 &&
	    md_len == DIGEST_LEN;
}

/* The signed attributes, sorted, without their SET header: contentType
 * (the OID at most OID_DER_MAX bytes), signingTime and messageDigest. */
#define ATTRS_MAX (OID_DER_MAX + 128)

static ok_status
signed_attrs(ok_cms_signer *s, const uint8_t md[DIGEST_LEN],
    uint8_t *attrs, size_t *attrs_len, ok_err *err)
{
	uint8_t digest_attr[64 + DIGEST_LEN], time_attr[64 + TIME_DER_MAX];
	uint8_t *p, *t;
	der_item items[3];
	size_t i, time_len;
	int n;

	if (ASN1_TIME_set(s->when, s->signing_time != 0 ? s->signing_time :
	    time(NULL)) == NULL || (n = i2d_ASN1_TIME(s->when, NULL)) <= 0 ||
	    n > TIME_DER_MAX)
		return ok_err_ssl(err, OK_E_USAGE, "signing-time",
		    "time not representable");
	time_len = (size_t)n;
	p = der_put_head(time_attr, 0x30, sizeof(attr_oid) + 1 + 2 +
	    time_len);
	p = der_put(p, attr_oid, sizeof(attr_oid));
	*p++ = ATTR_SIGNING_TIME;
	p = der_put_head(p, 0x31, time_len);
	t = p;
	p += i2d_ASN1_TIME(s->when, &t);
	items[0] = (der_item){ time_attr, (size_t)(p - time_attr) };
	p = der_put_head(digest_attr, 0x30, sizeof(attr_oid) + 1 + 4 +
	    DIGEST_LEN);
	p = der_put(p, attr_oid, sizeof(attr_oid));
	*p++ = ATTR_MESSAGE_DIGEST;
	p = der_put_head(p, 0x31, 2 + DIGEST_LEN);
	p = der_put_head(p, 0x04, DIGEST_LEN);
	p = der_put(p, md, DIGEST_LEN);
	items[1] = (der_item){ digest_attr, (size_t)(p - digest_attr) };
	items[2] = (der_item){ s->type_attr.data, s->type_attr.len };
	der_sort(items, 3);
	for (i = 0, p = attrs; i < 3; i++)
		p = der_put(p, items[i].data, items[i].len);
	*attrs_len = (size_t)(p - attrs);
	return OK_SUCCESS;
}

/* The signature over the attributes as a SET (RFC 5652 5.4). */
static ok_status
sign_attrs(ok_cms_signer *s, const uint8_t *attrs, size_t attrs_len,
    size_t *sig_len, ok_err *err)
{
	uint8_t set_head[4], md[DIGEST_LEN];
	size_t head_len;

	head_len = (size_t)(der_put_head(set_head, 0x31, attrs_len) -
	    set_head);
	*sig_len = s->sig.len;
	if (!sha256(s, set_head, head_len, attrs, attrs_len, md))
		return ok_err_ssl(err, OK_E_IO, "signer", "SHA-256 failed");
	if (EVP_PKEY_sign(s->sign_ctx, s->sig.data, sig_len, md,
	    DIGEST_LEN) != 1)
		return ok_err_ssl(err, OK_E_USAGE, "signer", "signing failed");
	return OK_SUCCESS;
}

/* Lengths of the nested parts, inside out. */
struct sd_sizes {
	size_t attrs, si, si_seq, si_set, octets, explicit, encap, sd, ci;
};

static void
sd_sizes_of(const ok_cms_signer *s, size_t content_len, size_t attrs_len,
    size_t sig_len, struct sd_sizes *z)
{
	z->attrs = attrs_len;
	z->si = s->si_head.len + der_head_len(attrs_len) + attrs_len +
	    sizeof(ecdsa_sha256_alg) + der_head_len(sig_len) + sig_len;
	z->si_seq = der_head_len(z->si) + z->si;
	z->si_set = der_head_len(z->si_seq) + z->si_seq;
	z->octets = der_head_len(content_len) + content_len;
	z->explicit = der_head_len(z->octets) + z->octets;
	z->encap = s->type_oid.len + z->explicit;
	z->sd = s->sd_head.len + der_head_len(z->encap) + z->encap +
	    s->cert_set.len + z->si_set;
	z->ci = sizeof(signed_data_oid) + der_head_len(der_head_len(z->sd) +
	    z->sd) + der_head_len(z->sd) + z->sd;
}

static ok_status
write_signed_data(const ok_cms_signer *s, const uint8_t *content,
    size_t len, const uint8_t *attrs, const struct sd_sizes *z,
    size_t sig_len, ok_buf *out, ok_err *err)
{
	ok_status st;
	uint8_t *p;

	st = ok_buf_resize(out, der_head_len(z->ci) + z->ci, err);
	if (st != OK_SUCCESS)
		return st;
	p = der_put_head(out->data, 0x30, z->ci);
	p = der_put(p, signed_data_oid, sizeof(signed_data_oid));
	p = der_put_head(p, 0xa0, der_head_len(z->sd) + z->sd);
	p = der_put_head(p, 0x30, z->sd);
	p = der_put(p, s->sd_head.data, s->sd_head.len);
	p = der_put_head(p, 0x30, z->encap);
	p = der_put(p, s->type_oid.data, s->type_oid.len);
	p = der_put_head(p, 0xa0, z->octets);
	p = der_put_head(p, 0x04, len);
	p = der_put(p, content, len);
	p = der_put(p, s->cert_set.data, s->cert_set.len);
	p = der_put_head(p, 0x31, z->si_seq);
	p = der_put_head(p, 0x30, z->si);
	p = der_put(p, s->si_head.data, s->si_head.len);
	p = der_put_head(p, 0xa0, z->attrs);
	p = der_put(p, attrs, z->attrs);
	p = der_put(p, ecdsa_sha256_alg, sizeof(ecdsa_sha256_alg));
	p = der_put_head(p, 0x04, sig_len);
	p = der_put(p, s->sig.data, sig_len);
	if ((size_t)(p - out->data) != out->len)
		return ok_err_set(err, OK_E_IO, "cms", "internal length error");
	return OK_SUCCESS;
}

static ok_status
direct_sign(ok_cms_signer *s, const uint8_t *content, size_t len,
    ok_buf *out, ok_err *err)
{
	uint8_t md[DIGEST_LEN], attrs[ATTRS_MAX];
	size_t attrs_len = 0, sig_len = 0;
	struct sd_sizes z;
	ok_status st;

	if (!sha256(s, content, len, NULL, 0, md))
		return ok_err_ssl(err, OK_E_IO, "signer", "SHA-256 failed");
	st = signed_attrs(s, md, attrs, &attrs_len, err);
	if (st == OK_SUCCESS)
		st = sign_attrs(s, attrs, attrs_len, &sig_len, err);
	if (st != OK_SUCCESS)
		return st;
	sd_sizes_of(s, len, attrs_len, sig_len, &z);
	return write_signed_data(s, content, len, attrs, &z, sig_len, out,
	    err);
}

ok_status
ok_cms_signer_sign(ok_cms_signer *s, const uint8_t *content, size_t len,
    ok_buf *out, ok_err *err)
{
	ok_status st;

	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_USAGE, "content",
		    "more than %d bytes", OK_CMS_MAX);
	if (s->direct)
		st = direct_sign(s, content, len, out, err);
	else
		st = openssl_sign(s, content, len, out, err);
	if (st != OK_SUCCESS)
		ok_buf_free(out);
	return st;
}

ok_status
ok_cms_sign(const uint8_t *content, size_t len,
    const ok_cms_sign_opts *opts, ok_buf *out, ok_err *err)
{
	ok_cms_signer *signer;
	ok_status st;

	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_USAGE, "content",
		    "more than %d bytes", OK_CMS_MAX);
	if ((st = ok_cms_signer_new(opts, 0, &signer, err)) != OK_SUCCESS)
		return st;
	st = ok_cms_signer_sign(signer, content, len, out, err);
	ok_cms_signer_free(signer);
	return st;
}

/* --- through CMS_sign() ------------------------------------------------- */

static ok_status
sign_setup(CMS_ContentInfo *ci, const ok_cms_signer *s, ok_err *err)
{
	ASN1_OBJECT *type = NULL;
	const unsigned char *p = s->type_oid.data;
	CMS_SignerInfo *si;
	int ok;

	if (d2i_ASN1_OBJECT(&type, &p, (long)s->type_oid.len) == NULL)
		return ok_err_ssl(err, OK_E_IO, "econtent-type",
		    "cannot set eContentType");
	ok = CMS_set1_eContentType(ci, type);
	ASN1_OBJECT_free(type);
	if (ok != 1)
		return ok_err_ssl(err, OK_E_IO, "econtent-type",
		    "cannot set eContentType");
	si = CMS_add1_signer(ci, s->signer, s->key, NULL, s->cms_flags);
	if (si == NULL)
		return ok_err_ssl(err, OK_E_USAGE, "signer",
		    "cannot use this certificate and key to sign");
	return add_signing_time(si, s->signing_time, err);
}

static ok_status
openssl_sign(const ok_cms_signer *s, const uint8_t *content, size_t len,
    ok_buf *out, ok_err *err)
{
	CMS_ContentInfo *ci = NULL;
	unsigned char *der = NULL;
	BIO *in = NULL;
	ok_status st;
	int der_len;

	in = BIO_new_mem_buf(content, (int)len);
	ci = CMS_sign(NULL, NULL, s->certs, NULL, s->cms_flags);
	if (in == NULL || ci == NULL)
		st = ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	else
		st = sign_setup(ci, s, err);
	if (st == OK_SUCCESS && CMS_final(ci, in, NULL, s->cms_flags) != 1)
		st = ok_err_ssl(err, OK_E_USAGE, "signer", "signing failed");
	if (st == OK_SUCCESS) {
		der_len = i2d_CMS_ContentInfo(ci, &der);
		st = der_to_buf(der, der_len, "cms", out, err);
	}
	CMS_ContentInfo_free(ci);
	BIO_free(in);
	return st;
}

static ok_status
cms_decode(const uint8_t *der, size_t len, const char *field,
    CMS_ContentInfo **out, ok_err *err)
{
	const unsigned char *p = der;

	if (len > OK_CMS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d bytes", OK_CMS_MAX);
	*out = d2i_CMS_ContentInfo(NULL, &p, (long)len);
	if (*out == NULL)
		return ok_err_ssl(err, OK_E_MALFORMED, field,
		    "not CMS DER or truncated");
	if ((size_t)(p - der) != len) {
		CMS_ContentInfo_free(*out);
		*out = NULL;
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "%zu trailing bytes after the CMS structure",
		    len - (size_t)(p - der));
	}
	return OK_SUCCESS;
}

static ok_status
cms_check_signed(ok_cms *cms, const char *field, ok_err *err)
{
	CMS_ContentInfo *ci = cms->content_info;

	if (OBJ_obj2nid(CMS_get0_type(ci)) != NID_pkcs7_signed)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "content type is not SignedData");
	if (CMS_get0_eContentType(ci) == NULL)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "SignedData without eContentType");
	cms->certs = CMS_get1_certs(ci);
	if (cms->certs == NULL)
		cms->certs = sk_X509_new_null();
	if (cms->certs == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	if (sk_X509_num(cms->certs) > OK_CERTS_MAX)
		return ok_err_set(err, OK_E_MALFORMED, field,
		    "more than %d embedded certificates", OK_CERTS_MAX);
	return OK_SUCCESS;
}

ok_status
ok_cms_parse(const uint8_t *der, size_t len, const char *field,
    ok_cms **out, ok_err *err)
{
	ok_cms *cms;
	ok_status st;

	*out = NULL;
	cms = calloc(1, sizeof(*cms));
	if (cms == NULL)
		return ok_err_set(err, OK_E_IO, "memory", "out of memory");
	st = cms_decode(der, len, field, &cms->content_info, err);
	if (st == OK_SUCCESS)
		st = cms_check_signed(cms, field, err);
	if (st != OK_SUCCESS) {
		ok_cms_free(cms);
		return st;
	}
	*out = cms;
	return OK_SUCCESS;
}

void
ok_cms_free(ok_cms *cms)
{
	if (cms == NULL)
		return;
	CMS_ContentInfo_free(cms->content_info);
	sk_X509_pop_free(cms->certs, X509_free);
	free(cms);
}

ok_status
ok_cms_econtent_type(const ok_cms *cms, ok_buf *out, ok_err *err)
{
	const ASN1_OBJECT *type = CMS_get0_eContentType(cms->content_info);
	char text[OID_TEXT_MAX];
	int len;

	len = OBJ_obj2txt(text, (int)sizeof(text), type, 1);
	if (len <= 0 || (size_t)len >= sizeof(text))
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "eContentType is not a printable OID");
	return ok_buf_set(out, text, (size_t)len, err);
}

ok_status
ok_cms_econtent(const ok_cms *cms, ok_buf *out, ok_err *err)
{
	ASN1_OCTET_STRING **content;

	content = CMS_get0_content(cms->content_info);
	if (content == NULL || *content == NULL)
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "no eContent (detached or certificates-only SignedData)");
	return ok_buf_set(out, ASN1_STRING_get0_data(*content),
	    (size_t)ASN1_STRING_length(*content), err);
}

STACK_OF(X509) *
ok_cms_certs(const ok_cms *cms)
{
	return cms->certs;
}

static ok_status
signer_count_check(ok_cms *cms, ok_err *err)
{
	STACK_OF(CMS_SignerInfo) *infos;
	int count;

	infos = CMS_get0_SignerInfos(cms->content_info);
	count = infos != NULL ? sk_CMS_SignerInfo_num(infos) : 0;
	if (count == 0)
		return ok_err_set(err, OK_E_NEGATIVE, "cms",
		    "no SignerInfo: nothing is signed");
	if (count > 1)
		return ok_err_set(err, OK_E_MALFORMED, "cms",
		    "%d SignerInfos (one is supported)", count);
	return OK_SUCCESS;
}

static ok_status
signer_ref(ok_cms *cms, X509 **signer, ok_err *err)
{
	STACK_OF(X509) *signers = CMS_get0_signers(cms->content_info);
	X509 *cert;

	cert = sk_X509_num(signers) == 1 ? sk_X509_value(signers, 0) : NULL;
	sk_X509_free(signers);
	if (cert == NULL || X509_up_ref(cert) != 1)
		return ok_err_ssl(err, OK_E_NEGATIVE, "cms",
		    "signer certificate not identified");
	*signer = cert;
	return OK_SUCCESS;
}

ok_status
ok_cms_verify_signature(ok_cms *cms, STACK_OF(X509) *extra_certs,
    X509 **signer, ok_err *err)
{
	const unsigned flags = CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY;
	ok_status st;

	if (signer != NULL)
		*signer = NULL;
	st = signer_count_check(cms, err);
	if (st != OK_SUCCESS)
		return st;
	ERR_clear_error();
	if (CMS_verify(cms->content_info, extra_certs, NULL, NULL, NULL,
	    flags) != 1)
		return ok_err_ssl(err, OK_E_NEGATIVE, "cms",
		    "signature does not verify");
	if (signer == NULL)
		return OK_SUCCESS;
	return signer_ref(cms, signer, err);
}

ok_status
ok_cms_verify_chain(const ok_cms *cms, X509 *signer,
    STACK_OF(X509) *extra_certs, STACK_OF(X509) *anchors,
    const ok_verify_opts *opts, ok_err *err)
{
	STACK_OF(X509) *untrusted = sk_X509_dup(cms->certs);
	ok_status st;
	int i;

	if (untrusted == NULL)
		return ok_err_ssl(err, OK_E_IO, "memory", "out of memory");
	for (i = 0; i < sk_X509_num(extra_certs); i++) {
		if (sk_X509_push(untrusted, sk_X509_value(extra_certs, i)) <=
		    0) {
			sk_X509_free(untrusted);
			return ok_err_ssl(err, OK_E_IO, "memory",
			    "out of memory");
		}
	}
	st = ok_chain_verify(signer, untrusted, anchors, opts, "signer", err);
	sk_X509_free(untrusted);
	return st;
}
