// Command benchtable turns `go test -bench -benchmem` output from the bench module into the
// Markdown tables of BENCHMARKS.md: time per request net of the driving loop, as a ratio to
// the floor (HMAC-SHA256 with a reused keyed state) per body size, bytes and allocations per
// request, the replay step's cost, the parallel speedups and the targets.
//
//	go test -run '^$' -bench . -benchmem -count 6 | go run ./cmd/benchtable
//
// Each cell is the median (or, with -stat mean, the mean) of the runs of one benchmark.
// Benchmarks are named Benchmark<Subject>/<size> and BenchmarkParallel<Subject>/<size>; the
// subject "Loop" is the driving loop alone, subtracted from every other subject of its kind.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const (
	loopName  = "Loop"
	floorName = "FloorHMACSHA256Reused"
	parPrefix = "Parallel"
)

// labels are the table's names for the subjects of peers_test.go; others show as named.
var labels = map[string]string{
	"Loop":                            "driving loop (subtracted)",
	"FloorHMACSHA256Reused":           "floor: HMAC-SHA256, reused state",
	"FloorHMACSHA256New":              "HMAC-SHA256, new state per call",
	"FloorHMACSHA512Reused":           "HMAC-SHA512, reused state",
	"FloorHMACSHA512New":              "HMAC-SHA512, new state per call",
	"HooksigGitHub":                   "**hooksig GitHub route**",
	"HooksigStandardWebhooks":         "**hooksig Standard Webhooks route** (replay off)",
	"HooksigStandardWebhooksRing":     "hooksig Standard Webhooks route, replay off, ring of requests",
	"HooksigStandardWebhooksReplay":   "hooksig Standard Webhooks route, replay on, ring of requests",
	"NaiveGitHub":                     "naive GitHub-style middleware",
	"NaiveStandardWebhooks":           "naive Standard Webhooks middleware",
	"StandardWebhooksLibVerify":       "standard-webhooks Go `Verify` alone",
	"SvixLibVerify":                   "svix Go `Verify` alone",
	"GoGitHubValidatePayloadFromBody": "go-github `ValidatePayloadFromBody`",
}

// A sample is one result line.
type sample struct {
	ns, bytes, allocs float64
	hasMem            bool
}

// A key names one benchmark: its subject, whether it ran under RunParallel, its body size,
// and GOMAXPROCS (the -N suffix; none means 1).
type key struct {
	subject  string
	parallel bool
	size     string
	procs    int
}

// Results holds every run of every benchmark, in the order first seen.
type Results struct {
	runs     map[key][]sample
	subjects []string // serial subjects in order
	psubj    []string // parallel subjects in order
	sizes    []string // sizes in order
	procs    int      // the largest GOMAXPROCS seen: the one the tables are for
	cpu      string
	quiet    []float64 // per round, the other processes' share of the CPUs (percent)
}

var lineRE = regexp.MustCompile(`^Benchmark(\S+?)(?:-(\d+))?\s+(\d+)\s+(.*)$`)

