package hooksig_test

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// metaLike is a second sender that signs in X-Hub-Signature-256 exactly as GitHub does (Meta),
// with its own secret: a route serving both must try both.
func metaLike(secret string) hooksig.Provider {
	p := providers.GitHub(secret)
	p.Scheme.Name = "metalike"
	return p
}

func hubRequest(t testing.TB, p hooksig.Provider, body string) *http.Request {
	t.Helper()
	s, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	r, err := s.Request("http://receiver.example/webhooks", hooksig.Message{Body: []byte(body)})
	require.NoError(t, err)
	return r
}

func TestNewAnySharedHeaderBothTried(t *testing.T) {
	gh, meta := providers.GitHub("github secret"), metaLike("meta app secret")
	v, err := hooksig.NewAny([]hooksig.Provider{gh, meta}, hooksig.WithClock(frozen(s1Now)))
	require.NoError(t, err)
	for _, tc := range []struct {
		name     string
		req      *http.Request
		want     int
		provider string
	}{
		{"github_delivery", hubRequest(t, gh, `{"zen":"hi"}`), 204, "github"},
		{"meta_delivery_tried_after_github", hubRequest(t, meta, `{"object":"page"}`), 204, "metalike"},
		{"forged_for_github", hubRequest(t, providers.GitHub("not the secret"), `{"zen":"hi"}`), 401, ""},
		{"forged_for_meta", hubRequest(t, metaLike("not the secret"), `{"object":"page"}`), 401, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var next sink
			rec := serve(v.Handler(&next), tc.req)
			assert.Equal(t, tc.want, rec.Code)
			if tc.want == 204 {
				require.Equal(t, 1, next.called)
				assert.Equal(t, tc.provider, next.delivery.Provider)
			} else {
				assert.Zero(t, next.called)
			}
		})
	}
}

// One provider's valid delivery, sent with another provider's headers added, still verifies
// as the first — and never as the other.
func TestNewAnyValidDeliveryWithOthersHeadersAdded(t *testing.T) {
	v, err := hooksig.NewAny([]hooksig.Provider{providers.Sendsar("whsec_sendsar_secret"), providers.StandardWebhooks(s1Secret)},
		hooksig.WithClock(frozen(s1Now)))
	require.NoError(t, err)
	r := signed(t, []byte(`{"a":1}`))
	r.Header.Set(providers.HeaderSendsarSignature, "sha256="+strings.Repeat("00", 32))
	var next sink
	assert.Equal(t, 204, serve(v.Handler(&next), r).Code)
	assert.Equal(t, "standardwebhooks", next.delivery.Provider)
	assert.True(t, next.delivery.IDSigned)
}

// No candidate's fields: 401 before a byte is read, whatever the body's size.
func TestNewAnyNoFieldsNoRead(t *testing.T) {
	v, err := hooksig.NewAny([]hooksig.Provider{providers.GitHub("g"), providers.StandardWebhooks(s1Secret)})
	require.NoError(t, err)
	r := httptest.NewRequest("POST", "/", nil)
	r.Body, r.ContentLength = io.NopCloser(noRead{t}), 20<<20
	rec := serve(v.Handler(&sink{}), r)
	assert.Equal(t, 401, rec.Code)
}

// The body is read with the largest limit among the candidates whose fields are present: a
// 2 MiB GitHub delivery is read (GitHub's 25 MB), a 2 MiB Standard Webhooks one is refused
// before it is read.
func TestNewAnyLimitFromPresentCandidates(t *testing.T) {
	gh := providers.GitHub("github secret")
	v, err := hooksig.NewAny([]hooksig.Provider{gh, providers.StandardWebhooks(s1Secret)}, hooksig.WithClock(frozen(s1Now)))
	require.NoError(t, err)
	big := strings.Repeat("x", 2<<20)
	var next sink
	assert.Equal(t, 204, serve(v.Handler(&next), hubRequest(t, gh, big)).Code)
	r := signed(t, []byte(big))
	r.Body = io.NopCloser(noRead{t})
	assert.Equal(t, 413, serve(v.Handler(&next), r).Code)
}

// Replay keys stay per provider: the same delivery id from two senders is two deliveries.
func TestNewAnyReplayIsolation(t *testing.T) {
	store := hooksig.NewMemoryStore(100)
	v, err := hooksig.NewAny([]hooksig.Provider{providers.StandardWebhooks(s1Secret), providers.Svix(otherSWSecret)},
		hooksig.WithClock(frozen(s1Now)), hooksig.WithReplayStore(store))
	require.NoError(t, err)
	sign := func(p hooksig.Provider) *http.Request {
		s, err := hooksig.NewSigner(p)
		require.NoError(t, err)
		r, err := s.Request("http://x/", hooksig.Message{ID: "msg_same", Timestamp: s1Now, Body: []byte(`{}`)})
		require.NoError(t, err)
		return r
	}
	var next sink
	h := v.Handler(&next)
	assert.Equal(t, 204, serve(h, sign(providers.StandardWebhooks(s1Secret))).Code)
	assert.Equal(t, 204, serve(h, sign(providers.Svix(otherSWSecret))).Code, "another provider's id is not a duplicate")
	assert.Equal(t, 200, serve(h, sign(providers.Svix(otherSWSecret))).Code, "its own replay is")
	assert.Equal(t, 2, next.called)
}

// Verify takes the same path: several providers, the first that verifies.
func TestNewAnyVerify(t *testing.T) {
	gh, meta := providers.GitHub("github secret"), metaLike("meta app secret")
	v, err := hooksig.NewAny([]hooksig.Provider{gh, meta})
	require.NoError(t, err)
	r := hubRequest(t, meta, `{"x":1}`)
	b, _ := io.ReadAll(r.Body)
	d, err := v.Verify(r, b)
	require.NoError(t, err)
	assert.Equal(t, "metalike", d.Provider)
	assert.Equal(t, b, d.Body())
	r.Body = io.NopCloser(bytes.NewReader(b))
	_, err = v.Verify(r, []byte(`{"x":2}`))
	assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)
}

func TestNewAnyConfigurationErrors(t *testing.T) {
	_, err := hooksig.NewAny(nil)
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
	_, err = hooksig.NewAny([]hooksig.Provider{providers.GitHub("a"), providers.GitHub("b")})
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "two providers with one name")
	_, err = hooksig.NewAny([]hooksig.Provider{providers.GitHub("a"), providers.StandardWebhooks("")})
	assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
}
