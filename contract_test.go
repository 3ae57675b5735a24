package hooksig_test

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// Promises of the contract that no other test pins down.

// A provider's documented maximum raises the default limit; nothing lowers it below 1 MiB.
func TestSchemeMaxBody(t *testing.T) {
	s := bareScheme
	s.MaxBody = 25 << 20
	p := hooksig.Provider{Scheme: s, Secrets: []string{"k"}}
	v, err := hooksig.New(p)
	require.NoError(t, err)
	signer, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	r, err := signer.Request("http://x/", hooksig.Message{Body: body(2 << 20)})
	require.NoError(t, err)
	assert.Equal(t, 204, serve(v.Handler(&sink{}), r).Code, "2 MiB under a 25 MB documented maximum")

	s.MaxBody = 512 << 10
	_, err = hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{"k"}})
	assert.ErrorIs(t, err, hooksig.ErrInvalidScheme, "the default limit is never below 1 MiB")
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
