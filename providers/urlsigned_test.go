package providers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The URL-signed presets: their round trips go to http://receiver.example/webhook.
var receiverURL = hooksig.WithPublicURL("http://receiver.example")

// formBody is what Twilio and Mandrill send: form parameters.
var formBody = []byte("CallSid=CA1234&From=%2B15557654321&Body=PRESETTEST-BODY-MARKER&Digits=1&Digits=2")

func asForm(m *hooksig.Message) {
	m.Header = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
}

func TestTwilio(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Twilio, Secret: "12345", OtherSecret: "54321",
		Vectors: presettest.Load(t, "testdata/twilio"), Options: []hooksig.Option{receiverURL},
		Body: formBody, Message: asForm})
}

func TestTwilioSHA256(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.TwilioSHA256, Secret: "a-webhook-rule-shared-key", OtherSecret: "another-key",
		Vectors: presettest.Load(t, "testdata/twiliosha256"), Options: []hooksig.Option{receiverURL},
		Body: formBody, Message: asForm})
}

func TestSquare(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Square, Secret: "signature-key", OtherSecret: "another-signature-key",
		Vectors: presettest.Load(t, "testdata/square"), Options: []hooksig.Option{receiverURL}, EmptyBodyInvalid: true})
}

func TestSquareSHA1(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.SquareSHA1, Secret: "signature-key", OtherSecret: "another-signature-key",
		Vectors: presettest.Load(t, "testdata/squaresha1"), Options: []hooksig.Option{receiverURL}, EmptyBodyInvalid: true})
}

func TestHubSpot(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.HubSpot, Secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
		OtherSecret: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
		Vectors:     presettest.Load(t, "testdata/hubspot"), Options: []hooksig.Option{receiverURL}})
}

func TestHubSpotV1(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.HubSpotV1, Secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
		OtherSecret: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", Vectors: presettest.Load(t, "testdata/hubspotv1")})
}

func TestHubSpotV2(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.HubSpotV2, Secret: "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy",
		OtherSecret: "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
		Vectors:     presettest.Load(t, "testdata/hubspotv2"), Options: []hooksig.Option{receiverURL}})
}

func TestMandrill(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Mandrill, Secret: "a-mandrill-webhook-key", OtherSecret: "another-key",
		Vectors: presettest.Load(t, "testdata/mandrill"), Options: []hooksig.Option{receiverURL},
		Body: formBody, Message: asForm})
}

func TestMandrillHeadProbe(t *testing.T) {
	v, err := hooksig.New(providers.Mandrill("a-mandrill-webhook-key"), receiverURL)
	require.NoError(t, err)
	reached := 0
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached++ }))
	rec := serveRec(h, httptest.NewRequest("HEAD", "/mandrill", nil))
	assert.Equal(t, 200, rec.Code)
	assert.Empty(t, rec.Body.String())
	assert.Equal(t, 401, serveRec(h, httptest.NewRequest("GET", "/mandrill", nil)).Code, "only HEAD")
	assert.Equal(t, 401, serveRec(h, httptest.NewRequest("POST", "/mandrill", strings.NewReader("mandrill_events=[]"))).Code)
	assert.Zero(t, reached)
}
