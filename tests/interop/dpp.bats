#!/usr/bin/env bats
# Interop of dpp-uri with the real DPP peers, Debian 12's wpa_supplicant and
# hostapd 2.10, run with no Wi-Fi hardware in a private network namespace
# (tests/interop/peer.sh).  Needs root or unprivileged user namespaces; when
# neither works every test is skipped with the error seen, never passed.
#
# Environment: OK_BIN (directory holding dpp-uri), OK_TOP (repo root),
# OK_VECTORS (tests/vectors); OK_INTEROP_REQUIRED=1 turns the skip into a
# failure.

# shellcheck source=peer.sh
source "$BATS_TEST_DIRNAME/peer.sh"

CURVES="prime256v1 secp384r1 secp521r1 brainpoolP256r1 brainpoolP384r1 brainpoolP512r1"
# The parameters used wherever a URI carries more than K:.  The daemons
# always write V:2 (DPP_VERSION 2 in Debian's build), so dpp-uri is asked
# for the same.
CHAN="81/1,6,11"
MAC="02:00:00:00:00:01"
MAC_URI="020000000001"
INFO="SN=1234"

setup_file() {
	OK_TOP=${OK_TOP:-$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}
	OK_BIN=${OK_BIN:-$OK_TOP/build/bin}
	OK_VECTORS=${OK_VECTORS:-$OK_TOP/tests/vectors}
	export OK_TOP OK_BIN OK_VECTORS
	peer_init || return 0 # PEER_UNAVAILABLE makes setup() skip
	peer_start_wpas wpas
	peer_start_hostapd hapd
}

teardown_file() {
	peer_teardown
}

setup() {
	if [ -n "${PEER_UNAVAILABLE:-}" ]; then
		# CI that must exercise the peers sets OK_INTEROP_REQUIRED=1.
		[ "${OK_INTEROP_REQUIRED:-0}" = 0 ] ||
		    flunk "interop required but unavailable: $PEER_UNAVAILABLE"
		skip "interop needs root or unprivileged user namespaces: $PEER_UNAVAILABLE"
	fi
	if [ -z "${PEER_DIR:-}" ] || [ ! -d "$PEER_DIR" ]; then
		flunk "peer harness state missing (setup_file failed?)"
	fi
	T=$BATS_TEST_TMPDIR
	export T
}

# ---- helpers ---------------------------------------------------------------

flunk() {
	printf '%s\n' "$@" >&2
	return 1
}

# expect_eq WHAT ACTUAL EXPECTED: exact string comparison.
expect_eq() {
	[ "$2" = "$3" ] && return 0
	printf '%s differs\n  got:      [%s]\n  expected: [%s]\n' \
	    "$1" "$2" "$3" >&2
	return 1
}

# ok_dpp_uri ARG...: runs dpp-uri, prints its stdout; on a non-zero exit
# shows the command and its stderr and fails.
ok_dpp_uri() {
	local out rc
	if out=$("$OK_BIN/dpp-uri" "$@" 2>"$T/dpp-uri.err"); then
		printf '%s\n' "$out"
		return 0
	else
		rc=$?
	fi
	printf 'dpp-uri %s\n  exit %s: %s\n' "$*" "$rc" \
	    "$(cat "$T/dpp-uri.err")" >&2
	return 1
}

need_dpp_uri() {
	[ -x "$OK_BIN/dpp-uri" ] ||
	    flunk "no executable $OK_BIN/dpp-uri (set OK_BIN)"
}

# ctrl NAME CMD...: a control command whose reply must not be FAIL.
ctrl() {
	local reply
	reply=$(peer_ctrl "$@") || flunk "no reply from $1 to: ${*:2}" ||
	    return 1
	case $reply in
	FAIL* | "UNKNOWN COMMAND"*)
		flunk "$1 said '$reply' to: ${*:2}"
		return 1
		;;
	esac
	printf '%s\n' "$reply"
}

