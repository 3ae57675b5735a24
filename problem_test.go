package hooksig_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

func TestProblemDetails(t *testing.T) {
	v := newSW(t, hooksig.WithProblemDetails(), hooksig.WithMaxBodySize(8))
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	tests := []struct {
		name string
		req  func(t *testing.T) *http.Request
		code int
	}{
		{"no signature", func(*testing.T) *http.Request { return httptest.NewRequest(http.MethodPost, "/", nil) }, 401},
		{"forged", func(t *testing.T) *http.Request { return withSignature(signed(t, []byte(`{}`)), "v1,AAAA") }, 401},
		{"too large", func(t *testing.T) *http.Request { return signed(t, []byte(`{"a":"0123456789"}`)) }, 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, tt.req(t))
			require.Equal(t, tt.code, rec.Code)
			assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
			assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			var p map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
			assert.Equal(t, map[string]any{"type": "about:blank", "title": http.StatusText(tt.code), "status": float64(tt.code)}, p)
		})
	}
	// A duplicate's 200 is not a problem.
	r := signed(t, []byte(`{}`))
	raw := r.Clone(r.Context())
	h.ServeHTTP(httptest.NewRecorder(), r)
	r2 := signed(t, []byte(`{}`))
	r2.Header = raw.Header
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r2)
	assert.Equal(t, 200, rec.Code)
	assert.NotEqual(t, "application/problem+json", rec.Header().Get("Content-Type"))

	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithProblemDetails(),
		hooksig.WithErrorHandler(func(http.ResponseWriter, *http.Request, error) {}))
	require.ErrorIs(t, err, hooksig.ErrInvalidOption)
}
