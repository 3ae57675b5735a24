// Package bench measures hooksig side by side with the raw HMAC floor, naive middlewares and
// the peer libraries, through one shared driving loop. It is its own module so that the peers
// never enter the library's go.mod. Run it with ./run.sh; cmd/benchtable turns the output
// into the ratio table in BENCHMARKS.md.
package bench

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-github/v93/github"
	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	svix "github.com/svix/svix-webhooks/go"
)

var sizes = []struct {
	name string
	n    int
}{{"1KiB", 1 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}}

const (
	githubSecret = "It's a Secret to Everybody, 32 b"
	// swKey is 32 bytes; the Standard Webhooks secret is "whsec_" + its base64.
	swKey       = "a 32-byte key for standard hooks"
	floorKey    = githubSecret
	githubLabel = "X-Hub-Signature-256"
)

var swSecret = "whsec_" + base64.StdEncoding.EncodeToString([]byte(swKey))

// GitHub is GitHub's scheme, declared here until providers has a preset: HMAC-SHA256 over the
// raw body, "sha256=<hex>" in X-Hub-Signature-256, the secret used as is.
var GitHub = hooksig.Scheme{
	Name:   "github",
	Fields: []hooksig.Fields{{Signature: githubLabel}},
	Signature: hooksig.Signature{
		Assign:   "=",
		Encoding: hooksig.Hex,
		Labels:   []hooksig.Label{{Name: "sha256", Algorithm: hooksig.HMACSHA256}},
	},
	Signed: []hooksig.Part{hooksig.Body()},
	Key:    hooksig.RawKey,
}

// payload returns n bytes of JSON-looking text.
func payload(n int) []byte {
	const chunk = `{"action":"opened","number":42,"sender":{"login":"octocat"},"pad":"abcdefghijklmnopqrstuvwxyz0123456789"}` + "\n"
	b := make([]byte, 0, n+len(chunk))
	for len(b) < n {
		b = append(b, chunk...)
	}
	return b[:n]
}

// next is the handler every subject ends in. It answers 204, so the writer can tell a
// request that reached it from any answer the middleware gave itself (a rejection, or a
// replay-duplicate 200).
var next = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
	w.WriteHeader(http.StatusNoContent)
})

// discard is the ResponseWriter of the loop: it keeps nothing but counts which requests
// reached next.
type discard struct {
	h        http.Header
	accepted int // requests that reached next (204)
	other    int // any other status
}

func newDiscard() *discard { return &discard{h: http.Header{}} }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(code int) {
	if code == http.StatusNoContent {
		d.accepted++
	} else {
		d.other++
	}
}

// A fixture is one subject ready to drive: a handler and a ring of prebuilt requests whose
// bodies are rewound readers over the same payload. Most subjects have a ring of one.
type fixture struct {
	h       http.Handler
	payload []byte
	ring    []*http.Request
	rds     []*bytes.Reader
	bodies  []io.ReadCloser
	onWrap  func() // called each time the ring wraps; nil for most
}

func (f *fixture) add(r *http.Request) {
	rd := bytes.NewReader(f.payload)
	f.ring = append(f.ring, r)
	f.rds = append(f.rds, rd)
	f.bodies = append(f.bodies, io.NopCloser(rd))
	r.Body = f.bodies[len(f.bodies)-1]
	r.ContentLength = int64(len(f.payload))
}

// drive is the one loop every subject is measured with, the empty one ("Loop") included.
// The body is rewound and put back (a naive middleware replaces r.Body) each iteration.
func drive(b *testing.B, f *fixture) {
	w := newDiscard()
	n, i := 0, 0
	b.ReportAllocs()
	b.SetBytes(int64(len(f.payload)))
	for b.Loop() {
		r := f.ring[i]
		f.rds[i].Reset(f.payload)
		r.Body, r.ContentLength = f.bodies[i], int64(len(f.payload))
		f.h.ServeHTTP(w, r)
		n++
		if i++; i == len(f.ring) {
			i = 0
			if f.onWrap != nil {
				f.onWrap()
			}
		}
	}
	if w.accepted != n || w.other != 0 {
		b.Fatalf("%d of %d requests reached next (%d other answers): the benchmark measures a rejecting path", w.accepted, n, w.other)
	}
}

