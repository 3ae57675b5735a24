package providers_test

import (
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

func TestPaddle(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Paddle,
		Secret:      "pdl_ntfset_01hsdn8d43dt7mezr1ef2jtbaw_hKkRiCGyyRhbFwIUuqiTBgI7gnWoV0Gr",
		OtherSecret: "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I",
		Vectors:     presettest.Load(t, "testdata/paddle"),
	})
}

// The paddle-node-sdk vector (secret VALID_SECRET, ts 1698796800) with the header written in
// other ways, and the 5 s window on both sides.
func TestPaddleHeaderForms(t *testing.T) {
	const (
		ts   = "1698796800"
		h1   = "a300428748dce5c70e4da19bffd60769591ea969c99dea3105d0ec9612cf43f9"
		body = `{"data": ["1", "2"]}`
	)
	at := time.Unix(1698796800, 0)
	for _, tc := range []struct {
		name string
		sig  string
		now  time.Time
		opts []hooksig.Option
		want int
	}{
		{"official", "ts=" + ts + ";h1=" + h1, at, nil, 204},
		{"h1_first", "h1=" + h1 + ";ts=" + ts, at, nil, 204},
		{"trailing_semicolon", "ts=" + ts + ";h1=" + h1 + ";", at, nil, 204},
		{"a_failing_h1_first", "ts=" + ts + ";h1=" + strings.Repeat("0", 64) + ";h1=" + h1, at, nil, 204},
		{"unknown_h2_skipped", "ts=" + ts + ";h2=" + h1 + ";h1=" + h1, at, nil, 204},
		{"h2_alone_refused", "ts=" + ts + ";h2=" + h1, at, nil, 401},
		{"no_ts", "h1=" + h1, at, nil, 401},
		{"ts_twice", "ts=" + ts + ";ts=" + ts + ";h1=" + h1, at, nil, 401},
		{"stripe_style_labels_refused", "t=" + ts + ",v1=" + h1, at, nil, 401},
		{"commas_are_not_separators", "ts=" + ts + ",h1=" + h1, at, nil, 401},
		{"space_after_semicolon_refused", "ts=" + ts + "; h1=" + h1, at, nil, 401},
		{"signed_ts_changed", "ts=1698796801;h1=" + h1, at.Add(time.Second), nil, 401},
		{"5s_ahead", "ts=" + ts + ";h1=" + h1, at.Add(-5 * time.Second), nil, 204},
		{"6s_ahead", "ts=" + ts + ";h1=" + h1, at.Add(-6 * time.Second), nil, 401},
		{"6s_old_widened", "ts=" + ts + ";h1=" + h1, at.Add(6 * time.Second), []hooksig.Option{hooksig.WithTolerance(time.Minute, 5*time.Second)}, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			opts := append([]hooksig.Option{hooksig.WithClock(func() time.Time { return now })}, tc.opts...)
			v, err := hooksig.New(providers.Paddle("VALID_SECRET"), opts...)
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/paddle", strings.NewReader(body))
			r.Header.Set(providers.HeaderPaddleSignature, tc.sig)
			rec := httptest.NewRecorder()
			v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.WriteHeader(http.StatusNoContent)
			})).ServeHTTP(rec, r)
			assert.Equal(t, tc.want, rec.Code)
		})
	}
}

// A sender holding two secrets writes one h1 per secret; a route holding either verifies.
func TestPaddleTwoSecrets(t *testing.T) {
	now := time.Unix(1710929255, 0)
	signer, err := hooksig.NewSigner(providers.Paddle("pdl_ntfset_old", "pdl_ntfset_new"))
	require.NoError(t, err)
	h, err := signer.Sign(hooksig.Message{Timestamp: now, Body: []byte(`{"event_id":"evt_1"}`)})
	require.NoError(t, err)
	sig := h.Header.Get(providers.HeaderPaddleSignature)
	require.True(t, strings.HasPrefix(sig, "ts=1710929255;h1="), sig)
	require.Equal(t, 2, strings.Count(sig, ";h1="), sig)
	for _, secret := range []string{"pdl_ntfset_old", "pdl_ntfset_new"} {
		v, err := hooksig.New(providers.Paddle(secret), hooksig.WithClock(func() time.Time { return now }))
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/paddle", strings.NewReader(`{"event_id":"evt_1"}`))
		r.Header.Set(providers.HeaderPaddleSignature, sig)
		_, err = v.Verify(r, []byte(`{"event_id":"evt_1"}`))
		assert.NoError(t, err, secret)
	}
}
