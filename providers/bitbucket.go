package providers

import "github.com/hooksig/hooksig"

// Delivery-id headers of Bitbucket Cloud and of Bitbucket Server / Data Center. Both sign in
// [HeaderHubSignature].
const (
	HeaderBitbucketRequestUUID   = "X-Request-UUID"
	HeaderBitbucketServerRequest = "X-Request-Id"
)

// Bitbucket verifies Bitbucket Cloud webhooks: "X-Hub-Signature: sha256=<hex>"
// ([HeaderHubSignature]), lower-case hex of HMAC-SHA256 over the raw body. Unlike GitHub's
// header of that name it carries SHA-256; the label is pinned, so "sha1=" or any other entry
// is a mismatch (401).
//
// The key is the webhook's secret as set in the UI or the API, as-is. Bitbucket sends the
// signature only when the webhook has a secret (Cloud has signed since 2023): a webhook without
// one cannot be verified, and its X-Hook-UUID proves nothing. No timestamp is signed. The
// X-Request-UUID delivery id is reported as Delivery.ID but is not signed, so it is never used
// for replay protection (use hooksig.WithDedupe). No body limit is documented: 1 MiB.
//
// Bitbucket Server and Data Center sign the same way; [BitbucketServer] reports their
// X-Request-Id instead. This preset verifies their deliveries too, with no Delivery.ID.
//
// Source: Bitbucket Cloud's OpenAPI spec (webhook secret, "HMAC hex digest" in X-Hub-Signature),
// the Bitbucket blog "Enhanced webhook security", Atlassian's Bitbucket Server "Event payload"
// page. Confidence: C for the header, HMAC-SHA256 and hex over the body; S for the "sha256="
// prefix on Cloud (Atlassian's Server docs show it; for Cloud only secondary sources) and the
// Cloud header names X-Request-UUID, X-Hook-UUID. Vectors: none official (Atlassian's example
// is a placeholder); computed independently with python3 hmac from the documented recipe.
// Doubts: Atlassian calls HMAC-SHA256 "the default" for Data Center, as if another could be
// configured; this preset accepts sha256 only.
func Bitbucket(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: bitbucketScheme(HeaderBitbucketRequestUUID), Secrets: secrets}
}

// BitbucketServer is [Bitbucket] for Bitbucket Server and Data Center: the same signature,
// with the X-Request-Id header reported as Delivery.ID (unsigned too).
func BitbucketServer(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: bitbucketScheme(HeaderBitbucketServerRequest), Secrets: secrets}
}

func bitbucketScheme(id string) hooksig.Scheme {
	return hooksig.Scheme{
		Name:   "bitbucket",
		Fields: []hooksig.Fields{{Signature: HeaderHubSignature, ID: id}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Name: "sha256", Algorithm: hooksig.HMACSHA256}}},
		Signed: []hooksig.Part{hooksig.Body()},
		Key:    hooksig.RawKey,
	}
}

func init() {
	register(Preset{Name: "bitbucket", Summary: "Bitbucket Cloud and Server (X-Hub-Signature: sha256=<hex>)", New: Bitbucket, Source: "Bitbucket Cloud API spec, Atlassian Server docs · C (Cloud prefix S)"})
}
