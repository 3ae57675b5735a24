package hooksig_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
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

// BenchmarkTenProviders compares a route that serves ten providers with the single-provider
// route, for a 1 KiB Standard Webhooks delivery (the provider listed last, the worst place).
//
//	go test -run '^$' -bench 'TenProviders' -benchmem -count 6 .
func BenchmarkTenProviders(b *testing.B) {
	ten := []hooksig.Provider{
		providers.GitHub("a github secret"), providers.Sendsar("whsec_sendsar"),
		providers.ChatBotKit("chatbotkit"), providers.Salesbricks("salesbricks"),
		providers.Fullup("fullup"),
	}
	for i := range 4 {
		s := providers.Sendsar("s").Scheme
		s.Name = fmt.Sprintf("acme%d", i)
		s.Fields = []hooksig.Fields{{Signature: fmt.Sprintf("X-Acme%d-Signature", i)}}
		ten = append(ten, hooksig.Provider{Scheme: s, Secrets: []string{"acme secret"}})
	}
	ten = append(ten, providers.StandardWebhooks(s1Secret))
	routes := map[string]func() (*hooksig.Verifier, error){
		"single": func() (*hooksig.Verifier, error) {
			return hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(frozen(s1Now)), hooksig.WithoutReplay())
		},
		"ten": func() (*hooksig.Verifier, error) {
			return hooksig.NewAny(ten, hooksig.WithClock(frozen(s1Now)), hooksig.WithoutReplay())
		},
	}
	for _, name := range []string{"single", "ten"} {
		b.Run(name, func(b *testing.B) {
			v, err := routes[name]()
			if err != nil {
				b.Fatal(err)
			}
			called := false
			h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
			payload := body(1 << 10)
			r := signed(b, payload)
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("User-Agent", "Svix-Webhooks/1.0")
			rd := bytes.NewReader(payload)
			r.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				rd.Reset(payload)
				h.ServeHTTP(w, r)
			}
			if !called {
				b.Fatal("the delivery did not verify")
			}
		})
	}
}

// BenchmarkForgedFlood compares a forged delivery (valid headers, a wrong signature) with a
// valid one on the Standard Webhooks route: a flood of forgeries must cost no more than the
// deliveries it imitates, and allocate nothing.
//
//	go test -run '^$' -bench ForgedFlood -benchmem .
func BenchmarkForgedFlood(b *testing.B) {
	for _, forged := range []bool{false, true} {
		name := map[bool]string{false: "valid", true: "forged"}[forged]
		b.Run(name+"/1KiB", func(b *testing.B) {
			v := newSW(b, hooksig.WithoutReplay(), hooksig.WithErrorHandler(func(w http.ResponseWriter, _ *http.Request, err error) {
				w.WriteHeader(hooksig.Status(err))
			}))
			h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
			payload := body(1 << 10)
			r := signed(b, payload)
			if forged {
				r.Header.Set("Webhook-Signature", "v1,"+fmt.Sprintf("%044d", 0)[:43]+"=")
			}
			rd := bytes.NewReader(payload)
			r.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			b.ReportAllocs()
			b.SetBytes(int64(len(payload)))
			for b.Loop() {
				rd.Reset(payload)
				h.ServeHTTP(w, r)
			}
		})
	}
}
