package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Mailgun verifies Mailgun webhooks, whose signature travels in the body, not in a header:
// a JSON body's "signature" object {"timestamp", "token", "signature"} (or, for form-encoded
// routes and legacy webhooks, the "timestamp", "token" and "signature" form fields), where
// signature is the hex HMAC-SHA256 of timestamp ‖ token keyed with the HTTP webhook signing
// key as-is. The set is chosen by the request's Content-Type.
//
// Mailgun signs only the timestamp and the token — not the event data. The token is signed, so
// it is the replay key: a captured signature cannot be used twice. But nothing stops the bytes
// around it from being changed in transit, so treat the event data as a notice and fetch
// anything that matters from Mailgun's API. Mailgun calls the timestamp check optional and
// gives no window: 5 minutes either way.
//
// Source: Mailgun's "Securing webhooks" docs, mailgun/mailgun-go VerifyWebhookSignature,
// mailgun/mailgun-php Webhooks::verifyWebhookSignature. Confidence: C for the JSON form; the
// form-field variant is S. Vectors: mailgun-php tests/Api/WebhookTest.php (the signature
// triple is official; the JSON around it is ours).
func Mailgun(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name: "mailgun",
		Fields: []hooksig.Fields{
			{In: hooksig.InJSON, Signature: "signature.signature", Timestamp: "signature.timestamp", ID: "signature.token"},
			{In: hooksig.InForm, Signature: "signature", Timestamp: "timestamp", ID: "token"},
		},
		Signature: hooksig.Signature{Encoding: hooksig.Hex, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.ID()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "mailgun", Summary: "Mailgun (signature object in the JSON or form body; hex HMAC of timestamp‖token; token is the replay key)", New: Mailgun, Source: "Mailgun docs, mailgun-php · C"})
}
