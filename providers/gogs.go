package providers

import "github.com/hooksig/hooksig"

// Header names Gogs sends.
const (
	HeaderGogsSignature = "X-Gogs-Signature"
	HeaderGogsDelivery  = "X-Gogs-Delivery"
)

// Gogs verifies Gogs webhooks: "X-Gogs-Signature: <hex>", bare lower-case hex of HMAC-SHA256
// over the JSON payload, keyed with the webhook's secret as-is. Only webhooks with the JSON
// content type verify: with the form content type the body is "payload=<url-encoded JSON>"
// but Gogs signs the JSON alone, so such deliveries are refused (401).
//
// Gogs sends no timestamp. The X-Gogs-Delivery UUID is reported as Delivery.ID but is not
// signed, so it is never used for replay protection (use hooksig.WithDedupe). A webhook without
// a secret sends the signature header empty, which is refused. No body limit is documented:
// 1 MiB.
//
// Source: gogs/gogs docs/advancing/webhooks.mdx (headers, HMAC-SHA256 hex of the payload) and
// internal/database/webhook.go (how the signature is made and sent). Confidence: C. Vectors:
// none official (the docs' example gives no secret and a re-formatted body; Gogs' tests hold
// none); computed independently with python3 hmac from the documented recipe.
func Gogs(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("gogs",
		hooksig.Fields{Signature: HeaderGogsSignature, ID: HeaderGogsDelivery}, "", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "gogs", Summary: "Gogs (X-Gogs-Signature: hex HMAC-SHA256 of the body; JSON content type)", New: Gogs, Source: "Gogs source · C"})
}
