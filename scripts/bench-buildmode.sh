#!/bin/sh
# bench-buildmode.sh: what the build mode costs beside a plain go build of
# the same program, the net/http client and server of
# testdata/script/buildmode_http.txtar (about 200 packages with the green
# ones). Cold: one build each in an empty GOCACHE. Warm: main.go edited
# (a new comment) before each build, so main compiles and the program links
# again while everything else comes from the cache; median of $RUNS (5).
# Target: warm <= 1.2x plain.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${RUNS:-5}
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
bin="$work/greenify"
go build -o "$bin" ./cmd/greenify
mkdir "$work/web"
sed -n '/^-- main.go --$/,$p' testdata/script/buildmode_http.txtar | tail -n +2 >"$work/web/main.go"
printf 'module example.com/web\n\ngo 1.26.0\n' >"$work/web/go.mod"
cd "$work/web"
"$bin" pin -green="$root" >/dev/null || { echo "bench-buildmode: greenify pin failed" >&2; exit 1; }

now() { date +%s.%N; }
# secs CMD...: seconds CMD takes, its output dropped unless it fails
secs() {
	t0=$(now)
	if ! "$@" >"$work/out" 2>&1; then
		echo "bench-buildmode: $* failed:" >&2
		cat "$work/out" >&2
		exit 1
	fi
	t1=$(now)
	echo "$t1 - $t0" | bc
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

cold_plain=$(GOCACHE="$work/cache-plain" secs go build -o "$work/plain" .)
cold_mode=$(GOCACHE="$work/cache-mode" secs "$bin" go build -o "$work/green" .)
i=0
: >"$work/plain.t"
: >"$work/mode.t"
while [ $i -lt "$runs" ]; do
	echo "// edit $i" >>main.go
	secs go build -o "$work/plain" . >>"$work/plain.t"
	secs "$bin" go build -o "$work/green" . >>"$work/mode.t"
	i=$((i + 1))
done
warm_plain=$(median <"$work/plain.t")
warm_mode=$(median <"$work/mode.t")
printf '%-6s %10s %10s %7s\n' build plain/s mode/s ratio
printf '%-6s %10.2f %10.2f %6.2fx\n' cold "$cold_plain" "$cold_mode" "$(echo "$cold_mode / $cold_plain" | bc -l)"
printf '%-6s %10.2f %10.2f %6.2fx\n' warm "$warm_plain" "$warm_mode" "$(echo "$warm_mode / $warm_plain" | bc -l)"
