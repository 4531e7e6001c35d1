#!/usr/bin/env bats
# Every file of tests/vectors/voucher (the shared collection, see
# MANIFEST.tsv and the SOURCES.md of each folder) through voucher-sign,
# with the result its MANIFEST.tsv row names: valid (exit 0 with the
# time, anchors, serial, nonce and TLS certificate the row gives), the
# named failure (exit 1 naming the check), or malformed (exit 3 naming
# the field).  Where a row states a fact voucher-sign cannot express
# (a certificate's validity on its own, bytes of an unsigned payload, a
# semantically broken voucher's signature), it is checked the way the
# row itself was, with openssl or Debian's python3 (cbor2,
# cryptography), and a comment says so.

load helpers

V=$OK_VECTORS/voucher
R=$V/rfc8995
B=$V/rfc8366bis
C=$V/constrained-cose
L=$V/constrained-cose/legacy-sid
J=$V/jws
M=$V/minerva-highway
N=$V/nqminds-brski
S=$V/sztp
Z=$V/bootz

# Times the MANIFEST names.
AT_8995=@1618358400   # 2021-04-14, RFC 8995 Appendix C
AT_8366BIS=@1657497600 # 2022-07-11, RFC 8366bis examples
AT_SIEMENS=@1544832000 # 2018-12-15
AT_COSE=@1700000000    # 2023-11-14: registrar.pem valid (expired 2025-12)
# After the re-issued IDevID's notBefore (2021-04-26), before its issuer
# rfc8366bis/vendor-00-D0-E5-F2-00-02.crt expires (2021-05-06).
AT_REISSUED=@1619827200

# ---- helpers ---------------------------------------------------------------

# vs ARG...: runs voucher-sign, stdout in $output, stderr in $stderr.
vs() {
	[ -x "$OK_BIN/voucher-sign" ] || {
		echo "no executable $OK_BIN/voucher-sign (set OK_BIN)" >&2
		return 1
	}
	LAST_CMD="voucher-sign $*"
	run --separate-stderr "$OK_BIN/voucher-sign" "$@"
}

# expect_status N: the last vs exited N; on failure shows what it said.
# shellcheck disable=SC2154 # $stderr is set by run --separate-stderr
expect_status() {
	[ "$status" -eq "$1" ] && return 0
	printf '%s\n  exit %s, expected %s\n  stdout: %s\n  stderr: %s\n' \
	    "$LAST_CMD" "$status" "$1" "${output:0:600}" "$stderr" >&2
	return 1
}

# expect_fail N FIELD-REGEX: exit N, a diagnostic "voucher-sign: FIELD:
# reason" naming a field that matches, and nothing on stdout.
expect_fail() {
	expect_status "$1" || return 1
	if ! grep -Eq "^voucher-sign: ($2): " <<<"$stderr"; then
		printf '%s\n  stderr does not name %s: %s\n' "$LAST_CMD" "$2" \
		    "$stderr" >&2
		return 1
	fi
	[ -z "$output" ] || {
		printf '%s\n  stdout not empty on exit %s: %s\n' "$LAST_CMD" \
		    "$1" "${output:0:300}" >&2
		return 1
	}
}

# json_same FILE: $output (voucher-sign's content JSON) and FILE hold
# the same JSON value.
json_same() {
	$PY -c 'import json,sys
a=json.loads(sys.argv[1]); b=json.load(open(sys.argv[2]))
if a != b:
    sys.exit("JSON differs:\n  got:      %s\n  expected: %s" % (json.dumps(a, sort_keys=True)[:800], json.dumps(b, sort_keys=True)[:800]))' \
	    "$output" "$1"
}

# leaf JSON NAME: a leaf of the wrapped voucher content JSON.
leaf() {
	$PY -c 'import json,sys
d=json.loads(sys.argv[1]); (v,)=d.values(); x=v.get(sys.argv[2])
print("" if x is None else (x if isinstance(x,str) else json.dumps(x)))' "$1" "$2"
}

# der_b64 CERT: base64 of a certificate's DER, one line.
der_b64() {
	openssl x509 -in "$1" -outform DER | base64 -w0
}

# spki_sha256 CERT: SHA-256 (hex) of the certificate's
# SubjectPublicKeyInfo, as voucher-sign's report gives it.
spki_sha256() {
	openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER |
	    sha256sum | cut -d' ' -f1
}

# spki_b64 CERT: base64 of the SubjectPublicKeyInfo DER.
spki_b64() {
	openssl x509 -in "$1" -noout -pubkey | openssl pkey -pubin -outform DER |
	    base64 -w0
}

# key_matches KEY CERT: the private key's public half is the cert's key
# (the MANIFEST's "pub matches corresponding .crt", checked with
# openssl pkey as the MANIFEST did).
key_matches() {
	local a b
	a=$(openssl pkey -in "$1" -pubout) || return 1
	b=$(openssl x509 -in "$2" -noout -pubkey) || return 1
	[ "$a" = "$b" ] || {
		echo "public key of $1 is not the key of $2" >&2
		return 1
	}
}

# nth_cert FILE N OUT: the Nth (0-based) PEM certificate of FILE.
nth_cert() {
	$PY -c 'import re,sys
c=re.findall(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----",
    open(sys.argv[1]).read(), re.S)
open(sys.argv[3],"w").write(c[int(sys.argv[2])]+"\n")' "$1" "$2" "$3"
}

# report_field JSON PATH...: a member of the -j report, e.g. signer
# spki-sha256.
report_field() {
	$PY -c 'import json,sys
d=json.loads(sys.argv[1])
for k in sys.argv[2:]: d=d[k]
print(d if isinstance(d,str) else json.dumps(d))' "$@"
}

# check_result JSON NAME: the result ("pass", "fail", ...) of a check in
# a -j report.
check_result() {
	$PY -c 'import json,sys
d=json.loads(sys.argv[1])
r=[c["result"] for c in d["checks"] if c["check"]==sys.argv[2]]
print(r[0] if r else "absent")' "$1" "$2"
}

expect_eq() {
	[ "$2" = "$3" ] && return 0
	printf '%s differs\n  got:      [%s]\n  expected: [%s]\n' "$1" "$2" \
	    "$3" >&2
	return 1
}

# voucher_json OUT KIND SERIAL [PINNED-CERT]: a voucher (KIND voucher) or
# request (KIND request) written by hand, so that key tests do not
# depend on `create`.
voucher_json() {
	local pinned=""
	[ -z "${4:-}" ] || pinned=$(der_b64 "$4")
	$PY -c 'import json,sys
out,kind,serial,pinned=sys.argv[1:5]
if kind=="voucher":
    v={"created-on":"2021-04-20T00:00:00Z","assertion":"logged",
       "serial-number":serial,"pinned-domain-cert":pinned}
    top="ietf-voucher:voucher"
else:
    v={"created-on":"2021-04-20T00:00:00Z","assertion":"proximity",
       "serial-number":serial}
    if pinned: v["proximity-registrar-cert"]=pinned
    top="ietf-voucher-request:voucher"
json.dump({top:v},open(out,"w"))' "$1" "$2" "$3" "$pinned"
}

# sign_and_verify FORM KEY CERT ANCHOR [VERIFY-ARG...]: signs a voucher
# with KEY and CERT (plus the chain in CERT's file), then verifies it
# against ANCHOR; both must succeed and the content must survive.
sign_and_verify() {
	local form=$1 key=$2 cert=$3 anchor=$4
	shift 4
	voucher_json "$WORK/k.json" voucher KEYTEST-1 "$R/jrc_prime256v1.crt"
	rm -f "$WORK/k.$form"
	vs sign -f "$form" -k "$key" -c "$cert" -o "$WORK/k.$form" \
	    "$WORK/k.json"
	expect_status 0 || return 1
	vs verify -t "$anchor" "$@" --serial KEYTEST-1 "$WORK/k.$form"
	expect_status 0 || return 1
	json_same "$WORK/k.json"
}

# vendor00 OUT: rfc8366bis/vendor-00-D0-E5-F2-00-02.crt as plain PEM
# (the file has openssl's text dump before the PEM block).  Used where
# that certificate is the anchor of a test about something else; the
# file as shipped is used directly in the rfc8366bis chain test.
vendor00() {
	openssl x509 -in "$B/vendor-00-D0-E5-F2-00-02.crt" -out "$1"
}

