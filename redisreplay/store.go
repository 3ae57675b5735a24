// Package redisreplay is a [hooksig.ReplayStore] kept in Redis, so that several instances of a
// service behind a load balancer handle each delivery once: a sender's retry, or an attacker's
// replay, that lands on another instance finds the id claimed or done.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	store, err := redisreplay.New(rdb)
//	if err != nil { … }
//	v, err := hooksig.New(providers.StandardWebhooks(secret), hooksig.WithReplayStore(store))
//
// Claim, Complete and Release are each one Lua script: one round trip, atomic on the server.
// A claim writes a random 64-bit token under the id with the lease as its TTL; Complete and
// Release change the id only while it still holds their token, so a handler that outlived its
// lease can never complete or free a newer claim. A done id is kept for the retention as its
// TTL; nothing is kept without a TTL. Every key starts with the store's prefix.
//
// Any [redis.UniversalClient] works: a single node ([redis.NewClient]), Sentinel
// ([redis.NewFailoverClient]) or Cluster ([redis.NewClusterClient]; each script touches one
// key, so any slot works). A Redis error, or an operation slower than the store's timeout,
// wraps [hooksig.ErrReplayUnavailable]: the middleware answers 503 and the sender retries —
// the store fails closed.
//
// What Redis keeps is only as durable as its persistence. If Redis loses done ids (a restart
// without AOF, a failover to a replica that had not received them), a delivery whose timestamp
// is still inside the tolerance window can be handled again: at least once, never lost. Run
// Redis with appendonly yes (and appendfsync everysec or always) where that matters.
package redisreplay

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/hooksig/hooksig"
)

// DefaultPrefix starts every key the store writes.
const DefaultPrefix = "hooksig:replay:"

// DefaultTimeout bounds each store operation.
const DefaultTimeout = time.Second

// A Store is a [hooksig.ReplayStore] in Redis. It is safe for concurrent use.
type Store struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
}

// An Option configures a Store.
type Option func(*Store) error

// WithPrefix sets the prefix of every key (default [DefaultPrefix]); services sharing one
// Redis for different purposes keep apart with it.
func WithPrefix(p string) Option {
	return func(s *Store) error {
		if p == "" {
			return errors.New("redisreplay: an empty prefix")
		}
		s.prefix = p
		return nil
	}
}

// WithTimeout bounds each store operation (default [DefaultTimeout]), whatever the context's
// own deadline: the middleware settles a claim on a context that has none.
func WithTimeout(d time.Duration) Option {
	return func(s *Store) error {
		if d <= 0 {
			return errors.New("redisreplay: the timeout must be positive")
		}
		s.timeout = d
		return nil
	}
}

// New returns a store that keeps its ids in rdb.
func New(rdb redis.UniversalClient, opts ...Option) (*Store, error) {
	if rdb == nil {
		return nil, errors.New("redisreplay: no Redis client")
	}
	s := &Store{rdb: rdb, prefix: DefaultPrefix, timeout: DefaultTimeout}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// The value under an id is its claim's token in decimal while in flight, "d" once done.

// The value under an id is its claim's token in decimal while in flight, "d" once done.

// claimScript: 0 and the id now held (free), 1 in flight, 2 done.
var claimScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v then
  if v == 'd' then return 2 end
  return 1
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 0
`)

// completeScript: 1 when the token held the id and it is now done, 0 otherwise.
var completeScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], 'd', 'PX', ARGV[2])
  return 1
end
return 0
`)

// releaseScript: 1 when the token held the id and it is now free, 0 otherwise.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`)

// Claim implements [hooksig.ReplayStore]. The window is not used: Redis drops nothing early.
func (s *Store) Claim(ctx context.Context, key string, lease, _ time.Duration) (hooksig.ReplayState, hooksig.Token, error) {
	tok, err := newToken()
	if err != nil {
		return 0, 0, unavailable(err)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	n, err := claimScript.Run(ctx, s.rdb, []string{s.prefix + key}, strconv.FormatUint(uint64(tok), 10), millis(lease)).Int()
	if err != nil {
		return 0, 0, unavailable(err)
	}
	switch n {
	case 0:
		return hooksig.StateFree, tok, nil
	case 1:
		return hooksig.StateInFlight, 0, nil
	case 2:
		return hooksig.StateDone, 0, nil
	}
	return 0, 0, unavailable(fmt.Errorf("unexpected claim answer %d", n))
}

// Complete implements [hooksig.ReplayStore].
func (s *Store) Complete(ctx context.Context, key string, t hooksig.Token, retain time.Duration) error {
	return s.settle(ctx, completeScript, key, t, millis(retain))
}

// Release implements [hooksig.ReplayStore].
func (s *Store) Release(ctx context.Context, key string, t hooksig.Token) error {
	return s.settle(ctx, releaseScript, key, t)
}

func (s *Store) settle(ctx context.Context, script *redis.Script, key string, t hooksig.Token, args ...any) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	n, err := script.Run(ctx, s.rdb, []string{s.prefix + key}, append([]any{strconv.FormatUint(uint64(t), 10)}, args...)...).Int()
	if err != nil {
		return unavailable(err)
	}
	if n != 1 {
		return hooksig.ErrClaimLost
	}
	return nil
}

// newToken returns a random token, unique across instances with overwhelming probability
// (never 0, which no claim holds).
func newToken() (hooksig.Token, error) {
	var b [8]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, err
		}
		if t := binary.LittleEndian.Uint64(b[:]); t != 0 {
			return hooksig.Token(t), nil
		}
	}
}

// millis rounds d up to whole milliseconds, at least one: Redis's PX unit.
func millis(d time.Duration) int64 {
	return max(1, int64((d+time.Millisecond-1)/time.Millisecond))
}

// unavailable wraps a failure of Redis so the middleware answers 503.
func unavailable(err error) error {
	return fmt.Errorf("%w: redis: %w", hooksig.ErrReplayUnavailable, err)
}
