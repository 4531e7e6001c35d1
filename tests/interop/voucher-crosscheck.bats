#!/usr/bin/env bats
# voucher-sign against independent implementations, both directions, for
# each form:
#   CMS   openssl cms -verify / -sign (eContentType 1.40 and id-data)
#   JWS   Debian's python3-jwcrypto (General JSON, x5c)
#   COSE  python3-cbor2 + python3-cryptography (COSE_Sign1, ES256/EdDSA,
#         SID-keyed payload mapped with the RFC 8366bis SID tables)
# and tampered copies rejected by both sides.  The independent side is
# tests/interop/voucher_xcheck.py, run with /usr/bin/python3.
#
# Environment: OK_BIN (directory holding voucher-sign), OK_TOP, OK_VECTORS;
# OK_INTEROP_REQUIRED=1 turns a missing tool into a failure instead of a
# skip.

load ../cli/helpers

XC="$BATS_TEST_DIRNAME/voucher_xcheck.py"
PY=/usr/bin/python3
ANIMA_OID=1.2.840.113549.1.9.16.1.40

setup_file() {
	export OK_TOP OK_BIN OK_VECTORS
	MISSING=""
	command -v openssl >/dev/null || MISSING="openssl"
	[ -x "$PY" ] && "$PY" "$XC" check-modules 2>/dev/null ||
	    MISSING="$MISSING python3-jwcrypto/python3-cbor2/python3-cryptography"
	export MISSING
	[ -n "$MISSING" ] && return 0
	PKI="$BATS_FILE_TMPDIR/pki"
	export PKI
	make_test_pki "$PKI"
}

setup() {
	if [ -n "${MISSING:-}" ]; then
		[ "${OK_INTEROP_REQUIRED:-0}" = 0 ] ||
		    flunk "interop required but unavailable: $MISSING"
		skip "needs$MISSING"
	fi
	[ -s "$PKI/registrar.crt" ] || flunk "test PKI missing (setup_file failed?)"
	[ -x "$OK_BIN/voucher-sign" ] ||
	    flunk "no executable $OK_BIN/voucher-sign (set OK_BIN)"
	T=$BATS_TEST_TMPDIR
	cd "$T" || return 1
	voucher_doc "$T/v.json"
}

teardown() {
	cd /
}

# ---- helpers ---------------------------------------------------------------

flunk() {
	printf '%s\n' "$@" >&2
	return 1
}

# vs ARG...: voucher-sign, must succeed.
vs() {
	"$OK_BIN/voucher-sign" "$@" 2>"$T/vs.err" || {
		local rc=$?
		printf 'voucher-sign %s\n  exit %s: %s\n' "$*" "$rc" \
		    "$(cat "$T/vs.err")" >&2
		return 1
	}
}

# vs_rejects N FIELD ARG...: voucher-sign exits N naming FIELD.
vs_rejects() {
	local want=$1 field=$2 rc=0
	shift 2
	"$OK_BIN/voucher-sign" "$@" >"$T/vs.out" 2>"$T/vs.err" || rc=$?
	[ "$rc" -eq "$want" ] || flunk "voucher-sign $*: exit $rc, expected $want: $(cat "$T/vs.err")" ||
	    return 1
	grep -Eq "^voucher-sign: ($field): " "$T/vs.err" ||
	    flunk "voucher-sign $*: does not name $field: $(cat "$T/vs.err")"
}

xc() {
	"$PY" "$XC" "$@"
}

# xc_rejects ARG...: the independent side refuses (exit 1).
xc_rejects() {
	local rc=0
	"$PY" "$XC" "$@" 2>"$T/xc.err" || rc=$?
	[ "$rc" -eq 1 ] || flunk "voucher_xcheck $*: exit $rc, expected 1 $(cat "$T/xc.err")"
}

