#!/usr/bin/python3
"""Independent signer and verifier for the voucher cross-checks
(tests/interop/voucher-crosscheck.bats).

Run with Debian's /usr/bin/python3: it needs python3-jwcrypto,
python3-cbor2 and python3-cryptography, and nothing of onboardkit.  The
SID tables are read from the RFC 8366bis files among the test vectors,
so the CBOR mapping here does not come from voucher-sign's code.

Subcommands (exit 0 on success, 1 on a failed verification, 2 on misuse):
  check-modules
  jws-verify FILE OUT            verify a General JSON JWS with x5c[0];
                                 OUT = payload bytes
  jws-header FILE                the first signature's protected header
  jws-sign KEY CHAIN PAYLOAD OUT general JSON JWS, x5c = CHAIN's certs
  cose-verify FILE CERT OUT      COSE_Sign1 (tag 18), ES256/384/512 or
                                 EdDSA with CERT's key; OUT = payload
                                 decoded to voucher JSON (SID tables)
  cose-header FILE               protected and unprotected header labels
  cose-sign KEY CERT JSON OUT [--x5bag CHAIN]
                                 COSE_Sign1 of the voucher JSON's SID CBOR
  tamper FILE OUT WHAT           one byte changed (the content's byte is
                                 in the serial-number XCHECK-...): WHAT
                                 is cms-content,
                                 cms-signature, jws-payload,
                                 jws-signature, cose-payload,
                                 cose-signature
  json-equal A B                 the two files hold the same JSON value
"""

import base64
import json
import os
import re
import sys


def die(msg, code=1):
    sys.stderr.write("voucher_xcheck: %s\n" % msg)
    sys.exit(code)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ---- certificates and keys ------------------------------------------------

def load_certs(path):
    from cryptography import x509
    data = read(path)
    if b"-----BEGIN" in data:
        blocks = re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----",
                            data, re.S)
        return [x509.load_pem_x509_certificate(b) for b in blocks]
    return [x509.load_der_x509_certificate(data)]


def load_key(path):
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    return load_pem_private_key(read(path), password=None)


def cert_der(cert):
    from cryptography.hazmat.primitives.serialization import Encoding
    return cert.public_bytes(Encoding.DER)


# ---- JWS (python3-jwcrypto) ----------------------------------------------

def jws_alg_for(key):
    from cryptography.hazmat.primitives.asymmetric import ec
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {256: "ES256", 384: "ES384", 521: "ES512"}[key.curve.key_size]
    die("jws: unsupported key type", 2)


def jws_verify(path, out):
    from jwcrypto import jwk, jws
    from cryptography import x509
    doc = json.loads(read(path))
    if "signatures" not in doc or len(doc["signatures"]) != 1:
        die("jws: not General JSON with one signature")
    header = json.loads(b64url_decode(doc["signatures"][0]["protected"]))
    leaf = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
    key = jwk.JWK.from_pyca(leaf.public_key())
    token = jws.JWS()
    try:
        token.deserialize(json.dumps(doc), key=key)
    except Exception as exc:  # jwcrypto raises InvalidJWSSignature etc.
        die("jws: signature does not verify: %s" % exc)
    write(out, token.payload)


def jws_header(path):
    doc = json.loads(read(path))
    print(json.dumps(json.loads(b64url_decode(doc["signatures"][0]["protected"])),
                     sort_keys=True))


def jws_sign(keyf, chainf, payloadf, out):
    from jwcrypto import jwk, jws
    from jwcrypto.common import json_encode
    key = load_key(keyf)
    chain = load_certs(chainf)
    alg = jws_alg_for(key)
    protected = {"alg": alg, "typ": "voucher-jws+json",
                 "x5c": [base64.b64encode(cert_der(c)).decode() for c in chain]}
    token = jws.JWS(read(payloadf))
    token.add_signature(jwk.JWK.from_pyca(key), None, json_encode(protected))
    # add_signature with one signature serializes flattened; the
    # voucher form is the General JSON Serialization.
    general = json.loads(token.serialize(compact=False))
    if "signatures" not in general:
        general = {"payload": general.pop("payload"), "signatures": [general]}
    write(out, (json.dumps(general) + "\n").encode())


# ---- SID-keyed CBOR (RFC 9254, RFC 8366bis SIDs) --------------------------

ASSERTIONS = {"verified": 0, "logged": 1, "proximity": 2, "agent-proximity": 3}
TEXT_LEAVES = {"created-on", "expires-on", "last-renewal-date", "serial-number",
               "est-domain", "additional-configuration-url"}
