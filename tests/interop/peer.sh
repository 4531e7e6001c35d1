# peer.sh: run Debian's wpa_supplicant and hostapd (2.10) as DPP peers with
# no Wi-Fi hardware, inside a private network namespace that this library
# creates and removes itself.  Source it from bash (bats or a script).
#
#   peer_init                   namespace + temp dir; 1 (+ PEER_UNAVAILABLE)
#                               when neither root nor a user namespace works
#   peer_start_wpas NAME [LINE...]   wpa_supplicant -D none -i lo
#   peer_start_hostapd NAME [LINE...]  hostapd driver=none on lo
#   peer_ctrl NAME CMD [ARG...] one control command; prints the reply
#   peer_log_mark NAME          current length of NAME's log (for waits)
#   peer_wait_log NAME ERE SECS [MARK]  poll the log until a line matches
#   peer_exec CMD [ARG...]      run a command inside the namespace
#   peer_stop NAME              stop one daemon (TERM, then KILL; bounded)
#   peer_teardown               stop everything, remove namespace and dir
#   peer_trap_cleanup           run peer_teardown on EXIT/INT/TERM (scripts;
#                               bats files call peer_teardown from
#                               teardown_file instead)
#
# State lives in exported PEER_* variables so that bats tests, which run
# in their own processes, can reach daemons started by setup_file.
#
# Two ways to get a namespace where wpa_supplicant may open its PF_PACKET
# socket (it needs CAP_NET_RAW): as root, `ip netns add` with a name unique
# to this run; otherwise an unprivileged user namespace (`unshare -rn`)
# kept alive by a holder process and entered with nsenter.  Set
# PEER_FORCE_MODE=userns to use the second way as root too.  The Controller
# role binds 0.0.0.0:8908, which is harmless only inside such a namespace.

PEER_TIMEOUT_START=${PEER_TIMEOUT_START:-5}
PEER_TIMEOUT_STOP=${PEER_TIMEOUT_STOP:-5}
PEER_TIMEOUT_REAP=${PEER_TIMEOUT_REAP:-3}
PEER_HOLDER_SECONDS=${PEER_HOLDER_SECONDS:-900}

# Sleeps a short poll interval; fractional sleep is GNU coreutils.
_peer_tick() {
	sleep 0.05
}

# True while pid is a live (not zombie) process.  Daemonized peers are
# reaped by init at its own pace, so a zombie counts as stopped.
_peer_alive() {
	local pid=$1 state
	[ -n "$pid" ] || return 1
	kill -0 "$pid" 2>/dev/null || return 1
	state=$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' \
	    "/proc/$pid/status" 2>/dev/null) || return 1
	[ -n "$state" ] && [ "$state" != Z ]
}

# _peer_kill_wait PID...: sends TERM to each, waits up to PEER_TIMEOUT_STOP
# seconds, sends KILL to any left and waits again.  Then it gives init up
# to PEER_TIMEOUT_REAP seconds to reap the zombies, so that a pgrep right
# after teardown finds nothing.  Returns 1 if a process survived KILL.
_peer_kill_wait() {
	local pid sig deadline left
	for sig in TERM KILL; do
		left=
		for pid in "$@"; do
			_peer_alive "$pid" || continue
			kill "-$sig" "$pid" 2>/dev/null
			left="$left $pid"
		done
		[ -n "$left" ] || break
		deadline=$((SECONDS + PEER_TIMEOUT_STOP))
		while [ "$SECONDS" -lt "$deadline" ]; do
			left=
			for pid in "$@"; do
				_peer_alive "$pid" && left="$left $pid"
			done
			[ -n "$left" ] || break
			_peer_tick
		done
	done
	[ -z "$left" ] || return 1
	[ -n "${PEER_NO_REAP_WAIT:-}" ] || _peer_reap_wait "$@"
	return 0
}

# Waits (bounded) until exited processes are reaped by their parent.
_peer_reap_wait() {
	local pid deadline
	deadline=$((SECONDS + PEER_TIMEOUT_REAP))
	for pid in "$@"; do
		while kill -0 "$pid" 2>/dev/null &&
		    [ "$SECONDS" -lt "$deadline" ]; do
			_peer_tick
		done
	done
}

