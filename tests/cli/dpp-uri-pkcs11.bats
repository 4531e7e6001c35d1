#!/usr/bin/env bats
# dpp-uri with a key held in a PKCS#11 token (SoftHSM2, made by the test).
load helpers

setup() {
	WORK=$(mktemp -d "${BATS_TMPDIR:-/tmp}/okcli.XXXXXX")
	PATH="$OK_BIN:$PATH"
	cd "$WORK"
	"$OK_TOP/tests/unit/softhsm-token" > token.env
	TOKEN_DIR=$(sed -n 's/^dir=//p' token.env)
	export SOFTHSM2_CONF=$(sed -n 's/^conf=//p' token.env)
	MODULE=$(sed -n 's/^module=//p' token.env)
	URI=$(sed -n 's/^uri=//p' token.env)
	export PIN=$(sed -n 's/^pin=//p' token.env)
	sed -n 's/^pubkey=//p' token.env > pubkey.path
}

teardown() {
	cd /
	rm -rf "$WORK" "$TOKEN_DIR"
}

@test "gen -k pkcs11: gives the URI of the token's key" {
	run --separate-stderr dpp-uri gen -k "$URI" --pass env:PIN --pkcs11-module "$MODULE"
	[ "$status" -eq 0 ]
	uri=$output
	pub=$(cat pubkey.path)
	[ -s "$pub" ]
	# The token's public key, compressed by openssl, hashes as the URI says.
	want=$(openssl pkey -pubin -inform DER -in "$pub" -pubout -outform DER \
	    -ec_conv_form compressed | sha256sum | cut -d' ' -f1)
	[ "$(dpp-uri parse -j -u "$uri" | json_get pkhash)" = "$want" ]
}

@test "pkcs11: a wrong PIN is exit 1; no PIN without a terminal is exit 2" {
	run --separate-stderr env PIN=0000 dpp-uri gen -k "$URI" --pass env:PIN --pkcs11-module "$MODULE"
	[ "$status" -eq 1 ]
	run --separate-stderr dpp-uri gen -k "$URI" --pkcs11-module "$MODULE" < /dev/null
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"(--pass)"* ]]
}

@test "pkcs11: the private key cannot be exported; the public one can" {
	run --separate-stderr dpp-uri key -f hostapd -k "$URI" --pass env:PIN --pkcs11-module "$MODULE" -o k.hex
	[ "$status" -eq 2 ]
	[ ! -e k.hex ]
	dpp-uri key -f pub-der -k "$URI" --pass env:PIN --pkcs11-module "$MODULE" -o pub.der
	[ "$(dpp-uri hash -k pub.der)" = "$(dpp-uri hash -k "$URI" --pass env:PIN --pkcs11-module "$MODULE")" ]
}
