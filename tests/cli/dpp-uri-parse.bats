#!/usr/bin/env bats
# dpp-uri parse and hash: input forms, output forms, strict and lenient.
load helpers

URI025='DPP:C:81/1,115/36;I:SN=4774LH2b4044;M:5254005828e5;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;'
HASH025=a85f7e51e2ca05f25e22705eb6cd0150fb6d4ffd14ca00dbe9679fe7a629f485

@test "parse prints name: value lines in a fixed order" {
	run --separate-stderr dpp-uri parse -u "$URI025"
	[ "$status" -eq 0 ]
	expected="curve: P-256
pkhash: $HASH025
chirp_hash: $(printf 'chirp' | cat - <(printf '%s' 'MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=' | base64 -d) | sha256sum | cut -d' ' -f1)
channels: 81/1:2412 115/36:5180
mac: 52:54:00:58:28:e5
info: SN=4774LH2b4044
version: 2
key: MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA="
	[ "$output" = "$expected" ]
}

@test "parse -j gives the same fields as JSON" {
	run --separate-stderr dpp-uri parse -j -u "$URI025"
	[ "$status" -eq 0 ]
	$PY - "$output" <<'PY'
import json, sys
o = json.loads(sys.argv[1])
assert o["curve"] == "P-256"
assert o["channels"] == [{"op_class": 81, "channel": 1, "freq": 2412},
                         {"op_class": 115, "channel": 36, "freq": 5180}], o
assert o["mac"] == "52:54:00:58:28:e5" and o["info"] == "SN=4774LH2b4044"
assert o["version"] == "2" and "host" not in o and "pkhash_as_given" not in o
PY
}

@test "parse reads a file, stdin and -, with one trailing newline" {
	printf '%s\n' "$URI025" > uri.txt
	[ "$(dpp-uri hash uri.txt | head -1)" = "pkhash: $HASH025" ]
	[ "$(dpp-uri hash < uri.txt | head -1)" = "pkhash: $HASH025" ]
	[ "$(dpp-uri hash - < uri.txt | head -1)" = "pkhash: $HASH025" ]
	printf '%s\r\n' "$URI025" | dpp-uri parse
}

@test "parse: two newlines are not one URI" {
	printf '%s\n\n' "$URI025" > uri.txt
	run --separate-stderr dpp-uri parse uri.txt
	[ "$status" -eq 3 ]
}

@test "parse: oversized input is malformed, naming stdin" {
	head -c 5000 /dev/zero | tr '\0' A > big.txt
	run --separate-stderr dpp-uri parse < big.txt
	[ "$status" -eq 3 ]
	[ "$stderr" = "dpp-uri: stdin: a URI is at most 4096 bytes" ]
}

@test "parse: truncated URIs are malformed" {
	for n in 4 10 40 100; do
		run --separate-stderr dpp-uri parse -u "${URI025:0:$n}"
		[ "$status" -eq 3 ]
		[[ "$stderr" == "dpp-uri: "* ]]
	done
}

@test "parse: missing file is exit 4" {
	run --separate-stderr dpp-uri parse nosuch.txt
	[ "$status" -eq 4 ]
	[[ "$stderr" == "dpp-uri: nosuch.txt: "* ]]
}

@test "parse: -u and a file together is a usage error" {
	run --separate-stderr dpp-uri parse -u "$URI025" x.txt
	[ "$status" -eq 2 ]
}

@test "strict rejects an uncompressed key; lenient warns and re-encodes" {
	u='DPP:K:MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEiLN+2Rk4tRlwl4CKYkSEdheJIEbZO5UBr9SPoPFI394A9ztpkSh4hKnJoz+OBpHxTUS1mBHp2CQtAQJwsNM+wA==;;'
	run --separate-stderr dpp-uri parse -u "$u"
	[ "$status" -eq 3 ]
	[[ "$stderr" == "dpp-uri: K: "* ]]
	run --separate-stderr dpp-uri parse --lenient -j -u "$u"
	[ "$status" -eq 0 ]
	[ "$stderr" = "dpp-uri: K: warning: uncompressed point re-encoded before hashing" ]
	[ "$(json_get pkhash_as_given <<<"$output")" = f2c175a5170e142b68ddbecec86d1af6f70aa81c8c600567de353f868c8ddbc8 ]
	[ "$(json_get pkhash <<<"$output")" != f2c175a5170e142b68ddbecec86d1af6f70aa81c8c600567de353f868c8ddbc8 ]
}

@test "every uri_vectors.json URI gets its verdict in both modes from the CLI" {
	$PY - "$OK_VECTORS/dpp/uri_vectors.json" <<'PY'
import json, subprocess, sys
bad = []
for v in json.load(open(sys.argv[1]))["vectors"]:
    strict = v["expected_by_source"]
    strict = "reject" if strict is None else strict.split()[0]
    for mode, want in (("strict", strict), ("lenient", v["hostapd_2_10_debian"])):
        args = ["dpp-uri", "parse", "-u", v["uri"]] + (["--lenient"] if mode == "lenient" else [])
        r = subprocess.run(args, capture_output=True)
        got = "accept" if r.returncode == 0 else "reject"
        if got != want or r.returncode not in (0, 3):
            bad.append((v["id"], mode, want, r.returncode, r.stderr))
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}

@test "hash of a public key file equals the hash of its URI" {
	uri=$(dpp-uri gen -K k.pem)
	dpp-uri key -f pub-pem -k k.pem -o pub.pem
	[ "$(dpp-uri hash -k pub.pem)" = "$(dpp-uri hash -u "$uri")" ]
	[ "$(dpp-uri hash -j -k k.pem | json_get pkhash)" = "$(dpp-uri parse -j -u "$uri" | json_get pkhash)" ]
}

@test "text output escapes control characters from a lenient parse" {
	k='MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA='
	printf 'DPP:V:2\npkhash: 0000;K:%s;;' "$k" > evil.uri
	run --separate-stderr dpp-uri parse --lenient evil.uri
	[ "$status" -eq 0 ]
	[ "$(grep -c '^pkhash: ' <<<"$output")" -eq 1 ]
	[[ "$output" == *'version: 2\x0apkhash: 0000'* ]]
}

@test "parse -L checks a file of URIs: NDJSON per good line, one message per bad" {
	dpp-uri gen -n 3 -o batch.ndjson
	$PY -c 'import json,sys
for l in open("batch.ndjson"): print(json.loads(l)["uri"])' > uris.txt
	printf 'DPP:K:;;\n' >> uris.txt
	head -c 5000 /dev/zero | tr '\0' A >> uris.txt
	printf '\n%s\n' "$URI025" >> uris.txt
	run --separate-stderr dpp-uri parse -L uris.txt
	[ "$status" -eq 3 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
	[ "$(sed -n 4p <<<"$output" | json_get line)" = 6 ]
	[ "$(sed -n 4p <<<"$output" | json_get pkhash)" = "$HASH025" ]
	[ "$(sed -n 1p <<<"$output" | json_get pkhash)" = "$(sed -n 1p batch.ndjson | json_get pkhash)" ]
	[ "$stderr" = "dpp-uri: line 4: K: empty public key
dpp-uri: line 5: uri: a URI is at most 4096 bytes" ]
}

@test "parse -L reads stdin; all good is exit 0; -u is refused" {
	printf '%s\n%s\n' "$URI025" "$URI025" | dpp-uri parse -L > out.ndjson
	[ "$(wc -l < out.ndjson)" -eq 2 ]
	run --separate-stderr dpp-uri parse -L -u "$URI025"
	[ "$status" -eq 2 ]
}
