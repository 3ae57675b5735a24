package providers

import "github.com/hooksig/hooksig"

// Header names Replicate sends: the Standard Webhooks ones.
const (
	HeaderReplicateWebhookID        = HeaderWebhookID
	HeaderReplicateWebhookTimestamp = HeaderWebhookTimestamp
	HeaderReplicateWebhookSignature = HeaderWebhookSignature
)

// Replicate verifies Replicate webhooks (the prediction callbacks), signed as the Standard
// Webhooks specification says: "webhook-id", "webhook-timestamp" and "webhook-signature"
// headers, the last a space-separated list of "v1,<base64>" entries, each HMAC-SHA256 over
// webhook-id "." webhook-timestamp "." body (the raw body); any matching entry verifies.
//
// The secret is the signing key of the user or organization, not of an endpoint (Replicate's
// webhook URLs are given per prediction): GET https://api.replicate.com/v1/webhooks/default/secret
// with an API token returns {"key": "whsec_…"}. The part after "whsec_" is decoded and the
// decoded bytes are the key (24 bytes at least). Replicate's JavaScript client keeps whatever
// follows the last "_"; for the keys Replicate issues that is the same. Rotation is not
// documented; pass several secrets if Replicate ever sends several entries.
//
// The timestamp is Unix seconds. Replicate says it is there against replays but documents no
// tolerance, and its JavaScript client checks none; this preset applies the Standard Webhooks
// default, 5 minutes each way. The webhook-id is signed and stays the same across retries, so
// it is the replay key (the body's id is the prediction's, not the delivery's). No body limit
// is documented (1 MiB applies). The whole svix-* set is read instead only when none of the
// three webhook-* headers is present; Replicate does not send it. Otherwise this is
// [StandardWebhooks]; only the delivery's provider name, "replicate", differs.
//
// Source: Replicate's "Verify webhooks" docs (headers, signed content, per-account key and the
// API that returns it); replicate/replicate-javascript lib/util.js validateWebhook.
// Confidence: C, except the tolerance (S: none documented, the specification's default).
// Vectors: replicate-javascript index.test.ts, which uses the Standard Webhooks test vector
// (from svix-webhooks' tests).
func Replicate(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("replicate", webhookFields, svixFields), Secrets: secrets}
}

func init() {
	register(Preset{Name: "replicate", Summary: "Replicate (webhook-* headers, Standard Webhooks v1, whsec_ secret)", New: Replicate, Source: "Replicate docs and client · C"})
}
