package providers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestHook0(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New: providers.Hook0, Secret: "a-subscription-secret", OtherSecret: "another-subscription-secret",
		Vectors: presettest.Load(t, "testdata/hook0"),
		Message: func(m *hooksig.Message) {
			m.Header = http.Header{"Content-Type": {"application/json"}, "X-Event-Id": {"evt-1"}, "X-Event-Type": {"user.created"}}
		},
	})
}

// Only the headers h lists are signed: changing one of them fails, adding another does not
// matter (and is not thereby signed).
func TestHook0ListedHeaders(t *testing.T) {
	vec := presettest.Load(t, "testdata/hook0")[0] // the sender's own v1 test
	v, err := hooksig.New(providers.Hook0("secret"), hooksig.WithClock(func() time.Time { return time.Unix(1636936200, 0) }))
	require.NoError(t, err)
	verify := func(change func(http.Header)) error {
		r := httptest.NewRequest("POST", "/", strings.NewReader(vec.Body))
		for k, val := range vec.Header {
			r.Header.Set(k, val)
		}
		change(r.Header)
		_, err := v.Verify(r, []byte(vec.Body))
		return err
	}
	assert.NoError(t, verify(func(http.Header) {}))
	assert.NoError(t, verify(func(h http.Header) { h.Set("X-Unlisted", "anything") }))
	assert.ErrorIs(t, verify(func(h http.Header) { h.Set("X-Event-Type", "service.resource.delete") }), hooksig.ErrSignatureMismatch)
	assert.ErrorIs(t, verify(func(h http.Header) { h.Del("X-Event-Id") }), hooksig.ErrMissingHeader)
}
