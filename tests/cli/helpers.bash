# Shared set-up for the command-line tests (bats).
bats_require_minimum_version 1.5.0
# OK_BIN, OK_TOP and OK_VECTORS come from `make check`.

: "${OK_TOP:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${OK_BIN:=$OK_TOP/build/bin}"
: "${OK_VECTORS:=$OK_TOP/tests/vectors}"
PY=/usr/bin/python3 # Debian's, with python3-cryptography

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
}

teardown() {
	cd /
	rm -rf "$WORK"
}

# A field of bootstrap_keys.json: vector_key INDEX FIELD
vector_key() {
	$PY -c 'import json,sys
d=json.load(open(sys.argv[1]))["keys"][int(sys.argv[2])]
print(d[sys.argv[3]])' "$OK_VECTORS/dpp/bootstrap_keys.json" "$1" "$2"
}

# A member of a JSON object on stdin: json_get KEY
json_get() {
	$PY -c 'import json,sys; v=json.load(sys.stdin)[sys.argv[1]]
print(v if isinstance(v,str) else json.dumps(v))' "$1"
}

# Runs a command under a pseudo-terminal (stdout and stderr a tty).
run_tty() {
	run script -qec "$*" /dev/null
}

# Octal mode of a file.
mode_of() {
	stat -c %a "$1"
}

# Asserts the directory holds only the named entries.
assert_only_files() {
	local expected actual
	expected=$(printf '%s\n' "$@" | sort)
	actual=$(ls -A "$WORK" | sort)
	if [ "$expected" != "$actual" ]; then
		echo "expected files: $expected" >&2
		echo "actual files:   $actual" >&2
		return 1
	fi
}
