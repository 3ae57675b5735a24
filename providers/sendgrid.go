package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names SendGrid's signed Event Webhook sends.
const (
	HeaderSendGridSignature = "X-Twilio-Email-Event-Webhook-Signature"
	HeaderSendGridTimestamp = "X-Twilio-Email-Event-Webhook-Timestamp"
)

// SendGrid verifies SendGrid's signed Event Webhook: X-Twilio-Email-Event-Webhook-Signature is
// base64 of an ASN.1 DER ECDSA signature over SHA-256(timestamp ‖ body) — the timestamp
// header's text followed by the raw bytes, their trailing CRLF included — on the P-256 curve,
// checked with the webhook's verification key as SendGrid shows it (base64 of a DER
// SubjectPublicKeyInfo). Any other key (another curve, RSA, PEM) is refused by hooksig.New,
// where sendgrid-go would panic or fail later. SendGrid documents no tolerance and its SDKs
// check none: 5 minutes either way. Each event carries its sg_event_id in the signed body.
//
// Source: sendgrid/sendgrid-go helpers/eventwebhook, sendgrid-nodejs eventwebhook,
// sendgrid-python eventwebhook, Twilio's "Event Webhook security features" page. Confidence: C
// (no tolerance found, S). Vectors: sendgrid-go eventwebhook_test.go (identical in
// sendgrid-python) and sendgrid-nodejs eventwebhook.spec.js.
func SendGrid(verificationKeys ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:      "sendgrid",
		Fields:    []hooksig.Fields{{Signature: HeaderSendGridSignature, Timestamp: HeaderSendGridTimestamp}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.ECDSAP256SHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.ECDSAPublicDERBase64,
	}, Secrets: verificationKeys}
}

func init() {
	register(Preset{Name: "sendgrid", Summary: "SendGrid Event Webhook (ECDSA P-256 over timestamp‖body; base64 DER key)", New: SendGrid, Source: "sendgrid-go, -python, -nodejs · C"})
}