// driveParallel is drive under RunParallel: each goroutine has its own copy of the request,
// its own reader and its own writer.
func driveParallel(b *testing.B, f *fixture) {
	if len(f.ring) != 1 {
		b.Fatal("parallel subjects use one request")
	}
	var bad atomic.Int64
	b.ReportAllocs()
	b.SetBytes(int64(len(f.payload)))
	b.RunParallel(func(pb *testing.PB) {
		w := newDiscard()
		rd := bytes.NewReader(f.payload)
		body := io.NopCloser(rd)
		r := f.ring[0].Clone(context.Background())
		n := 0
		for pb.Next() {
			rd.Reset(f.payload)
			r.Body, r.ContentLength = body, int64(len(f.payload))
			f.h.ServeHTTP(w, r)
			n++
		}
		if w.accepted != n || w.other != 0 {
			bad.Add(1)
		}
	})
	if bad.Load() != 0 {
		b.Fatal("a parallel request did not reach next")
	}
}

// single is a fixture of one request.
func single(h http.Handler, p []byte, r *http.Request) *fixture {
	f := &fixture{h: h, payload: p}
	f.add(r)
	return f
}

// githubRequest signs p as GitHub does.
func githubRequest(tb testing.TB, p []byte) *http.Request {
	tb.Helper()
	s, err := hooksig.NewSigner(hooksig.Provider{Scheme: GitHub, Secrets: []string{githubSecret}})
	if err != nil {
		tb.Fatal(err)
	}
	r, err := s.Request("http://example.test/webhooks/github", hooksig.Message{Body: p})
	if err != nil {
		tb.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-GitHub-Event", "pull_request")
	return r
}

var swSigner = func() *hooksig.Signer {
	s, err := hooksig.NewSigner(providers.StandardWebhooks(swSecret))
	if err != nil {
		panic(err)
	}
	return s
}()

// swRequest signs p as a Standard Webhooks sender does, with delivery id id at time t.
func swRequest(tb testing.TB, p []byte, id string, t time.Time) *http.Request {
	tb.Helper()
	r, err := swSigner.Request("http://example.test/webhooks/sw", hooksig.Message{ID: id, Timestamp: t, Body: p})
	if err != nil {
		tb.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	return r
}

func newVerifier(tb testing.TB, p hooksig.Provider, opts ...hooksig.Option) *hooksig.Verifier {
	tb.Helper()
	v, err := hooksig.New(p, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func unauthorized(w http.ResponseWriter) {
	http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
}

// naiveGitHub is the middleware most receivers write: read everything, a new HMAC per call,
// decode the hex, compare, put the body back.
func naiveGitHub(secret []byte, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		sig, ok := strings.CutPrefix(r.Header.Get(githubLabel), "sha256=")
		if !ok {
			unauthorized(w)
			return
		}
		got, err := hex.DecodeString(sig)
		if err != nil {
			unauthorized(w)
			return
		}
		mac := hmac.New(sha256.New, secret)
		mac.Write(body)
		if !hmac.Equal(got, mac.Sum(nil)) {
			unauthorized(w)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// naiveStandardWebhooks reads everything and hands it to the official library.
func naiveStandardWebhooks(wh *standardwebhooks.Webhook, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if err := wh.Verify(body, r.Header); err != nil {
			unauthorized(w)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// floor is the HMAC of the payload alone; the request is not read.
func floor(newHash func() hash.Hash, reuse bool, p []byte, next http.Handler) http.Handler {
	mac := hmac.New(newHash, []byte(floorKey))
	sum := make([]byte, 0, sha512.Size)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := mac
		if reuse {
			m.Reset()
		} else {
			m = hmac.New(newHash, []byte(floorKey))
		}
		m.Write(p)
		sum = m.Sum(sum[:0])
		next.ServeHTTP(w, r)
	})
}

// replayRing is how many requests with distinct delivery ids the replay subject cycles
// through (fewer for large bodies: each one is signed before the timer starts).
func replayRing(size int) int { return min(4096, max(64, (256<<20)/size)) }

// floorPooled is the floor for RunParallel, where one keyed state cannot be shared: each
// call takes a keyed state from a pool and resets it.
func floorPooled(newHash func() hash.Hash, p []byte, next http.Handler) http.Handler {
	type state struct {
		mac hash.Hash
		sum []byte
	}
	pool := sync.Pool{New: func() any {
		return &state{mac: hmac.New(newHash, []byte(floorKey)), sum: make([]byte, 0, sha512.Size)}
	}}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := pool.Get().(*state)
		s.mac.Reset()
		s.mac.Write(p)
		s.sum = s.mac.Sum(s.sum[:0])
		pool.Put(s)
		next.ServeHTTP(w, r)
	})
}

// A subject is one line of the table.
type subject struct {
	name     string
	verifies bool // false for the loop and the floors
	parallel bool // also measured under RunParallel
	build    func(tb testing.TB, p []byte, next http.Handler) *fixture
	// buildParallel, when set, replaces build under RunParallel (a floor's keyed state
	// cannot be shared between goroutines).
	buildParallel func(tb testing.TB, p []byte, next http.Handler) *fixture
}

var subjects = []subject{
	{name: "Loop", parallel: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(next, p, githubRequest(tb, p))
	}},
	{name: "FloorHMACSHA256Reused", parallel: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(floor(sha256.New, true, p, next), p, githubRequest(tb, p))
	}, buildParallel: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(floorPooled(sha256.New, p, next), p, githubRequest(tb, p))
	}},
	{name: "FloorHMACSHA256New", build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(floor(sha256.New, false, p, next), p, githubRequest(tb, p))
	}},
	{name: "FloorHMACSHA512Reused", build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(floor(sha512.New, true, p, next), p, githubRequest(tb, p))
	}},
	{name: "FloorHMACSHA512New", build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(floor(sha512.New, false, p, next), p, githubRequest(tb, p))
	}},
	{name: "HooksigGitHub", verifies: true, parallel: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		v := newVerifier(tb, hooksig.Provider{Scheme: GitHub, Secrets: []string{githubSecret}})
		return single(v.Handler(next), p, githubRequest(tb, p))
	}},
	{name: "HooksigStandardWebhooks", verifies: true, parallel: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		t0 := time.Now()
		v := newVerifier(tb, providers.StandardWebhooks(swSecret), hooksig.WithoutReplay(),
			hooksig.WithClock(func() time.Time { return t0 }))
		return single(v.Handler(next), p, swRequest(tb, p, "msg_bench", t0))
	}},
	{name: "HooksigStandardWebhooksRing", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return buildRing(tb, p, next, false)
	}},
	{name: "HooksigStandardWebhooksReplay", verifies: true, build: buildReplay},
	{name: "NaiveGitHub", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		return single(naiveGitHub([]byte(githubSecret), next), p, githubRequest(tb, p))
	}},
	{name: "NaiveStandardWebhooks", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		wh, err := standardwebhooks.NewWebhook(swSecret)
		if err != nil {
			tb.Fatal(err)
		}
		return single(naiveStandardWebhooks(wh, next), p, swRequest(tb, p, "msg_bench", time.Now()))
	}},
	{name: "StandardWebhooksLibVerify", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		wh, err := standardwebhooks.NewWebhook(swSecret)
		if err != nil {
			tb.Fatal(err)
		}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if wh.Verify(p, r.Header) != nil {
				unauthorized(w)
				return
			}
			next.ServeHTTP(w, r)
		})
		return single(h, p, swRequest(tb, p, "msg_bench", time.Now()))
	}},
	{name: "SvixLibVerify", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		wh, err := svix.NewWebhook(swSecret)
		if err != nil {
			tb.Fatal(err)
		}
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if wh.Verify(p, r.Header) != nil {
				unauthorized(w)
				return
			}
			next.ServeHTTP(w, r)
		})
		return single(h, p, swRequest(tb, p, "msg_bench", time.Now()))
	}},
	{name: "GoGitHubValidatePayloadFromBody", verifies: true, build: func(tb testing.TB, p []byte, next http.Handler) *fixture {
		secret := []byte(githubSecret)
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if _, err := github.ValidatePayloadFromBody(r.Header.Get("Content-Type"), r.Body, r.Header.Get(githubLabel), secret); err != nil {
				unauthorized(w)
				return
			}
			next.ServeHTTP(w, r)
		})
		return single(h, p, githubRequest(tb, p))
	}},
}