# Runs a command inside the namespace.  fd 3 is closed so that bats does
# not wait for daemons that inherited its output pipe.
peer_exec() {
	case $PEER_MODE in
	netns)
		ip netns exec "$PEER_NS" "$@" 3>&-
		;;
	userns)
		nsenter -t "$PEER_HOLDER_PID" -U -n --preserve-credentials \
		    "$@" 3>&-
		;;
	*)
		echo "peer_exec: no namespace (call peer_init)" >&2
		return 1
		;;
	esac
}

_peer_init_netns() {
	local out
	PEER_NS="okdpp-$$-$RANDOM"
	if ! out=$(ip netns add "$PEER_NS" 2>&1); then
		PEER_INIT_ERR="ip netns add: ${out:-failed}"
		PEER_NS=
		return 1
	fi
	PEER_MODE=netns
	if ! out=$(ip -n "$PEER_NS" link set lo up 2>&1); then
		PEER_INIT_ERR="ip link set lo up: $out"
		return 1
	fi
	return 0
}

_peer_init_userns() {
	local out deadline ready="$PEER_DIR/holder.ready"
	if ! out=$(unshare -rn true 2>&1); then
		PEER_INIT_ERR="${PEER_INIT_ERR:+$PEER_INIT_ERR; }unshare -rn: ${out:-failed}"
		return 1
	fi
	# The holder keeps the namespace alive; it is killed by pid later.
	# shellcheck disable=SC2016 # $1 and $2 expand in the inner sh
	unshare -rn sh -c 'ip link set lo up && : > "$1" && exec sleep "$2"' \
	    holder "$ready" "$PEER_HOLDER_SECONDS" \
	    </dev/null >"$PEER_DIR/holder.log" 2>&1 3>&- &
	PEER_HOLDER_PID=$!
	echo "$PEER_HOLDER_PID" >"$PEER_DIR/holder.pid"
	PEER_MODE=userns
	deadline=$((SECONDS + PEER_TIMEOUT_START))
	while [ ! -e "$ready" ]; do
		if ! _peer_alive "$PEER_HOLDER_PID" ||
		    [ "$SECONDS" -ge "$deadline" ]; then
			PEER_INIT_ERR="${PEER_INIT_ERR:+$PEER_INIT_ERR; }unshare -rn holder: $(cat "$PEER_DIR/holder.log" 2>/dev/null)"
			return 1
		fi
		_peer_tick
	done
	return 0
}

# Creates the temp dir and the namespace.  On failure PEER_UNAVAILABLE
# holds every error seen and whatever was created is removed again.
peer_init() {
	PEER_INIT_ERR=
	PEER_UNAVAILABLE=
	PEER_MODE=
	PEER_NS=
	PEER_HOLDER_PID=
	PEER_DIR=$(mktemp -d "${TMPDIR:-/tmp}/okdpp.XXXXXX") || {
		PEER_UNAVAILABLE="mktemp -d failed"
		export PEER_UNAVAILABLE
		return 1
	}
	export PEER_DIR PEER_MODE PEER_NS PEER_HOLDER_PID
	if [ "${PEER_FORCE_MODE:-}" != userns ] && [ "$(id -u)" = 0 ]; then
		_peer_init_netns && { export PEER_MODE PEER_NS; return 0; }
		[ -n "$PEER_NS" ] && ip netns del "$PEER_NS" 2>/dev/null
		PEER_NS='' PEER_MODE=''
	fi
	if _peer_init_userns; then
		export PEER_MODE PEER_HOLDER_PID
		return 0
	fi
	PEER_UNAVAILABLE=$PEER_INIT_ERR
	peer_teardown
	export PEER_UNAVAILABLE
	return 1
}

