package providers

import "github.com/hooksig/hooksig"

// Intercom verifies Intercom webhooks: "X-Hub-Signature: sha1=<hex>" ([HeaderHubSignature]),
// lower-case hex of HMAC-SHA1 over the raw body. SHA-1 is the only algorithm Intercom sends
// (HMAC-SHA1 is not broken); the label is pinned, so a "sha256=" or any other entry is a
// mismatch (401), never a choice of the sender.
//
// The key is the secret as-is: the app's client_secret (Developer Hub, Basic Info page) for
// current apps, the subscription's hub_secret for legacy v1.0 subscriptions. Intercom sends
// no timestamp and no delivery-id header: the notification id ("notif_…"), created_at and, on
// retries, first_sent_at and delivery_attempts are inside the signed body, so nothing bounds a
// replay unless the handler checks them or the route uses hooksig.WithDedupe. The "ping"
// notification Intercom sends when a webhook is set up is signed like any other and reaches
// the handler. No body limit is documented: 1 MiB.
//
// Source: Intercom's "Signed notifications" reference (v1.0: header, sha1= prefix, HMAC-SHA1,
// hex, body). Confidence: C for the scheme; S for the client_secret key of current apps and
// for the ping notification (secondary sources only). Vectors: none official (the docs'
// example gives no secret and no exact body); the vectors are computed independently with
// python3 hmac from the documented recipe. Doubts: current docs were not read first-hand; if a
// delivery fails with the client secret, try the hub_secret the subscription was created with.
func Intercom(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("intercom",
		hooksig.Fields{Signature: HeaderHubSignature}, "sha1", hooksig.HMACSHA1, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "intercom", Summary: "Intercom (X-Hub-Signature: sha1=<hex>, HMAC-SHA1 of the body)", New: Intercom, Source: "Intercom docs · C (key S)"})
}