# cose_diag_matches DIAG COSE: checks a CBOR diagnostic file (hex blobs) against the
# COSE_Sign1 it describes: every byte string of the COSE structure, in
# order, is the next h'...' of the diagnostic text.
cose_diag_matches() {
	$PY - "$1" "$2" <<'EOF'
import re, sys, cbor2
diag = re.sub(r"\s+", "", open(sys.argv[1]).read())
blobs = [bytes.fromhex(h) for h in re.findall(r"h'([0-9A-Fa-f]*)'", diag)]
t = cbor2.loads(open(sys.argv[2], "rb").read())
assert isinstance(t, cbor2.CBORTag) and t.tag == 18, "not COSE_Sign1"
found = []
def walk(x):
    if isinstance(x, bytes): found.append(x)
    elif isinstance(x, list):
        for y in x: walk(y)
    elif isinstance(x, dict):
        for k, y in x.items(): walk(y)
walk(t.value)
if found != blobs:
    sys.exit("diagnostic does not match %s (%d vs %d byte strings)"
             % (sys.argv[2], len(blobs), len(found)))
EOF
}

# cose_sig_valid COSE CERT: the MANIFEST's own check of a COSE_Sign1
# signature (Sig_structure ["Signature1", protected, h'', payload],
# ES256 r||s) with python3-cryptography + cbor2.
cose_sig_valid() {
	$PY - "$1" "$2" <<'EOF'
import sys, cbor2
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
t = cbor2.loads(open(sys.argv[1], "rb").read())
prot, unprot, payload, sig = t.value
tbs = cbor2.dumps(["Signature1", prot, b"", payload])
key = x509.load_pem_x509_certificate(open(sys.argv[2], "rb").read()).public_key()
n = len(sig) // 2
key.verify(utils.encode_dss_signature(int.from_bytes(sig[:n], "big"),
           int.from_bytes(sig[n:], "big")), tbs, ec.ECDSA(hashes.SHA256()))
EOF
}

# cose_payload FILE OUT: the payload byte string of a COSE_Sign1.
cose_payload() {
	$PY -c 'import sys,cbor2
t=cbor2.loads(open(sys.argv[1],"rb").read())
open(sys.argv[2],"wb").write(t.value[2])' "$1" "$2"
}

# ============================================================================
# rfc8995/ (RFC 8995 Appendix C)
# ============================================================================

@test "rfc8995 voucher .der: valid at 2021-04-14 with vendor.crt, serial, nonce and pinned-domain-cert == jrc_prime256v1.crt; content == .json" {
	vs verify -t "$R/vendor.crt" --at "$AT_8995" --serial 00-D0-E5-F2-00-02 \
	    --nonce -_XE9zK9q8Ll1qylMtLKeg --tls-cert "$R/jrc_prime256v1.crt" \
	    "$R/voucher_00-D0-E5-F2-00-02.der"
	expect_status 0
	json_same "$R/voucher_00-D0-E5-F2-00-02.json"
	expect_eq pinned-domain-cert "$(leaf "$output" pinned-domain-cert)" \
	    "$(der_b64 "$R/jrc_prime256v1.crt")"
}

@test "rfc8995 voucher .b64: same verdict and same content as the .der" {
	vs verify -t "$R/vendor.crt" --at 2021-04-14T00:00:00Z \
	    --serial 00-D0-E5-F2-00-02 --nonce -_XE9zK9q8Ll1qylMtLKeg \
	    --tls-cert "$R/jrc_prime256v1.crt" "$R/voucher_00-D0-E5-F2-00-02.b64"
	expect_status 0
	json_same "$R/voucher_00-D0-E5-F2-00-02.json"
	# From stdin as well (form detection without a file name).
	vs verify -q -t "$R/vendor.crt" --at "$AT_8995" \
	    < "$R/voucher_00-D0-E5-F2-00-02.b64"
	expect_status 0
	expect_eq "-q stdout" "$output" ""
}

@test "rfc8995 voucher: FAILS at the current time (masa.crt expired 2023-04-13): exit 1, chain" {
	vs verify -t "$R/vendor.crt" "$R/voucher_00-D0-E5-F2-00-02.der"
	expect_fail 1 chain
	vs verify -t "$R/vendor.crt" --at now "$R/voucher_00-D0-E5-F2-00-02.b64"
	expect_fail 1 chain
	# -j still reports, naming the failed check.
	vs verify -j -t "$R/vendor.crt" "$R/voucher_00-D0-E5-F2-00-02.der"
	expect_status 1
	expect_eq "signature" "$(check_result "$output" signature)" pass
	expect_eq "chain" "$(check_result "$output" chain)" fail
}

@test "rfc8995 voucher: the pledge rules fail on another serial, nonce or TLS certificate (exit 1 naming the rule)" {
	local v="$R/voucher_00-D0-E5-F2-00-02.der"
	vs verify -t "$R/vendor.crt" --at "$AT_8995" --serial 00-D0-E5-F2-00-03 "$v"
	expect_fail 1 serial-number
	# The nonce is compared as the exact string (base64url, no padding).
	vs verify -t "$R/vendor.crt" --at "$AT_8995" --nonce -_XE9zK9q8Ll1qylMtLKeg= "$v"
	expect_fail 1 nonce
	vs verify -t "$R/vendor.crt" --at "$AT_8995" --tls-cert "$R/masa.crt" "$v"
	expect_fail 1 pinned-domain
	# The trust anchor is required.
	vs verify --at "$AT_8995" "$v"
	expect_status 2
}

@test "rfc8995 voucher tampered: exit 1, signature (content verify error)" {
	vs verify -t "$R/vendor.crt" --at "$AT_8995" \
	    "$R/voucher_00-D0-E5-F2-00-02.tampered.der"
	expect_fail 1 signature
}

@test "rfc8995 vr .der/.b64 (PVR): valid at 2021-04-14 with vendor.crt; proximity-registrar-cert == jrc_prime256v1.crt; content == .json" {
	local f
	for f in vr_00-D0-E5-F2-00-02.der vr_00-D0-E5-F2-00-02.b64; do
		vs verify -t "$R/vendor.crt" --at "$AT_8995" \
		    --serial 00-D0-E5-F2-00-02 --expect request "$R/$f"
		expect_status 0
		json_same "$R/vr_00-D0-E5-F2-00-02.json"
		expect_eq "$f proximity-registrar-cert" \
		    "$(leaf "$output" proximity-registrar-cert)" \
		    "$(der_b64 "$R/jrc_prime256v1.crt")"
	done
	vs verify -t "$R/vendor.crt" --at "$AT_8995" --expect voucher \
	    "$R/vr_00-D0-E5-F2-00-02.der"
	expect_fail 1 kind
}

@test "rfc8995 idevid embedded-in-vr.crt: the vr's signer; chains to vendor.crt at 2021-04-14" {
	vs show -j "$R/vr_00-D0-E5-F2-00-02.der"
	expect_status 0
	expect_eq "unverified" "$(report_field "$output" unverified)" true
	expect_eq "signer spki" "$(report_field "$output" signer spki-sha256 | tr A-F a-f)" \
	    "$(spki_sha256 "$R/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt")"
	# A certificate's own chain is not something voucher-sign verifies:
	# checked with openssl verify -attime, as the MANIFEST did.
	openssl verify -attime 1618358400 -CAfile "$R/vendor.crt" \
	    "$R/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt"
	# It is what voucher-sign verify accepts as the PVR signer when no
	# embedded certificate is relied on: given with --certs it is found.
	vs verify -q -t "$R/vendor.crt" --at "$AT_8995" \
	    --certs "$R/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt" \
	    "$R/vr_00-D0-E5-F2-00-02.der"
	expect_status 0
}

