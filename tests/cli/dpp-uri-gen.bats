#!/usr/bin/env bats
# dpp-uri gen: one device, and batches with -n.
load helpers

hexkey() { # hexkey INDEX FILE: writes a vector's RFC 5915 hex key
	vector_key "$1" ecprivatekey_der_hex > "$2"
}

@test "gen makes a 0600 PKCS#8 key and a URI that parses strictly" {
	run --separate-stderr dpp-uri gen -K dev.key
	[ "$status" -eq 0 ]
	[[ "$output" == DPP:K:*";;" ]]
	[ "$(mode_of dev.key)" = 600 ]
	head -1 dev.key | grep -qx -- '-----BEGIN PRIVATE KEY-----'
	dpp-uri parse -u "$output"
}

@test "gen from a known key reproduces wpa_supplicant's URI on every curve" {
	for i in 0 1 2 3 4 5; do
		hexkey "$i" key.hex
		want=$(vector_key "$i" uri_generated_by_wpa_supplicant_2_10)
		run --separate-stderr dpp-uri gen -k key.hex --dpp-version 2
		[ "$status" -eq 0 ]
		[ "$output" = "$want" ]
	done
}

@test "gen -j gives the URI with hashes that match the vector" {
	hexkey 0 key.hex
	run --separate-stderr dpp-uri gen -j -k key.hex
	[ "$status" -eq 0 ]
	[ "$(json_get pkhash <<<"$output")" = "$(vector_key 0 bootstrap_key_hash_sha256)" ]
	[ "$(json_get chirp_hash <<<"$output")" = "$(vector_key 0 chirp_hash_sha256)" ]
	[ "$(json_get curve <<<"$output")" = P-256 ]
}

@test "gen with every field writes them in canonical order" {
	hexkey 0 key.hex
	run --separate-stderr dpp-uri gen -k key.hex --info SN=1234 \
		--mac 02:00:00:00:00:01 --chan 81/1,6,11 --dpp-version 2
	[ "$status" -eq 0 ]
	k=$(vector_key 0 uri_generated_by_wpa_supplicant_2_10 | sed 's/.*K://; s/;;$//')
	[ "$output" = "DPP:C:81/1,6,11;M:020000000001;I:SN=1234;V:2;K:$k;;" ]
}

@test "gen on each curve: key curve and URI curve agree (openssl)" {
	for curve in P-256 P-384 P-521 BP-256 BP-384 BP-512; do
		rm -f k.pem
		uri=$(dpp-uri gen -c "$curve" -K k.pem)
		got=$(dpp-uri parse -j -u "$uri" | json_get curve)
		[ "$got" = "$curve" ]
		openssl pkey -in k.pem -noout -text | grep -q 'ASN1 OID'
	done
}

@test "gen: the URI's hash equals SHA-256 of the key's compressed SPKI (python)" {
	uri=$(dpp-uri gen -K k.pem)
	want=$($PY - k.pem <<'PY'
import sys, hashlib
from cryptography.hazmat.primitives import serialization as s
k = s.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
spki = k.public_key().public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
pt = k.public_key().public_bytes(s.Encoding.X962, s.PublicFormat.CompressedPoint)
# SPKI with a compressed point: SEQUENCE { AlgorithmIdentifier, BIT STRING }
algid = spki[2:2 + 2 + spki[3]]
bits = b'\x03' + bytes([len(pt) + 1, 0]) + pt
body = algid + bits
print(hashlib.sha256(b'\x30' + bytes([len(body)]) + body).hexdigest())
PY
)
	[ "$(dpp-uri hash -u "$uri" | sed -n 's/^pkhash: //p')" = "$want" ]
}

@test "gen refuses to overwrite a key without --force, and keeps it" {
	dpp-uri gen -K dev.key > /dev/null
	before=$(sha256sum dev.key)
	run --separate-stderr dpp-uri gen -K dev.key
	[ "$status" -eq 4 ]
	[[ "$stderr" == "dpp-uri: dev.key: file exists"* ]]
	[ "$(sha256sum dev.key)" = "$before" ]
	run --separate-stderr dpp-uri gen -K dev.key --force
	[ "$status" -eq 0 ]
	[ "$(sha256sum dev.key)" != "$before" ]
}

@test "gen --force never deletes an existing key when the URI cannot be written" {
	dpp-uri gen -K dev.key > /dev/null
	before=$(sha256sum dev.key)
	run --separate-stderr dpp-uri gen -K dev.key --force -o /nonexistent/uri.txt
	[ "$status" -eq 4 ]
	[ "$(sha256sum dev.key)" = "$before" ]
}

