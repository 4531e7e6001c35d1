#!/usr/bin/env bats
# dpp-uri: dispatch, help, version, usage errors, stdout errors.
load helpers

@test "--version prints the tool and toolkit version" {
	run --separate-stderr dpp-uri --version
	[ "$status" -eq 0 ]
	[ "$output" = "dpp-uri (onboardkit) 0.1.0" ]
}

@test "--help lists every verb on stderr and exits 0" {
	run --separate-stderr dpp-uri --help
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	for verb in gen parse hash qr scan key; do
		[[ "$stderr" == *"dpp-uri $verb"* ]]
	done
}

@test "no verb is a usage error" {
	run --separate-stderr dpp-uri
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: dpp-uri gen"* ]]
}

@test "unknown verb: exit 2 with a did-you-mean hint" {
	run --separate-stderr dpp-uri prase
	[ "$status" -eq 2 ]
	[ "$stderr" = "dpp-uri: prase: unknown verb; did you mean 'parse'? (see 'dpp-uri --help')" ]
}

@test "VERB --help prints that verb's usage and exits 0" {
	for verb in gen parse hash qr scan key; do
		run --separate-stderr dpp-uri "$verb" --help
		[ "$status" -eq 0 ]
		[[ "$stderr" == "usage: dpp-uri $verb"* ]]
	done
}

@test "unknown option or missing value: exit 2, one line naming it" {
	run --separate-stderr dpp-uri parse --bogus
	[ "$status" -eq 2 ]
	[ "$stderr" = "dpp-uri: --bogus: unknown option or missing value (see 'dpp-uri parse --help')" ]
	run --separate-stderr dpp-uri gen -Z
	[ "$status" -eq 2 ]
	[ "$stderr" = "dpp-uri: -Z: unknown option or missing value (see 'dpp-uri gen --help')" ]
	run --separate-stderr dpp-uri gen --chan
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: --chan: "* ]]
	run --separate-stderr dpp-uri parse --pass env:X
	[ "$status" -eq 2 ]
	[[ "$stderr" == "dpp-uri: --pass: not an option of parse"* ]]
}

@test "a reader that goes away is a write error (exit 4), not a kill" {
	run bash -c 'exec 3>&1; { sleep 0.3; dpp-uri gen -n 100 2>/dev/null; echo "rc=$?" >&3; } | true'
	[ "$output" = "rc=4" ]
}

@test "a write error on stdout is exit 4, not success" {
	run --separate-stderr sh -c 'dpp-uri --version > /dev/full'
	[ "$status" -eq 4 ]
	[[ "$stderr" == "dpp-uri: stdout: "* ]]
}

@test "diagnostics are one line: tool: field: reason" {
	run --separate-stderr dpp-uri parse -u 'DPP:K:;;'
	[ "$status" -eq 3 ]
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	[[ "$stderr" == "dpp-uri: K: "* ]]
}
