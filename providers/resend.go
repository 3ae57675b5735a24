package providers

import "github.com/hooksig/hooksig"

// Header names Resend sends: Svix's, since Resend delivers its webhooks through Svix.
const (
	HeaderResendID        = HeaderSvixID
	HeaderResendTimestamp = HeaderSvixTimestamp
	HeaderResendSignature = HeaderSvixSignature
)

// Resend verifies Resend webhooks, which Resend delivers through Svix under the Standard
// Webhooks scheme: "svix-id", "svix-timestamp" and "svix-signature" headers, the last a
// space-separated list of "v1,<base64>" entries, each HMAC-SHA256 over
// svix-id "." svix-timestamp "." body. Resend warns that the body must be the raw bytes, not
// parsed and re-serialised JSON; next receives exactly those bytes.
//
// The secret is the webhook's signing_secret (on the webhook's page, and returned by the
// webhooks API), "whsec_" + base64: the part after the prefix is decoded and the decoded bytes
// are the key (24 bytes at least). When the secret is rotated through the API, the old one
// keeps signing for a grace period and both signatures travel in the list; pass both secrets
// until it ends. The timestamp is Unix seconds and may be 5 minutes old or 5 minutes ahead:
// resend-node verifies with the standardwebhooks library, which allows 5 minutes each way. The
// svix-id is signed and stays the same across retries, so it is the replay key. No body limit
// is documented (1 MiB applies). The whole webhook-* set is read instead only when none of the
// three svix-* headers is present; Resend is not known to send it. Otherwise this is [Svix];
// only the delivery's provider name, "resend", differs.
//
// Source: Resend's "Verify webhooks requests" docs (svix-* headers, raw body); resend/resend-node
// src/webhooks/webhooks.ts (standardwebhooks' Webhook.verify) and webhooks.spec.ts; Svix's
// "Verifying payloads manually" docs. Confidence: C (the rotation grace period is secondary).
// Vectors: the Standard Webhooks test vector (standard-webhooks libraries/go/webhook_test.go,
// the same in svix-webhooks' tests; resend-node's tests use its secret) under svix-* names;
// Resend publishes no fixed vector of its own.
func Resend(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("resend", svixFields, webhookFields), Secrets: secrets}
}

func init() {
	register(Preset{Name: "resend", Summary: "Resend (svix-* headers, Standard Webhooks v1, whsec_ secret)", New: Resend, Source: "resend-node, Svix · C"})
}
