package hooksig_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"io"
	"net/http"
	"testing"

	"github.com/hooksig/hooksig"
)

var benchSizes = []struct {
	name string
	n    int
}{{"1KiB", 1 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}}

// discard is a ResponseWriter that keeps nothing, so the loop measures the middleware.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkStandardWebhooks drives the Standard Webhooks route with one prebuilt signed
// request whose body is rewound each iteration; next reads nothing. The replay step is off
// (a reused request is a duplicate after its first pass); BenchmarkReplayStep measures it.
//
//	go test -run '^$' -bench 'StandardWebhooks|HMACFloor' -benchmem -count 6 .
func BenchmarkStandardWebhooks(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			v := newSW(b, hooksig.WithoutReplay())
			h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			payload := body(sz.n)
			r := signed(b, payload)
			rd := bytes.NewReader(payload)
			r.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(sz.n))
			for b.Loop() {
				rd.Reset(payload)
				h.ServeHTTP(w, r)
			}
		})
	}
}

// BenchmarkHMACFloor is the floor the middleware is compared with: HMAC-SHA256 with a keyed
// state reused through Reset, over the same bytes.
func BenchmarkHMACFloor(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			payload := body(sz.n)
			mac := hmac.New(sha256.New, []byte("a 24-byte key for floors"))
			var sum [sha256.Size]byte
			b.ReportAllocs()
			b.SetBytes(int64(sz.n))
			for b.Loop() {
				mac.Reset()
				mac.Write(payload)
				mac.Sum(sum[:0])
			}
		})
	}
}

// The route must call next: a benchmark of a rejecting route would measure nothing.
func TestBenchmarkRouteVerifies(t *testing.T) {
	called := false
	h := newSW(t).Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	h.ServeHTTP(&discard{h: http.Header{}}, signed(t, body(1<<10)))
	if !called {
		t.Fatal("the benchmark request does not verify")
	}
}
