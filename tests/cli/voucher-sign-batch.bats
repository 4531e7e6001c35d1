#!/usr/bin/env bats
# voucher-sign sign --batch: NDJSON in, one signed voucher per line or
# per file out, whole or not at all.
load helpers

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	make_test_pki
}

# make_lines N [SERIAL_FORMAT]: N bare voucher lines on stdout.
make_lines() {
	$PY - "$1" "${2:-SN-%04d}" <<'PY'
import base64, json, subprocess, sys
pdc = base64.b64encode(subprocess.run(["openssl", "x509", "-in", "pki/domain-ca.crt",
    "-outform", "DER"], capture_output=True, check=True).stdout).decode()
for i in range(1, int(sys.argv[1]) + 1):
    print(json.dumps({"assertion": "logged", "serial-number": sys.argv[2] % i,
        "pinned-domain-cert": pdc}, separators=(",", ":")))
PY
}

BATCH="sign --batch -k pki/masa.key -c pki/masa-chain.pem"

@test "batch: 1000 vouchers as NDJSON; every record well formed, a sample verified" {
	make_lines 1000 > in.ndjson
	run --separate-stderr voucher-sign $BATCH --signing-time 2026-01-01T00:00:00Z in.ndjson
	[ "$status" -eq 0 ]
	[[ "$stderr" =~ ^voucher-sign:\ sign:\ 1000\ vouchers\ \(cms\)\ in\ [0-9.]+\ s\ \([0-9]+/s\)$ ]]
	echo "$output" > out.ndjson
	[ "$(wc -l < out.ndjson)" -eq 1000 ]
	# Every record: its line, serial, form, and a CMS whose content is
	# that line's voucher; the certificates are the chain.
	$PY - out.ndjson <<'PY'
import base64, json, sys
for n, text in enumerate(open(sys.argv[1]), 1):
    r = json.loads(text)
    assert list(r) == ["line", "serial-number", "form", "voucher"], r.keys()
    assert r["line"] == n and r["serial-number"] == "SN-%04d" % n and r["form"] == "cms"
    der = base64.b64decode(r["voucher"], validate=True)
    assert der[0] == 0x30
    assert ('"serial-number":"SN-%04d"' % n).encode() in der
    assert b'"created-on":"' in der   # defaulted to the batch start
    if n % 50 == 0:
        open("s%04d.cms" % n, "wb").write(der)
PY
	for f in s*.cms; do
		run --separate-stderr voucher-sign verify -t pki/root.crt --serial "SN-${f:1:4}" "$f"
		[ "$status" -eq 0 ]
	done
	openssl cms -verify -inform DER -in s0050.cms -CAfile pki/root.crt -purpose any -binary -out /dev/null 2>/dev/null
}

@test "batch -d: 1000 files named by serial and an index; a sample verified" {
	make_lines 1000 > in.ndjson
	run --separate-stderr voucher-sign $BATCH -d lot < in.ndjson
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
	[ "$(ls lot | wc -l)" -eq 1001 ]
	[ "$(wc -l < lot/index.ndjson)" -eq 1000 ]
	[ "$(sed -n 7p lot/index.ndjson)" = '{"line":7,"serial-number":"SN-0007","file":"SN-0007.cms"}' ]
	for n in 0001 0250 0500 0750 1000; do
		run --separate-stderr voucher-sign verify -t pki/root.crt --serial "SN-$n" "lot/SN-$n.cms"
		[ "$status" -eq 0 ]
		[[ "$output" == *"\"serial-number\":\"SN-$n\""* ]]
	done
	# An existing directory is refused and left alone.
	run --separate-stderr voucher-sign $BATCH -d lot < in.ndjson
	[ "$status" -eq 4 ]
	[ "$(ls lot | wc -l)" -eq 1001 ]
}

@test "batch: JWS and COSE forms, armor in -d, requests with -r" {
	make_lines 3 > in.ndjson
	voucher-sign $BATCH -f jws -o j.ndjson in.ndjson 2>/dev/null
	$PY -c 'import json,sys
for l in open("j.ndjson"):
    r=json.loads(l); assert r["form"]=="jws" and isinstance(r["voucher"],dict) and "signatures" in r["voucher"]
    json.dump(r["voucher"], open("j%d.jws" % r["line"], "w"))'
	voucher-sign verify -q -t pki/root.crt j2.jws
	voucher-sign $BATCH -f cose -d c 2>/dev/null < in.ndjson
	voucher-sign verify -q -t pki/root.crt c/SN-0003.cose
	voucher-sign $BATCH -A -d a 2>/dev/null < in.ndjson
	[ "$(head -1 a/SN-0001.cms)" = "-----BEGIN CMS-----" ]
	voucher-sign verify -q -t pki/root.crt a/SN-0001.cms
	echo '{"serial-number":"R-1","created-on":"2026-01-01T00:00:00Z"}' > r.ndjson
	voucher-sign $BATCH -r -d req 2>/dev/null < r.ndjson
	run --separate-stderr voucher-sign verify -t pki/root.crt --expect request req/R-1.cms
	[ "$status" -eq 0 ]
	[ "$output" = '{"ietf-voucher-request:voucher":{"created-on":"2026-01-01T00:00:00Z","serial-number":"R-1"}}' ]
	# Wrapped lines name their own kind.
	printf '{"ietf-voucher-request:voucher":{"serial-number":"W-1"}}\n' > w.ndjson
	voucher-sign $BATCH -d wr 2>/dev/null < w.ndjson
	voucher-sign verify -q -t pki/root.crt --expect request wr/W-1.cms
}

