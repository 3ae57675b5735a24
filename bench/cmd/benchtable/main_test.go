package main

import (
	"strings"
	"testing"
)

// canned is go test output with two runs of each benchmark; the numbers are made up so that
// the expected cells can be worked out by hand.
const canned = `goos: linux
goarch: amd64
pkg: github.com/hooksig/hooksig/bench
cpu: Test CPU
BenchmarkLoop/1KiB-2         	100	        10 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkLoop/1KiB-2         	100	        10 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkLoop/1MiB-2         	100	        10 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkLoop/1MiB-2         	100	        10 ns/op	 100.00 MB/s	       0 B/op	       0 allocs/op
BenchmarkFloorHMACSHA256Reused/1KiB-2   	100	       700 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloorHMACSHA256Reused/1KiB-2   	100	       720 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloorHMACSHA256Reused/1KiB-2   	100	      9999 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloorHMACSHA256Reused/1MiB-2   	100	    500010 ns/op	       0 B/op	       0 allocs/op
BenchmarkFloorHMACSHA256Reused/1MiB-2   	100	    500010 ns/op	       0 B/op	       0 allocs/op
BenchmarkHooksigGitHub/1KiB-2           	100	      1210 ns/op	    1500 B/op	       4 allocs/op
BenchmarkHooksigGitHub/1KiB-2           	100	      1210 ns/op	    1500 B/op	       4 allocs/op
some log line in between
BenchmarkHooksigGitHub/1MiB-2           	100	    550010 ns/op	 1049000 B/op	       5 allocs/op
BenchmarkHooksigGitHub/1MiB-2           	100	    550010 ns/op	 1049000 B/op	       5 allocs/op
BenchmarkHooksigStandardWebhooks/1KiB-2 	100	      2010 ns/op	    1500 B/op	      12 allocs/op
BenchmarkHooksigStandardWebhooks/1MiB-2 	100	    600010 ns/op	 2000000 B/op	       5 allocs/op
BenchmarkHooksigStandardWebhooksReplay/1KiB-2 	100	      3010 ns/op	    1600 B/op	      15 allocs/op
BenchmarkHooksigStandardWebhooksReplay/1MiB-2 	100	    600010 ns/op	 2000100 B/op	       8 allocs/op
BenchmarkParallelLoop/1KiB-2         	100	         5 ns/op	       0 B/op	       0 allocs/op
BenchmarkParallelLoop/1MiB-2         	100	         5 ns/op	       0 B/op	       0 allocs/op
BenchmarkParallelHooksigGitHub/1KiB-2           	100	       605 ns/op	    1500 B/op	       4 allocs/op
BenchmarkParallelHooksigGitHub/1MiB-2           	100	    366671 ns/op	 1049000 B/op	       5 allocs/op
BenchmarkParallelLoop/1KiB         	100	         5 ns/op	       0 B/op	       0 allocs/op
BenchmarkParallelHooksigGitHub/1KiB           	100	      1505 ns/op	    1500 B/op	       4 allocs/op
PASS
ok  	github.com/hooksig/hooksig/bench	10.0s
`

func render(t *testing.T, o Options) string {
	t.Helper()
	r, err := Parse(strings.NewReader(canned))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Render(&b, r, o); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestTable(t *testing.T) {
	out := render(t, Options{Stat: "median", Targets: true})
	for _, want := range []string{
		"median of 3 runs, GOMAXPROCS=2",
		"| subject | 1KiB | 1MiB | B/op, allocs at 1KiB | B/op, allocs at 1MiB |",
		"| driving loop (subtracted) | 10.0 ns | 10.0 ns | 0 B, 0 | 0 B, 0 |",
		// floor: median of 700, 720, 9999 is 720; net 710.
		"| floor: HMAC-SHA256, reused state | 1.00× (710 ns) | 1.00× (500 µs) |",
		// (1210-10)/710 = 1.69; (550010-10)/500000 = 1.10.
		"| **hooksig GitHub route** | 1.69× (1.20 µs) | 1.10× (550 µs) | 1.46 KiB, 4 | 1.00 MiB, 5 |",
		// replay on minus off: +1 µs at 1 KiB, nothing at 1 MiB.
		"| time per request | +1.00 µs (+1.41× floor) | +0.00 ns (+0.00× floor) |",
		"| B/op, allocs/op | +100 B, +3 | +100 B, +3 |",
		// (1210-10)/(605-5) = 2; at GOMAXPROCS=1, (1505-5)/(605-5) = 2.5;
		// (550010-10)/(366671-5) = 1.5, and no GOMAXPROCS=1 run at 1 MiB.
		"| **hooksig GitHub route** | 2.00× / 2.50× | 1.50× |",
		"hooksig GitHub route 1KiB: 1.69× the floor, target ≤ 1.50× — **not met** (over by 0.19×)",
		"hooksig GitHub route 1KiB: 1500 B/op (limit 4096), 4 allocs/op (limit 3) — **not met** (1 allocs over)",
		"hooksig GitHub route 1MiB: 1.10× the floor, target ≤ 1.10× — met",
		"hooksig GitHub route 1MiB: 1049000 B/op (limit 4096), 5 allocs/op (limit 3) — **not met** (over by 1044904 B, 2 allocs over)",
		"hooksig Standard Webhooks route (replay off) 1KiB: 1500 B/op (limit 4096), 12 allocs/op (limit 3) — **not met** (9 allocs over)",
		"hooksig GitHub route 1KiB parallel speedup over the serial benchmark at GOMAXPROCS=2: 2.00×, target ≥ 1.8× — met",
		"hooksig GitHub route 1KiB parallel speedup over RunParallel at GOMAXPROCS=1: 2.50×, target ≥ 1.8× — met",
		"hooksig GitHub route 1MiB parallel speedup over the serial benchmark at GOMAXPROCS=2: 1.50×, target ≥ 1.8× — **not met** (short by 0.30×)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n%s", want, out)
		}
	}
}

func TestMean(t *testing.T) {
	out := render(t, Options{Stat: "mean"})
	// mean of 700, 720, 9999 is 3806.33; net 3796.33.
	if !strings.Contains(out, "| floor: HMAC-SHA256, reused state | 1.00× (3.80 µs) |") {
		t.Errorf("mean not applied:\n%s", out)
	}
	if strings.Contains(out, "Targets") {
		t.Error("targets printed without -targets")
	}
}

func TestErrors(t *testing.T) {
	if _, err := Parse(strings.NewReader("PASS\n")); err == nil {
		t.Error("no results: want an error")
	}
	r, err := Parse(strings.NewReader(canned))
	if err != nil {
		t.Fatal(err)
	}
	if err := Render(&strings.Builder{}, r, Options{Stat: "mode"}); err == nil {
		t.Error("unknown stat: want an error")
	}
}

func TestSizes(t *testing.T) {
	got := sortSizes([]string{"1MiB", "odd", "64KiB", "1KiB", "512B"})
	want := []string{"512B", "1KiB", "64KiB", "1MiB", "odd"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("sortSizes = %v, want %v", got, want)
		}
	}
}

// run.sh's quietness lines reach the table's header.
func TestQuietRounds(t *testing.T) {
	in := canned + "quiet: round 1, other processes used 0.8% of the CPUs\nquiet: round 2, other processes used 2.5% of the CPUs\n"
	res, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.quiet) != 2 || res.quiet[1] != 2.5 {
		t.Fatalf("quiet = %v", res.quiet)
	}
	var b strings.Builder
	if err := Render(&b, res, Options{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "other processes used 2.5% of the CPUs at most in a round (median 2.5%)") {
		t.Errorf("no quietness in:\n%s", b.String())
	}
}
