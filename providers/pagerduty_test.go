package providers_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// go-pagerduty's test secret (webhookv3/webhookv3_test.go): base64-looking, used as-is.
const pagerDutySecret = "lDQHScfUeXUKaQRNF+8XIiDKZ7XX3itBAYzwU0TARw8lJqRnkKl2iB1anSb0Z+IK"

func TestPagerDuty(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.PagerDuty,
		Secret:      pagerDutySecret,
		OtherSecret: "b3RoZXIgUGFnZXJEdXR5IHN1YnNjcmlwdGlvbiBzZWNyZXQgZm9yIHRlc3Rz",
		Vectors:     presettest.Load(t, "testdata/pagerduty"),
	})
}

// The header is a ","-separated list of v1 entries, one per active secret during a rotation.
func TestPagerDutyEntries(t *testing.T) {
	const oldSecret = "the previous PagerDuty subscription secret"
	body := `{"event":{"id":"01BWDWL3NYY7LUFPZCC28QUCMK","event_type":"incident.triggered"}}`
	mac := func(key string) []byte { return seedMAC(sha256.New, key, body) }
	good, old := "v1="+hex.EncodeToString(mac(pagerDutySecret)), "v1="+hex.EncodeToString(mac(oldSecret))
	p := providers.PagerDuty(pagerDutySecret)
	h := func(v ...string) http.Header {
		kv := make([]string, 0, 2*len(v))
		for _, s := range v {
			kv = append(kv, providers.HeaderPagerDutySignature, s)
		}
		return seedHeader(kv...)
	}
	many := make([]string, 16)
	for i := range many {
		many[i] = old
	}
	for _, tc := range []seedCase{
		{"single", p, nil, h(good), body, 200},
		{"rotation_old_then_new", p, nil, h(old + "," + good), body, 200},
		{"rotation_new_then_old", p, nil, h(good + "," + old), body, 200},
		{"rotation_receiver_still_on_old_secret", providers.PagerDuty(oldSecret), nil, h(old + "," + good), body, 200},
		{"rotation_receiver_holds_both", providers.PagerDuty(oldSecret, pagerDutySecret), nil, h(good), body, 200},
		{"two_header_lines_are_one_list", p, nil, h(old, good), body, 200},
		{"other_version_ignored", p, nil, h("v2=" + strings.Repeat("ab", 32) + "," + good), body, 200},
		{"sixteen_entries", p, nil, h(strings.Join(append(many[:15:15], good), ",")), body, 200},
		// Negatives.
		{"only_old_signature", p, nil, h(old), body, 401},
		{"only_other_version", p, nil, h("v2=" + strings.TrimPrefix(good, "v1=")), body, 401},
		{"seventeen_entries", p, nil, h(strings.Join(append(many, good), ",")), body, 401},
		// PagerDuty writes no space after the comma, and go-pagerduty does not trim one: " v1"
		// is another label.
		{"space_after_comma", p, nil, h(old + ", " + good), body, 401},
		{"no_label", p, nil, h(strings.TrimPrefix(good, "v1=")), body, 401},
		{"upper_case_label", p, nil, h("V1=" + strings.TrimPrefix(good, "v1=")), body, 401},
		{"base64_instead_of_hex", p, nil, h("v1=" + base64.StdEncoding.EncodeToString(mac(pagerDutySecret))), body, 401},
		// The secret is not base64-decoded.
		{"decoded_secret", p, nil, h("v1=" + hex.EncodeToString(seedMAC(sha256.New, string(mustB64(pagerDutySecret)), body))), body, 401},
		{"missing", p, nil, nil, body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// X-Webhook-Id is reported but not signed: it never makes a second delivery a replay.
func TestPagerDutyWebhookID(t *testing.T) {
	v, err := hooksig.New(providers.PagerDuty(pagerDutySecret))
	require.NoError(t, err)
	var ids []string
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := hooksig.DeliveryFrom(r.Context())
		require.True(t, ok)
		assert.False(t, d.IDSigned)
		assert.True(t, d.Timestamp.IsZero(), "PagerDuty sends no timestamp")
		ids = append(ids, d.ID)
	}))
	for _, body := range []string{`{"event":{"id":"a"}}`, `{"event":{"id":"b"}}`} {
		r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		r.Header.Set("X-PagerDuty-Signature", "v1="+hex.EncodeToString(seedMAC(sha256.New, pagerDutySecret, body)))
		r.Header.Set("X-Webhook-Id", "0b5a8c4e-5b2f-4d0e-9a61-7f0e2c8d1a33")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		assert.Equal(t, http.StatusOK, rec.Code)
	}
	assert.Equal(t, []string{"0b5a8c4e-5b2f-4d0e-9a61-7f0e2c8d1a33", "0b5a8c4e-5b2f-4d0e-9a61-7f0e2c8d1a33"}, ids)
}
