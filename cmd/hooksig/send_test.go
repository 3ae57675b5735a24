package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// send against a receiver running the real middleware over loopback: a signed delivery is
// handled once and its replays are duplicates (200); a wrong key is refused (401, exit 1).
func TestSend(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := hooksig.New(providers.StandardWebhooks(secret))
	require.NoError(t, err)
	var handled atomic.Int32
	var extra atomic.Value
	srv := httptest.NewServer(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handled.Add(1)
		extra.Store(r.Header.Get("X-Trace"))
		w.WriteHeader(http.StatusNoContent)
	})))
	defer srv.Close()

	code, out, errOut := runCLI(`{"type":"ping"}`, "send", "-provider", "standardwebhooks", "-secret", secret,
		"-url", srv.URL+"/hook", "-H", "X-Trace: abc", "-replay", "2")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, 3, strings.Count(out, "HTTP/1.1 "), out)
	assert.Contains(t, out, "204 No Content")
	assert.Equal(t, 2, strings.Count(out, "200 OK"), "the replays are duplicates")
	assert.Contains(t, out, "-- original\n")
	assert.Contains(t, out, "-- replay 2\n")
	assert.Equal(t, int32(1), handled.Load())
	assert.Equal(t, "abc", extra.Load())
	assert.NotContains(t, out+errOut, secret)

	code, out, _ = runCLI(`{}`, "send", "-provider", "standardwebhooks", "-secret", "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", "-url", srv.URL)
	assert.Equal(t, 1, code)
	assert.Contains(t, out, "401 Unauthorized")

	code, _, errOut = runCLI(`{}`, "send", "-provider", "standardwebhooks", "-secret", secret, "-url", "http://127.0.0.1:1/", "-timeout", "2s")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "the request failed")
}

func TestSendUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no_url":     {"send", "-provider", "github", "-secret", "x"},
		"ftp_url":    {"send", "-provider", "github", "-secret", "x", "-url", "ftp://x"},
		"bad_header": {"send", "-provider", "github", "-secret", "x", "-url", "http://x", "-H", "nocolon"},
		"replay_big": {"send", "-provider", "github", "-secret", "x", "-url", "http://x", "-replay", "5000"},
		"unknown":    {"send", "-provider", "nope", "-secret", "x", "-url", "http://x"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errOut := runCLI("{}", args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			assert.Contains(t, errOut, "usage: hooksig send")
		})
	}
}