// buildReplay is the Standard Webhooks route with the replay step on, fed a fresh signed id
// each iteration: a ring of requests signed before the timer starts, and a store whose clock
// moves past the retention each time the ring wraps, so no claim ever finds "done".
func buildReplay(tb testing.TB, p []byte, next http.Handler) *fixture {
	return buildRing(tb, p, next, true)
}

// buildRing is the ring of requests of buildReplay, with the replay step on or off: the same
// requests and the same live heap, so that the difference is the replay step alone.
func buildRing(tb testing.TB, p []byte, next http.Handler, replay bool) *fixture {
	t0 := time.Now()
	var storeNow atomic.Int64
	storeNow.Store(t0.UnixNano())
	n := replayRing(len(p))
	store := hooksig.NewMemoryStore(2*n, hooksig.WithStoreClock(func() time.Time {
		return time.Unix(0, storeNow.Load())
	}))
	opt := hooksig.WithReplayStore(store)
	if !replay {
		opt = hooksig.WithoutReplay()
	}
	v := newVerifier(tb, providers.StandardWebhooks(swSecret), opt, hooksig.WithClock(func() time.Time { return t0 }))
	f := &fixture{h: v.Handler(next), payload: p}
	for i := range n {
		f.add(swRequest(tb, p, "msg_"+strconv.Itoa(i), t0))
	}
	if replay {
		f.onWrap = func() { storeNow.Add(int64(48 * time.Hour)) }
	}
	return f
}

