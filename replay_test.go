package hooksig_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// delivery signs one message id at the clock's current time, as a sender's retry does: same
// id, new timestamp, new signature.
func delivery(t testing.TB, c *clock, id, payload string) *http.Request {
	t.Helper()
	s, err := hooksig.NewSigner(providers.StandardWebhooks(s1Secret))
	require.NoError(t, err)
	r, err := s.Request("http://example.test/webhooks", hooksig.Message{ID: id, Timestamp: c.Now(), Body: []byte(payload)})
	require.NoError(t, err)
	return r
}

func replayVerifier(t testing.TB, c *clock, opts ...hooksig.Option) *hooksig.Verifier {
	t.Helper()
	v, err := hooksig.New(providers.StandardWebhooks(s1Secret), append([]hooksig.Option{hooksig.WithClock(c.Now)}, opts...)...)
	require.NoError(t, err)
	return v
}

func TestReplayConcurrentDeliveriesRunNextOnce(t *testing.T) {
	c := newClock(s1Now)
	var calls atomic.Int32
	gate := make(chan struct{})
	v := replayVerifier(t, c)
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		<-gate // hold the claim while the others arrive
		w.WriteHeader(http.StatusAccepted)
	}))
	const n = 100
	reqs := make([]*http.Request, n)
	for i := range reqs {
		reqs[i] = delivery(t, c, "msg_same", `{"n":1}`)
	}
	codes := make([]int, n)
	bodies := make([]string, n)
	var wg sync.WaitGroup
	var answered atomic.Int32
	for i := range n {
		wg.Go(func() {
			rec := serve(h, reqs[i])
			codes[i], bodies[i] = rec.Code, rec.Body.String()
			if answered.Add(1) == n-1 {
				close(gate) // every other delivery has its answer: let the first finish
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), calls.Load(), "next runs exactly once")
	counts := map[int]int{}
	for _, code := range codes {
		counts[code]++
	}
	assert.Equal(t, 1, counts[http.StatusAccepted])
	assert.Equal(t, n-1, counts[http.StatusConflict], "while the claim is held every other copy is in flight: %v", counts)
	for i, code := range codes {
		if code == http.StatusConflict {
			assert.Equal(t, "Conflict\n", bodies[i], "status text only")
		}
	}
	assert.Equal(t, 200, serve(h, delivery(t, c, "msg_same", `{"n":1}`)).Code, "once done, a retry is answered 200")
	assert.Equal(t, int32(1), calls.Load())
}

func TestReplayFailedHandlerReleases(t *testing.T) {
	c := newClock(s1Now)
	answers := []int{500, 404, 302, 204, 204}
	var calls int
	v := replayVerifier(t, c)
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(answers[calls])
		calls++
	}))
	for i, want := range []int{500, 404, 302, 204} {
		c.Advance(30 * time.Second) // the sender's back-off
		rec := serve(h, delivery(t, c, "msg_retry", "{}"))
		assert.Equal(t, want, rec.Code, "attempt %d", i)
		assert.Equal(t, i+1, calls, "attempt %d reaches next", i)
	}
	c.Advance(30 * time.Second)
	assert.Equal(t, 200, serve(h, delivery(t, c, "msg_retry", "{}")).Code)
	assert.Equal(t, 4, calls, "only a 2xx made it done")
}

func TestReplayNoWriteHeaderIsSuccess(t *testing.T) {
	c := newClock(s1Now)
	var calls int
	h := replayVerifier(t, c).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { calls++ }))
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, 1, calls)
}

func TestReplayInformationalStatusIsNotFinal(t *testing.T) {
	c := newClock(s1Now)
	var calls int
	h := replayVerifier(t, c).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusInternalServerError)
	}))
	serve(h, delivery(t, c, "m", "{}"))
	serve(h, delivery(t, c, "m", "{}"))
	assert.Equal(t, 2, calls, "103 then 500 is a failure: released")
}

func TestReplayPanicReleasesAndRepanics(t *testing.T) {
	c := newClock(s1Now)
	var calls int
	h := replayVerifier(t, c).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			panic("boom")
		}
	}))
	assert.PanicsWithValue(t, "boom", func() { serve(h, delivery(t, c, "m", "{}")) })
	c.Advance(5 * time.Second)
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code, "the retry is handled")
	assert.Equal(t, 2, calls)
}

