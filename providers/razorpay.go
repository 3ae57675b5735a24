package providers

import "github.com/hooksig/hooksig"

// Header names Razorpay webhooks send.
const (
	HeaderRazorpaySignature = "X-Razorpay-Signature"
	HeaderRazorpayEventID   = "X-Razorpay-Event-Id"
)

// Razorpay verifies Razorpay webhooks: "X-Razorpay-Signature: <hex>", the HMAC-SHA256 of the
// raw body keyed with the webhook secret as-is — the secret set on the webhook, not the API
// key secret (and not the Checkout payment signature over order_id|payment_id).
//
// Razorpay sends no timestamp header (the body's created_at is signed; retries run for up to
// 24 hours), so nothing bounds a replay unless the route adds hooksig.WithDedupe. Its
// X-Razorpay-Event-Id is the same on every redelivery but is not signed: it is reported in
// Delivery.ID and never used for replay protection. No body limit is documented (1 MiB
// default). After a secret change Razorpay keeps signing retries of older events with the old
// secret: configure both until those retries end.
//
// Source: Razorpay's "Validate and test webhooks" docs (razorpay/markdown-docs) and
// razorpay/razorpay-go utils/utils.go (VerifyWebhookSignature). Confidence: C. Vectors:
// razorpay-go's documents/paymentVerification.md webhook example. (The SDK test's vector has a
// body with personal contact data and is not copied.)
func Razorpay(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("razorpay",
		hooksig.Fields{Signature: HeaderRazorpaySignature, ID: HeaderRazorpayEventID}, "", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "razorpay", Summary: "Razorpay (X-Razorpay-Signature: hex HMAC-SHA256 of the body)", New: Razorpay, Source: "Razorpay docs, razorpay-go · C"})
}