# voucher_doc OUT: the voucher used throughout (pins the domain CA; the
# nonce is standard base64, the RFC 7951 form of a binary value).
voucher_doc() {
	$PY -c 'import base64,json,sys
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
pem=open(sys.argv[2],"rb").read()
der=x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
json.dump({"ietf-voucher:voucher":{"created-on":"2025-01-02T03:04:05Z",
 "assertion":"logged","serial-number":"XCHECK-0001",
 "domain-cert-revocation-checks":False,
 "nonce":base64.b64encode(bytes(range(16))).decode(),
 "pinned-domain-cert":base64.b64encode(der).decode()}},open(sys.argv[1],"w"))' \
	    "$1" "$PKI/domain-ca.crt"
}

# same_json A B
same_json() {
	xc json-equal "$1" "$2"
}

# ---- (a) CMS --------------------------------------------------------------

@test "CMS: voucher-sign sign (eContentType 1.40 and id-data; P-256 and P-384) -> openssl cms -verify -purpose any, same content" {
	local key
	for key in masa masa384; do
		vs sign -k "$PKI/$key.key" -c "$PKI/$key.crt" --chain "$PKI/root.crt" \
		    -o "$T/$key.cms" "$T/v.json"
		openssl cms -verify -inform DER -in "$T/$key.cms" -CAfile "$PKI/root.crt" \
		    -purpose any -out "$T/$key.out" 2>"$T/ossl.err" ||
		    flunk "openssl rejects voucher-sign's CMS ($key): $(cat "$T/ossl.err")"
		same_json "$T/$key.out" "$T/v.json"
		openssl cms -cmsout -print -inform DER -in "$T/$key.cms" >"$T/$key.print"
		grep -q "eContentType: undefined ($ANIMA_OID)" "$T/$key.print" ||
		    grep -q "eContentType: .*$ANIMA_OID" "$T/$key.print" ||
		    flunk "eContentType is not $ANIMA_OID"
	done
	vs sign --econtent-type data -k "$PKI/masa.key" -c "$PKI/masa.crt" \
	    -o "$T/data.cms" "$T/v.json"
	openssl cms -verify -inform DER -in "$T/data.cms" -CAfile "$PKI/root.crt" \
	    -certfile "$PKI/masa.crt" -purpose any -out "$T/data.out"
	same_json "$T/data.out" "$T/v.json"
	openssl cms -cmsout -print -inform DER -in "$T/data.cms" | grep -q 'eContentType: pkcs7-data'
	# PEM armour is read by openssl too.
	vs sign -A -k "$PKI/masa.key" -c "$PKI/masa-chain.pem" -o "$T/v.pem" "$T/v.json"
	head -n 1 "$T/v.pem" | grep -qx -- '-----BEGIN CMS-----'
	openssl cms -verify -inform PEM -in "$T/v.pem" -CAfile "$PKI/root.crt" \
	    -purpose any -out "$T/pem.out"
	same_json "$T/pem.out" "$T/v.json"
	# The wrong anchor fails in openssl as well (the test can fail).
	if openssl cms -verify -inform DER -in "$T/masa.cms" -CAfile "$PKI/other-ca.crt" \
	    -purpose any -out /dev/null 2>/dev/null; then
		flunk "openssl accepts the wrong anchor"
	fi
}

@test "CMS: openssl cms -sign (-econtent_type 1.40 and default id-data, DER and PEM) -> voucher-sign verify, same content" {
	local form
	openssl cms -sign -nodetach -binary -md sha256 -outform DER \
	    -econtent_type "$ANIMA_OID" -signer "$PKI/masa.crt" -inkey "$PKI/masa.key" \
	    -certfile "$PKI/root.crt" -in "$T/v.json" -out "$T/o40.cms"
	openssl cms -sign -nodetach -binary -md sha256 -outform DER \
	    -signer "$PKI/masa.crt" -inkey "$PKI/masa.key" \
	    -in "$T/v.json" -out "$T/odata.cms"
	openssl cms -sign -nodetach -binary -md sha384 -outform PEM \
	    -econtent_type "$ANIMA_OID" -signer "$PKI/masa384.crt" \
	    -inkey "$PKI/masa384.key" -in "$T/v.json" -out "$T/o384.pem"
	for form in o40.cms odata.cms o384.pem; do
		vs verify -t "$PKI/root.crt" --serial XCHECK-0001 \
		    --nonce "$(jq -r '."ietf-voucher:voucher".nonce' "$T/v.json")" \
		    --tls-cert "$PKI/registrar.crt" -o "$T/$form.out" "$T/$form"
		same_json "$T/$form.out" "$T/v.json"
	done
	vs verify -j -t "$PKI/root.crt" "$T/o40.cms" >"$T/report.json"
	expect_content_type "$T/report.json" "$ANIMA_OID"
	vs verify -j -t "$PKI/root.crt" "$T/odata.cms" >"$T/report.json"
	expect_content_type "$T/report.json" 1.2.840.113549.1.7.1
	# Another CA is not the anchor.
	vs_rejects 1 chain verify -t "$PKI/other-ca.crt" "$T/o40.cms"
}