func TestReplayLateCompleteDoesNotFinishANewerClaim(t *testing.T) {
	c := newClock(s1Now)
	var mu sync.Mutex
	var outcomes []hooksig.Outcome
	started, release := make(chan struct{}), make(chan struct{})
	var calls atomic.Int32
	v := replayVerifier(t, c, hooksig.WithLease(20*time.Second), hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		outcomes = append(outcomes, o)
	}))
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1: // hangs past its lease, then succeeds late
			close(started)
			<-release
		case 2: // the retry that took over the id fails
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	done := make(chan int)
	go func() { done <- serve(h, delivery(t, c, "m", "{}")).Code }()
	<-started
	c.Advance(21 * time.Second)
	assert.Equal(t, 500, serve(h, delivery(t, c, "m", "{}")).Code, "the lease ran out: the retry is handled")
	close(release)
	assert.Equal(t, 200, <-done)

	c.Advance(time.Second)
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, int32(3), calls.Load(), "the late complete did not mark the id done")

	mu.Lock()
	defer mu.Unlock()
	var lost int
	for _, o := range outcomes {
		if o.Handled && errors.Is(o.Err, hooksig.ErrClaimLost) {
			lost++
		}
	}
	assert.Equal(t, 1, lost, "the observer hears of the lost claim")
}

// failingStore fails every call.
type failingStore struct{ claims atomic.Int32 }

func (s *failingStore) Claim(context.Context, string, time.Duration, time.Duration) (hooksig.ReplayState, hooksig.Token, error) {
	s.claims.Add(1)
	return hooksig.StateFree, 0, errors.New("connection refused")
}
func (s *failingStore) Complete(context.Context, string, hooksig.Token, time.Duration) error {
	return errors.New("connection refused")
}
func (s *failingStore) Release(context.Context, string, hooksig.Token) error {
	return errors.New("connection refused")
}

func TestReplayStoreErrorIs503(t *testing.T) {
	c := newClock(s1Now)
	store := &failingStore{}
	var seen error
	v := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { seen = o.Err }))
	var next sink
	rec := serve(v.Handler(&next), delivery(t, c, "m", "{}"))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "Service Unavailable\n", rec.Body.String())
	assert.Zero(t, next.called)
	assert.Equal(t, int32(1), store.claims.Load())
	assert.ErrorIs(t, seen, hooksig.ErrReplayUnavailable)
}

// settleFails claims for real but fails to complete.
type settleFails struct{ *hooksig.MemoryStore }

func (s settleFails) Complete(context.Context, string, hooksig.Token, time.Duration) error {
	return errors.New("timeout")
}

func TestReplayCompleteFailureIsObservedAndLeaseFrees(t *testing.T) {
	c := newClock(s1Now)
	var handled []hooksig.Outcome
	store := settleFails{hooksig.NewMemoryStore(10, hooksig.WithStoreClock(c.Now))}
	var calls int
	v := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		if o.Handled {
			handled = append(handled, o)
		}
	}))
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code)
	require.Len(t, handled, 1)
	assert.ErrorIs(t, handled[0].Err, hooksig.ErrReplayUnavailable)
	assert.Equal(t, 409, serve(h, delivery(t, c, "m", "{}")).Code, "still leased")
	c.Advance(59 * time.Second)
	assert.Equal(t, 409, serve(h, delivery(t, c, "m", "{}")).Code, "the 1-minute lease holds")
	c.Advance(2 * time.Second)
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code, "the lease expiry freed it: at least once")
	assert.Equal(t, 2, calls)
}

func TestReplayFullStoreIs503(t *testing.T) {
	c := newClock(s1Now)
	v := replayVerifier(t, c, hooksig.WithReplayStore(hooksig.NewMemoryStore(2, hooksig.WithStoreClock(c.Now))))
	var next sink
	h := v.Handler(&next)
	assert.Equal(t, 204, serve(h, delivery(t, c, "a", "{}")).Code)
	assert.Equal(t, 204, serve(h, delivery(t, c, "b", "{}")).Code)
	assert.Equal(t, 503, serve(h, delivery(t, c, "c", "{}")).Code, "full of ids inside their window")
	c.Advance(5*time.Minute + time.Second) // a and b are past their tolerance window
	assert.Equal(t, 204, serve(h, delivery(t, c, "c", "{}")).Code)
	assert.Equal(t, 3, next.called)
}

func TestWithoutReplay(t *testing.T) {
	c := newClock(s1Now)
	var next sink
	h := replayVerifier(t, c, hooksig.WithoutReplay()).Handler(&next)
	serve(h, delivery(t, c, "m", "{}"))
	serve(h, delivery(t, c, "m", "{}"))
	assert.Equal(t, 2, next.called, "the weaker mode hands every verified delivery on")
}

