package providers_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// No rejection path of any preset lets the secret, the signature the middleware expected, or
// the body reach an error's text, the observer, a log line or the response.
func TestNothingLeaks(t *testing.T) {
	secrets := map[string]string{
		"standardwebhooks": "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"svix":             "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"clerk":            "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"resend":           "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"openai":           "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"replicate":        "whsec_U0VDUkVULUNBTkFSWS0wMTIzNDU2Nzg5",
		"polar":            "whsec_SECRETCANARY0123456789abcdefghijklmnopqrstu",
		"adyenplatform":    "5ec2e7ca4a2e0123456789abcdef5ec2e7ca4a2e0123456789abcdef01234567",
		"adyen":            "5ec2e7ca4a2e0123456789abcdef5ec2e7ca4a2e0123456789abcdef01234567",
	}
	const body = `{"canary":"BODY-CANARY-0123456789"}`
	forged := strings.Replace(body, "0123", "9999", 1) // same length, other bytes
	now := time.Unix(1700000000, 0)

	// Asymmetric presets: the route holds the public key, the signer the private one.
	sgPub, sgPriv := p256Pair(t)
	secrets["discord"], secrets["telnyx"], secrets["sendgrid"] = rfc8032Pub1, "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=", sgPub
	signing := map[string]string{
		"discord":  rfc8032Seed1,
		"telnyx":   "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
		"sendgrid": sgPriv,
	}
	for _, preset := range providers.All() {
		secret, ok := secrets[preset.Name]
		if !ok {
			secret = "SECRET-CANARY-0123456789-abcdef"
		}
		body, forged := body, forged
		if preset.Name == "adyen" { // it signs fields of the body's items
			body = `{"notificationItems":[{"NotificationRequestItem":{"merchantReference":"BODY-CANARY-0123456789","pspReference":"P1","success":"true"}}]}`
			forged = strings.Replace(body, "0123", "9999", 1)
		}
		if preset.Name == "msgraph" { // its clientState travels in the body's items
			body = `{"value":[{"resource":"BODY-CANARY-0123456789","subscriptionId":"s"}]}`
			forged = strings.Replace(body, "0123", "9999", 1)
		}
		p := preset.New(secret)
		sp := p
		if k, ok := signing[preset.Name]; ok {
			sp = preset.New(k)
		}
		signer, err := hooksig.NewSigner(sp)
		require.NoError(t, err, preset.Name)
		var hdr http.Header
		if preset.Name == "twilio" || preset.Name == "twiliosha256" || preset.Name == "mandrill" { // they sign form parameters
			hdr = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
		}
		expected, err := signer.Sign(hooksig.Message{ID: "evt_1", Timestamp: now, Body: []byte(forged), URL: "http://x/", Header: hdr})
		require.NoError(t, err)
		var expectedSigs []string
		if preset.Name == "adyen" {
			var b struct {
				Items []struct {
					Item struct {
						Data struct {
							Sig string `json:"hmacSignature"`
						} `json:"additionalData"`
					} `json:"NotificationRequestItem"`
				} `json:"notificationItems"`
			}
			require.NoError(t, json.Unmarshal(expected.Body, &b))
			expectedSigs = append(expectedSigs, b.Items[0].Item.Data.Sig)
		}
		for _, vs := range expected.Header {
			for _, v := range vs {
				if v != "evt_1" && v != "1700000000" {
					expectedSigs = append(expectedSigs, v)
				}
			}
		}

		cases := map[string]func(r *http.Request){
			"forged_body": func(r *http.Request) { r.Body = io.NopCloser(strings.NewReader(forged)) },
			"no_headers":  func(r *http.Request) { r.Header = http.Header{} },
			"short_body": func(r *http.Request) {
				r.Body = io.NopCloser(strings.NewReader(body[:10]))
			},
			"too_large": func(r *http.Request) { r.ContentLength = 1 << 40 },
		}
		for name, mutate := range cases {
			t.Run(preset.Name+"/"+name, func(t *testing.T) {
				switch {
				case name == "forged_body" && (preset.Name == "gitlab" || preset.Name == "okta"):
					t.Skip("a shared token signs no body")
				case name == "no_headers" && (preset.Name == "mailgun" || preset.Name == "adyen" || preset.Name == "msgraph"):
					t.Skip("the fields are in the body")
				}
				var logs bytes.Buffer
				logger := slog.New(slog.NewTextHandler(&logs, nil))
				var seen []string
				v, err := hooksig.New(p,
					hooksig.WithClock(func() time.Time { return now }),
					hooksig.WithPublicURL("http://x"), // for the presets that sign the URL
					hooksig.WithObserver(func(r *http.Request, o hooksig.Outcome) {
						logger.Info("outcome", "provider", o.Provider, "err", o.Err)
						if o.Err != nil {
							seen = append(seen, o.Err.Error())
						}
					}),
					hooksig.WithErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
						seen = append(seen, err.Error())
						http.Error(w, http.StatusText(hooksig.Status(err)), hooksig.Status(err))
					}))
				require.NoError(t, err)
				r, err := signer.Request("http://x/", hooksig.Message{ID: "evt_1", Timestamp: now, Body: []byte(body), Header: hdr})
				require.NoError(t, err)
				mutate(r)
				rec := httptest.NewRecorder()
				v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
					t.Error("a rejected delivery reached next")
				})).ServeHTTP(rec, r)
				require.NotEmpty(t, seen, "the request was rejected")
				outputs := append(seen, logs.String(), rec.Body.String())
				for _, out := range outputs {
					assert.NotContains(t, out, "CANARY", "a secret or the body leaked")
					assert.NotContains(t, out, strings.TrimPrefix(secret, "whsec_"))
					for _, sig := range expectedSigs {
						assert.NotContains(t, out, sig, "the expected signature leaked")
					}
				}
			})
		}
	}
}
