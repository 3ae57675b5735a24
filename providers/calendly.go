package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// HeaderCalendlySignature carries Calendly's timestamp and signature.
const HeaderCalendlySignature = "Calendly-Webhook-Signature"

// Calendly verifies Calendly webhook subscriptions: "Calendly-Webhook-Signature:
// t=<s>,v1=<hex>", the HMAC-SHA256 of t "." body keyed with the webhook signing key as-is
// (the signing_key chosen when a personal-access-token subscription is created, or the one
// key Calendly generates for an OAuth app). t is Unix seconds.
//
// The tolerance is the 3 minutes of Calendly's verification sample. The sample checks only
// that t is not older; as for every sender that bounds only the past, the future is bounded
// by the same 180 s. Calendly sends no delivery id (the resource URI is in the signed body)
// and documents no body limit (1 MiB default). A subscription created without a signing key
// sends unsigned deliveries: this preset refuses them.
//
// Source: Calendly's "Webhook signatures" developer page; the verification sample (header
// split, t "." body, 3-minute check) was read through verbatim third-party copies.
// Confidence: C for the header name and key; S for the list format, the signed content, the
// unit and the tolerance. Vectors: none official (Calendly publishes no SDK); the vectors are
// independent computations of the recipe. Doubt: the official Node sample signs
// JSON.stringify(req.body), a re-serialisation; this preset verifies the raw body.
func Calendly(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:   "calendly",
		Fields: []hooksig.Fields{{Signature: HeaderCalendlySignature}},
		Signature: hooksig.Signature{Separator: ",", Assign: "=", Encoding: hooksig.Hex,
			TimestampLabel: "t",
			Labels:         []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 180 * time.Second, Future: 180 * time.Second},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "calendly", Summary: "Calendly (Calendly-Webhook-Signature: t=<s>,v1=<hex>; 180 s each way)", New: Calendly, Source: "Calendly's sample · C header/key, S recipe"})
}
