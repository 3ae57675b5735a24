package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Linear sends.
const (
	HeaderLinearSignature = "Linear-Signature"
	HeaderLinearDelivery  = "Linear-Delivery"
)

// Linear verifies Linear webhooks: "Linear-Signature: <hex>", HMAC-SHA256 of the raw body keyed
// with the webhook's signing secret as-is. Linear's timestamp travels inside the signed JSON
// body ("webhookTimestamp", Unix milliseconds): it is read only after the body verified, and
// must be within 60 seconds either way, as Linear's SDK checks. The unsigned linear-timestamp
// header is ignored. Linear-Delivery is reported in Delivery.ID; it is not signed, so it is
// never used for replay protection (use hooksig.WithDedupe).
//
// Source: linear/linear packages/sdk webhooks (LinearWebhooks verify, #1140 "prefer signed
// webhook timestamp"), Linear's webhook schema. Confidence: C for the signature, encoding and
// the body timestamp; the Linear-Delivery header is S. Vectors: none official (the SDK's tests
// sign at run time); the test vectors are an independent python3 computation.
func Linear(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:      "linear",
		Fields:    []hooksig.Fields{{Signature: HeaderLinearSignature, ID: HeaderLinearDelivery}},
		Signature: hooksig.Signature{Encoding: hooksig.Hex, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Milliseconds, Past: time.Minute, Future: time.Minute, InBody: "webhookTimestamp"},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "linear", Summary: "Linear (Linear-Signature: <hex>; signed body's webhookTimestamp within 60 s)", New: Linear, Source: "linear/linear SDK · C"})
}
