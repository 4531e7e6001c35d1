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

# make_test_pki [DIR]: a throwaway PKI for the voucher tests, in DIR
# (default pki):
#   root.{key,crt}       manufacturer CA, P-256, self-signed
#   masa.{key,crt}       MASA (voucher signer), P-256, issued by root
#   masa384.{key,crt}    the same on P-384; masa-ed.{key,crt} on Ed25519
#   masa-chain.pem       masa.crt then root.crt
#   idevid.{key,crt}     pledge IDevID, subject serialNumber PLEDGE-0001,
#                        with an AuthorityKeyIdentifier, issued by root
#   domain-ca.{key,crt}  the registrar's domain CA, P-256, self-signed
#   registrar.{key,crt}  registrar, EKU cmcRA, issued by domain-ca
#   other-ca.{key,crt}   an unrelated CA (wrong trust anchor)
make_test_pki() {
	local dir=${1:-pki}
	mkdir -p "$dir"
	(
	cd "$dir" || exit 1
	printf '[req]\ndistinguished_name=dn\n[dn]\n' > req.cnf
	_pki_key() {
		if [ "$2" = ed25519 ]; then
			openssl genpkey -algorithm ED25519 -out "$1.key"
		else
			openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" \
			    -pkeyopt ec_param_enc:named_curve -out "$1.key"
		fi
	}
	_pki_ca() { # name subject
		_pki_key "$1" P-256
		openssl req -config req.cnf -x509 -new -key "$1.key" -subj "$2" \
		    -days 3650 -sha256 -set_serial "0x$(openssl rand -hex 8)" \
		    -addext basicConstraints=critical,CA:TRUE \
		    -addext keyUsage=critical,keyCertSign,cRLSign \
		    -addext subjectKeyIdentifier=hash -out "$1.crt"
	}
	_pki_leaf() { # name curve issuer subject [extension lines]
		local name=$1 curve=$2 issuer=$3 subject=$4
		shift 4
		_pki_key "$name" "$curve"
		{
			echo '[ext]'
			echo 'basicConstraints=critical,CA:FALSE'
			echo 'subjectKeyIdentifier=hash'
			echo 'authorityKeyIdentifier=keyid'
			printf '%s\n' "$@"
		} > "$name.ext"
		openssl req -config req.cnf -new -key "$name.key" -subj "$subject" \
		    -out "$name.csr"
		openssl x509 -req -in "$name.csr" -CA "$issuer.crt" \
		    -CAkey "$issuer.key" -set_serial "0x$(openssl rand -hex 8)" \
		    -days 3650 -sha256 -extfile "$name.ext" -extensions ext \
		    -out "$name.crt" 2>/dev/null
		rm -f "$name.csr" "$name.ext"
	}
	_pki_ca root "/O=Test Vendor/CN=Test Vendor Root CA"
	_pki_ca domain-ca "/O=Test Owner/CN=Test Domain CA"
	_pki_ca other-ca "/O=Someone Else/CN=Other CA"
	_pki_leaf masa P-256 root "/O=Test Vendor/CN=Test MASA" \
	    keyUsage=critical,digitalSignature
	_pki_leaf masa384 P-384 root "/O=Test Vendor/CN=Test MASA P-384" \
	    keyUsage=critical,digitalSignature
	_pki_leaf masa-ed ed25519 root "/O=Test Vendor/CN=Test MASA Ed25519" \
	    keyUsage=critical,digitalSignature
	_pki_leaf idevid P-256 root \
	    "/O=Test Vendor/CN=Test Pledge/serialNumber=PLEDGE-0001" \
	    keyUsage=critical,digitalSignature
	_pki_leaf registrar P-256 domain-ca "/O=Test Owner/CN=registrar.example" \
	    keyUsage=critical,digitalSignature extendedKeyUsage=1.3.6.1.5.5.7.3.28
	cat masa.crt root.crt > masa-chain.pem
	rm -f req.cnf
	) >/dev/null 2>&1
	[ -s "$dir/registrar.crt" ] && [ -s "$dir/masa-ed.crt" ]
}

# A voucher JSON for the test PKI: test_voucher [serial] [extra create options]
test_voucher() {
	local serial=${1:-PLEDGE-0001}
	shift || true
	voucher-sign create --created-on 2026-01-01T00:00:00Z --assertion logged \
	    --serial-number "$serial" --pinned-domain-cert pki/domain-ca.crt "$@"
}

# Changes one byte of a file in place: flip_byte FILE OFFSET
flip_byte() {
	$PY - "$1" "$2" <<'PY'
import sys
p, off = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
b[off] ^= 0x01
open(p, 'wb').write(bytes(b))
PY
}

# Offset of a byte string (hex) in a file, the first occurrence:
# offset_of FILE HEX
offset_of() {
	$PY - "$1" "$2" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
i = data.find(bytes.fromhex(sys.argv[2]))
if i < 0:
    sys.exit(1)
print(i)
PY
}
