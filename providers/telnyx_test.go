package providers_test

import (
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestTelnyx(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New: providers.Telnyx,
		// RFC 8032 TEST 1 and 2 in base64: public keys for the route, seeds for the signer.
		Secret: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", SigningSecret: "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
		OtherSecret: "PUAXw+hDiVqStwqnTRt+vJyYLM8uxJaMwM1V8Sr0Zgw=", OtherSigningSecret: "TM0Imyj/ltqdtsNG7BFOD1uKMZ81q6Yk2oz27U+4pvs=",
		Vectors: presettest.Load(t, "testdata/telnyx"),
	})
}