func TestReplayNamespaces(t *testing.T) {
	c := newClock(s1Now)
	store := hooksig.NewMemoryStore(100, hooksig.WithStoreClock(c.Now))
	var a, b, a2 sink
	ha := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithReplayNamespace("tenant-a")).Handler(&a)
	hb := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithReplayNamespace("tenant-b")).Handler(&b)
	ha2 := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithReplayNamespace("tenant-a")).Handler(&a2)
	serve(ha, delivery(t, c, "m", "{}"))
	serve(hb, delivery(t, c, "m", "{}"))
	assert.Equal(t, 200, serve(ha2, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, 1, a.called)
	assert.Equal(t, 1, b.called, "another namespace does not collide")
	assert.Zero(t, a2.called, "the same namespace shares ids")
}

func TestReplayOptionsValidated(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []hooksig.Option
	}{
		{"nil_store", []hooksig.Option{hooksig.WithReplayStore(nil)}},
		{"zero_lease", []hooksig.Option{hooksig.WithLease(0)}},
		{"zero_retention", []hooksig.Option{hooksig.WithRetention(0)}},
		{"retention_below_window", []hooksig.Option{hooksig.WithRetention(9 * time.Minute)}},
		{"retention_below_widened_window", []hooksig.Option{hooksig.WithTolerance(time.Hour, time.Hour), hooksig.WithRetention(90 * time.Minute)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hooksig.New(providers.StandardWebhooks(s1Secret), tc.opts...)
			assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
		})
	}
	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithRetention(10*time.Minute))
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "the window ends one second after past + future")
	_, err = hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithRetention(10*time.Minute+time.Second))
	assert.NoError(t, err, "retention equal to past + future + the last second is allowed")
}

func TestReplayKeepsFlusherAndResponseController(t *testing.T) {
	c := newClock(s1Now)
	h := replayVerifier(t, c).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f, ok := w.(http.Flusher)
		require.True(t, ok, "http.Flusher")
		_, _ = io.WriteString(w, "part")
		f.Flush()
		assert.NoError(t, http.NewResponseController(w).SetWriteDeadline(time.Time{}))
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	r := delivery(t, c, "m", "{}")
	r.URL, _ = r.URL.Parse(srv.URL)
	resp, err := srv.Client().Do(r)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	assert.Equal(t, "part", string(got))
}

// completions signals each successful Complete, so a test can wait for the middleware to
// settle a claim after the client already has its answer.
type completions struct {
	*hooksig.MemoryStore
	done chan struct{}
}

func (s completions) Complete(ctx context.Context, key string, t hooksig.Token, retain time.Duration) error {
	err := s.MemoryStore.Complete(ctx, key, t, retain)
	if err == nil {
		s.done <- struct{}{}
	}
	return err
}

func TestReplayHijackCountsAsDone(t *testing.T) {
	c := newClock(s1Now)
	var calls atomic.Int32
	store := completions{hooksig.NewMemoryStore(10, hooksig.WithStoreClock(c.Now)), make(chan struct{}, 1)}
	h := replayVerifier(t, c, hooksig.WithReplayStore(store)).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		conn, buf, err := w.(http.Hijacker).Hijack()
		require.NoError(t, err)
		_, _ = buf.WriteString("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
		_ = buf.Flush()
		_ = conn.Close()
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	send := func() int {
		r := delivery(t, c, "m", "{}")
		r.URL, _ = r.URL.Parse(srv.URL)
		resp, err := srv.Client().Do(r)
		require.NoError(t, err)
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, bufio.NewReader(resp.Body))
		return resp.StatusCode
	}
	assert.Equal(t, 204, send())
	<-store.done // the client can have its answer before next has returned
	assert.Equal(t, 200, send(), "the hijacked delivery is done")
	assert.Equal(t, int32(1), calls.Load())
}

func TestReplayDuplicateObserved(t *testing.T) {
	c := newClock(s1Now)
	var errs []error
	h := replayVerifier(t, c, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { errs = append(errs, o.Err) })).
		Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	serve(h, delivery(t, c, "m", "{}"))
	rec := serve(h, delivery(t, c, "m", "{}"))
	assert.Equal(t, "OK\n", rec.Body.String())
	require.Len(t, errs, 2)
	assert.NoError(t, errs[0])
	assert.ErrorIs(t, errs[1], hooksig.ErrDuplicate)
}

