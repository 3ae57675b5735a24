package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig/internal/vectors"
)

// The seed providers through the command: each vector verifies, and one byte changed in its
// body is rejected. Vectors: Salesbricks' legacy docs (official, correctly padded); the
// others derived from each provider's published samples (shared seed-providers notes §c.6).
func TestVerifySeeds(t *testing.T) {
	const b = `{"event":"test","data":{"id":"abc","n":1.5,"s":"é/<>"}}`
	tests := []struct {
		name, provider, secret string
		headers                []header
		body                   string
		extra                  []string
	}{
		{"salesbricks", "salesbricks", "33a6a6e4-d7ee-4cb3-affb-26535882bf85",
			[]header{{"X-SALESBRICKS-KEY", "+QjBChyGVwNThk1PWkrEoyoXNiZ5uzNiIFlMJd8vOi744tmRlcTkNMLpg4+zd7nGWn5DcN7IFnEmAoBlh4rVFA=="}},
			`{"test": "test_generate_signature"}`, nil},
		{"sendsar", "sendsar", "whsec_test_sendsar_secret",
			[]header{{"X-Webhook-Signature", "sha256=d9363c3f9a15f20ab6d41a67ca285b1310aa04162b622e5122bb78d69470788a"}}, b, nil},
		{"chatbotkit", "chatbotkit", "cbk-secret",
			[]header{{"X-Hub-Signature", "sha256=77d4ffdb1b866b27e767ca45907043951cee8c88005f8b9db36dd2c39971e898"}}, b, nil},
		{"freepik", "freepik", "c2VjcmV0LWtleS1mb3ItZnJlZXBpaw==",
			[]header{{"webhook-id", "wh_123"}, {"webhook-timestamp", "1700000000"}, {"webhook-signature", "v1,T2OlPlkNdzKeYsLfBXKfgkUdq3ESVsW2Szj9PVJWGWE="}},
			b, []string{"-now", "1700000000"}},
		// Asymmetric: the public key is the -secret (Standard Webhooks A1, package vectors).
		{"standardwebhooks_v1a", "standardwebhooks", vectors.A1PublicKey,
			[]header{{"webhook-id", vectors.S1ID}, {"webhook-timestamp", vectors.S1TimeText}, {"webhook-signature", vectors.A1Signature}},
			vectors.S1Body, []string{"-now", vectors.S1TimeText}},
		{"fullup_raw", "fullup", "your_shared_secret_key",
			[]header{{"fullup-signature", "c5a082fe9a5cc904981193625c3f70dabe4c2c66fa050a5dfa5be5f4db484ae9"}},
			"{\n  \"event\": \"test\",\n  \"data\": {\n    \"id\": \"abc\",\n    \"n\": 1.5,\n    \"s\": \"é/<>\"\n  }\n}", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"verify", "-provider", tc.provider, "-secret", tc.secret}, tc.extra...)
			req := withLength(tc.headers, tc.body)
			code, out, _ := runCLI(req, args...)
			assert.Equal(t, 0, code)
			assert.Equal(t, "ok\n", out)

			code, out, _ = runCLI(flipByte(req, tc.body), args...)
			assert.Equal(t, 1, code)
			assert.True(t, strings.HasPrefix(out, "rejected: "), out)
			assert.NotContains(t, out, tc.secret)
		})
	}
}
