package hooksig

import (
	"testing"
	"unsafe"
)

// The context, the Delivery and the restored body share one allocation; keep it in the 256-byte
// size class (a byte more costs 32 on every request).
func TestDeliveredFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(delivered{}); n > 256 {
		t.Fatalf("delivered is %d bytes, over the 256-byte size class", n)
	}
}
