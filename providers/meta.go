package providers

import "github.com/hooksig/hooksig"

// Meta verifies Meta webhooks (WhatsApp Cloud API, Messenger, Instagram, Facebook Graph):
// "X-Hub-Signature-256: sha256=<hex>", HMAC-SHA256 of the raw body keyed with the app's App
// Secret as-is. GitHub signs in the same header: on a route that serves both, hooksig.NewAny
// tries each. Meta sends no timestamp and no delivery id; use hooksig.WithDedupe to refuse
// replays.
//
// Source: WhatsApp/WhatsApp-Nodejs-SDK (webhooks.ts, utils.ts), fbsamples/graph-api-webhooks-
// samples, Meta's "Create a webhook endpoint" docs. Confidence: C for header, algorithm and
// key. Vectors: WhatsApp-Nodejs-SDK src/__tests__/utils.test.ts. The legacy SHA-1
// X-Hub-Signature Meta still sends (S) is ignored.
func Meta(appSecrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: metaScheme(), Secrets: appSecrets}
}

// MetaWithVerifyToken is [Meta] that also answers Meta's subscription check: an unsigned
// GET ?hub.mode=subscribe&hub.verify_token=<verifyToken>&hub.challenge=<c> is answered 200 with
// c (text/plain) when the token matches in constant time and c is at most 128 characters of
// [A-Za-z0-9._~-] (Meta's challenges are digits). Any other request is an ordinary delivery:
// verified, or 401.
func MetaWithVerifyToken(verifyToken string, appSecrets ...string) hooksig.Provider {
	s := metaScheme()
	s.Unsigned = hooksig.QueryChallenge{ModeParam: "hub.mode", Mode: "subscribe", TokenParam: "hub.verify_token",
		ChallengeParam: "hub.challenge", Token: verifyToken}.Handshake()
	return hooksig.Provider{Scheme: s, Secrets: appSecrets}
}

func metaScheme() hooksig.Scheme {
	return bodyHMAC("meta", hooksig.Fields{Signature: HeaderGitHubSignature256}, "sha256", hooksig.HMACSHA256, hooksig.Hex)
}

func init() {
	register(Preset{Name: "meta", Summary: "Meta: WhatsApp, Messenger, Instagram (X-Hub-Signature-256: sha256=<hex>, App Secret)", New: Meta, Source: "WhatsApp Node SDK, fbsamples · C"})
}
