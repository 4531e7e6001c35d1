#!/usr/bin/env bats
# voucher-sign verify: each check failing on its own names itself with
# exit 1; --json reports every check; the RFC 8995 examples at their time.
load helpers

V8995=$OK_VECTORS/voucher/rfc8995
AT8995=2021-04-14T00:00:00Z

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	make_test_pki
}

# sign_as SIGNER JSON OUT: CMS signed by a PKI signer with its chain.
sign_as() {
	local chain=pki/root.crt
	[ "$1" = registrar ] && chain=pki/domain-ca.crt
	voucher-sign sign -k "pki/$1.key" -c "pki/$1.crt" --chain "$chain" -o "$3" "$2"
}

# The result of one check in a --json report on stdin: check_result NAME
check_result() {
	$PY -c 'import json,sys
r=json.load(sys.stdin)
print([c["result"] for c in r["checks"] if c["check"]==sys.argv[1]][0])' "$1"
}

@test "verify: the RFC 8995 voucher is valid at its time with all the pledge's inputs" {
	run --separate-stderr voucher-sign verify -t "$V8995/vendor.crt" --at "$AT8995" \
	    --serial 00-D0-E5-F2-00-02 --nonce -_XE9zK9q8Ll1qylMtLKeg \
	    --tls-cert "$V8995/jrc_prime256v1.crt" "$V8995/voucher_00-D0-E5-F2-00-02.der"
	[ "$status" -eq 0 ]
	$PY - "$V8995/voucher_00-D0-E5-F2-00-02.json" "$output" <<'PY'
import json, sys
assert json.load(open(sys.argv[1])) == json.loads(sys.argv[2])
PY
	# The same in base64 text.
	run --separate-stderr voucher-sign verify -t "$V8995/vendor.crt" --at "$AT8995" "$V8995/voucher_00-D0-E5-F2-00-02.b64"
	[ "$status" -eq 0 ]
	# Today the MASA certificate has expired: the chain fails.
	run --separate-stderr voucher-sign verify -t "$V8995/vendor.crt" "$V8995/voucher_00-D0-E5-F2-00-02.der"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: chain: "*"expired"* ]]
	[ "$output" = "" ]
}

@test "verify: signature fails alone (the RFC 8995 tampered voucher)" {
	run --separate-stderr voucher-sign verify -j -t "$V8995/vendor.crt" --at "$AT8995" \
	    "$V8995/voucher_00-D0-E5-F2-00-02.tampered.der"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: signature: "* ]]
	[ "$(echo "$output" | check_result signature)" = fail ]
	[ "$(echo "$output" | json_get verified)" = false ]
}

@test "verify: chain fails alone with the wrong anchor" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -j -t pki/other-ca.crt v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: chain: "* ]]
	[ "$(echo "$output" | check_result signature)" = pass ]
	[ "$(echo "$output" | check_result chain)" = fail ]
	# Several anchors, one of them right: valid.
	run --separate-stderr voucher-sign verify -t pki/other-ca.crt -t pki/root.crt v.cms
	[ "$status" -eq 0 ]
	cat pki/other-ca.crt pki/root.crt > anchors.pem
	run --separate-stderr voucher-sign verify -t anchors.pem v.cms
	[ "$status" -eq 0 ]
}

@test "verify: kind fails alone with --expect" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect request v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: kind: "* ]]
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect voucher v.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect box v.cms
	[ "$status" -eq 2 ]
}

