package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// syncBuffer is a bytes.Buffer the server's goroutines and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// listen over loopback: a verified delivery is printed with its indented body, a forged one
// with its verdict and never its body, a replay as a duplicate; -dump writes files that
// "hooksig verify" accepts; cancelling stops the server.
func TestListen(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	dir := t.TempDir()
	var out syncBuffer
	l := &listener{out: &out, dump: dir, now: func() time.Time { return time.Unix(1700000000, 0) }}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + ln.Addr().String()
	h, err := l.handler([]hooksig.Provider{providers.StandardWebhooks(secret)}, "/webhook", base)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntil(ctx, ln, h) }()

	signer, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	require.NoError(t, err)
	post := func(m hooksig.Message) int {
		r, err := signer.Request(base+"/webhook", m)
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 204, post(hooksig.Message{ID: "msg_1", Body: []byte(`{"type":"ping","n":1}`)}))
	assert.Equal(t, 200, post(hooksig.Message{ID: "msg_1", Body: []byte(`{"type":"ping","n":1}`)}), "a replay")
	forged, err := signer.Request(base+"/webhook", hooksig.Message{ID: `msg "2"`, Body: []byte(`{"secret":"FORGED-BODY"}`)})
	require.NoError(t, err)
	forged.Header.Set("Webhook-Signature", "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
	resp, err := http.DefaultClient.Do(forged)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)

	resp, err = http.Post(base+"/webhooks", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 404, resp.StatusCode)

	cancel()
	require.NoError(t, <-done)
	printed := out.String()
	assert.Contains(t, printed, `- id="" not found (404): "/webhooks" is not the route (-path /webhook)`)
	assert.Contains(t, printed, `2023-11-14T22:13:20Z standardwebhooks id="msg_1" ok (204)`)
	assert.Contains(t, printed, "\"type\": \"ping\"", "the verified body, indented")
	assert.Contains(t, printed, `id="msg_1" rejected (200, duplicate)`, "the replay")
	assert.Contains(t, printed, `id="msg \"2\"" rejected (401, no_match)`, "an unverified id, quoted")
	assert.NotContains(t, printed, "FORGED-BODY", "a rejected body is never printed")

	files, err := filepath.Glob(filepath.Join(dir, "*.http"))
	require.NoError(t, err)
	require.Len(t, files, 3)
	raw, err := os.ReadFile(files[0])
	require.NoError(t, err)
	code, vout, verr := runCLI(string(raw), "verify", "-provider", "standardwebhooks", "-secret", secret)
	assert.Equal(t, 0, code, verr)
	assert.Equal(t, "ok\n", vout)
	assert.True(t, strings.HasPrefix(string(raw), "POST /webhook HTTP/1.1\r\n"))
	assert.Equal(t, 1, strings.Count(string(raw), "Content-Length:"), "one Content-Length:\n%s", raw)
	code, eout, _ := runCLI(string(raw), "explain", "-provider", "standardwebhooks", "-secret", secret, "-ignore-time")
	assert.Equal(t, 0, code, eout)
	assert.NotContains(t, eout, "warning")
}

// Several providers on one listen route: each -secret belongs to the -provider before it.
func TestListenSeveralProviders(t *testing.T) {
	const swSecret, ghSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "github-webhook-secret"
	fs := newFlagSet("listen", "", "", &bytes.Buffer{}, &bytes.Buffer{})
	pf := addPresetFlags(fs, "")
	require.NoError(t, fs.Parse([]string{"-provider", "standardwebhooks", "-secret", swSecret, "-provider", "github", "-secret", ghSecret}))
	presets, secrets, err := pf.presets()
	require.NoError(t, err)
	require.Len(t, presets, 2)
	assert.Equal(t, [][]string{{swSecret}, {ghSecret}}, secrets)

	var out syncBuffer
	l := &listener{out: &out, now: func() time.Time { return time.Unix(1700000000, 0) }}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	base := "http://" + ln.Addr().String()
	h, err := l.handler([]hooksig.Provider{presets[0].New(secrets[0]...), presets[1].New(secrets[1]...)}, "/webhook", base)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveUntil(ctx, ln, h) }()
	for _, p := range []hooksig.Provider{providers.StandardWebhooks(swSecret), providers.GitHub(ghSecret), providers.GitHub("another-secret")} {
		s, err := hooksig.NewSigner(p)
		require.NoError(t, err)
		r, err := s.Request(base+"/webhook", hooksig.Message{ID: "msg_" + p.Scheme.Name, Body: []byte(`{"n":1}`)})
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(r)
		require.NoError(t, err)
		resp.Body.Close()
	}
	cancel()
	require.NoError(t, <-done)
	printed := out.String()
	assert.Contains(t, printed, `standardwebhooks id="msg_standardwebhooks" ok (204)`)
	assert.Contains(t, printed, `github id="msg_github" ok (204)`)
	assert.Contains(t, printed, `github id="msg_github" rejected (401, no_match)`)

	code, _, errOut := runCLI("", "listen", "-provider", "github", "-secret", "x", "-provider", "stripe")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "provider 2 has no -secret")
	code, _, errOut = runCLI("", "sign", "-provider", "github", "-secret", "x", "-provider", "stripe", "-secret", "y")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "one -provider only")
}

func TestListenUsage(t *testing.T) {
	for name, args := range map[string][]string{
		"no_provider": {"listen", "-secret", "x"},
		"bad_path":    {"listen", "-provider", "github", "-secret", "x", "-path", "webhook"},
		"no_dump_dir": {"listen", "-provider", "github", "-secret", "x", "-dump", "/nonexistent/dir"},
		"argument":    {"listen", "-provider", "github", "-secret", "x", "extra"},
	} {
		code, out, errOut := runCLI("", args...)
		assert.Equal(t, 2, code, name)
		assert.Empty(t, out, name)
		assert.Contains(t, errOut, "usage: hooksig listen", name)
	}
}
