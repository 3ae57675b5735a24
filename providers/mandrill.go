package providers

import "github.com/hooksig/hooksig"

// HeaderMandrillSignature carries Mandrill's signature.
const HeaderMandrillSignature = "X-Mandrill-Signature"

// Mandrill verifies Mailchimp Transactional (Mandrill) webhooks: "X-Mandrill-Signature:
// <base64>", HMAC-SHA1 keyed with the webhook's key over the webhook URL ‖ the POST parameters
// sorted by name, each name ‖ value (in practice one, mandrill_events: up to 1,000 events as
// JSON). The URL is the route's public URL (hooksig.WithPublicURL, or WithTrustedProxy) ‖ the
// path and query as received: the URL the webhook was added with. Mandrill sends no timestamp
// or delivery id: use hooksig.WithDedupe, or dedupe on each event's _id.
//
// When a webhook is added, Mandrill checks the URL with a HEAD request, answered 200 with no
// body (hooksig.HeadProbe: it carries nothing to verify and reaches no handler) and, if that
// fails, a POST of mandrill_events=[] signed with the literal key "test-webhook" — which this
// preset refuses unless "test-webhook" is one of the keys given.
//
// Source: Mailchimp Transactional help "Authenticating webhook requests", "Webhook format",
// "Introduction to webhooks". Confidence: C. Vectors: none official; the test vectors are
// independent python3 hmac over the recipe.
func Mandrill(webhookKeys ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: webhookKeys, Scheme: hooksig.Scheme{
		Name:      "mandrill",
		Fields:    []hooksig.Fields{{Signature: HeaderMandrillSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA1}}},
		Signed:    []hooksig.Part{hooksig.PublicURL(), hooksig.SortedFormParams()},
		Key:       hooksig.RawKey,
		Unsigned:  hooksig.HeadProbe(),
	}}
}

func init() {
	register(Preset{Name: "mandrill", Summary: "Mailchimp Transactional / Mandrill (X-Mandrill-Signature over URL‖sorted params; needs -public-url)", New: Mandrill, Source: "Mailchimp Transactional help · C"})
}
