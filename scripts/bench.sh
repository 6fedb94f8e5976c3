#!/usr/bin/env bash
# scripts/bench.sh — the README's figures, side by side in one run on
# 127.0.0.1 (client and servers share the machine; treat them as ratios).
#
#   scripts/bench.sh            # about 6 minutes on 2 cores
#   DUR=2s IDLE=2000 BULK=268435456 NOPY=1 scripts/bench.sh   # a quick look
#
# Servers: the green echo server (examples/echo: one hub, a green thread
# per conn) on each hub kind of KINDS, the same program on the standard net (examples/plainecho),
# and Debian's python3-eventlet / python3-gevent echo servers when
# installed (scripts/bench/*.py). All echo with a 64-byte buffer; the
# client (internal/loadgen, standard net) sends 64-byte messages in a
# closed loop.
#
# Figures:
#   round trips/s and p50/p99 latency at 1, 50 and 500 connections;
#   server CPU µs per round trip: utime+stime from /proc/PID/stat around
#     each run, divided by every round trip of that run (warm-up included);
#   idle memory per connection: a fresh server, SIGUSR1 (each server's
#     -gc-signal / gc.collect handler: a GC that returns freed memory to the
#     OS), RSS; then IDLE connections that each did one round trip (so the
#     handler sits in its read with its buffer), SIGUSR1 again, RSS;
#     (RSS delta)/IDLE;
#   the port forwarder (examples/forwarder, 32 KiB loop and -iocopy) moving
#     BULK bytes client -> forwarder -> sink, beside the same forwarder
#     built on the standard net (the source with its imports switched back)
#     and beside the client talking to the sink directly;
#   net/http requests/s with wrk on a green listener and a standard one.
# Every figure also appears as a ratio to the standard-net server.
set -euo pipefail
cd "$(dirname "$0")/.."

DUR=${DUR:-5s}                 # measuring time per echo run
IDLE=${IDLE:-9000}             # idle connections for the memory figure
BULK=${BULK:-1073741824}       # bytes through the forwarder (1 GiB)
HTTPDUR=${HTTPDUR:-8s}         # wrk duration
KINDS=${KINDS:-netpoll epoll}  # hub kinds to run the green echo server on
# NOPY=1 leaves the Python references (and their install) out.
PY=/usr/bin/python3            # Debian's python, where the packages land

# 9,000 connections need more descriptors than the usual 1024 on both ends.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" -lt $((IDLE + 100)) ]; then
	echo "bench: ulimit -n is $(ulimit -n); lowering IDLE to fit" >&2
	IDLE=$(($(ulimit -n) - 100))
fi

# Tools the comparison uses, installed when missing and we may (CI is root
# on Debian). The script goes on without them.
want_pkgs=()
command -v wrk >/dev/null || want_pkgs+=(wrk)
if [ -z "${NOPY:-}" ]; then
	$PY -c 'import eventlet' 2>/dev/null || want_pkgs+=(python3-eventlet)
	$PY -c 'import gevent' 2>/dev/null || want_pkgs+=(python3-gevent)
