package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// What sign prints, sent as a request, verifies with the same key: for header schemes, a
// URL-signed one and one whose fields travel in the body.
func TestSignThenVerify(t *testing.T) {
	const now = "1700000000"
	tests := []struct {
		name, provider, secret, body, contentType, url string
	}{
		{"standard_webhooks", "standardwebhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", `{"type":"ping"}`, "application/json", ""},
		{"github", "github", "It's a Secret to Everybody", `{"zen":"hi"}`, "application/json", ""},
		{"twilio_form", "twilio", "12345", "CallSid=CA1&Digits=1&Digits=2", "application/x-www-form-urlencoded", "https://receiver.example/hook?x=1"},
		{"adyen_items", "adyen", "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00",
			`{"notificationItems":[{"NotificationRequestItem":{"pspReference":"P1","success":"true"}}]}`, "application/json", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"sign", "-provider", tt.provider, "-secret", tt.secret, "-id", "msg_1", "-now", now}
			if tt.url != "" {
				args = append(args, "-url", tt.url)
			}
			code, out, errOut := runCLI(tt.body, args...)
			require.Equal(t, 0, code, errOut)
			assert.NotContains(t, out, tt.secret, "the secret is never printed")
			// Headers, then a blank line and the body when the signer changed it (with no
			// headers, the output starts with the blank line).
			headers, body, changed := strings.Cut("\n"+out, "\n\n")
			if !changed {
				body = tt.body
			}
			var lines string
			for _, l := range strings.Split(strings.TrimSpace(headers), "\n") {
				if l != "" {
					lines += l + "\r\n"
				}
			}
			target, publicURL := "/hook", ""
			if tt.url != "" {
				publicURL, target = "https://receiver.example", "/hook?x=1"
			}
			raw := fmt.Sprintf("POST %s HTTP/1.1\r\nHost: receiver.example\r\nContent-Type: %s\r\nContent-Length: %d\r\n%s\r\n%s",
				target, tt.contentType, len(body), lines, body)
			vargs := []string{"verify", "-provider", tt.provider, "-secret", tt.secret, "-now", now}
			if publicURL != "" {
				vargs = append(vargs, "-public-url", publicURL)
			}
			code, out, errOut = runCLI(raw, vargs...)
			assert.Equal(t, 0, code, errOut)
			assert.Equal(t, "ok\n", out)
		})
	}
}

func TestSignUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no_provider":      {"sign", "-secret", "x"},
		"unknown_provider": {"sign", "-provider", "nope", "-secret", "x"},
		"no_secret":        {"sign", "-provider", "github"},
		"bad_now":          {"sign", "-provider", "github", "-secret", "x", "-now", "soon"},
		"bad_key":          {"sign", "-provider", "standardwebhooks", "-secret", "whsec_!!"},
		"two_files":        {"sign", "-provider", "github", "-secret", "x", "a", "b"},
		"missing_file":     {"sign", "-provider", "github", "-secret", "x", "/nonexistent/secret-looking"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI("{}", args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, "usage: hooksig sign")
			assert.NotContains(t, errOut, "secret-looking", "FILE is never echoed")
		})
	}
	code, errOut, _ := runCLI("", "sign", "-h") // help on standard output
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "usage: hooksig sign")
}
