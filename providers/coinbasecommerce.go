package providers

import "github.com/hooksig/hooksig"

// HeaderCoinbaseCommerceSignature carries Coinbase Commerce's signature.
const HeaderCoinbaseCommerceSignature = "X-CC-Webhook-Signature"

// CoinbaseCommerce verifies Coinbase Commerce webhooks: "X-CC-Webhook-Signature: <hex>",
// HMAC-SHA256 keyed with the endpoint's shared secret as-is (even when it looks like hex) over
// the raw body. Coinbase sends no timestamp and no delivery-id header; the signed body carries
// the delivery's "id" and "attempt_number" and the event's "id": use hooksig.WithDedupe to
// refuse replays, and dedupe on event.id in the handler (retries run for up to three days).
// Coinbase Developer Platform webhooks are a different scheme: see [Hook0].
//
// Source: docs.cdp.coinbase.com Commerce "Webhooks security"; coinbase/coinbase-commerce-node
// lib/Webhook.js, coinbase-commerce-python, -ruby and -php (all four hex HMAC-SHA256 of the raw
// body, compared in constant time; the SDKs parse the body before checking — here it is not read
// until it verified). Confidence: C. Vectors: the SDKs' tests.
func CoinbaseCommerce(sharedSecrets ...string) hooksig.Provider {
	s := bodyHMAC("coinbasecommerce", hooksig.Fields{Signature: HeaderCoinbaseCommerceSignature}, "", hooksig.HMACSHA256, hooksig.Hex)
	return hooksig.Provider{Scheme: s, Secrets: sharedSecrets}
}

func init() {
	register(Preset{Name: "coinbasecommerce", Summary: "Coinbase Commerce (X-CC-Webhook-Signature: hex HMAC-SHA256 of the body)", New: CoinbaseCommerce, Source: "Coinbase Commerce docs and SDKs · C"})
}
