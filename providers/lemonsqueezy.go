package providers

import "github.com/hooksig/hooksig"

// Header names Lemon Squeezy sends. The event name is not signed: route on the signed body's
// meta.event_name instead.
const (
	HeaderLemonSqueezySignature = "X-Signature"
	HeaderLemonSqueezyEventName = "X-Event-Name"
)

// LemonSqueezy verifies Lemon Squeezy webhooks: "X-Signature: <hex>", the HMAC-SHA256 of the
// raw body keyed with the signing secret typed when the webhook was created (6 to 40
// characters), as-is. No prefix; a single value.
//
// Lemon Squeezy sends no timestamp and no delivery id, so nothing bounds a replay unless the
// route adds hooksig.WithDedupe. No body limit is documented (1 MiB default).
//
// Source: Lemon Squeezy's "Signing requests" help page and webhooks API docs; the official
// lmsqueezy/laravel package's VerifyWebhookSignature middleware. Confidence: C. Vectors: none
// official; the vectors are independent computations of the recipe. Doubt: some third-party
// write-ups name the header X-LemonSqueezy-Signature or use base64; the docs and the official
// package do neither.
func LemonSqueezy(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("lemonsqueezy",
		hooksig.Fields{Signature: HeaderLemonSqueezySignature}, "", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "lemonsqueezy", Summary: "Lemon Squeezy (X-Signature: hex HMAC-SHA256 of the body)", New: LemonSqueezy, Source: "Lemon Squeezy docs · C"})
}
