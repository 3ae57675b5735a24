#!/usr/bin/env bash
# Runs the side-by-side benchmarks of the bench module, keeps the raw output under results/,
# summarises it with benchstat (installed into GOBIN when missing, if it can be) and prints the
# ratio table of BENCHMARKS.md.
#
#   ./run.sh                      # COUNT=6 rounds of the whole suite, BENCHTIME=500ms each
#   COUNT=10 BENCHTIME=1s ./run.sh
#   BENCH='Hooksig|Floor|Loop' ONECORE=0 ./run.sh
set -euo pipefail
cd "$(dirname "$0")"

COUNT="${COUNT:-6}"
BENCHTIME="${BENCHTIME:-500ms}"
BENCH="${BENCH:-.}"
ONECORE="${ONECORE:-1}" # 0: skip the RunParallel subjects at GOMAXPROCS=1

mkdir -p results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
raw="results/bench-$stamp.txt"

cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
machine="$(nproc 2>/dev/null || echo '?') cores, ${cpu:-unknown CPU}, $(go version | cut -d' ' -f3-)"
lib="$(git -C .. describe --always --dirty 2>/dev/null || echo 'not a git checkout')"
echo "machine: $machine" | tee "$raw"
echo "library: $lib" | tee -a "$raw"
echo "command: go test -run '^\$' -bench '$BENCH' -benchmem -benchtime $BENCHTIME, $COUNT rounds of -count 1" | tee -a "$raw"

# One test binary; COUNT rounds of the whole suite, so that a drift of the machine's speed
# falls on every subject alike (every ratio is taken within the same rounds).
go test -c -o results/bench.test .

# busy prints the machine's busy CPU time so far, in clock ticks (all CPUs).
busy() { awk '/^cpu /{print $2+$3+$4+$6+$7+$8}' /proc/stat 2>/dev/null || echo 0; }
# cputicks prints a process's own CPU time (user + system), in clock ticks.
cputicks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

for i in $(seq "$COUNT"); do
	echo "round $i of $COUNT" >&2
	# Each round records how busy the rest of the machine was: allocating benchmarks swing by
	# tens of percent under load, so a figure is only as good as its round was quiet.
	b0=$(busy)
	t0=$(date +%s%N)
	./results/bench.test -test.run '^$' -test.bench "$BENCH" -test.benchmem -test.count 1 \
		-test.benchtime "$BENCHTIME" -test.timeout 60m >"results/round.txt" &
	pid=$!
	own=0
	while kill -0 "$pid" 2>/dev/null; do
		c=$(cputicks "$pid")
		[[ -n "$c" && "$c" != 0 ]] && own=$c
		sleep 0.2
	done
	wait "$pid"
	tee -a "$raw" <"results/round.txt"
	b1=$(busy)
	t1=$(date +%s%N)
	hz=$(getconf CLK_TCK)
	awk -v b="$((b1 - b0))" -v own="$own" -v ns="$((t1 - t0))" -v n="$(nproc)" -v hz="$hz" -v r="$i" \
		'BEGIN { other = (b - own) / hz / (ns / 1e9 * n) * 100; if (other < 0) other = 0;
		printf "quiet: round %d, other processes used %.1f%% of the CPUs\n", r, other }' | tee -a "$raw"
	# The RunParallel subjects again on one core: the single-core throughput the parallel
	# speedup is measured against (the serial benchmarks get the garbage collector's work
	# done on the idle core).
	if [[ "$ONECORE" == 1 && "$(nproc)" -gt 1 ]]; then
		./results/bench.test -test.run '^$' -test.bench "^BenchmarkParallel" -test.benchmem -test.count 1 \
			-test.benchtime "$BENCHTIME" -test.timeout 60m -test.cpu 1 | grep '^Benchmark' | tee -a "$raw"
	fi
done
ln -sf "bench-$stamp.txt" results/latest.txt

# benchstat: use the one on PATH or in GOBIN, else try to install it; never fail for it.
gobin="${GOBIN:-$(go env GOBIN)}"
gobin="${gobin:-$(go env GOPATH)/bin}"
benchstat="$(command -v benchstat || true)"
if [[ -z "$benchstat" && -x "$gobin/benchstat" ]]; then
	benchstat="$gobin/benchstat"
fi
if [[ -z "$benchstat" ]]; then
	echo "benchstat not found; installing golang.org/x/perf/cmd/benchstat@latest into $gobin" >&2
	if GOBIN="$gobin" go install golang.org/x/perf/cmd/benchstat@latest; then
		benchstat="$gobin/benchstat"
	else
		echo "warning: could not install benchstat; skipping it" >&2
	fi
fi
if [[ -n "$benchstat" ]]; then
	"$benchstat" "$raw" >"results/benchstat-$stamp.txt" 2>&1 || echo "warning: benchstat failed" >&2
	echo
	echo "== benchstat (results/benchstat-$stamp.txt)"
	cat "results/benchstat-$stamp.txt"
fi

echo
echo "== table (results/table-$stamp.md)"
go run ./cmd/benchtable "$raw" | tee "results/table-$stamp.md"
