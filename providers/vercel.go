package providers

import "github.com/hooksig/hooksig"

// HeaderVercelSignature carries Vercel's webhook signature.
const HeaderVercelSignature = "X-Vercel-Signature"

// Vercel verifies Vercel webhooks (account, team and integration webhooks): "x-vercel-signature:
// <hex>", the HMAC-SHA1 of the raw body keyed as-is with the webhook's secret (shown once when
// the webhook is created) or, for an integration's webhooks, its Client Secret. SHA-1 is
// pinned: a SHA-256 value under this header is refused.
//
// Vercel sends no timestamp and no delivery-id header (the event id is in the signed body),
// so nothing bounds a replay unless the route adds hooksig.WithDedupe. No body limit is
// documented (1 MiB default).
//
// This is not for Vercel Blob client-upload callbacks, which use the same header name with
// another scheme (HMAC-SHA256 keyed with the Blob token, or a public-key signature).
//
// Source: Vercel's "Securing webhooks" sample (vercel.com/docs/webhooks/webhooks-api), read
// only through verbatim copies, and trigger.dev's Vercel webhook docs; the independent sources
// agree on HMAC-SHA1, hex, raw body, key as-is. Confidence: S (the official page itself was
// not read). Vectors: none official; the vectors are independent computations of the recipe.
func Vercel(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("vercel",
		hooksig.Fields{Signature: HeaderVercelSignature}, "", hooksig.HMACSHA1, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "vercel", Summary: "Vercel webhooks (x-vercel-signature: hex HMAC-SHA1 of the body)", New: Vercel, Source: "secondary sources agree · S"})
}
