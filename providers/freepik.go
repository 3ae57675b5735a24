package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Freepik verifies Freepik API webhooks. They use the Standard Webhooks header names and
// signed content — "webhook-id", "webhook-timestamp", "webhook-signature" carrying
// space-separated "<version>,<base64>" entries of HMAC-SHA256 over id "." timestamp "." body —
// with two differences, both from Freepik's documentation:
//
//   - the key is the secret's raw UTF-8 bytes, as its Python, JavaScript and Java samples use
//     it (its PHP sample base64-decodes the secret instead: see [FreepikBase64Key]); a
//     "whsec_" prefix, if the dashboard shows one, is part of the key and not decoded;
//   - the labels are key versions ("v1", "v2" …), not schemes, so an entry matches whatever its
//     label.
//
// Freepik states no tolerance and no timestamp unit: Unix seconds within 5 minutes either way
// is our choice (hooksig.WithTolerance changes it). The webhook-id is signed, so it is the
// replay key; whether Freepik keeps it across retries is not documented.
func Freepik(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: freepikScheme(hooksig.RawKey), Secrets: secrets}
}

// FreepikBase64Key is [Freepik] with the secret read as standard base64, as the PHP sample in
// Freepik's documentation reads it. Use it only if the raw reading fails for your secret: at
// most one of the two samples is right, and no published vector settles which.
func FreepikBase64Key(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: freepikScheme(hooksig.Base64Key), Secrets: secrets}
}

func freepikScheme(key hooksig.KeyFormat) hooksig.Scheme {
	return hooksig.Scheme{
		Name:   "freepik",
		Fields: []hooksig.Fields{webhookFields},
		Signature: hooksig.Signature{Separator: " ", Assign: ",", Encoding: hooksig.Base64,
			Labels: []hooksig.Label{{Name: hooksig.AnyLabel, Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.ID(), hooksig.Lit("."), hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       key,
	}
}

func init() {
	register(Preset{Name: "freepik", Summary: "Freepik API (webhook-* headers, raw UTF-8 key, any version label)", New: Freepik, Source: "Freepik docs · seed; key = raw UTF-8 secret"})
}