// Parse reads go test -bench output. Lines that are not results are skipped.
func Parse(r io.Reader) (*Results, error) {
	res := &Results{runs: map[key][]sample{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if c, ok := strings.CutPrefix(line, "cpu: "); ok {
			res.cpu = c
			continue
		}
		if q, ok := strings.CutPrefix(line, "quiet: "); ok {
			// "round N, other processes used X% of the CPUs" (run.sh)
			if i := strings.Index(q, "used "); i >= 0 {
				if v, err := strconv.ParseFloat(strings.TrimSuffix(strings.Fields(q[i+5:])[0], "%"), 64); err == nil {
					res.quiet = append(res.quiet, v)
				}
			}
			continue
		}
		m := lineRE.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		var err error
		name, procs, rest := m[1], m[2], m[4]
		subj, size, ok := strings.Cut(name, "/")
		if !ok {
			continue
		}
		var s sample
		fields := strings.Fields(rest)
		seen := false
		for i := 0; i+1 < len(fields); i += 2 {
			var v float64
			v, err = strconv.ParseFloat(fields[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			switch fields[i+1] {
			case "ns/op":
				s.ns, seen = v, true
			case "B/op":
				s.bytes, s.hasMem = v, true
			case "allocs/op":
				s.allocs = v
			}
		}
		if !seen {
			continue
		}
		k := key{subject: subj, size: size, procs: 1}
		if p, ok := strings.CutPrefix(subj, parPrefix); ok && p != "" {
			k.subject, k.parallel = p, true
		}
		if procs != "" {
			if k.procs, err = strconv.Atoi(procs); err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
		}
		res.procs = max(res.procs, k.procs)
		if _, ok := res.runs[k]; !ok {
			if k.parallel {
				res.psubj = appendNew(res.psubj, k.subject)
			} else {
				res.subjects = appendNew(res.subjects, k.subject)
			}
			res.sizes = appendNew(res.sizes, size)
		}
		res.runs[k] = append(res.runs[k], s)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(res.runs) == 0 {
		return nil, fmt.Errorf("no benchmark results in the input")
	}
	res.sizes = sortSizes(res.sizes)
	return res, nil
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// sortSizes orders "1KiB", "64KiB", "1MiB" by the bytes they name; unknown names go last.
func sortSizes(sizes []string) []string {
	sort.SliceStable(sizes, func(i, j int) bool { return sizeBytes(sizes[i]) < sizeBytes(sizes[j]) })
	return sizes
}

func sizeBytes(s string) float64 {
	for _, u := range []struct {
		suffix string
		mul    float64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"B", 1}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			if v, err := strconv.ParseFloat(n, 64); err == nil {
				return v * u.mul
			}
		}
	}
	return math.Inf(1)
}

// stat picks one value out of several runs.
type stat func([]float64) float64

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func mean(v []float64) float64 {
	t := 0.0
	for _, x := range v {
		t += x
	}
	return t / float64(len(v))
}

// A cell is one benchmark summarised: raw and net of the loop.
type cell struct {
	ok            bool
	n             int
	raw, net      float64 // ns/op
	bytes, allocs float64 // net of the loop's
	hasMem        bool
}

// key names a benchmark at the GOMAXPROCS of the tables.
func (r *Results) key(subject string, parallel bool, size string) key {
	return key{subject, parallel, size, r.procs}
}

func (r *Results) cell(k key, st stat) cell {
	runs := r.runs[k]
	if len(runs) == 0 {
		return cell{}
	}
	pick := func(f func(sample) float64, runs []sample) float64 {
		v := make([]float64, len(runs))
		for i, s := range runs {
			v[i] = f(s)
		}
		return st(v)
	}
	c := cell{ok: true, n: len(runs), hasMem: runs[0].hasMem}
	c.raw = pick(func(s sample) float64 { return s.ns }, runs)
	c.bytes = pick(func(s sample) float64 { return s.bytes }, runs)
	c.allocs = pick(func(s sample) float64 { return s.allocs }, runs)
	c.net = c.raw
	if k.subject != loopName {
		if loop := r.runs[key{loopName, k.parallel, k.size, k.procs}]; len(loop) > 0 {
			c.net -= pick(func(s sample) float64 { return s.ns }, loop)
			c.bytes -= pick(func(s sample) float64 { return s.bytes }, loop)
			c.allocs -= pick(func(s sample) float64 { return s.allocs }, loop)
		}
	}
	return c
}

// Options says what to print.
type Options struct {
	Stat    string // "median" or "mean"
	Targets bool   // check the targets of issue 6
}

// Render writes the tables.
func Render(w io.Writer, r *Results, o Options) error {
	st := median
	if o.Stat == "mean" {
		st = mean
	} else if o.Stat != "" && o.Stat != "median" {
		return fmt.Errorf("unknown -stat %q (median or mean)", o.Stat)
	}
	name := o.Stat
	if name == "" {
		name = "median"
	}
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	runs := 0
	for _, v := range r.runs {
		runs = max(runs, len(v))
	}
	p("Time per request net of the driving loop, as a ratio to the floor (HMAC-SHA256 with a reused keyed state over the same bytes, measured in the same run); %s of %d runs", name, runs)
	p(", GOMAXPROCS=%d", r.procs)
	if len(r.quiet) > 0 {
		q := slices.Clone(r.quiet)
		slices.Sort(q)
		p("; other processes used %.1f%% of the CPUs at most in a round (median %.1f%%)", q[len(q)-1], q[len(q)/2])
	}
	p(".\n\n")

	p("| subject |")
	for _, s := range r.sizes {
		p(" %s |", s)
	}
	for _, s := range r.sizes {
		p(" B/op, allocs at %s |", s)
	}
	p("\n|---|")
	for range 2 * len(r.sizes) {
		p("---:|")
	}
	p("\n")
	for _, subj := range r.subjects {
		p("| %s |", label(subj))
		for _, size := range r.sizes {
			c := r.cell(r.key(subj, false, size), st)
			f := r.cell(r.key(floorName, false, size), st)
			switch {
			case !c.ok:
				p(" – |")
			case subj == loopName:
				p(" %s |", dur(c.raw))
			case !f.ok || f.net <= 0:
				p(" %s |", dur(c.net))
			default:
				p(" %.2f× (%s) |", c.net/f.net, dur(c.net))
			}
		}
		for _, size := range r.sizes {
			c := r.cell(r.key(subj, false, size), st)
			if !c.ok || !c.hasMem {
				p(" – |")
				continue
			}
			p(" %s, %s |", byteSize(c.bytes), trimFloat(c.allocs))
		}
		p("\n")
	}

	// The replay step: the same route with and without it, over the same ring of requests
	// when the run has it (the same live heap, so the garbage collector paces alike).
	replayOff := "HooksigStandardWebhooksRing"
	if !slices.Contains(r.subjects, replayOff) {
		replayOff = "HooksigStandardWebhooks"
	}
	if slices.Contains(r.subjects, "HooksigStandardWebhooksReplay") && slices.Contains(r.subjects, replayOff) {
		p("\nThe replay step's cost: the Standard Webhooks route with the replay step (claim and complete in a MemoryStore, a fresh signed id per request) minus %s.\n\n", plain(replayOff))
		tableHeader(p, "replay step", r.sizes)
		p("| time per request |")
		for _, size := range r.sizes {
			on := r.cell(r.key("HooksigStandardWebhooksReplay", false, size), st)
			off := r.cell(r.key(replayOff, false, size), st)
			f := r.cell(r.key(floorName, false, size), st)
			switch {
			case !on.ok || !off.ok:
				p(" – |")
			case f.ok && f.net > 0:
				p(" %s (%+.2f× floor) |", signedDur(on.net-off.net), (on.net-off.net)/f.net)
			default:
				p(" %s |", signedDur(on.net-off.net))
			}
		}
		p("\n| B/op, allocs/op |")
		for _, size := range r.sizes {
			on := r.cell(r.key("HooksigStandardWebhooksReplay", false, size), st)
			off := r.cell(r.key(replayOff, false, size), st)
			if !on.ok || !off.ok || !on.hasMem {
				p(" – |")
				continue
			}
			p(" %s, %+g |", signedBytes(on.bytes-off.bytes), on.allocs-off.allocs)
		}
		p("\n")
	}

	if slices.ContainsFunc(r.psubj, func(s string) bool { return s != loopName }) {
		p("\nParallel speedup on %d cores: time per request of one goroutine ÷ time per request under RunParallel, both net of their loop. "+
			"First against the serial benchmark at GOMAXPROCS=%d (one goroutine; the collector may use the other core), then, where the run has them, "+
			"against RunParallel at GOMAXPROCS=1 (one core doing everything: the single-core throughput).\n\n", r.procs, r.procs)
		tableHeader(p, "subject", r.sizes)
		for _, subj := range r.psubj {
			if subj == loopName {
				continue
			}
			p("| %s |", label(subj))
			for _, size := range r.sizes {
				a, okA := r.speedup(subj, size, false, st)
				b, okB := r.speedup(subj, size, true, st)
				switch {
				case okA && okB:
					p(" %.2f× / %.2f× |", a, b)
				case okA:
					p(" %.2f× |", a)
				default:
					p(" – |")
				}
			}
			p("\n")
		}
	}

	if o.Targets {
		renderTargets(p, r, st)
	}
	return nil
}

// speedup is the parallel speedup of subj at size: against the serial benchmark, or (oneCore)
// against RunParallel at GOMAXPROCS=1.
func (r *Results) speedup(subj, size string, oneCore bool, st stat) (float64, bool) {
	par := r.cell(r.key(subj, true, size), st)
	base := r.cell(r.key(subj, false, size), st)
	if oneCore {
		if r.procs == 1 {
			return 0, false
		}
		base = r.cell(key{subj, true, size, 1}, st)
	}
	if !par.ok || !base.ok || par.net <= 0 {
		return 0, false
	}
	return base.net / par.net, true
}

// renderTargets checks the targets of issue 10 for the two hooksig routes.
func renderTargets(p func(string, ...any), r *Results, st stat) {
	limits := map[string]float64{"1KiB": 1.5, "64KiB": 1.1, "1MiB": 1.1}
	routes := []string{"HooksigGitHub", "HooksigStandardWebhooks"}
	p("\nTargets (issue 10):\n\n")
	for _, subj := range routes {
		if !slices.Contains(r.subjects, subj) {
			continue
		}
		for _, size := range r.sizes {
			c := r.cell(r.key(subj, false, size), st)
			f := r.cell(r.key(floorName, false, size), st)
			if lim, ok := limits[size]; ok && c.ok && f.ok && f.net > 0 {
				ratio := c.net / f.net
				p("- %s %s: %.2f× the floor, target ≤ %.2f× — %s\n", plain(subj), size, ratio, lim, verdict(ratio <= lim, fmt.Sprintf("over by %.2f×", ratio-lim)))
			}
			if c.ok && c.hasMem {
				const limB = 4096 // independent of the body's size
				p("- %s %s: %s B/op (limit %s), %s allocs/op (limit 3) — %s\n", plain(subj), size, strconv.FormatFloat(c.bytes, 'f', 0, 64), trimFloat(limB), trimFloat(c.allocs),
					verdict(c.bytes <= limB && c.allocs <= 3, overBy(c.bytes, limB, c.allocs)))
			}
		}
	}
	for _, subj := range routes {
		for _, size := range r.sizes {
			for _, oneCore := range []bool{false, true} {
				sp, ok := r.speedup(subj, size, oneCore, st)
				if !ok {
					continue
				}
				base := fmt.Sprintf("over the serial benchmark at GOMAXPROCS=%d", r.procs)
				if oneCore {
					base = "over RunParallel at GOMAXPROCS=1"
				}
				p("- %s %s parallel speedup %s: %.2f×, target ≥ 1.8× — %s\n", plain(subj), size, base, sp, verdict(sp >= 1.8, fmt.Sprintf("short by %.2f×", 1.8-sp)))
			}
		}
	}
}

func overBy(b, limB, allocs float64) string {
	var parts []string
	if b > limB {
		parts = append(parts, "over by "+trimFloat(b-limB)+" B")
	}
	if allocs > 3 {
		parts = append(parts, fmt.Sprintf("%g allocs over", allocs-3))
	}
	return strings.Join(parts, ", ")
}

func verdict(ok bool, miss string) string {
	if ok {
		return "met"
	}
	return "**not met** (" + miss + ")"
}

func label(subj string) string {
	if l, ok := labels[subj]; ok {
		return l
	}
	return subj
}

func plain(subj string) string { return strings.ReplaceAll(label(subj), "**", "") }

// dur formats nanoseconds with three significant digits.
func dur(ns float64) string {
	a := math.Abs(ns)
	switch {
	case a >= 1e6:
		return sig3(ns/1e6) + " ms"
	case a >= 1e3:
		return sig3(ns/1e3) + " µs"
	default:
		return sig3(ns) + " ns"
	}
}

func signedDur(ns float64) string {
	if ns >= 0 {
		return "+" + dur(ns)
	}
	return dur(ns)
}

func sig3(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// byteSize formats a byte count: "0 B", "936 B", "1.49 KiB", "1.00 MiB".
func byteSize(b float64) string {
	a := math.Abs(b)
	switch {
	case a >= 1<<20:
		return strconv.FormatFloat(b/(1<<20), 'f', 2, 64) + " MiB"
	case a >= 1<<10:
		return strconv.FormatFloat(b/(1<<10), 'f', 2, 64) + " KiB"
	default:
		return strconv.FormatFloat(b, 'f', 0, 64) + " B"
	}
}

func signedBytes(b float64) string {
	if b >= 0 {
		return "+" + byteSize(b)
	}
	return byteSize(b)
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func main() {
	var o Options
	flag.StringVar(&o.Stat, "stat", "median", "how runs of one benchmark are combined: median or mean")
	flag.BoolVar(&o.Targets, "targets", true, "check the targets of issue 6")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: go test -run '^$' -bench . -benchmem -count 6 | benchtable [flags] [file]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	in := io.Reader(os.Stdin)
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, "benchtable:", err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	res, err := Parse(in)
	if err == nil {
		err = Render(os.Stdout, res, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchtable:", err)
		os.Exit(1)
	}
}

// tableHeader writes a Markdown header row: first, then one right-aligned column per size.
func tableHeader(p func(string, ...any), first string, sizes []string) {
	p("| %s |", first)
	for _, s := range sizes {
		p(" %s |", s)
	}
	p("\n|---|")
	for range sizes {
		p("---:|")
	}
	p("\n")
}
