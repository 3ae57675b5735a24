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

func TestGogs(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Gogs,
		Secret:      "gogs-webhook-secret",
		OtherSecret: "another-gogs-secret",
		Vectors:     presettest.Load(t, "testdata/gogs"),
	})
}

// The X-Gogs-Delivery UUID is reported, unsigned; Gogs' X-Github-Delivery twin is not read, and
// Gitea's signature header does not stand in for Gogs'.
func TestGogsHeaders(t *testing.T) {
	vectors := presettest.Load(t, "testdata/gogs")
	require.Equal(t, "independent_push", vectors[0].Name)
	vec := vectors[0]
	v, err := hooksig.New(providers.Gogs(vec.Secrets...))
	require.NoError(t, err)

	r := httptest.NewRequest(http.MethodPost, "/gogs", strings.NewReader(vec.Body))
	for k, val := range vec.Header {
		r.Header.Set(k, val)
	}
	d, err := v.Verify(r, []byte(vec.Body))
	require.NoError(t, err)
	assert.Equal(t, vec.Header["X-Gogs-Delivery"], d.ID)
	assert.False(t, d.IDSigned)

	r = httptest.NewRequest(http.MethodPost, "/gogs", strings.NewReader(vec.Body))
	r.Header.Set(providers.HeaderGiteaSignature, vec.Header["X-Gogs-Signature"])
	_, err = v.Verify(r, []byte(vec.Body))
	assert.Error(t, err)
}
