package providers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Twitch EventSub sends.
const (
	HeaderTwitchMessageID        = "Twitch-Eventsub-Message-Id"
	HeaderTwitchMessageTimestamp = "Twitch-Eventsub-Message-Timestamp"
	HeaderTwitchMessageSignature = "Twitch-Eventsub-Message-Signature"
	HeaderTwitchMessageType      = "Twitch-Eventsub-Message-Type"
)

// Twitch verifies Twitch EventSub webhooks: "Twitch-Eventsub-Message-Signature: sha256=<hex>",
// HMAC-SHA256 of message id ‖ message timestamp ‖ body (no separators), keyed with the
// subscription's secret as-is (Twitch asks for 10 to 100 ASCII characters; shorter ones fail
// hooksig.New). The timestamp is RFC 3339 with nanoseconds; messages more than 10 minutes old
// are refused, as Twitch's guide and every SDK checked do, and the future is bounded the same.
// The message id is signed, so the replay step refuses a message seen before (Twitch resends a
// message with the same id).
//
// A webhook_callback_verification message is signed like any other; once it verifies, the
// preset answers its challenge as text/plain and next never sees it. Revocation messages reach
// next (Twitch-Eventsub-Message-Type: revocation).
//
// Source: twitchdev/twitch-cli (signing, verify-subscription), dev.twitch.tv EventSub
// "Handling webhook events". Confidence: C, except the 10-minute window (S: the SDKs and the
// guide's heading agree, its text was not read). Vectors: none official (twitch-cli's tests
// sign at run time); the test vectors are an independent python3 computation.
func Twitch(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name: "twitch",
		Fields: []hooksig.Fields{{Signature: HeaderTwitchMessageSignature, Timestamp: HeaderTwitchMessageTimestamp,
			ID: HeaderTwitchMessageID}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Name: "sha256", Algorithm: hooksig.HMACSHA256}}},
		Signed:      []hooksig.Part{hooksig.ID(), hooksig.TimestampText(), hooksig.Body()},
		Timestamp:   &hooksig.Timestamp{Unit: hooksig.RFC3339, Past: 10 * time.Minute, Future: 10 * time.Minute},
		Key:         hooksig.RawKey,
		MinKeyBytes: 10,
		Respond:     twitchChallenge,
	}, Secrets: secrets}
}

// twitchChallenge answers a verified webhook_callback_verification with its challenge.
func twitchChallenge(w http.ResponseWriter, r *http.Request, h *hooksig.Handshake) bool {
	if r.Header.Get(HeaderTwitchMessageType) != "webhook_callback_verification" {
		return false
	}
	var m struct {
		Challenge string `json:"challenge"`
	}
	if json.Unmarshal(h.Delivery.Body(), &m) != nil || m.Challenge == "" || len(m.Challenge) > 512 {
		return false
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(m.Challenge))
	return true
}

func init() {
	register(Preset{Name: "twitch", Summary: "Twitch EventSub (sha256=<hex> over id‖ts‖body; RFC 3339, 10 min; challenge answered)", New: Twitch, Source: "twitch-cli, Twitch docs · C (window S)"})
}
