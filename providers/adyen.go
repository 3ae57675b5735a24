package providers

import "github.com/hooksig/hooksig"

// HeaderAdyenHmacSignature carries the signature of Adyen's header-signed webhooks.
const HeaderAdyenHmacSignature = "HmacSignature"

// AdyenPlatform verifies Adyen's header-signed webhooks (Balance Platform, banking,
// Management API, classic platforms): "HmacSignature: <base64>", HMAC-SHA256 over the raw body,
// keyed with the webhook's HMAC key hex-decoded (Adyen's keys are 32 bytes, 64 hex digits, in
// either case; shorter keys are refused). The Protocol header Adyen sends beside it is not
// read: every SDK ignores it and the algorithm is pinned here. Adyen signs no timestamp and no
// delivery id: use hooksig.WithDedupe to refuse replays. Adyen's standard payment
// notifications carry one signature per item inside the body instead; they are not this
// scheme. During a key rotation pass both keys: Adyen's retries keep the signature computed
// when the event was created.
//
// Source: Adyen/adyen-go-api-library src/hmacvalidator, adyen-java-api-library (README's
// banking webhooks, HMACValidator), adyen-node-api-library and adyen-ruby-api-library
// hmac validators; Adyen's NotificationConfiguration API text (header HmacSignature, a 32-byte
// hex-encoded key). Confidence: C. Vectors: the Java and Go SDKs' tests.
func AdyenPlatform(hmacKeys ...string) hooksig.Provider {
	s := bodyHMAC("adyenplatform", hooksig.Fields{Signature: HeaderAdyenHmacSignature}, "", hooksig.HMACSHA256, hooksig.Base64)
	s.Key, s.MinKeyBytes = hooksig.HexKey, 32
	return hooksig.Provider{Scheme: s, Secrets: hmacKeys}
}

func init() {
	register(Preset{Name: "adyenplatform", Summary: "Adyen Balance Platform / Management (HmacSignature: base64 HMAC-SHA256 of the body, hex key)", New: AdyenPlatform})
}
