#!/usr/bin/env bats
# dpp-uri key: export forms, secrets and bad keys.
load helpers

P256_D=777fc55dc51e967c10ec051b91d860b5f1e6c934e48d5daffef98d032c64b170


vector_hex() {
	vector_key 0 ecprivatekey_der_hex > key.hex
}

@test "key -f hostapd gives the RFC 5915 form DPP_BOOTSTRAP_GEN key= takes" {
	vector_hex
	run --separate-stderr dpp-uri key -f hostapd -k key.hex -o k.hex
	[ "$status" -eq 0 ]
	[ "$(cat k.hex)" = "30310201010420${P256_D}a00a06082a8648ce3d030107" ]
	[ "$(mode_of k.hex)" = 600 ]
}

@test "key -f esp-idf gives the raw private scalar" {
	vector_hex
	dpp-uri key -f esp-idf -k key.hex -o k.txt
	[ "$(cat k.txt)" = "$P256_D" ]
}

@test "key -f pem and der load in openssl and keep the key" {
	vector_hex
	dpp-uri key -k key.hex -o k.pem
	dpp-uri key -f der -k key.hex -o k.der
	[ "$(mode_of k.pem)" = 600 ]
	openssl pkey -in k.pem -noout
	want=$(openssl pkey -in k.pem -pubout -outform DER | sha256sum)
	[ "$(openssl pkey -inform DER -in k.der -pubout -outform DER | sha256sum)" = "$want" ]
	[ "$(openssl pkey -in k.pem -text -noout | tr -d ' :\n' | grep -o "priv${P256_D}")" = "priv${P256_D}" ]
}

@test "key -f pub-der is the compressed SPKI of the vector" {
	vector_hex
	dpp-uri key -f pub-der -k key.hex -o pub.der
	[ "$(od -An -tx1 -v pub.der | tr -d ' \n')" = "$(vector_key 0 spki_compressed_der_hex)" ]
	[ "$(mode_of pub.der)" != 600 ]
}

@test "key reads every input form: PEM, PKCS#8 DER, SEC1 PEM, hex, stdin" {
	vector_hex
	dpp-uri key -k key.hex -o k.pem
	openssl pkey -in k.pem -outform DER -out k8.der
	openssl ec -in k.pem -out sec1.pem 2>/dev/null
	want=$(dpp-uri key -f hostapd -k key.hex -o - | cat)
	for src in k.pem k8.der sec1.pem key.hex; do
		[ "$(dpp-uri key -f hostapd -k "$src" | cat)" = "$want" ]
	done
	[ "$(dpp-uri key -f hostapd < k.pem | cat)" = "$want" ]
}

@test "key: an encrypted PEM needs --pass; env:, file: and fd: work" {
	vector_hex
	dpp-uri key -k key.hex -o k.pem
	openssl pkcs8 -topk8 -in k.pem -out enc.pem -passout pass:s3cret
	want=$(dpp-uri key -f hostapd -k k.pem | cat)
	run --separate-stderr dpp-uri key -f hostapd -k enc.pem
	[ "$status" -eq 2 ]
	[ "$stderr" = "dpp-uri: -k: enc.pem: the key is encrypted: passphrase needed (--pass)" ]
	[ "$(PW=s3cret dpp-uri key -f hostapd -k enc.pem --pass env:PW | cat)" = "$want" ]
	printf 's3cret\n' > pw.txt
	[ "$(dpp-uri key -f hostapd -k enc.pem --pass file:pw.txt | cat)" = "$want" ]
	[ "$(dpp-uri key -f hostapd -k enc.pem --pass fd:3 3<pw.txt | cat)" = "$want" ]
	run --separate-stderr dpp-uri key -f hostapd -k enc.pem --pass s3cret
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"never given on the command line"* ]]
}

@test "key: on a terminal, an encrypted key prompts for its passphrase" {
	vector_hex
	dpp-uri key -k key.hex -o k.pem
	openssl pkcs8 -topk8 -in k.pem -out enc.pem -passout pass:s3cret
	want=$(dpp-uri key -f hostapd -k k.pem | cat)
	run bash -c "(sleep 1; printf 's3cret\\n') | script -qec 'dpp-uri key -f hostapd -k enc.pem -o out.hex' /dev/null"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Passphrase or PIN: "* ]]
	[[ "$output" != *s3cret* ]]
	[ "$(cat out.hex)" = "$want" ]
}

@test "key: -k - with the passphrase also on stdin is a usage error" {
	vector_hex
	run --separate-stderr dpp-uri key -k - --pass fd:0 < key.hex
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: --pass: "* ]]
}

@test "key: a private key is never written to a terminal" {
	vector_hex
	run_tty dpp-uri key -k key.hex
	[ "$status" -eq 2 ]
	[[ "$output" == *"refusing to write a private key to a terminal"* ]]
	[[ "$output" != *"PRIVATE KEY-----"* ]]
	run_tty dpp-uri key -k key.hex -o -
	[ "$status" -eq 2 ]
}

@test "key: a public key to a terminal is fine; DER is refused" {
	vector_hex
	run_tty dpp-uri key -f pub-pem -k key.hex
	[ "$status" -eq 0 ]
	[[ "$output" == *"BEGIN PUBLIC KEY"* ]]
	run_tty dpp-uri key -f pub-der -k key.hex
	[ "$status" -eq 2 ]
}

@test "key: private forms of a public key are a usage error" {
	vector_hex
	dpp-uri key -f pub-pem -k key.hex -o pub.pem
	run --separate-stderr dpp-uri key -k pub.pem -o out.pem
	[ "$status" -eq 2 ]
	[ ! -e out.pem ]
}

@test "key: malformed keys are exit 3 and leave no file" {
	printf 'zz' > bad.hex
	printf '3031' > short.hex
	printf -- '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' > bad.pem
	openssl genpkey -algorithm ed25519 -out ed.pem 2>/dev/null
	for f in bad.hex short.hex bad.pem ed.pem; do
		run --separate-stderr dpp-uri key -f hostapd -k "$f" -o out.hex
		[ "$status" -eq 3 ]
		[[ "$stderr" == "dpp-uri: -k: "* ]]
		[ ! -e out.hex ]
	done
}

@test "key: esp-idf is P-256 only" {
	dpp-uri gen -c P-384 -K k.pem > /dev/null
	run --separate-stderr dpp-uri key -f esp-idf -k k.pem -o out.txt
	[ "$status" -eq 2 ]
	[ ! -e out.txt ]
}