@test "rfc8995 idevid .crt (re-issued): same key as the vr signer, not the embedded cert; not yet valid at 2021-04-14" {
	# The MANIFEST's facts, checked with openssl as it did.
	expect_eq "same public key" \
	    "$(spki_sha256 "$R/idevid_00-D0-E5-F2-00-02.crt")" \
	    "$(spki_sha256 "$R/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt")"
	expect_eq serial "$(openssl x509 -in "$R/idevid_00-D0-E5-F2-00-02.crt" -noout -serial)" \
	    serial=2AEC41D4
	expect_eq "embedded serial" \
	    "$(openssl x509 -in "$R/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt" -noout -serial)" \
	    serial=0D83AFD9
	# It was issued under the RSA "highway-test.example.com CA" of
	# rfc8366bis/ (not vendor.crt, found with openssl verify), and at
	# 2021-04-14 it is not yet valid.
	vendor00 "$WORK/vendor00.pem"
	run openssl verify -attime 1618358400 -CAfile "$WORK/vendor00.pem" \
	    "$R/idevid_00-D0-E5-F2-00-02.crt"
	[ "$status" -ne 0 ]
	[[ $output == *"not yet valid"* ]]
	run ! openssl verify -attime 1618358400 -CAfile "$R/vendor.crt" \
	    "$R/idevid_00-D0-E5-F2-00-02.crt"
	# Through voucher-sign: a PVR signed with the IDevID key under the
	# re-issued certificate fails the chain at 2021-04-14 and passes
	# after 2021-04-26.
	voucher_json "$WORK/pvr.json" request 00-D0-E5-F2-00-02 "$R/jrc_prime256v1.crt"
	vs sign -k "$R/idevid_00-D0-E5-F2-00-02.key" \
	    -c "$R/idevid_00-D0-E5-F2-00-02.crt" -o "$WORK/pvr.cms" "$WORK/pvr.json"
	expect_status 0
	vs verify -t "$WORK/vendor00.pem" --at "$AT_8995" "$WORK/pvr.cms"
	expect_fail 1 chain
	vs verify -t "$WORK/vendor00.pem" --at "$AT_REISSUED" "$WORK/pvr.cms"
	expect_status 0
	json_same "$WORK/pvr.json"
	# The vr's own signer (the embedded certificate) is not replaced by
	# it: given as the only extra certificate, the vr still verifies.
	vs verify -q -t "$R/vendor.crt" --at "$AT_8995" \
	    --certs "$R/idevid_00-D0-E5-F2-00-02.crt" "$R/vr_00-D0-E5-F2-00-02.der"
	expect_status 0
}

@test "rfc8995 parboiled_vr .der/.b64 (RVR): valid with ownerca at 2021-04-14 (purpose any, signer EKU cmcRA only); prior-signed == vr .der; content == .json" {
	local f
	for f in parboiled_vr_00-D0-E5-F2-00-02.der parboiled_vr_00-D0-E5-F2-00-02.b64; do
		vs verify -t "$R/ownerca_secp384r1.crt" --at "$AT_8995" \
		    --registrar-request --pledge-anchor "$R/vendor.crt" \
		    --serial 00-D0-E5-F2-00-02 "$R/$f"
		expect_status 0
		json_same "$R/parboiled_vr_00-D0-E5-F2-00-02.json"
		leaf "$output" prior-signed-voucher-request | base64 -d >"$WORK/prior.der"
		cmp "$WORK/prior.der" "$R/vr_00-D0-E5-F2-00-02.der"
	done
	vs verify -j -t "$R/ownerca_secp384r1.crt" --at "$AT_8995" \
	    --registrar-request --pledge-anchor "$R/vendor.crt" \
	    "$R/parboiled_vr_00-D0-E5-F2-00-02.der"
	expect_status 0
	local c
	for c in signature chain registrar-eku prior-signed proximity prior-serial; do
		expect_eq "check $c" "$(check_result "$output" "$c")" pass
	done
	# The IDevID CA is not the registrar's anchor.
	vs verify -t "$R/vendor.crt" --at "$AT_8995" \
	    "$R/parboiled_vr_00-D0-E5-F2-00-02.der"
	expect_fail 1 chain
}

@test "rfc8995 *.key: each loads, matches its .crt, and signs a voucher that verifies against its chain" {
	key_matches "$R/vendor.key" "$R/vendor.crt"
	key_matches "$R/masa.key" "$R/masa.crt"
	key_matches "$R/ownerca_secp384r1.key" "$R/ownerca_secp384r1.crt"
	key_matches "$R/jrc_prime256v1.key" "$R/jrc_prime256v1.crt"
	key_matches "$R/idevid_00-D0-E5-F2-00-02.key" "$R/idevid_00-D0-E5-F2-00-02.crt"
	# Curves as the MANIFEST says.
	[[ $(openssl pkey -in "$R/vendor.key" -noout -text) == *"NIST CURVE: P-384"* ]]
	[[ $(openssl pkey -in "$R/masa.key" -noout -text) == *"NIST CURVE: P-256"* ]]
	[[ $(openssl pkey -in "$R/ownerca_secp384r1.key" -noout -text) == *"NIST CURVE: P-384"* ]]
	[[ $(openssl pkey -in "$R/jrc_prime256v1.key" -noout -text) == *"NIST CURVE: P-256"* ]]
	[[ $(openssl pkey -in "$R/idevid_00-D0-E5-F2-00-02.key" -noout -text) == *"NIST CURVE: P-256"* ]]
	sign_and_verify cms "$R/vendor.key" "$R/vendor.crt" "$R/vendor.crt" --at "$AT_8995"
	sign_and_verify cms "$R/masa.key" "$R/masa.crt" "$R/vendor.crt" --at "$AT_8995"
	sign_and_verify jws "$R/masa.key" "$R/masa.crt" "$R/vendor.crt" --at "$AT_8995"
	sign_and_verify cose "$R/masa.key" "$R/masa.crt" "$R/vendor.crt" --at "$AT_8995"
	sign_and_verify cms "$R/ownerca_secp384r1.key" "$R/ownerca_secp384r1.crt" \
	    "$R/ownerca_secp384r1.crt" --at "$AT_8995"
	sign_and_verify cms "$R/jrc_prime256v1.key" "$R/jrc_prime256v1.crt" \
	    "$R/ownerca_secp384r1.crt" --at "$AT_8995"
	vendor00 "$WORK/vendor00.pem"
	sign_and_verify cms "$R/idevid_00-D0-E5-F2-00-02.key" \
	    "$R/idevid_00-D0-E5-F2-00-02.crt" "$WORK/vendor00.pem" --at "$AT_REISSUED"
	# A key with the wrong certificate is refused (no output left).
	voucher_json "$WORK/w.json" voucher X "$R/jrc_prime256v1.crt"
	vs sign -k "$R/masa.key" -c "$R/jrc_prime256v1.crt" -o "$WORK/w.cms" "$WORK/w.json"
	[ "$status" -ne 0 ]
	[ ! -e "$WORK/w.cms" ]
}

# ============================================================================
# rfc8366bis/
# ============================================================================

@test "rfc8366bis voucher .der/.b64: valid with ../rfc8995/vendor.crt at 2022-07-11; content == .json" {
	local f
	for f in voucher_00-D0-E5-F2-00-02.der voucher_00-D0-E5-F2-00-02.b64; do
		vs verify -t "$R/vendor.crt" --at "$AT_8366BIS" \
		    --serial 00-D0-E5-F2-00-02 "$B/$f"
		expect_status 0
		json_same "$B/voucher_00-D0-E5-F2-00-02.json"
		vs verify -q -t "$R/vendor.crt" --at "$AT_8366BIS" \
		    --nonce "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ietf-voucher:voucher"]["nonce"])' "$B/voucher_00-D0-E5-F2-00-02.json")" \
		    "$B/$f"
		expect_status 0
	done
}

@test "rfc8366bis voucher and vr: FAIL with the shipped vendor-00-D0-E5-F2-00-02.crt (wrong CA): exit 1, chain" {
	local f
	for f in voucher_00-D0-E5-F2-00-02.der voucher_00-D0-E5-F2-00-02.b64 \
	    vr_00-D0-E5-F2-00-02.der vr_00-D0-E5-F2-00-02.b64; do
		vs verify -t "$B/vendor-00-D0-E5-F2-00-02.crt" --at "$AT_8366BIS" "$B/$f"
		expect_fail 1 chain
	done
	# The shipped vendor certificate is RSA-3072 (MANIFEST), checked
	# with openssl.
	[[ $(openssl x509 -in "$B/vendor-00-D0-E5-F2-00-02.crt" -noout -text) == *"Public-Key: (3072 bit)"* ]]
}

@test "rfc8366bis vr .der/.b64 (PVR): valid with ../rfc8995/vendor.crt at 2022-07-11; content == .json" {
	local f
	for f in vr_00-D0-E5-F2-00-02.der vr_00-D0-E5-F2-00-02.b64; do
		vs verify -t "$R/vendor.crt" --at "$AT_8366BIS" \
		    --serial 00-D0-E5-F2-00-02 --expect request "$B/$f"
		expect_status 0
		json_same "$B/vr_00-D0-E5-F2-00-02.json"
	done
}

