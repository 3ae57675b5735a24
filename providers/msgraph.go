package providers

import "github.com/hooksig/hooksig"

// MicrosoftGraph checks Microsoft Graph change notifications delivered to a webhook. Graph signs
// nothing: every notification in the body's "value" array carries the clientState you set on
// its subscription, compared in constant time with the secrets given here (one per
// subscription, or one for all: with several, whoever knows one subscription's clientState
// can post notifications naming another, so give each subscription its own route, or compare
// each notification's clientState with its subscriptionId's in the handler, as Graph advises).
// Every notification must carry one (a body mixing in a
// notification without it is refused); an empty "value" is refused; at most hooksig.MaxItems.
// This authenticates no byte of the body and a clientState seen once works for ever: Graph's
// own advice is to treat a notification as a hint and read the resource through Graph.
//
// The notification URL's validation — POST ?validationToken=<token>, text/plain — is answered
// 200 text/plain with the decoded token, for tokens of up to 512 characters of printable ASCII
// and spaces without < > or &; it needs no secret. Graph expects a delivery's 2xx within 3
// seconds (202 if the handler works later). Rich notifications' validationTokens (JWTs from
// Microsoft's identity platform, keys fetched) are not checked here. Use hooksig.WithDedupe
// (it keys on the set of notifications) to refuse repeats.
//
// Source: microsoftgraph/microsoft-graph-docs-contrib concepts/change-notifications-delivery-
// webhooks.md and its notificationUrl validation include; api-reference subscription resource
// (clientState, at most 128 characters; newer generated docs say 255). Confidence: C for the
// shapes; the token's text is S (microsoft-graph-docs issue 21160). Vectors: none possible
// (equality and echo); the tests use the docs' shapes.
func MicrosoftGraph(clientStates ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: clientStates, Scheme: hooksig.Scheme{
		Name:      "msgraph",
		Items:     "value",
		Fields:    []hooksig.Fields{{In: hooksig.InJSON, Signature: "clientState"}},
		Signature: hooksig.Signature{Encoding: hooksig.Verbatim, Labels: []hooksig.Label{{Algorithm: hooksig.SharedToken}}},
		Key:       hooksig.RawKey,
		Unsigned:  hooksig.TokenEcho{Param: "validationToken"}.Handshake(),
	}}
}

func init() {
	register(Preset{Name: "msgraph", Summary: "Microsoft Graph change notifications (every value[].clientState = the secret; validationToken echoed)", New: MicrosoftGraph, Source: "Microsoft Graph docs · C"})
}
