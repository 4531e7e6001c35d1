#!/usr/bin/env bats
# voucher-sign and bad input: each class is exit 3 with a message naming
# the field, and no output file is left behind.
load helpers

C=$OK_VECTORS/voucher

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	make_test_pki
	test_voucher > v.json
}

SIGN="sign -k pki/masa.key -c pki/masa-chain.pem -o out.cms"

# sign_json TEXT: signs a voucher given as JSON text into out.cms.
sign_json() {
	printf '%s\n' "$1" > in.json
	run --separate-stderr voucher-sign $SIGN in.json
}

@test "bad input: malformed JSON is exit 3 naming the input" {
	sign_json '{"ietf-voucher:voucher":{"serial-number":"S",}}'
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: in.json: invalid JSON"* ]]
	[ ! -e out.cms ]
	sign_json '{"ietf-voucher:voucher":{"serial-number":"S"}} trailing'
	[ "$status" -eq 3 ]
	[ ! -e out.cms ]
	sign_json '{"ietf-voucher:voucher":{"serial-number":"S","serial-number":"T"}}'
	[ "$status" -eq 3 ]
	[ ! -e out.cms ]
	run --separate-stderr sh -c "printf '{' | voucher-sign $SIGN"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: stdin: "* ]]
	[ ! -e out.cms ]
	printf '{"x":1}' > t.json
	run --separate-stderr voucher-sign create -T t.json -o out.json
	[ "$status" -eq 3 ]
	[ ! -e out.json ]
}

@test "bad input: a Go time string is exit 3 naming the leaf or option" {
	go='2023-10-24 05:19:57.174393633 +0000 UTC m=+4.07'
	sign_json "$(sed "s/2026-01-01T00:00:00Z/$go/" v.json)"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: created-on: "* ]]
	[ ! -e out.cms ]
	run --separate-stderr voucher-sign create --serial-number S --assertion logged \
	    --pinned-domain-cert pki/domain-ca.crt --created-on "$go" -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: --created-on: "* ]]
	[ ! -e out.json ]
	# The bootz ownership voucher carries them: its signature is fine, its
	# content is not.
	run --separate-stderr voucher-sign verify -t "$C/bootz/vendorca_pub.at-1fe924997eae6e9abfb763bf6b7668217ee6b2f0.pem" \
	    -o out.json "$C/bootz/ov_123A.der"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: created-on: "* ]]
	[ ! -e out.json ]
}

@test "bad input: a date-only value is exit 3 naming the leaf" {
	sign_json "$(sed 's/2026-01-01T00:00:00Z/2026-01-01/' v.json)"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: created-on: "* ]]
	[ ! -e out.cms ]
	run --separate-stderr voucher-sign create -r --serial-number S --expires-on 2026-01-01 -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: --expires-on: "* ]]
	[ ! -e out.json ]
	# Minerva's RVR embeds a pledge request with created-on "2017-09-01".
	run --separate-stderr voucher-sign show "$C/minerva-highway/vr_JADA123456789.der"
	[ "$status" -eq 3 ]
	[ "$stderr" = "voucher-sign: prior-signed-voucher-request.created-on: not a date-and-time (YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM))" ]
	[ "$output" = "" ]
}

@test "bad input: bad base64 in pinned-domain-cert is exit 3 naming it" {
	for bad in 'MII$$$' 'TWE' 'TWF=' 'MIIBlTCC
ATug' 'TWFu='; do
		sign_json "$($PY -c 'import json,sys
v=json.load(open("v.json")); v["ietf-voucher:voucher"]["pinned-domain-cert"]=sys.argv[1]; print(json.dumps(v))' "$bad")"
		[ "$status" -eq 3 ]
		[[ "$stderr" == "voucher-sign: pinned-domain-cert: "* ]]
		[ ! -e out.cms ]
	done
	run --separate-stderr voucher-sign create --serial-number S --idevid-issuer 'not base64' -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: idevid-issuer: "* ]]
	[ ! -e out.json ]
}

@test "bad input: a truncated CMS is exit 3 from verify and show" {
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	for n in 1 10 200 $(( $(stat -c %s v.cms) - 1 )); do
		head -c "$n" v.cms > t.cms
		run --separate-stderr voucher-sign verify -t pki/root.crt -o out.json t.cms
		[ "$status" -eq 3 ]
		[ ! -e out.json ]
		run --separate-stderr voucher-sign show t.cms
		[ "$status" -eq 3 ]
	done
	# Trailing garbage too.
	cat v.cms v.cms > two.cms
	run --separate-stderr voucher-sign verify -t pki/root.crt two.cms
	[ "$status" -eq 3 ]
	# Minerva's deliberately broken request.
	run --separate-stderr voucher-sign verify -t pki/root.crt -j "$C/minerva-highway/parboiled_vr_broken-00-D0-E5-F2-00-02.b64"
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[[ "$stderr" == "voucher-sign: voucher: "* ]]
	# ... and as prior-signed-voucher-request for create.
	head -c 200 v.cms > t.cms
	run --separate-stderr voucher-sign create -r --serial-number S --prior-signed-voucher-request t.cms -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: t.cms: "* ]]
	[ ! -e out.json ]
}

@test "bad input: COSE without an algorithm (legacy-sid .vch) is exit 3 naming alg" {
	L=$C/constrained-cose/legacy-sid
	run --separate-stderr voucher-sign verify -t "$L/masa_00-D0-E5-F2-00-03.crt" -o out.json "$L/voucher_00-D0-E5-F2-00-03.vch"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: alg: "* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign show "$L/voucher_00-D0-E5-F2-00-03.vch"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: alg: "* ]]
}

@test "bad input: an unknown SID is exit 3 naming it" {
	# A well-signed COSE_Sign1 (ES256, masa.key) whose payload uses the
	# 2019 SID of the voucher container.
	$PY - pki/masa.key <<'PY'
import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, utils
import sys
key = serialization.load_pem_private_key(open(sys.argv[1], "rb").read(), None)
prot = cbor2.dumps({1: -7})
for name, payload in (("top", {1001154: {13: "X"}}), ("delta", {2451: {99: "X"}})):
    body = cbor2.dumps(payload)
    der = key.sign(cbor2.dumps(["Signature1", prot, b"", body]), ec.ECDSA(hashes.SHA256()))
    r, s = utils.decode_dss_signature(der)
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    open(name + ".cose", "wb").write(cbor2.dumps(cbor2.CBORTag(18, [prot, {}, body, sig])))
PY
	run --separate-stderr voucher-sign verify -t pki/root.crt --certs pki/masa.crt -o out.json top.cose
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"SID 1001154"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign show delta.cose
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: "*"99"* ]]
	[ "$output" = "" ]
}

@test "bad input: unknown leaves and wrong kinds in sign input" {
	sign_json '{"ietf-voucher:voucher":{"serial-number":"S","colour":"red"}}'
	[ "$status" -eq 3 ]
	[ "$stderr" = "voucher-sign: colour: not a leaf of ietf-voucher:voucher" ]
	[ ! -e out.cms ]
	sign_json '{"ietf-voucher:token":{"serial-number":"S"}}'
	[ "$status" -eq 3 ]
	[ ! -e out.cms ]
	sign_json '{"ietf-voucher:voucher":{"serial-number":17}}'
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: serial-number: "* ]]
	[ ! -e out.cms ]
}
