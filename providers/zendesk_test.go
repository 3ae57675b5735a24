package providers_test

import (
	"crypto/sha256"
	"encoding/base64"
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

// The example signing secret of Zendesk's verifying page, used as-is.
const zendeskSecret = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="

func TestZendesk(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Zendesk,
		Secret:      zendeskSecret,
		OtherSecret: "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=",
		Vectors:     presettest.Load(t, "testdata/zendesk"),
	})
}

func zendeskSig(key, msg string) string {
	return base64.StdEncoding.EncodeToString(seedMAC(sha256.New, key, msg))
}

// The signature covers the timestamp header's text as sent, then the body, with nothing
// between them; the text must be RFC 3339.
func TestZendeskSignedContent(t *testing.T) {
	body := `{"ticket":{"id":42,"status":"open"}}`
	at := []hooksig.Option{hooksig.WithClock(frozen(time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)))}
	p := providers.Zendesk(zendeskSecret)
	h := func(ts, sig string) http.Header {
		return seedHeader(providers.HeaderZendeskTimestamp, ts, providers.HeaderZendeskSignature, sig)
	}
	signed := func(ts string) http.Header { return h(ts, zendeskSig(zendeskSecret, ts+body)) }
	const ts = "2024-03-01T12:00:00Z"
	for _, tc := range []seedCase{
		{"documented_form", p, at, signed(ts), body, 200},
		{"fractional_seconds", p, at, signed("2024-03-01T12:00:00.250Z"), body, 200},
		{"numeric_utc_offset", p, at, signed("2024-03-01T12:00:00+00:00"), body, 200},
		{"other_offset_same_instant", p, at, signed("2024-03-01T13:00:00+01:00"), body, 200},
		{"lower_case_header_names", p, at, seedHeader("x-zendesk-webhook-signature-timestamp", ts,
			"x-zendesk-webhook-signature", zendeskSig(zendeskSecret, ts+body)), body, 200},
		{"rotation_second_secret", providers.Zendesk("old-secret", zendeskSecret), at, signed(ts), body, 200},
		// Negatives.
		{"older_order_body_then_timestamp", p, at, h(ts, zendeskSig(zendeskSecret, body+ts)), body, 401},
		{"dot_between", p, at, h(ts, zendeskSig(zendeskSecret, ts+"."+body)), body, 401},
		{"body_only", p, at, h(ts, zendeskSig(zendeskSecret, body)), body, 401},
		{"reformatted_timestamp_text", p, at, h("2024-03-01T12:00:00+00:00", zendeskSig(zendeskSecret, ts+body)), body, 401},
		{"secret_base64_decoded", p, at, h(ts, base64.StdEncoding.EncodeToString(seedMAC(sha256.New, string(mustB64(zendeskSecret)), ts+body))), body, 401},
		{"unpadded", p, at, h(ts, strings.TrimRight(zendeskSig(zendeskSecret, ts+body), "=")), body, 401},
		{"unix_seconds_timestamp", p, at, signed("1709294400"), body, 401},
		{"space_instead_of_T", p, at, signed("2024-03-01 12:00:00Z"), body, 401},
		{"no_zone", p, at, signed("2024-03-01T12:00:00"), body, 401},
		{"timestamp_missing", p, at, seedHeader(providers.HeaderZendeskSignature, zendeskSig(zendeskSecret, ts+body)), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// Five minutes each way (Zendesk documents none); the invocation id is reported, unsigned; the
// webhook id is not a delivery id.
func TestZendeskWindowAndIDs(t *testing.T) {
	const ts = "2024-03-01T12:00:00Z"
	at := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	body := `{"ticket":{"id":42}}`
	verify := func(t *testing.T, now time.Time, extra ...string) (*hooksig.Delivery, error) {
		v, err := hooksig.New(providers.Zendesk(zendeskSecret), hooksig.WithClock(frozen(now)))
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
		r.Header.Set("X-Zendesk-Webhook-Signature-Timestamp", ts)
		r.Header.Set("X-Zendesk-Webhook-Signature", zendeskSig(zendeskSecret, ts+body))
		for i := 0; i < len(extra); i += 2 {
			r.Header.Set(extra[i], extra[i+1])
		}
		return v.Verify(r, []byte(body))
	}
	for _, tc := range []struct {
		name    string
		offset  time.Duration // now − timestamp
		wantErr error
	}{
		{"5m_after", 5 * time.Minute, nil},
		{"5m_and_1ns_after", 5*time.Minute + 1, hooksig.ErrTimestampTooOld},
		{"5m_before", -5 * time.Minute, nil},
		{"5m_and_1ns_before", -5*time.Minute - 1, hooksig.ErrTimestampTooNew},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := verify(t, at.Add(tc.offset))
			if tc.wantErr == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tc.wantErr)
			}
		})
	}
	t.Run("ids", func(t *testing.T) {
		d, err := verify(t, at, "X-Zendesk-Webhook-Id", "01F1KRFQ6BG29CNWFR60NK5FNY", "X-Zendesk-Webhook-Invocation-Id", "8350205582")
		require.NoError(t, err)
		assert.Equal(t, "8350205582", d.ID)
		assert.False(t, d.IDSigned)
		assert.True(t, d.Timestamp.Equal(at))
		d, err = verify(t, at, "X-Zendesk-Webhook-Id", "01F1KRFQ6BG29CNWFR60NK5FNY")
		require.NoError(t, err)
		assert.Empty(t, d.ID, "the webhook id names the webhook, not the delivery")
	})
}