BOOL_LEAVES = {"domain-cert-revocation-checks"}
ANY_LEAVES = {"manufacturer-proprietary", "extensions"}


def sid_tables():
    vec = os.environ.get("OK_VECTORS")
    if not vec:
        die("OK_VECTORS is not set", 2)
    tables = {}
    for name in ("ietf-voucher-sid.txt", "ietf-voucher-request-sid.txt"):
        names = {}
        for line in open(os.path.join(vec, "voucher", "rfc8366bis", name)):
            m = re.match(r"^(\d+)\s+data\s+/([^/\s]+)(?:/(\S+))?$", line.strip())
            if m:
                names[int(m.group(1))] = m.group(3) or m.group(2)
        top = min(names)
        tables[names[top]] = (top, {v: k for k, v in names.items() if k != top})
    return tables


def voucher_to_cbor(doc):
    import cbor2
    (kind, leaves), = doc.items()
    top, sids = sid_tables()[kind]
    out = {}
    for leaf, value in leaves.items():
        delta = sids[leaf] - top
        if leaf == "assertion":
            out[delta] = ASSERTIONS[value]
        elif leaf in TEXT_LEAVES or leaf in BOOL_LEAVES or leaf in ANY_LEAVES:
            out[delta] = value
        else:  # binary leaves and the nonce
            out[delta] = base64.b64decode(value, validate=True)
    return cbor2.dumps({top: dict(sorted(out.items()))}, canonical=True)


def cbor_to_voucher(data):
    import cbor2
    obj = cbor2.loads(data)
    if not isinstance(obj, dict) or len(obj) != 1:
        die("cose: payload is not a one-entry map")
    (top, members), = obj.items()
    for kind, (tsid, sids) in sid_tables().items():
        if tsid == top:
            break
    else:
        die("cose: unknown top SID %r" % top)
    names = {v - top: k for k, v in sids.items()}
    leaves = {}
    for delta, value in members.items():
        leaf = names.get(delta)
        if leaf is None:
            die("cose: unknown delta %r" % delta)
        if leaf == "assertion":
            leaves[leaf] = {v: k for k, v in ASSERTIONS.items()}[value]
        elif isinstance(value, bytes):
            leaves[leaf] = base64.b64encode(value).decode()
        else:
            leaves[leaf] = value
    return {kind: leaves}


# ---- COSE_Sign1 (python3-cbor2 + python3-cryptography) --------------------

COSE_ALGS = {-7: 256, -35: 384, -36: 521, -8: None}


def cose_alg_for(key):
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return -8
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return {256: -7, 384: -35, 521: -36}[key.curve.key_size]
    die("cose: unsupported key type", 2)


def hash_for(bits):
    from cryptography.hazmat.primitives import hashes
    return {256: hashes.SHA256(), 384: hashes.SHA384(), 521: hashes.SHA512()}[bits]


def sig_structure(protected, payload):
    import cbor2
    return cbor2.dumps(["Signature1", protected, b"", payload])


def cose_parse(path):
    import cbor2
    obj = cbor2.loads(read(path))
    if not isinstance(obj, cbor2.CBORTag) or obj.tag != 18:
        die("cose: not a tagged COSE_Sign1")
    protected, unprotected, payload, signature = obj.value
    return protected, unprotected, payload, signature


def cose_verify(path, certf, out):
    import cbor2
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    protected, unprotected, payload, signature = cose_parse(path)
    header = cbor2.loads(protected) if protected else {}
    alg = header.get(1)
    if alg not in COSE_ALGS:
        die("cose: algorithm %r not expected" % alg)
    key = load_certs(certf)[0].public_key()
    tbs = sig_structure(protected, payload)
    try:
        if alg == -8:
            key.verify(signature, tbs)
        else:
            bits = COSE_ALGS[alg]
            n = (bits + 7) // 8
            if len(signature) != 2 * n:
                die("cose: signature length %d" % len(signature))
            der = utils.encode_dss_signature(int.from_bytes(signature[:n], "big"),
                                             int.from_bytes(signature[n:], "big"))
            key.verify(der, tbs, ec.ECDSA(hash_for(bits)))
    except InvalidSignature:
        die("cose: signature does not verify")
    write(out, (json.dumps(cbor_to_voucher(payload)) + "\n").encode())


