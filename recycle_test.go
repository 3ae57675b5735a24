package hooksig_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// The body next reads sits on a recycled buffer. Once the handler returns it is closed under
// its lock: whatever still holds the request gets an error, never another request's bytes.

func TestLateReadAfterTheHandlerReturnsFails(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	var kept *http.Request
	var keptDelivery *hooksig.Delivery
	h := v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		kept = r // a handler that breaks net/http's rule
		keptDelivery, _ = hooksig.DeliveryFrom(r.Context())
	}))
	serve(h, signed(t, body(4096)))
	// Another delivery reuses the buffer.
	serve(h, signed(t, bytes.Repeat([]byte("z"), 4096)))

	n, err := kept.Body.Read(make([]byte, 16))
	assert.Zero(t, n)
	assert.Error(t, err, "a late read must fail")
	assert.NotErrorIs(t, err, io.EOF)
	_, err = kept.Body.(io.Seeker).Seek(0, io.SeekStart)
	assert.Error(t, err)
	assert.Nil(t, keptDelivery.Body(), "Delivery.Body after the handler returned")
	assert.Equal(t, "standardwebhooks", keptDelivery.Provider, "the rest of the Delivery stays")
}

// Delivery.Body is a copy of the handler's own, made while it runs: it stays valid after the
// buffer is recycled and another delivery fills it.
func TestDeliveryBodyCopyOutlivesTheHandler(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	var copied []byte
	h := v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		if copied == nil {
			d, _ := hooksig.DeliveryFrom(r.Context())
			copied = d.Body()
		}
	}))
	first := bytes.Repeat([]byte("a"), 4096)
	serve(h, signed(t, first))
	for range 20 {
		serve(h, signed(t, bytes.Repeat([]byte("b"), 4096)))
	}
	assert.Equal(t, first, copied)
}

// A goroutine that keeps r.Context() (as context.WithoutCancel hands it on) and the Delivery
// after the handler returns sees no other delivery's bytes, under the race detector too.
func TestGoroutineKeepingTheContext(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	var wg sync.WaitGroup
	results := make(chan []byte, 64)
	h := v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		ctx := context.WithoutCancel(r.Context())
		body := r.Body
		wg.Go(func() {
			time.Sleep(time.Millisecond) // after the handler has returned
			d, _ := hooksig.DeliveryFrom(ctx)
			b, _ := io.ReadAll(body)
			results <- append(d.Body(), b...)
		})
	}))
	for i := range 32 {
		serve(h, signed(t, bytes.Repeat([]byte{byte('a' + i%26)}, 2048)))
	}
	wg.Wait()
	close(results)
	for got := range results {
		assert.Empty(t, got, "a late reader got bytes")
	}
}

// A handler behind http.TimeoutHandler keeps running after the timeout answers; its reads of
// the body then fail instead of reading a recycled buffer.
func TestTimeoutHandlerLateRead(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	release := make(chan struct{})
	done := make(chan error, 1)
	inner := http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		<-release // past the timeout
		_, err := io.ReadAll(r.Body)
		done <- err
	})
	h := v.Handler(http.TimeoutHandler(inner, 10*time.Millisecond, "timeout"))
	rec := serve(h, signed(t, body(8192)))
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	// Another delivery takes the recycled buffer before the slow handler reads.
	serve(v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})), signed(t, bytes.Repeat([]byte("x"), 8192)))
	close(release)
	assert.Error(t, <-done, "the timed-out handler's read must fail")
}

// Concurrent deliveries each read exactly their own bytes, over a real server (run with -race).
func TestConcurrentDeliveriesReadTheirOwnBytes(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	srv := httptest.NewServer(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", 500)
			return
		}
		d, _ := hooksig.DeliveryFrom(r.Context())
		if !bytes.Equal(b, d.Body()) {
			http.Error(w, "delivery body differs", 500)
			return
		}
		_, _ = w.Write(b[:1])
	})))
	defer srv.Close()
	var wg sync.WaitGroup
	for i := range 64 {
		wg.Go(func() {
			payload := bytes.Repeat([]byte{byte('a' + i%26)}, 1000+i*37)
			r := signed(t, payload)
			req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(payload))
			if !assert.NoError(t, err) {
				return
			}
			req.Header = r.Header
			resp, err := srv.Client().Do(req)
			if !assert.NoError(t, err) {
				return
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			assert.Equal(t, 200, resp.StatusCode)
			assert.Equal(t, payload[:1], got)
		})
	}
	wg.Wait()
}

// io.Copy reads the body through the writer's buffer: the recycled slice is never handed out
// (the body has no WriteTo).
func TestBodyHasNoWriteTo(t *testing.T) {
	v := newSW(t, hooksig.WithoutReplay())
	h := v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		_, ok := r.Body.(io.WriterTo)
		assert.False(t, ok)
		var buf bytes.Buffer
		_, err := io.Copy(&buf, r.Body)
		require.NoError(t, err)
		assert.Equal(t, 100, buf.Len())
	}))
	serve(h, signed(t, body(100)))
}
