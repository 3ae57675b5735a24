package providers

import "github.com/hooksig/hooksig"

// HeaderTypeformSignature carries Typeform's signature.
const HeaderTypeformSignature = "Typeform-Signature"

// Typeform verifies Typeform webhooks: "Typeform-Signature: sha256=<base64>", the standard,
// padded base64 of the HMAC-SHA256 of the raw body keyed with the webhook's secret as-is (the
// random string set in the Webhooks API or the form's Connect > Webhooks page).
//
// Typeform sends no timestamp and no delivery-id header (the event_id is in the signed body),
// so nothing bounds a replay unless the route adds hooksig.WithDedupe. No body limit is
// documented (1 MiB default).
//
// Source: Typeform's "Secure your webhooks" developer page (Ruby and Node samples).
// Confidence: C. Vectors: none official (the samples read the secret from the environment);
// the vectors are independent computations of the recipe.
func Typeform(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: secrets, Scheme: bodyHMAC("typeform",
		hooksig.Fields{Signature: HeaderTypeformSignature}, "sha256", hooksig.HMACSHA256, hooksig.Base64)}
}

func init() {
	register(Preset{Name: "typeform", Summary: "Typeform (Typeform-Signature: sha256=<base64>, HMAC-SHA256 of the body)", New: Typeform, Source: "Typeform docs · C"})
}
