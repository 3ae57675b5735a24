package providers_test

import (
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// The header sets are checked in TestStandardWebhooksPresetHeaderSets (clerk_test.go).
func TestResend(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Resend,
		Secret:      s1Secret,
		OtherSecret: otherSecret,
		Vectors:     presettest.Load(t, "testdata/resend"),
	})
}
