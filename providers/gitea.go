package providers

import "github.com/hooksig/hooksig"

// Header names Gitea sends (it also sends Gogs' and GitHub's, with the same values).
const (
	HeaderGiteaSignature = "X-Gitea-Signature"
	HeaderGiteaDelivery  = "X-Gitea-Delivery"
)

// Gitea verifies Gitea webhooks: "X-Gitea-Signature: <hex>", bare lower-case hex of
// HMAC-SHA256 over the JSON payload, keyed with the webhook's secret as-is. Only webhooks with
// the JSON content type (application/json, POST) verify: with the form content type the body
// is "payload=<url-encoded JSON>" but Gitea signs the JSON alone, and with the GET method
// there is no body; both are refused (401).
//
// Gitea sends no timestamp. The X-Gitea-Delivery UUID is reported as Delivery.ID but is not
// signed, so it is never used for replay protection (use hooksig.WithDedupe). A webhook without
// a secret sends the signature header empty, which is refused. No body limit is documented:
// 1 MiB. Gitea also sends X-Hub-Signature-256 ("sha256=" + the same hex), so [GitHub] verifies
// its deliveries too.
//
// Source: go-gitea/gitea services/webhook/deliver.go (the headers and how the signature is
// made) and webhook.go (the payload signed), docs.gitea.com "Webhooks" (header names).
// Confidence: C (the sender's source). Vectors: none official (Gitea's tests hold none);
// computed independently with python3 hmac from the recipe in deliver.go. Doubts: the docs do
// not describe the signature, only the source does; Forgejo, a fork, adds X-Forgejo-Signature
// (not checked here).
func Gitea(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("gitea",
		hooksig.Fields{Signature: HeaderGiteaSignature, ID: HeaderGiteaDelivery}, "", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "gitea", Summary: "Gitea (X-Gitea-Signature: hex HMAC-SHA256 of the body; JSON content type)", New: Gitea, Source: "Gitea source · C"})
}
