package main

import (
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The S1 vector's signature, raw, for re-encoding it.
func s1Raw(t *testing.T) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s1Sig, "v1,"))
	require.NoError(t, err)
	return b
}

func withSig(sig string) string {
	return withLength([]header{{"webhook-id", s1ID}, {"webhook-timestamp", s1TS}, {"webhook-signature", sig}}, s1Body)
}

func TestExplain(t *testing.T) {
	at := []string{"explain", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", s1TS}
	tests := []struct {
		name  string
		args  []string
		input string
		code  int
		want  []string // lines or fragments the output must contain
		not   []string // what it must never contain
	}{
		{"verified", at, withSig(s1Sig), exitOK,
			[]string{"verdict: ok", "reason: verified", "key 1 (hmac-sha256): entry 1 matches",
				`signed content: "` + s1ID + `" "." "` + s1TS + `" "." <20 bytes, sha256 `}, nil},
		{"wrong secret", []string{"explain", "-provider", "standardwebhooks", "-secret", otherSecret, "-now", s1TS}, withSig(s1Sig), exitRejected,
			[]string{"verdict: rejected, 401 Unauthorized: hooksig: no signature matches", "reason: no_match",
				"entry 1 \"v1\" (hmac-sha256): base64, 32 bytes: checked", "same encoding and length, different bytes"},
			[]string{"expects"}},
		{"hex for base64", at, withSig("v1," + hex.EncodeToString(s1Raw(t))), exitRejected,
			[]string{"reason: wrong_encoding", "entry 1 matches when read as hex: the scheme writes base64"}, nil},
		{"label missing", at, withSig(base64.StdEncoding.EncodeToString(s1Raw(t))), exitRejected,
			[]string{"reason: no_declared_label", "under none: 1", `write it as "v1,…"`}, nil},
		{"body with a newline added", at, strings.Replace(withSig(s1Sig), "Content-Length: 20", "Content-Length: 21", 1) + "\n", exitRejected,
			[]string{"the signature matches the body without its last newline"}, nil},
		{"captured, too old", at[:5], withSig(s1Sig), exitRejected,
			[]string{"reason: timestamp_too_old", "to check the signature anyway: -ignore-time, or -now " + s1TS}, nil},
		{"ignore time", append(at[:5:5], "-ignore-time"), withSig(s1Sig), exitOK,
			[]string{"verdict: ok (checked at the signed timestamp's time: -ignore-time)"}, nil},
		{"milliseconds", at, strings.Replace(withSig(s1Sig), s1TS, s1TS+"000", 1), exitRejected,
			[]string{"reason: timestamp_unit", "inside the window read as milliseconds"}, nil},
		{"show expected", append(append([]string{}, at...), "-show-expected"), withSig("v1," + hex.EncodeToString(s1Raw(t))), exitRejected,
			[]string{"key 1 (hmac-sha256) expects: " + s1Sig}, nil},
		{"no fields, other preset", at, withLength([]header{{"X-Other", "1"}}, s1Body), exitRejected,
			[]string{"reason: no_fields", "it reads Webhook-Id, Webhook-Timestamp, Webhook-Signature"}, nil},
		{"curl -v capture", at, "> " + strings.ReplaceAll(withSig(s1Sig), "\r\n", "\r\n> "), exitRejected,
			[]string{"warning: lines 1-", "curl -v output", "capture recipe:"}, nil},
		{"HTTP/2 request line", at, strings.Replace(withSig(s1Sig), "HTTP/1.1", "HTTP/2", 1), exitRejected,
			[]string{"warning: line 1: an HTTP/2 or HTTP/3 request line"}, nil},
		{"no Content-Length", at, head([]header{{"webhook-id", s1ID}, {"webhook-timestamp", s1TS}, {"webhook-signature", s1Sig}}) + "\r\n" + s1Body, exitRejected,
			[]string{"warning: line 8: 20 bytes follow the headers, but there is no Content-Length", "capture recipe:",
				`with "Content-Length: 20" added, it verifies: the 20 bytes after the headers are the body the sender signed`}, nil},
		{"bytes after the body", at, withSig(s1Sig) + "\n", exitOK,
			[]string{"warning: line 9: 1 byte after the 20-byte body ignored (an editor's trailing newline?)", "verdict: ok"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCLI(tt.input, tt.args...)
			assert.Equal(t, tt.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			for _, w := range tt.want {
				assert.Contains(t, out, w)
			}
			for _, n := range tt.not {
				assert.NotContains(t, out, n)
			}
			// Without -show-expected, the expected signature never appears; the secret never does.
			if !strings.Contains(strings.Join(tt.args, " "), "-show-expected") && tt.code != exitOK {
				assert.NotContains(t, out, strings.TrimPrefix(s1Sig, "v1,")[:20], "an expected signature was printed")
			}
			assert.NotContains(t, out+errOut, strings.TrimPrefix(s1Secret, "whsec_"))
			assert.NotContains(t, out+errOut, strings.TrimPrefix(otherSecret, "whsec_"))
		})
	}
}

// explain does not echo the received signature either: it describes it (label, encoding,
// length) and compares it.
func TestExplainPrintsNoSignature(t *testing.T) {
	_, out, _ := runCLI(withSig(s1Sig), "explain", "-provider", "standardwebhooks", "-secret", otherSecret, "-now", s1TS)
	assert.NotContains(t, out, strings.TrimPrefix(s1Sig, "v1,")[:16])
}

func TestExplainNamesThePresetThatVerifies(t *testing.T) {
	// Signed as Svix with the S1 secret, explained as GitHub: GitHub's fields are absent, and
	// explain says which presets verify it.
	req := withLength(s1Headers("svix"), s1Body)
	code, out, _ := runCLI(req, "explain", "-provider", "github", "-secret", s1Secret, "-now", s1TS)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "with the same secret, it verifies as: ")
	assert.Contains(t, out, "svix")
}

func TestExplainUsage(t *testing.T) {
	code, _, errOut := runCLI("", "explain", "-provider", "standardwebhooks")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "-secret is required")
	code, out, _ := runCLI("", "explain", "-h")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, out, "usage: "+explainSynopsis)
	assert.Contains(t, out, "-show-expected")
	code, _, errOut = runCLI("", "explain", "-provider", "standardwebhooks", "-secret", s1Secret+"\n")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "ends with a newline")
	code, out, _ = runCLI("", "explain", "-provider", "standardwebhooks", "-secret", s1Secret)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "malformed HTTP request")
}

