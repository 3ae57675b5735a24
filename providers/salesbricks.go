package providers

import "github.com/hooksig/hooksig"

// HeaderSalesbricksKey carries Salesbricks' signature, despite its name.
const HeaderSalesbricksKey = "X-Salesbricks-Key"

// Salesbricks verifies Salesbricks webhooks: the "X-SALESBRICKS-KEY" header carries the
// standard base64 of HMAC-SHA512 over the body, keyed with the Salesbricks API token as-is.
//
// Source: Salesbricks' webhook documentation (current page and the legacy page, whose test
// vector this preset reproduces). Doubts, as found: that vector is printed one '=' short, and
// that exact text is refused as bad padding; the fully padded and fully unpadded forms are
// accepted (strict decoding; decoded bytes are compared);
// the key is "your Salesbricks API Token", probably the public API token, so rotating that
// token changes the webhook key. Salesbricks sends no timestamp and no delivery id: nothing
// bounds a replay unless the route adds hooksig.WithDedupe. Don't route on unsigned headers:
// the signed body carries no event type.
func Salesbricks(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("salesbricks",
		hooksig.Fields{Signature: HeaderSalesbricksKey}, "", hooksig.HMACSHA512, hooksig.Base64OptionalPadding)}
}

func init() {
	register(Preset{Name: "salesbricks", Summary: "Salesbricks (X-Salesbricks-Key: base64 HMAC-SHA512 of the body)", New: Salesbricks, Source: "Salesbricks docs · seed"})
}
