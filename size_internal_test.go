package hooksig

import (
	"testing"
	"unsafe"
)

// The context, the Delivery, the restored body and the request handed to next share one
// allocation; keep it in the 640-byte size class (a byte more costs 64 on every request).
func TestDeliveredFitsItsSizeClass(t *testing.T) {
	if n := unsafe.Sizeof(delivered{}); n > 640 {
		t.Fatalf("delivered is %d bytes, over the 640-byte size class", n)
	}
}
