#!/usr/bin/env bats
# voucher-sign create: vouchers and voucher-requests from options,
# templates and certificates; the YANG rules and their relaxation.
load helpers

V8995=$OK_VECTORS/voucher/rfc8995

# base64 of a PEM certificate's DER, one line.
cert_b64() {
	openssl x509 -in "$1" -outform DER | base64 -w0
}

@test "create: exact bytes, leaves in SID order whatever the option order" {
	pdc=$(cert_b64 "$V8995/jrc_prime256v1.crt")
	run --separate-stderr voucher-sign create --serial-number 00-D0-E5-F2-00-02 \
	    --pinned-domain-cert "$V8995/jrc_prime256v1.crt" --expires-on 2026-06-01T00:00:00Z \
	    --domain-cert-revocation-checks false --assertion verified \
	    --created-on 2026-01-01T00:00:00Z --est-domain https://est.example.com/
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	want='{"ietf-voucher:voucher":{"assertion":"verified","created-on":"2026-01-01T00:00:00Z","domain-cert-revocation-checks":false,"expires-on":"2026-06-01T00:00:00Z","pinned-domain-cert":"'$pdc'","serial-number":"00-D0-E5-F2-00-02","est-domain":"https://est.example.com/"}}'
	[ "$output" = "$want" ]
	# -o writes the same bytes plus the newline.
	voucher-sign create --serial-number 00-D0-E5-F2-00-02 \
	    --pinned-domain-cert "$V8995/jrc_prime256v1.crt" --expires-on 2026-06-01T00:00:00Z \
	    --domain-cert-revocation-checks false --assertion verified \
	    --created-on 2026-01-01T00:00:00Z --est-domain https://est.example.com/ -o v.json
	printf '%s\n' "$want" | cmp - v.json
}

@test "create -r: a voucher-request with its own leaves" {
	prc=$(cert_b64 "$V8995/jrc_prime256v1.crt")
	run --separate-stderr voucher-sign create -r --created-on 2021-04-13T17:43:23.747-04:00 \
	    --assertion proximity --serial-number 00-D0-E5-F2-00-02 \
	    --nonce -_XE9zK9q8Ll1qylMtLKeg --proximity-registrar-cert "$V8995/jrc_prime256v1.crt"
	[ "$status" -eq 0 ]
	want='{"ietf-voucher-request:voucher":{"assertion":"proximity","created-on":"2021-04-13T17:43:23.747-04:00","nonce":"-_XE9zK9q8Ll1qylMtLKeg","proximity-registrar-cert":"'$prc'","serial-number":"00-D0-E5-F2-00-02"}}'
	[ "$output" = "$want" ]
	# The RFC 8995 example request holds the same leaves (in its own order).
	$PY - "$V8995/vr_00-D0-E5-F2-00-02.json" "$output" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
b = json.loads(sys.argv[2])
assert a == b, (a, b)
PY
}

@test "create: times: offsets kept, now and @N formatted UTC, none leaves it out" {
	run --separate-stderr voucher-sign create --created-on @1618358400 --assertion logged \
	    --serial-number S --pinned-domain-cert "$V8995/jrc_prime256v1.crt" \
	    --expires-on 2099-12-31T23:59:59.5+02:00
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | $PY -c 'import json,sys; v=json.load(sys.stdin)["ietf-voucher:voucher"]; print(v["created-on"], v["expires-on"])')" = \
	    "2021-04-14T00:00:00Z 2099-12-31T23:59:59.5+02:00" ]
	before=$(date -u +%s)
	out=$(voucher-sign create --assertion logged --serial-number S --pinned-domain-cert "$V8995/jrc_prime256v1.crt")
	after=$(date -u +%s)
	created=$(echo "$out" | $PY -c 'import json,sys; print(json.load(sys.stdin)["ietf-voucher:voucher"]["created-on"])')
	[[ "$created" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]]
	t=$(date -u -d "$created" +%s)
	[ "$t" -ge "$before" ] && [ "$t" -le "$after" ]
	out=$(voucher-sign create -r --created-on none --serial-number S)
	[ "$out" = '{"ietf-voucher-request:voucher":{"serial-number":"S"}}' ]
}

