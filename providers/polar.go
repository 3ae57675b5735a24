package providers

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/hooksig/hooksig"
)

// Polar verifies Polar webhooks: Standard Webhooks headers (webhook-id, webhook-timestamp,
// webhook-signature: v1,<base64>) over id "." timestamp "." body, 5 minutes either way, the
// webhook-id signed and the replay key. Polar's secrets come in two generations, told apart by
// their shape, never guessed:
//
//   - "whsec_" + base64 of 32 bytes (ends in "="; endpoints created from 2026-09-08): the key
//     is the decoded 32 bytes, as in any Standard Webhooks sender;
//   - "whsec_" + 43 letters and digits (older endpoints): the key is the UTF-8 bytes of the
//     whole secret, prefix included — Polar's server and SDK base64-encode the secret text
//     before handing it to a Standard Webhooks library, which decodes it back.
//
// Anything else is refused by hooksig.New.
//
// Source: polarsource/polar server/polar/webhook/tasks.py and the endpoint model, polar-js
// src/webhooks.ts (validateEvent). Confidence: C; the cut-over date comes from server code
// newer than the snapshot read and may move. Vectors: independent python3 computations for
// both generations.
func Polar(secrets ...string) hooksig.Provider {
	s := standardWebhooksScheme("polar", webhookFields, webhookFields)
	s.Fields = s.Fields[:1]
	s.Key = polarKey
	return hooksig.Provider{Scheme: s, Secrets: secrets}
}

var polarKey = hooksig.SymmetricKeyFormat("polar (whsec_ text, or whsec_ + base64)", func(secret string) ([]byte, error) {
	rest, ok := strings.CutPrefix(secret, "whsec_")
	if !ok {
		return nil, errors.New(`a Polar secret starts with "whsec_"`)
	}
	if strings.HasSuffix(rest, "=") {
		b, err := base64.StdEncoding.Strict().DecodeString(rest)
		if err != nil || strings.ContainsAny(rest, "\r\n") {
			return nil, errors.New("not valid base64 after whsec_")
		}
		return b, nil
	}
	for _, c := range rest {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return nil, errors.New("neither form of Polar secret: letters and digits, or base64 ending in =")
		}
	}
	return []byte(secret), nil
})

func init() {
	register(Preset{Name: "polar", Summary: "Polar (Standard Webhooks; whsec_ text or base64 secrets, told apart by shape)", New: Polar, Source: "polarsource/polar, polar-js · C"})
}