@test "rfc8366bis voucher-8366bis.jws.json: valid (ES256, x5c[0] == masa-00-D0-E5-F2-00-02.crt) with ../rfc8995/vendor.crt" {
	local f="$B/voucher-8366bis.jws.json"
	vs verify -t "$R/vendor.crt" --at "$AT_8366BIS" --serial caffe-98745 \
	    --nonce 62a2e7693d82fcda2624de58fb6722e5 "$f"
	expect_status 0
	$PY -c 'import base64,json,sys
p=json.load(open(sys.argv[1]))["payload"]
open(sys.argv[2],"wb").write(base64.urlsafe_b64decode(p+"="*(-len(p)%4)))' \
	    "$f" "$WORK/payload.json"
	json_same "$WORK/payload.json"
	vs show -j "$f"
	expect_status 0
	expect_eq form "$(report_field "$output" form)" jws
	expect_eq "x5c[0]" "$(report_field "$output" signer spki-sha256 | tr A-F a-f)" \
	    "$(spki_sha256 "$B/masa-00-D0-E5-F2-00-02.crt")"
	cmp <(openssl x509 -in "$B/masa-00-D0-E5-F2-00-02.crt" -outform DER) \
	    <(openssl x509 -in "$R/masa.crt" -outform DER)
	# One byte of the payload changed: signature.
	$PY -c 'import json,sys
d=json.load(open(sys.argv[1])); p=d["payload"]
d["payload"]=p[:40]+("A" if p[40]!="A" else "B")+p[41:]
json.dump(d,open(sys.argv[2],"w"))' "$f" "$WORK/t.jws.json"
	vs verify -t "$R/vendor.crt" --at "$AT_8366BIS" "$WORK/t.jws.json"
	expect_fail 1 signature
}

@test "rfc8366bis keys (.pem): each matches its .crt; the EC keys sign vouchers that verify, the RSA vendor key's signature verifies" {
	key_matches "$B/00-D0-E5-F2-00-02.pem" "$B/00-D0-E5-F2-00-02.crt"
	key_matches "$B/masa-00-D0-E5-F2-00-02.pem" "$B/masa-00-D0-E5-F2-00-02.crt"
	key_matches "$B/vendor-00-D0-E5-F2-00-02.pem" "$B/vendor-00-D0-E5-F2-00-02.crt"
	sign_and_verify cms "$B/masa-00-D0-E5-F2-00-02.pem" \
	    "$B/masa-00-D0-E5-F2-00-02.crt" "$R/vendor.crt" --at "$AT_8366BIS"
	sign_and_verify jws "$B/00-D0-E5-F2-00-02.pem" \
	    "$B/00-D0-E5-F2-00-02.crt" "$R/vendor.crt" --at "$AT_8366BIS"
	# voucher-sign signs with EC (and Ed25519) keys only; the RSA
	# vendor key signs with openssl cms, and voucher-sign verifies that
	# (RSA signatures, as in bootz/) while the certificate was valid
	# (2021-04-05 .. 2021-05-06).
	voucher_json "$WORK/r.json" voucher RSA-1 "$R/jrc_prime256v1.crt"
	openssl cms -sign -binary -nodetach -outform DER -md sha256 \
	    -signer "$B/vendor-00-D0-E5-F2-00-02.crt" \
	    -inkey "$B/vendor-00-D0-E5-F2-00-02.pem" \
	    -in "$WORK/r.json" -out "$WORK/r.cms"
	vendor00 "$WORK/vendor00.pem"
	vs verify -t "$WORK/vendor00.pem" --at "$AT_8995" "$WORK/r.cms"
	expect_status 0
	json_same "$WORK/r.json"
}

@test "rfc8366bis ietf-voucher-sid.txt / ietf-voucher-request-sid.txt: voucher-sign's COSE keys are these SIDs" {
	# Every leaf of each kind, signed as COSE; the payload decoded with
	# cbor2 must be {top SID: {SID - top: value}} with names as in the
	# tables.
	local pd pk
	pd=$(der_b64 "$R/jrc_prime256v1.crt")
	pk=$(spki_b64 "$R/jrc_prime256v1.crt")
	$PY -c 'import json,sys,hashlib,base64
pd,pk=sys.argv[1:3]
h=base64.b64encode(hashlib.sha256(base64.b64decode(pk)).digest()).decode()
v={"created-on":"2021-04-20T00:00:00Z","expires-on":"2031-04-20T00:00:00Z",
 "assertion":"logged","serial-number":"SID-1","idevid-issuer":"BBgwFoAUlU7Vft0KvopLzyjGaNB2fcQyB/U=",
 "pinned-domain-cert":pd,"pinned-domain-pubk":pk,"pinned-domain-pubk-sha256":h,
 "domain-cert-revocation-checks":False,"last-renewal-date":"2030-04-20T00:00:00Z",
 "est-domain":"https://est.example/.well-known/est","additional-configuration-url":"https://cfg.example/x",
 "manufacturer-proprietary":{"a":1}}
json.dump({"ietf-voucher:voucher":v},open("v.json","w"))
r={"created-on":"2021-04-20T00:00:00Z","expires-on":"2031-04-20T00:00:00Z",
 "assertion":"proximity","serial-number":"SID-1","idevid-issuer":"BBgwFoAUlU7Vft0KvopLzyjGaNB2fcQyB/U=",
 "pinned-domain-cert":pd,"pinned-domain-pubk":pk,"pinned-domain-pubk-sha256":h,
 "domain-cert-revocation-checks":False,"last-renewal-date":"2030-04-20T00:00:00Z",
 "proximity-registrar-cert":pd,"proximity-registrar-pubk":pk,"proximity-registrar-pubk-sha256":h,
 "prior-signed-voucher-request":"AAEC","agent-provided-proximity-registrar-cert":pd,
 "agent-sign-cert":pd,"agent-signed-data":"AAEC",
 "est-domain":"https://est.example/.well-known/est","additional-configuration-url":"https://cfg.example/x",
 "manufacturer-proprietary":{"a":1}}
json.dump({"ietf-voucher-request:voucher":r},open("r.json","w"))' "$pd" "$pk"
	vs sign -f cose -k "$R/masa.key" -c "$R/masa.crt" -o v.cose v.json
	expect_status 0
	vs sign -f cose -k "$R/masa.key" -c "$R/masa.crt" -o r.cose r.json
	expect_status 0
	$PY - "$B/ietf-voucher-sid.txt" v.cose v.json \
	    "$B/ietf-voucher-request-sid.txt" r.cose r.json <<'EOF'
import json, re, sys, cbor2
def table(path):
    names = {}
    for line in open(path):
        m = re.match(r"^(\d+)\s+data\s+/([^/]+)(?:/(\S+))?$", line.strip())
        if m:
            names[int(m.group(1))] = m.group(3) or m.group(2)
    return names
args = sys.argv[1:]
for sidf, cosef, jsonf in (args[0:3], args[3:6]):
    names = table(sidf)
    top = min(names)
    t = cbor2.loads(open(cosef, "rb").read())
    assert t.tag == 18, "not COSE_Sign1"
    payload = cbor2.loads(t.value[2])
    assert list(payload) == [top], "top SID %r, table says %d" % (list(payload), top)
    got = {names[top + d] for d in payload[top]}
    want = set(json.load(open(jsonf))[names[top]])
    if got != want:
        sys.exit("%s: SIDs give %s, leaves were %s" % (cosef, sorted(got), sorted(want)))
EOF
	# And the published COSE voucher decodes to the leaves its SIDs name.
	vs verify -t "$C/masa_ca.pem" --certs "$C/masa_ca.pem" "$C/voucher.cose"
	expect_status 0
	$PY -c 'import json,sys
d=json.loads(sys.argv[1])["ietf-voucher:voucher"]
assert sorted(d)==sorted(["assertion","created-on","domain-cert-revocation-checks","nonce","pinned-domain-cert","serial-number"]), sorted(d)' "$output"
}

# ============================================================================
# constrained-cose/ (draft-ietf-anima-constrained-voucher examples)
# ============================================================================

