#!/usr/bin/env bats
# voucher-sign -o FILE and --force, on every verb that writes a file: an
# existing file is exit 4 and left as it was, --force replaces it (as
# dpp-uri does); usage text and man page SYNOPSIS say the same.
load helpers

S=$OK_VECTORS/voucher/sztp

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	make_test_pki
	test_voucher > v.json
}

# refused_then_forced FILE EXPECTED CMD...: CMD -o FILE onto an existing
# FILE is exit 4 naming it, FILE unchanged; CMD --force -o FILE replaces
# it, and then FILE is byte for byte EXPECTED.
refused_then_forced() {
	local file=$1 expected=$2
	shift 2
	printf 'old content\n' > "$file"
	run --separate-stderr "$@" -o "$file"
	[ "$status" -eq 4 ]
	# (after any warnings)
	[[ "$stderr" == *"voucher-sign: $file: file exists (use --force to replace it)" ]]
	[ "$output" = "" ]
	[ "$(cat "$file")" = "old content" ]
	run --separate-stderr "$@" --force -o "$file"
	[ "$status" -eq 0 ]
	cmp "$file" "$expected"
}

@test "create -o: an existing file is exit 4 and kept; --force replaces it" {
	test_voucher PLEDGE-0002 > want.json
	refused_then_forced out.json want.json \
	    voucher-sign create --created-on 2026-01-01T00:00:00Z --assertion logged \
	    --serial-number PLEDGE-0002 --pinned-domain-cert pki/domain-ca.crt
	# no file left beside it
	assert_only_files pki v.json want.json out.json
}

@test "sign -o: an existing file is exit 4 and kept; --force replaces it" {
	voucher-sign sign -f jws -k pki/masa.key -c pki/masa-chain.pem v.json > want.jws
	printf 'old content\n' > v.jws
	run --separate-stderr voucher-sign sign -f jws -k pki/masa.key -c pki/masa-chain.pem -o v.jws v.json
	[ "$status" -eq 4 ]
	[ "$stderr" = "voucher-sign: v.jws: file exists (use --force to replace it)" ]
	[ "$(cat v.jws)" = "old content" ]
	voucher-sign sign --force -f jws -k pki/masa.key -c pki/masa-chain.pem -o v.jws v.json
	voucher-sign verify -t pki/root.crt v.jws | cmp - v.json
	# binary CMS too
	printf 'old content\n' > v.cms
	run --separate-stderr voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	[ "$status" -eq 4 ]
	[ "$(cat v.cms)" = "old content" ]
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem --force -o v.cms v.json
	[ "$(head -c1 v.cms | od -An -tx1 | tr -d ' ')" = 30 ]
	voucher-sign verify -t pki/root.crt v.cms | cmp - v.json
}

@test "sign --batch: -o onto an existing file is exit 4; --force with -d is a usage error" {
	for s in A B C; do
		test_voucher "BATCH-$s" | tr -d '\n'
		echo
	done > lot.ndjson
	printf 'old content\n' > out.ndjson
	run --separate-stderr voucher-sign sign --batch -k pki/masa.key -c pki/masa-chain.pem -o out.ndjson lot.ndjson
	[ "$status" -eq 4 ]
	[[ "$stderr" == "voucher-sign: out.ndjson: file exists (use --force to replace it)" ]]
	[ "$(cat out.ndjson)" = "old content" ]
	run --separate-stderr voucher-sign sign --batch --force -k pki/masa.key -c pki/masa-chain.pem -d lot lot.ndjson
	[ "$status" -eq 2 ]
	[[ "$stderr" == "voucher-sign: --force: -d always makes a new directory"* ]]
	[ ! -e lot ]
}

@test "sign --batch --force -o: replaces an existing file" {
	for s in A B C; do
		test_voucher "BATCH-$s" | tr -d '\n'
		echo
	done > lot.ndjson
	printf 'old content\n' > out.ndjson
	run --separate-stderr voucher-sign sign --batch --force -k pki/masa.key -c pki/masa-chain.pem -o out.ndjson lot.ndjson
	[ "$status" -eq 0 ]
	[ "$(wc -l < out.ndjson)" -eq 3 ]
	[ "$(sed -n 3p out.ndjson | json_get serial-number)" = BATCH-C ]
}

