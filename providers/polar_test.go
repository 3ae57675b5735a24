package providers_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

const polarLegacy = "whsec_Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB7CD0EF3GH"

func TestPolar(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Polar,
		Secret:      polarLegacy,
		OtherSecret: "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		Vectors:     presettest.Load(t, "testdata/polar"),
	})
}

func TestPolarSecretShapes(t *testing.T) {
	for name, secret := range map[string]string{
		"no_prefix":        "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAB7CD0EF3GH",
		"bad_base64":       "whsec_not*base64=",
		"punctuation":      "whsec_abc-def_ghi",
		"short_base64_key": "whsec_AAECAw==",
	} {
		_, err := hooksig.New(providers.Polar(secret))
		assert.ErrorIs(t, err, hooksig.ErrInvalidSecret, name)
	}
}