func benchSubject(b *testing.B, s subject) {
	for _, sz := range sizes {
		b.Run(sz.name, func(b *testing.B) {
			drive(b, s.build(b, payload(sz.n), next))
		})
	}
}

func benchParallel(b *testing.B, name string) {
	for _, s := range subjects {
		if s.name != name || !s.parallel {
			continue
		}
		build := s.build
		if s.buildParallel != nil {
			build = s.buildParallel
		}
		for _, sz := range sizes {
			b.Run(sz.name, func(b *testing.B) {
				driveParallel(b, build(b, payload(sz.n), next))
			})
		}
		return
	}
	b.Fatalf("no parallel subject %s", name)
}

func subjectNamed(b *testing.B, name string) subject {
	for _, s := range subjects {
		if s.name == name {
			return s
		}
	}
	b.Fatalf("no subject %s", name)
	return subject{}
}

func BenchmarkLoop(b *testing.B) { benchSubject(b, subjectNamed(b, "Loop")) }
func BenchmarkFloorHMACSHA256Reused(b *testing.B) {
	benchSubject(b, subjectNamed(b, "FloorHMACSHA256Reused"))
}
func BenchmarkFloorHMACSHA256New(b *testing.B) {
	benchSubject(b, subjectNamed(b, "FloorHMACSHA256New"))
}
func BenchmarkFloorHMACSHA512Reused(b *testing.B) {
	benchSubject(b, subjectNamed(b, "FloorHMACSHA512Reused"))
}
func BenchmarkFloorHMACSHA512New(b *testing.B) {
	benchSubject(b, subjectNamed(b, "FloorHMACSHA512New"))
}
func BenchmarkHooksigGitHub(b *testing.B) { benchSubject(b, subjectNamed(b, "HooksigGitHub")) }
func BenchmarkHooksigStandardWebhooks(b *testing.B) {
	benchSubject(b, subjectNamed(b, "HooksigStandardWebhooks"))
}
func BenchmarkHooksigStandardWebhooksRing(b *testing.B) {
	benchSubject(b, subjectNamed(b, "HooksigStandardWebhooksRing"))
}
func BenchmarkHooksigStandardWebhooksReplay(b *testing.B) {
	benchSubject(b, subjectNamed(b, "HooksigStandardWebhooksReplay"))
}
func BenchmarkNaiveGitHub(b *testing.B) { benchSubject(b, subjectNamed(b, "NaiveGitHub")) }
func BenchmarkNaiveStandardWebhooks(b *testing.B) {
	benchSubject(b, subjectNamed(b, "NaiveStandardWebhooks"))
}
func BenchmarkStandardWebhooksLibVerify(b *testing.B) {
	benchSubject(b, subjectNamed(b, "StandardWebhooksLibVerify"))
}
func BenchmarkSvixLibVerify(b *testing.B) { benchSubject(b, subjectNamed(b, "SvixLibVerify")) }
func BenchmarkGoGitHubValidatePayloadFromBody(b *testing.B) {
	benchSubject(b, subjectNamed(b, "GoGitHubValidatePayloadFromBody"))
}