@test "verify: expires-on fails alone at a later --at" {
	test_voucher PLEDGE-0001 --expires-on 2030-01-01T00:00:00Z > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --at 2029-12-31T23:59:59Z v.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -j -t pki/root.crt --at 2030-01-01T00:00:01Z v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: expires-on: "* ]]
	[ "$(echo "$output" | check_result chain)" = pass ]
	[ "$(echo "$output" | check_result expires-on)" = fail ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --at @1893456001 v.cms
	[ "$status" -eq 1 ]
	# A voucher expired by its own data (nqminds xv-expired, 2020).
	run --separate-stderr voucher-sign verify -t "$OK_VECTORS/voucher/nqminds-brski/masa-cms.crt" \
	    --partial-chain "$OK_VECTORS/voucher/nqminds-brski/xv-expired.der"
	[ "$status" -eq 1 ]
	# (after the warning that it has both nonce and expires-on)
	[[ "$stderr" == *"voucher-sign: warning: yang: expires-on: not allowed with nonce"* ]]
	[[ "${stderr##*$'\n'}" == "voucher-sign: expires-on: expired"* ]]
}

@test "verify: serial-number fails alone" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --serial PLEDGE-0001 v.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --serial PLEDGE-0002 v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: serial-number: "* ]]
}

@test "verify: nonce fails alone: another value, or none in the voucher" {
	test_voucher PLEDGE-0001 --nonce 'n0nce+/=' > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --nonce 'n0nce+/=' v.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --nonce 'n0nce-_' v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: nonce: does not match --nonce"* ]]
	test_voucher > nn.json
	sign_as masa nn.json nn.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --nonce abc nn.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: nonce: "* ]]
	# nqminds' altered nonce
	run --separate-stderr voucher-sign verify -t "$OK_VECTORS/voucher/nqminds-brski/masa-cms.crt" --partial-chain \
	    --nonce "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["ietf-voucher:voucher"]["nonce"])' "$OK_VECTORS/voucher/nqminds-brski/xv.json")" \
	    "$OK_VECTORS/voucher/nqminds-brski/xv-badnonce.der"
	[ "$status" -eq 1 ]
	[[ "${stderr##*$'\n'}" == "voucher-sign: nonce: "* ]]
}

@test "verify: pinned-domain fails alone against another TLS chain; pubk forms too" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	# registrar.crt is issued by the pinned domain CA
	run --separate-stderr voucher-sign verify -t pki/root.crt --tls-cert pki/registrar.crt v.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --tls-cert pki/masa.crt v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: pinned-domain: "* ]]
	voucher-sign create --created-on 2026-01-01T00:00:00Z --assertion logged --serial-number S \
	    --pinned-domain-pubk pki/registrar.crt > k.json
	sign_as masa k.json k.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt --tls-cert pki/registrar.crt k.cms
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign verify -t pki/root.crt --tls-cert pki/idevid.crt k.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: pinned-domain: "* ]]
}

# A pledge request (signed by the IDevID) and the registrar's request
# around it.
make_requests() {
	local proximity=${1:-pki/registrar.crt} rvr_serial=${2:-PLEDGE-0001}
	voucher-sign create -r --created-on 2026-01-01T00:00:00Z --serial-number PLEDGE-0001 \
	    --assertion proximity --nonce abc --proximity-registrar-cert "$proximity" > pvr.json
	sign_as idevid pvr.json pvr.cms
	voucher-sign create -r --created-on 2026-01-02T00:00:00Z --serial-number "$rvr_serial" \
	    --assertion proximity --nonce abc --idevid-issuer "$(voucher-sign create -r --idevid pki/idevid.crt --created-on none | json_get ietf-voucher-request:voucher | json_get idevid-issuer)" \
	    --prior-signed-voucher-request pvr.cms > rvr.json
}

@test "verify: a registrar voucher-request passes every registrar check" {
	make_requests
	sign_as registrar rvr.json rvr.cms
	run --separate-stderr voucher-sign verify -j -t pki/domain-ca.crt --registrar-request \
	    --pledge-anchor pki/root.crt rvr.cms
	[ "$status" -eq 0 ]
	for c in signature chain registrar-eku prior-signed proximity prior-serial; do
		[ "$(echo "$output" | check_result $c)" = pass ]
	done
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["verified"] is True and r["kind"] == "ietf-voucher-request:voucher"
assert r["prior-signed-voucher-request"]["ietf-voucher-request:voucher"]["serial-number"] == "PLEDGE-0001"
assert r["signer"]["subject"].startswith("CN=registrar.example")
assert len(r["certificates"]) == 2 and r["form"] == "cms" and r["encoding"] == "der"'
}

