package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names of the Standard Webhooks specification and of Svix, which uses the same scheme.
const (
	HeaderWebhookID        = "Webhook-Id"
	HeaderWebhookTimestamp = "Webhook-Timestamp"
	HeaderWebhookSignature = "Webhook-Signature"
	HeaderSvixID           = "Svix-Id"
	HeaderSvixTimestamp    = "Svix-Timestamp"
	HeaderSvixSignature    = "Svix-Signature"
)

var (
	webhookFields = hooksig.Fields{Signature: HeaderWebhookSignature, Timestamp: HeaderWebhookTimestamp, ID: HeaderWebhookID}
	svixFields    = hooksig.Fields{Signature: HeaderSvixSignature, Timestamp: HeaderSvixTimestamp, ID: HeaderSvixID}
)

// StandardWebhooks verifies deliveries signed as the Standard Webhooks specification (1.0)
// says: "webhook-id", "webhook-timestamp" and "webhook-signature" headers, a space-separated
// list of "v1,<base64>" (HMAC-SHA256) and "v1a,<base64>" (Ed25519) signatures over
// id "." timestamp "." body, timestamps in Unix seconds within 5 minutes either way.
//
// Secrets are written as the specification writes them: "whsec_" + base64 (24 bytes at least;
// the prefix and the padding are optional) for v1, "whpk_" + base64 of an Ed25519 public key
// for v1a; pass several during a rotation. A "whsk_" private key is refused: it belongs to the
// sender (give it to [hooksig.NewSigner] to sign test deliveries). When none of the three
// webhook-* headers is present, the whole svix-* set is read instead (Svix, Clerk, Resend).
// The webhook-id is signed, so it is the replay key.
//
// A weakness of the specification, not of this code: id "." timestamp "." body has no
// unambiguous field boundaries, so the sender's signature over (id "evt", body "T.{…}") also
// covers (id "evt.T", body "{…}") when T is the timestamp. It needs a signed body that starts
// with the timestamp and a dot, which JSON never does; the specification asks senders to keep
// "." out of ids.
func StandardWebhooks(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("standardwebhooks", webhookFields, svixFields), Secrets: secrets}
}

// Svix verifies Standard Webhooks deliveries under Svix's header names ("svix-id",
// "svix-timestamp", "svix-signature"), falling back to the whole webhook-* set when none of
// the svix-* headers is present. Otherwise it is [StandardWebhooks].
func Svix(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: standardWebhooksScheme("svix", svixFields, webhookFields), Secrets: secrets}
}

func standardWebhooksScheme(name string, first, second hooksig.Fields) hooksig.Scheme {
	return hooksig.Scheme{
		Name:   name,
		Fields: []hooksig.Fields{first, second},
		Signature: hooksig.Signature{
			Separator: " ",
			Assign:    ",",
			Encoding:  hooksig.Base64,
			Labels: []hooksig.Label{
				{Name: "v1", Algorithm: hooksig.HMACSHA256},
				{Name: "v1a", Algorithm: hooksig.Ed25519},
			},
		},
		Signed:      []hooksig.Part{hooksig.ID(), hooksig.Lit("."), hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp:   &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:         hooksig.StandardWebhooksKey,
		MinKeyBytes: 24,
	}
}

func init() {
	register(Preset{Name: "standardwebhooks", Summary: "Standard Webhooks 1.0 (webhook-* headers; v1 HMAC-SHA256, v1a Ed25519)", New: StandardWebhooks, Source: "the specification · C"})
	register(Preset{Name: "svix", Summary: "Svix, Clerk, Resend (svix-* headers, Standard Webhooks scheme)", New: Svix, Source: "Svix · C"})
}