@test "create --idevid: serial-number from the subject; a request also gets idevid-issuer" {
	idevid=$V8995/idevid_00-D0-E5-F2-00-02.embedded-in-vr.crt
	run --separate-stderr voucher-sign create --idevid "$idevid" --created-on none \
	    --assertion logged --pinned-domain-cert "$V8995/jrc_prime256v1.crt" --relax mandatory
	[ "$status" -eq 0 ]
	[ "$(echo "$output" | $PY -c 'import json,sys; v=json.load(sys.stdin)["ietf-voucher:voucher"]; print(v["serial-number"], "idevid-issuer" in v)')" = \
	    "00-D0-E5-F2-00-02 False" ]
	# That certificate has no AuthorityKeyIdentifier: a request cannot get
	# its idevid-issuer from it.
	run --separate-stderr voucher-sign create -r --idevid "$idevid" --created-on none -o r.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: idevid-issuer: "*"AuthorityKeyIdentifier"* ]]
	[ ! -e r.json ]
	make_test_pki
	run --separate-stderr voucher-sign create -r --idevid pki/idevid.crt --created-on none
	[ "$status" -eq 0 ]
	# idevid-issuer is the AKI extnValue, OCTET STRING wrapped (04 18 30 16 80 14 ...),
	# as python-cryptography reads it from the certificate.
	$PY - pki/idevid.crt "$output" <<'PY'
import base64, json, sys
from cryptography import x509
cert = x509.load_pem_x509_certificate(open(sys.argv[1], 'rb').read())
aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value.public_bytes()
want = bytes([0x04, len(aki)]) + aki
v = json.loads(sys.argv[2])["ietf-voucher-request:voucher"]
assert v["serial-number"] == "PLEDGE-0001", v
assert base64.b64decode(v["idevid-issuer"], validate=True) == want, v
assert want[:6] == bytes.fromhex("041830168014")
PY
	# An option overrides what the IDevID gave.
	out=$(voucher-sign create -r --idevid pki/idevid.crt --created-on none --serial-number OTHER)
	[[ "$out" == *'"serial-number":"OTHER"'* ]]
}

@test "create -T: template leaves are the start, options override, kind from the wrapper" {
	run --separate-stderr voucher-sign create -T "$V8995/voucher_00-D0-E5-F2-00-02.json" \
	    --serial-number NEW-SERIAL --nonce random
	[ "$status" -eq 0 ]
	$PY - "$V8995/voucher_00-D0-E5-F2-00-02.json" "$output" <<'PY'
import json, re, sys
t = json.load(open(sys.argv[1]))["ietf-voucher:voucher"]
v = json.loads(sys.argv[2])["ietf-voucher:voucher"]
assert v["serial-number"] == "NEW-SERIAL"
assert re.fullmatch(r"[A-Za-z0-9_-]{22}", v["nonce"]), v["nonce"]
assert v["nonce"] != t["nonce"]
for k in t:
    if k not in ("serial-number", "nonce"):
        assert v[k] == t[k], k
assert set(v) == set(t)
# created-on kept exactly as the template wrote it
assert v["created-on"] == "2021-04-13T17:43:24.589-04:00"
PY
	# A request template makes a request; -r agrees with it.
	voucher-sign create -T "$V8995/vr_00-D0-E5-F2-00-02.json" > r1.json
	voucher-sign create -r -T "$V8995/vr_00-D0-E5-F2-00-02.json" > r2.json
	cmp r1.json r2.json
	grep -q '^{"ietf-voucher-request:voucher":' r1.json
	# -r with a voucher template is a usage error.
	run --separate-stderr voucher-sign create -r -T "$V8995/voucher_00-D0-E5-F2-00-02.json" -o out.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"-r: the template is an ietf-voucher:voucher"* ]]
	[ ! -e out.json ]
}

@test "create: a template with an unknown leaf is exit 3 naming it" {
	echo '{"ietf-voucher:voucher":{"serial-number":"X","colour":"blue"}}' > t.json
	run --separate-stderr voucher-sign create -T t.json -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == *"colour"* ]]
	[ ! -e out.json ]
}

@test "create: a leaf not in the kind is exit 2 naming the option" {
	run --separate-stderr voucher-sign create --serial-number X \
	    --proximity-registrar-cert "$V8995/jrc_prime256v1.crt" -o out.json
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --proximity-registrar-cert: not a leaf of ietf-voucher:voucher"* ]]
	[ ! -e out.json ]
}

