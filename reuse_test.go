package hooksig_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// bytesPerRequest measures the bytes allocated per call of f.
func bytesPerRequest(n int, f func()) uint64 {
	f()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range n {
		f()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(n)
}

func TestRecycledBodiesKeepEveryDeliveryIntact(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	var seen [][]byte
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, b) // ReadAll copies: the bytes are the handler's to keep
	}))
	var sent [][]byte
	for i := range 50 {
		payload := bytes.Repeat([]byte{byte('a' + i%26)}, 5000+i*997)
		sent = append(sent, payload)
		require.Equal(t, 200, serve(h, signed(t, payload)).Code, "delivery %d", i)
	}
	require.Len(t, seen, len(sent))
	for i := range sent {
		assert.True(t, bytes.Equal(sent[i], seen[i]), "delivery %d", i)
	}
}

// A verified delivery's buffer is recycled once its handler returns: the bytes allocated per
// request do not grow with the body.
func TestVerifiedBodiesAreRecycled(t *testing.T) {
	for _, size := range []int{1 << 10, 64 << 10, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			payload := body(size)
			v := newSW(t, hooksig.WithoutReplay())
			h := v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
			r := signed(t, payload)
			rd := bytes.NewReader(payload)
			r.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			per := bytesPerRequest(1000, func() {
				rd.Reset(payload)
				h.ServeHTTP(w, r)
			})
			t.Logf("%d bytes per request", per)
			assert.LessOrEqual(t, per, pooledBound(size))
		})
	}
}

// A forged delivery's buffer is recycled: a flood of them makes no garbage the
// size of their bodies.
func TestRejectedBodiesAreRecycled(t *testing.T) {
	const size = 64 << 10
	payload := body(size)
	v := newSW(t)
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("forged delivery reached next") }))
	r := signed(t, payload)
	r.Header.Set("Webhook-Signature", "v1,"+fmt.Sprintf("%044d", 0)[:43]+"=")
	rd := bytes.NewReader(payload)
	r.Body = io.NopCloser(rd)
	w := &discard{h: http.Header{}}
	per := bytesPerRequest(200, func() {
		rd.Reset(payload)
		h.ServeHTTP(w, r)
	})
	t.Logf("%d bytes per forged request", per)
	assert.LessOrEqual(t, per, pooledBound(size))
}

// pooledBound is the most a pooled body of size bytes may allocate per request.
func pooledBound(size int) uint64 {
	if raceEnabled {
		// A quarter of what every pool holds is dropped at random: the body buffers, and the
		// per-request state (a few KiB of its own) too.
		return uint64(size)/2 + 8<<10
	}
	return 4 << 10
}

// A forged request (valid headers, wrong signature) allocates nothing of the middleware's own:
// with an error handler that writes the status alone, not one allocation per request.
func TestForgedRequestAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's pools drop buffers at random")
	}
	payload := body(1 << 10)
	onError := hooksig.WithErrorHandler(func(w http.ResponseWriter, _ *http.Request, err error) {
		w.WriteHeader(hooksig.Status(err))
	})
	var reason hooksig.Reason
	observer := hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { reason = o.Reason })
	for name, opts := range map[string][]hooksig.Option{
		"plain":         {onError},
		"with observer": {onError, observer}, // the diagnosis costs nothing either
	} {
		t.Run(name, func(t *testing.T) {
			v := newSW(t, opts...)
			h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("forged delivery reached next") }))
			r := signed(t, payload)
			r.Header.Set("Webhook-Signature", "v1,"+fmt.Sprintf("%044d", 0)[:43]+"=")
			rd := bytes.NewReader(payload)
			r.Body = io.NopCloser(rd)
			w := &discard{h: http.Header{}}
			allocs := testing.AllocsPerRun(1000, func() {
				rd.Reset(payload)
				h.ServeHTTP(w, r)
			})
			assert.Zero(t, allocs, "allocations per forged request")
		})
	}
	assert.Equal(t, hooksig.ReasonNoMatch, reason)

	// Two declared labels seen: the diagnosis names both without allocating.
	r := signed(t, payload)
	r.Header.Set("Webhook-Signature", "v1,"+fmt.Sprintf("%044d", 0)[:43]+"= v1a,"+fmt.Sprintf("%088d", 0)[:86]+"==")
	rd := bytes.NewReader(payload)
	r.Body = io.NopCloser(rd)
	var labels string
	v := newSW(t, onError, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { labels = o.Diagnosis.Labels }))
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("forged delivery reached next") }))
	w := &discard{h: http.Header{}}
	allocs := testing.AllocsPerRun(1000, func() {
		rd.Reset(payload)
		h.ServeHTTP(w, r)
	})
	assert.Zero(t, allocs, "allocations per forged request with two labels")
	assert.Equal(t, "v1,v1a", labels)
}
