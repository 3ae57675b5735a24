package hooksig

import (
	"math/bits"
	"sync"
)

// minBufShift: the smallest pooled buffer is 512 bytes; smaller bodies are cheap to allocate.
const minBufShift = 9

// A bufPool recycles body buffers in power-of-two size classes, so that a body nobody keeps —
// a rejected delivery's, and every delivery's once its handler has returned and its reader is
// closed — costs no garbage. A buffer of capacity c is kept in the class of the largest power of two
// ≤ c, and a request for n bytes is served from the class of the smallest power of two ≥ n,
// so a pooled buffer always fits. The zero value of *bufPool (nil) pools nothing.
type bufPool struct {
	classes []sync.Pool // class k holds *[]byte of capacity at least 1<<(minBufShift+k)
}

// maxPooledShift: buffers above 64 MiB are never pooled; they are rare, and a pool of them
// would hold a lot of memory for little gain.
const maxPooledShift = 26

func newBufPool(limit int64) *bufPool {
	k := 0
	for minBufShift+k < maxPooledShift && int64(1)<<(minBufShift+k) < limit+1 {
		k++
	}
	return &bufPool{classes: make([]sync.Pool, k+1)}
}

// get returns a buffer of length n, from the pool when it has one; *slot receives the holder
// to hand back to put (nil for a new buffer).
func (p *bufPool) get(n int, slot **[]byte) []byte {
	*slot = nil
	if p == nil || n < 1<<minBufShift {
		return make([]byte, n)
	}
	k := bits.Len(uint(n-1)) - minBufShift // smallest class that holds n
	if k >= len(p.classes) {
		return make([]byte, n)
	}
	if s, _ := p.classes[k].Get().(*[]byte); s != nil {
		*slot = s
		return (*s)[:n]
	}
	return make([]byte, n, 1<<(minBufShift+k)) // a whole class, so it comes back whole
}

// put gives b back for reuse; nobody may use it afterwards. slot is the holder get returned,
// or nil.
func (p *bufPool) put(b []byte, slot *[]byte) {
	if p == nil || cap(b) < 1<<minBufShift {
		return
	}
	k := bits.Len(uint(cap(b))) - 1 - minBufShift // largest class b fills
	if k >= len(p.classes) {
		return
	}
	if slot == nil {
		slot = new([]byte)
	}
	*slot = b[:cap(b)]
	p.classes[k].Put(slot)
}
