package redisreplay_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/redisreplay"
	"github.com/hooksig/hooksig/replaytest"
)

// The store keeps the ReplayStore contract against a real server. Redis keeps its own clock,
// so the suite waits for real, with a short unit.
func TestConformance(t *testing.T) {
	srv := startServer(t)
	rdb := srv.client(t)
	replaytest.Run(t, replaytest.Harness{
		New: func(t *testing.T, _ int) hooksig.ReplayStore {
			s, err := redisreplay.New(rdb, redisreplay.WithPrefix(uniquePrefix(t)))
			require.NoError(t, err)
			return s
		},
		Advance: func(_ *testing.T, d time.Duration) { time.Sleep(d) },
		Unit:    25 * time.Millisecond,
	})
}

// What the store writes: the token under the prefix with the lease as its TTL, then "done" with
// the retention as its TTL; a release deletes it. Asserted with PTTL rather than by waiting.
func TestKeysAndTTLs(t *testing.T) {
	srv := startServer(t)
	rdb := srv.client(t)
	ctx := context.Background()
	prefix := uniquePrefix(t)
	s, err := redisreplay.New(rdb, redisreplay.WithPrefix(prefix))
	require.NoError(t, err)

	state, tok, err := s.Claim(ctx, "p:ns:id1", 30*time.Second, 5*time.Minute)
	require.NoError(t, err)
	require.Equal(t, hooksig.StateFree, state)
	assert.NotZero(t, tok)
	ttl := rdb.PTTL(ctx, prefix+"p:ns:id1").Val()
	assert.InDelta(t, 30*time.Second, ttl, float64(time.Second), "the lease is the claim's TTL")

	require.NoError(t, s.Complete(ctx, "p:ns:id1", tok, 24*time.Hour))
	assert.Equal(t, "d", rdb.Get(ctx, prefix+"p:ns:id1").Val())
	ttl = rdb.PTTL(ctx, prefix+"p:ns:id1").Val()
	assert.InDelta(t, 24*time.Hour, ttl, float64(time.Second), "the retention is the done id's TTL")

	_, tok2, err := s.Claim(ctx, "p:ns:id2", time.Minute, 0)
	require.NoError(t, err)
	require.NoError(t, s.Release(ctx, "p:ns:id2", tok2))
	assert.Zero(t, rdb.Exists(ctx, prefix+"p:ns:id2").Val(), "a released id is gone")

	keys, err := rdb.Keys(ctx, prefix+"*").Result()
	require.NoError(t, err)
	for _, k := range keys {
		assert.Positive(t, rdb.PTTL(ctx, k).Val(), "every key has a TTL: %s", k)
	}
}

// Tokens are random: two stores (two instances) never share one, and a token from one claim
// never settles another.
func TestTokensAcrossInstances(t *testing.T) {
	srv := startServer(t)
	ctx := context.Background()
	prefix := uniquePrefix(t)
	a, _ := redisreplay.New(srv.client(t), redisreplay.WithPrefix(prefix))
	b, _ := redisreplay.New(srv.client(t), redisreplay.WithPrefix(prefix))
	seen := map[hooksig.Token]bool{}
	for i := range 200 {
		s := a
		if i%2 == 1 {
			s = b
		}
		key := "k" + string(rune('a'+i%26)) + time.Now().String()
		_, tok, err := s.Claim(ctx, key, time.Minute, 0)
		require.NoError(t, err)
		require.False(t, seen[tok], "a token repeated")
		seen[tok] = true
	}
	_, tok, err := a.Claim(ctx, "shared", 50*time.Millisecond, 0)
	require.NoError(t, err)
	time.Sleep(80 * time.Millisecond) // the lease runs out
	_, tok2, err := b.Claim(ctx, "shared", time.Minute, 0)
	require.NoError(t, err)
	assert.ErrorIs(t, a.Complete(ctx, "shared", tok, time.Hour), hooksig.ErrClaimLost, "the first claim's late Complete")
	assert.ErrorIs(t, a.Release(ctx, "shared", tok), hooksig.ErrClaimLost, "and its late Release")
	require.NoError(t, b.Complete(ctx, "shared", tok2, time.Hour))
}

func TestOptions(t *testing.T) {
	_, err := redisreplay.New(nil)
	assert.Error(t, err)
	srv := startServer(t)
	_, err = redisreplay.New(srv.client(t), redisreplay.WithPrefix(""))
	assert.Error(t, err)
	_, err = redisreplay.New(srv.client(t), redisreplay.WithTimeout(0))
	assert.Error(t, err)
}

// A server that does not answer is a failure of the store: it wraps ErrReplayUnavailable, so
// the middleware answers 503; the per-operation timeout holds even on a context without one.
func TestUnavailable(t *testing.T) {
	srv := startServer(t)
	rdb := srv.client(t)
	s, err := redisreplay.New(rdb, redisreplay.WithPrefix(uniquePrefix(t)), redisreplay.WithTimeout(300*time.Millisecond))
	require.NoError(t, err)
	if srv.cmd == nil {
		t.Skip("REDIS_ADDR: this test does not stop a server it did not start")
	}
	srv.stop()
	start := time.Now()
	_, _, err = s.Claim(context.Background(), "k", time.Minute, 0)
	assert.ErrorIs(t, err, hooksig.ErrReplayUnavailable)
	assert.Equal(t, 503, hooksig.Status(err))
	assert.Less(t, time.Since(start), 2*time.Second)
	err = s.Complete(context.Background(), "k", 1, time.Hour)
	assert.ErrorIs(t, err, hooksig.ErrReplayUnavailable)
	assert.False(t, errors.Is(err, hooksig.ErrClaimLost))
}

// A done id expires after its retention: the id is free again, and nothing of it is left.
func TestDoneExpires(t *testing.T) {
	srv := startServer(t)
	rdb := srv.client(t)
	ctx := context.Background()
	prefix := uniquePrefix(t)
	s, err := redisreplay.New(rdb, redisreplay.WithPrefix(prefix))
	require.NoError(t, err)
	_, tok, err := s.Claim(ctx, "id", time.Minute, 0)
	require.NoError(t, err)
	require.NoError(t, s.Complete(ctx, "id", tok, 150*time.Millisecond))
	state, _, err := s.Claim(ctx, "id", time.Minute, 0)
	require.NoError(t, err)
	assert.Equal(t, hooksig.StateDone, state)
	assert.LessOrEqual(t, rdb.PTTL(ctx, prefix+"id").Val(), 150*time.Millisecond)
	require.Eventually(t, func() bool { return rdb.Exists(ctx, prefix+"id").Val() == 0 }, 2*time.Second, 10*time.Millisecond)
	state, _, err = s.Claim(ctx, "id", time.Minute, 0)
	require.NoError(t, err)
	assert.Equal(t, hooksig.StateFree, state, "free again after the retention")
}
