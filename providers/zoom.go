package providers

import (
	"encoding/hex"
	"encoding/json"
	"net/http"

	"github.com/hooksig/hooksig"
)

// Header names Zoom sends.
const (
	HeaderZoomSignature = "X-Zm-Signature"
	HeaderZoomTimestamp = "X-Zm-Request-Timestamp"
)

// Zoom verifies Zoom webhooks: "x-zm-signature: v0=<hex>", HMAC-SHA256 of "v0:" ‖
// x-zm-request-timestamp ‖ ":" ‖ body, keyed with the app's Secret Token as-is. Zoom documents
// no tolerance (its own samples check none), so the window is this project's default: 5
// minutes either way. No delivery id header is sent; use hooksig.WithDedupe to refuse replays.
//
// The endpoint.url_validation request is signed like any other; once it verifies, the preset
// answers {"plainToken": p, "encryptedToken": hex(HMAC-SHA256(secret token, p))} with the
// secret that verified it, and next never sees it. The plain token it signs is one Zoom
// signed, never input an attacker chose.
//
// Source: zoom/rivet-javascript (hashUrlValidationEvent, isEventVerified), zoom/webhook-sample,
// Zoom's changelog on x-zm-signature. Confidence: C for headers, template, secret and the
// challenge; the timestamp's unit (seconds) is S. Vectors: none official; the test vectors are
// an independent python3 computation of the recipe. Doubts: Zoom's own samples hash
// JSON.stringify of the parsed body rather than the raw bytes; a verifier must use the bytes.
func Zoom(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: v0Scheme("zoom", HeaderZoomSignature, HeaderZoomTimestamp, zoomURLValidation), Secrets: secrets}
}

// zoomURLValidation answers a verified endpoint.url_validation event.
func zoomURLValidation(w http.ResponseWriter, _ *http.Request, h *hooksig.Handshake) bool {
	var m struct {
		Event   string `json:"event"`
		Payload struct {
			PlainToken string `json:"plainToken"`
		} `json:"payload"`
	}
	if json.Unmarshal(h.Delivery.Body(), &m) != nil || m.Event != "endpoint.url_validation" ||
		m.Payload.PlainToken == "" || len(m.Payload.PlainToken) > 512 {
		return false
	}
	mac := h.MAC([]byte(m.Payload.PlainToken))
	if mac == nil {
		return false
	}
	writeJSON(w, map[string]string{"plainToken": m.Payload.PlainToken, "encryptedToken": hex.EncodeToString(mac)})
	return true
}

func init() {
	register(Preset{Name: "zoom", Summary: "Zoom (x-zm-signature: v0=<hex> over v0:ts:body; url_validation answered)", New: Zoom, Source: "Zoom's Rivet SDK and sample · C"})
}
