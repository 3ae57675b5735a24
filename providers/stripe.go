package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// HeaderStripeSignature carries Stripe's timestamp and signatures.
const HeaderStripeSignature = "Stripe-Signature"

// Stripe verifies Stripe webhooks: "Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]",
// lower-case hex of HMAC-SHA256 over t "." body. Only v1 entries count: "v0" (Stripe's test-mode
// scheme) and unknown labels are skipped, and spaces around entries are ignored. While an
// endpoint secret is being rolled, Stripe sends one v1 per live secret, and any match verifies;
// pass the old and new secrets during your own rotation.
//
// The key is the endpoint's signing secret exactly as the dashboard shows it: "whsec_…" is used
// as-is, prefix and all, and never base64-decoded (it is not a Standard Webhooks secret).
// The timestamp t is signed; deliveries are accepted 300 s either side of the clock. Stripe's
// SDKs default to 300 s in the past; most of them bound only the past, and stripe-dotnet bounds
// both sides, so the future is bounded by the same 300 s (hooksig.WithTolerance changes it).
// Stripe sends no delivery-id header: the event id ("evt_…") is inside the signed body, so the
// handler can dedupe on it, or the route can use hooksig.WithDedupe. No body limit is
// documented: 1 MiB.
//
// Source: stripe/stripe-go webhook/client.go (header parsing, DefaultTolerance, key use),
// stripe-node src/Webhooks.ts, stripe-python stripe/_webhook.py, stripe-dotnet EventUtility.cs.
// Confidence: C (official SDK source); Stripe's own prose on v0 and rolling secrets was not
// read (S), though every SDK behaves as above. Vectors: stripe-dotnet EventUtilityTest.cs.
// Doubts: the SDKs disagree on future timestamps (go, node, python accept any) and on spaces
// (only dotnet trims); stripe-go re-formats t before signing, which differs from the raw text
// only for a non-canonical t (leading zeros), which Stripe does not send.
func Stripe(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:   "stripe",
		Fields: []hooksig.Fields{{Signature: HeaderStripeSignature}},
		Signature: hooksig.Signature{
			Separator:      ",",
			Assign:         "=",
			TrimSpace:      true,
			Encoding:       hooksig.Hex,
			TimestampLabel: "t",
			Labels:         []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}},
		},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 300 * time.Second, Future: 300 * time.Second},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "stripe", Summary: "Stripe (Stripe-Signature: t=<s>,v1=<hex>; whsec_ secret used as-is; 300 s)", New: Stripe, Source: "stripe-go, -node, -python, -dotnet · C"})
}
