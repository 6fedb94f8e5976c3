#!/bin/sh
# bench-rewrite.sh: how long `greenify -l ./...` takes on a large tree
# (golang.org/x/tools from the module cache, copied to a temporary
# directory) with a warm build cache and every default patch set, beside
# the go/packages load of the same patterns (greenify -loadonly: the floor
# of a type-aware tool) and go vet ./... warm and with its results
# uncached (a fresh analyzer flag changes vet's cache key: compiled
# packages stay cached, the analyses run again). Target: a type-aware tool
# cannot beat its own load, and the rest (plan, verify) should stay small
# beside it: greenify -l <= 2x the load. The machine's load average is
# printed with the figures; on a shared machine compare the ratio, not the
# times. Uses hyperfine when installed, else ROUNDS (default 5) rounds of
# the four commands in turn, with each one's median and the ratio of the
# medians.
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
ver=${TOOLS_VERSION:-$(go list -m -f '{{.Version}}' golang.org/x/tools)}
src=$(go env GOMODCACHE)/golang.org/x/tools@$ver
[ -d "$src" ] || go mod download golang.org/x/tools@"$ver"
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
cp -r "$src" "$work/tools"
chmod -R u+w "$work/tools"
bin="$work/greenify"
go build -o "$bin" ./cmd/greenify
cd "$work/tools"
export GOFLAGS=-mod=mod
go mod download all >/dev/null 2>&1 || true
green="-green=$root"
# warm the build cache and the module graph
go vet ./... >/dev/null 2>&1 || true
"$bin" -loadonly ./... >/dev/null
"$bin" -l "$green" ./... >/dev/null 2>"$work/greenify.err" || { cat "$work/greenify.err"; exit 1; }
echo "files greenify -l lists: $("$bin" -l "$green" ./... 2>/dev/null | wc -l)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
if command -v hyperfine >/dev/null; then
	hyperfine -w 1 -r "${RUNS:-5}" -N \
		-n load "$bin -loadonly ./..." \
		-n 'greenify -l' "$bin -l $green ./..." \
		-n 'go vet (warm)' 'go vet ./...' \
		-n 'go vet (uncached)' "sh -c 'go vet -printf.funcs=nocache\$\$ ./... >/dev/null 2>&1'"
else
	times="$work/times"
	t() { name=$1; shift; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$name	$(echo "$e - $s" | bc)" | tee -a "$times"; }
	i=0
	while [ "$i" -lt "${ROUNDS:-5}" ]; do
		i=$((i + 1))
		t load "$bin" -loadonly ./...
		t greenify "$bin" -l "$green" ./...
		t vet-warm go vet ./...
		t vet-uncached go vet -printf.funcs=nocache$i ./...
	done
	med() { awk -F'\t' -v n="$1" '$1 == n {print $2}' "$times" | sort -n | awk '{a[NR] = $1} END {m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f", m}'; }
	for n in load greenify vet-warm vet-uncached; do echo "median $n: $(med "$n") s"; done
	echo "greenify -l / load (medians): $(echo "scale=2; $(med greenify) / $(med load)" | bc)"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
