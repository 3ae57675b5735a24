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
// replays. The HMAC-SHA256 signatures of a Webhook Rule (X-Twilio-Webhooks-Signature-Settings)
// are not supported yet: their header and encoding could not be confirmed from Twilio's SDKs.
//
// Source: twilio/twilio-go client/request_validator.go, twilio-python request_validator.py,
// twilio-node lib/webhooks/webhooks.ts, twilio-ruby. Confidence: C. Vectors: the SDKs' tests
// (auth token 12345).
func Twilio(authTokens ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: authTokens, Scheme: hooksig.Scheme{
		Name:      "twilio",
		Fields:    []hooksig.Fields{{Signature: HeaderTwilioSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA1}}},
		Signed:    []hooksig.Part{hooksig.PublicURL(hooksig.PortVariants()), hooksig.SortedFormParams("bodySHA256")},
		Checks:    []hooksig.Check{hooksig.BodySHA256InQuery("bodySHA256")},
		Key:       hooksig.RawKey,
	}}
}

func init() {
	register(Preset{Name: "twilio", Summary: "Twilio (X-Twilio-Signature: HMAC-SHA1 over the public URL and sorted form params; needs -public-url)", New: Twilio})
}
