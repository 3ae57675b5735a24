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

func TestRazorpay(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Razorpay,
		Secret:      "123456",
		OtherSecret: "razorpay-webhook-secret-2",
		Vectors:     presettest.Load(t, "testdata/razorpay"),
	})
}

// After a secret change, retries of older events still carry the old secret's signature.
func TestRazorpaySignatureForms(t *testing.T) {
	const oldSecret, newSecret = "old-webhook-secret", "new-webhook-secret"
	body := `{"entity":"event","event":"payment.captured","contains":["payment"],"created_at":1652339806}`
	sig := func(key string) string { return hex.EncodeToString(seedMAC(sha256.New, key, body)) }
	both := providers.Razorpay(newSecret, oldSecret)
	h := func(v string) http.Header { return seedHeader(providers.HeaderRazorpaySignature, v) }
	for _, tc := range []seedCase{
		{"new_event_new_secret", both, nil, h(sig(newSecret)), body, 200},
		{"retry_of_older_event_old_secret", both, nil, h(sig(oldSecret)), body, 200},
		// Negatives.
		{"old_secret_dropped", providers.Razorpay(newSecret), nil, h(sig(oldSecret)), body, 401},
		{"base64", both, nil, h(base64.StdEncoding.EncodeToString(seedMAC(sha256.New, newSecret, body))), body, 401},
		{"sha256_prefix", both, nil, h("sha256=" + sig(newSecret)), body, 401},
		// The Checkout payment signature (order_id|payment_id) is another scheme.
		{"checkout_signature", both, nil, h(hex.EncodeToString(seedMAC(sha256.New, newSecret, "order_JUELuT6cFaHkvd|pay_JUEM4c0pSLpFEW"))), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// X-Razorpay-Event-Id is reported, unsigned.
func TestRazorpayEventID(t *testing.T) {
	body := `{"entity":"event","event":"order.paid"}`
	v, err := hooksig.New(providers.Razorpay("123456"))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	r.Header.Set("X-Razorpay-Signature", hex.EncodeToString(seedMAC(sha256.New, "123456", body)))
	r.Header.Set("x-razorpay-event-id", "JUEM4d1pSLpFEX")
	d, err := v.Verify(r, []byte(body))
	require.NoError(t, err)
	assert.Equal(t, "JUEM4d1pSLpFEX", d.ID)
	assert.False(t, d.IDSigned)
}