// The Parallel benchmarks run the same subjects under RunParallel (GOMAXPROCS goroutines).
func BenchmarkParallelLoop(b *testing.B)                  { benchParallel(b, "Loop") }
func BenchmarkParallelFloorHMACSHA256Reused(b *testing.B) { benchParallel(b, "FloorHMACSHA256Reused") }
func BenchmarkParallelHooksigGitHub(b *testing.B)         { benchParallel(b, "HooksigGitHub") }
func BenchmarkParallelHooksigStandardWebhooks(b *testing.B) {
	benchParallel(b, "HooksigStandardWebhooks")
}

// serveOnce serves request i of f and reports whether it reached next, and the first status
// written.
func serveOnce(f *fixture, i int) (reached bool, status int) {
	w := newDiscard()
	var code int
	r := f.ring[i]
	f.rds[i].Reset(f.payload)
	r.Body, r.ContentLength = f.bodies[i], int64(len(f.payload))
	rw := &statusProbe{discard: w, code: &code}
	f.h.ServeHTTP(rw, r)
	return w.accepted == 1, code
}

type statusProbe struct {
	*discard
	code *int
}

func (p *statusProbe) WriteHeader(c int) {
	if *p.code == 0 {
		*p.code = c
	}
	p.discard.WriteHeader(c)
}

func (p *statusProbe) Write(b []byte) (int, error) {
	if *p.code == 0 {
		*p.code = http.StatusOK
	}
	return len(b), nil
}

// Every verifying subject accepts its request and rejects the same request with one byte of
// the body changed; the loop and the floors reach next. A benchmark of a rejecting path would
// measure nothing.
func TestSubjectsVerify(t *testing.T) {
	for _, s := range subjects {
		for _, sz := range sizes {
			t.Run(s.name+"/"+sz.name, func(t *testing.T) {
				p := payload(sz.n)
				f := s.build(t, p, next)
				if ok, code := serveOnce(f, 0); !ok {
					t.Fatalf("the signed request did not reach next (status %d)", code)
				}
				if !s.verifies {
					return
				}
				p[len(p)/2] ^= 1     // every subject reads or checks these very bytes
				i := len(f.ring) - 1 // a fresh delivery id for the replay subject
				if ok, code := serveOnce(f, i); ok || code != http.StatusUnauthorized {
					t.Fatalf("a one-byte-changed body got status %d (reached next: %v), want 401", code, ok)
				}
				p[len(p)/2] ^= 1
				if len(f.ring) > 1 {
					if ok, code := serveOnce(f, i); !ok {
						t.Fatalf("the restored body did not verify (status %d)", code)
					}
				}
			})
		}
	}
}

// The replay subject claims each id: a second pass without moving the store's clock is all
// duplicates, and after the ring wraps (the clock moves past the retention) all are fresh.
func TestReplayRingStaysFresh(t *testing.T) {
	p := payload(1 << 10)
	f := buildReplay(t, p, next)
	for i := range f.ring {
		if ok, code := serveOnce(f, i); !ok {
			t.Fatalf("request %d: status %d on its first pass", i, code)
		}
	}
	if ok, code := serveOnce(f, 3); ok || code != http.StatusOK {
		t.Fatalf("a replayed id reached next %v with status %d; want a 200 duplicate answer", ok, code)
	}
	f.onWrap()
	for i := range f.ring {
		if ok, code := serveOnce(f, i); !ok {
			t.Fatalf("request %d: status %d after the ring wrapped", i, code)
		}
	}
}

// The drive loop itself fails a benchmark whose requests do not reach next.
func TestDriveCountsRejections(t *testing.T) {
	p := payload(1 << 10)
	var s subject
	for _, s = range subjects {
		if s.name == "HooksigGitHub" {
			break
		}
	}
	f := s.build(t, p, next)
	p[0] ^= 1
	res := testing.Benchmark(func(b *testing.B) { drive(b, f) })
	if res.N != 0 {
		t.Fatalf("a rejecting benchmark ran %d iterations without failing", res.N)
	}
}
