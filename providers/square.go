package providers

import "github.com/hooksig/hooksig"

// HeaderSquareSignature carries Square's HMAC-SHA256 signature.
const HeaderSquareSignature = "X-Square-Hmacsha256-Signature"

// Square verifies Square webhooks: "x-square-hmacsha256-signature: <base64>", HMAC-SHA256 keyed
// with the subscription's signature key as-is over the notification URL ‖ body. The URL is the
// route's public URL (hooksig.WithPublicURL, or WithTrustedProxy) ‖ the path and query as
// received: the URL the subscription was created with. An empty body never verifies (square-go-
// sdk once accepted it without checking the signature). The legacy HMAC-SHA1 x-square-signature
// is not read: no current Square source confirms it is still sent. Each event has its event_id
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

func init() {
	register(Preset{Name: "square", Summary: "Square (x-square-hmacsha256-signature over notification URL‖body; needs -public-url)", New: Square})
}