def cose_header(path):
    import cbor2
    protected, unprotected, _, _ = cose_parse(path)
    header = cbor2.loads(protected) if protected else {}
    print(json.dumps({"protected": {str(k): v for k, v in header.items()
                                    if isinstance(v, (int, str))},
                      "unprotected": sorted(str(k) for k in unprotected)}))


def cose_sign(keyf, certf, jsonf, out, bagf=None):
    import cbor2
    from cryptography.hazmat.primitives.asymmetric import ec, utils
    key = load_key(keyf)
    alg = cose_alg_for(key)
    protected = cbor2.dumps({1: alg})
    payload = voucher_to_cbor(json.loads(read(jsonf)))
    tbs = sig_structure(protected, payload)
    if alg == -8:
        signature = key.sign(tbs)
    else:
        bits = COSE_ALGS[alg]
        r, s = utils.decode_dss_signature(key.sign(tbs, ec.ECDSA(hash_for(bits))))
        n = (bits + 7) // 8
        signature = r.to_bytes(n, "big") + s.to_bytes(n, "big")
    unprotected = {}
    if bagf:
        unprotected[32] = [cert_der(c) for c in load_certs(bagf)]
    obj = cbor2.CBORTag(18, [protected, unprotected, payload, signature])
    write(out, cbor2.dumps(obj))


# ---- tampering --------------------------------------------------------------

def flip(data, i):
    b = bytearray(data)
    b[i] ^= 0x01
    return bytes(b)


def tamper(path, out, what):
    import cbor2
    data = read(path)
    if what == "cms-content":
        i = data.find(b"XCHECK")
        if i < 0:
            die("tamper: no XCHECK serial in the CMS", 2)
        write(out, flip(data, i))
    elif what == "cms-signature":
        # The signature value is the last element of a SignerInfo, the
        # last thing in the DER when there are no unsigned attributes.
        write(out, flip(data, len(data) - 2))
    elif what in ("jws-payload", "jws-signature"):
        doc = json.loads(data)
        if what == "jws-payload":
            raw = bytearray(b64url_decode(doc["payload"]))
            i = raw.find(b"XCHECK")
            if i < 0:
                die("tamper: no XCHECK serial in the payload", 2)
            raw[i] ^= 0x01
            doc["payload"] = base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
        else:
            sig = bytearray(b64url_decode(doc["signatures"][0]["signature"]))
            sig[5] ^= 0x01
            doc["signatures"][0]["signature"] = \
                base64.urlsafe_b64encode(bytes(sig)).decode().rstrip("=")
        write(out, json.dumps(doc).encode())
    elif what in ("cose-payload", "cose-signature"):
        obj = cbor2.loads(data)
        parts = list(obj.value)
        if what == "cose-payload":
            p = bytearray(parts[2])
            i = p.find(b"XCHECK")
            if i < 0:
                die("tamper: no XCHECK serial in the payload", 2)
            p[i] ^= 0x01
            parts[2] = bytes(p)
        else:
            parts[3] = flip(parts[3], 3)
        write(out, cbor2.dumps(cbor2.CBORTag(18, parts)))
    else:
        die("tamper: unknown %s" % what, 2)


def json_equal(a, b):
    x, y = json.loads(read(a)), json.loads(read(b))
    if x != y:
        die("JSON differs:\n  %s\n  %s" % (json.dumps(x, sort_keys=True)[:600],
                                         json.dumps(y, sort_keys=True)[:600]))


def check_modules():
    import importlib
    for name in ("cbor2", "cryptography", "jwcrypto.jws"):
        importlib.import_module(name)


def main(argv):
    if not argv:
        die(__doc__, 2)
    cmd, args = argv[0], argv[1:]
    table = {
        "check-modules": (0, check_modules),
        "jws-verify": (2, jws_verify),
        "jws-header": (1, jws_header),
        "jws-sign": (4, jws_sign),
        "cose-verify": (3, cose_verify),
        "cose-header": (1, cose_header),
        "tamper": (3, tamper),
        "json-equal": (2, json_equal),
    }
    if cmd == "cose-sign":
        if len(args) == 6 and args[4] == "--x5bag":
            return cose_sign(args[0], args[1], args[2], args[3], args[5])
        if len(args) == 4:
            return cose_sign(*args)
        die("usage: cose-sign KEY CERT JSON OUT [--x5bag CHAIN]", 2)
    if cmd not in table or len(args) != table[cmd][0]:
        die("usage: see the file's docstring (%s)" % cmd, 2)
    return table[cmd][1](*args)


if __name__ == "__main__":
    main(sys.argv[1:])
