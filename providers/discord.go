package providers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Discord sends.
const (
	HeaderDiscordSignature = "X-Signature-Ed25519"
	HeaderDiscordTimestamp = "X-Signature-Timestamp"
)

// Discord verifies Discord interactions (slash commands, components; the "Interactions Endpoint
// URL"): "X-Signature-Ed25519: <hex>", an Ed25519 signature over X-Signature-Timestamp ‖ body
// with no separator, checked with the application's public key as the Developer Portal shows
// it (64 hexadecimal characters). A PING ({"type":1}) is answered {"type":1} once it verifies;
// next never sees it. Every failure is 401, which Discord checks for: it sends deliberately
// invalid signatures and drops an endpoint that accepts them. Discord documents no tolerance
// (discord/discord-api-docs#6209 asks for one): 5 minutes either way. Interactions carry their
// id in the signed body; use hooksig.WithDedupe to refuse replays.
//
// Discord's "Webhook Events" endpoint signs the same way but answers its PING ({"type":0})
// with 204 and sends real events as {"type":1}: use [DiscordWebhookEvents] there, never this.
//
// Source: Discord's "Receiving and Responding" (Interactions) and "Webhook Events" docs,
// bwmarrin/discordgo VerifyInteraction, discord/discord-interactions-js verifyKey.
// Confidence: C (the timestamp's unit is S). Vectors: none official (every SDK test makes a
// random key); the test vectors are independent Go crypto/ed25519 signatures over the recipe
// with RFC 8032's test key, matched by python3's cryptography.
func Discord(publicKeys ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: discordScheme(discordPing), Secrets: publicKeys}
}

// DiscordWebhookEvents verifies Discord's Webhook Events (application events delivered to an
// "Event Webhooks URL"): signed as [Discord], its PING ({"type":0}) answered 204 once it
// verifies; events ({"type":1}) reach next, which must answer 204 within 3 seconds.
func DiscordWebhookEvents(publicKeys ...string) hooksig.Provider {
	s := discordScheme(discordEventsPing)
	return hooksig.Provider{Scheme: s, Secrets: publicKeys}
}

func discordScheme(respond hooksig.Responder) hooksig.Scheme {
	return hooksig.Scheme{
		Name:      "discord",
		Fields:    []hooksig.Fields{{Signature: HeaderDiscordSignature, Timestamp: HeaderDiscordTimestamp}},
		Signature: hooksig.Signature{Encoding: hooksig.Hex, Labels: []hooksig.Label{{Algorithm: hooksig.Ed25519}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.Ed25519PublicHex,
		Respond:   respond,
	}
}

// discordType reads the verified body's "type".
func discordType(h *hooksig.Handshake) (int, bool) {
	var m struct {
		Type *int `json:"type"`
	}
	if json.Unmarshal(h.Delivery.Body(), &m) != nil || m.Type == nil {
		return 0, false
	}
	return *m.Type, true
}

// discordPing answers an interaction PING with a PONG.
func discordPing(w http.ResponseWriter, _ *http.Request, h *hooksig.Handshake) bool {
	if t, ok := discordType(h); !ok || t != 1 {
		return false
	}
	writeJSON(w, map[string]int{"type": 1})
	return true
}

// discordEventsPing answers a Webhook Events PING with 204.
func discordEventsPing(w http.ResponseWriter, _ *http.Request, h *hooksig.Handshake) bool {
	if t, ok := discordType(h); !ok || t != 0 {
		return false
	}
	w.WriteHeader(http.StatusNoContent)
	return true
}

func init() {
	register(Preset{Name: "discord", Summary: "Discord interactions (X-Signature-Ed25519 over timestamp‖body; PING answered; 401 on failure)", New: Discord, Source: "Discord docs, discordgo, discord-interactions-js · C"})
}
