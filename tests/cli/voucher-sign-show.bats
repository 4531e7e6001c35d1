#!/usr/bin/env bats
# voucher-sign show: any voucher or request decoded, never verified, and
# labelled so.
load helpers

V8995=$OK_VECTORS/voucher/rfc8995
BANNER="UNVERIFIED: nothing here has been checked (use voucher-sign verify)"

@test "show: the RFC 8995 voucher in text, first line UNVERIFIED" {
	run --separate-stderr voucher-sign show "$V8995/voucher_00-D0-E5-F2-00-02.der"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$BANNER" ]
	[ "${lines[1]}" = "form: cms (der)" ]
	[ "${lines[2]}" = "content-type: 1.2.840.113549.1.7.1" ]
	[[ "${lines[3]}" == "signer: "* ]]
	[ "${lines[4]}" = "certificates: 1" ]
	[[ "${lines[5]}" == "certificate: "*" (not after "*")" ]]
	[ "${lines[6]}" = "content:" ]
	# The rest is the content, pretty-printed with two spaces.
	printf '%s\n' "${lines[@]:7}" | $PY -c 'import json,sys
a=json.load(sys.stdin); b=json.load(open(sys.argv[1])); assert a==b' "$V8995/voucher_00-D0-E5-F2-00-02.json"
	[ "${lines[8]}" = '  "ietf-voucher:voucher": {' ]
}

@test "show -j: the report with unverified: true and no verdict" {
	run --separate-stderr voucher-sign show -j "$V8995/voucher_00-D0-E5-F2-00-02.b64"
	[ "$status" -eq 0 ]
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["unverified"] is True and "verified" not in r
assert r["form"] == "cms" and r["encoding"] == "base64"
assert r["kind"] == "ietf-voucher:voucher"
assert r["content"]["ietf-voucher:voucher"]["serial-number"] == "00-D0-E5-F2-00-02"
assert r["checks"] == []'
}

@test "show: a voucher with a broken signature still shows (nothing is checked)" {
	make_test_pki
	test_voucher > v.json
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	flip_byte v.cms $(( $(stat -c %s v.cms) - 1 ))
	run --separate-stderr voucher-sign verify -t pki/root.crt v.cms
	[ "$status" -eq 1 ]
	run --separate-stderr voucher-sign show v.cms
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$BANNER" ]
	[[ "${lines[3]}" == "signer: "* ]]
	# The RFC 8995 tampered copy changed its content: that does not decode.
	run --separate-stderr voucher-sign show "$V8995/voucher_00-D0-E5-F2-00-02.tampered.der"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: assertion: "* ]]
}

@test "show: a registrar request shows its prior-signed request" {
	run --separate-stderr voucher-sign show "$V8995/parboiled_vr_00-D0-E5-F2-00-02.der"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$BANNER" ]
	[[ "$output" == *$'\nprior-signed-voucher-request:\n{\n  "ietf-voucher-request:voucher": {'* ]]
	run --separate-stderr voucher-sign show -j "$V8995/parboiled_vr_00-D0-E5-F2-00-02.der"
	echo "$output" | $PY -c 'import json,sys
r=json.load(sys.stdin)
assert r["prior-signed-voucher-request"]["ietf-voucher-request:voucher"]["serial-number"] == "00-D0-E5-F2-00-02"'
}

@test "show: JWS and COSE vouchers; text and JSON agree" {
	for f in jws/voucher.jws.json constrained-cose/voucher.cose rfc8366bis/voucher-8366bis.jws.json; do
		run --separate-stderr voucher-sign show "$OK_VECTORS/voucher/$f"
		[ "$status" -eq 0 ]
		[ "${lines[0]}" = "$BANNER" ]
		text=$output
		json=$(voucher-sign show -j "$OK_VECTORS/voucher/$f")
		form=$(echo "$json" | json_get form)
		[[ "$text" == *$'\n'"form: $form ("* ]]
		[[ "$text" == *$'\n'"certificates: $(echo "$json" | $PY -c 'import json,sys; print(len(json.load(sys.stdin)["certificates"]))')"$'\n'* ]]
	done
	run --separate-stderr voucher-sign show "$OK_VECTORS/voucher/constrained-cose/voucher.cose"
	[[ "$output" == *$'\nform: cose (cbor)\n'* ]]
	[[ "$output" == *'"serial-number": "JADA123456789"'* ]]
}

@test "show: input that does not decode is exit 3, nothing on stdout" {
	echo "hello" > junk
	run --separate-stderr voucher-sign show junk
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	run --separate-stderr voucher-sign show /nonexistent
	[ "$status" -eq 4 ]
	run --separate-stderr voucher-sign show a b
	[ "$status" -eq 2 ]
}
