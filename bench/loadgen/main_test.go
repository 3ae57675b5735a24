package main

import (
	"io"
	"strings"
	"testing"
	"time"
)

// A short run over loopback: every request of both routes answered 2xx, the verified route
// handled every one it received (none was a duplicate), and the report says so.
func TestRunShort(t *testing.T) {
	res, err := Run(Config{N: 2000, Duration: 20 * time.Second, C: 4, Size: 1 << 10, Rounds: 2}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for name, tl := range map[string]Tally{"plain": res.Plain, "verified": res.Verified} {
		if tl.Requests == 0 || tl.Non2xx != 0 || tl.Errors != 0 {
			t.Errorf("%s: %+v", name, tl)
		}
	}
	if total := res.Plain.Requests + res.Verified.Requests + 2*int64(res.Warmup); res.Handled != total {
		t.Errorf("handler ran %d times for %d requests", res.Handled, total)
	}
	if len(res.Statuses) != 1 || res.Statuses[204] == 0 {
		t.Errorf("statuses %v, want only 204", res.Statuses)
	}
	var b strings.Builder
	report(&b, res)
	if !strings.Contains(b.String(), "verified / unverified:") {
		t.Errorf("report:\n%s", b.String())
	}
}

func TestRunRefusesMoreThanTheStore(t *testing.T) {
	if _, err := Run(Config{N: 400_000, Duration: time.Second, C: 1, Size: 1, Rounds: 1}, io.Discard); err == nil {
		t.Fatal("a run past the default store's size: want an error")
	}
}
