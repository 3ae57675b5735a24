package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Zendesk webhooks send. Only the signature and its timestamp are verified; the
// account, webhook and invocation ids are not signed.
const (
	HeaderZendeskSignature    = "X-Zendesk-Webhook-Signature"
	HeaderZendeskTimestamp    = "X-Zendesk-Webhook-Signature-Timestamp"
	HeaderZendeskInvocationID = "X-Zendesk-Webhook-Invocation-Id" // one per invocation: Delivery.ID
	HeaderZendeskWebhookID    = "X-Zendesk-Webhook-Id"            // names the webhook, the same on every delivery
	HeaderZendeskAccountID    = "X-Zendesk-Account-Id"
)

// Zendesk verifies Zendesk webhooks: "X-Zendesk-Webhook-Signature: <base64>", the standard,
// padded base64 of the HMAC-SHA256 of timestamp ‖ body, with no separator, where timestamp is
// the X-Zendesk-Webhook-Signature-Timestamp header's text exactly as sent (RFC 3339, such as
// "2021-03-25T05:09:27Z"). A GET or DELETE trigger sends no body: the timestamp alone is signed.
// The key is the webhook's signing secret as-is; it looks like base64 but is not decoded.
//
// Zendesk documents no tolerance, so the window is this project's default, 5 minutes each
// way (hooksig.WithTolerance changes it). X-Zendesk-Webhook-Invocation-Id is reported in
// Delivery.ID; it is not signed, so it is never used for replay protection (the timestamp
// is signed and bounds a replay to the window; add hooksig.WithDedupe to refuse replays inside
// it). X-Zendesk-Webhook-Id names the webhook, not the delivery. No body limit is documented
// (1 MiB default).
//
// Source: Zendesk's "Verifying webhook authenticity" and "Anatomy of a webhook request" developer
// pages. Confidence: C (for the order timestamp ‖ body, see below). Vectors: none official in
// the current order; the valid vectors are independent computations of the recipe, and the
// older page's vector is kept as a refused one.
//
// Doubts: an older copy of the verifying page printed base64(HMACSHA256(BODY + TIMESTAMP)),
// and its example vector checks out only in that order. The current page, and every
// independent verifier found, sign timestamp ‖ body, which this preset follows. Zendesk is
// said (by third parties, not found in its docs) to sign "Test webhook" deliveries of an
// unsaved webhook with the example secret "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==".
func Zendesk(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name: "zendesk",
		Fields: []hooksig.Fields{{Signature: HeaderZendeskSignature, Timestamp: HeaderZendeskTimestamp,
			ID: HeaderZendeskInvocationID}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64,
			Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.RFC3339, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "zendesk", Summary: "Zendesk (X-Zendesk-Webhook-Signature: base64 HMAC-SHA256 of timestamp+body; 5 min each way)", New: Zendesk, Source: "Zendesk docs · C"})
}