@test "batch: a bad line 3 is exit 3 naming it; nothing written anywhere" {
	make_lines 5 > in.ndjson
	sed -i '3s/"logged"/"sometimes"/' in.ndjson
	run --separate-stderr voucher-sign $BATCH -o out.ndjson in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: assertion: "* ]]
	run --separate-stderr voucher-sign $BATCH -d lot in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: "* ]]
	run --separate-stderr voucher-sign $BATCH in.ndjson
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	assert_only_files pki in.ndjson
	# Malformed JSON, a blank line, an unknown leaf, a YANG rule.
	make_lines 4 > in.ndjson
	sed -i '3s/.*/{"serial-number":/' in.ndjson
	run --separate-stderr voucher-sign $BATCH -o out.ndjson in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: "*"JSON"* ]]
	make_lines 4 > in.ndjson
	sed -i '3s/.*//' in.ndjson
	run --separate-stderr voucher-sign $BATCH -o out.ndjson in.ndjson
	[ "$status" -eq 3 ]
	[ "$stderr" = "voucher-sign: line 3: blank line" ]
	make_lines 4 > in.ndjson
	sed -i '3s/"assertion"/"colour":"red","assertion"/' in.ndjson
	run --separate-stderr voucher-sign $BATCH -o out.ndjson in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: "*"colour"* ]]
	make_lines 4 > in.ndjson
	sed -i '3s/"assertion":"logged",//' in.ndjson
	run --separate-stderr voucher-sign $BATCH -o out.ndjson in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: assertion: missing"* ]]
	assert_only_files pki in.ndjson
	# ... which --relax allows, with a warning naming the line.
	run --separate-stderr voucher-sign $BATCH --relax mandatory -o out.ndjson in.ndjson
	[ "$status" -eq 0 ]
	[[ "$stderr" == "voucher-sign: line 3: warning: assertion: missing"* ]]
	[ "$(wc -l < out.ndjson)" -eq 4 ]
}

@test "batch -d: serial-numbers become safe file names; a duplicate is exit 3" {
	make_lines 2 'a/b c%d' > in.ndjson
	voucher-sign $BATCH -d lot < in.ndjson 2>/dev/null
	[ -f "lot/a_b_c1.cms" ] && [ -f "lot/a_b_c2.cms" ]
	[ "$(sed -n 1p lot/index.ndjson)" = '{"line":1,"serial-number":"a/b c1","file":"a_b_c1.cms"}' ]
	make_lines 3 'x/%d' > in.ndjson
	sed -i '3s/x\/3/x_1/' in.ndjson
	run --separate-stderr voucher-sign $BATCH -d dup in.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: line 3: serial-number: "*"x_1.cms"* ]]
	[ ! -e dup ]
	# Without -d a duplicate is fine (no file names).
	voucher-sign $BATCH -o ok.ndjson in.ndjson 2>/dev/null
	[ "$(wc -l < ok.ndjson)" -eq 3 ]
}

@test "batch: option combinations" {
	make_lines 1 > in.ndjson
	run --separate-stderr voucher-sign $BATCH -d lot -o x in.ndjson
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign $BATCH -A in.ndjson
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign sign -k pki/masa.key -c pki/masa.crt -d lot in.ndjson
	[ "$status" -eq 2 ]
	run --separate-stderr voucher-sign $BATCH -o out.ndjson /nonexistent
	[ "$status" -eq 4 ]
	assert_only_files pki in.ndjson
}

@test "batch: a signal stops the batch, exit 4, nothing kept" {
	make_lines 1 > one.ndjson
	run --separate-stderr sh -c "yes '$(cat one.ndjson)' | head -n 1000000 | \
	    timeout --preserve-status -s TERM 0.5 voucher-sign $BATCH -o b.ndjson"
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"voucher-sign: sign: interrupted by signal 15 after "* ]]
	assert_only_files pki one.ndjson
	run --separate-stderr sh -c "yes '$(cat one.ndjson)' | head -n 1000000 | \
	    timeout --preserve-status -s INT 0.5 voucher-sign $BATCH"
	[ "$status" -eq 4 ]
	[ "$output" = "" ]
}

@test "batch: a full stdout is exit 4 with no success summary" {
	make_lines 3 > in.ndjson
	run --separate-stderr sh -c "voucher-sign $BATCH in.ndjson > /dev/full"
	[ "$status" -eq 4 ]
	[[ "$stderr" != *"vouchers (cms)"* ]]
}
