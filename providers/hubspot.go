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
// (X-HubSpot-Signature, SHA-256 of secret ‖ …, no timestamp) are not accepted.
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

func init() {
	register(Preset{Name: "hubspot", Summary: "HubSpot v3 (X-HubSpot-Signature-v3 over method‖URI‖body‖ms timestamp; needs -public-url)", New: HubSpot})
}
