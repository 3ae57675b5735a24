package providers_test

import (
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestDocuSign(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.DocuSign,
		Secret:      "2a4b6f0f6f3a4bd6b4a1c6c1d8b0a7e2MDEyMzQ1Njc=",
		OtherSecret: "another-connect-key-000000000000000000000000",
		Vectors:     presettest.Load(t, "testdata/docusign"),
	})
}