@test "gen: a key whose URI cannot reach its reader is not written" {
	run bash -c 'exec 3>&1; { sleep 0.3; dpp-uri gen -K kp.pem 2>/dev/null; echo "rc=$?" >&3; } | true'
	[ "$output" = "rc=4" ]
	assert_only_files
}

@test "gen: -K and -o on the same file is a usage error" {
	run --separate-stderr dpp-uri gen -K x -o x
	[ "$status" -eq 2 ]
	assert_only_files
	: > x
	ln -s x y
	run --separate-stderr dpp-uri gen -K x -o y --force
	[ "$status" -eq 2 ]
	[ ! -s x ]
}

@test "gen -o a special file writes through it" {
	run --separate-stderr dpp-uri gen -K k.pem -o /dev/stdout
	[ "$status" -eq 0 ]
	[[ "$output" == DPP:K:* ]]
	[ -c /dev/null ]
}

@test "gen --label writes the URI's QR label in the same process" {
	run --separate-stderr dpp-uri gen -K k.pem --label l.png -o u.txt
	[ "$status" -eq 0 ]
	[ "$(dpp-uri scan l.png)" = "$(cat u.txt)" ]
	dpp-uri gen -K k2.pem --label l.svg > /dev/null
	head -c 200 l.svg | grep -q '<svg'
}

@test "gen --label: bad name, batch, or a failure leaves nothing new" {
	run --separate-stderr dpp-uri gen -K k.pem --label l.gif
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: --label: "* ]]
	run --separate-stderr dpp-uri gen -n 2 --label l.png -o b.ndjson
	[ "$status" -eq 2 ]
	assert_only_files
	: > k.pem
	run --separate-stderr dpp-uri gen -K k.pem --label l.png -o u.txt
	[ "$status" -eq 4 ]
	assert_only_files k.pem
	mkdir ro && chmod 555 ro
	run --separate-stderr dpp-uri gen -K ro/k.pem --label l.png -o u.txt
	if [ "$(id -u)" -ne 0 ]; then
		[ "$status" -eq 4 ]
		assert_only_files k.pem ro
	fi
}

@test "gen without -K or -k is a usage error and writes nothing" {
	run --separate-stderr dpp-uri gen
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: -K: "* ]]
	assert_only_files
}

@test "gen: bad field values are malformed input naming the option; no key file" {
	for args in "--chan 81/0" "--chan 81/1," "--mac 01:02:03" "--info a;b" \
		"--dpp-version 9" "--host not-an-ip"; do
		run --separate-stderr dpp-uri gen -K dev.key $args
		[ "$status" -eq 3 ]
		opt=${args%% *}
		[[ "$stderr" == "dpp-uri: $opt: "* ]]
		assert_only_files
	done
}

@test "gen: bad curve name is a usage error" {
	run --separate-stderr dpp-uri gen -K k.pem -c P-999
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: -c: "* ]]
	assert_only_files
}

@test "gen: a malformed key file is exit 3 naming -k" {
	printf 'not a key\n' > bad.pem
	run --separate-stderr dpp-uri gen -k bad.pem
	[ "$status" -eq 3 ]
	[[ "$stderr" == "dpp-uri: -k: "* ]]
}

@test "gen: a missing key file is exit 4" {
	run --separate-stderr dpp-uri gen -k missing.pem
	[ "$status" -eq 4 ]
}

@test "gen -K - refuses a terminal" {
	run_tty dpp-uri gen -K - -o uri.txt
	[ "$status" -eq 2 ]
	[[ "$output" == *"refusing to write a private key to a terminal"* ]]
	assert_only_files
}

@test "gen -n writes NDJSON whose keys match their URIs (python cross-check)" {
	run --separate-stderr dpp-uri gen -n 20 -o batch.ndjson --mac 02:00:00:00:00:ff
	[ "$status" -eq 0 ]
	[[ "$stderr" == "dpp-uri: gen: 20 keys on P-256 in "* ]]
	[ "$(mode_of batch.ndjson)" = 600 ]
	[ "$(wc -l < batch.ndjson)" -eq 20 ]
	$PY - batch.ndjson <<'PY'
import sys, json, hashlib, base64
from cryptography.hazmat.primitives import serialization as s
seen = set()
for n, line in enumerate(open(sys.argv[1]), 1):
    rec = json.loads(line)
    assert rec["index"] == n
    key = s.load_der_private_key(bytes.fromhex(rec["key"]), None)
    k64 = rec["uri"].split("K:")[1][:-2]
    spki = base64.b64decode(k64, validate=True)
    assert hashlib.sha256(spki).hexdigest() == rec["pkhash"]
    assert hashlib.sha256(b"chirp" + spki).hexdigest() == rec["chirp_hash"]
    pub = s.load_der_public_key(spki)
    assert pub.public_numbers() == key.public_key().public_numbers()
    assert ("M:%s;" % (("020000000%03x" % (0xff + n - 1)))) in rec["uri"], rec["uri"]
    seen.add(rec["pkhash"])
assert len(seen) == 20
PY
}

