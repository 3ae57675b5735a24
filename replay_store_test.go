package hooksig_test

import (
	"context"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/replaytest"
)

// clock is a fake clock shared by a verifier and its store.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *clock { return &clock{now: t} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func TestMemoryStoreConformance(t *testing.T) {
	var c *clock
	replaytest.Run(t, replaytest.Harness{
		New: func(t *testing.T, max int) hooksig.ReplayStore {
			c = newClock(time.Unix(1700000000, 0))
			return hooksig.NewMemoryStore(max, hooksig.WithStoreClock(c.Now))
		},
		Advance: func(t *testing.T, d time.Duration) { c.Advance(d) },
		Bounded: true,
	})
}

func benchKeys(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = "standardwebhooks::msg_" + strconv.Itoa(i) + "_2KWPBgLlAfxdpx2AI54pPJ85f4W"
	}
	return keys
}

// BenchmarkMemoryStore measures one claim and its complete, single and under RunParallel
// contention (one mutex guards the map).
//
//	go test -run '^$' -bench MemoryStore -benchmem .
func BenchmarkMemoryStore(b *testing.B) {
	ctx := context.Background()
	keys := benchKeys(1 << 16)
	b.Run("claim_complete", func(b *testing.B) {
		s := hooksig.NewMemoryStore(len(keys))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			k := keys[i&(len(keys)-1)]
			i++
			_, tok, err := s.Claim(ctx, k, time.Minute, time.Minute)
			if err != nil {
				b.Fatal(err)
			}
			_ = s.Complete(ctx, k, tok, time.Nanosecond) // expired when the key comes round again
		}
	})
	b.Run("claim_complete_parallel", func(b *testing.B) {
		s := hooksig.NewMemoryStore(len(keys))
		var worker atomic.Int32
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			w := int(worker.Add(1))
			i := w * 7919
			for pb.Next() {
				k := keys[i&(len(keys)-1)]
				i++
				_, tok, err := s.Claim(ctx, k, time.Minute, time.Minute)
				if err != nil {
					b.Error(err)
					return
				}
				_ = s.Complete(ctx, k, tok, time.Nanosecond)
			}
		})
	})
	b.Run("retained_id", func(b *testing.B) {
		const n = 100_000
		keys := benchKeys(n)
		var before, after runtime.MemStats
		for b.Loop() {
			runtime.GC()
			runtime.ReadMemStats(&before)
			s := hooksig.NewMemoryStore(n)
			for _, k := range keys {
				_, tok, _ := s.Claim(ctx, k, time.Minute, time.Minute)
				_ = s.Complete(ctx, k, tok, time.Hour)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "B/id")
			runtime.KeepAlive(s)
		}
	})
}
