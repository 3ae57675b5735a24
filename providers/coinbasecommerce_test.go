package providers_test

import (
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestCoinbaseCommerce(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.CoinbaseCommerce,
		Secret: "30291a20-0bd1-4267-9b0f-e6e7b123c0bf", OtherSecret: "another-shared-secret",
		Vectors: presettest.Load(t, "testdata/coinbasecommerce")})
}
