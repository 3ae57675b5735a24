package hooksig_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// Construction errors say what to fix, and never repeat the secret.
func TestSecretHints(t *testing.T) {
	const good = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	tests := []struct {
		name   string
		p      hooksig.Provider
		secret string
		want   string
	}{
		{"trailing newline", providers.StandardWebhooks(good + "\n"), good + "\n", "ends with a newline"},
		{"trailing CRLF", providers.GitHub("gh-secret-value\r\n"), "gh-secret-value\r\n", "ends with a newline"},
		{"leading space", providers.GitHub(" gh-secret-value"), " gh-secret-value", "white space"},
		{"quoted", providers.Stripe(`"whsec_abcdefghij"`), `"whsec_abcdefghij"`, "quotes"},
		{"stripe API key", providers.Stripe("sk_live_51Habcdefghijklmnop"), "sk_live_51Habcdefghijklmnop", "API key or access token (sk_live_…)"},
		{"slack bot token", providers.Slack("xoxb-1234-5678-abcdef"), "xoxb-1234-5678-abcdef", "(xoxb-…)"},
		{"raw whsec text to Standard Webhooks", providers.StandardWebhooks("whsec_plain-text-secret!"), "whsec_plain-text-secret!", "providers.Sendsar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hooksig.New(tt.p)
			require.ErrorIs(t, err, hooksig.ErrInvalidSecret)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), strings.TrimSpace(strings.Trim(tt.secret, `"`)))
			_, err = hooksig.NewSigner(tt.p)
			require.ErrorIs(t, err, hooksig.ErrInvalidSecret, "the signer refuses it too")
		})
	}
}
