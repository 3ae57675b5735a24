package providers_test

import (
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

func TestGitea(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Gitea,
		Secret:      "gitea-webhook-secret",
		OtherSecret: "another-gitea-secret",
		Vectors:     presettest.Load(t, "testdata/gitea"),
	})
}

// One Gitea delivery carries the same signature under three names: the Gitea preset reads
// X-Gitea-Signature, Gogs' preset X-Gogs-Signature, and GitHub's X-Hub-Signature-256; each
// reports its own delivery-id header (all the same UUID), unsigned.
func TestGiteaDeliveryHeaders(t *testing.T) {
	vectors := presettest.Load(t, "testdata/gitea")
	require.Equal(t, "independent_push_all_headers", vectors[0].Name)
	vec := vectors[0]
	for _, tc := range []struct {
		name   string
		new    func(...string) hooksig.Provider
		header string // the header read; removing it must make the delivery fail
	}{
		{"gitea", providers.Gitea, "X-Gitea-Signature"},
		{"gogs", providers.Gogs, "X-Gogs-Signature"},
		{"github", providers.GitHub, "X-Hub-Signature-256"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(tc.new(vec.Secrets...))
			require.NoError(t, err)
			build := func() *http.Request {
				r := httptest.NewRequest(http.MethodPost, "/gitea", strings.NewReader(vec.Body))
				for k, val := range vec.Header {
					r.Header.Set(k, val)
				}
				return r
			}
			d, err := v.Verify(build(), []byte(vec.Body))
			require.NoError(t, err)
			assert.Equal(t, vec.Header["X-Gitea-Delivery"], d.ID)
			assert.False(t, d.IDSigned)
			r := build()
			r.Header.Del(tc.header)
			_, err = v.Verify(r, []byte(vec.Body))
			assert.Error(t, err, "no other header stands in for %s", tc.header)
		})
	}
}

// Unlabelled bare hex, one value: nothing else is read as a signature.
func TestGiteaValueForms(t *testing.T) {
	vectors := presettest.Load(t, "testdata/gitea")
	require.Equal(t, "independent_push_gitea_header_only", vectors[1].Name)
	vec := vectors[1]
	sig := vec.Header["X-Gitea-Signature"]
	mac, err := hex.DecodeString(sig)
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		value string
		valid bool
	}{
		{"as_sent", sig, true},
		{"upper_case_hex", strings.ToUpper(sig), true},
		{"labelled", "sha256=" + sig, false},
		{"base64_of_the_mac", base64.StdEncoding.EncodeToString(mac), false},
		{"two_values_in_one", sig + "," + sig, false},
		{"truncated", sig[:62], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Gitea(vec.Secrets...))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/gitea", strings.NewReader(vec.Body))
			r.Header.Set(providers.HeaderGiteaSignature, tc.value)
			_, err = v.Verify(r, []byte(vec.Body))
			assert.Equal(t, tc.valid, err == nil, "%v", err)
		})
	}
}