@test "verify -o: an existing file is exit 4 and kept; --force replaces it (content and -j report)" {
	voucher-sign sign -k pki/masa.key -c pki/masa-chain.pem -o v.cms v.json
	refused_then_forced out.json v.json voucher-sign verify -t pki/root.crt v.cms
	# One fixed --at: the report names the time it checked at, which
	# would differ when a second passes between the two runs.
	at=@$(date +%s)
	voucher-sign verify -j --at "$at" -t pki/root.crt v.cms > want-report.json
	refused_then_forced report.json want-report.json \
	    voucher-sign verify -j --at "$at" -t pki/root.crt v.cms
	# exit 1 with -j: the report is still written, and replaced with --force
	printf 'old content\n' > fail.json
	run --separate-stderr voucher-sign verify -j -t pki/other-ca.crt --force -o fail.json v.cms
	[ "$status" -eq 1 ]
	[ "$(json_get verified < fail.json)" = false ]
}

@test "sztp bundle -o and sztp verify -o: exit 4 and kept; --force replaces" {
	voucher-sign sztp bundle --conveyed "$S/conveyed-information.json" > want.json
	refused_then_forced b.json want.json voucher-sign sztp bundle --conveyed "$S/conveyed-information.json"
	voucher-sign sztp verify --trusted-source -t "$S/vendor-ca.crt" b.json > conveyed.json 2>/dev/null
	refused_then_forced c.json conveyed.json \
	    voucher-sign sztp verify --trusted-source -t "$S/vendor-ca.crt" b.json
}

# The usage of every verb, one synopsis per entry, spaces normalised.
usage_entries() {
	voucher-sign --help 2>&1 | $PY -c '
import re, sys
entries = []
for line in sys.stdin.read().splitlines()[1:]:
    if re.match(r"(usage: |\s+)voucher-sign ", line):
        entries.append(re.sub(r"^(usage: |\s+)", "", line))
    else:
        entries[-1] += " " + line.strip()
for e in entries:
    if e != "voucher-sign --help | --version":
        print(re.sub(r"\s*\|\s*", "|", re.sub(r"\s+", " ", e)))'
}

@test "usage: the man page SYNOPSIS says exactly what --help says" {
	command -v mandoc || skip "mandoc is not installed"
	usage_entries > usage.txt
	mandoc -T ascii "$OK_TOP/man/voucher-sign.1" | col -b | $PY -c '
import re, sys
text = sys.stdin.read()
syn = text.split("SYNOPSIS\n", 1)[1].split("\nDESCRIPTION", 1)[0]
entries = []
for line in syn.strip("\n").splitlines():
    if line.startswith("     voucher-sign"):
        entries.append(line.strip())
    else:
        entries[-1] += " " + line.strip()
for e in entries:
    print(re.sub(r"\s*\|\s*", "|", re.sub(r"\s+", " ", e)))' > man.txt
	diff -u man.txt usage.txt
	[ "$(wc -l < usage.txt)" -eq 7 ]
}

@test "usage: each verb lists exactly the options of its getopt table" {
	usage_entries > usage.txt
	$PY - "$OK_TOP/cmd/voucher-sign" usage.txt <<'PY'
import re, sys
src, usage = sys.argv[1], open(sys.argv[2]).read().splitlines()

def table(path, name):
    text = open(path).read()
    body = re.search(r"struct option %s\[\] = \{(.*?)\n\};" % name, text, re.S).group(1)
    opts = set()
    for long, val in re.findall(r'\{ "([a-z0-9-]+)", \w+, NULL, (\'.\'|\w+) \}', body):
        if long != "help":
            opts.add("-" + val[1] if val.startswith("'") else "--" + long)
    return opts

def listed(prefix):
    opts = set()
    for entry in usage:
        if entry.startswith("voucher-sign " + prefix + " ") or entry == "voucher-sign " + prefix:
            opts |= set(re.findall(r"(?<![\w-])(--?[a-zA-Z][a-z0-9-]*)", entry[len(prefix) + 13:]))
    return opts

verbs = {
    "create": (table(src + "/create.c", "fixed_options") | {"--leaf"}),
    "sign": table(src + "/sign.c", "sign_options"),
    "verify": table(src + "/verify.c", "verify_options"),
    "show": table(src + "/show.c", "show_options"),
    "sztp bundle": table(src + "/sztp.c", "bundle_options"),
    "sztp verify": table(src + "/sztp.c", "check_options"),
}
bad = False
for verb, accepted in verbs.items():
    shown = listed(verb)
    if shown != accepted:
        bad = True
        print("%s: not in usage: %s; not accepted: %s" % (verb,
            sorted(accepted - shown), sorted(shown - accepted)))
sys.exit(1 if bad else 0)
PY
}
