package providers

import "github.com/hooksig/hooksig"

// Header names GitHub sends.
const (
	HeaderGitHubSignature256 = "X-Hub-Signature-256"
	HeaderGitHubSignature    = "X-Hub-Signature" // legacy HMAC-SHA1
	HeaderGitHubDelivery     = "X-GitHub-Delivery"
)

// GitHub verifies GitHub webhooks: "X-Hub-Signature-256: sha256=<hex>", HMAC-SHA256 of the raw
// body keyed with the webhook secret as-is. Bodies up to 25 MB are accepted (GitHub caps its
// payloads there). GitHub sends no timestamp; its X-GitHub-Delivery GUID is not signed, so it
// is reported in Delivery.ID but never used for replay protection (use hooksig.WithDedupe).
// Form-encoded deliveries ("payload=…") are signed over the encoded body, so they verify too.
//
// The legacy SHA-1 header is refused; [GitHubAllowingSHA1] accepts it for old GitHub
// Enterprise Server versions that send nothing else.
//
// Source: GitHub's "Validating webhook deliveries" and "Webhook events and payloads" docs
// (header, algorithm, encoding, 25 MB), google/go-github github/messages.go. Confidence: C.
// Vectors: the docs' test vector; go-github's messages_test.go.
func GitHub(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: githubScheme(false), Secrets: secrets}
}

// GitHubAllowingSHA1 is [GitHub] that also accepts "X-Hub-Signature: sha1=<hex>" (HMAC-SHA1)
// when the SHA-256 header is absent. SHA-1 HMAC is not broken, but a route that needs it
// should say so: this is opt-in.
func GitHubAllowingSHA1(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: githubScheme(true), Secrets: secrets}
}

func githubScheme(sha1 bool) hooksig.Scheme {
	s := bodyHMAC("github", hooksig.Fields{Signature: HeaderGitHubSignature256, ID: HeaderGitHubDelivery},
		"sha256", hooksig.HMACSHA256, hooksig.Hex)
	s.MaxBody = 25 << 20
	if sha1 {
		s.Fields = append(s.Fields, hooksig.Fields{Signature: HeaderGitHubSignature, ID: HeaderGitHubDelivery})
		s.Signature.Labels = append(s.Signature.Labels, hooksig.Label{Name: "sha1", Algorithm: hooksig.HMACSHA1})
	}
	return s
}

func init() {
	register(Preset{Name: "github", Summary: "GitHub (X-Hub-Signature-256: sha256=<hex>, 25 MB)", New: GitHub, Source: "GitHub docs, go-github · C"})
}
