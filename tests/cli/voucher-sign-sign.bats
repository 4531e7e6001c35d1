#!/usr/bin/env bats
# voucher-sign sign: CMS, JWS and COSE; keys from files and a PKCS#11
# token; certificates included; tampered copies refused.
load helpers

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	make_test_pki
	test_voucher > v.json
}

# The signed voucher's certificates, counted by openssl cms.
cms_cert_count() {
	openssl cms -verify -inform DER -in "$1" -noverify -binary -out /dev/null \
	    -certsout certs.pem 2>/dev/null
	grep -c 'BEGIN CERTIFICATE' certs.pem || true
}

@test "sign: each form with P-256, P-384 and Ed25519 round-trips through verify" {
	for spec in cms:masa jws:masa cose:masa cms:masa384 jws:masa384 cose:masa384 cose:masa-ed; do
		form=${spec%%:*} signer=${spec#*:}
		voucher-sign sign -f "$form" -k "pki/$signer.key" -c "pki/$signer.crt" \
		    --chain pki/root.crt -o "v.$spec" v.json
		run --separate-stderr voucher-sign verify -t pki/root.crt "v.$spec"
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat v.json)" ]
		# The form on the wire is the one asked for.
		run --separate-stderr voucher-sign show -j "v.$spec"
		[ "$(echo "$output" | json_get form)" = "$form" ]
	done
	# COSE algorithm by key: ES256 (-7), ES384 (-35), EdDSA (-8) in the protected header.
	$PY - v.cose:masa v.cose:masa384 v.cose:masa-ed <<'PY'
import cbor2, sys
want = [-7, -35, -8]
for path, alg in zip(sys.argv[1:], want):
    msg = cbor2.loads(open(path, 'rb').read())
    assert msg.tag == 18, path
    prot = cbor2.loads(msg.value[0])
    assert prot == {1: alg}, (path, prot)
PY
}

@test "sign: CMS is accepted by openssl cms -verify, content byte-identical" {
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	openssl cms -verify -inform DER -in v.cms -CAfile pki/root.crt -purpose any \
	    -binary -out content.json 2>/dev/null
	printf '%s' "$(cat v.json)" | cmp - content.json
	# A wrong anchor: openssl agrees it does not chain.
	run openssl cms -verify -inform DER -in v.cms -CAfile pki/other-ca.crt -purpose any -binary -out /dev/null
	[ "$status" -ne 0 ]
}

@test "sign: the COSE payload is the SID CBOR of the voucher (python cbor2 + cryptography)" {
	voucher-sign sign -f cose -k pki/masa.key -c pki/masa.crt -o v.cose v.json
	$PY - v.cose pki/masa.crt <<'PY'
import cbor2, sys
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
msg = cbor2.loads(open(sys.argv[1], 'rb').read())
prot, unprot, payload, sig = msg.value
cert = x509.load_pem_x509_certificate(open(sys.argv[2], 'rb').read())
tbs = cbor2.dumps(["Signature1", prot, b"", payload])
r, s = int.from_bytes(sig[:32], 'big'), int.from_bytes(sig[32:], 'big')
cert.public_key().verify(utils.encode_dss_signature(r, s), tbs, ec.ECDSA(hashes.SHA256()))
v = cbor2.loads(payload)
inner = v[2451]
assert inner[1] == 1                      # assertion logged
assert inner[2] == "2026-01-01T00:00:00Z" # created-on
assert inner[11] == "PLEDGE-0001"         # serial-number
assert isinstance(inner[8], bytes)        # pinned-domain-cert
PY
}

