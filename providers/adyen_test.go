package providers_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestAdyenPlatform(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.AdyenPlatform,
		Secret:      "D7DD5BA6146493707BF0BE7496F6404EC7A63616B7158EC927B9F54BB436765F",
		OtherSecret: "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00",
		Vectors:     presettest.Load(t, "testdata/adyenplatform")})
}

func TestAdyenPlatformKeys(t *testing.T) {
	for name, key := range map[string]string{
		"not_hex":    "D7DD5BA6146493707BF0BE7496F6404EC7A63616B7158EC927B9F54BB436765G",
		"odd_length": "D7DD5BA6146493707BF0BE7496F6404EC7A63616B7158EC927B9F54BB436765",
		"16_bytes":   "D7DD5BA6146493707BF0BE7496F6404E",
		"empty":      "",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := hooksig.New(providers.AdyenPlatform(key))
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "D7DD5BA6")
		})
	}
}

func TestAdyen(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Adyen,
		Secret:      "DFB1EB5485895CFA84146406857104ABB4CBCABDC8AAF103A624C8F6A3EAAB00",
		OtherSecret: "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056",
		Vectors:     presettest.Load(t, "testdata/adyen"),
		Body: []byte(`{"live":"false","notificationItems":[{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1000},` +
			`"eventCode":"AUTHORISATION","merchantAccountCode":"Shop","merchantReference":"order:1","pspReference":"P1","success":"true"}}]}`),
		BodyNotSigned: true, // only the items' eight fields are signed
	})
}