@test "verify: registrar-eku fails alone for a signer without cmcRA" {
	make_requests
	sign_as masa rvr.json rvr-masa.cms
	run --separate-stderr voucher-sign verify -j -t pki/root.crt --registrar-request rvr-masa.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: registrar-eku: "* ]]
	[ "$(echo "$output" | check_result prior-signed)" = pass ]
}

@test "verify: prior-signed fails alone for an altered or untrusted pledge request" {
	make_requests
	sign_as registrar rvr.json rvr.cms
	run --separate-stderr voucher-sign verify -t pki/domain-ca.crt --registrar-request \
	    --pledge-anchor pki/other-ca.crt rvr.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: prior-signed: "* ]]
	# One byte of the embedded request's payload changed.
	serial_hex=$(printf PLEDGE-0001 | od -An -tx1 | tr -d ' \n')
	flip_byte pvr.cms "$(offset_of pvr.cms "$serial_hex")"
	voucher-sign create -r -T rvr.json --prior-signed-voucher-request pvr.cms > rvr2.json
	sign_as registrar rvr2.json rvr2.cms
	run --separate-stderr voucher-sign verify -t pki/domain-ca.crt --registrar-request rvr2.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: prior-signed: "* ]]
}

@test "verify: proximity fails alone when the pledge saw another registrar" {
	make_requests pki/masa.crt
	sign_as registrar rvr.json rvr.cms
	run --separate-stderr voucher-sign verify -t pki/domain-ca.crt --registrar-request rvr.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: proximity: "* ]]
}

@test "verify: prior-serial fails alone when the serial numbers differ" {
	make_requests pki/registrar.crt PLEDGE-9999
	sign_as registrar rvr.json rvr.cms
	run --separate-stderr voucher-sign verify -j -t pki/domain-ca.crt --registrar-request rvr.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: prior-serial: "* ]]
	[ "$(echo "$output" | check_result proximity)" = pass ]
}

@test "verify --json: every check with its outcome, the content, exit 0" {
	test_voucher PLEDGE-0001 --nonce abc > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -j -t pki/root.crt --serial PLEDGE-0001 --nonce abc v.cms
	[ "$status" -eq 0 ]
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["verified"] is True and "unverified" not in r
checks = {c["check"]: c["result"] for c in r["checks"]}
assert [c["check"] for c in r["checks"]][:3] == ["signature", "chain", "kind"]
assert checks["signature"] == checks["chain"] == checks["serial-number"] == checks["nonce"] == "pass"
assert checks["expires-on"] == checks["pinned-domain"] == "skip"
assert all(set(c) == {"check", "result", "detail"} for c in r["checks"])
assert r["content"] == json.load(open("v.json"))
assert r["content-type"] == "1.2.840.113549.1.9.16.1.40"'
}

@test "verify: -q prints nothing, -o writes the content, -t is required" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -q -t pki/root.crt v.cms
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	voucher-sign verify -t pki/root.crt -o out.json < v.cms
	cmp out.json v.json
	run --separate-stderr voucher-sign verify v.cms
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --trust-anchor: "* ]]
	run --separate-stderr voucher-sign verify -t pki/other-ca.crt -o bad.json v.cms
	[ "$status" -eq 1 ]
	[ ! -e bad.json ]
}

@test "verify --partial-chain: a non-self-signed anchor ends the chain" {
	N=$OK_VECTORS/voucher/nqminds-brski
	run --separate-stderr voucher-sign verify -t "$N/pledge-cms.crt" "$N/pvr-epvr.der"
	[ "$status" -eq 1 ]
	[[ "${stderr##*$'\n'}" == "voucher-sign: chain: "* ]]
	run --separate-stderr voucher-sign verify -t "$N/pledge-cms.crt" --partial-chain "$N/pvr-epvr.der"
	[ "$status" -eq 0 ]
}

