package providers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/hooksig/hooksig"
)

// Header names Slack sends.
const (
	HeaderSlackSignature = "X-Slack-Signature"
	HeaderSlackTimestamp = "X-Slack-Request-Timestamp"
)

// Slack verifies requests from Slack (Events API, slash commands, interactivity): "X-Slack-
// Signature: v0=<hex>", HMAC-SHA256 of "v0:" ‖ X-Slack-Request-Timestamp ‖ ":" ‖ body, keyed
// with the app's signing secret as-is; the timestamp (Unix seconds) must be within 5 minutes
// either way, as Slack's docs and SDKs check. The body is the raw bytes, JSON or form-encoded
// alike. Slack sends no delivery id header (the Events API's event_id is in the signed body;
// use hooksig.WithDedupe to refuse replays inside the window).
//
// The Events API's url_verification request is signed like any other; once it verifies, the
// preset answers it itself with {"challenge": …} (application/json) and next never sees it.
//
// Source: slack-go/slack security.go, slackapi/python-slack-sdk signature verifier, Slack's
// "Verifying requests from Slack" and url_verification docs. Confidence: C. Vectors: Slack's
// docs example (as python-slack-sdk's tests copy it); slack-go's security_test.go.
// Doubts: slack-go also accepts a bare hex signature without "v0="; this preset requires it.
func Slack(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: v0Scheme("slack", HeaderSlackSignature, HeaderSlackTimestamp, slackURLVerification), Secrets: secrets}
}

// v0Scheme is the scheme Slack introduced and Zoom copied: "v0=<hex>" of HMAC-SHA256 over
// "v0:" ‖ timestamp ‖ ":" ‖ body, Unix seconds, 5 minutes either way, the secret as-is.
func v0Scheme(name, signature, timestamp string, respond hooksig.Responder) hooksig.Scheme {
	return hooksig.Scheme{
		Name:   name,
		Fields: []hooksig.Fields{{Signature: signature, Timestamp: timestamp}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Name: "v0", Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.Lit("v0:"), hooksig.TimestampText(), hooksig.Lit(":"), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute},
		Key:       hooksig.RawKey,
		Respond:   respond,
	}
}

// slackURLVerification answers a verified {"type":"url_verification","challenge":…}.
func slackURLVerification(w http.ResponseWriter, _ *http.Request, h *hooksig.Handshake) bool {
	var m struct {
		Type      string `json:"type"`
		Challenge string `json:"challenge"`
	}
	if json.Unmarshal(h.Delivery.Body(), &m) != nil || m.Type != "url_verification" || m.Challenge == "" || len(m.Challenge) > 512 {
		return false
	}
	writeJSON(w, map[string]string{"challenge": m.Challenge})
	return true
}

// writeJSON answers 200 with v as JSON.
func writeJSON(w http.ResponseWriter, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}

func init() {
	register(Preset{Name: "slack", Summary: "Slack (X-Slack-Signature: v0=<hex> over v0:ts:body; 5 min; url_verification answered)", New: Slack, Source: "Slack docs, slack-go · C"})
}