# ctrl_id NAME CMD...: a command that answers with a bootstrap id.
ctrl_id() {
	local id
	id=$(ctrl "$@") || return 1
	[[ $id =~ ^[0-9]+$ ]] || flunk "$1 gave '$id' for: ${*:2}" || return 1
	printf '%s\n' "$id"
}

# kv KEY TEXT: the value of KEY=... in a DPP_BOOTSTRAP_INFO reply or a
# view (below).  Pure bash: these run thousands of times.
kv() {
	local line
	while IFS= read -r line; do
		if [[ $line == "$1="* ]]; then
			printf '%s\n' "${line#*=}"
			return 0
		fi
	done <<<"$2"
	return 1
}

# view MODE JSON: dpp-uri's JSON for a URI as DPP_BOOTSTRAP_INFO-style
# lines (one jq run).  Curve names are mapped to hostapd's (OpenSSL)
# names, absent fields to what 2.10 prints for them.  MODE "peer" models
# what 2.10 derives from a lenient URI: it hashes the K: bytes as given,
# records only the versions it knows (1-3), keeps only channels with a
# known frequency and drops a list of more than 30
# (DPP_BOOTSTRAP_MAX_FREQ).
view() {
	jq -r --arg mode "$1" '
	    def cname: {"P-256": "prime256v1", "P-384": "secp384r1",
	        "P-521": "secp521r1", "BP-256": "brainpoolP256r1",
	        "BP-384": "brainpoolP384r1", "BP-512": "brainpoolP512r1"}[.]
	        // ("unknown:" + .);
	    "curve=\(.curve | cname)",
	    "dppcurve=\(.curve)",
	    "mac_addr=\(.mac // "00:00:00:00:00:00")",
	    "info=\(.info // "")",
	    "key=\(.key)",
	    "chirp_hash=\(.chirp_hash)",
	    if $mode == "peer" then
	        "pkhash=\(.pkhash_as_given // .pkhash)",
	        "num_freq=\([.channels // [] | .[] | select(.freq != null)]
	            | length | if . > 30 then 0 else . end)",
	        "version=\(.version // "0"
	            | if test("^[123]$") then . else "0" end)"
	    else
	        "pkhash=\(.pkhash)",
	        "num_freq=\(.channels // [] | length)",
	        "version=\(.version // "0")"
	    end' <<<"$2"
}

