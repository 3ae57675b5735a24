package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

// table splits the selftest's output into lines of fields.
func table(s string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		rows = append(rows, strings.Fields(line))
	}
	return rows
}

// The selftest the README runs: every verdict right, over real loopback connections.
func TestSelftest(t *testing.T) {
	var out bytes.Buffer
	err := selftest(context.Background(), &out, testLogger(t), demoSecret, demoSecret)
	require.NoError(t, err, out.String())
	assert.Equal(t, [][]string{
		{"route", "case", "want", "got", "verdict"},
		{"/chi/webhooks", "signed", "200", "200", "ok"},
		{"/chi/webhooks", "forged", "401", "401", "ok"},
		{"/mux/webhooks", "signed", "200", "200", "ok"},
		{"/mux/webhooks", "forged", "401", "401", "ok"},
		{"selftest:", "4", "passed,", "0", "failed"},
	}, table(out.String()))
}

// A sender with another secret must make the selftest fail: its signed deliveries get 401.
func TestSelftestFailsWithWrongSenderSecret(t *testing.T) {
	var out bytes.Buffer
	other := "whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB" // 24 bytes of 'A'
	err := selftest(context.Background(), &out, testLogger(t), demoSecret, other)
	require.Error(t, err)
	assert.Equal(t, [][]string{
		{"route", "case", "want", "got", "verdict"},
		{"/chi/webhooks", "signed", "200", "401", "FAIL"},
		{"/chi/webhooks", "forged", "401", "401", "ok"},
		{"/mux/webhooks", "signed", "200", "401", "FAIL"},
		{"/mux/webhooks", "forged", "401", "401", "ok"},
		{"selftest:", "2", "passed,", "2", "failed"},
	}, table(out.String()))
}

// run: exit codes for the selftest, a bad secret and bad flags; the demo secret is announced.
func TestRun(t *testing.T) {
	env := func(secret string) func(string) string {
		return func(k string) string {
			if k == "WEBHOOK_SECRET" {
				return secret
			}
			return ""
		}
	}
	tests := []struct {
		name   string
		args   []string
		secret string
		want   int
		stderr string
	}{
		{"selftest_demo_secret", []string{"-selftest"}, "", 0, "DEMO SECRET"},
		{"selftest_env_secret", []string{"-selftest"}, "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB", 0, ""},
		// Fail closed: a short secret is refused before anything listens.
		{"short_secret", []string{"-selftest"}, "whsec_QUFB", 1, "invalid secret"},
		{"unknown_flag", []string{"-nope"}, "", 2, "flag provided but not defined"},
		{"extra_argument", []string{"-selftest", "x"}, "", 2, "unexpected arguments"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), tc.args, io.Discard, &stderr, env(tc.secret))
			assert.Equal(t, tc.want, code, stderr.String())
			assert.Contains(t, stderr.String(), tc.stderr)
			if tc.secret != "" {
				assert.NotContains(t, stderr.String(), "DEMO SECRET")
				assert.NotContains(t, stderr.String(), tc.secret, "the secret is never logged")
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
	assert.Equal(t, `'{"a":"b c"}'`, shellQuote(`{"a":"b c"}`))
}

// With REDIS_ADDR set the replay record lives in Redis: against a server it runs as usual, and
// with none at that address every signed delivery is refused with 503 (fail closed: the sender
// would retry), so the selftest fails.
func TestRedisMode(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	closed := ln.Addr().String()
	ln.Close() // nothing listens there now
	var out, stderr bytes.Buffer
	code := run(context.Background(), []string{"-selftest"}, &out, &stderr, func(k string) string {
		if k == "REDIS_ADDR" {
			return closed
		}
		return ""
	})
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "replay record in Redis")
	assert.Contains(t, out.String(), "/chi/webhooks  signed  200   503  FAIL")

	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Log("no redis-server: the run against a server is left out")
		return
	}
	addr := freeLoopback(t)
	_, port, _ := net.SplitHostPort(addr)
	cmd := exec.Command(bin, "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", t.TempDir())
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	}, 10*time.Second, 20*time.Millisecond)
	out.Reset()
	code = run(context.Background(), []string{"-selftest"}, &out, io.Discard, func(k string) string {
		if k == "REDIS_ADDR" {
			return addr
		}
		return ""
	})
	assert.Equal(t, 0, code, out.String())
}

func freeLoopback(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}
