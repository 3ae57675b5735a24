package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names HubSpot sends.
const (
	HeaderHubSpotSignatureV3 = "X-HubSpot-Signature-v3"
	HeaderHubSpotTimestamp   = "X-HubSpot-Request-Timestamp"
)

// HubSpot verifies HubSpot webhooks and app requests signed with signature v3:
// "X-HubSpot-Signature-v3: <base64>", HMAC-SHA256 keyed with the app's client secret over
// method ‖ URI ‖ body ‖ X-HubSpot-Request-Timestamp (milliseconds). The URI is the route's
// public URL (hooksig.WithPublicURL, or WithTrustedProxy) ‖ the path and query as received,
// with the percent-escapes %3A %2F %3F %40 %21 %24 %27 %28 %29 %2A %2C %3B decoded first, as
// HubSpot's "Validating requests" page lists them. HubSpot's docs reject timestamps older than
// 5 minutes and no SDK bounds the future: 5 minutes either way. The v1 and v2 signatures
// (X-HubSpot-Signature, SHA-256 of secret ‖ …, no timestamp) are accepted only by the opt-in
// [HubSpotV1] and [HubSpotV2].
//
// Source: developers.hubspot.com "Validating requests", HubSpot/hubspot-api-python
// utils/signature.py, hubspot-api-ruby and hubspot-api-nodejs signature helpers. Confidence: C
// for the recipe; the list of decoded escapes is S (a verbatim copy of the official page; the
// SDKs decode nothing). Vectors: hubspot-api-python's and hubspot-api-ruby's v3 tests (neither
// has an escape to decode).
func HubSpot(clientSecrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: clientSecrets, Scheme: hooksig.Scheme{
		Name:      "hubspot",
		Fields:    []hooksig.Fields{{Signature: HeaderHubSpotSignatureV3, Timestamp: HeaderHubSpotTimestamp}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed: []hooksig.Part{hooksig.Method(),
			hooksig.PublicURL(hooksig.DecodeEscapes("%3A", "%2F", "%3F", "%40", "%21", "%24", "%27", "%28", "%29", "%2A", "%2C", "%3B")),
			hooksig.Body(), hooksig.TimestampText()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Milliseconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.RawKey,
	}}
}

// HeaderHubSpotSignature carries HubSpot's v1 and v2 signatures.
const HeaderHubSpotSignature = "X-HubSpot-Signature"

// HubSpotV1 verifies HubSpot's signature v1 (webhooks API subscriptions, by opt-in):
// "X-HubSpot-Signature: <hex>", the SHA-256 of the app's client secret ‖ body. It is no MAC
// (hooksig.SecretPrefixSHA256: open to length extension) and carries no timestamp, so the body
// must also be one JSON value (hooksig.JSONBody), which a length extension never is, and
// replays are refused only with hooksig.WithDedupe. Prefer v3 ([HubSpot]) wherever HubSpot
// sends it. X-HubSpot-Signature-Version is not read: the version is this preset's.
//
// Source: developers.hubspot.com "Validating requests" (v1), HubSpot/hubspot-api-python
// utils/signature.py, hubspot-api-nodejs, -ruby and -php signature helpers. Confidence: C.
// Vectors: hubspot-api-python's and hubspot-api-php's tests.
func HubSpotV1(clientSecrets ...string) hooksig.Provider {
	return hubSpotLegacy("hubspotv1", clientSecrets, hooksig.Body())
}

// HubSpotV2 verifies HubSpot's signature v2 (workflow custom actions, CRM cards, by opt-in):
// "X-HubSpot-Signature: <hex>", the SHA-256 of the client secret ‖ method ‖ URL ‖ body, the
// URL being the route's public URL (hooksig.WithPublicURL) ‖ the path and query as received.
// Otherwise as [HubSpotV1]: no MAC, no timestamp, a JSON or empty body only.
//
// Source: developers.hubspot.com "Validating requests" (v2), the SDKs' signature helpers.
// Confidence: C. Vectors: hubspot-api-python's and hubspot-api-php's tests.
func HubSpotV2(clientSecrets ...string) hooksig.Provider {
	return hubSpotLegacy("hubspotv2", clientSecrets, hooksig.Method(), hooksig.PublicURL(), hooksig.Body())
}

func hubSpotLegacy(name string, secrets []string, signed ...hooksig.Part) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: hooksig.Scheme{
		Name:      name,
		Fields:    []hooksig.Fields{{Signature: HeaderHubSpotSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Hex, Labels: []hooksig.Label{{Algorithm: hooksig.SecretPrefixSHA256}}},
		Signed:    signed,
		Checks:    []hooksig.Check{hooksig.JSONBody()},
		Key:       hooksig.RawKey,
	}}
}

func init() {
	register(Preset{Name: "hubspotv1", Summary: "HubSpot signature v1, opt-in (X-HubSpot-Signature: hex SHA-256 of secret‖body; JSON bodies only)", New: HubSpotV1, Source: "HubSpot docs and SDKs · C"})
	register(Preset{Name: "hubspotv2", Summary: "HubSpot signature v2, opt-in (hex SHA-256 of secret‖method‖URL‖body; needs -public-url)", New: HubSpotV2, Source: "HubSpot docs and SDKs · C"})
	register(Preset{Name: "hubspot", Summary: "HubSpot v3 (X-HubSpot-Signature-v3 over method‖URI‖body‖ms timestamp; needs -public-url)", New: HubSpot, Source: "HubSpot docs, hubspot-api-python/-ruby · C (escape list S)"})
}
