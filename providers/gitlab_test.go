package providers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/internal/vectors"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestGitLab(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:           providers.GitLab,
		Secret:        "my-gitlab-token",
		OtherSecret:   "another-gitlab-token",
		Vectors:       presettest.Load(t, "testdata/gitlab"),
		BodyNotSigned: true,
	})
}

func TestGitLabToken(t *testing.T) {
	long := strings.Repeat("t", 1024)
	for _, tc := range []struct {
		name, token, sent string
		want              int
	}{
		{"equal", "my-gitlab-token", "my-gitlab-token", 204},
		{"1024_bytes", long, long, 204},
		{"over_1024_bytes", long + "t", long + "t", 401},
		{"longer", "my-gitlab-token", "my-gitlab-token2", 401},
		{"case_differs", "my-gitlab-token", "My-gitlab-token", 401},
		{"padded", "my-gitlab-token", " my-gitlab-token", 401},
		{"absent", "my-gitlab-token", "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.GitLab(tc.token))
			require.NoError(t, err)
			r := newPost(`{"object_kind":"push"}`)
			if tc.sent != "" {
				r.Header.Set(providers.HeaderGitLabToken, tc.sent)
			}
			rec := serveRec(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })), r)
			assert.Equal(t, tc.want, rec.Code)
		})
	}
}

// The signing token is Standard Webhooks under GitLab's name: the spec's vectors verify.
func TestGitLabSigningToken(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.GitLabSigningToken,
		Secret:      vectors.S1Secret,
		OtherSecret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
		Vectors: []presettest.Vector{{
			Name: "standard_webhooks_s1", Source: "standard-webhooks libraries/go/webhook_test.go (the scheme GitLab's MR 230944 implements)",
			Secrets: []string{vectors.S1Secret}, Body: vectors.S1Body, Now: "2021-02-25T15:02:10Z", Valid: true,
			Header: map[string]string{"webhook-id": vectors.S1ID, "webhook-timestamp": vectors.S1TimeText, "webhook-signature": vectors.S1Signature},
		}},
	})
}