expect_content_type() {
	local got
	got=$(jq -r '."content-type"' "$1")
	[ "$got" = "$2" ] || flunk "content-type $got, expected $2"
}

@test "CMS tampered (one byte of content, one of the signature): openssl and voucher-sign both reject" {
	local src what
	vs sign -k "$PKI/masa.key" -c "$PKI/masa-chain.pem" -o "$T/vs.cms" "$T/v.json"
	openssl cms -sign -nodetach -binary -md sha256 -outform DER \
	    -econtent_type "$ANIMA_OID" -signer "$PKI/masa.crt" -inkey "$PKI/masa.key" \
	    -in "$T/v.json" -out "$T/os.cms"
	for src in vs os; do
		for what in cms-content cms-signature; do
			xc tamper "$T/$src.cms" "$T/$src-$what.cms" "$what"
			if cmp -s "$T/$src.cms" "$T/$src-$what.cms"; then
				flunk "$src $what: nothing changed"
			fi
			if openssl cms -verify -inform DER -in "$T/$src-$what.cms" \
			    -CAfile "$PKI/root.crt" -certfile "$PKI/masa.crt" \
			    -purpose any -out /dev/null 2>/dev/null; then
				flunk "openssl accepts $src $what"
			fi
			vs_rejects 1 signature verify -t "$PKI/root.crt" \
			    --certs "$PKI/masa.crt" "$T/$src-$what.cms"
		done
	done
}

# ---- (b) JWS --------------------------------------------------------------

