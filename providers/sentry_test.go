package providers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestSentry(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Sentry,
		Secret:      "5d1c3e9a7b2f4e6d8c0a1b3d5f7e9a2c4b6d8f0e1a3c5e7b9d2f4a6c8e0b1d3f",
		OtherSecret: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
		Vectors:     presettest.Load(t, "testdata/sentry"),
	})
}

// Only the body is signed: Sentry-Hook-Timestamp is neither required nor checked.
func TestSentrySignatureForms(t *testing.T) {
	const secret = "sentry-client-secret"
	body := `{"action": "resolved", "data": {"issue": {"id": "1"}}, "installation": {"uuid": "u"}}`
	sig := hex.EncodeToString(seedMAC(sha256.New, secret, body))
	p := providers.Sentry(secret)
	for _, tc := range []seedCase{
		{"documented_form", p, nil, seedHeader("Sentry-Hook-Signature", sig, "Sentry-Hook-Timestamp", "1709294400", "Sentry-Hook-Resource", "issue"), body, 200},
		{"no_timestamp_header", p, nil, seedHeader("Sentry-Hook-Signature", sig), body, 200},
		{"garbage_timestamp_header", p, nil, seedHeader("Sentry-Hook-Signature", sig, "Sentry-Hook-Timestamp", "not a time"), body, 200},
		{"rotation_second_secret", providers.Sentry("old-secret", secret), nil, seedHeader("Sentry-Hook-Signature", sig), body, 200},
		// Negatives.
		{"reserialized_body", p, nil, seedHeader("Sentry-Hook-Signature", hex.EncodeToString(seedMAC(sha256.New, secret, strings.ReplaceAll(strings.ReplaceAll(body, ": ", ":"), ", ", ",")))), body, 401},
		{"signature_over_timestamp_and_body", p, nil, seedHeader("Sentry-Hook-Signature", hex.EncodeToString(seedMAC(sha256.New, secret, "1709294400."+body)), "Sentry-Hook-Timestamp", "1709294400"), body, 401},
		{"sha256_prefix", p, nil, seedHeader("Sentry-Hook-Signature", "sha256="+sig), body, 401},
		// Another header of the same integration, not covered by this preset.
		{"sentry_app_signature_header", p, nil, seedHeader("Sentry-App-Signature", sig), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// Request-ID is reported, unsigned.
func TestSentryRequestID(t *testing.T) {
	const secret = "sentry-client-secret"
	body := `{"action": "created"}`
	v, err := hooksig.New(providers.Sentry(secret))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	r.Header.Set("Sentry-Hook-Signature", hex.EncodeToString(seedMAC(sha256.New, secret, body)))
	r.Header.Set("Request-ID", "9f0e2b7c1d4a4e6b8c3f5a7d9e1b2c4d")
	d, err := v.Verify(r, []byte(body))
	require.NoError(t, err)
	assert.Equal(t, "9f0e2b7c1d4a4e6b8c3f5a7d9e1b2c4d", d.ID)
	assert.False(t, d.IDSigned)
	assert.True(t, d.Timestamp.IsZero(), "the unsigned timestamp is not reported")
}
