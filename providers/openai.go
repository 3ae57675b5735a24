package providers

import "github.com/hooksig/hooksig"

// Header names OpenAI sends: the Standard Webhooks ones.
const (
	HeaderOpenAIWebhookID        = HeaderWebhookID
	HeaderOpenAIWebhookTimestamp = HeaderWebhookTimestamp
	HeaderOpenAIWebhookSignature = HeaderWebhookSignature
)

// OpenAI verifies OpenAI webhooks, signed as the Standard Webhooks specification says:
// "webhook-id", "webhook-timestamp" and "webhook-signature" headers, the last a space-separated
// list of "v1,<base64>" entries, each HMAC-SHA256 over webhook-id "." webhook-timestamp "."
// body (the raw body and the header texts as received); any matching entry verifies.
//
// The secret is the endpoint's signing secret, "whsec_" + base64 as OpenAI issues it: the part
// after the prefix is decoded and the decoded bytes are the key (24 bytes at least; OpenAI's are
// 32). A quirk of OpenAI's SDKs: openai-go uses a secret that lacks the "whsec_" prefix as raw
// bytes, its text as-is. This preset always base64-decodes, prefix or not, as the specification
// does, so give it the secret as OpenAI shows it; a text secret without the prefix is either
// refused by hooksig.New (not base64, or too short) or decoded into a different key than the
// SDK would use. openai-go also accepts a bare signature without "v1,"; OpenAI sends the
// label, and this preset requires it.
//
// The timestamp is Unix seconds and may be 5 minutes old or 5 minutes ahead, the default of
// OpenAI's SDKs (openai-go's VerifySignature checks both directions). The webhook-id (such as
// "wh_…") is signed, so it is the replay key; the event id inside the body ("evt_…") is not
// what Delivery.ID reports. No body limit is documented (1 MiB applies). The whole svix-* set
// is read instead only when none of the three webhook-* headers is present; OpenAI does not
// send it. Otherwise this is [StandardWebhooks]; only the delivery's provider name, "openai",
// differs.
//
// Source: openai/openai-go webhooks/webhook_helpers.go (headers, list parsing, tolerance both
// ways), webhooks/webhook_secret.go (whsec_ strict base64, 24 bytes at least, unprefixed secrets
// raw), webhooks/webhook.go (5-minute default). OpenAI's platform docs were not read; OpenAI's
// rotation behaviour is not documented in what was read. Confidence: C. Vectors: openai-go
// webhooks/webhook_test.go (which says it matches the TypeScript SDK); the Standard Webhooks test
// vector (standard-webhooks libraries/go/webhook_test.go).
func OpenAI(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("openai", webhookFields, svixFields), Secrets: secrets}
}

func init() {
	register(Preset{Name: "openai", Summary: "OpenAI (webhook-* headers, Standard Webhooks v1, whsec_ secret)", New: OpenAI, Source: "openai-go · C"})
}
