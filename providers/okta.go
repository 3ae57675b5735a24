package providers

import "github.com/hooksig/hooksig"

// HeaderOktaVerificationChallenge carries Okta's one-time event hook verification.
const HeaderOktaVerificationChallenge = "X-Okta-Verification-Challenge"

// Okta checks Okta event hooks, which carry no signature: every request has the header and
// value configured on the hook ("Authentication field" and "Authentication secret" —
// Authorization by default), compared in constant time with the secret given here. This is
// weaker than any signature: it authenticates no byte of the body, and a value seen once works
// for ever. The one-time verification GET (X-Okta-Verification-Challenge) is answered
// {"verification": <value>} — only when it also carries the secret, and the value is at most
// 128 characters of [A-Za-z0-9._~+/=-]. Events carry their eventId in the body; use
// hooksig.WithDedupe to refuse repeats. Use [OktaHeader] when the hook sends another header.
//
// Source: okta/okta-developer-docs event hooks concept and "Secure hooks" guides, Okta help
// "Verify an event hook". Confidence: C (the challenge's format is S). Vectors: independent (the
// header equals the secret).
func Okta(secrets ...string) hooksig.Provider { return OktaHeader("Authorization", secrets...) }

// OktaHeader is [Okta] for a hook whose authentication field is header.
func OktaHeader(header string, secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: hooksig.Scheme{
		Name:      "okta",
		Fields:    []hooksig.Fields{{Signature: header}},
		Signature: hooksig.Signature{Encoding: hooksig.Verbatim, Labels: []hooksig.Label{{Algorithm: hooksig.SharedToken}}},
		Key:       hooksig.RawKey,
		Unsigned: hooksig.HeaderChallenge{Header: HeaderOktaVerificationChallenge, Field: "verification",
			Token: header}.Handshake(),
	}}
}

func init() {
	register(Preset{Name: "okta", Summary: "Okta event hooks (Authorization header = the secret; verification GET answered)", New: Okta, Source: "Okta developer docs · C"})
}
