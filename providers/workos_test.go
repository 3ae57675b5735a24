package providers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// workos-python's test secret (tests/test_webhooks.py).
const workOSSecret = "2sAZJlbjP8Ce3rwkKEv2GfKef"

func TestWorkOS(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.WorkOS,
		Secret:      workOSSecret,
		OtherSecret: "9pQxR3mLk7NvB2cTzW5yHdF8s",
		Vectors:     presettest.Load(t, "testdata/workos"),
	})
}

// The header's spellings: WorkOS writes "t=<ms>, v1=<hex>"; the SDKs differ on spaces, so any
// spacing around entries is accepted, in any order, but t must be there once and in ms.
func TestWorkOSHeaderForms(t *testing.T) {
	const ts = "1722443701539"
	body := `{"id":"event_01J44T8116Q5M0RYCFA6KWNXN9","event":"connection.activated"}`
	sig := func(key, t string) string { return hex.EncodeToString(seedMAC(sha256.New, key, t+"."+body)) }
	good := sig(workOSSecret, ts)
	p := providers.WorkOS(workOSSecret)
	at := []hooksig.Option{hooksig.WithClock(frozen(time.UnixMilli(1722443701539)))}
	h := func(v string) http.Header { return seedHeader(providers.HeaderWorkOSSignature, v) }
	sec := ts[:len(ts)-3]
	for _, tc := range []seedCase{
		{"comma_space", p, at, h("t=" + ts + ", v1=" + good), body, 200},
		{"comma_only", p, at, h("t=" + ts + ",v1=" + good), body, 200},
		{"tab_and_spaces", p, at, h(" t=" + ts + " ,\tv1=" + good + " "), body, 200},
		{"v1_first", p, at, h("v1=" + good + ", t=" + ts), body, 200},
		{"two_v1_one_matches", p, at, h("t=" + ts + ", v1=" + sig("old secret", ts) + ", v1=" + good), body, 200},
		{"lower_case_header_name", p, at, seedHeader("workos-signature", "t="+ts+", v1="+good), body, 200},
		// Negatives.
		{"no_t", p, at, h("v1=" + good), body, 401},
		{"t_twice", p, at, h("t=" + ts + ", t=" + ts + ", v1=" + good), body, 401},
		{"empty_t", p, at, h("t=, v1=" + good), body, 401},
		{"seconds_not_ms", p, at, h("t=" + sec + ", v1=" + sig(workOSSecret, sec)), body, 401},
		{"t_not_signed_as_sent", p, at, h("t=0" + ts + ", v1=" + good), body, 401},
		{"upper_case_label", p, at, h("t=" + ts + ", V1=" + good), body, 401},
		{"wrong_secret", providers.WorkOS("this_is_not_it_123"), at, h("t=" + ts + ", v1=" + good), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// 180 s each way, to the millisecond; the delivery's timestamp is t.
func TestWorkOSWindow(t *testing.T) {
	const ts = int64(1722443701539)
	body := `{"id":"event_01","event":"user.created"}`
	header := "t=" + strconv.FormatInt(ts, 10) + ", v1=" + hex.EncodeToString(seedMAC(sha256.New, workOSSecret, strconv.FormatInt(ts, 10)+"."+body))
	for _, tc := range []struct {
		name    string
		offset  time.Duration // now − t
		wantErr error
	}{
		{"at_t", 0, nil},
		{"180s_after", 180 * time.Second, nil},
		{"180.001s_after", 180*time.Second + time.Millisecond, hooksig.ErrTimestampTooOld},
		{"180s_before", -180 * time.Second, nil},
		{"180.001s_before", -180*time.Second - time.Millisecond, hooksig.ErrTimestampTooNew},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.WorkOS(workOSSecret), hooksig.WithClock(frozen(time.UnixMilli(ts).Add(tc.offset))))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
			r.Header.Set("WorkOS-Signature", header)
			d, err := v.Verify(r, []byte(body))
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.True(t, d.Timestamp.Equal(time.UnixMilli(ts)))
			assert.Empty(t, d.ID, "WorkOS sends no delivery-id header")
		})
	}
}
