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

func TestOkta(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Okta, Secret: "my-shared-secret", OtherSecret: "another-shared-secret",
		Vectors: presettest.Load(t, "testdata/okta"), BodyNotSigned: true})
}

func TestOktaVerification(t *testing.T) {
	v, err := hooksig.New(providers.Okta("my-shared-secret"))
	require.NoError(t, err)
	reached := 0
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached++ }))
	get := func(auth, challenge string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/okta", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		r.Header.Set(providers.HeaderOktaVerificationChallenge, challenge)
		return serveRec(h, r)
	}
	rec := get("my-shared-secret", "rj8tULmKzZwJ8m3HY8mJrxd2e8C5mzUpBv87Dw5D")
	assert.Equal(t, 200, rec.Code)
	assert.JSONEq(t, `{"verification":"rj8tULmKzZwJ8m3HY8mJrxd2e8C5mzUpBv87Dw5D"}`, rec.Body.String())
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	assert.Equal(t, 401, get("", "rj8tULmKzZwJ8m3HY8mJrxd2e8C5mzUpBv87Dw5D").Code, "no secret: no answer")
	assert.Equal(t, 401, get("wrong", "rj8tULmKzZwJ8m3HY8mJrxd2e8C5mzUpBv87Dw5D").Code)
	assert.Zero(t, reached, "a handshake reached next")
	// A value outside the character set is not echoed: the request is an ordinary delivery,
	// which the shared token authenticates.
	rec = get("my-shared-secret", `"><script>`)
	assert.NotContains(t, rec.Body.String(), "script")
	assert.Equal(t, 1, reached, "a challenge outside the character set")
}

// A shared token signs nothing: WithDedupe keys on the body, so distinct events all reach next
// and only a repeated one is a duplicate.
func TestOktaDedupe(t *testing.T) {
	v, err := hooksig.New(providers.Okta("my-shared-secret"), hooksig.WithDedupe())
	require.NoError(t, err)
	reached := 0
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { reached++; w.WriteHeader(204) }))
	post := func(body string) int {
		r := httptest.NewRequest("POST", "/okta", strings.NewReader(body))
		r.Header.Set("Authorization", "my-shared-secret")
		return serveRec(h, r).Code
	}
	assert.Equal(t, 204, post(`{"eventId":"1"}`))
	assert.Equal(t, 204, post(`{"eventId":"2"}`), "another event is not a duplicate")
	assert.Equal(t, 200, post(`{"eventId":"1"}`), "the same event again is")
	assert.Equal(t, 2, reached)
}