// The replay key carries the provider: two senders that both use webhook-id never collide.
func TestReplayKeyCarriesTheProvider(t *testing.T) {
	c := newClock(s1Now)
	store := hooksig.NewMemoryStore(100, hooksig.WithStoreClock(c.Now))
	sw, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(c.Now), hooksig.WithReplayStore(store))
	require.NoError(t, err)
	fp, err := hooksig.New(providers.Freepik("freepik-secret"), hooksig.WithClock(c.Now), hooksig.WithReplayStore(store))
	require.NoError(t, err)
	fpSigner, err := hooksig.NewSigner(providers.Freepik("freepik-secret"))
	require.NoError(t, err)

	var a, b sink
	assert.Equal(t, 204, serve(sw.Handler(&a), delivery(t, c, "msg_shared", "{}")).Code)
	r, err := fpSigner.Request("http://x/", hooksig.Message{ID: "msg_shared", Timestamp: c.Now(), Body: []byte("{}")})
	require.NoError(t, err)
	assert.Equal(t, 204, serve(fp.Handler(&b), r).Code)
	assert.Equal(t, 1, a.called)
	assert.Equal(t, 1, b.called, "the same id from another provider is another delivery")
}

// A handled id is kept 24 hours by default: a retry inside that is a duplicate, after it a
// new delivery.
func TestDefaultRetention(t *testing.T) {
	c := newClock(s1Now)
	var next sink
	h := replayVerifier(t, c).Handler(&next)
	assert.Equal(t, 204, serve(h, delivery(t, c, "m", "{}")).Code)
	c.Advance(24*time.Hour - time.Second)
	assert.Equal(t, 200, serve(h, delivery(t, c, "m", "{}")).Code)
	c.Advance(2 * time.Second)
	assert.Equal(t, 204, serve(h, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, 2, next.called)
}

// The responder runs before the replay claim: a retried handshake gets its answer again.
func TestResponderBeforeReplayClaim(t *testing.T) {
	c := newClock(s1Now)
	p := providers.StandardWebhooks(s1Secret)
	p.Scheme.Respond = func(w http.ResponseWriter, _ *http.Request, h *hooksig.Handshake) bool {
		if string(h.Delivery.Body()) != `{"type":"ping"}` {
			return false
		}
		_, _ = w.Write([]byte("pong"))
		return true
	}
	v, err := hooksig.New(p, hooksig.WithClock(c.Now))
	require.NoError(t, err)
	var next sink
	h := v.Handler(&next)
	for range 3 {
		rec := serve(h, delivery(t, c, "msg_ping", `{"type":"ping"}`))
		assert.Equal(t, "pong", rec.Body.String())
	}
	assert.Zero(t, next.called)
	assert.Equal(t, 204, serve(h, delivery(t, c, "msg_event", `{"type":"event"}`)).Code)
	assert.Equal(t, 200, serve(h, delivery(t, c, "msg_event", `{"type":"event"}`)).Code, "events still go through the replay step")
}

// releaseFails claims for real but cannot release.
type releaseFails struct{ *hooksig.MemoryStore }

func (s releaseFails) Release(context.Context, string, hooksig.Token) error {
	return errors.New("connection reset")
}

// A failed release reaches the observer, and the lease frees the id: at least once.
func TestReplayReleaseFailureIsObserved(t *testing.T) {
	c := newClock(s1Now)
	var handled atomic.Int32
	store := releaseFails{hooksig.NewMemoryStore(10, hooksig.WithStoreClock(c.Now))}
	var calls int
	v := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		if o.Handled && errors.Is(o.Err, hooksig.ErrReplayUnavailable) {
			handled.Add(1)
		}
	}))
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		calls++
		w.WriteHeader(http.StatusInternalServerError)
	}))
	assert.Equal(t, 500, serve(h, delivery(t, c, "m", "{}")).Code)
	assert.Equal(t, int32(1), handled.Load())
	assert.Equal(t, 409, serve(h, delivery(t, c, "m", "{}")).Code, "the release failed: still leased")
	c.Advance(time.Minute + time.Second)
	assert.Equal(t, 500, serve(h, delivery(t, c, "m", "{}")).Code, "the lease expired: the retry is handled")
	assert.Equal(t, 2, calls)
}

// Replay options on a scheme that signs no id would protect nothing: New says so.
func TestReplayOptionsNeedASignedIDOrDedupe(t *testing.T) {
	for _, opt := range []hooksig.Option{
		hooksig.WithReplayStore(hooksig.NewMemoryStore(10)),
		hooksig.WithLease(time.Minute),
		hooksig.WithRetention(time.Hour),
		hooksig.WithReplayNamespace("tenant"),
	} {
		_, err := hooksig.New(providers.Sendsar("s"), opt)
		assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
		_, err = hooksig.New(providers.Sendsar("s"), opt, hooksig.WithDedupe())
		assert.NoError(t, err)
		_, err = hooksig.New(providers.StandardWebhooks(s1Secret), opt)
		assert.NoError(t, err)
	}
	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithReplayNamespace("a:b"))
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "':' would make keys ambiguous")
}
