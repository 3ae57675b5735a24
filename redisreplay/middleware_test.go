package redisreplay_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
	"github.com/hooksig/hooksig/redisreplay"
)

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// instance is one service instance: its own client and store over the shared Redis, its own
// Verifier and server.
func instance(t *testing.T, rdb *redis.Client, prefix string, next http.Handler, opts ...hooksig.Option) *httptest.Server {
	t.Helper()
	store, err := redisreplay.New(rdb, redisreplay.WithPrefix(prefix), redisreplay.WithTimeout(300*time.Millisecond))
	require.NoError(t, err)
	v, err := hooksig.New(providers.StandardWebhooks(secret), append([]hooksig.Option{hooksig.WithReplayStore(store)}, opts...)...)
	require.NoError(t, err)
	srv := httptest.NewServer(v.Handler(next))
	t.Cleanup(srv.Close)
	return srv
}

// delivery signs body under id, timestamped now: the sender's retry of an id is a new delivery
// with the same id.
func delivery(t *testing.T, id string, body []byte) (http.Header, []byte) {
	t.Helper()
	s, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	require.NoError(t, err)
	signed, err := s.Sign(hooksig.Message{ID: id, Timestamp: time.Now(), Body: body})
	require.NoError(t, err)
	return signed.Header, signed.Body
}

// post sends a delivery and returns the status, or -1 after reporting an error (it is called
// from goroutines, so it never stops the test itself).
func post(t *testing.T, c *http.Client, url string, h http.Header, body []byte) int {
	t.Helper()
	req, err := http.NewRequest("POST", url, bytes.NewReader(body))
	if err != nil {
		t.Error(err)
		return -1
	}
	req.Header = h.Clone()
	resp, err := c.Do(req)
	if err != nil {
		t.Error(err)
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

// 1,000 concurrent deliveries of one signed message, spread over two instances sharing one
// Redis: the handler runs exactly once; the others get 200 (after it completed) or 409 (while
// it ran).
func TestOneHandlingAcrossInstances(t *testing.T) {
	srv := startServer(t)
	prefix := uniquePrefix(t)
	var runs atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		runs.Add(1)
		time.Sleep(50 * time.Millisecond) // in flight long enough for others to meet it
		w.WriteHeader(http.StatusOK)
	})
	a := instance(t, srv.client(t), prefix, next)
	b := instance(t, srv.client(t), prefix, next)
	h, body := delivery(t, "msg_concurrent", []byte(`{"type":"invoice.paid"}`))

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	codes := make(chan int, 1000)
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range 1000 {
		url := a.URL
		if i%2 == 1 {
			url = b.URL
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			codes <- post(t, client, url, h, body)
		}()
	}
	wg.Wait()
	close(codes)
	counts := map[int]int{}
	for c := range codes {
		counts[c]++
	}
	t.Logf("statuses: %v", counts)
	assert.Equal(t, int32(1), runs.Load(), "the handler ran once")
	assert.Equal(t, 1000, counts[200]+counts[409], "every other answer is 200 or 409")
	assert.Positive(t, counts[409], "some met the delivery in flight")
}

// A handler that fails releases the id: the sender's retry (new timestamp, same id) is handled
// on the other instance, and a retry after that is a duplicate.
func TestFailedHandlerIsRetried(t *testing.T) {
	srv := startServer(t)
	prefix := uniquePrefix(t)
	var runs atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if runs.Add(1) == 1 {
			http.Error(w, "database down", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	a := instance(t, srv.client(t), prefix, next)
	b := instance(t, srv.client(t), prefix, next)
	c := &http.Client{Timeout: 5 * time.Second}

	h, body := delivery(t, "msg_retry", []byte(`{}`))
	assert.Equal(t, 500, post(t, c, a.URL, h, body))
	h, body = delivery(t, "msg_retry", []byte(`{}`))
	assert.Equal(t, 204, post(t, c, b.URL, h, body), "the retry is handled")
	h, body = delivery(t, "msg_retry", []byte(`{}`))
	assert.Equal(t, 200, post(t, c, a.URL, h, body), "a duplicate after that")
	assert.Equal(t, int32(2), runs.Load())
}

// Redis stopped mid-run: new deliveries get 503 and no handler runs; after Redis restarts (AOF
// on the same directory) the completed id is still done and the refused one is handled.
func TestRedisOutage(t *testing.T) {
	srv := startServer(t, "--appendonly", "yes", "--appendfsync", "always")
	if srv.cmd == nil {
		t.Skip("REDIS_ADDR: this test stops and restarts a server of its own")
	}
	prefix := uniquePrefix(t)
	var runs atomic.Int32
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { runs.Add(1); w.WriteHeader(204) })
	a := instance(t, srv.client(t), prefix, next)
	c := &http.Client{Timeout: 5 * time.Second}

	hA, bodyA := delivery(t, "msg_before", []byte(`{"n":1}`))
	require.Equal(t, 204, post(t, c, a.URL, hA, bodyA))

	srv.stop()
	hB, bodyB := delivery(t, "msg_during", []byte(`{"n":2}`))
	assert.Equal(t, 503, post(t, c, a.URL, hB, bodyB), "the store is down: the sender retries")
	assert.Equal(t, 503, post(t, c, a.URL, hA, bodyA), "a completed id cannot be checked either")
	assert.Equal(t, int32(1), runs.Load(), "no handler ran while Redis was down")

	srv.restart(t)
	assert.Equal(t, 200, post(t, c, a.URL, hA, bodyA), "the completed id survived the restart")
	assert.Equal(t, 204, post(t, c, a.URL, hB, bodyB), "the refused delivery is handled now")
	assert.Equal(t, int32(2), runs.Load())
}

// A handler that hangs past its lease: the id can be claimed again (at least once, never lost)
// and the first claim's late Complete changes nothing; the observer hears ErrClaimLost.
func TestLeaseExpiry(t *testing.T) {
	srv := startServer(t)
	prefix := uniquePrefix(t)
	var runs atomic.Int32
	release := make(chan struct{})
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		if runs.Add(1) == 1 {
			<-release // hangs past the lease
		}
		w.WriteHeader(204)
	})
	var lost atomic.Int32
	observe := hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		if o.Handled && errors.Is(o.Err, hooksig.ErrClaimLost) {
			lost.Add(1)
		}
	})
	a := instance(t, srv.client(t), prefix, next, hooksig.WithLease(200*time.Millisecond), observe)
	b := instance(t, srv.client(t), prefix, next, hooksig.WithLease(200*time.Millisecond), observe)
	c := &http.Client{Timeout: 5 * time.Second}
	h, body := delivery(t, "msg_slow", []byte(`{}`))

	first := make(chan int)
	go func() { first <- post(t, c, a.URL, h, body) }()
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, 409, post(t, c, b.URL, h, body), "inside the lease: in flight")
	time.Sleep(250 * time.Millisecond)
	assert.Equal(t, 204, post(t, c, b.URL, h, body), "past the lease: claimed again and handled")
	close(release)
	assert.Equal(t, 204, <-first)
	assert.Equal(t, int32(2), runs.Load())
	assert.Equal(t, int32(1), lost.Load(), "the first claim's Complete was refused")
	assert.Equal(t, 200, post(t, c, a.URL, h, body), "the second claim's completion holds")
}