@test "constrained-cose voucher.cose: valid with the CN=masa.stok.nl signer (masa_ca.pem, see SOURCES.md), pinning the domain CA's key; invalid with masa.pem" {
	# The registrar's TLS certificate (registrar.pem, under the domain
	# CA) validates to the pinned certificate.
	vs verify -t "$C/masa_ca.pem" --certs "$C/masa_ca.pem" --serial JADA123456789 \
	    --nonce V+7Xhq1ASQc= --tls-cert "$C/registrar.pem" --at "$AT_COSE" \
	    "$C/voucher.cose"
	expect_status 0
	expect_eq created-on "$(leaf "$output" created-on)" 2022-12-06T20:23:30.708Z
	expect_eq assertion "$(leaf "$output" assertion)" proximity
	expect_eq revocation "$(leaf "$output" domain-cert-revocation-checks)" false
	# The pinned "<domain_ca DER>" is the Custom-ER Global CA
	# certificate carried in rvr.cose's x5bag: the key and serial of
	# domain_ca.pem, but issued 2022-12-06 (domain_ca.pem: 2022-12-09),
	# so not its DER (see SOURCES.md).
	leaf "$output" pinned-domain-cert | base64 -d >"$WORK/pinned.der"
	$PY -c 'import sys,cbor2
t=cbor2.loads(open(sys.argv[1],"rb").read())
sys.exit(t.value[1][32][1]!=open(sys.argv[2],"rb").read())' "$C/rvr.cose" "$WORK/pinned.der"
	openssl x509 -inform DER -in "$WORK/pinned.der" -out "$WORK/pinned.pem"
	expect_eq "pinned key" "$(spki_sha256 "$WORK/pinned.pem")" "$(spki_sha256 "$C/domain_ca.pem")"
	# Another registrar key does not match it.
	vs verify -t "$C/masa_ca.pem" --certs "$C/masa_ca.pem" --tls-cert "$C/pledge.pem" \
	    "$C/voucher.cose"
	expect_fail 1 pinned-domain
	# The MANIFEST's masa.pem (CN=masa-server.stok.nl) does not verify
	# it (SOURCES.md note); it chains to masa_ca.pem, so it is the
	# signature that fails.
	vs verify -t "$C/masa_ca.pem" --certs "$C/masa.pem" "$C/voucher.cose"
	expect_fail 1 signature
	# Other keys: the pledge's.
	vs verify -t "$C/masa_ca.pem" --certs "$C/pledge.pem" "$C/voucher.cose"
	expect_fail 1 signature
	# The python cross-check the MANIFEST used agrees.
	cose_sig_valid "$C/voucher.cose" "$C/masa_ca.pem"
	if cose_sig_valid "$C/voucher.cose" "$C/masa.pem" 2>/dev/null; then
		echo "python verifies voucher.cose with masa.pem" >&2
		return 1
	fi
}

@test "constrained-cose pvr.cose: valid with pledge.pem; proximity-registrar-pubk is registrar.pem's key; no created-on" {
	vs verify -t "$C/masa_ca.pem" --certs "$C/pledge.pem" --serial JADA123456789 \
	    --expect request "$C/pvr.cose"
	expect_status 0
	expect_eq pubk "$(leaf "$output" proximity-registrar-pubk)" "$(spki_b64 "$C/registrar.pem")"
	expect_eq created-on "$(leaf "$output" created-on)" ""
	vs verify -t "$C/masa_ca.pem" --certs "$C/registrar.pem" "$C/pvr.cose"
	[ "$status" -eq 1 ]
}

@test "constrained-cose rvr.cose: valid with the registrar key (x5bag chain to domain_ca.pem) at 2023-11; prior-signed == pvr.cose; chain fails now" {
	vs verify -t "$C/domain_ca.pem" --at "$AT_COSE" --certs "$C/pledge.pem" \
	    --pledge-anchor "$C/masa_ca.pem" --serial JADA123456789 "$C/rvr.cose"
	expect_status 0
	leaf "$output" prior-signed-voucher-request | base64 -d >"$WORK/prior.cose"
	cmp "$WORK/prior.cose" "$C/pvr.cose"
	expect_eq idevid-issuer "$(leaf "$output" idevid-issuer | base64 -d | xxd -p | tr -d '\n')" \
	    041830168014cb8d98ca74c51b58dde7acef869a9443a8d666a6
	# registrar.pem (outside the x5bag) carries the same key.
	cose_sig_valid "$C/rvr.cose" "$C/registrar.pem"
	# The registrar certificates expired in 2025-12.
	vs verify -t "$C/domain_ca.pem" --certs "$C/pledge.pem" "$C/rvr.cose"
	expect_fail 1 chain
}

@test "constrained-cose *-payload.cbor: byte-identical to the COSE payloads; voucher-sign re-encodes the decoded content to the same bytes" {
	local n
	for n in voucher pvr rvr; do
		# The MANIFEST's own check (python3-cbor2).
		cose_payload "$C/$n.cose" "$WORK/$n.payload"
		cmp "$WORK/$n.payload" "$C/$n-payload.cbor"
	done
	# Decode with voucher-sign, sign again as COSE: deterministic
	# SID-keyed CBOR gives the published payload bytes back.
	vs verify -t "$C/masa_ca.pem" --certs "$C/masa_ca.pem" "$C/voucher.cose"
	expect_status 0
	printf '%s\n' "$output" >"$WORK/voucher.json"
	vs sign -f cose -k "$C/privkey_masa_ca.pem" -c "$C/masa_ca.pem" \
	    -o "$WORK/re.cose" "$WORK/voucher.json"
	expect_status 0
	cose_payload "$WORK/re.cose" "$WORK/re.payload"
	cmp "$WORK/re.payload" "$C/voucher-payload.cbor"
	vs verify -t "$C/masa_ca.pem" --certs "$C/pledge.pem" "$C/pvr.cose"
	expect_status 0
	printf '%s\n' "$output" >"$WORK/pvr.json"
	rm -f "$WORK/re.cose"
	vs sign -f cose -k "$C/privkey_pledge.pem" -c "$C/pledge.pem" \
	    -o "$WORK/re.cose" "$WORK/pvr.json"
	expect_status 0
	cose_payload "$WORK/re.cose" "$WORK/re.payload"
	cmp "$WORK/re.payload" "$C/pvr-payload.cbor"
	vs verify -t "$C/domain_ca.pem" --at "$AT_COSE" --certs "$C/pledge.pem" "$C/rvr.cose"
	expect_status 0
	printf '%s\n' "$output" >"$WORK/rvr.json"
	rm -f "$WORK/re.cose"
	vs sign -f cose -k "$C/privkey_registrar.pem" -c "$C/registrar.pem" \
	    -o "$WORK/re.cose" "$WORK/rvr.json"
	expect_status 0
	cose_payload "$WORK/re.cose" "$WORK/re.payload"
	cmp "$WORK/re.payload" "$C/rvr-payload.cbor"
}

@test "constrained-cose *.diag.txt: the diagnostic notation is the COSE bytes (python3-cbor2), and show decodes each" {
	local n
	for n in voucher pvr rvr; do
		cose_diag_matches "$C/$n.diag.txt" "$C/$n.cose"
		vs show "$C/$n.cose"
		expect_status 0
		expect_eq "$n show line 1" "$(head -n 1 <<<"$output")" \
		    "UNVERIFIED: nothing here has been checked (use voucher-sign verify)"
		[[ $output == *"JADA123456789"* ]]
	done
}

@test "constrained-cose privkey_*.pem: each matches its certificate and signs a COSE voucher that verifies against its chain" {
	key_matches "$C/privkey_masa_ca.pem" "$C/masa_ca.pem"
	key_matches "$C/privkey_masa.pem" "$C/masa.pem"
	key_matches "$C/privkey_pledge.pem" "$C/pledge.pem"
	key_matches "$C/privkey_registrar.pem" "$C/registrar.pem"
	key_matches "$C/privkey_domain_ca.pem" "$C/domain_ca.pem"
	sign_and_verify cose "$C/privkey_masa_ca.pem" "$C/masa_ca.pem" "$C/masa_ca.pem"
	sign_and_verify cose "$C/privkey_masa.pem" "$C/masa.pem" "$C/masa_ca.pem" \
	    --certs "$C/masa_ca.pem"
	sign_and_verify cose "$C/privkey_pledge.pem" "$C/pledge.pem" "$C/masa_ca.pem"
	sign_and_verify cose "$C/privkey_registrar.pem" "$C/registrar.pem" \
	    "$C/domain_ca.pem" --at "$AT_COSE"
	sign_and_verify cms "$C/privkey_domain_ca.pem" "$C/domain_ca.pem" "$C/domain_ca.pem"
}

# ---- constrained-cose/legacy-sid/ (2019, old SIDs, no alg) ----------------

@test "legacy-sid voucher .vch: signature valid with masa_00-D0-E5-F2-00-03.crt (python), but no alg: exit 3 naming alg" {
	# The MANIFEST's "sig VALID" with its own method (cbor2 +
	# cryptography, ES256 over the empty protected header).
	cose_sig_valid "$L/voucher_00-D0-E5-F2-00-03.vch" "$L/masa_00-D0-E5-F2-00-03.crt"
	vs verify -t "$L/masa_00-D0-E5-F2-00-03.crt" \
	    --certs "$L/masa_00-D0-E5-F2-00-03.crt" --partial-chain \
	    --at @1560000000 "$L/voucher_00-D0-E5-F2-00-03.vch"
	expect_fail 3 alg
}

