package providers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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

func TestTwitter(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Twitter, Secret: "test", OtherSecret: "another-consumer-secret",
		Vectors: presettest.Load(t, "testdata/twitter"), EmptyBodyInvalid: true})
}

func TestTwitterCRC(t *testing.T) {
	const secret = "consumer-secret"
	v, err := hooksig.New(providers.Twitter(secret))
	require.NoError(t, err)
	called := false
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	mac := func(msg string) string {
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(msg))
		return base64.StdEncoding.EncodeToString(m.Sum(nil))
	}
	const token = "NDc5YjA3YzctYmE0NC00ZjRlLWI4NmMtN2RkNzE3NjNhNjJl" // 48 characters, as X sends
	rec := serveRec(h, httptest.NewRequest("GET", "/webhook?crc_token="+url.QueryEscape(token)+"&nonce=abc", nil))
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.JSONEq(t, `{"response_token":"sha256=`+mac(token)+`"}`, rec.Body.String())
	assert.False(t, called)

	for name, bad := range map[string]string{
		"json_object":  `{"a":1}`,
		"quote":        `a"b`,
		"space":        "a b",
		"too_long":     strings.Repeat("A", 129),
		"empty":        "",
		"percent_text": "%7B",
	} {
		rec := serveRec(h, httptest.NewRequest("GET", "/webhook?crc_token="+url.QueryEscape(bad), nil))
		assert.Equal(t, 401, rec.Code, name)
	}
	// The oracle is closed: a CRC answer is never a valid delivery signature, since a token is
	// never a JSON object.
	r := httptest.NewRequest("POST", "/webhook", strings.NewReader(token))
	r.Header.Set(providers.HeaderTwitterSignature, "sha256="+mac(token))
	assert.Equal(t, 401, serveRec(h, r).Code)
}