@test "verify: --at takes only TIME forms" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	for t in 2030-01-01 "2030-01-01 00:00:00" yesterday @-5 "@12x"; do
		run --separate-stderr voucher-sign verify -t pki/root.crt --at "$t" v.cms
		[ "$status" -eq 3 ]
		[[ "$stderr" == "voucher-sign: --at: "* ]]
	done
}

# The bytes of the prior-signed-voucher-request leaf of a request JSON.
prior_bytes() {
	$PY -c 'import base64,json,sys
v=json.load(open(sys.argv[1]))["ietf-voucher-request:voucher"]
sys.stdout.buffer.write(base64.b64decode(v["prior-signed-voucher-request"], validate=True))' "$1"
}

@test "create --prior-signed-voucher-request: a CMS request as PEM or base64 is embedded as DER" {
	make_requests
	openssl cms -cmsout -inform DER -in pvr.cms -outform PEM -out pvr.pem
	head -1 pvr.pem | grep -q -- '-----BEGIN CMS-----'
	base64 pvr.cms > pvr.b64         # in lines of 76
	base64 -w0 pvr.cms > pvr-flat.b64
	for f in pvr.pem pvr.b64 pvr-flat.b64; do
		voucher-sign create -r -T rvr.json --prior-signed-voucher-request "$f" > "rvr-$f.json"
		prior_bytes "rvr-$f.json" | cmp - pvr.cms
		cmp "rvr-$f.json" rvr.json
	done
	# and the registrar request made from the PEM verifies, prior-signed included
	sign_as registrar rvr-pvr.pem.json rvr.cms
	run --separate-stderr voucher-sign verify -j -t pki/domain-ca.crt --registrar-request \
	    --pledge-anchor pki/root.crt rvr.cms
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | check_result prior-signed)" = pass ]
	# a file that is no signed request in any form is exit 3 naming it
	printf 'bm90IGEgdm91Y2hlcg==\n' > junk.b64
	run --separate-stderr voucher-sign create -r -T rvr.json --prior-signed-voucher-request junk.b64
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: junk.b64: "* ]]
	[ "$output" = "" ]
}

@test "create --prior-signed-voucher-request: JWS as its JSON text, COSE (also base64) as CBOR" {
	make_requests
	voucher-sign sign -f jws -k pki/idevid.key -c pki/idevid.crt --chain pki/root.crt -o pvr.jws pvr.json
	{ printf '  \n'; cat pvr.jws; printf '\n\n'; } > pvr-spaced.jws
	for f in pvr.jws pvr-spaced.jws; do
		voucher-sign create -r -T rvr.json --prior-signed-voucher-request "$f" > r.json
		prior_bytes r.json | cmp - <(tr -d '\n' < pvr.jws)
	done
	voucher-sign sign -f cose -k pki/idevid.key -c pki/idevid.crt --chain pki/root.crt -o pvr.cose pvr.json
	voucher-sign sign -A -f cose -k pki/idevid.key -c pki/idevid.crt --chain pki/root.crt -o pvr.cose.b64 pvr.json
	voucher-sign create -r -T rvr.json --prior-signed-voucher-request pvr.cose > r1.json
	prior_bytes r1.json | cmp - pvr.cose
	voucher-sign create -r -T rvr.json --prior-signed-voucher-request pvr.cose.b64 > r2.json
	prior_bytes r2.json | cmp - <(base64 -d pvr.cose.b64)
	[ "$(prior_bytes r2.json | head -c1 | od -An -tx1 | tr -d ' ')" = d2 ]
}

@test "verify -j: on exit 1 the report still prints, verified false, the failed check named" {
	test_voucher > v.json
	sign_as masa v.json v.cms
	run --separate-stderr voucher-sign verify -j -t pki/other-ca.crt v.cms
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: chain: "* ]]
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["verified"] is False, r["verified"]
checks = {c["check"]: c["result"] for c in r["checks"]}
assert checks["signature"] == "pass" and checks["chain"] == "fail", checks'
	# not on exit 3: nothing on stdout
	head -c 50 v.cms > trunc.cms
	run --separate-stderr voucher-sign verify -j -t pki/root.crt trunc.cms
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
}
