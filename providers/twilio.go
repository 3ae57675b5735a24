package providers

import "github.com/hooksig/hooksig"

// HeaderTwilioSignature carries Twilio's request signature.
const HeaderTwilioSignature = "X-Twilio-Signature"

// Twilio verifies requests from Twilio (voice, messaging, status callbacks): "X-Twilio-
// Signature: <base64>", HMAC-SHA1 keyed with the account's Auth Token over the URL Twilio
// requested ‖ the POST form parameters sorted by name, each name ‖ value. The URL is the
// route's public URL (hooksig.WithPublicURL, or WithTrustedProxy behind a proxy; `hooksig
// verify -public-url`) ‖ the path and query as received: Twilio signs the URL as configured in
// its console, so configure the same one.
//
//   - Repeated parameters: each name's distinct values, sorted, as twilio-python (#613, fixed
//     in #615/#617) and twilio-node (#723) do; twilio-go keeps only the first value and
//     twilio-ruby (#616) is still wrong. Never the first alone: the others would be readable
//     through r.Form yet unsigned.
//   - JSON bodies: the URL carries bodySHA256=<hex SHA-256 of the body>; the signature then
//     covers the URL alone and the body's digest is checked too.
//   - Ports: like every Twilio SDK, the URL is also tried with the scheme's default port added
//     and with its port removed, so the port Twilio used is not itself authenticated.
//   - GET requests: the URL alone is signed.
//
// Twilio sends no timestamp and no signed delivery id; use hooksig.WithDedupe to refuse
// replays. A URL that a Webhook Rule signs with HMAC-SHA256 and a shared key uses
// [TwilioSHA256].
//
// Source: twilio/twilio-go client/request_validator.go, twilio-python request_validator.py,
// twilio-node lib/webhooks/webhooks.ts, twilio-ruby. Confidence: C. Vectors: the SDKs' tests
// (auth token 12345).
func Twilio(authTokens ...string) hooksig.Provider {
	return twilio("twilio", hooksig.HMACSHA1, authTokens)
}

// TwilioSHA256 verifies Twilio requests to a URL that a Webhook Rule signs with a Webhook
// Setting's shared key and HMAC_SHA256: the same X-Twilio-Signature over the same URL ‖ sorted
// parameters as [Twilio] ("only the hash changes"), HMAC-SHA256 keyed with the shared key.
// The algorithm is this preset's: X-Twilio-Webhooks-Signature-Settings, which Twilio adds to
// name the key and algorithm, is not trusted to choose it (the route that uses the rule's key
// uses this preset; the others use Twilio).
//
// Source: twilio.com docs "Webhook shared keys", "Webhook settings" and "Webhook rules" (public
// beta); twilio-node examples/WebhookSignatureValidation.md. Confidence: C for the recipe, S for
// base64 (the docs say only the hash changes; no SDK implements it yet). Vectors: none
// official; independent python3 HMAC-SHA256 over the inputs of twilio-python's test.
func TwilioSHA256(sharedKeys ...string) hooksig.Provider {
	return twilio("twiliosha256", hooksig.HMACSHA256, sharedKeys)
}

func twilio(name string, alg hooksig.Algorithm, secrets []string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: hooksig.Scheme{
		Name:      name,
		Fields:    []hooksig.Fields{{Signature: HeaderTwilioSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: alg}}},
		Signed:    []hooksig.Part{hooksig.PublicURL(hooksig.PortVariants()), hooksig.SortedFormParams("bodySHA256")},
		Checks:    []hooksig.Check{hooksig.BodySHA256InQuery("bodySHA256")},
		Key:       hooksig.RawKey,
	}}
}

func init() {
	register(Preset{Name: "twiliosha256", Summary: "Twilio Webhook Rule, HMAC_SHA256 with a shared key (X-Twilio-Signature over the public URL and sorted form params; needs -public-url)", New: TwilioSHA256, Source: "Twilio docs (public beta) · C recipe, S encoding"})
	register(Preset{Name: "twilio", Summary: "Twilio (X-Twilio-Signature: HMAC-SHA1 over the public URL and sorted form params; needs -public-url)", New: Twilio, Source: "twilio-go/-python/-node/-ruby · C"})
}
