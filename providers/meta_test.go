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

func TestMeta(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Meta,
		Secret:      "TEST_APP_SECRET",
		OtherSecret: "OTHER_APP_SECRET",
		Vectors:     presettest.Load(t, "testdata/meta"),
	})
}

func TestMetaSubscriptionHandshake(t *testing.T) {
	const token = "my-verify-token"
	v, err := hooksig.New(providers.MetaWithVerifyToken(token, "TEST_APP_SECRET"))
	require.NoError(t, err)
	called := false
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	for _, tc := range []struct {
		name, method, query string
		want                int
		body                string
	}{
		{"answered", "GET", "hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1158201444", 200, "1158201444"},
		{"wrong_token", "GET", "hub.mode=subscribe&hub.verify_token=other&hub.challenge=1158201444", 401, "Unauthorized\n"},
		{"token_prefix", "GET", "hub.mode=subscribe&hub.verify_token=my-verify&hub.challenge=1", 401, "Unauthorized\n"},
		{"other_mode", "GET", "hub.mode=unsubscribe&hub.verify_token=my-verify-token&hub.challenge=1", 401, "Unauthorized\n"},
		{"no_challenge", "GET", "hub.mode=subscribe&hub.verify_token=my-verify-token", 401, "Unauthorized\n"},
		{"challenge_repeated", "GET", "hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1&hub.challenge=2", 401, "Unauthorized\n"},
		{"challenge_with_markup", "GET", "hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=%3Cscript%3E", 401, "Unauthorized\n"},
		{"challenge_too_long", "GET", "hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=" + strings.Repeat("1", 129), 401, "Unauthorized\n"},
		{"post_is_a_delivery", "POST", "hub.mode=subscribe&hub.verify_token=my-verify-token&hub.challenge=1", 401, "Unauthorized\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			called = false
			r := httptest.NewRequest(tc.method, "/hook?"+tc.query, nil)
			rec := serveRec(h, r)
			assert.Equal(t, tc.want, rec.Code)
			assert.Equal(t, tc.body, rec.Body.String())
			assert.False(t, called, "a handshake never reaches next")
			if tc.want == 200 {
				assert.Equal(t, "text/plain; charset=utf-8", rec.Header().Get("Content-Type"))
				assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			}
		})
	}
	for name, bad := range map[string]string{"empty": "", "space": "a token", "control": "tok\x00en", "long": strings.Repeat("t", 257)} {
		_, err := hooksig.New(providers.MetaWithVerifyToken(bad, "TEST_APP_SECRET"))
		assert.ErrorIs(t, err, hooksig.ErrInvalidOption, name)
	}
}
