#!/usr/bin/env bats
# voucher-sign sztp bundle | verify: RFC 8572 bootstrapping data, checked
# in the device's order (section 5.4).
load helpers

S=$OK_VECTORS/voucher/sztp

# bundle_of CONVEYED OWNER-CERT VOUCHER: a bundle JSON of three artifacts
# (a "-" leaves one out), the way a bootstrap server returns them.
bundle_of() {
	$PY - "$@" <<'PY'
import base64, json, sys
names = ["conveyed-information", "owner-certificate", "ownership-voucher"]
out = {}
for name, path in zip(names, sys.argv[1:]):
    if path != "-":
        out[name] = base64.b64encode(open(path, "rb").read()).decode()
print(json.dumps({"ietf-sztp-bootstrap-server:output": out}, separators=(",", ":")))
PY
}

# The result of one bundle check in a --json report on stdin.
check_result() {
	$PY -c 'import json,sys
r=json.load(sys.stdin)
print([c["result"] for c in r["checks"] if c["check"]==sys.argv[1]][0])' "$1"
}

@test "sztp verify: the vector artifacts as a bundle pass in order" {
	bundle_of "$S/conveyed-information-signed.cms" "$S/owner-certificate.cms" "$S/ownership-voucher.cms" > b.json
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0001 b.json
	[ "$status" -eq 0 ]
	$PY - "$S/conveyed-information.json" "$output" <<'PY'
import json, sys
assert json.load(open(sys.argv[1])) == json.loads(sys.argv[2])
PY
	run --separate-stderr voucher-sign sztp verify -j -t "$S/vendor-ca.crt" b.json
	[ "$status" -eq 0 ]
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["verified"] is True
assert [c["check"] for c in r["checks"]] == ["ownership-voucher", "owner-certificate", "conveyed-signature", "conveyed-type"]
assert all(c["result"] == "pass" for c in r["checks"]), r["checks"]
assert r["ownership-voucher"]["content"]["ietf-voucher:voucher"]["serial-number"] == "SZTP-DEV-0001"
assert "ietf-sztp-conveyed-info:onboarding-information" in r["conveyed-information"]'
}

@test "sztp bundle: signs the conveyed information; the bundle verifies" {
	run --separate-stderr voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" \
	    -k "$S/owner.key" -c "$S/owner.crt" --chain "$S/pdc.crt" --voucher "$S/ownership-voucher.cms" \
	    --signing-time 2026-01-01T00:00:00Z -o b.json
	[ "$status" -eq 0 ]
	voucher-sign sztp verify -q -t "$S/vendor-ca.crt" --serial SZTP-DEV-0001 b.json
	# Cross-check each artifact with openssl.
	$PY - b.json <<'PY'
import base64, json, sys
o = json.load(open(sys.argv[1]))["ietf-sztp-bootstrap-server:output"]
assert list(o) == ["conveyed-information", "owner-certificate", "ownership-voucher"], list(o)
for k, v in o.items():
    open(k + ".der", "wb").write(base64.b64decode(v, validate=True))
PY
	cmp ownership-voucher.der "$S/ownership-voucher.cms"
	openssl pkcs7 -inform DER -in owner-certificate.der -print_certs | grep -c BEGIN > n
	[ "$(cat n)" -eq 2 ]
	openssl cms -verify -inform DER -in conveyed-information.der -certfile "$S/owner.crt" \
	    -CAfile "$S/pdc.crt" -purpose any -binary -out conveyed.json 2>/dev/null
	cmp conveyed.json "$S/conveyed-information.json"
	[ "$(openssl asn1parse -inform DER -in conveyed-information.der | grep OBJECT | sed -n 3p | sed 's/.*://')" = \
	    1.2.840.113549.1.9.16.1.43 ]
	openssl cms -cmsout -print -inform DER -in conveyed-information.der | grep -A3 signingTime | grep -q 'Jan  1 00:00:00 2026 GMT'
}

@test "sztp bundle: unsigned conveyed information only with a trusted source" {
	voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" -o u.json
	[ "$($PY -c 'import json,sys; print(list(json.load(open("u.json"))["ietf-sztp-bootstrap-server:output"]))')" = "['conveyed-information']" ]
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" u.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: conveyed-signature: "* ]]
	[ "$output" = "" ]
	run --separate-stderr voucher-sign sztp verify --trusted-source -t "$S/vendor-ca.crt" u.json
	[ "$status" -eq 0 ]
	[[ "$stderr" == *"warning"* ]]
	# The vector's unsigned ContentInfo likewise.
	bundle_of "$S/conveyed-information-unsigned.cms" - - > v.json
	run --separate-stderr voucher-sign sztp verify --trusted-source -t "$S/vendor-ca.crt" v.json
	[ "$status" -eq 0 ]
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" v.json
	[ "$status" -eq 1 ]
}

