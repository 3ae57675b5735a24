package hooksig

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"sort"
	"sync"
	"time"
)

// A ReplayState is what a claim found for a delivery id.
type ReplayState uint8

// The states of a delivery id. See [ReplayStore].
const (
	// StateFree: nobody held the id; the caller holds it now.
	StateFree ReplayState = iota
	// StateInFlight: another claim holds the id and its lease has not run out.
	StateInFlight
	// StateDone: a claim on the id completed, and its retention has not run out.
	StateDone
)

// String returns "free", "in flight" or "done".
func (s ReplayState) String() string {
	switch s {
	case StateFree:
		return "free"
	case StateInFlight:
		return "in flight"
	case StateDone:
		return "done"
	}
	return fmt.Sprintf("ReplayState(%d)", s)
}

// A Token identifies one claim. Complete and Release take it, so a claim whose lease ran out
// can never change a newer claim on the same id.
type Token uint64

// ErrClaimLost is returned by Complete and Release when the token no longer holds the id: its
// lease ran out and the id was claimed again, or it expired. It is not a store failure; the
// observer hears of it because it means the lease was shorter than the handler.
var ErrClaimLost = errors.New("hooksig: claim lost")

// ErrStoreFull is returned by a bounded store's Claim when every id it holds is still needed
// (in flight, or done and inside its delivery's tolerance window). It wraps
// [ErrReplayUnavailable], so the delivery is answered 503 and the sender retries later.
var ErrStoreFull = fmt.Errorf("%w: store full", ErrReplayUnavailable)

// A ReplayStore records which signed delivery ids are being handled and which were handled,
// so that a delivery is handled once even when the sender retries it or an attacker replays
// it inside the timestamp window. An id moves from free to in flight (a lease) to done (kept
// for a retention period), or back to free when the handler failed, so the sender's retry —
// which reuses the id — is handled:
//
//	free ──Claim──▶ in flight ──Complete──▶ done ──retention over──▶ free
//	                   │ Release, or lease over
//	                   ▼
//	                  free
//
// Implementations must make each method one atomic operation (one round trip for a networked
// store): callers never read then write, and need no lock of their own. They must be safe for
// concurrent use. The error results are for failures of the store itself (unreachable,
// timed out, full); the middleware answers them with 503 so nothing is lost. Package replaytest
// holds a conformance suite every implementation should pass.
type ReplayStore interface {
	// Claim reserves key for lease if it is free (never seen, released, its lease or its
	// retention over) and returns StateFree and a new token. Otherwise it returns StateInFlight or StateDone
	// and no token, changing nothing. window is how long from now the delivery's own timestamp
	// keeps it acceptable (0 when the delivery has no timestamp); a bounded store may drop a
	// done id early once that has passed — the timestamp check refuses its replays then — and
	// must never drop one sooner, nor one without a timestamp before its retention ends.
	Claim(ctx context.Context, key string, lease, window time.Duration) (ReplayState, Token, error)

	// Complete marks the claim done and keeps it for retain. It returns ErrClaimLost, changing
	// nothing, when t no longer holds key.
	Complete(ctx context.Context, key string, t Token, retain time.Duration) error

	// Release frees the claim so the id can be claimed again at once. It returns ErrClaimLost,
	// changing nothing, when t no longer holds key.
	Release(ctx context.Context, key string, t Token) error
}

// DefaultMemoryStoreSize is how many ids the default in-memory store holds.
const DefaultMemoryStoreSize = 100_000

// memoryShards is how many independently locked parts a large MemoryStore has: concurrent
// claims of different ids rarely wait for each other. A store of fewer than smallStore ids
// has one part.
const (
	memoryShards = 32
	smallStore   = 2048
)

// A MemoryStore is a bounded in-memory [ReplayStore] for one process. Expired ids are removed
// lazily, when they are met or when the store is full; it runs no goroutine. When full it
// first drops expired ids, then done ids whose delivery's tolerance window has passed (oldest
// window first), and only then refuses new claims with [ErrStoreFull]; it never drops an id
// still inside its tolerance window, an id in flight, or an id deduped without a timestamp
// before its retention ends. It is safe for concurrent use. Several instances of a service
// need a shared store instead.
//
// A store of 2,048 ids or more is split into 32 parts by a hash of the key, each with its own
// lock, so concurrent deliveries rarely wait for each other. Each part holds its share of the
// bound plus a quarter (keys never spread exactly evenly): the store has room for size ids, and
// holds at most 1.25 × size. The store
// keeps a 128-bit keyed hash of each key rather than the key (seeded at random per store: two
// keys sharing a record is a chance of 2⁻¹²⁸ per pair, and no sender can aim for it), so a
// record costs the same whatever the key's length and holds no pointer for the collector to
// scan. A done id's retention counts from its claim.
type MemoryStore struct {
	shards []memoryShard
	seeds  [2]maphash.Seed
	now    func() time.Time
}

type memoryShard struct {
	mu    sync.Mutex
	max   int
	ids   map[keyHash]record
	token Token
	// calm: while the part is full, nothing can be evicted before this time (Unix ns), so a
	// flood of new ids is refused without scanning the map each time.
	calm int64
	_    [88]byte // 128 bytes a part: parts' locks do not share cache lines
}

type keyHash [2]uint64

