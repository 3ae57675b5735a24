package redisreplay_test

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// soakDeliveries is the soak's size: 10,000 distinct deliveries, each sent three times at once.
const soakDeliveries = 10_000

// A soak in CI's size: two instances share one Redis; every delivery is sent three times at
// once, a tenth of the handlers fail their first run with 500, and the sender retries until it
// gets a success. In the end every delivery was handled exactly once, none was lost, and Redis
// holds the done ids only.
func TestSoak(t *testing.T) {
	srv := startServer(t)
	rdb := srv.client(t)
	prefix := uniquePrefix(t)
	var handled sync.Map // id → *atomic.Int32 successful runs
	var failedOnce sync.Map
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("webhook-id")
		var n int
		fmt.Sscanf(id, "msg_%d", &n)
		if n%10 == 0 {
			if _, loaded := failedOnce.LoadOrStore(id, true); !loaded {
				http.Error(w, "failing once", http.StatusInternalServerError)
				return
			}
		}
		c, _ := handled.LoadOrStore(id, new(atomic.Int32))
		c.(*atomic.Int32).Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	urls := []string{instance(t, srv.client(t), prefix, next).URL, instance(t, srv.client(t), prefix, next).URL}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}, Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	ok := func(code int) bool { return code == http.StatusNoContent || code == http.StatusOK }
	var wg sync.WaitGroup
	sem := make(chan struct{}, 24)
	var attempts atomic.Int64
	for i := range soakDeliveries {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			id := fmt.Sprintf("msg_%d", i)
			for try := 0; ; try++ {
				if try > 50 {
					t.Errorf("%s: never succeeded", id)
					return
				}
				h, body := delivery(t, id, []byte(`{"i":`+fmt.Sprint(i)+`}`))
				var got [3]int
				var inner sync.WaitGroup
				for k := range got {
					inner.Add(1)
					go func() {
						defer inner.Done()
						got[k] = post(t, client, urls[(i+k)%2], h, body)
					}()
				}
				inner.Wait()
				attempts.Add(3)
				if ok(got[0]) || ok(got[1]) || ok(got[2]) {
					return
				}
				time.Sleep(5 * time.Millisecond) // 409 or 500: the sender retries
			}
		}()
	}
	wg.Wait()
	t.Logf("%d requests for %d deliveries", attempts.Load(), soakDeliveries)

	n := 0
	handled.Range(func(k, v any) bool {
		n++
		if c := v.(*atomic.Int32).Load(); c != 1 {
			t.Errorf("%v handled %d times", k, c)
		}
		return true
	})
	assert.Equal(t, soakDeliveries, n, "every delivery was handled")
	keys, err := rdb.Keys(context.Background(), prefix+"*").Result()
	require.NoError(t, err)
	assert.Len(t, keys, soakDeliveries, "Redis holds the done ids only")
	for _, k := range keys[:min(len(keys), 100)] {
		assert.Equal(t, "d", rdb.Get(context.Background(), k).Val())
	}
}
