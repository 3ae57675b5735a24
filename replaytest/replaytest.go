// Package replaytest checks that a hooksig.ReplayStore keeps the contract: claims, tokens,
// leases, retention, concurrency and, for bounded stores, what happens when full. Every
// implementation runs the same suite:
//
//	func TestConformance(t *testing.T) {
//		replaytest.Run(t, replaytest.Harness{
//			New:     func(t *testing.T, max int) hooksig.ReplayStore { return newStore(t, max) },
//			Advance: func(t *testing.T, d time.Duration) { clock.Advance(d) },
//		})
//	}
package replaytest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hooksig/hooksig"
)

// A Harness tells the suite how to make and drive a store.
type Harness struct {
	// New returns a fresh, empty store. max is the number of ids it may hold; 0 means the
	// store's default (the suite asks for a bound only when Bounded is set).
	New func(t *testing.T, max int) hooksig.ReplayStore

	// Advance moves the store's clock forward by d (a fake clock, or a real wait for a
	// store that keeps server time: a case advances up to 51 Units, so such a store should
	// pass a short Unit).
	Advance func(t *testing.T, d time.Duration)

	// Bounded runs the full-store cases, which need New to honour max.
	Bounded bool

	// Unit scales the suite's durations (default one second); a store that keeps real time
	// can pass a shorter one.
	Unit time.Duration
}