@test "legacy-sid vr .vrq (PVR, SID 1001154): signature valid with device_00-D0-E5-F2-00-03.crt (python); voucher-sign: exit 3 (alg or SID)" {
	cose_sig_valid "$L/vr_00-D0-E5-F2-00-03.vrq" "$L/device_00-D0-E5-F2-00-03.crt"
	vs verify -t "$L/device_00-D0-E5-F2-00-03.crt" \
	    --certs "$L/device_00-D0-E5-F2-00-03.crt" --partial-chain \
	    --at @1560000000 "$L/vr_00-D0-E5-F2-00-03.vrq"
	expect_fail 3 'alg|SID 1001154'
}

@test "legacy-sid parboiled_vr .vrq (RVR): signature valid with jrc-fountain-test.crt (python); voucher-sign: exit 3 (alg or SID)" {
	cose_sig_valid "$L/parboiled_vr_00-D0-E5-F2-00-03.vrq" "$L/jrc-fountain-test.crt"
	vs verify -t "$L/jrc-fountain-test.crt" --certs "$L/jrc-fountain-test.crt" \
	    --partial-chain --at @1550000000 "$L/parboiled_vr_00-D0-E5-F2-00-03.vrq"
	expect_fail 3 'alg|SID [0-9]+'
}

@test "legacy-sid .diag: the diagnostic notation is the .vch bytes; show refuses the .vch too (exit 3)" {
	cose_diag_matches "$L/voucher_00-D0-E5-F2-00-03.diag" "$L/voucher_00-D0-E5-F2-00-03.vch"
	vs show "$L/voucher_00-D0-E5-F2-00-03.vch"
	expect_fail 3 'alg|SID [0-9]+'
}

# ============================================================================
# jws/ (draft-ietf-anima-jws-voucher examples)
# ============================================================================

@test "jws voucher.jws.json: valid, x5c[0] == voucher-signer-chain.pem[0], with the chain's root as anchor" {
	nth_cert "$J/voucher-signer-chain.pem" 1 "$WORK/root.pem"
	vs verify -t "$WORK/root.pem" --serial kit-987654321 \
	    --nonce 'TauvK+Y/cc2RfIFvpZzfKQ==' "$J/voucher.jws.json"
	expect_status 0
	expect_eq serial "$(leaf "$output" serial-number)" kit-987654321
	vs show -j "$J/voucher.jws.json"
	expect_status 0
	expect_eq "x5c[0]" "$(report_field "$output" signer spki-sha256 | tr A-F a-f)" \
	    "$(spki_sha256 "$J/voucher-signer-chain.pem")"
	vs verify -t "$WORK/root.pem" --nonce 'TauvK-Y_cc2RfIFvpZzfKQ' "$J/voucher.jws.json"
	expect_fail 1 nonce
}

@test "jws pvr.jws.json: valid (no assertion leaf) with pvr-signer-chain.pem's root" {
	nth_cert "$J/pvr-signer-chain.pem" 1 "$WORK/root.pem"
	vs verify -t "$WORK/root.pem" --serial kit-987654321 --expect request \
	    "$J/pvr.jws.json"
	expect_status 0
	expect_eq assertion "$(leaf "$output" assertion)" ""
	vs show -j "$J/pvr.jws.json"
	expect_eq "x5c[0]" "$(report_field "$output" signer spki-sha256 | tr A-F a-f)" \
	    "$(spki_sha256 "$J/pvr-signer-chain.pem")"
}

@test "jws rvr.jws.json: valid with rvr-signer-chain.pem's root; prior-signed-voucher-request is the PVR JWS (standard base64)" {
	nth_cert "$J/rvr-signer-chain.pem" 1 "$WORK/root.pem"
	vs verify -t "$WORK/root.pem" --serial kit-987654321 "$J/rvr.jws.json"
	expect_status 0
	leaf "$output" prior-signed-voucher-request | base64 -d >"$WORK/prior.json"
	$PY -c 'import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
assert a==b, "prior-signed is not pvr.jws.json"' "$WORK/prior.json" "$J/pvr.jws.json"
	expect_eq idevid-issuer "$(leaf "$output" idevid-issuer | base64 -d | xxd -p | head -c 12)" \
	    041830168014
	vs show -j "$J/rvr.jws.json"
	expect_status 0
	expect_eq "x5c[0]" "$(report_field "$output" signer spki-sha256 | tr A-F a-f)" \
	    "$(spki_sha256 "$J/rvr-signer-chain.pem")"
}

@test "jws *.key: each matches chain[0] and signs a JWS voucher that verifies against the chain's root" {
	local n
	for n in voucher pvr rvr; do
		key_matches "$J/$n-signer.key" "$J/$n-signer-chain.pem"
		nth_cert "$J/$n-signer-chain.pem" 1 "$WORK/$n-root.pem"
		sign_and_verify jws "$J/$n-signer.key" "$J/$n-signer-chain.pem" \
		    "$WORK/$n-root.pem"
	done
}

# ============================================================================
# minerva-highway/
# ============================================================================

@test "minerva parboiled_vr-9730-siemens-bt: valid with its embedded TestCA at 2018-12-15 (purpose any, cmcRA), decimal nonce" {
	# The TestCA is the embedded self-signed certificate (extracted with
	# openssl, as the MANIFEST's "embedded TestCA" says).
	openssl cms -verify -noverify -inform DER -in "$M/parboiled_vr-9730-siemens-bt.der" \
	    -certsout "$WORK/certs.pem" -out /dev/null
	openssl crl2pkcs7 -nocrl -certfile "$WORK/certs.pem" |
	    openssl pkcs7 -print_certs >"$WORK/all.pem"
	$PY -c 'import re,sys
for c in re.findall(r"subject=(.*?)\n.*?(-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----)", open(sys.argv[1]).read(), re.S):
    if c[0].endswith("CN = TestCA"): open(sys.argv[2],"w").write(c[1]+"\n")' "$WORK/all.pem" "$WORK/testca.pem"
	[ -s "$WORK/testca.pem" ]
	vs verify -t "$WORK/testca.pem" --at "$AT_SIEMENS" --registrar-request \
	    --serial 0123456789 --nonce 9730977110184206 \
	    "$M/parboiled_vr-9730-siemens-bt.der"
	expect_status 0
	expect_eq nonce "$(leaf "$output" nonce)" 9730977110184206
	vs verify -t "$WORK/testca.pem" --at "$AT_SIEMENS" --nonce 9730977110184207 \
	    "$M/parboiled_vr-9730-siemens-bt.der"
	expect_fail 1 nonce
}

@test "minerva parboiled_vr-00-D0-E5-F2-00-01: signature valid (its signer as anchor); with --registrar-request the RVR rules fail (signer lacks cmcRA, prior serial differs)" {
	# "sig VALID (-noverify)": the embedded signer is given as the
	# anchor (partial chain) so only the signature is at stake.
	openssl cms -verify -noverify -inform DER -in "$M/parboiled_vr-00-D0-E5-F2-00-01.der" \
	    -signer "$WORK/signer.pem" -out /dev/null
	vs verify -j -t "$WORK/signer.pem" --partial-chain --at @1546300800 \
	    "$M/parboiled_vr-00-D0-E5-F2-00-01.der"
	expect_status 0
	expect_eq "signature" "$(check_result "$output" signature)" pass
	expect_eq "chain" "$(check_result "$output" chain)" pass
	expect_eq "registrar-eku" "$(check_result "$output" registrar-eku)" skip
	# Facts of the file (openssl): the signer has no extensions (no
	# cmcRA); the outer serial JADA_f2-00-01 is not the PVR's
	# 00-D0-E5-F2-00-01.  Those are the MASA's RVR rules, applied with
	# --registrar-request.
	vs verify -j -t "$WORK/signer.pem" --partial-chain --at @1546300800 \
	    --registrar-request "$M/parboiled_vr-00-D0-E5-F2-00-01.der"
	expect_eq "prior-serial" "$(check_result "$output" prior-serial)" fail
	expect_status 1
	grep -Eq '^voucher-sign: registrar-eku: ' <<<"$stderr"
}

@test "minerva vr_JADA123456789: inner PVR created-on is a date only: exit 3 naming prior-signed-voucher-request.created-on" {
	openssl cms -verify -noverify -inform DER -in "$M/vr_JADA123456789.der" \
	    -signer "$WORK/signer.pem" -out /dev/null
	vs verify -t "$WORK/signer.pem" --partial-chain --at @1514764800 \
	    "$M/vr_JADA123456789.der"
	expect_fail 3 'prior-signed-voucher-request\.created-on'
}

@test "minerva parboiled_vr_broken .b64: parse error, exit 3 (verify and show)" {
	vs verify -t "$R/vendor.crt" "$M/parboiled_vr_broken-00-D0-E5-F2-00-02.b64"
	expect_status 3
	grep -Eq '^voucher-sign: [^:]+: ' <<<"$stderr"
	[ -z "$output" ]
	vs show "$M/parboiled_vr_broken-00-D0-E5-F2-00-02.b64"
	expect_status 3
	[ -z "$output" ]
}

