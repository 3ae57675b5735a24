package providers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

func TestStripe(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Stripe,
		Secret:      "whsec_test_secret",
		OtherSecret: "whsec_another_endpoint_secret",
		Vectors:     presettest.Load(t, "testdata/stripe"),
	})
}

// stripeStatus sends body with the Stripe-Signature value sig to a Stripe route holding
// secrets, at now, and returns the status the middleware answers (204 when next ran).
func stripeStatus(t *testing.T, now time.Time, sig, body string, secrets ...string) int {
	t.Helper()
	v, err := hooksig.New(providers.Stripe(secrets...), hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/stripe", strings.NewReader(body))
	r.Header.Set(providers.HeaderStripeSignature, sig)
	rec := httptest.NewRecorder()
	v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})).ServeHTTP(rec, r)
	return rec.Code
}

// The stripe-dotnet vector with the header written in the ways Stripe's list form allows.
func TestStripeHeaderForms(t *testing.T) {
	vectors := presettest.Load(t, "testdata/stripe")
	require.Equal(t, "dotnet_valid", vectors[0].Name)
	body, secret := vectors[0].Body, vectors[0].Secrets[0]
	const (
		ts = "1533204620"
		v1 = "2220f87ef101a04665f11cdf770523143f875572008577fa0f20882ddb9cc3c7"
		v0 = "63f3a72374a733066c4be69ed7f8e5ac85c22c9f0a6a612ab9a025a9e4ee7eef"
	)
	at := time.Unix(1533204620, 0)
	for _, tc := range []struct {
		name string
		sig  string
		now  time.Time
		want int
	}{
		{"v1_only", "t=" + ts + ",v1=" + v1, at, 204},
		{"v0_first", "t=" + ts + ",v0=" + v0 + ",v1=" + v1, at, 204},
		{"timestamp_last", "v1=" + v1 + ",t=" + ts, at, 204},
		{"spaces_after_commas", "t=" + ts + ", v1=" + v1 + ", v0=" + v0, at, 204},
		{"unknown_scheme_skipped", "t=" + ts + ",v9=abc,v1=" + v1, at, 204},
		// stripe-dotnet ValidateSignature_MultipleSignatures_AtLeastOneValid_ShouldPass.
		{"another_v1_that_fails", "t=" + ts + ",v1=" + strings.Repeat("de", 32) + ",v1=" + v1, at, 204},
		{"upper_case_label_refused", "t=" + ts + ",V1=" + v1, at, 401},
		{"v0_only_refused", "t=" + ts + ",v0=" + v0, at, 401},
		{"no_timestamp", "v1=" + v1, at, 401},
		{"timestamp_twice", "t=" + ts + ",t=" + ts + ",v1=" + v1, at, 401},
		{"empty_timestamp", "t=,v1=" + v1, at, 401},
		{"signed_timestamp_changed", "t=1533204621,v1=" + v1, at, 401},
		{"leading_zero_timestamp", "t=0" + ts + ",v1=" + v1, at, 401},
		{"semicolons_are_not_separators", "t=" + ts + ";v1=" + v1, at, 401},
		// The window: 300 s either way, both ends inclusive.
		{"300s_old", "t=" + ts + ",v1=" + v1, at.Add(300 * time.Second), 204},
		{"301s_old", "t=" + ts + ",v1=" + v1, at.Add(301 * time.Second), 401},
		{"300s_ahead", "t=" + ts + ",v1=" + v1, at.Add(-300 * time.Second), 204},
		{"301s_ahead", "t=" + ts + ",v1=" + v1, at.Add(-301 * time.Second), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, stripeStatus(t, tc.now, tc.sig, body, secret))
		})
	}
}

// While Stripe rolls an endpoint secret it sends one v1 per live secret (stripe-go's
// TestTokenNew rolled-key case): a route holding either secret verifies the delivery.
func TestStripeRolledSecret(t *testing.T) {
	now := time.Unix(1700000000, 0)
	signer, err := hooksig.NewSigner(providers.Stripe("whsec_old_secret", "whsec_new_secret"))
	require.NoError(t, err)
	h, err := signer.Sign(hooksig.Message{Timestamp: now, Body: []byte(`{"id":"evt_1"}`)})
	require.NoError(t, err)
	sig := h.Header.Get(providers.HeaderStripeSignature)
	require.Equal(t, 2, strings.Count(sig, ",v1="), sig)
	for _, secret := range []string{"whsec_old_secret", "whsec_new_secret"} {
		assert.Equal(t, 204, stripeStatus(t, now, sig, `{"id":"evt_1"}`, secret), secret)
	}
	assert.Equal(t, 401, stripeStatus(t, now, sig, `{"id":"evt_1"}`, "whsec_third_secret"))
}

// The whsec_ secret is the key as-is: a signature keyed with its text (computed here with
// crypto/hmac, not hooksig) verifies; one keyed with the base64 reading of its tail does not.
func TestStripeSecretIsRaw(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	const body = `{"id":"evt_raw","object":"event"}`
	now := time.Unix(1700000000, 0)
	mac := func(key []byte) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte("1700000000." + body))
		return hex.EncodeToString(m.Sum(nil))
	}
	assert.Equal(t, 204, stripeStatus(t, now, "t=1700000000,v1="+mac([]byte(secret)), body, secret))
	decoded, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	require.NoError(t, err)
	assert.Equal(t, 401, stripeStatus(t, now, "t=1700000000,v1="+mac(decoded), body, secret))
}
