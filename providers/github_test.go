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

func TestGitHub(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.GitHub,
		Secret:      "It's a Secret to Everybody",
		OtherSecret: "another webhook secret",
		Vectors:     presettest.Load(t, "testdata/github"),
	})
}

// The SHA-1 header verifies only with the opt-in preset, and only when the SHA-256 one is
// absent.
func TestGitHubAllowingSHA1(t *testing.T) {
	v, err := hooksig.New(providers.GitHubAllowingSHA1("0123456789abcdef"))
	require.NoError(t, err)
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"yo":true}`))
	r.Header.Set("X-Hub-Signature", "sha1=126f2c800419c60137ce748d7672e77b65cf16d6") // go-github's vector
	_, err = v.Verify(r, []byte(`{"yo":true}`))
	assert.NoError(t, err)
	presettest.Run(t, presettest.Suite{New: providers.GitHubAllowingSHA1, Secret: "s3cret-value", OtherSecret: "other-value"})
	_ = http.StatusOK
}