# ============================================================================
# bootz/ (Go-generated ownership voucher)
# ============================================================================

@test "bootz ov_123A .der/.b64: created-on is a Go time string: exit 3 naming created-on" {
	local f
	for f in ov_123A.der ov_123A.b64; do
		vs verify -t "$Z/vendorca_pub.at-1fe924997eae6e9abfb763bf6b7668217ee6b2f0.pem" "$Z/$f"
		expect_fail 3 created-on
	done
}

@test "bootz ov_123A: signature and chain valid with vendorca_pub (openssl), content == ov_123A.json, pinned cert == pdc_pub.pem" {
	# voucher-sign rightly refuses the content, so the MANIFEST's
	# signature facts are checked with openssl cms as it did.
	openssl cms -verify -inform DER -purpose any \
	    -CAfile "$Z/vendorca_pub.at-1fe924997eae6e9abfb763bf6b7668217ee6b2f0.pem" \
	    -in "$Z/ov_123A.der" -out "$WORK/ov.json"
	cmp <(base64 -d "$Z/ov_123A.b64") "$Z/ov_123A.der"
	$PY - "$WORK/ov.json" "$Z/ov_123A.json" "$Z/pdc_pub.pem" <<'EOF'
import base64, json, sys
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a == b, "eContent differs from ov_123A.json"
v = b["ietf-voucher:voucher"]
assert "\n" in v["pinned-domain-cert"]
der = base64.b64decode(v["pinned-domain-cert"].replace("\n", ""))
pdc = x509.load_pem_x509_certificate(open(sys.argv[3], "rb").read())
assert der == pdc.public_bytes(Encoding.DER), "pinned cert is not pdc_pub.pem"
assert v["assertion"] == ""
EOF
}

# ============================================================================
# nqminds-brski/
# ============================================================================

xv_nonce() {
	$PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ietf-voucher:voucher"]["nonce"])' "$N/xv.json"
}

@test "nqminds xv-anima / xv-data: valid with masa-cms.crt (partial chain), xv.json's nonce and serial; pinned == registrar-tls-ca; content == xv.json" {
	local f nonce
	nonce=$(xv_nonce)
	for f in xv-anima.der xv-data.der; do
		vs verify -t "$N/masa-cms.crt" --partial-chain --nonce "$nonce" \
		    --serial idev-serial12345 --tls-cert "$N/registrar-tls.crt" "$N/$f"
		expect_status 0
		json_same "$N/xv.json"
	done
	vs show -j "$N/xv-anima.der"
	expect_eq content-type "$(report_field "$output" content-type)" 1.2.840.113549.1.9.16.1.40
	vs show -j "$N/xv-data.der"
	expect_eq content-type "$(report_field "$output" content-type)" 1.2.840.113549.1.7.1
	# masa-cms.crt is not self-signed: without --partial-chain no chain.
	vs verify -t "$N/masa-cms.crt" "$N/xv-anima.der"
	expect_fail 1 chain
}

@test "nqminds xv-badnonce: exit 1 naming nonce" {
	vs verify -t "$N/masa-cms.crt" --partial-chain --nonce "$(xv_nonce)" \
	    "$N/xv-badnonce.der"
	expect_fail 1 nonce
}

@test "nqminds xv-expired: expires-on 2020-01-01, exit 1 naming expires-on (now)" {
	vs verify -t "$N/masa-cms.crt" --partial-chain "$N/xv-expired.der"
	expect_fail 1 expires-on
	vs verify -t "$N/masa-cms.crt" --partial-chain --at now "$N/xv-expired.der"
	expect_fail 1 expires-on
}

@test "nqminds xv-wrongsigner: exit 1 with masa-cms.crt as anchor (chain)" {
	vs verify -t "$N/masa-cms.crt" --partial-chain "$N/xv-wrongsigner.der"
	expect_fail 1 chain
	vs verify -t "$N/masa-cms.crt" "$N/xv-wrongsigner.der"
	expect_fail 1 chain
}

@test "nqminds pvr-epvr .der/.b64: valid with pledge-cms.crt --partial-chain (unknown leaf warned); exit 1 chain to cms-ca" {
	local f
	for f in pvr-epvr.der pvr-epvr.b64; do
		vs verify -t "$N/pledge-cms.crt" --partial-chain "$N/$f"
		expect_status 0
		expect_eq revocation "$(leaf "$output" domain-cert-revocation-checks)" false
		# proximity-registrar-cert is not a leaf of ietf-voucher:voucher:
		# dropped with a warning.
		[[ $stderr == *"voucher-sign: warning: "*"proximity-registrar-cert"* ]]
		vs verify -t "$N/cms-ca.crt" "$N/$f"
		expect_fail 1 chain
	done
	# With the intermediates (CA:FALSE) given, the chain still fails.
	cat "$N/int1-cms.crt" "$N/int2-cms.crt" >"$WORK/ints.pem"
	vs verify -t "$N/cms-ca.crt" --certs "$WORK/ints.pem" "$N/pvr-epvr.der"
	expect_fail 1 chain
	# The carried proximity-registrar-cert is registrar-tls.crt (openssl).
	openssl cms -verify -inform DER -in "$N/pvr-epvr.der" -CAfile "$N/pledge-cms.crt" \
	    -partial_chain -purpose any -out "$WORK/epvr.json"
	expect_eq proximity "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ietf-voucher:voucher"]["proximity-registrar-cert"])' "$WORK/epvr.json")" \
	    "$(der_b64 "$N/registrar-tls.crt")"
}

@test "nqminds keys and certificates: masa-cms.key and registrar-tls-ca.key match and sign; idevid.crt gives xv.json's serial" {
	key_matches "$N/masa-cms.key" "$N/masa-cms.crt"
	key_matches "$N/registrar-tls-ca.key" "$N/registrar-tls-ca.crt"
	sign_and_verify cms "$N/masa-cms.key" "$N/masa-cms.crt" "$N/masa-cms.crt" --partial-chain
	sign_and_verify cms "$N/registrar-tls-ca.key" "$N/registrar-tls-ca.crt" \
	    "$N/registrar-tls-ca.crt"
	# xv.json pins registrar-tls-ca.crt.
	expect_eq pinned "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ietf-voucher:voucher"]["pinned-domain-cert"])' "$N/xv.json")" \
	    "$(der_b64 "$N/registrar-tls-ca.crt")"
	# The IDevID (chains to idevid-ca.crt, openssl) holds the serial.
	openssl verify -CAfile "$N/idevid-ca.crt" "$N/idevid.crt"
	vs create --idevid "$N/idevid.crt" --assertion logged \
	    --pinned-domain-cert "$N/registrar-tls-ca.crt"
	expect_status 0
	expect_eq serial "$(leaf "$output" serial-number)" idev-serial12345
	openssl verify -CAfile "$N/registrar-tls-ca.crt" "$N/registrar-tls.crt"
}

# ============================================================================
# sztp/ (RFC 8572)
# ============================================================================

# bundle OUT CONVEYED [OWNER-CERT OV]: the get-bootstrapping-data output
# JSON (sztp.h) from artifact files.
bundle() {
	$PY -c 'import base64,json,sys
out,conv=sys.argv[1:3]
b=lambda f: base64.b64encode(open(f,"rb").read()).decode()
o={"conveyed-information": b(conv)}
if len(sys.argv) > 3:
    o["owner-certificate"]=b(sys.argv[3]); o["ownership-voucher"]=b(sys.argv[4])
json.dump({"ietf-sztp-bootstrap-server:output": o}, open(out,"w"))' "$@"
}

@test "sztp ownership-voucher.cms: valid with vendor-ca.crt, serial SZTP-DEV-0001, pinned-domain-cert == pdc.crt; content == .json" {
	vs verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0001 \
	    --tls-cert "$S/pdc.crt" "$S/ownership-voucher.cms"
	expect_status 0
	json_same "$S/ownership-voucher.json"
	expect_eq pinned "$(leaf "$output" pinned-domain-cert)" "$(der_b64 "$S/pdc.crt")"
	# The owner certificate chains to the pinned cert as well.
	vs verify -q -t "$S/vendor-ca.crt" --tls-cert "$S/owner.crt" "$S/ownership-voucher.cms"
	expect_status 0
	vs verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0002 "$S/ownership-voucher.cms"
	expect_fail 1 serial-number
	vs verify -t "$S/pdc.crt" "$S/ownership-voucher.cms"
	expect_fail 1 chain
}

