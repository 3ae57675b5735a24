package providers

import "github.com/hooksig/hooksig"

// Header names Clerk sends: Svix's, since Clerk delivers its webhooks through Svix.
const (
	HeaderClerkID        = HeaderSvixID
	HeaderClerkTimestamp = HeaderSvixTimestamp
	HeaderClerkSignature = HeaderSvixSignature
)

// Clerk verifies Clerk webhooks, which Clerk delivers through Svix under the Standard Webhooks
// scheme: "svix-id", "svix-timestamp" and "svix-signature" headers, the last a space-separated
// list of "v1,<base64>" entries, each HMAC-SHA256 over svix-id "." svix-timestamp "." body
// (the raw body and the header texts as received). During a secret rotation the list carries
// one entry per active secret; any match verifies.
//
// The secret is the Signing Secret of the endpoint in the Clerk Dashboard
// (CLERK_WEBHOOK_SIGNING_SECRET), "whsec_" + base64: the part after the prefix is decoded and
// the decoded bytes are the key (24 bytes at least). The timestamp is Unix seconds and may be
// 5 minutes old or 5 minutes ahead: Clerk documents no tolerance of its own, and the
// standardwebhooks library its SDK verifies with allows 5 minutes each way. The svix-id is
// signed and stays the same across retries, so it is the replay key. No body limit is
// documented (1 MiB applies). The whole webhook-* set (Svix's white-label names) is read
// instead only when none of the three svix-* headers is present; Clerk is not known to send it.
// Otherwise this is [Svix]; only the delivery's provider name, "clerk", differs.
//
// Source: clerk/javascript packages/backend/src/webhooks.ts (svix-* headers handed to the
// standardwebhooks library) and its webhooks.test.ts; the standardwebhooks JavaScript library
// (whsec_ decoding, 5-minute window both ways); Svix's "Verifying payloads manually" docs.
// Confidence: C (the secret's length and Svix's rotation grace are secondary). Vectors: the
// Standard Webhooks test vector (standard-webhooks libraries/go/webhook_test.go, the same in
// svix-webhooks' tests) under svix-* names; Clerk publishes no vector of its own.
func Clerk(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("clerk", svixFields, webhookFields), Secrets: secrets}
}

func init() {
	register(Preset{Name: "clerk", Summary: "Clerk (svix-* headers, Standard Webhooks v1, whsec_ secret)", New: Clerk, Source: "clerk/javascript, standardwebhooks · C"})
}
