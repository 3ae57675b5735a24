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
	h, err := l.handler(providers.StandardWebhooks(secret), "/webhook", base)
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

	cancel()
	require.NoError(t, <-done)
	printed := out.String()
	assert.Contains(t, printed, `2023-11-14T22:13:20Z standardwebhooks id="msg_1" ok (204)`)
	assert.Contains(t, printed, "\"type\": \"ping\"", "the verified body, indented")
	assert.Contains(t, printed, `id="msg_1" rejected (200)`, "the replay")
	assert.Contains(t, printed, `id="msg \"2\"" rejected (401)`, "an unverified id, quoted")
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
