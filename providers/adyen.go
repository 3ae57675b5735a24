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

// Adyen verifies Adyen's standard webhooks (payments and the rest sent as
// notificationItems): each NotificationRequestItem carries its own signature,
// additionalData.hmacSignature (base64 HMAC-SHA256, the webhook's HMAC key hex-decoded, 32
// bytes), over pspReference:originalReference:merchantAccountCode:merchantReference:
// amount.value:amount.currency:eventCode:success — an absent field is empty text, nothing is
// escaped, amount.value is the integer as Adyen writes it. Every item of the body must verify
// (one unsigned item would ride along with a signed one); an empty list is refused; at most
// hooksig.MaxItems items. Only those eight fields are signed: eventDate, reason, paymentMethod
// and the rest of additionalData are not, and a handler must not trust them further than
// that. Adyen signs no timestamp: use hooksig.WithDedupe (it keys on the set of items'
// signed fields; a body repeating an item is refused) and dedupe each item on pspReference +
// eventCode in the handler. Reply "[accepted]" from the handler. The
// HTTP Basic authentication Adyen can add is not checked here.
//
// Source: Adyen/adyen-go-api-library src/hmacvalidator (GetDataToSign, ValidateHmac),
// adyen-ruby-api-library utils/hmac_validator.rb, adyen-node-api-library hmacValidator;
// docs.adyen.com "Verify HMAC signatures". Confidence: C; that every item must verify is our
// rule (the SDKs check one item at a time). Vectors: the Go and Node SDKs' tests, and the Ruby
// SDK's four webhooks sent by Adyen with ':' '\' and '/' in merchantReference.
func Adyen(hmacKeys ...string) hooksig.Provider {
	const item = "NotificationRequestItem."
	var signed []hooksig.Part
	for i, f := range []string{"pspReference", "originalReference", "merchantAccountCode", "merchantReference",
		"amount.value", "amount.currency", "eventCode", "success"} {
		if i > 0 {
			signed = append(signed, hooksig.Lit(":"))
		}
		signed = append(signed, hooksig.JSONText(item+f))
	}
	return hooksig.Provider{Secrets: hmacKeys, Scheme: hooksig.Scheme{
		Name:        "adyen",
		Items:       "notificationItems",
		Fields:      []hooksig.Fields{{In: hooksig.InJSON, Signature: item + "additionalData.hmacSignature"}},
		Signature:   hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:      signed,
		Key:         hooksig.HexKey,
		MinKeyBytes: 32,
	}}
}

func init() {
	register(Preset{Name: "adyen", Summary: "Adyen standard webhooks (each notification item signed: base64 HMAC-SHA256 of its fields, hex key)", New: Adyen, Source: "Adyen's Go/Node/Ruby SDKs · C"})
	register(Preset{Name: "adyenplatform", Summary: "Adyen Balance Platform / Management (HmacSignature: base64 HMAC-SHA256 of the body, hex key)", New: AdyenPlatform, Source: "Adyen's Go/Java/Node/Ruby SDKs · C"})
}