fi
if [ ${#want_pkgs[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "bench: installing ${want_pkgs[*]}" >&2
	apt-get install -y "${want_pkgs[@]}" >/dev/null 2>&1 || echo "bench: apt-get failed; going on without" >&2
fi

WORK=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "bench: building" >&2
go build -o "$WORK/green-echo" ./examples/echo
go build -o "$WORK/std-echo" ./examples/plainecho
go build -o "$WORK/green-fwd" ./examples/forwarder
go build -o "$WORK/loadgen" ./internal/loadgen
go build -o "$WORK/benchhttp" ./internal/benchhttp
# The forwarder on the standard net: the same source with the green
# imports switched back and hub.Go(func() { f() }) as go f() — what
# greenify -undo gives. Building it proves the edit still applies.
mkdir -p "$WORK/stdfwd"
sed -e 's#"github.com/greenify/greenify/green/net"#"net"#' \
	-e '\#"github.com/greenify/greenify/runtime/hub"#d' \
	-e 's#hub\.Go(func() { \(.*\) })$#go \1#' \
	examples/forwarder/main.go >"$WORK/stdfwd/main.go"
(cd "$WORK/stdfwd" && GOFLAGS= go build -o "$WORK/std-fwd" main.go)

CLK=$(getconf CLK_TCK)

# start NAME CMD... : run a server, wait for its "listening on ADDR" line;
# sets SPID and SADDR.
start() {
	local name=$1
	shift
	"$@" >"$WORK/$name.log" 2>&1 &
	SPID=$!
	PIDS+=("$SPID")
	for _ in $(seq 200); do
		SADDR=$(grep -o 'listening on [0-9.:]*' "$WORK/$name.log" 2>/dev/null | head -1 | cut -d' ' -f3 || true)
		[ -n "$SADDR" ] && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.05
	done
	echo "bench: $name did not start:" >&2
	cat "$WORK/$name.log" >&2
	return 1
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; } # field NAME <<< "a=1 NAME=2"

# The green server once per hub kind in KINDS (GREEN_HUB); the first is
# the one the forwarder and net/http figures use.
SERVERS=(std)
declare -A CMD=([std]="$WORK/std-echo -addr 127.0.0.1:0 -buf 64 -gc-signal")
declare -A LABEL=([std]="Go net" [eventlet]="eventlet" [gevent]="gevent")
for k in $KINDS; do
	SERVERS+=("green-$k")
	CMD[green-$k]="env GREEN_HUB=$k $WORK/green-echo -addr 127.0.0.1:0 -buf 64 -gc-signal"
	LABEL[green-$k]="green $k"
done
if [ -n "${NOPY:-}" ]; then
	: # the Python references are left out
elif $PY -c 'import eventlet' 2>/dev/null; then
	SERVERS+=(eventlet)
	CMD[eventlet]="$PY scripts/bench/eventlet_echo.py 0 64"
	LABEL[eventlet]="eventlet $($PY -c 'import eventlet; print(eventlet.__version__)')"
fi
if [ -z "${NOPY:-}" ] && $PY -c 'import gevent' 2>/dev/null; then
	SERVERS+=(gevent)
	CMD[gevent]="$PY scripts/bench/gevent_echo.py 0 64"
	LABEL[gevent]="gevent $($PY -c 'import gevent; print(gevent.__version__)')"
fi

declare -A R # results: R[server,metric]
for s in "${SERVERS[@]}"; do
	echo "bench: echo on ${LABEL[$s]}" >&2
	# shellcheck disable=SC2086
	start "$s" ${CMD[$s]}
	for n in 1 50 500; do
		t0=$(ticks "$SPID")
		out=$("$WORK/loadgen" echo -addr "$SADDR" -conns $n -size 64 -duration "$DUR")
		t1=$(ticks "$SPID")
		R[$s,rps$n]=$(field rps <<<"$out")
		R[$s,p50$n]=$(field p50_us <<<"$out")
		R[$s,p99$n]=$(field p99_us <<<"$out")
		all=$(field all <<<"$out")
		R[$s,cpu$n]=$(awk -v d=$((t1 - t0)) -v c="$CLK" -v n="$all" 'BEGIN { printf "%.1f", n ? d * 1e6 / c / n : 0 }')
		errs=$(field errors <<<"$out")
		[ "$errs" = 0 ] || echo "bench: $s at $n conns: $errs errors" >&2
	done
	stop "$SPID"

	echo "bench: idle memory on ${LABEL[$s]}" >&2
	# shellcheck disable=SC2086
	start "$s-idle" ${CMD[$s]}
	sleep 0.5
	kill -USR1 "$SPID"
	sleep 1
	rss0=$(rss_kb "$SPID")
	"$WORK/loadgen" idle -addr "$SADDR" -conns "$IDLE" -size 64 >"$WORK/idle.out" 2>&1 &
	LG=$!
	PIDS+=("$LG")
	for _ in $(seq 1200); do
		grep -q ready "$WORK/idle.out" && break
		kill -0 $LG 2>/dev/null || break
		sleep 0.1
	done
	if grep -q 'ready.*errors=0' "$WORK/idle.out"; then
		kill -USR1 "$SPID"
		sleep 2
		rss1=$(rss_kb "$SPID")
		R[$s,idle]=$(awk -v a="$rss0" -v b="$rss1" -v n="$IDLE" 'BEGIN { printf "%.2f", (b - a) * 1024 / n / 1000 }')
	else
		echo "bench: idle run on $s failed: $(cat "$WORK/idle.out")" >&2
		R[$s,idle]=
	fi
	stop $LG
	stop "$SPID"
done

echo "bench: forwarder bulk ($BULK bytes)" >&2
start sink "$WORK/loadgen" sink -addr 127.0.0.1:0
SINK=$SADDR
declare -A B
B[direct]=$("$WORK/loadgen" bulk -addr "$SINK" -bytes "$BULK" | field mbps)
for f in std-loop green-loop std-iocopy green-iocopy; do
	bin=${f%-*}-fwd
	flags=(-q)
	[ "${f#*-}" = iocopy ] && flags+=(-iocopy)
	start "$f" "$WORK/$bin" -addr 127.0.0.1:0 -target "$SINK" "${flags[@]}"
	B[$f]=$("$WORK/loadgen" bulk -addr "$SADDR" -bytes "$BULK" | field mbps)
	stop "$SPID"
done

declare -A H
if command -v wrk >/dev/null; then
	for v in std green; do
		echo "bench: net/http with wrk on the $v listener" >&2
		flag=()
		[ $v = green ] && flag=(-green)
		start "http-$v" "$WORK/benchhttp" "${flag[@]}"
		wrk -t2 -c50 -d1s "http://$SADDR/" >/dev/null 2>&1 || true # warm-up
		H[$v]=$(wrk -t2 -c50 -d"$HTTPDUR" "http://$SADDR/" | awk '/Requests\/sec/ {print $2}')
		stop "$SPID"
	done
fi

# ---- the table ---------------------------------------------------------
ratio() { # ratio VALUE REF
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2fx", a / b }'
}
cell() { # cell VALUE REF : "VALUE (RATIO)"
	if [ -z "$1" ]; then printf '%s' "-"; else printf '%s (%s)' "$1" "$(ratio "$1" "$2")"; fi
}
W=24
echo
echo "greenify bench — $(nproc) cores, $(uname -r), $(go version | cut -d' ' -f3), 64-byte echo on 127.0.0.1, $DUR per run"
echo "each cell: value (ratio to Go net)"
printf "%-30s" "echo server"
for s in "${SERVERS[@]}"; do printf "%-${W}s" "${LABEL[$s]}"; done
echo
row() { # row TITLE METRIC
	printf "%-30s" "$1"
	for s in "${SERVERS[@]}"; do printf "%-${W}s" "$(cell "${R[$s,$2]}" "${R[std,$2]}")"; done
	echo
}
for n in 1 50 500; do
	row "round trips/s, $n conn" "rps$n"
	row "  p50 µs, $n conn" "p50$n"
	row "  p99 µs, $n conn" "p99$n"
done
row "server CPU µs/rt, 1 conn" cpu1
row "server CPU µs/rt, 50 conns" cpu50
row "server CPU µs/rt, 500 conns" cpu500
row "idle KB/conn, $IDLE conns" idle
echo
echo "forwarder, $BULK bytes client -> forwarder -> sink (MB/s)"
printf "%-30s%s\n" "direct to the sink" "${B[direct]}"
printf "%-30s%-24s%s\n" "32 KiB loop" "green $(cell "${B[green-loop]}" "${B[std-loop]}")" "Go net ${B[std-loop]}  (green/direct $(ratio "${B[green-loop]}" "${B[direct]}"))"
printf "%-30s%-24s%s\n" "io.Copy (-iocopy)" "green $(cell "${B[green-iocopy]}" "${B[std-iocopy]}")" "Go net ${B[std-iocopy]}  (green/direct $(ratio "${B[green-iocopy]}" "${B[direct]}"))"
echo
if [ ${#H[@]} -gt 0 ]; then
	echo "net/http, wrk -t2 -c50 -d$HTTPDUR (requests/s)"
	printf "%-30s%s\n" "Go net listener" "${H[std]}"
	printf "%-30s%s\n" "green listener" "$(cell "${H[green]}" "${H[std]}")"
else
	echo "net/http: wrk not installed; skipped"
fi

# ---- green/os and green/exec (Go benchmarks, medians of 5) -------------
# Each pair runs in one go test invocation, standard first: a child started
# and waited for, and 64 KiB writes through a pipe (256 MiB a run). -short:
# the test binaries otherwise run once per hub kind, and the figures are the
# default kind's.
gobench() { # gobench PKG BENCH BENCHTIME : prints "std-median green-median" in ns/op
	go test -short -run '^$' -bench "$2" -benchtime "$3" -count 5 "$1" 2>/dev/null |
		awk '/^Benchmark/ { split($1, a, "/"); sub(/-[0-9]+$/, "", a[2]); v[a[2]] = v[a[2]] " " $3 }
		function median(s,   n, x, i, j, t) { n = split(s, x, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }; return x[int((n + 1) / 2)] }
		END { print median(v["std"]), median(v["green"]) }'
}
echo
echo "child processes and pipes (ns/op, medians of 5; ratio green/std)"
read -r sw gw < <(gobench ./green/exec/ StartWait 1s)
printf "%-30s%-24s%s\n" "start+wait of true" "green $gw ($(ratio "$gw" "$sw"))" "os/exec $sw"
read -r sp gp < <(gobench ./green/os/ 'Pipe$' 4096x)
printf "%-30s%-24s%s\n" "pipe, 64 KiB writes" "green $gp ($(ratio "$gp" "$sp"))" "os.Pipe $sp  (time per write: lower is faster)"
