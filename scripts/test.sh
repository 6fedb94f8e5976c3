#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests
# need when it is missing, vets for every GOOS the runtime promises, then
# runs the suite: under the race detector where there is concurrency.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v dnsmasq >/dev/null 2>&1 || need_pkgs+=(dnsmasq-base)
if [ ${#need_pkgs[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "test.sh: installing ${need_pkgs[*]}"
		apt-get update -qq >/dev/null
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
	else
		echo "test.sh: missing ${need_pkgs[*]} (tests that need them skip)" >&2
	fi
fi

# step prints a step's heading with the seconds since the start, so a
# slow run shows where its time went.
step() { echo "== [${SECONDS}s] $*"; }

# The CLI scripts run go offline (GOPROXY=off) from the module cache, as a
# user's shell does with its modules already fetched. go mod tidy of a
# module pinned to greenify needs every module of greenify's graph, the
# test-only ones of its dependencies included, which a build alone never
# fetches.
step "go mod download all"
go mod download all

step "go vet ./..."
go vet ./...

# The runtime and the green packages must build wherever a rewritten
# program may be cross-compiled: a user who greenifies a project still
# builds it for darwin, windows and wasip1 (the green packages fall back to
# the standard ones where no poller exists). go-internal's testscript does
# not build for wasip1, so the tool's own packages stay out of this list.
for target in darwin/amd64 windows/amd64 wasip1/wasm; do
	step "GOOS=${target%/*} GOARCH=${target#*/} go vet ./runtime/... ./green/..."
	GOOS=${target%/*} GOARCH=${target#*/} go vet ./runtime/... ./green/...
done

# The race detector runs where there is concurrency: the hub, the green
# packages, the examples. The rewriter (rewrite/, cmd/greenify) spends its
# time in go commands and the type checker, which -race slows several
# times over; its own concurrency is small (files planned and rendered in
# parallel, packages type-checked in parallel, a go list beside another),
# so the race detector runs over the golden cases that reach all of it —
# several packages and files, a go get that moves a module — and the
# whole suite runs without it.
tool_pkgs=(./rewrite/... ./cmd/...)
mapfile -t race_pkgs < <(go list ./... | grep -v -e '/rewrite$' -e '/rewrite/' -e '/cmd/')
step "go test -race (runtime, green packages, examples, internal)"
go test -race -timeout 20m "$@" "${race_pkgs[@]}"
step "go test -race ./rewrite (the golden cases that reach its concurrency)"
go test -race -timeout 20m "$@" -run 'TestGolden/(multi_package|version_raised|thread_sync_values)$' ./rewrite
step "go test ${tool_pkgs[*]}"
go test -timeout 20m "$@" "${tool_pkgs[@]}"
step "done"
