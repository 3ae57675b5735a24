package providers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestCalendly(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Calendly,
		Secret:      "hooksig-calendly-signing-key-7f3a9c21",
		OtherSecret: "another-calendly-signing-key",
		Vectors:     presettest.Load(t, "testdata/calendly"),
	})
}

// "t=<s>,v1=<hex>" as Calendly's sample splits it: on "," then "=", no trimming.
func TestCalendlyHeaderForms(t *testing.T) {
	const key, ts = "calendly-key", "1709294400"
	body := `{"event":"invitee.created","payload":{"uri":"https://api.calendly.com/scheduled_events/X/invitees/Y"}}`
	sig := func(key, t string) string { return hex.EncodeToString(seedMAC(sha256.New, key, t+"."+body)) }
	good := sig(key, ts)
	p := providers.Calendly(key)
	at := []hooksig.Option{hooksig.WithClock(frozen(time.Unix(1709294400, 0)))}
	h := func(v string) http.Header { return seedHeader(providers.HeaderCalendlySignature, v) }
	for _, tc := range []seedCase{
		{"documented_form", p, at, h("t=" + ts + ",v1=" + good), body, 200},
		{"v1_first", p, at, h("v1=" + good + ",t=" + ts), body, 200},
		{"rotation_second_key", providers.Calendly("old-key", key), at, h("t=" + ts + ",v1=" + good), body, 200},
		// Negatives.
		{"no_t", p, at, h("v1=" + good), body, 401},
		{"t_twice", p, at, h("t=" + ts + ",t=" + ts + ",v1=" + good), body, 401},
		{"space_after_comma", p, at, h("t=" + ts + ", v1=" + good), body, 401},
		{"milliseconds", p, at, h("t=" + ts + "000,v1=" + sig(key, ts+"000")), body, 401},
		{"signature_over_body_only", p, at, h("t=" + ts + ",v1=" + hex.EncodeToString(seedMAC(sha256.New, key, body))), body, 401},
		{"unsigned_delivery", p, at, nil, body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// Three minutes each way, to the second.
func TestCalendlyWindow(t *testing.T) {
	const key, ts = "calendly-key", int64(1709294400)
	body := `{"event":"invitee.canceled"}`
	header := "t=1709294400,v1=" + hex.EncodeToString(seedMAC(sha256.New, key, "1709294400."+body))
	for _, tc := range []struct {
		name    string
		offset  time.Duration // now − t
		wantErr error
	}{
		{"180s_after", 180 * time.Second, nil},
		{"181s_after", 181 * time.Second, hooksig.ErrTimestampTooOld},
		{"180s_before", -180 * time.Second, nil},
		{"181s_before", -181 * time.Second, hooksig.ErrTimestampTooNew},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Calendly(key), hooksig.WithClock(frozen(time.Unix(ts, 0).Add(tc.offset))))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
			r.Header.Set("Calendly-Webhook-Signature", header)
			d, err := v.Verify(r, []byte(body))
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.True(t, d.Timestamp.Equal(time.Unix(ts, 0)))
		})
	}
}
