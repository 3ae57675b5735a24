package hooksig_test

import (
	"sync"
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
			return hooksig.NewMemoryStore(max, hooksig.MemoryStoreClock(c.Now))
		},
		Advance: func(t *testing.T, d time.Duration) { c.Advance(d) },
		Bounded: true,
	})
}
