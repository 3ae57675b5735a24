package providers_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestSlack(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Slack,
		Secret:      "8f742231b10e8888abcd99yyyzzz85a5",
		OtherSecret: "e6b19c573432dcc6b075501d51b51bb8",
		Vectors:     presettest.Load(t, "testdata/slack"),
	})
}

// handshake signs body for p at now and serves it through a route, reporting the answer and
// whether next ran.
func handshake(t *testing.T, p hooksig.Provider, now time.Time, body string, header http.Header) (*http.Response, bool) {
	t.Helper()
	return handshakeWith(t, p, p, now, body, header)
}

// handshakeWith signs with signing and serves through a route for route (asymmetric schemes:
// the private key signs, the public key verifies).
func handshakeWith(t *testing.T, signing, route hooksig.Provider, now time.Time, body string, header http.Header) (*http.Response, bool) {
	t.Helper()
	p := signing
	v, err := hooksig.New(route, hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	s, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	r, err := s.Request("http://receiver.example/hook", hooksig.Message{ID: "msg_handshake", Timestamp: now, Body: []byte(body), Header: header})
	require.NoError(t, err)
	for k, vs := range header {
		r.Header[k] = vs
	}
	called := false
	rec := serveRec(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		called = true
		w.WriteHeader(http.StatusNoContent)
	})), r)
	return rec.Result(), called
}

func TestSlackURLVerification(t *testing.T) {
	now := time.Unix(1700000000, 0)
	p := providers.Slack("slack signing secret")
	resp, called := handshake(t, p, now, `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, nil)
	assert.False(t, called, "a handshake never reaches next")
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.JSONEq(t, `{"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}`, readAll(t, resp))

	resp, called = handshake(t, p, now, `{"type":"event_callback","event_id":"Ev1"}`, nil)
	assert.True(t, called, "an ordinary event reaches next")
	assert.Equal(t, 204, resp.StatusCode)

	// Unsigned, the challenge is an ordinary forged request: 401, nothing echoed.
	v, err := hooksig.New(p, hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	r := newPost(`{"challenge":"x","type":"url_verification"}`)
	r.Header.Set(providers.HeaderSlackTimestamp, "1700000000")
	r.Header.Set(providers.HeaderSlackSignature, "v0=00")
	assert.Equal(t, 401, serveRec(v.Handler(http.NotFoundHandler()), r).Code)
}
