package providers

import "github.com/hooksig/hooksig"

// HeaderSendsarSignature carries Sendsar's signature.
const HeaderSendsarSignature = "X-Webhook-Signature"

// Sendsar verifies Sendsar webhooks: "X-Webhook-Signature: sha256=<hex>", HMAC-SHA256 of the
// raw body keyed with the webhook secret exactly as the console shows it.
//
// The secret looks like a Standard Webhooks one ("whsec_…") but is not decoded: its whole
// text, prefix included, is the key, as every sample in Sendsar's setup docs (JavaScript, PHP,
// Python, Go, Ruby) uses it. Giving it to providers.StandardWebhooks instead would fail.
// Sendsar sends no timestamp and no delivery id; use hooksig.WithDedupe to refuse replays. Its
// console rotates the API key and the webhook secret together; during a rotation pass both.
func Sendsar(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("sendsar",
		hooksig.Fields{Signature: HeaderSendsarSignature}, "sha256", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "sendsar", Summary: "Sendsar (X-Webhook-Signature: sha256=<hex>, whsec_ secret used as-is)", New: Sendsar, Source: "Sendsar docs · seed"})
}
