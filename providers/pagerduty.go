package providers

import "github.com/hooksig/hooksig"

// Header names PagerDuty (v3 webhooks) sends.
const (
	HeaderPagerDutySignature = "X-PagerDuty-Signature"
	HeaderPagerDutyWebhookID = "X-Webhook-Id"
)

// PagerDuty verifies PagerDuty v3 webhook subscriptions: "X-PagerDuty-Signature:
// v1=<hex>[,v1=<hex>…]", each entry the HMAC-SHA256 of the raw body keyed with the
// subscription's secret as-is (it looks like base64 but is not decoded). During a secret
// rotation PagerDuty sends one v1 entry per active secret, joined by "," with no space; the
// delivery verifies when any entry matches any configured secret, and entries of other
// versions are ignored.
//
// PagerDuty sends no timestamp, so nothing bounds a replay unless the route adds
// hooksig.WithDedupe. Its X-Webhook-Id is the same on every retry of one webhook, but it is
// not signed: it is reported in Delivery.ID and never used for replay protection (the signed
// body carries event.id). PagerDuty drops payloads over 256 KB, so the default 1 MiB limit
// stands.
//
// Source: PagerDuty's developer docs (Webhooks: Signatures, Behavior) and PagerDuty/go-pagerduty
// webhookv3/webhookv3.go. Confidence: C. Vectors: go-pagerduty's webhookv3_test.go (valid,
// mismatch, empty header, empty body).
func PagerDuty(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:   "pagerduty",
		Fields: []hooksig.Fields{{Signature: HeaderPagerDutySignature, ID: HeaderPagerDutyWebhookID}},
		Signature: hooksig.Signature{Separator: ",", Assign: "=", Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}}},
		Signed: []hooksig.Part{hooksig.Body()},
		Key:    hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "pagerduty", Summary: "PagerDuty v3 (X-PagerDuty-Signature: v1=<hex>[,v1=<hex>], HMAC-SHA256 of the body)", New: PagerDuty, Source: "PagerDuty docs, go-pagerduty · C"})
}