type record struct {
	token   Token
	claimed int64 // when it was claimed, Unix ns
	until   int64 // lease end (in flight) or retention end (done), Unix ns
	window  int64 // end of the delivery's tolerance window, Unix ns; 0 when it has none
	done    bool
}

// A MemoryStoreOption configures a [MemoryStore].
type MemoryStoreOption func(*MemoryStore)

// WithStoreClock sets the store's clock (for tests). Default: time.Now; nil keeps it.
func WithStoreClock(now func() time.Time) MemoryStoreOption {
	return func(s *MemoryStore) {
		if now != nil {
			s.now = now
		}
	}
}

// NewMemoryStore returns a store with room for size ids (below 2,048, exactly that many; from
// 2,048 on, at most 1.25 × size); size ≤ 0 means [DefaultMemoryStoreSize]. A retained id costs about 70
// bytes, whatever its key.
func NewMemoryStore(size int, opts ...MemoryStoreOption) *MemoryStore {
	if size <= 0 {
		size = DefaultMemoryStoreSize
	}
	n := 1
	if size >= smallStore {
		n = memoryShards
	}
	s := &MemoryStore{now: time.Now, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()}, shards: make([]memoryShard, n)}
	per := (size + n - 1) / n
	if n > 1 {
		// Keys spread unevenly over the parts: each may hold a quarter more than its share,
		// so the store has room for size ids (a part's share is exceeded by a quarter only
		// dozens of standard deviations away) and never more than 1.25 × size.
		per += per / 4
	}
	for i := range s.shards {
		s.shards[i].max = per
		s.shards[i].ids = make(map[keyHash]record)
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// shard returns the part that holds key, and key's hash.
func (s *MemoryStore) shard(key string) (*memoryShard, keyHash) {
	h := keyHash{maphash.String(s.seeds[0], key), maphash.String(s.seeds[1], key)}
	return &s.shards[h[0]%uint64(len(s.shards))], h
}

// Len returns how many ids the store holds, expired ones not yet removed included.
func (s *MemoryStore) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.ids)
		sh.mu.Unlock()
	}
	return n
}

// Claim implements [ReplayStore].
func (s *MemoryStore) Claim(_ context.Context, key string, lease, window time.Duration) (ReplayState, Token, error) {
	return s.claimAt(s.now().UnixNano(), key, lease, window)
}

// claimAt is Claim at the time now (Unix ns) of the store's clock.
func (s *MemoryStore) claimAt(now int64, key string, lease, window time.Duration) (ReplayState, Token, error) {
	sh, k := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if r, ok := sh.ids[k]; ok {
		if now < r.until {
			if r.done {
				return StateDone, 0, nil
			}
			return StateInFlight, 0, nil
		}
		delete(sh.ids, k)
	}
	if len(sh.ids) >= sh.max && !sh.evict(now) {
		return StateFree, 0, ErrStoreFull
	}
	sh.token++
	r := record{token: sh.token, claimed: now, until: addSat(now, lease)}
	if window > 0 {
		r.window = addSat(now, window)
	}
	sh.ids[k] = r
	return StateFree, sh.token, nil
}

// Complete implements [ReplayStore]. The retention counts from the claim (a handler's time,
// shorter than its lease, is not added), so completing reads no clock.
func (s *MemoryStore) Complete(_ context.Context, key string, t Token, retain time.Duration) error {
	sh, k := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r, ok := sh.ids[k]
	if !ok || r.token != t || r.done {
		return ErrClaimLost
	}
	r.done, r.until = true, addSat(r.claimed, retain)
	sh.ids[k] = r
	sh.calm = 0 // its window may already have passed
	return nil
}

// Release implements [ReplayStore].
func (s *MemoryStore) Release(_ context.Context, key string, t Token) error {
	sh, k := s.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	r, ok := sh.ids[k]
	if !ok || r.token != t || r.done {
		return ErrClaimLost
	}
	delete(sh.ids, k)
	sh.calm = 0
	return nil
}

// addSat returns t+d (Unix ns), saturating instead of wrapping: a lease or retention too long
// to represent lasts for ever rather than ending at once.
func addSat(t int64, d time.Duration) int64 {
	if d > 0 && t > math.MaxInt64-int64(d) {
		return math.MaxInt64
	}
	return t + int64(d)
}

// evict makes room in a full part and reports whether it did: it drops expired ids, then done
// ids whose tolerance window has passed (oldest window first, down to 15/16 of the bound so the
// next claims do not scan again). Called with mu held.
func (s *memoryShard) evict(now int64) bool {
	if now < s.calm {
		return false
	}
	for k, r := range s.ids {
		if now >= r.until {
			delete(s.ids, k)
		}
	}
	if len(s.ids) < s.max {
		return true
	}
	type victim struct {
		key    keyHash
		window int64
	}
	var victims []victim
	calm := int64(1<<63 - 1)
	for k, r := range s.ids {
		switch {
		case r.done && r.window != 0 && now >= r.window:
			victims = append(victims, victim{k, r.window})
		case r.done && r.window != 0:
			calm = min(calm, r.window, r.until)
		default:
			calm = min(calm, r.until)
		}
	}
	if len(victims) == 0 {
		s.calm = calm
		return false
	}
	sort.Slice(victims, func(i, j int) bool { return victims[i].window < victims[j].window })
	drop := min(len(victims), len(s.ids)-s.max+1+s.max/16)
	for _, v := range victims[:drop] {
		delete(s.ids, v.key)
	}
	return true
}
