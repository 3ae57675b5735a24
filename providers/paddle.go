package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// HeaderPaddleSignature carries Paddle Billing's timestamp and signatures.
const HeaderPaddleSignature = "Paddle-Signature"

// Paddle verifies Paddle Billing webhooks: "Paddle-Signature: ts=<unix seconds>;h1=<hex>",
// lower-case hex of HMAC-SHA256 over ts ":" body. Several h1 entries may come (one per secret
// during a rotation) and any match verifies; entries with other labels (h2 …) are skipped.
//
// The key is the notification destination's secret key ("pdl_ntfset_…") as-is, never decoded,
// though it contains '+' and '/'. The timestamp ts is signed; deliveries are accepted 5 s
// either side of the clock. Paddle's docs say its SDKs allow 5 s by default and ask manual
// checks to do the same; the Node.js and Python SDKs bound only the past, so the future is
// bounded by the same 5 s. That is tight: a receiver whose clock drifts, or that queues
// requests, widens it with hooksig.WithTolerance. Paddle sends no delivery-id header: the
// notification_id ("ntf_…") and event_id ("evt_…") are inside the signed body. No body limit
// is documented: 1 MiB (paddle-go-sdk reads up to 2 MiB, an SDK choice).
//
// This is Paddle Billing. Paddle Classic signs a p_signature field inside the form body with
// RSA, which a header scheme cannot declare; it is not supported.
//
// Source: developer.paddle.com "Verify webhook signatures"; PaddleHQ/paddle-go-sdk
// webhook_verifier.go, paddle-node-sdk webhooks-validator.ts, paddle-python-sdk Verifier.py.
// Confidence: C; that several h1 entries mean a rotation is S (the Python SDK and the Node.js
// tests, no Paddle prose). Vectors: the three SDKs' tests. Doubts: the SDKs disagree on
// parsing (go refuses a second h1 or any h2; Node.js keeps the last h1; Python raises on h2)
// and on the window (go: none unless asked, then symmetric).
func Paddle(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:   "paddle",
		Fields: []hooksig.Fields{{Signature: HeaderPaddleSignature}},
		Signature: hooksig.Signature{
			Separator:      ";",
			Assign:         "=",
			Encoding:       hooksig.Hex,
			TimestampLabel: "ts",
			Labels:         []hooksig.Label{{Name: "h1", Algorithm: hooksig.HMACSHA256}},
		},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit(":"), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Second, Future: 5 * time.Second},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "paddle", Summary: "Paddle Billing (Paddle-Signature: ts=<s>;h1=<hex>; 5 s)", New: Paddle, Source: "Paddle docs and SDKs · C"})
}