# Waits until NAME answers PING with PONG.
_peer_wait_ready() {
	local name=$1 pid deadline
	deadline=$((SECONDS + PEER_TIMEOUT_START))
	while [ "$(peer_ctrl "$name" PING 2>/dev/null)" != PONG ]; do
		if [ "$SECONDS" -ge "$deadline" ]; then
			echo "peer: $name did not answer PING within" \
			    "${PEER_TIMEOUT_START}s; log tail:" >&2
			tail -n 20 "$PEER_DIR/$name.log" >&2 2>/dev/null
			return 1
		fi
		_peer_tick
	done
	# The pid file is written when the daemon enters its event loop,
	# which is before the first reply, but be sure before relying on it.
	while [ ! -s "$PEER_DIR/$name.pid" ]; do
		[ "$SECONDS" -ge "$deadline" ] && return 1
		_peer_tick
	done
	cp "$PEER_DIR/$name.pid" "$PEER_DIR/$name.pidsave"
}

_peer_check_name() {
	case $1 in
	'' | *[!a-z0-9_]*)
		echo "peer: bad name '$1' (use [a-z0-9_])" >&2
		return 1
		;;
	esac
	if [ -e "$PEER_DIR/$1.kind" ]; then
		echo "peer: $1 already started" >&2
		return 1
	fi
}

# peer_start_wpas NAME [CONF_LINE...]: a wpa_supplicant with no driver on
# the namespace's lo, debug log with keys in $PEER_DIR/NAME.log.
peer_start_wpas() {
	local name=$1 conf line
	shift
	_peer_check_name "$name" || return 1
	conf="$PEER_DIR/$name.conf"
	{
		printf 'ctrl_interface=DIR=%s/%s\n' "$PEER_DIR" "$name"
		printf 'update_config=0\n'
		printf 'dpp_config_processing=2\n'
		for line in "$@"; do printf '%s\n' "$line"; done
	} >"$conf"
	echo wpas >"$PEER_DIR/$name.kind"
	echo "$name" >>"$PEER_DIR/daemons"
	peer_exec wpa_supplicant -D none -i lo -c "$conf" -B \
	    -P "$PEER_DIR/$name.pid" -t -dd -K -f "$PEER_DIR/$name.log" \
	    </dev/null >"$PEER_DIR/$name.out" 2>&1 || {
		echo "peer: wpa_supplicant $name failed to start:" >&2
		cat "$PEER_DIR/$name.out" >&2
		tail -n 20 "$PEER_DIR/$name.log" >&2 2>/dev/null
		return 1
	}
	_peer_wait_ready "$name"
}

# peer_start_hostapd NAME [CONF_LINE...]: a hostapd with driver=none on lo.
peer_start_hostapd() {
	local name=$1 conf line
	shift
	_peer_check_name "$name" || return 1
	conf="$PEER_DIR/$name.conf"
	{
		printf 'interface=lo\n'
		printf 'driver=none\n'
		printf 'ctrl_interface=%s/%s\n' "$PEER_DIR" "$name"
		printf 'ssid=unconfigured\n'
		for line in "$@"; do printf '%s\n' "$line"; done
	} >"$conf"
	echo hostapd >"$PEER_DIR/$name.kind"
	echo "$name" >>"$PEER_DIR/daemons"
	peer_exec hostapd -ddt -K -f "$PEER_DIR/$name.log" -B \
	    -P "$PEER_DIR/$name.pid" "$conf" \
	    </dev/null >"$PEER_DIR/$name.out" 2>&1 || {
		echo "peer: hostapd $name failed to start:" >&2
		cat "$PEER_DIR/$name.out" >&2
		tail -n 20 "$PEER_DIR/$name.log" >&2 2>/dev/null
		return 1
	}
	_peer_wait_ready "$name"
}

# peer_ctrl NAME CMD [ARG...]: sends "CMD ARG..." (joined by single spaces)
# on NAME's control socket and prints the reply with exactly one trailing
# newline.  Returns 0 when a reply came (even "FAIL"), 1 otherwise; the
# clients give up after 10 s (wpa_ctrl_request's own limit).  The client
# runs outside the namespace: Unix sockets with a path do not belong to a
# network namespace.  "--" stops getopt from taking an argument that
# starts with '-' as an option of the client.
peer_ctrl() {
	local name=$1 kind='' reply
	shift
	read -r kind 2>/dev/null <"$PEER_DIR/$name.kind"
	case $kind in
	wpas)
		reply=$(wpa_cli -p "$PEER_DIR/$name" -i lo -- raw "$@") ||
		    return 1
		;;
	hostapd)
		reply=$(hostapd_cli -p "$PEER_DIR/$name" -i lo -- raw "$@") ||
		    return 1
		;;
	*)
		echo "peer_ctrl: no daemon named '$name'" >&2
		return 1
		;;
	esac
	printf '%s\n' "$reply"
}