// Run runs the conformance suite.
func Run(t *testing.T, h Harness) {
	if h.Unit == 0 {
		h.Unit = time.Second
	}
	u := h.Unit
	ctx := context.Background()
	claim := func(t *testing.T, s hooksig.ReplayStore, key string, want hooksig.ReplayState) hooksig.Token {
		t.Helper()
		got, tok, err := s.Claim(ctx, key, 10*u, 5*u)
		if err != nil {
			t.Fatalf("Claim(%q): %v", key, err)
		}
		if got != want {
			t.Fatalf("Claim(%q) = %v, want %v", key, got, want)
		}
		return tok
	}
	noErr := func(t *testing.T, what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	lost := func(t *testing.T, what string, err error) {
		t.Helper()
		if !errors.Is(err, hooksig.ErrClaimLost) {
			t.Fatalf("%s = %v, want ErrClaimLost", what, err)
		}
	}

	t.Run("claim_complete_done", func(t *testing.T) {
		s := h.New(t, 0)
		tok := claim(t, s, "k", hooksig.StateFree)
		claim(t, s, "k", hooksig.StateInFlight)
		noErr(t, "Complete", s.Complete(ctx, "k", tok, 100*u))
		claim(t, s, "k", hooksig.StateDone)
		claim(t, s, "other", hooksig.StateFree)
	})
	t.Run("release_frees", func(t *testing.T) {
		s := h.New(t, 0)
		t1 := claim(t, s, "k", hooksig.StateFree)
		noErr(t, "Release", s.Release(ctx, "k", t1))
		t2 := claim(t, s, "k", hooksig.StateFree)
		if t1 == t2 {
			t.Fatalf("a new claim reused token %v", t1)
		}
		lost(t, "Release with the released token", s.Release(ctx, "k", t1))
		lost(t, "Complete with the released token", s.Complete(ctx, "k", t1, 100*u))
		claim(t, s, "k", hooksig.StateInFlight)
	})
	t.Run("wrong_token", func(t *testing.T) {
		s := h.New(t, 0)
		tok := claim(t, s, "k", hooksig.StateFree)
		lost(t, "Complete with another token", s.Complete(ctx, "k", tok+1, 100*u))
		lost(t, "Release with another token", s.Release(ctx, "k", tok+1))
		lost(t, "Complete of an unknown id", s.Complete(ctx, "never", tok, 100*u))
		claim(t, s, "k", hooksig.StateInFlight)
		noErr(t, "Complete", s.Complete(ctx, "k", tok, 100*u))
		lost(t, "a second Complete", s.Complete(ctx, "k", tok, 100*u))
		lost(t, "Release after Complete", s.Release(ctx, "k", tok))
		claim(t, s, "k", hooksig.StateDone)
	})
	t.Run("lease_expiry_and_late_settle", func(t *testing.T) {
		s := h.New(t, 0)
		t1 := claim(t, s, "k", hooksig.StateFree)
		h.Advance(t, 9*u)
		claim(t, s, "k", hooksig.StateInFlight)
		h.Advance(t, 2*u) // the lease (10u) is over
		t2 := claim(t, s, "k", hooksig.StateFree)
		lost(t, "a late Complete from the expired claim", s.Complete(ctx, "k", t1, 100*u))
		lost(t, "a late Release from the expired claim", s.Release(ctx, "k", t1))
		claim(t, s, "k", hooksig.StateInFlight)
		noErr(t, "Complete", s.Complete(ctx, "k", t2, 100*u))
		claim(t, s, "k", hooksig.StateDone)
	})
	t.Run("retention_expiry", func(t *testing.T) {
		s := h.New(t, 0)
		tok := claim(t, s, "k", hooksig.StateFree)
		noErr(t, "Complete", s.Complete(ctx, "k", tok, 20*u))
		h.Advance(t, 19*u)
		claim(t, s, "k", hooksig.StateDone)
		h.Advance(t, 2*u)
		claim(t, s, "k", hooksig.StateFree)
	})
	t.Run("concurrent_claims", func(t *testing.T) {
		s := h.New(t, 0)
		const n = 64
		var wg sync.WaitGroup
		states := make(chan hooksig.ReplayState, n)
		for range n {
			wg.Go(func() {
				st, _, err := s.Claim(ctx, "k", 10*u, 5*u)
				if err != nil {
					t.Errorf("Claim: %v", err)
				}
				states <- st
			})
		}
		wg.Wait()
		close(states)
		free := 0
		for st := range states {
			if st == hooksig.StateFree {
				free++
			} else if st != hooksig.StateInFlight {
				t.Errorf("a racing claim saw %v", st)
			}
		}
		if free != 1 {
			t.Fatalf("%d racing claims got the id, want exactly 1", free)
		}
	})
	t.Run("concurrent_settle_and_claim", func(t *testing.T) {
		s := h.New(t, 0)
		var wg sync.WaitGroup
		for i := range 32 {
			wg.Go(func() {
				key := fmt.Sprint("k", i%4)
				for range 20 {
					st, tok, err := s.Claim(ctx, key, 10*u, 5*u)
					if err != nil {
						t.Errorf("Claim: %v", err)
						return
					}
					if st == hooksig.StateFree {
						if err := s.Release(ctx, key, tok); err != nil {
							t.Errorf("Release of a held claim: %v", err)
						}
					}
				}
			})
		}
		wg.Wait()
	})
	if !h.Bounded {
		return
	}
	t.Run("full_of_in_window_ids_refuses", func(t *testing.T) {
		s := h.New(t, 4)
		for i := range 4 {
			tok := claim(t, s, fmt.Sprint("k", i), hooksig.StateFree)
			if i%2 == 0 {
				noErr(t, "Complete", s.Complete(ctx, fmt.Sprint("k", i), tok, 100*u))
			}
		}
		_, _, err := s.Claim(ctx, "new", 10*u, 5*u)
		if !errors.Is(err, hooksig.ErrStoreFull) || !errors.Is(err, hooksig.ErrReplayUnavailable) {
			t.Fatalf("Claim on a full store = %v, want ErrStoreFull (an ErrReplayUnavailable)", err)
		}
		for i := range 4 {
			want := hooksig.StateInFlight
			if i%2 == 0 {
				want = hooksig.StateDone
			}
			claim(t, s, fmt.Sprint("k", i), want)
		}
	})
	t.Run("full_drops_expired_first", func(t *testing.T) {
		s := h.New(t, 3)
		claim(t, s, "inflight", hooksig.StateFree) // lease 10u
		tok := claim(t, s, "done", hooksig.StateFree)
		noErr(t, "Complete", s.Complete(ctx, "done", tok, 100*u)) // window 5u
		h.Advance(t, 4*u)
		claim(t, s, "young", hooksig.StateFree)
		h.Advance(t, 7*u) // "inflight" lease over; "done" window over; "young" inside both
		claim(t, s, "new", hooksig.StateFree)
		claim(t, s, "done", hooksig.StateDone) // only the expired id made room
		claim(t, s, "young", hooksig.StateInFlight)
	})
	t.Run("full_drops_done_past_window", func(t *testing.T) {
		s := h.New(t, 2)
		t1 := claim(t, s, "a", hooksig.StateFree)
		noErr(t, "Complete", s.Complete(ctx, "a", t1, 100*u))
		h.Advance(t, 6*u) // a's window (5u) has passed; its retention has not
		claim(t, s, "b", hooksig.StateFree)
		claim(t, s, "c", hooksig.StateFree)
		claim(t, s, "b", hooksig.StateInFlight)
		claim(t, s, "c", hooksig.StateInFlight)
	})
	t.Run("full_never_drops_untimed_ids_early", func(t *testing.T) {
		s := h.New(t, 1)
		_, tok, err := s.Claim(ctx, "untimed", 10*u, 0)
		noErr(t, "Claim", err)
		noErr(t, "Complete", s.Complete(ctx, "untimed", tok, 50*u))
		h.Advance(t, 40*u)
		if _, _, err := s.Claim(ctx, "new", 10*u, 5*u); !errors.Is(err, hooksig.ErrStoreFull) {
			t.Fatalf("Claim = %v, want ErrStoreFull: an id without a timestamp is kept for its retention", err)
		}
		h.Advance(t, 11*u)
		claim(t, s, "new", hooksig.StateFree)
	})
}