@test "gen -n -d writes a directory of keys, URIs and an index" {
	run --separate-stderr dpp-uri gen -n 3 -d line1 --info SN=X
	[ "$status" -eq 0 ]
	[ "$(ls line1 | tr '\n' ' ')" = "000001.key 000001.uri 000002.key 000002.uri 000003.key 000003.uri index.ndjson " ]
	[ "$(mode_of line1/000002.key)" = 600 ]
	uri=$(cat line1/000002.uri)
	[ "$(dpp-uri hash -k line1/000002.key | head -1)" = "$(dpp-uri hash -u "$uri" | head -1)" ]
	! grep -q '"key":' line1/index.ndjson
	[ "$(sed -n 2p line1/index.ndjson | json_get key_file)" = 000002.key ]
}

@test "gen -n -d refuses an existing directory and changes nothing" {
	mkdir line1
	run --separate-stderr dpp-uri gen -n 3 -d line1
	[ "$status" -eq 4 ]
	[ -z "$(ls -A line1)" ]
	assert_only_files line1
}

@test "gen -n to a terminal is refused (keys in the stream)" {
	run_tty dpp-uri gen -n 2
	[ "$status" -eq 2 ]
	[[ "$output" == *"refusing to write a private key to a terminal"* ]]
}

@test "gen -n bounds: 0 and non-numbers are usage errors" {
	for n in 0 -1 abc 1000001 ""; do
		run --separate-stderr dpp-uri gen -n "$n" -o b.ndjson
		[ "$status" -eq 2 ]
		[[ "$stderr" == "dpp-uri: -n: "* ]]
	done
	assert_only_files
}

@test "gen -n: bad field values are refused before any output, naming the option" {
	run --separate-stderr dpp-uri gen -n 5 --info 'a;b' -o b.ndjson
	[ "$status" -eq 3 ]
	[[ "$stderr" == "dpp-uri: --info: "* ]]
	assert_only_files
}

@test "gen -n: a MAC run past the address space or into group addresses is refused" {
	run --separate-stderr dpp-uri gen -n 3 --mac ff:ff:ff:ff:ff:fe -o b.ndjson
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: --mac: "* ]]
	run --separate-stderr dpp-uri gen -n 3 --mac 00:ff:ff:ff:ff:ff -o b.ndjson
	[ "$status" -eq 2 ]
	run --separate-stderr dpp-uri gen -n 2 --mac 02:ff:ff:ff:ff:fe -o b.ndjson
	[ "$status" -eq 0 ]
}

@test "gen -n -o: an existing file is refused at once" {
	: > b.ndjson
	run --separate-stderr dpp-uri gen -n 1000000 -o b.ndjson
	[ "$status" -eq 4 ]
	[ ! -s b.ndjson ]
	assert_only_files b.ndjson
}

@test "gen -n: a signal stops the batch and leaves no key behind" {
	run --separate-stderr timeout --preserve-status -s TERM 0.5 dpp-uri gen -n 1000000 -d lot
	[ "$status" -eq 4 ]
	[[ "$stderr" == *"dpp-uri: gen: interrupted by signal 15 after "* ]]
	assert_only_files
	run --separate-stderr timeout --preserve-status -s INT 0.5 dpp-uri gen -n 1000000 -o b.ndjson
	[ "$status" -eq 4 ]
	assert_only_files
}

@test "gen: --pass without -k, and --force with -d, are usage errors" {
	run --separate-stderr dpp-uri gen -K k.pem --pass env:X
	[ "$status" -eq 2 ]
	run --separate-stderr dpp-uri gen -n 2 -d lot --force
	[ "$status" -eq 2 ]
	assert_only_files
}

@test "gen -n to a full stdout: exit 4 and no success summary" {
	run --separate-stderr sh -c 'dpp-uri gen -n 3 > /dev/full'
	[ "$status" -eq 4 ]
	[[ "$stderr" != *"keys on P-256"* ]]
}
