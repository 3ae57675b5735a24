package providers_test

import (
	"crypto/hmac"
	"crypto/sha256"
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

func TestBitbucket(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Bitbucket,
		Secret:      "It's a Bitbucket webhook secret",
		OtherSecret: "another bitbucket secret",
		Vectors:     presettest.Load(t, "testdata/bitbucket"),
	})
}

func TestBitbucketServer(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.BitbucketServer,
		Secret:      "It's a Bitbucket webhook secret",
		OtherSecret: "another bitbucket secret",
		Vectors:     presettest.Load(t, "testdata/bitbucket"),
	})
}

// Cloud and Server sign alike and differ in the delivery-id header each preset reports; the
// id is never signed.
func TestBitbucketDeliveryIDs(t *testing.T) {
	const secret = "bitbucket-secret"
	const body = `{"repository":{"full_name":"team/repo"}}`
	m := hmac.New(sha256.New, []byte(secret)) // independent of hooksig's signer
	m.Write([]byte(body))
	sig := "sha256=" + hex.EncodeToString(m.Sum(nil))
	cloud := map[string]string{"X-Hub-Signature": sig, "X-Request-UUID": "cloud-uuid", "X-Hook-UUID": "{hook}", "X-Event-Key": "repo:push"}
	server := map[string]string{"X-Hub-Signature": sig, "X-Request-Id": "server-id", "X-Event-Key": "repo:refs_changed"}
	for _, tc := range []struct {
		name   string
		new    func(...string) hooksig.Provider
		header map[string]string
		id     string
	}{
		{"cloud_preset_cloud_delivery", providers.Bitbucket, cloud, "cloud-uuid"},
		{"cloud_preset_server_delivery", providers.Bitbucket, server, ""},
		{"server_preset_server_delivery", providers.BitbucketServer, server, "server-id"},
		{"server_preset_cloud_delivery", providers.BitbucketServer, cloud, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(tc.new(secret))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/bitbucket", strings.NewReader(body))
			for k, val := range tc.header {
				r.Header.Set(k, val)
			}
			d, err := v.Verify(r, []byte(body))
			require.NoError(t, err)
			assert.Equal(t, "bitbucket", d.Provider)
			assert.Equal(t, tc.id, d.ID)
			assert.False(t, d.IDSigned)
		})
	}
}

// The algorithm is pinned: only sha256 entries count.
func TestBitbucketPinned(t *testing.T) {
	vectors := presettest.Load(t, "testdata/bitbucket")
	require.Equal(t, "independent_cloud_push", vectors[0].Name)
	vec := vectors[0]
	sig := vec.Header["X-Hub-Signature"]
	require.True(t, strings.HasPrefix(sig, "sha256="))
	hexSig := strings.TrimPrefix(sig, "sha256=")
	for _, tc := range []struct {
		name  string
		value string
		valid bool
	}{
		{"as_sent", sig, true},
		{"sha512_label", "sha512=" + hexSig, false},
		{"sha1_label", "sha1=" + hexSig, false},
		{"bare_hex", hexSig, false},
		{"upper_case_label", "SHA256=" + hexSig, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Bitbucket(vec.Secrets...))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/bitbucket", strings.NewReader(vec.Body))
			r.Header.Set(providers.HeaderHubSignature, tc.value)
			_, err = v.Verify(r, []byte(vec.Body))
			assert.Equal(t, tc.valid, err == nil, "%v", err)
		})
	}
}
