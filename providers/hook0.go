package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// HeaderHook0Signature carries Hook0's (and Coinbase CDP's) signature.
const HeaderHook0Signature = "X-Hook0-Signature"

// Hook0 verifies webhooks delivered by Hook0, which Coinbase Developer Platform (CDP) uses:
// "X-Hook0-Signature: t=<unix s>,h=<header names>,v1=<hex>", HMAC-SHA256 keyed with the
// subscription secret as-is over t ‖ "." ‖ the names in h ‖ "." ‖ those headers' values joined
// by "." ‖ "." ‖ body. h lists (lower-cased, space-separated) the headers the sender signed —
// Content-Type, X-Event-Id and X-Event-Type, with any custom ones — and only those count: a
// header it does not list is not signed, and one it lists but the request lacks refuses the
// delivery before any MAC is computed. The window is 5 minutes either way, as the SDKs and
// CDP's docs recommend. X-Event-Id is signed (listed in h) but is not used for replay
// protection here; use hooksig.WithDedupe.
//
// The legacy v0 code (t ‖ "." ‖ body) is not accepted: Hook0 emits it only when an operator
// enables it, and a delivery's v1 is always what counts.
//
// Source: hook0/hook0 output-worker/src/work.rs (the sender), clients/go/signature.go,
// clients/rust/src/signature.rs, clients/conformance/signature.json; docs.cdp.coinbase.com
// "Verify webhook signatures". Confidence: C. Vectors: the sender's tests and the shared
// conformance vectors.
func Hook0(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: hooksig.Scheme{
		Name:   "hook0",
		Fields: []hooksig.Fields{{Signature: HeaderHook0Signature}},
		Signature: hooksig.Signature{Separator: ",", Assign: "=", TrimSpace: true, Encoding: hooksig.Hex,
			TimestampLabel: "t", HeadersLabel: "h",
			Labels: []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}}},
		Signed: []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.SignedHeaderNames(), hooksig.Lit("."),
			hooksig.SignedHeaderValues("."), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.RawKey,
	}}
}

func init() {
	register(Preset{Name: "hook0", Summary: "Hook0 / Coinbase CDP (X-Hook0-Signature: t=,h=<headers>,v1=<hex>)", New: Hook0, Source: "hook0 sender, SDKs, conformance vectors · C"})
}
