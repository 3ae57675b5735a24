package redisreplay_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
	"github.com/hooksig/hooksig/redisreplay"
)

// ids makes every benchmark delivery's id new, across runs and rounds.
var ids atomic.Int64

func nextID() string { return fmt.Sprintf("msg_%d_%d", time.Now().UnixNano(), ids.Add(1)) }

// latencies records per-operation times and reports their p50 and p99.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	b.ReportMetric(float64(l.d[len(l.d)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(l.d[len(l.d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkClaimComplete is one delivery's state changes against the local server: a Claim
// and a Complete, two round trips.
//
//	go test -run '^$' -bench ClaimComplete -benchtime 2s .
func BenchmarkClaimComplete(b *testing.B) {
	srv := startServer(b)
	rdb := srv.client(b)
	s, err := redisreplay.New(rdb, redisreplay.WithPrefix(fmt.Sprintf("bench:%d:", time.Now().UnixNano())))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	var n atomic.Int64
	once := func() time.Duration {
		start := time.Now()
		key := fmt.Sprint(n.Add(1))
		_, tok, err := s.Claim(ctx, key, time.Minute, time.Minute)
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Complete(ctx, key, tok, time.Minute); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	b.Run("sequential", func(b *testing.B) {
		var l latencies
		b.ReportAllocs()
		for b.Loop() {
			l.add(once())
		}
		l.report(b)
	})
	b.Run("parallel", func(b *testing.B) {
		var l latencies
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				l.add(once())
			}
		})
		l.report(b)
	})
}

// BenchmarkRoute is a verified 1 KiB Standard Webhooks request through the middleware, each
// with a fresh id, on a route whose replay store is Redis and on one with the memory store.
//
//	go test -run '^$' -bench Route -benchtime 2s .
func BenchmarkRoute(b *testing.B) {
	store, signer, body, next := routeSetup(b)
	for _, route := range []struct {
		name string
		opts []hooksig.Option
	}{
		{"memory", []hooksig.Option{hooksig.WithReplayStore(hooksig.NewMemoryStore(4 << 20))}},
		{"redis", []hooksig.Option{hooksig.WithReplayStore(store)}},
	} {
		b.Run(route.name, func(b *testing.B) {
			v, err := hooksig.New(providers.StandardWebhooks(secret), route.opts...)
			if err != nil {
				b.Fatal(err)
			}
			h := v.Handler(next)
			var l latencies
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				b.StopTimer()
				r, err := signer.Request("http://receiver.example/hook", hooksig.Message{ID: nextID(), Body: body})
				if err != nil {
					b.Fatal(err)
				}
				w := httptest.NewRecorder()
				b.StartTimer()
				start := time.Now()
				h.ServeHTTP(w, r)
				l.add(time.Since(start))
				if w.Code != 204 {
					b.Fatalf("status %d", w.Code)
				}
			}
			l.report(b)
		})
	}
}

// BenchmarkLoopback is the same two routes served over loopback HTTP to 16 concurrent clients:
// requests per second with the whole request's cost, where the store's round trips overlap.
//
//	go test -run '^$' -bench Loopback -benchtime 3s .
func BenchmarkLoopback(b *testing.B) {
	store, signer, body, next := routeSetup(b)
	for _, route := range []struct {
		name  string
		store hooksig.ReplayStore
	}{
		{"memory", hooksig.NewMemoryStore(4 << 20)},
		{"redis", store},
	} {
		b.Run(route.name, func(b *testing.B) {
			v, err := hooksig.New(providers.StandardWebhooks(secret), hooksig.WithReplayStore(route.store))
			if err != nil {
				b.Fatal(err)
			}
			ts := httptest.NewServer(v.Handler(next))
			defer ts.Close()
			client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
			defer client.CloseIdleConnections()
			b.SetBytes(int64(len(body)))
			b.SetParallelism(8) // 16 clients on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					signed, err := signer.Sign(hooksig.Message{ID: nextID(), Body: body})
					if err != nil {
						b.Error(err)
						return
					}
					req, _ := http.NewRequest("POST", ts.URL, bytes.NewReader(signed.Body))
					req.Header = signed.Header
					resp, err := client.Do(req)
					if err != nil {
						b.Error(err)
						return
					}
					resp.Body.Close()
					if resp.StatusCode != 204 {
						b.Errorf("status %d", resp.StatusCode)
						return
					}
				}
			})
		})
	}
}

// routeSetup is what the route benchmarks share: a Redis store on a server of their own, a
// signer, a 1 KiB body and a handler that answers 204.
func routeSetup(b *testing.B) (*redisreplay.Store, *hooksig.Signer, []byte, http.Handler) {
	srv := startServer(b)
	store, err := redisreplay.New(srv.client(b), redisreplay.WithPrefix(fmt.Sprintf("bench:%d:", time.Now().UnixNano())))
	if err != nil {
		b.Fatal(err)
	}
	signer, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	if err != nil {
		b.Fatal(err)
	}
	body := []byte(`{"data":"` + strings.Repeat("x", 1024-11) + `"}`)
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })
	return store, signer, body, next
}
