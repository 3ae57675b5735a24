package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Telnyx sends.
const (
	HeaderTelnyxSignature = "Telnyx-Signature-Ed25519"
	HeaderTelnyxTimestamp = "Telnyx-Timestamp"
)

// Telnyx verifies Telnyx API v2 webhooks: "telnyx-signature-ed25519: <base64>", an Ed25519
// signature over telnyx-timestamp ‖ "|" ‖ body, checked with the account's public key as
// Mission Control shows it (base64 of 32 bytes). Telnyx's docs call these headers compatible
// with Standard Webhooks; they are not (another algorithm, another message, other names), and
// providers.StandardWebhooks would refuse every delivery. The window is 300 seconds either way,
// the default of every Telnyx SDK (its docs give no number). The event id is in the signed
// body; use hooksig.WithDedupe to refuse replays.
//
// Source: team-telnyx telnyx-go lib/webhook_verification.go, telnyx-python lib webhooks,
// telnyx-node webhooks, developers.telnyx.com webhook signing. Confidence: C (the tolerance is
// the SDKs' default). Vectors: none official (the SDKs' tests make random keys); the test
// vectors are independent Go crypto/ed25519 signatures with RFC 8032's test key, matched by
// python3's cryptography.
func Telnyx(publicKeys ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:      "telnyx",
		Fields:    []hooksig.Fields{{Signature: HeaderTelnyxSignature, Timestamp: HeaderTelnyxTimestamp}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.Ed25519}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("|"), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 300 * time.Second, Future: 300 * time.Second},
		Key:       hooksig.Ed25519PublicBase64,
	}, Secrets: publicKeys}
}

func init() {
	register(Preset{Name: "telnyx", Summary: "Telnyx (telnyx-signature-ed25519 over ts|body; base64 public key; 300 s)", New: Telnyx, Source: "Telnyx SDKs · C"})
}