@test "create: each YANG rule violated is exit 3 naming the leaf; --relax makes it a warning" {
	pdc=$V8995/jrc_prime256v1.crt
	# mandatory (voucher: assertion, serial-number, a pinned-domain leaf)
	run --separate-stderr voucher-sign create --assertion logged --pinned-domain-cert "$pdc" -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: serial-number: missing"*"--relax mandatory"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign create --assertion logged --serial-number S -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: pinned-domain-cert: missing"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign create --serial-number S --pinned-domain-cert "$pdc" -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: assertion: missing"* ]]
	run --separate-stderr voucher-sign create -r --created-on none -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: serial-number: missing"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign create --assertion logged --pinned-domain-cert "$pdc" --relax mandatory -o out.json
	[ "$status" -eq 0 ]
	[[ "$stderr" == "voucher-sign: warning: serial-number: missing"*"relaxed"* ]]
	[ -s out.json ]
	rm out.json
	# nonce-expires
	run --separate-stderr voucher-sign create --assertion logged --serial-number S \
	    --pinned-domain-cert "$pdc" --nonce abc --expires-on 2030-01-01T00:00:00Z -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: expires-on: not allowed with nonce"*"--relax nonce-expires"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign create --assertion logged --serial-number S --relax nonce-expires \
	    --pinned-domain-cert "$pdc" --nonce abc --expires-on 2030-01-01T00:00:00Z
	[ "$status" -eq 0 ]
	[[ "$stderr" == "voucher-sign: warning: expires-on: not allowed with nonce"* ]]
	[[ "$output" == *'"expires-on":"2030-01-01T00:00:00Z","nonce":"abc"'* ]]
	# renewal-expires
	run --separate-stderr voucher-sign create --assertion logged --serial-number S \
	    --pinned-domain-cert "$pdc" --last-renewal-date 2030-01-01T00:00:00Z -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: last-renewal-date: requires expires-on"*"--relax renewal-expires"* ]]
	[ ! -e out.json ]
	run --separate-stderr voucher-sign create --assertion logged --serial-number S --relax renewal-expires \
	    --pinned-domain-cert "$pdc" --last-renewal-date 2030-01-01T00:00:00Z
	[ "$status" -eq 0 ]
	[[ "$stderr" == "voucher-sign: warning: last-renewal-date: requires expires-on"* ]]
	# an unknown rule is a usage error
	run --separate-stderr voucher-sign create --relax everything --serial-number S
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --relax:"* ]]
}

@test "create: public-key leaves from a certificate or a public key file" {
	pdc=$V8995/jrc_prime256v1.crt
	openssl x509 -in "$pdc" -pubkey -noout > pub.pem
	spki=$(openssl pkey -pubin -in pub.pem -outform DER | base64 -w0)
	hash=$(openssl pkey -pubin -in pub.pem -outform DER | openssl dgst -sha256 -binary | base64 -w0)
	a=$(voucher-sign create --assertion logged --serial-number S --created-on 2026-01-01T00:00:00Z --pinned-domain-pubk "$pdc")
	b=$(voucher-sign create --assertion logged --serial-number S --created-on 2026-01-01T00:00:00Z --pinned-domain-pubk pub.pem)
	[ "$a" = "$b" ]
	[ "$a" = '{"ietf-voucher:voucher":{"assertion":"logged","created-on":"2026-01-01T00:00:00Z","pinned-domain-pubk":"'$spki'","serial-number":"S"}}' ]
	c=$(voucher-sign create --assertion logged --serial-number S --created-on 2026-01-01T00:00:00Z --pinned-domain-pubk-sha256 pub.pem)
	[ "$c" = '{"ietf-voucher:voucher":{"assertion":"logged","created-on":"2026-01-01T00:00:00Z","pinned-domain-pubk-sha256":"'$hash'","serial-number":"S"}}' ]
}

@test "create: bad leaf values are exit 3 naming the leaf or option" {
	run --separate-stderr voucher-sign create --serial-number S --assertion maybe -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: assertion: "* ]]
	run --separate-stderr voucher-sign create --serial-number S --domain-cert-revocation-checks yes -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: domain-cert-revocation-checks: "* ]]
	run --separate-stderr voucher-sign create -r --serial-number S --expires-on tomorrow -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: --expires-on: "* ]]
	run --separate-stderr voucher-sign create -r --serial-number S --manufacturer-proprietary '{"a":' -o out.json
	[ "$status" -eq 3 ]
	[[ "$stderr" == "voucher-sign: manufacturer-proprietary: "* ]]
	run --separate-stderr voucher-sign create --serial-number S --pinned-domain-cert /nonexistent.crt -o out.json
	[ "$status" -eq 4 ]
	[[ "$stderr" == "voucher-sign: /nonexistent.crt: "* ]]
	[ ! -e out.json ]
}

@test "voucher-sign: --version, --help, verb --help, unknown verb" {
	run --separate-stderr voucher-sign --version
	[ "$status" -eq 0 ]
	[ "$output" = "voucher-sign (onboardkit) 0.1.0" ]
	run --separate-stderr voucher-sign --help
	[ "$status" -eq 0 ]
	for verb in create sign verify show "sztp bundle" "sztp verify"; do
		[[ "$stderr" == *"voucher-sign $verb "* ]]
	done
	run --separate-stderr voucher-sign create --help
	[ "$status" -eq 0 ]
	[[ "$stderr" == "usage: voucher-sign create "* ]]
	run --separate-stderr voucher-sign sigm
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"did you mean 'sign'"* ]]
	run --separate-stderr voucher-sign create --frobnicate
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --frobnicate: unknown option"* ]]
}
