package providers

import "github.com/hooksig/hooksig"

// Header names Sentry integration-platform webhooks send. Only the signature is verified:
// Sentry-Hook-Timestamp, Sentry-Hook-Resource and Request-ID are not signed.
const (
	HeaderSentrySignature = "Sentry-Hook-Signature"
	HeaderSentryTimestamp = "Sentry-Hook-Timestamp" // not signed: never checked
	HeaderSentryResource  = "Sentry-Hook-Resource"  // not signed: route on the signed body
	HeaderSentryRequestID = "Request-ID"
)

// Sentry verifies Sentry integration-platform (Sentry App) webhooks: "Sentry-Hook-Signature:
// <hex>", the HMAC-SHA256 of the raw body keyed with the integration's Client Secret as-is.
// The body is Python json.dumps output (", " and ": " separators); verify those bytes, never
// a re-serialisation (Sentry's own doc snippet re-serialises, and fails).
//
// Sentry-Hook-Timestamp is not signed, so it is not declared: anyone could set it, and
// checking it would let a captured delivery through with a fresh value. Nothing bounds a
// replay unless the route adds hooksig.WithDedupe. Request-ID (a random hex UUID) is
// reported in Delivery.ID; it is not signed and never used for replay protection, and whether
// it survives a retry is not documented. No body limit is documented (1 MiB default).
//
// Not covered: the Sentry-App-Signature of UI-component, alert-rule-action and issue-link
// requests, and the X-ServiceHook-Signature of legacy project service hooks (another key).
//
// Source: Sentry's integration-platform webhooks docs; getsentry/sentry
// sentry_apps/models/sentry_app.py (build_signature) and api/serializers/app_platform_event.py
// (headers). Confidence: C. Vectors: none official (Sentry's tests compute the value from
// live objects); the vectors are independent computations of the recipe.
func Sentry(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("sentry",
		hooksig.Fields{Signature: HeaderSentrySignature, ID: HeaderSentryRequestID}, "", hooksig.HMACSHA256, hooksig.Hex)}
}

func init() {
	register(Preset{Name: "sentry", Summary: "Sentry integration webhooks (Sentry-Hook-Signature: hex HMAC-SHA256 of the body)", New: Sentry, Source: "Sentry docs · C"})
}