@test "sztp verify: each step fails on its own with exit 1 naming it" {
	# ownership-voucher: expired, wrong anchor, wrong serial
	bundle_of "$S/conveyed-information-signed.cms" "$S/owner-certificate.cms" "$S/ownership-voucher-expired.cms" > e.json
	run --separate-stderr voucher-sign sztp verify -j -t "$S/vendor-ca.crt" e.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: ownership-voucher: "* ]]
	[ "$(echo "$output" | json_get verified)" = false ]
	[ "$(echo "$output" | check_result ownership-voucher)" = fail ]
	bundle_of "$S/conveyed-information-signed.cms" "$S/owner-certificate.cms" "$S/ownership-voucher.cms" > b.json
	run --separate-stderr voucher-sign sztp verify -t "$S/pdc.crt" b.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: ownership-voucher: "* ]]
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-9999 b.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: ownership-voucher: "* ]]
	# owner-certificate: one that does not chain to pinned-domain-cert
	make_test_pki
	cat pki/masa.crt pki/root.crt > other.pem
	openssl crl2pkcs7 -nocrl -certfile other.pem -outform DER -out other-owner.cms
	bundle_of "$S/conveyed-information-signed.cms" other-owner.cms "$S/ownership-voucher.cms" > o.json
	run --separate-stderr voucher-sign sztp verify -j -t "$S/vendor-ca.crt" o.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: owner-certificate: "* ]]
	[ "$(echo "$output" | check_result ownership-voucher)" = pass ]
	# conveyed-signature: signed by another key
	bundle_of "$S/conveyed-information-wrongsigner.cms" "$S/owner-certificate.cms" "$S/ownership-voucher.cms" > w.json
	run --separate-stderr voucher-sign sztp verify -j -t "$S/vendor-ca.crt" w.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: conveyed-signature: "* ]]
	[ "$(echo "$output" | check_result owner-certificate)" = pass ]
	# conveyed-type: signed content that is not redirect/onboarding information
	echo '{"ietf-voucher:voucher":{"serial-number":"X"}}' > notconveyed.json
	openssl cms -sign -binary -in notconveyed.json -signer "$S/owner.crt" -inkey "$S/owner.key" \
	    -nocerts -outform DER -econtent_type 1.2.840.113549.1.9.16.1.43 -nodetach -out nc.cms
	bundle_of nc.cms "$S/owner-certificate.cms" "$S/ownership-voucher.cms" > t.json
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" t.json
	[ "$status" -eq 1 ]
	[[ "$stderr" == "voucher-sign: conveyed-type: "* ]]
}

@test "sztp: artifacts that do not decode are exit 3; usage errors are exit 2" {
	head -c 100 "$S/ownership-voucher.cms" > trunc.cms
	bundle_of "$S/conveyed-information-signed.cms" "$S/owner-certificate.cms" trunc.cms > t.json
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" t.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: ownership-voucher"* ]]
	echo '{"ietf-sztp-bootstrap-server:output":{"conveyed-information":"not base64!"}}' > g.json
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" g.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: conveyed-information"* ]]
	echo '{"other":1}' > c.json
	run --separate-stderr voucher-sign sztp bundle --conveyed c.json -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: conveyed-information: "* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" --voucher "$S/ownership-voucher.cms"
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" -k "$S/owner.key" -c "$S/owner.crt"
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --voucher: "* ]]
	run --separate-stderr voucher-sign sztp bundle -k "$S/owner.key"
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign sztp verify g.json
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign sztp frob
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign sztp --help
	[ "$status" -eq 0 ]
	[[ "$stderr" == "usage: voucher-sign sztp bundle "* ]]
	# A key that is not the owner certificate's.
	run --separate-stderr voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" \
	    -k "$S/pdc.key" -c "$S/owner.crt" --voucher "$S/ownership-voucher.cms" -o out.json
	[ "$status" -eq 2 ]
	[ ! -e out.json ]
}

@test "sztp verify: XML conveyed information is printed as it is, with a final newline" {
	printf '<onboarding-information xmlns="urn:ietf:params:xml:ns:yang:ietf-sztp-conveyed-info">\n  <boot-image><os-name>DemoOS</os-name></boot-image>\n</onboarding-information>' > ci.xml
	{ cat ci.xml; echo; } > ci-nl.xml
	# signed, without and with a final newline in the document
	for f in ci.xml ci-nl.xml; do
		voucher-sign sztp bundle --xml --conveyed "$f" -k "$S/owner.key" -c "$S/owner.crt" \
		    --chain "$S/pdc.crt" --voucher "$S/ownership-voucher.cms" -o "$f.bundle"
		run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" --serial SZTP-DEV-0001 -o out.xml "$f.bundle"
		[ "$status" -eq 0 ]
		[ "$output" = "" ]
		cmp out.xml ci-nl.xml
		rm out.xml
		voucher-sign sztp verify -t "$S/vendor-ca.crt" "$f.bundle" | cmp - ci-nl.xml
		run --separate-stderr voucher-sign sztp verify -q -t "$S/vendor-ca.crt" "$f.bundle"
		[ "$status" -eq 0 ]
		[ "$output" = "" ]
	done
	# the .42 content type, cross-checked with openssl
	$PY -c 'import base64,json,sys
o=json.load(open(sys.argv[1]))["ietf-sztp-bootstrap-server:output"]
open("ci.der","wb").write(base64.b64decode(o["conveyed-information"]))' ci.xml.bundle
	openssl cms -verify -inform DER -in ci.der -noverify -binary -out signed.xml 2>/dev/null
	cmp signed.xml ci.xml
	# unsigned, from a trusted source
	voucher-sign sztp bundle --xml --conveyed ci.xml -o u.json
	run --separate-stderr voucher-sign sztp verify --trusted-source -t "$S/vendor-ca.crt" u.json
	[ "$status" -eq 0 ]
	printf '%s\n' "$output" | cmp - ci-nl.xml
	# a failed check prints nothing on stdout
	run --separate-stderr voucher-sign sztp verify -t "$S/vendor-ca.crt" u.json
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}
