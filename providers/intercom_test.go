package providers_test

import (
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

func TestIntercom(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Intercom,
		Secret:      "3f8a2c6e-intercom-client-secret-9d41",
		OtherSecret: "another-intercom-client-secret",
		Vectors:     presettest.Load(t, "testdata/intercom"),
	})
}

// The algorithm is pinned to sha1 and read from X-Hub-Signature only. The signature is the
// independent_ping vector's.
func TestIntercomPinned(t *testing.T) {
	vectors := presettest.Load(t, "testdata/intercom")
	require.Equal(t, "independent_ping", vectors[0].Name)
	vec := vectors[0]
	sig := vec.Header["X-Hub-Signature"]
	require.True(t, strings.HasPrefix(sig, "sha1="))
	hexSig := strings.TrimPrefix(sig, "sha1=")
	for _, tc := range []struct {
		name   string
		header map[string]string
		valid  bool
	}{
		{"as_sent", map[string]string{"X-Hub-Signature": sig}, true},
		{"upper_case_hex", map[string]string{"X-Hub-Signature": "sha1=" + strings.ToUpper(hexSig)}, true},
		{"upper_case_label", map[string]string{"X-Hub-Signature": "SHA1=" + hexSig}, false},
		{"sha256_label_on_sha1_value", map[string]string{"X-Hub-Signature": "sha256=" + hexSig}, false},
		{"github_sha256_header_not_read", map[string]string{"X-Hub-Signature-256": sig}, false},
		{"two_entries_in_one_value", map[string]string{"X-Hub-Signature": sig + "," + sig}, false},
		{"truncated", map[string]string{"X-Hub-Signature": sig[:len(sig)-2]}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Intercom(vec.Secrets...))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/intercom", strings.NewReader(vec.Body))
			for k, val := range tc.header {
				r.Header.Set(k, val)
			}
			d, err := v.Verify(r, []byte(vec.Body))
			if !tc.valid {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Empty(t, d.ID, "Intercom sends no delivery-id header")
			assert.True(t, d.Timestamp.IsZero(), "Intercom signs no timestamp")
		})
	}
}
