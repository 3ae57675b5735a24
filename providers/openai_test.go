package providers_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// openai-go's test secret (webhooks/webhook_test.go).
const openaiSecret = "whsec_RdvaYFYUXuIFuEbvZHwMfYFhUf7aMYjYcmM24+Aj40c="

// The header sets are checked in TestStandardWebhooksPresetHeaderSets (clerk_test.go).
func TestOpenAI(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.OpenAI,
		Secret:      openaiSecret,
		OtherSecret: s1Secret,
		Vectors:     presettest.Load(t, "testdata/openai"),
	})
}

// openai-go uses a secret without "whsec_" as raw bytes; this preset always base64-decodes.
// A text secret that is not base64, or decodes to under 24 bytes, is refused when the
// Verifier is built, never taken as raw bytes.
func TestOpenAIUnprefixedSecret(t *testing.T) {
	tests := []struct {
		name   string
		secret string
		ok     bool
	}{
		{"whsec_prefixed", openaiSecret, true},
		{"base64_without_prefix_is_decoded", openaiSecret[len("whsec_"):], true},
		{"text_that_is_not_base64", "my-openai-webhook-secret!", false},
		{"base64_text_under_24_bytes", "c2hvcnQtc2VjcmV0", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := hooksig.New(providers.OpenAI(tc.secret))
			if tc.ok {
				require.NoError(t, err)
				return
			}
			assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
		})
	}
}
