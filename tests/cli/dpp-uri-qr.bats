#!/usr/bin/env bats
# dpp-uri qr and scan: labels and their round trip.
load helpers

URI='DPP:C:81/1,115/36;I:SN=4774LH2b4044;M:5254005828e5;V:2;K:MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgADURzxmttZoIRIPWGoQMV00XHWCAQIhXruVWOz0NjlkIA=;;'

@test "qr -o label.png writes a PNG that scan reads back exactly" {
	run --separate-stderr dpp-uri qr -u "$URI" -o label.png
	[ "$status" -eq 0 ]
	[ "$(head -c 8 label.png | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
	run --separate-stderr dpp-uri scan label.png
	[ "$status" -eq 0 ]
	[ "$output" = "$URI" ]
}

@test "our PNG decodes with the independent zbarimg" {
	dpp-uri qr -u "$URI" -o label.png -s 4 -l H
	[ "$(zbarimg --raw -q label.png)" = "$URI" ]
}

@test "gen | qr | scan round-trips through a pipe" {
	dpp-uri gen -K k.pem | dpp-uri qr -f png > label.png
	uri=$(dpp-uri scan label.png)
	[ "$(dpp-uri hash -k k.pem)" = "$(dpp-uri hash -u "$uri")" ]
}

@test "qr -f svg writes an SVG document" {
	dpp-uri qr -u "$URI" -o label.svg
	head -c 200 label.svg | grep -q '<svg'
	$PY -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' label.svg
}

@test "qr on a terminal draws UTF-8 blocks; PNG to a terminal is refused" {
	run_tty dpp-uri qr -u "'$URI'"
	[ "$status" -eq 0 ]
	[[ "$output" == *"█"* ]]
	run_tty dpp-uri qr -f png -u "'$URI'"
	[ "$status" -eq 2 ]
	[[ "$output" == *"refusing to write binary data to a terminal"* ]]
}

@test "qr: a bad URI is exit 3 and no label is written" {
	run --separate-stderr dpp-uri qr -u 'DPP:K:abc;;' -o label.png
	[ "$status" -eq 3 ]
	assert_only_files
}

@test "qr: bad options are usage errors and no label is written" {
	for args in "-f gif" "-s 0" "-s 65" "-m x" "-l Z"; do
		run --separate-stderr dpp-uri qr -u "$URI" -o label.png $args
		[ "$status" -eq 2 ]
		[[ "$stderr" == "dpp-uri: ${args%% *}: "* ]]
	done
	assert_only_files
}

@test "qr does not overwrite a label without --force" {
	dpp-uri qr -u "$URI" -o label.png
	run --separate-stderr dpp-uri qr -u "$URI" -o label.png
	[ "$status" -eq 4 ]
	dpp-uri qr -u "$URI" -o label.png --force
}

@test "scan: not an image, empty and truncated images are exit 3 naming the file" {
	printf 'hello' > junk.png
	: > empty.png
	dpp-uri qr -u "$URI" -o label.png
	head -c 100 label.png > cut.png
	for f in junk.png empty.png cut.png; do
		run --separate-stderr dpp-uri scan "$f"
		[ "$status" -eq 3 ]
		[[ "$stderr" == "dpp-uri: $f: "* ]]
	done
}

@test "scan: a QR code that is not a DPP URI is exit 3" {
	qrencode -o hello.png 'hello world'
	run --separate-stderr dpp-uri scan hello.png
	[ "$status" -eq 3 ]
	[[ "$stderr" == "dpp-uri: hello.png: QR code 1 is not a valid DPP URI"* ]]
}

@test "scan: every image is read; exit status is the worst" {
	dpp-uri qr -u "$URI" -o a.png
	printf 'x' > b.png
	run --separate-stderr dpp-uri scan -j a.png b.png
	[ "$status" -eq 3 ]
	[ "$(json_get file <<<"$output")" = a.png ]
	[ "$(json_get uri <<<"$output")" = "$URI" ]
}

@test "scan reads a qrencode PNG and a JPEG" {
	qrencode -o q.png "$URI"
	[ "$(dpp-uri scan q.png)" = "$URI" ]
	$PY - q.png q.jpg <<'PY'
import sys
from PIL import Image
Image.open(sys.argv[1]).convert("RGB").resize((400, 400)).save(sys.argv[2], quality=90)
PY
	[ "$(head -c 3 q.jpg | od -An -tx1 | tr -d ' ')" = ffd8ff ]
	[ "$(dpp-uri scan q.jpg)" = "$URI" ]
}
