package providers

import "github.com/hooksig/hooksig"

// Square's signature headers.
const (
	HeaderSquareSignature     = "X-Square-Hmacsha256-Signature" // HMAC-SHA256 (current)
	HeaderSquareSignatureSHA1 = "X-Square-Signature"            // HMAC-SHA1 (legacy)
)

// Square verifies Square webhooks: "x-square-hmacsha256-signature: <base64>", HMAC-SHA256 keyed
// with the subscription's signature key as-is over the notification URL ‖ body. The URL is the
// route's public URL (hooksig.WithPublicURL, or WithTrustedProxy) ‖ the path and query as
// received: the URL the subscription was created with. An empty body never verifies (square-go-
// sdk once accepted it without checking the signature). The legacy HMAC-SHA1 x-square-signature
// is not read: it is the weaker legacy scheme, accepted only by [SquareSHA1]. Each event has its event_id
// in the signed body; use hooksig.WithDedupe to refuse replays.
//
// Source: square/square-go-sdk, square-python-sdk and square-nodejs-sdk WebhooksHelper and
// their tests; Square's "Validate notifications" docs. Confidence: C. Vectors: the SDKs' tests
// (identical in the three).
func Square(signatureKeys ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: signatureKeys, Scheme: hooksig.Scheme{
		Name:      "square",
		Fields:    []hooksig.Fields{{Signature: HeaderSquareSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.PublicURL(), hooksig.Body()},
		Checks:    []hooksig.Check{hooksig.NonEmptyBody()},
		Key:       hooksig.RawKey,
	}}
}

// SquareSHA1 verifies Square's legacy signature, for a receiver that cannot use the current
// one: "x-square-signature: <base64>", HMAC-SHA1 over the notification URL ‖ body, with the
// same key, URL and rules as [Square]. Only what this preset names is read: a route that wants
// the SHA-256 header uses Square. Square's current docs describe only the SHA-256 header; the
// SHA-1 one is documented for v1 webhooks and reported still sent beside it (S).
//
// Source: developer.squareup.com "Validate notifications (v1)", square/connect-api-examples
// connect-examples/v1 webhooks samples. Confidence: C for the recipe, S that it is still sent.
// Vectors: none official; independent python3 HMAC-SHA1 over the inputs of Square's SDK test.
func SquareSHA1(signatureKeys ...string) hooksig.Provider {
	p := Square(signatureKeys...)
	p.Scheme.Name = "squaresha1"
	p.Scheme.Fields = []hooksig.Fields{{Signature: HeaderSquareSignatureSHA1}}
	p.Scheme.Signature.Labels = []hooksig.Label{{Algorithm: hooksig.HMACSHA1}}
	return p
}

func init() {
	register(Preset{Name: "squaresha1", Summary: "Square legacy (x-square-signature: HMAC-SHA1 over notification URL‖body; needs -public-url)", New: SquareSHA1, Source: "Square v1 docs, connect-api-examples · C (still sent: S)"})
	register(Preset{Name: "square", Summary: "Square (x-square-hmacsha256-signature over notification URL‖body; needs -public-url)", New: Square, Source: "Square SDKs · C"})
}
