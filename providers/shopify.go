package providers

import "github.com/hooksig/hooksig"

// Header names Shopify sends: the X-Shopify-* set of classic webhooks, and the unprefixed set of
// Events deliveries.
const (
	HeaderShopifyHMAC            = "X-Shopify-Hmac-Sha256"
	HeaderShopifyWebhookID       = "X-Shopify-Webhook-Id"
	HeaderShopifyEventsHMAC      = "Shopify-Hmac-Sha256"
	HeaderShopifyEventsWebhookID = "Shopify-Webhook-Id"
)

// Shopify verifies Shopify webhooks: "X-Shopify-Hmac-Sha256: <base64>", the standard padded
// base64 of HMAC-SHA256 over the raw body. When none of the X-Shopify-* headers the preset reads
// is present, the newer unprefixed set of Shopify's Events deliveries ("Shopify-Hmac-Sha256",
// "Shopify-Webhook-Id") is read instead, with the same recipe.
//
// The key is the app's client secret ("API secret key") as-is, never decoded. After the
// secret is rotated Shopify may sign with the old one for up to an hour: pass both meanwhile.
// Shopify signs no timestamp. X-Shopify-Webhook-Id (Shopify-Webhook-Id) is reported as
// Delivery.ID, the key Shopify's docs tell receivers to dedupe on, but it is not signed, so it
// is never used for replay protection (use hooksig.WithDedupe). No body limit is documented:
// 1 MiB. Only HTTPS deliveries are signed; Pub/Sub and EventBridge ones carry no HMAC.
//
// Source: shopify.dev "Verify webhook deliveries" (webhooks and events), "Delivery structure";
// Shopify/shopify-app-js lib/utils/hmac-validator.ts and lib/webhooks/validate.ts,
// Shopify/shopify-api-ruby webhooks/request.rb. Confidence: C. Vectors: Shopify/shopify-api-php
// tests/Webhooks/RegistryTest.php. Doubts: an older docs page named X-Shopify-Event-Id as the
// dedupe key (one event fanned out to several subscriptions shares it); the Events header set
// is a developer preview and may change; shopify-api-ruby decodes the header leniently and so
// accepts values (a trailing newline, stray characters) this preset refuses.
func Shopify(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name: "shopify",
		Fields: []hooksig.Fields{
			{Signature: HeaderShopifyHMAC, ID: HeaderShopifyWebhookID},
			{Signature: HeaderShopifyEventsHMAC, ID: HeaderShopifyEventsWebhookID},
		},
		Signature: hooksig.Signature{Encoding: hooksig.Base64,
			Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed: []hooksig.Part{hooksig.Body()},
		Key:    hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "shopify", Summary: "Shopify (X-Shopify-Hmac-Sha256 or Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body)", New: Shopify, Source: "shopify.dev, Shopify SDKs · C"})
}
