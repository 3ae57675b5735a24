package providers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestMicrosoftGraph(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.MicrosoftGraph, Secret: "secretClientValue", OtherSecret: "anotherClientState",
		Vectors:       presettest.Load(t, "testdata/msgraph"),
		Body:          []byte(`{"value":[{"subscriptionId":"s1","changeType":"created","resource":"users/u/messages/m"}]}`),
		BodyNotSigned: true})
}

func TestMicrosoftGraphValidation(t *testing.T) {
	v, err := hooksig.New(providers.MicrosoftGraph("secretClientValue"))
	require.NoError(t, err)
	reached := 0
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { reached++ }))
	validate := func(method, token, contentType string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, "/graph?validationToken="+url.QueryEscape(token), nil)
		r.Header.Set("Content-Type", contentType)
		return serveRec(h, r)
	}
	const token = "Validation: Testing client application reachability for subscription Request-Id: 877cb92e-a60b-483b-8a39-79aa5f64f5a3"
	rec := validate("POST", token, "text/plain; charset=utf-8")
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, token, rec.Body.String(), "the token decoded")
	assert.Equal(t, "text/plain; charset=utf-8", rec.Header().Get("Content-Type"))
	assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
	assert.Contains(t, rec.Header().Get("Content-Security-Policy"), "sandbox")
	for name, c := range map[string]struct{ method, token, contentType string }{
		"markup":            {"POST", `<script>alert(1)</script>`, "text/plain"},
		"ampersand":         {"POST", `a&b`, "text/plain"},
		"control character": {"POST", "a\nb", "text/plain"},
		"too long":          {"POST", strings.Repeat("a", 513), "text/plain"},
		"GET":               {"GET", token, "text/plain"},
		"not text/plain":    {"POST", token, "application/json"},
		"no content type":   {"POST", token, ""},
	} {
		rec := validate(c.method, c.token, c.contentType)
		assert.Equal(t, 401, rec.Code, name)
		assert.NotContains(t, rec.Body.String(), "script", name)
	}
	assert.Zero(t, reached, "a validation reached next")
}
