#!/usr/bin/env bash
# Runs go vet and the race-enabled tests in every Go module of the repository: the root module,
# _example, and any later one (bench/, redisreplay/, ...). Each module is a separate go.mod, so
# `go test ./...` at the root never reaches the others.
#
#   ./scripts/test.sh                  vet and test every module, the library first; exit non-zero
#                                      if any failed
#   SKIP_MODULES="bench" ./scripts/test.sh
#                                      the same without the named modules (space-separated),
#                                      reported as SKIPPED; CI never sets it
#   ./scripts/test.sh --list-modules   print the module directories, one a line, and exit
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# modules prints the directory of every go.mod outside testdata/ and vendor/, root first.
# Files git knows about (tracked, or new and not ignored); without git, whatever find sees.
modules() {
	local files
	if files=$(git ls-files --cached --others --exclude-standard -- '*go.mod' 2>/dev/null); then
		:
	else
		files=$(find . -name go.mod -not -path '*/.git/*' | sed 's|^\./||')
	fi
	printf '%s\n' "$files" |
		grep -E '(^|/)go\.mod$' |
		grep -Ev '(^|/)(testdata|vendor)/' |
		while IFS= read -r f; do [[ -f $f ]] && dirname "$f"; done |
		sort -u
}

if [[ ${1:-} == --list-modules ]]; then
	modules
	exit 0
fi
if [[ $# -gt 0 ]]; then
	echo "usage: $0 [--list-modules]" >&2
	exit 2
fi

mapfile -t dirs < <(modules)
if [[ ${#dirs[@]} -eq 0 ]]; then
	echo "no go.mod found under $root" >&2
	exit 1
fi

# needs_server names the modules whose tests need a server, and the server's program.
needs_server() {
	case $1 in
	redisreplay) echo redis-server ;;
	esac
}

# alloc_tests runs the root module's allocation tests again, without the race detector.
alloc_tests() {
	echo "--- allocation tests without -race"
	go test -count=1 -run 'Allocat|Recycled' .
}

passed=0
failed=0
skipped=()
failures=()
if [[ -z ${SKIP_MODULES:-} ]]; then
	echo "testing ${dirs[*]} (the library first; SKIP_MODULES=\"bench\" $0 skips the benchmark module)"
fi
for dir in "${dirs[@]}"; do
	if [[ " ${SKIP_MODULES:-} " == *" $dir "* ]]; then
		echo "=== module $dir: SKIPPED (SKIP_MODULES)"
		skipped+=("$dir")
		continue
	fi
	server=$(needs_server "$dir")
	if [[ -n $server && -z ${REDIS_ADDR:-} && ${CI:-} != true ]] && ! command -v "$server" >/dev/null; then
		# Outside CI a missing server skips the module, visibly; under CI=true its tests fail.
		echo "=== module $dir: SKIPPED (no $server installed and no REDIS_ADDR)"
		skipped+=("$dir")
		continue
	fi
	echo "=== module $dir"
	# The root module's allocation tests also run without the race detector, whose pools drop
	# buffers at random (under -race they loosen their bounds or skip).
	alloc=true
	if [[ $dir == . ]]; then
		alloc=alloc_tests
	fi
	if (cd "$dir" && go vet ./... && go test -race -count=1 ./... && $alloc); then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$dir")
	fi
done

if [[ $failed -gt 0 ]]; then
	echo "failed modules: ${failures[*]}"
fi
if [[ ${#skipped[@]} -gt 0 ]]; then
	echo "modules: $passed passed, $failed failed, ${#skipped[@]} SKIPPED (${skipped[*]})"
else
	echo "modules: $passed passed, $failed failed"
fi
[[ $failed -eq 0 ]]
