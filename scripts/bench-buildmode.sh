#!/bin/sh
# bench-buildmode.sh: what the build mode costs beside a plain go build of
# the same program, the net/http client and server of
# testdata/script/buildmode_http.txtar (about 200 packages with the green
# ones). Cold: one build each in an empty GOCACHE. Then, warm: nothing
# changed, go build ./... (every object comes from the cache; the program
# links again, as go build ./... does); noop: nothing changed, go build -o
# of an up-to-date program (nothing compiles or links: what is left is the
# proxies' start-up and the driver); edited: main.go edited (a new comment)
# before each build, so main is planned and compiles again and the program
# links again. Plain and mode builds take turns after one warm-up build
# each; each row gives the medians of $RUNS (5) and the median of the
# pairs' ratios, which holds up better on a busy machine.
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

# pairs NAME PREP TARGET: $runs pairs of plain and mode builds of TARGET
# (./..., or bin: go build -o, each to its own program), PREP run before
# each build; prints the plain and mode medians and the median of the
# ratios.
pairs() {
	: >"$work/$1.t"
	i=0
	while [ $i -lt "$runs" ]; do
		$2
		if [ "$3" = bin ]; then p=$(secs go build -o "$work/plain" .); else p=$(secs go build "$3"); fi
		$2
		if [ "$3" = bin ]; then m=$(secs "$bin" go build -o "$work/green" .); else m=$(secs "$bin" go build "$3"); fi
		echo "$p $m" >>"$work/$1.t"
		i=$((i + 1))
	done
	printf '%-6s %10.2f %10.2f %6.2fx\n' "$1" \
		"$(cut -d' ' -f1 "$work/$1.t" | median)" \
		"$(cut -d' ' -f2 "$work/$1.t" | median)" \
		"$(awk '{print $2 / $1}' "$work/$1.t" | median)"
}
edit() { echo "// edit" >>main.go; }
nothing() { :; }

cold_plain=$(GOCACHE="$work/cache-plain" secs go build -o "$work/plain" .)
cold_mode=$(GOCACHE="$work/cache-mode" secs "$bin" go build -o "$work/green" .)
printf '%-6s %10s %10s %7s\n' build plain/s mode/s ratio
printf '%-6s %10.2f %10.2f %6.2fx\n' cold "$cold_plain" "$cold_mode" "$(echo "$cold_mode / $cold_plain" | bc -l)"
secs go build -o "$work/plain" . >/dev/null
secs "$bin" go build -o "$work/green" . >/dev/null
pairs warm nothing ./...
pairs noop nothing bin
pairs edited edit bin
