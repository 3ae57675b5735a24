package providers

import "github.com/hooksig/hooksig"

// HeaderFullupSignature carries Fullup's signature.
const HeaderFullupSignature = "Fullup-Signature"

// Fullup verifies Fullup webhooks: "fullup-signature" carries the lowercase hex of
// HMAC-SHA256 over the raw body, keyed with the shared secret as-is — what Fullup's prose and
// its Python sample do.
//
// Fullup's Node.js sample signs JSON.stringify of the parsed body instead. The two agree
// whenever Fullup sends JSON.stringify output (it is a fixed point), so this preset verifies
// the raw bytes only. If your deliveries fail and you know the sender re-serialises, use
// [FullupJSCompat]. No timestamp or delivery id is sent; use hooksig.WithDedupe to refuse
// replays.
func Fullup(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: fullupScheme(nil), Secrets: secrets}
}

// FullupJSCompat is [Fullup] that, when the raw bytes do not verify, also accepts a signature
// over JSON.stringify(JSON.parse(body)) as JavaScript computes it ([hooksig.JSONStringify]).
//
// It is weaker, and off unless chosen: many raw bodies share one canonical form (whitespace,
// duplicate keys, number spellings, escapes), so the signature no longer pins the bytes
// received. After a compat success the handler therefore gets the canonical bytes — what was
// signed — as r.Body, and [hooksig.Delivery].Canonical is true; dedupe keys come from the
// signature, never from the raw bytes. It refuses what Express would forgive: a BOM, invalid
// UTF-8, an empty or non-JSON body, top-level scalars, deep nesting, bodies over 100 KiB.
func FullupJSCompat(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: fullupScheme(hooksig.JSONStringify), Secrets: secrets}
}

func fullupScheme(fallback *hooksig.Canonicalizer) hooksig.Scheme {
	return hooksig.Scheme{
		Name:   "fullup",
		Fields: []hooksig.Fields{{Signature: HeaderFullupSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:   []hooksig.Part{hooksig.Body()},
		Key:      hooksig.RawKey,
		Fallback: fallback,
	}
}

func init() {
	register(Preset{Name: "fullup", Summary: "Fullup (Fullup-Signature: hex HMAC-SHA256 of the raw body)", New: Fullup, Source: "Fullup docs · seed"})
}