@test "JWS: voucher-sign sign -f jws (ES256, ES384) -> python3-jwcrypto verifies with x5c[0], same payload" {
	local key alg
	for key in masa:ES256 masa384:ES384; do
		alg=${key#*:}
		key=${key%:*}
		vs sign -f jws -k "$PKI/$key.key" -c "$PKI/$key.crt" --chain "$PKI/root.crt" \
		    -o "$T/$key.jws" "$T/v.json"
		xc jws-verify "$T/$key.jws" "$T/$key.payload"
		same_json "$T/$key.payload" "$T/v.json"
		xc jws-header "$T/$key.jws" >"$T/$key.hdr"
		[ "$(jq -r .alg "$T/$key.hdr")" = "$alg" ] || flunk "alg $(jq -r .alg "$T/$key.hdr")"
		# x5c[0] is the signer, x5c as standard base64 DER.
		[ "$(jq -r '.x5c[0]' "$T/$key.hdr")" = \
		    "$(openssl x509 -in "$PKI/$key.crt" -outform DER | base64 -w0)" ] ||
		    flunk "x5c[0] is not $key.crt"
		# General JSON Serialization.
		jq -e '.signatures | length == 1' "$T/$key.jws" >/dev/null
	done
}

@test "JWS: python3-jwcrypto General JSON with x5c (ES256, ES384) -> voucher-sign verify, same content" {
	local key
	for key in masa masa384; do
		cat "$PKI/$key.crt" "$PKI/root.crt" >"$T/$key-chain.pem"
		xc jws-sign "$PKI/$key.key" "$T/$key-chain.pem" "$T/v.json" "$T/$key.jws"
		jq -e '.signatures | length == 1' "$T/$key.jws" >/dev/null
		vs verify -t "$PKI/root.crt" --serial XCHECK-0001 -o "$T/$key.out" "$T/$key.jws"
		same_json "$T/$key.out" "$T/v.json"
		vs_rejects 1 chain verify -t "$PKI/other-ca.crt" "$T/$key.jws"
	done
}

@test "JWS tampered (payload byte, signature byte): jwcrypto and voucher-sign both reject" {
	local src what
	vs sign -f jws -k "$PKI/masa.key" -c "$PKI/masa-chain.pem" -o "$T/vs.jws" "$T/v.json"
	xc jws-sign "$PKI/masa.key" "$PKI/masa-chain.pem" "$T/v.json" "$T/py.jws"
	for src in vs py; do
		for what in jws-payload jws-signature; do
			xc tamper "$T/$src.jws" "$T/$src-$what.jws" "$what"
			xc_rejects jws-verify "$T/$src-$what.jws" "$T/x.out"
			vs_rejects 1 signature verify -t "$PKI/root.crt" "$T/$src-$what.jws"
		done
	done
}

# ---- (c) COSE -------------------------------------------------------------

@test "COSE: voucher-sign sign -f cose (ES256, EdDSA) -> cbor2 + cryptography verify the Sig_structure; payload decodes via the SID tables to the voucher" {
	local key alg
	for key in masa:-7 masa-ed:-8; do
		alg=${key#*:}
		key=${key%:*}
		vs sign -f cose -k "$PKI/$key.key" -c "$PKI/$key.crt" --chain "$PKI/root.crt" \
		    -o "$T/$key.cose" "$T/v.json"
		xc cose-verify "$T/$key.cose" "$PKI/$key.crt" "$T/$key.payload.json"
		same_json "$T/$key.payload.json" "$T/v.json"
		xc cose-header "$T/$key.cose" >"$T/$key.hdr"
		[ "$(jq -r '.protected["1"]' "$T/$key.hdr")" = "$alg" ] ||
		    flunk "$key: protected alg $(jq -r '.protected["1"]' "$T/$key.hdr"), expected $alg"
		# A different key does not verify it.
		xc_rejects cose-verify "$T/$key.cose" "$PKI/idevid.crt" "$T/x.json"
	done
}

@test "COSE: python-made COSE_Sign1 (ES256, EdDSA; signer via --certs or x5bag) -> voucher-sign verify, same content" {
	local key
	for key in masa masa-ed; do
		xc cose-sign "$PKI/$key.key" "$PKI/$key.crt" "$T/v.json" "$T/$key.cose"
		vs verify -t "$PKI/root.crt" --certs "$PKI/$key.crt" --serial XCHECK-0001 \
		    -o "$T/$key.out" "$T/$key.cose"
		same_json "$T/$key.out" "$T/v.json"
		cat "$PKI/$key.crt" "$PKI/root.crt" >"$T/$key-bag.pem"
		xc cose-sign "$PKI/$key.key" "$PKI/$key.crt" "$T/v.json" "$T/$key-bag.cose" \
		    --x5bag "$T/$key-bag.pem"
		vs verify -t "$PKI/root.crt" -o "$T/$key-bag.out" "$T/$key-bag.cose"
		same_json "$T/$key-bag.out" "$T/v.json"
		# The wrong signer certificate: signature.
		vs_rejects 1 signature verify -t "$PKI/root.crt" --certs "$PKI/idevid.crt" \
		    "$T/$key.cose"
	done
}

@test "COSE tampered (payload byte, signature byte): cbor2/cryptography and voucher-sign both reject" {
	local key src what
	for key in masa masa-ed; do
		vs sign -f cose -k "$PKI/$key.key" -c "$PKI/$key.crt" -o "$T/vs-$key.cose" "$T/v.json"
		xc cose-sign "$PKI/$key.key" "$PKI/$key.crt" "$T/v.json" "$T/py-$key.cose"
		for src in vs py; do
			for what in cose-payload cose-signature; do
				xc tamper "$T/$src-$key.cose" "$T/t.cose" "$what"
				xc_rejects cose-verify "$T/t.cose" "$PKI/$key.crt" "$T/x.json"
				vs_rejects 1 signature verify -t "$PKI/root.crt" \
				    --certs "$PKI/$key.crt" "$T/t.cose"
			done
		done
	done
}