@test "sign --include: which certificates go in (CMS, JWS x5c, COSE x5bag)" {
	[ "$(cat pki/masa-chain.pem | grep -c BEGIN)" -eq 2 ]
	for inc in chain:2 no-anchor:1 signer:1 none:0; do
		voucher-sign sign --include "${inc%:*}" -k pki/masa.key -c pki/masa-chain.pem -o "i.${inc%:*}" v.json
		[ "$(cms_cert_count "i.${inc%:*}")" -eq "${inc#*:}" ]
		voucher-sign sign -f jws --include "${inc%:*}" -k pki/masa.key -c pki/masa-chain.pem -o "j.${inc%:*}" v.json
		n=$($PY -c 'import json,base64,sys
j=json.load(open(sys.argv[1])); h=json.loads(base64.urlsafe_b64decode(j["signatures"][0]["protected"]+"=="))
print(len(h.get("x5c",[])))' "j.${inc%:*}")
		[ "$n" -eq "${inc#*:}" ]
		voucher-sign sign -f cose --include "${inc%:*}" -k pki/masa.key -c pki/masa-chain.pem -o "c.${inc%:*}" v.json
		n=$($PY -c 'import cbor2,sys
m=cbor2.loads(open(sys.argv[1],"rb").read()).value; b=m[1].get(32,[])
print(1 if isinstance(b,bytes) else len(b))' "c.${inc%:*}")
		[ "$n" -eq "${inc#*:}" ]
	done
	# no-anchor keeps the signer, drops the self-signed root.
	cms_cert_count i.no-anchor
	openssl x509 -in certs.pem -noout -subject | grep -q 'Test MASA'
	# Without embedded certificates the verifier is given them.
	for f in i.none j.none c.none; do
		run --separate-stderr voucher-sign verify -t pki/root.crt "$f"
		[ "$status" -eq 1 ]
		run --separate-stderr voucher-sign verify -t pki/root.crt --certs pki/masa.crt "$f"
		[ "$status" -eq 0 ]
	done
}

@test "sign --econtent-type: voucher (.40) by default, data gives id-data, dotted OIDs" {
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v40.cms v.json
	voucher-sign sign --econtent-type data -k pki/masa.key -c pki/masa-chain.pem -o vdata.cms v.json
	voucher-sign sign --econtent-type voucher -k pki/masa.key -c pki/masa-chain.pem -o vv.cms v.json
	voucher-sign sign --econtent-type 1.2.840.113549.1.9.16.1.43 -k pki/masa.key -c pki/masa-chain.pem -o v43.cms v.json
	# The third OBJECT of a SignedData is the eContentType.
	ect() { openssl asn1parse -inform DER -in "$1" | grep OBJECT | sed -n 3p | sed 's/.*://'; }
	[ "$(ect v40.cms)" = "1.2.840.113549.1.9.16.1.40" ]
	[ "$(ect vv.cms)" = "1.2.840.113549.1.9.16.1.40" ]
	[ "$(ect vdata.cms)" = "pkcs7-data" ]
	[ "$(ect v43.cms)" = "1.2.840.113549.1.9.16.1.43" ]
	run --separate-stderr voucher-sign verify -t pki/root.crt vdata.cms
	[ "$status" -eq 0 ]
	[ "$(voucher-sign show -j vdata.cms | json_get content-type)" = "1.2.840.113549.1.7.1" ]
	# Only for CMS, and only an OID.
	run --separate-stderr voucher-sign sign -f jws --econtent-type data -k pki/masa.key -c pki/masa.crt -o x v.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --econtent-type: "* ]]
	run --separate-stderr voucher-sign sign --econtent-type banana -k pki/masa.key -c pki/masa.crt -o x v.json
	[ "$status" -eq 2 ]
	[ ! -e x ]
}

@test "sign --signing-time: the CMS signingTime attribute" {
	voucher-sign sign --signing-time 2021-04-14T00:00:00Z -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	openssl cms -cmsout -print -inform DER -in v.cms | grep -A3 signingTime | grep -q 'Apr 14 00:00:00 2021 GMT'
	voucher-sign sign --signing-time @1618358400 -k pki/masa.key -c pki/masa-chain.pem -o w.cms v.json
	openssl cms -cmsout -print -inform DER -in w.cms | grep -A3 signingTime | grep -q 'Apr 14 00:00:00 2021 GMT'
	run --separate-stderr voucher-sign sign --signing-time 2021-04-14 -k pki/masa.key -c pki/masa-chain.pem -o x.cms v.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: --signing-time: "* ]]
	[ ! -e x.cms ]
}

@test "sign -A: CMS as PEM, COSE as base64 text" {
	voucher-sign sign -A -k pki/masa.key -c pki/masa-chain.pem v.json > v.pem
	[ "$(head -1 v.pem)" = "-----BEGIN CMS-----" ]
	[ "$(tail -1 v.pem)" = "-----END CMS-----" ]
	openssl cms -verify -inform PEM -in v.pem -CAfile pki/root.crt -purpose any -binary -out c.json 2>/dev/null
	printf '%s' "$(cat v.json)" | cmp - c.json
	run --separate-stderr voucher-sign verify -t pki/root.crt v.pem
	[ "$status" -eq 0 ]
	voucher-sign sign -A -f cose -k pki/masa.key -c pki/masa-chain.pem v.json > v.b64
	[ "$(wc -l < v.b64)" -eq 1 ]
	[ "$(base64 -d v.b64 | head -c1 | od -An -tx1 | tr -d ' ')" = d2 ]
	# the base64 text reads back as it is (its first character, '0', is
	# also the first byte of DER)
	run --separate-stderr voucher-sign verify -t pki/root.crt v.b64
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | cmp - v.json
	run --separate-stderr voucher-sign show v.b64
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\nform: cose (base64)\n'* ]]
	[ "$(voucher-sign show -j v.b64 | json_get form)" = cose ]
	[ "$(voucher-sign verify -j -t pki/root.crt < v.b64 | json_get encoding)" = base64 ]
}

@test "verify, show: base64 text of COSE (tagged or not) and CMS, in lines, made by others" {
	voucher-sign sign -f cose -k pki/masa.key -c pki/masa-chain.pem -o v.cose v.json
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	tail -c +2 v.cose > untagged.cose
	[ "$(head -c1 untagged.cose | od -An -tx1 | tr -d ' ')" = 84 ]
	for f in v.cose untagged.cose v.cms; do
		$PY -c 'import base64,sys; sys.stdout.write(base64.encodebytes(open(sys.argv[1],"rb").read()).decode())' "$f" > "$f.b64"
		[ "$(wc -l < "$f.b64")" -gt 1 ]
		voucher-sign verify -t pki/root.crt "$f.b64" | cmp - v.json
		[ "$(voucher-sign show -j "$f.b64" | json_get encoding)" = base64 ]
	done
	[ "$(voucher-sign show -j untagged.cose.b64 | json_get form)" = cose ]
	[ "$(voucher-sign show -j v.cms.b64 | json_get form)" = cms ]
	# base64 of bytes that are no voucher is exit 3
	printf 'bm90IGEgdm91Y2hlcg==\n' > junk.b64
	run --separate-stderr voucher-sign verify -t pki/root.crt junk.b64
	[ "$status" -eq 3 ]
	run --separate-stderr voucher-sign show junk.b64
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
}

@test "sign: binary to a terminal is refused; -o - insists" {
	run_tty voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem v.json
	[ "$status" -eq 2 ]
	[[ "$output" == *"refusing to write binary data to a terminal"* ]]
	run_tty voucher-sign sign -f cose -k pki/masa.key -c pki/masa-chain.pem v.json
	[ "$status" -eq 2 ]
	# Text forms are fine on a terminal.
	run_tty voucher-sign sign -f jws -k pki/masa.key -c pki/masa-chain.pem v.json
	[ "$status" -eq 0 ]
	run_tty voucher-sign sign -A -k pki/masa.key -c pki/masa-chain.pem v.json
	[ "$status" -eq 0 ]
	[[ "$output" == *"-----BEGIN CMS-----"* ]]
}

@test "sign: missing -k/-c are usage errors; a key that is not the certificate's is exit 2" {
	run --separate-stderr voucher-sign sign -c pki/masa.crt -o x v.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: -k: "* ]]
	run --separate-stderr voucher-sign sign -k pki/masa.key -o x v.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: -c: "* ]]
	for f in cms jws cose; do
		run --separate-stderr voucher-sign sign -f "$f" -k pki/idevid.key -c pki/masa.crt -o x v.json
		[ "$status" -eq 2 ]
		[[ "$stderr" == "voucher-sign: key: "* ]]
		[ ! -e x ]
	done
	# Ed25519 cannot sign CMS or JWS here.
	run --separate-stderr voucher-sign sign -f jws -k pki/masa-ed.key -c pki/masa-ed.crt -o x v.json
	[ "$status" -eq 2 ]
	[ ! -e x ]
	run --separate-stderr voucher-sign sign -f pdf -k pki/masa.key -c pki/masa.crt -o x v.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: -f: "* ]]
}

@test "sign: the input's YANG rules are enforced, --relax turns them into warnings" {
	voucher-sign create --assertion logged --serial-number S --created-on 2026-01-01T00:00:00Z \
	    --pinned-domain-cert pki/domain-ca.crt --nonce abc --expires-on 2030-01-01T00:00:00Z \
	    --relax nonce-expires > bad.json 2>/dev/null
	run --separate-stderr voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o x.cms bad.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: expires-on: not allowed with nonce"* ]]
	[ ! -e x.cms ]
	run --separate-stderr voucher-sign sign --relax nonce-expires -k pki/masa.key -c pki/masa-chain.pem -o x.cms bad.json
	[ "$status" -eq 0 ]
	[[ "$stderr" == "voucher-sign: warning: expires-on: "* ]]
	[ -s x.cms ]
}

@test "sign: a voucher-request, read from stdin" {
	voucher-sign create -r --created-on 2026-01-01T00:00:00Z --serial-number PLEDGE-0001 \
	    --assertion proximity --nonce abc --proximity-registrar-cert pki/registrar.crt > r.json
	voucher-sign sign -k pki/idevid.key -c pki/idevid.crt --chain pki/root.crt < r.json > r.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect request r.cms
	[ "$status" -eq 0 ]
	[ "$output" = "$(cat r.json)" ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect voucher r.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: kind: "* ]]
}

@test "sign: with a key in a PKCS#11 token (SoftHSM2)" {
	"$OK_TOP/tests/unit/softhsm-token" > token.env
	TOKEN_DIR=$(sed -n 's/^dir=//p' token.env)
	export SOFTHSM2_CONF=$(sed -n 's/^conf=//p' token.env)
	MODULE=$(sed -n 's/^module=//p' token.env)
	URI=$(sed -n 's/^uri=//p' token.env)
	export PIN=$(sed -n 's/^pin=//p' token.env)
	# A certificate for the token's key, issued by the file CA.
	openssl pkey -pubin -inform DER -in "$(sed -n 's/^pubkey=//p' token.env)" -out tok.pub
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout throwaway.key \
	    -subj "/CN=Token MASA" -out tok.csr 2>/dev/null
	openssl x509 -req -in tok.csr -force_pubkey tok.pub -CA pki/root.crt -CAkey pki/root.key \
	    -set_serial 7 -days 30 -out tok.crt 2>/dev/null
	for f in cms jws cose; do
		run --separate-stderr voucher-sign sign -f "$f" -k "$URI" --pass env:PIN \
		    --pkcs11-module "$MODULE" -c tok.crt --chain pki/root.crt -o "t.$f" v.json
		[ "$status" -eq 0 ]
		run --separate-stderr voucher-sign verify -t pki/root.crt "t.$f"
		[ "$status" -eq 0 ]
		[ "$output" = "$(cat v.json)" ]
	done
	openssl cms -verify -inform DER -in t.cms -CAfile pki/root.crt -purpose any -binary -out /dev/null 2>/dev/null
	# The token key with another key's certificate is refused.
	run --separate-stderr voucher-sign sign -k "$URI" --pass env:PIN --pkcs11-module "$MODULE" \
	    -c pki/masa.crt -o x.cms v.json
	[ "$status" -eq 2 ]
	[ ! -e x.cms ]
	# A wrong PIN is exit 1, nothing written.
	run --separate-stderr env PIN=0000 voucher-sign sign -k "$URI" --pass env:PIN \
	    --pkcs11-module "$MODULE" -c tok.crt -o x.cms v.json
	[ "$status" -eq 1 ]
	[ ! -e x.cms ]
	rm -rf "$TOKEN_DIR"
}

# Tampering: a byte of payload, signature or embedded certificate.
# The MASA certificate's last byte (inside its own signature) keeps it
# decodable; its chain then fails.

@test "tampered CMS: payload, signature, certificate each fail with exit 1" {
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	serial_hex=$(printf PLEDGE-0001 | od -An -tx1 | tr -d ' \n')
	cert_tail=$(openssl x509 -in pki/masa.crt -outform DER | tail -c 12 | od -An -tx1 | tr -d ' \n')
	cp v.cms p.cms; flip_byte p.cms "$(offset_of p.cms "$serial_hex")"
	cp v.cms s.cms; flip_byte s.cms $(( $(stat -c %s s.cms) - 1 ))
	cp v.cms c.cms; flip_byte c.cms $(( $(offset_of c.cms "$cert_tail") + 11 ))
	for f in p s c; do
		! cmp -s v.cms "$f.cms"
		run --separate-stderr voucher-sign verify -t pki/root.crt "$f.cms"
		[ "$status" -eq 1 ]
		[ "$output" = "" ]
	done
	run --separate-stderr voucher-sign verify -t pki/root.crt p.cms
	[[ "$stderr" == "voucher-sign: signature: "* ]]
	run --separate-stderr voucher-sign verify -t pki/root.crt c.cms
	[[ "$stderr" == "voucher-sign: chain: "* ]]
}

@test "tampered COSE: payload, signature, certificate each fail with exit 1" {
	voucher-sign sign -f cose -k pki/masa.key -c pki/masa-chain.pem -o v.cose v.json
	serial_hex=$(printf PLEDGE-0001 | od -An -tx1 | tr -d ' \n')
	cert_tail=$(openssl x509 -in pki/masa.crt -outform DER | tail -c 12 | od -An -tx1 | tr -d ' \n')
	cp v.cose p.cose; flip_byte p.cose "$(offset_of p.cose "$serial_hex")"
	cp v.cose s.cose; flip_byte s.cose $(( $(stat -c %s s.cose) - 1 ))
	cp v.cose c.cose; flip_byte c.cose $(( $(offset_of c.cose "$cert_tail") + 11 ))
	for f in p s c; do
		run --separate-stderr voucher-sign verify -t pki/root.crt "$f.cose"
		[ "$status" -eq 1 ]
		[ "$output" = "" ]
	done
}

@test "tampered JWS: payload, signature, certificate each fail with exit 1" {
	voucher-sign sign -f jws -k pki/masa.key -c pki/masa-chain.pem -o v.jws v.json
	$PY - v.jws <<'PY'
import base64, json, sys
def b64d(s): return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))
def b64e(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
src = json.load(open(sys.argv[1]))
# payload: one byte of the voucher JSON changed
j = json.loads(json.dumps(src)); p = bytearray(b64d(j["payload"]))
p[p.index(b"PLEDGE")] ^= 1; j["payload"] = b64e(bytes(p))
json.dump(j, open("p.jws", "w"))
# signature: its last byte
j = json.loads(json.dumps(src)); s = bytearray(b64d(j["signatures"][0]["signature"]))
s[-1] ^= 1; j["signatures"][0]["signature"] = b64e(bytes(s))
json.dump(j, open("s.jws", "w"))
# certificate: the last byte of x5c[0] (inside its signature), header re-encoded
j = json.loads(json.dumps(src)); sig = j["signatures"][0]
h = json.loads(b64d(sig["protected"])); c = bytearray(base64.b64decode(h["x5c"][0]))
c[-1] ^= 1; h["x5c"][0] = base64.b64encode(bytes(c)).decode()
sig["protected"] = b64e(json.dumps(h).encode())
json.dump(j, open("c.jws", "w"))
PY
	for f in p s c; do
		run --separate-stderr voucher-sign verify -t pki/root.crt "$f.jws"
		[ "$status" -eq 1 ]
		[ "$output" = "" ]
	done
}

@test "sign: an OpenSSL configuration is loaded only when OPENSSL_CONF names one" {
	# A configuration that asks for FIPS-only algorithms (no FIPS
	# provider is loaded) makes every signature fail: proof it was read.
	cat > fips-only.cnf <<'CNF'
openssl_conf = openssl_init
[openssl_init]
alg_section = algs
[algs]
default_properties = fips=yes
CNF
	run --separate-stderr env OPENSSL_CONF="$PWD/fips-only.cnf" \
	    voucher-sign sign -k pki/masa.key -c pki/masa.crt -o v.cms v.json
	[ "$status" -eq 4 ]
	[[ "$stderr" == "voucher-sign: signer: SHA-256 is not available"* ]]
	[ ! -e v.cms ]
	# Without it the same run succeeds.
	run --separate-stderr env -u OPENSSL_CONF \
	    voucher-sign sign -k pki/masa.key -c pki/masa.crt -o v.cms v.json
	[ "$status" -eq 0 ]
	[ -s v.cms ]
}
