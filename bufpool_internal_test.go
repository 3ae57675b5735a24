package hooksig

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBufPoolServesOnlyBuffersThatFit(t *testing.T) {
	p := newBufPool(1 << 20)
	var slot *[]byte
	b := make([]byte, 6000) // between the 4 KiB and 8 KiB classes: kept in the 4 KiB class
	p.put(b, nil)
	p.put(make([]byte, 6000), nil)
	got := p.get(5000, &slot) // needs the 8 KiB class: not served by the 6000-byte buffer
	assert.Nil(t, slot)
	assert.Len(t, got, 5000)
	got = getPooled(p, b, 4096, &slot)
	assert.NotNil(t, slot, "4096 fits in the pooled 6000-byte buffer")
	assert.Len(t, got, 4096)
	assert.Equal(t, 6000, cap(got))
}

func TestBufPoolBounds(t *testing.T) {
	p := newBufPool(1 << 16)
	var slot *[]byte
	small := p.get(100, &slot)
	assert.Len(t, small, 100)
	p.put(small, slot) // too small to pool: dropped
	assert.Len(t, p.get(1<<17, &slot), 1<<17, "over the largest class: a plain allocation")
	b := p.get(5000, &slot)
	assert.Equal(t, 8192, cap(b), "a new buffer fills its class, so it comes back whole")
	b2 := getPooled(p, b, 7000, &slot)
	assert.NotNil(t, slot)
	assert.Equal(t, 8192, cap(b2))
	var none *bufPool
	assert.Len(t, none.get(10000, &slot), 10000, "a nil pool allocates")
	none.put(b2, slot)
}

// getPooled puts b and gets n bytes back until the pool serves it (under the race detector
// sync.Pool drops a quarter of what it is given, at random).
func getPooled(p *bufPool, b []byte, n int, slot **[]byte) []byte {
	for range 50 {
		p.put(b, *slot)
		if got := p.get(n, slot); *slot != nil {
			return got
		}
	}
	return nil
}
