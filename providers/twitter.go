package providers

import "github.com/hooksig/hooksig"

// HeaderTwitterSignature carries X's Account Activity API signature.
const HeaderTwitterSignature = "X-Twitter-Webhooks-Signature"

// Twitter verifies X (Twitter) Account Activity API webhooks: "x-twitter-webhooks-signature:
// sha256=<base64>", HMAC-SHA256 keyed with the app's consumer secret as-is over the raw body,
// and answers X's challenge-response check (GET ?crc_token=…) with
// {"response_token": "sha256=<base64 HMAC of the token>"}.
//
// The challenge makes the route sign what it is given, with the key that signs deliveries (X
// sends no timestamp): so the token must be 1 to 128 characters of base64's alphabets, and a
// delivery must be a JSON object (X sends nothing else), so that no token can ever pass for a
// delivery. What remains: anyone can obtain the MAC of any such token, which signs nothing X
// would send. X sends no delivery id; use hooksig.WithDedupe to refuse replays.
//
// Source: docs.x.com (xdevplatform/docs) Account Activity API "Securing webhooks", X's
// xdevplatform/autohook (signature.js). Confidence: C; the token's format is S (a real log: 48
// characters of unpadded base64). Vectors: autohook test/signature.js (the JSON one; its
// query-shaped body is refused here, by design).
func Twitter(consumerSecrets ...string) hooksig.Provider {
	s := bodyHMAC("twitter", hooksig.Fields{Signature: HeaderTwitterSignature}, "sha256", hooksig.HMACSHA256, hooksig.Base64)
	s.Checks = []hooksig.Check{hooksig.JSONObjectBody()}
	s.Unsigned = hooksig.CRCChallenge{Param: "crc_token"}.Handshake()
	return hooksig.Provider{Scheme: s, Secrets: consumerSecrets}
}

func init() {
	register(Preset{Name: "twitter", Summary: "X / Twitter (x-twitter-webhooks-signature: sha256=<base64>; CRC answered for base64 tokens)", New: Twitter, Source: "docs.x.com, xdevplatform/autohook · C"})
}