# load_kv NAME TEXT: KEY=VALUE lines into the associative array NAME.
load_kv() {
	local -n into=$1
	local line
	into=()
	while IFS= read -r line; do
		# shellcheck disable=SC2034 # a nameref: the caller's array
		[[ $line == *=* ]] && into[${line%%=*}]=${line#*=}
	done <<<"$2"
}

# compare_info LABEL INFO VIEW [KEY...]: a DPP_BOOTSTRAP_INFO reply
# against a view of dpp-uri's JSON for the same URI, key by key (default:
# all that 2.10 reports).  A daemon's own entries report version=0
# whatever their URI says, so callers leave version out for those.
# Subshell-free: it runs some thousand times per file.
compare_info() {
	local label=$1 k
	local -A got want
	load_kv got "$2"
	load_kv want "$3"
	shift 3
	[ $# -gt 0 ] || set -- pkhash curve mac_addr info num_freq version
	for k in "$@"; do
		expect_eq "$label $k" "${got[$k]-(absent)}" \
		    "${want[$k]-(absent)}" || return 1
	done
}

# scan_check LABEL URI VIEW: both daemons take URI with DPP_QR_CODE, hand
# it back verbatim, and report what dpp-uri reported.
scan_check() {
	local label=$1 uri=$2 v=$3 d id info
	for d in wpas hapd; do
		id=$(ctrl_id "$d" DPP_QR_CODE "$uri") || return 1
		expect_eq "$label $d GET_URI" \
		    "$(ctrl "$d" DPP_BOOTSTRAP_GET_URI "$id")" "$uri" || return 1
		info=$(ctrl "$d" DPP_BOOTSTRAP_INFO "$id") || return 1
		expect_eq "$label $d type" "$(kv type "$info")" QRCODE ||
		    return 1
		compare_info "$label $d" "$info" "$v" || return 1
	done
}

# The K: value of a URI.
uri_k() {
	sed -n 's/.*[:;]K:\([^;]*\);.*/\1/p' <<<"$1"
}

# ---- loop-heavy checks, run through plain() ------------------------------

# The daemons against each other, no dpp-uri involved.
chk_peers() {
	local c gen other id uri info1 info2 pid
	for c in $CURVES; do
		for gen in wpas hapd; do
			other=hapd
			[ "$gen" = hapd ] && other=wpas
			id=$(ctrl_id "$gen" DPP_BOOTSTRAP_GEN type=qrcode curve="$c" \
			    chan="$CHAN" mac="$MAC" info="$INFO")
			uri=$(ctrl "$gen" DPP_BOOTSTRAP_GET_URI "$id")
			[[ $uri =~ ^DPP:C:81/1,6,11\;M:020000000001\;I:SN=1234\;V:2\;K:[A-Za-z0-9+/]+=*\;\;$ ]] ||
			    flunk "$gen $c URI: $uri"
			info1=$(ctrl "$gen" DPP_BOOTSTRAP_INFO "$id")
			expect_eq "$gen $c curve" "$(kv curve "$info1")" "$c"
			pid=$(ctrl_id "$other" DPP_QR_CODE "$uri")
			info2=$(ctrl "$other" DPP_BOOTSTRAP_INFO "$pid")
			local k
			for k in type curve pkhash mac_addr info num_freq; do
				expect_eq "$gen->$other $c $k" "$(kv "$k" "$info2")" \
				    "$(kv "$k" "$info1")"
			done
			expect_eq "$other $c version" "$(kv version "$info2")" 2
		done
	done
	# A bad URI is refused by both, so a FAIL is visible to the tests.
	expect_eq "wpas bad QR" "$(peer_ctrl wpas DPP_QR_CODE DPP:K:\;\;)" FAIL
	expect_eq "hapd bad QR" "$(peer_ctrl hapd DPP_QR_CODE DPP:K:\;\;)" FAIL
}

# Test 2.  Each daemon makes URIs on each curve with four parameter sets;
# strict dpp-uri parse must agree with the generator's own entry and with
# both daemons after scanning the URI.
chk_daemon_uris() {
	local c d n id uri v own params
	local -a sets=("" "chan=$CHAN mac=$MAC info=$INFO" "chan=81/1,115/36 mac=$MAC_URI" "info=a-b.c/d")
	for c in $CURVES; do
		for d in wpas hapd; do
			for n in "${!sets[@]}"; do
				params=${sets[$n]}
				# shellcheck disable=SC2086 # params are words
				id=$(ctrl_id "$d" DPP_BOOTSTRAP_GEN type=qrcode \
				    curve="$c" $params)
				uri=$(ctrl "$d" DPP_BOOTSTRAP_GET_URI "$id")
				own=$(ctrl "$d" DPP_BOOTSTRAP_INFO "$id")
				v=$(view strict "$(ok_dpp_uri parse -j -u "$uri")")
				compare_info "$d $c [$params]" "$own" "$v" \
				    pkhash curve mac_addr info num_freq
				expect_eq "$d $c [$params] version" \
				    "$(kv version "$v")" 2
				expect_eq "$d $c [$params] key" \
				    "$(kv key "$v")" "$(uri_k "$uri")"
				expect_eq "$d $c [$params] hash" \
				    "$(ok_dpp_uri hash -u "$uri" | head -n 1)" \
				    "pkhash: $(kv pkhash "$own")"
				scan_check "$d $c [$params]" "$uri" "$v"
			done
		done
	done
}

# Test 5b.  Every vector goes to both live daemons (their verdict must be
# the recorded one, and so must hostapd's DPP_BOOTSTRAP_INFO) and to
# dpp-uri parse --lenient (same verdict, same fields as the peer derives).
chk_lenient() {
	local vid uri want recorded d reply rc verdict json info count=0
	while IFS= read -r -d '' vid && IFS= read -r -d '' uri &&
	    IFS= read -r -d '' want && IFS= read -r -d '' recorded; do
		count=$((count + 1))
		for d in wpas hapd; do
			reply=$(peer_ctrl "$d" DPP_QR_CODE "$uri")
			verdict=accept
			[ "$reply" = FAIL ] && verdict=reject
			expect_eq "$vid $d verdict (recorded)" "$verdict" "$want"
		done
		rc=0
		json=$("$OK_BIN/dpp-uri" parse --lenient -j -u "$uri" 2>"$T/err") ||
		    rc=$?
		if [ "$want" = reject ]; then
			expect_eq "$vid lenient exit" "$rc" 3
			continue
		fi
		expect_eq "$vid lenient exit ($(cat "$T/err"))" "$rc" 0
		[[ $reply =~ ^[0-9]+$ ]] || flunk "$vid hapd id: $reply"
		info=$(ctrl hapd DPP_BOOTSTRAP_INFO "$reply")
		compare_info "$vid (live vs recorded)" "$info" "$recorded"
		compare_info "$vid" "$info" "$(view peer "$json")"
	done < <(jq -j '.vectors[] | .id, "\u0000", .uri, "\u0000",
	    .hostapd_2_10_debian, "\u0000",
	    (.hostapd_2_10_info // {} | to_entries
	        | map("\(.key)=\(.value)") | join("\n")), "\u0000"' \
	    "$OK_VECTORS/dpp/uri_vectors.json")
	[ "$count" -ge 70 ] || flunk "only $count vectors read"
}

# plain FUNC: runs FUNC in a child bash.  bats traces every command of a
# test with a DEBUG trap (set -T), which makes the loops above about three
# times slower; the child has the same errexit semantics and no trap, and
# its stderr says what failed.
plain() {
	export T CURVES CHAN MAC MAC_URI INFO
	export -f flunk expect_eq ok_dpp_uri ctrl ctrl_id kv view load_kv \
	    compare_info scan_check uri_k chk_peers chk_daemon_uris chk_lenient
	# shellcheck disable=SC2046 # function names, split on purpose
	export -f $(compgen -A function | grep -E '^_?peer_')
	bash -c 'set -eE -o pipefail; shopt -s inherit_errexit; "$@"' plain "$@"
}

# ---- the peers on their own ------------------------------------------------

@test "peers: both daemons generate, export and scan bootstrap URIs on every curve" {
	plain chk_peers
}

# ---- 1. dpp-uri gen -> peers -----------------------------------------------

@test "1: URIs from dpp-uri gen (6 curves, and C/M/I/V) are accepted by both daemons with the same pkhash and fields" {
	need_dpp_uri
	local c uri v h hk
	for c in $CURVES; do
		uri=$(ok_dpp_uri gen -c "$c" -K "$T/$c.pem")
		[[ $uri =~ ^DPP:K:[A-Za-z0-9+/]+=*\;\;$ ]] ||
		    flunk "gen $c: not a bare canonical URI: $uri"
		v=$(view strict "$(ok_dpp_uri parse -j -u "$uri")")
		expect_eq "parse $c curve" "$(kv curve "$v")" "$c"
		expect_eq "parse $c key" "$(kv key "$v")" "$(uri_k "$uri")"
		h=$(ok_dpp_uri hash -u "$uri")
		hk=$(ok_dpp_uri hash -k "$T/$c.pem")
		expect_eq "hash -u vs hash -k $c" "$h" "$hk"
		expect_eq "hash -u vs parse -j $c" "$h" \
		    "pkhash: $(kv pkhash "$v")"$'\n'"chirp_hash: $(kv chirp_hash "$v")"
		scan_check "gen $c" "$uri" "$v"
	done

	uri=$(ok_dpp_uri gen -K "$T/opts.pem" --chan "$CHAN" --mac "$MAC" \
	    --info "$INFO" --dpp-version 2)
	[[ $uri =~ ^DPP:C:81/1,6,11\;M:020000000001\;I:SN=1234\;V:2\;K:[A-Za-z0-9+/]+=*\;\;$ ]] ||
	    flunk "gen with options: $uri"
	v=$(view strict "$(ok_dpp_uri parse -j -u "$uri")")
	scan_check "gen opts" "$uri" "$v"
	# The same facts as literals, from hostapd's point of view.
	local id info
	id=$(ctrl_id hapd DPP_QR_CODE "$uri")
	info=$(ctrl hapd DPP_BOOTSTRAP_INFO "$id")
	expect_eq "opts curve" "$(kv curve "$info")" prime256v1
	expect_eq "opts mac" "$(kv mac_addr "$info")" "$MAC"
	expect_eq "opts info" "$(kv info "$info")" "$INFO"
	expect_eq "opts version" "$(kv version "$info")" 2
	expect_eq "opts num_freq" "$(kv num_freq "$info")" 3
	expect_eq "opts pkhash" "pkhash: $(kv pkhash "$info")" \
	    "$(ok_dpp_uri hash -k "$T/opts.pem" | head -n 1)"
}

# ---- 2. peers' URIs -> dpp-uri parse ---------------------------------------

@test "2: URIs from DPP_BOOTSTRAP_GEN (both daemons, 6 curves, with and without C/M/I) parse strictly to the same pkhash and fields" {
	need_dpp_uri
	plain chk_daemon_uris
}

# ---- 3. dpp-uri key -f hostapd -> DPP_BOOTSTRAP_GEN key= -------------------

@test "3: a dpp-uri key exported with key -f hostapd gives both daemons the same URI as dpp-uri gen -k (6 curves)" {
	need_dpp_uri
	local c d hex uri_new uri_k uri_d id
	for c in $CURVES; do
		uri_new=$(ok_dpp_uri gen -c "$c" -K "$T/$c.pem" --chan "$CHAN" \
		    --mac "$MAC" --info "$INFO" --dpp-version 2)
		uri_k=$(ok_dpp_uri gen -k "$T/$c.pem" --chan "$CHAN" \
		    --mac "$MAC" --info "$INFO" --dpp-version 2)
		expect_eq "$c gen -K vs gen -k" "$uri_k" "$uri_new"
		hex=$(ok_dpp_uri key -f hostapd "$T/$c.pem")
		[[ $hex =~ ^30[0-9a-f]+$ ]] || flunk "$c key -f hostapd: $hex"
		expect_eq "$c key -f hostapd -k" \
		    "$(ok_dpp_uri key -f hostapd -k "$T/$c.pem")" "$hex"
		for d in wpas hapd; do
			id=$(ctrl_id "$d" DPP_BOOTSTRAP_GEN type=qrcode \
			    key="$hex" chan="$CHAN" mac="$MAC" info="$INFO")
			uri_d=$(ctrl "$d" DPP_BOOTSTRAP_GET_URI "$id")
			expect_eq "$c $d URI from key=" "$uri_d" "$uri_k"
		done
	done
}

# ---- 4. known keys from the vectors ----------------------------------------

@test "4: wpa_supplicant DPP_BOOTSTRAP_GEN key= and dpp-uri gen -k on the same known keys give identical URIs" {
	need_dpp_uri
	local file="$OK_VECTORS/dpp/bootstrap_keys.json" n i hex want cmd
	local chan mac hash id uri_w uri_o
	local -a dargs wargs
	n=$(jq '.keys | length' "$file")
	[ "$n" -ge 6 ] || flunk "only $n keys in $file"
	for ((i = 0; i < n; i++)); do
		hex=$(jq -r ".keys[$i].ecprivatekey_der_hex" "$file")
		want=$(jq -r ".keys[$i].uri_generated_by_wpa_supplicant_2_10" "$file")
		hash=$(jq -r ".keys[$i].bootstrap_key_hash_sha256" "$file")
		cmd=$(jq -r ".keys[$i].uri_command // \"\"" "$file")
		chan=$(sed -n 's/.* chan=\([^ ]*\).*/\1/p' <<<"$cmd")
		mac=$(sed -n 's/.* mac=\([^ ]*\).*/\1/p' <<<"$cmd")
		dargs=(--dpp-version 2)
		wargs=()
		[ -z "$chan" ] || { dargs+=(--chan "$chan"); wargs+=(chan="$chan"); }
		[ -z "$mac" ] || { dargs+=(--mac "$mac"); wargs+=(mac="$mac"); }
		printf '%s\n' "$hex" >"$T/key$i.hex"

		id=$(ctrl_id wpas DPP_BOOTSTRAP_GEN type=qrcode key="$hex" \
		    "${wargs[@]}")
		uri_w=$(ctrl wpas DPP_BOOTSTRAP_GET_URI "$id")
		uri_o=$(ok_dpp_uri gen -k "$T/key$i.hex" "${dargs[@]}")
		expect_eq "key $i wpa_supplicant vs vector" "$uri_w" "$want"
		expect_eq "key $i dpp-uri vs wpa_supplicant" "$uri_o" "$uri_w"
		expect_eq "key $i hash -k" \
		    "$(ok_dpp_uri hash -k "$T/key$i.hex" | head -n 1)" \
		    "pkhash: $hash"
		expect_eq "key $i wpas pkhash" \
		    "$(kv pkhash "$(ctrl wpas DPP_BOOTSTRAP_INFO "$id")")" "$hash"
		# dpp-uri's own hex export of the same key is taken as well.
		id=$(ctrl_id wpas DPP_BOOTSTRAP_GEN type=qrcode \
		    key="$(ok_dpp_uri key -f hostapd "$T/key$i.hex")" "${wargs[@]}")
		expect_eq "key $i re-exported" \
		    "$(ctrl wpas DPP_BOOTSTRAP_GET_URI "$id")" "$want"
	done
}

# ---- 5. negatives ----------------------------------------------------------

@test "5: URIs that hostapd 2.10 rejects are rejected by strict dpp-uri parse (exit 3) and by both daemons" {
	need_dpp_uri
	local vid uri d reply rc count=0
	while IFS= read -r -d '' vid && IFS= read -r -d '' uri; do
		count=$((count + 1))
		for d in wpas hapd; do
			reply=$(peer_ctrl "$d" DPP_QR_CODE "$uri")
			expect_eq "$vid $d DPP_QR_CODE" "$reply" FAIL
		done
		rc=0
		"$OK_BIN/dpp-uri" parse -u "$uri" >"$T/out" 2>"$T/err" || rc=$?
		expect_eq "$vid dpp-uri parse exit" "$rc" 3
		expect_eq "$vid dpp-uri parse stdout" "$(cat "$T/out")" ""
		[[ $(cat "$T/err") =~ ^dpp-uri:\ [^:]+:\ .+$ ]] ||
		    flunk "$vid: diagnostic not 'dpp-uri: FIELD: reason': $(cat "$T/err")"
		expect_eq "$vid diagnostic lines" "$(wc -l <"$T/err")" 1
	done < <(jq -j '.vectors[] | select(.hostapd_2_10_debian == "reject")
	    | .id, "\u0000", .uri, "\u0000"' "$OK_VECTORS/dpp/uri_vectors.json")
	[ "$count" -ge 20 ] || flunk "only $count reject vectors read"
}

# ---- 5b. lenient mode against the live peers -------------------------------

@test "5b: dpp-uri parse --lenient accepts exactly what the live daemons accept, with the same pkhash and fields" {
	need_dpp_uri
	plain chk_lenient
}

# ---- 6. end to end ---------------------------------------------------------

@test "6: DPP Authentication + Configuration over TCP with an Enrollee key and URI made by dpp-uri (6 curves)" {
	need_dpp_uri
	local c uri hex id cid peer mark_e mark_c ssid_hex
	peer_start_wpas enr
	ctrl enr DPP_CONTROLLER_START role=enrollee tcp_port=8908 >/dev/null
	cid=$(ctrl_id hapd DPP_CONFIGURATOR_ADD)
	ssid_hex=$(printf dpp-test | xxd -p)
	for c in $CURVES; do
		uri=$(ok_dpp_uri gen -c "$c" -K "$T/e2e-$c.pem" --chan 81/1 \
		    --mac "$MAC")
		hex=$(ok_dpp_uri key -f hostapd "$T/e2e-$c.pem")
		peer=$(ctrl_id hapd DPP_QR_CODE "$uri")
		if [ "$c" = prime256v1 ]; then
			# Control: before the Enrollee holds the key, the same
			# request is not answered (2.10 logs no failure event).
			mark_e=$(peer_log_mark enr)
			expect_eq "$c control auth init" "$(ctrl hapd DPP_AUTH_INIT \
			    peer="$peer" role=configurator conf=sta-dpp \
			    configurator="$cid" ssid="$ssid_hex" \
			    tcp_addr=127.0.0.1 tcp_port=8908 neg_freq=2412)" OK
			peer_wait_log enr ': DPP: Authentication Request$' 5 \
			    "$mark_e" >/dev/null ||
			    flunk "control: request never reached the enrollee"
			! peer_wait_log enr 'DPP-AUTH-SUCCESS' 1 "$mark_e" \
			    >/dev/null ||
			    flunk "control: auth succeeded without the key"
		fi
		id=$(ctrl_id enr DPP_BOOTSTRAP_GEN type=qrcode key="$hex" \
		    chan=81/1 mac="$MAC")
		# The daemon always adds V:2; otherwise it is dpp-uri's string.
		expect_eq "$c enrollee URI" \
		    "$(ctrl enr DPP_BOOTSTRAP_GET_URI "$id")" \
		    "${uri/;K:/;V:2;K:}"
		mark_e=$(peer_log_mark enr)
		mark_c=$(peer_log_mark hapd)
		expect_eq "$c auth init" "$(ctrl hapd DPP_AUTH_INIT peer="$peer" \
		    role=configurator conf=sta-dpp configurator="$cid" \
		    ssid="$ssid_hex" tcp_addr=127.0.0.1 tcp_port=8908 \
		    neg_freq=2412)" OK
		peer_wait_log enr ': DPP-AUTH-SUCCESS init=0$' 10 "$mark_e" \
		    >/dev/null || flunk "$c: no DPP-AUTH-SUCCESS at the enrollee"
		peer_wait_log enr ': DPP-CONF-RECEIVED' 10 "$mark_e" \
		    >/dev/null || flunk "$c: no DPP-CONF-RECEIVED at the enrollee"
		peer_wait_log enr ': DPP-CONFOBJ-SSID dpp-test$' 5 "$mark_e" \
		    >/dev/null || flunk "$c: wrong or no DPP-CONFOBJ-SSID"
		peer_wait_log hapd ': DPP-CONF-SENT' 5 "$mark_c" \
		    >/dev/null || flunk "$c: no DPP-CONF-SENT at the configurator"
		# Nothing went wrong on the way.
		! peer_wait_log enr 'DPP-FAIL|No matching own bootstrapping key' \
		    0 "$mark_e" >/dev/null ||
		    flunk "$c: failure logged by the enrollee"
	done
}