@test "sztp ownership-voucher-expired.cms: signature valid, exit 1 naming expires-on at the current time" {
	vs verify -j -t "$S/vendor-ca.crt" "$S/ownership-voucher-expired.cms"
	expect_status 1
	expect_eq signature "$(check_result "$output" signature)" pass
	expect_eq expires-on "$(check_result "$output" expires-on)" fail
	vs verify -t "$S/vendor-ca.crt" "$S/ownership-voucher-expired.cms"
	expect_fail 1 expires-on
}

@test "sztp owner-certificate.cms: degenerate SignedData with owner.crt + pdc.crt; owner.crt chains to pdc.crt (openssl)" {
	openssl pkcs7 -inform DER -in "$S/owner-certificate.cms" -print_certs -out "$WORK/oc.pem"
	grep -q 'CN = Example Owner Certificate' "$WORK/oc.pem"
	grep -q 'CN = Example Owner Pinned Domain CA' "$WORK/oc.pem"
	openssl verify -CAfile "$S/pdc.crt" "$S/owner.crt"
}

@test "sztp bundle of the vectors: sztp verify runs RFC 8572 5.4 and prints the conveyed information" {
	bundle "$WORK/b.json" "$S/conveyed-information-signed.cms" \
	    "$S/owner-certificate.cms" "$S/ownership-voucher.cms"
	vs sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0001 "$WORK/b.json"
	expect_status 0
	json_same "$S/conveyed-information.json"
	vs sztp verify -j -t "$S/vendor-ca.crt" "$WORK/b.json"
	expect_status 0
	local c
	for c in owner-certificate conveyed-signature conveyed-type; do
		expect_eq "check $c" "$(check_result "$output" "$c")" pass
	done
	# The signed conveyed information as the MANIFEST checked it.
	openssl cms -verify -inform DER -in "$S/conveyed-information-signed.cms" \
	    -certfile "$S/owner.crt" -CAfile "$S/pdc.crt" -purpose any -out "$WORK/ci.json"
	output=$(cat "$WORK/ci.json")
	json_same "$S/conveyed-information.json"
}

@test "sztp bundle negatives: wrong serial, wrong anchor, expired voucher, owner certificate not pinned, wrong signer" {
	bundle "$WORK/b.json" "$S/conveyed-information-signed.cms" \
	    "$S/owner-certificate.cms" "$S/ownership-voucher.cms"
	vs sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0002 "$WORK/b.json"
	expect_fail 1 'serial-number|ownership-voucher'
	vs sztp verify -t "$S/pdc.crt" "$WORK/b.json"
	expect_fail 1 'chain|ownership-voucher'
	bundle "$WORK/x.json" "$S/conveyed-information-signed.cms" \
	    "$S/owner-certificate.cms" "$S/ownership-voucher-expired.cms"
	vs sztp verify -t "$S/vendor-ca.crt" "$WORK/x.json"
	expect_fail 1 'expires-on|ownership-voucher'
	# An owner-certificate holding a certificate that is not under the
	# pinned-domain-cert.
	openssl crl2pkcs7 -nocrl -certfile "$S/masa.crt" -outform DER -out "$WORK/oc.cms"
	bundle "$WORK/o.json" "$S/conveyed-information-signed.cms" \
	    "$WORK/oc.cms" "$S/ownership-voucher.cms"
	vs sztp verify -t "$S/vendor-ca.crt" "$WORK/o.json"
	expect_fail 1 owner-certificate
	# conveyed-information-wrongsigner.cms: signed by the voucher key.
	bundle "$WORK/w.json" "$S/conveyed-information-wrongsigner.cms" \
	    "$S/owner-certificate.cms" "$S/ownership-voucher.cms"
	vs sztp verify -t "$S/vendor-ca.crt" "$WORK/w.json"
	expect_fail 1 conveyed-signature
	# Not a bundle at all: malformed.
	vs sztp verify -t "$S/vendor-ca.crt" "$S/ownership-voucher.json"
	expect_status 3
}

@test "sztp conveyed-information-unsigned.cms: parses; accepted only from a trusted source" {
	# The MANIFEST's check: a bare ContentInfo (openssl asn1parse).
	openssl asn1parse -inform DER -in "$S/conveyed-information-unsigned.cms" >"$WORK/asn1"
	grep -q '1.2.840.113549.1.9.16.1.43' "$WORK/asn1"
	bundle "$WORK/u.json" "$S/conveyed-information-unsigned.cms" \
	    "$S/owner-certificate.cms" "$S/ownership-voucher.cms"
	vs sztp verify -t "$S/vendor-ca.crt" "$WORK/u.json"
	expect_fail 1 conveyed-signature
	vs sztp verify -t "$S/vendor-ca.crt" --trusted-source "$WORK/u.json"
	expect_status 0
	json_same "$S/conveyed-information.json"
	# The unsigned-only bundle (what `sztp bundle` writes without -k).
	bundle "$WORK/u1.json" "$S/conveyed-information-unsigned.cms"
	vs sztp verify -t "$S/vendor-ca.crt" --trusted-source "$WORK/u1.json"
	expect_status 0
	json_same "$S/conveyed-information.json"
}

@test "sztp keys: each matches its certificate; masa.key signs an ownership voucher and owner.key a bundle that sztp verify accepts" {
	key_matches "$S/masa.key" "$S/masa.crt"
	key_matches "$S/owner.key" "$S/owner.crt"
	key_matches "$S/pdc.key" "$S/pdc.crt"
	key_matches "$S/vendor-ca.key" "$S/vendor-ca.crt"
	sign_and_verify cms "$S/vendor-ca.key" "$S/vendor-ca.crt" "$S/vendor-ca.crt"
	sign_and_verify cms "$S/pdc.key" "$S/pdc.crt" "$S/pdc.crt"
	# A new ownership voucher from masa.key, pinning pdc.crt.
	voucher_json "$WORK/ov.json" voucher SZTP-DEV-0009 "$S/pdc.crt"
	cat "$S/masa.crt" "$S/vendor-ca.crt" >"$WORK/masa-chain.pem"
	vs sign -k "$S/masa.key" -c "$WORK/masa-chain.pem" -o "$WORK/ov.cms" "$WORK/ov.json"
	expect_status 0
	vs sztp bundle --conveyed "$S/conveyed-information.json" -k "$S/owner.key" \
	    -c "$S/owner.crt" --chain "$S/pdc.crt" --voucher "$WORK/ov.cms" \
	    -o "$WORK/b.json"
	expect_status 0
	vs sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0009 "$WORK/b.json"
	expect_status 0
	json_same "$S/conveyed-information.json"
	# The bundle's conveyed information verifies with openssl too.
	$PY -c 'import base64,json,sys
o=json.load(open(sys.argv[1]))["ietf-sztp-bootstrap-server:output"]
open(sys.argv[2],"wb").write(base64.b64decode(o["conveyed-information"]))' \
	    "$WORK/b.json" "$WORK/ci.cms"
	openssl cms -verify -inform DER -in "$WORK/ci.cms" -certfile "$S/owner.crt" \
	    -CAfile "$S/pdc.crt" -purpose any -out "$WORK/ci.json"
	output=$(cat "$WORK/ci.json")
	json_same "$S/conveyed-information.json"
}

# ============================================================================
# Every file is covered
# ============================================================================

@test "every MANIFEST.tsv row has its file here, and every vector file is used by this test file" {
	# MANIFEST.tsv lists files by path or glob; each row's file (or
	# glob) must exist here, and every file of the collection must be
	# used above (by name, or by a glob row handled above).
	local f base self="$BATS_TEST_FILENAME"
	while IFS=$'\t' read -r f _; do
		[ "$f" = file ] && continue
		# shellcheck disable=SC2086 # globs on purpose
		compgen -G "$V/$f" >/dev/null || {
			echo "MANIFEST row without a file: $f" >&2
			return 1
		}
	done <"$V/MANIFEST.tsv"
	while IFS= read -r f; do
		base=${f##*/}
		case $base in
		SOURCES.md | MANIFEST.tsv) continue ;;
		esac
		# Named through a loop variable in the tests above.
		case $base in
		voucher-payload.cbor | pvr-payload.cbor | rvr-payload.cbor) continue ;;
		voucher.diag.txt | pvr.diag.txt | rvr.diag.txt) continue ;;
		voucher-signer.key | pvr-signer.key | rvr-signer.key) continue ;;
		esac
		grep -qF -- "$base" "$self" || {
			echo "not used: $f" >&2
			return 1
		}
	done < <(cd "$V" && find . -type f | sed 's|^\./||')
}