// verify stays one line, now with the reason code and, for a captured request, the age and
// the hint of -now.
func TestVerifyLineSaysAgeAndHint(t *testing.T) {
	code, out, _ := runCLI(withSig(s1Sig), "verify", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", "1614268930")
	assert.Equal(t, exitRejected, code)
	assert.Equal(t, "rejected: hooksig: timestamp too old (timestamp_too_old: 1h0m0s old, tolerance 5m0s past and 5m0s future; for a captured request, -now fixes the clock)\n", out)
	_, out, _ = runCLI(withSig(s1Sig), "verify", "-provider", "standardwebhooks", "-secret", otherSecret, "-now", s1TS)
	assert.Equal(t, "rejected: hooksig: no signature matches (no_match; \"hooksig explain\" says more)\n", out)
}

// The review's findings, each a case that failed before its fix.
func TestExplainReviewCases(t *testing.T) {
	at := []string{"explain", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", s1TS}
	t.Run("only the first request is explained", func(t *testing.T) {
		input := withSig("v1,"+hex.EncodeToString(s1Raw(t))) + withSig(s1Sig)
		for range 10 {
			code, out, _ := runCLI(input, at...)
			require.Equal(t, exitRejected, code, out)
			assert.Contains(t, out, "verdict: rejected")
		}
	})
	t.Run("a rotation names the key that matched", func(t *testing.T) {
		code, out, _ := runCLI(withSig(s1Sig), "explain", "-provider", "standardwebhooks", "-secret", otherSecret, "-secret", s1Secret, "-now", s1TS)
		require.Equal(t, exitOK, code, out)
		assert.Contains(t, out, "key 1 (hmac-sha256): no entry matches (another key does: a rotation)")
		assert.Contains(t, out, "key 2 (hmac-sha256): entry 1 matches")
		assert.NotContains(t, out, "it matches with the secret")
	})
	t.Run("an HMAC under the Ed25519 label", func(t *testing.T) {
		_, out, _ := runCLI(withSig("v1a,"+strings.TrimPrefix(s1Sig, "v1,")), at...)
		assert.Contains(t, out, `carries the right value under "v1a", which pins another algorithm: hmac-sha256 signatures go under "v1"`)
	})
	t.Run("a body that ended in a newline, and one more", func(t *testing.T) {
		body := "{\"a\":1}\n"
		req := withLength(signed(t, body, time.Unix(1614265330, 0)), body+"\n")
		_, out, _ := runCLI(req, at...)
		assert.Contains(t, out, "the signature matches the body without its last newline")
	})
	t.Run("LF headers, CRLF blank line", func(t *testing.T) {
		req := strings.ReplaceAll(head([]header{{"webhook-id", s1ID}, {"webhook-timestamp", s1TS}, {"webhook-signature", s1Sig}}), "\r\n", "\n") +
			"Content-Length: 20\n\r\n" + s1Body
		code, out, _ := runCLI(req, at...)
		assert.Equal(t, exitOK, code, out)
		assert.NotContains(t, out, "warning")
	})
}