# Prints the number of lines now in NAME's log.
peer_log_mark() {
	local n
	n=$(wc -l <"$PEER_DIR/$1.log" 2>/dev/null) || n=0
	echo "${n:-0}"
}

# peer_wait_log NAME ERE SECS [MARK]: waits at most SECS seconds for a log
# line after line MARK (default 0) matching ERE; prints the first match.
peer_wait_log() {
	local name=$1 ere=$2 secs=$3 mark=${4:-0} deadline line
	deadline=$((SECONDS + secs))
	while :; do
		line=$(tail -n "+$((mark + 1))" "$PEER_DIR/$name.log" \
		    2>/dev/null | grep -a -m 1 -E -e "$ere")
		if [ -n "$line" ]; then
			printf '%s\n' "$line"
			return 0
		fi
		[ "$SECONDS" -ge "$deadline" ] && return 1
		_peer_tick
	done
}

# Pids of processes in our namespace (only ours: the namespace is private).
_peer_ns_pids() {
	local ino p
	case $PEER_MODE in
	netns)
		ip netns pids "$PEER_NS" 2>/dev/null
		;;
	userns)
		ino=$(readlink "/proc/$PEER_HOLDER_PID/ns/net" 2>/dev/null) ||
		    return 0
		for p in /proc/[0-9]*; do
			[ "${p#/proc/}" = "$PEER_HOLDER_PID" ] && continue
			[ "$(readlink "$p/ns/net" 2>/dev/null)" = "$ino" ] &&
			    echo "${p#/proc/}"
		done
		;;
	esac
}

_peer_daemon_pid() {
	cat "$PEER_DIR/$1.pidsave" 2>/dev/null ||
	    cat "$PEER_DIR/$1.pid" 2>/dev/null
}

# Stops one daemon by its pid file.
peer_stop() {
	local pid
	pid=$(_peer_daemon_pid "$1")
	[ -n "$pid" ] || return 0
	_peer_kill_wait "$pid"
}

# Stops every daemon (pid files), then anything else left in the namespace,
# then the namespace, the holder and the temp dir.  Safe to call more than
# once and after a partial peer_init.  Returns 1 if something could not be
# stopped or removed.
peer_teardown() {
	local name pids rc=0
	[ -n "${PEER_DIR:-}" ] || return 0
	pids=
	if [ -f "$PEER_DIR/daemons" ]; then
		while read -r name; do
			pids="$pids $(_peer_daemon_pid "$name")"
		done <"$PEER_DIR/daemons"
	fi
	# shellcheck disable=SC2086 # pids are numbers, split on purpose
	_peer_kill_wait $pids || rc=1
	# shellcheck disable=SC2046
	_peer_kill_wait $(_peer_ns_pids) || rc=1
	if [ "$PEER_MODE" = netns ] && [ -n "$PEER_NS" ]; then
		ip netns del "$PEER_NS" 2>/dev/null || rc=1
	fi
	if [ -n "${PEER_HOLDER_PID:-}" ]; then
		# The holder is our child when teardown runs in the process
		# that ran peer_init; then only wait reaps it.
		PEER_NO_REAP_WAIT=1 _peer_kill_wait "$PEER_HOLDER_PID" || rc=1
		_peer_alive "$PEER_HOLDER_PID" ||
		    wait "$PEER_HOLDER_PID" 2>/dev/null
		_peer_reap_wait "$PEER_HOLDER_PID"
	fi
	rm -rf -- "$PEER_DIR" || rc=1
	PEER_DIR='' PEER_MODE='' PEER_NS='' PEER_HOLDER_PID=''
	return "$rc"
}

peer_trap_cleanup() {
	trap 'peer_teardown' EXIT
	trap 'peer_teardown; trap - EXIT; exit 130' INT
	trap 'peer_teardown; trap - EXIT; exit 143' TERM
}
