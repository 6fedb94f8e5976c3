#!/bin/sh
# bench-rewrite.sh: how long `greenify -l ./...` takes on a large tree
# (golang.org/x/tools from the module cache, copied to a temporary
# directory) with a warm build cache, beside the go/packages load of the
# same patterns (greenify -loadonly: the floor of a type-aware tool) and
# go vet ./... warm and with its results uncached (a fresh analyzer flag
# changes vet's cache key: compiled packages stay cached, the analyses run
# again). Target: a type-aware tool cannot beat its own load, and the rest
# (plan, verify) should stay within 2x of it: greenify -l <= 2x the load.
# Uses hyperfine when installed.
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
if command -v hyperfine >/dev/null; then
	hyperfine -w 1 -r "${RUNS:-5}" -N \
		-n load "$bin -loadonly ./..." \
		-n 'greenify -l' "$bin -l $green ./..." \
		-n 'go vet (warm)' 'go vet ./...' \
		-n 'go vet (uncached)' "sh -c 'go vet -printf.funcs=nocache\$\$ ./... >/dev/null 2>&1'"
else
	t() { name=$1; shift; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); echo "$name: $(echo "$e - $s" | bc) s"; }
	for i in 1 2 3; do
		t load "$bin" -loadonly ./...
		t 'greenify -l' "$bin" -l "$green" ./...
		t 'go vet (warm)' go vet ./...
		t 'go vet (uncached)' go vet -printf.funcs=nocache$i ./...
	done
fi
