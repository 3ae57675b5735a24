package providers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestLinear(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Linear,
		Secret:      "lin_wh_signing_secret_example",
		OtherSecret: "lin_wh_another_secret",
		Vectors:     presettest.Load(t, "testdata/linear"),
		// Linear's timestamp is inside the signed body: every message carries its own.
		Message: func(m *hooksig.Message) {
			m.Body = fmt.Appendf(nil, `{"action":"create","data":{"id":"PRESETTEST-BODY-MARKER"},"webhookTimestamp":%d}`, m.Timestamp.UnixMilli())
		},
	})
}

// The timestamp inside the signed body: checked only after the body verified, and required.
func TestLinearBodyTimestamp(t *testing.T) {
	const secret = "lin_wh_signing_secret_example"
	now := time.UnixMilli(1700000000000)
	sign := func(body string) *http.Request {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write([]byte(body))
		r := newPost(body)
		r.Header.Set(providers.HeaderLinearSignature, hex.EncodeToString(mac.Sum(nil)))
		return r
	}
	v, err := hooksig.New(providers.Linear(secret), hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		body string
		want int
	}{
		{"fresh", `{"webhookTimestamp":1700000000000}`, 204},
		{"sixty_seconds_ahead", `{"webhookTimestamp":1700000060000}`, 204},
		{"sixty_seconds_and_a_ms_behind", `{"webhookTimestamp":1699999939999}`, 401},
		{"missing", `{"action":"create"}`, 401},
		{"a_string", `{"webhookTimestamp":"1700000000000"}`, 204},
		{"not_a_number", `{"webhookTimestamp":true}`, 401},
		{"fraction", `{"webhookTimestamp":1700000000000.5}`, 401},
		{"not_json", `webhookTimestamp=1700000000000`, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := serveRec(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })), sign(tc.body))
			assert.Equal(t, tc.want, rec.Code)
		})
	}
}
