package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), nil))
}

// noEnv is a getenv with nothing set: the demo secrets.
func noEnv(string) string { return "" }

// env is a getenv with the given variables set.
func env(kv ...string) func(string) string {
	return func(k string) string {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == k {
				return kv[i+1]
			}
		}
		return ""
	}
}

// demoSigner signs as the demo provider named name does.
func demoSigner(t *testing.T, name string) *hooksig.Signer {
	ps, _ := configure(noEnv)
	i := slices.IndexFunc(ps, func(p hooksig.Provider) bool { return p.Scheme.Name == name })
	require.GreaterOrEqual(t, i, 0, name)
	s, err := hooksig.NewSigner(ps[i])
	require.NoError(t, err)
	return s
}

// testRouters wires ps as run does: one Verifier and its metrics behind both routers.
func testRouters(t *testing.T, ps []hooksig.Provider) []router {
	m := newMetrics()
	v, err := newVerifier(ps, testLogger(t), m)
	require.NoError(t, err)
	handle := handleDelivery(testLogger(t))
	return []router{{"chi", newRouter(v, handle, m)}, {"mux", newMux(v, handle, m)}}
}

// do serves a request for target with body and, when signed is not nil, its signature
// headers; it returns the status and the response body.
func do(t *testing.T, h http.Handler, method, target string, signed *hooksig.Signed, body string) (int, string) {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if signed != nil {
		for k, vs := range signed.Header {
			req.Header[k] = vs
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestConfigure(t *testing.T) {
	names := func(ps []hooksig.Provider) (s []string) {
		for _, p := range ps {
			s = append(s, p.Scheme.Name)
		}
		return s
	}
	ps, demo := configure(noEnv)
	assert.True(t, demo)
	assert.Equal(t, []string{"standardwebhooks", "github", "stripe", "slack"}, names(ps))

	// Real secrets switch the demo off entirely: the senders without one are not served.
	ps, demo = configure(env("STRIPE_WEBHOOK_SECRET", "whsec_real", "SLACK_SIGNING_SECRET", "real"))
	assert.False(t, demo)
	assert.Equal(t, []string{"stripe", "slack"}, names(ps))
	assert.Equal(t, []string{"whsec_real"}, ps[0].Secrets)
}

// Every provider on the one route: signed deliveries reach the handler, forged and unsigned
// ones get 401, a replay gets 200 without reaching it. The ServeMux twin answers the same.
func TestRoutes(t *testing.T) {
	tests := []struct {
		name     string
		provider string // the sender; "" sends no signature at all
		forged   bool   // the body is changed after signing
		replayed bool   // the delivery is sent twice: the answer is the second's
		want     int
		answer   string
	}{
		{"standardwebhooks_signed", "standardwebhooks", false, false, http.StatusOK, "handled standardwebhooks\n"},
		{"standardwebhooks_forged", "standardwebhooks", true, false, http.StatusUnauthorized, "Unauthorized\n"},
		{"standardwebhooks_replayed", "standardwebhooks", false, true, http.StatusOK, "OK\n"},
		{"github_signed", "github", false, false, http.StatusOK, "handled github\n"},
		{"github_forged", "github", true, false, http.StatusUnauthorized, "Unauthorized\n"},
		{"github_replayed", "github", false, true, http.StatusOK, "OK\n"},
		{"stripe_signed", "stripe", false, false, http.StatusOK, "handled stripe\n"},
		{"stripe_forged", "stripe", true, false, http.StatusUnauthorized, "Unauthorized\n"},
		{"stripe_replayed", "stripe", false, true, http.StatusOK, "OK\n"},
		{"slack_signed", "slack", false, false, http.StatusOK, "handled slack\n"},
		{"slack_forged", "slack", true, false, http.StatusUnauthorized, "Unauthorized\n"},
		{"slack_replayed", "slack", false, true, http.StatusOK, "OK\n"},
		{"unsigned", "", false, false, http.StatusUnauthorized, "Unauthorized\n"},
	}
	ps, _ := configure(noEnv)
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := `{"type":"demo.ping"}`
			var signed *hooksig.Signed
			if tc.provider != "" {
				var err error
				signed, err = demoSigner(t, tc.provider).Sign(hooksig.Message{ID: fmt.Sprintf("msg_%d", i), Body: []byte(body)})
				require.NoError(t, err)
				body = string(signed.Body)
				if tc.forged {
					body = forge(body)
				}
			}
			// The same delivery goes to each twin, each behind a Verifier of its own.
			for twin := range 2 {
				rt := testRouters(t, ps)[twin]
				code, answer := do(t, rt.h, http.MethodPost, "/webhooks", signed, body)
				if tc.replayed {
					require.Equal(t, http.StatusOK, code, rt.name)
					code, answer = do(t, rt.h, http.MethodPost, "/webhooks", signed, body)
				}
				assert.Equal(t, tc.want, code, rt.name)
				assert.Equal(t, tc.answer, answer, rt.name)
			}
		})
	}
}

// /metrics counts each decision under fixed words, and nothing a request carried.
func TestMetrics(t *testing.T) {
	ps, _ := configure(noEnv)
	rs := testRouters(t, ps)
	viaChi, viaMux := rs[0].h, rs[1].h
	const marker = "body_marker_must_not_leak"
	body := `{"type":"ping","note":"` + marker + `"}`
	signed, err := demoSigner(t, "stripe").Sign(hooksig.Message{Body: []byte(body)})
	require.NoError(t, err)
	code, _ := do(t, viaChi, http.MethodPost, "/webhooks", signed, body)
	require.Equal(t, http.StatusOK, code)
	code, _ = do(t, viaMux, http.MethodPost, "/webhooks", signed, forge(body))
	require.Equal(t, http.StatusUnauthorized, code)
	code, _ = do(t, viaMux, http.MethodPost, "/webhooks", signed, body) // the sender's retry
	require.Equal(t, http.StatusOK, code)
	gh, err := demoSigner(t, "github").Sign(hooksig.Message{ID: "id_marker_must_not_leak", Body: []byte(body)})
	require.NoError(t, err)
	gh.Header.Set(providers.HeaderGitHubSignature256, "sha256="+marker) // undecodable
	code, _ = do(t, viaChi, http.MethodPost, "/webhooks", gh, body)
	require.Equal(t, http.StatusUnauthorized, code)

	code, chiMetrics := do(t, viaChi, http.MethodGet, "/metrics", nil, "")
	require.Equal(t, http.StatusOK, code)
	_, muxMetrics := do(t, viaMux, http.MethodGet, "/metrics", nil, "")
	assert.Equal(t, chiMetrics, muxMetrics, "one Verifier, one registry: the twins show the same counters")

	for _, line := range []string{
		`hooksig_deliveries_total{outcome="verified",provider="stripe",reason="verified"} 1`,
		`hooksig_deliveries_total{outcome="rejected",provider="stripe",reason="no_match"} 1`,
		`hooksig_deliveries_total{outcome="rejected",provider="github",reason="undecodable"} 1`,
		`hooksig_deliveries_total{outcome="replay",provider="stripe",reason="duplicate"} 1`,
	} {
		assert.Contains(t, chiMetrics, line+"\n")
	}
	for _, leak := range []string{marker, "id_marker", "pong"} {
		assert.NotContains(t, chiMetrics, leak)
	}
	for _, s := range senders {
		assert.NotContains(t, chiMetrics, s.demo)
	}
	// Every series is labelled with fixed words only.
	var reasons []string
	for _, r := range hooksig.Reasons() {
		reasons = append(reasons, r.String())
	}
	series := regexp.MustCompile(`(?m)^hooksig_deliveries_total\{outcome="([^"]*)",provider="([^"]*)",reason="([^"]*)"\} \d+$`)
	matches := series.FindAllStringSubmatch(chiMetrics, -1)
	assert.Len(t, matches, 4)
	for _, m := range matches {
		assert.Contains(t, []string{"verified", "rejected", "replay", "unsigned", "handled"}, m[1])
		assert.Contains(t, []string{"standardwebhooks", "github", "stripe", "slack"}, m[2])
		assert.Contains(t, reasons, m[3])
	}
}

// closeNotifier reports when the server closes its listener: the shutdown has begun.
type closeNotifier struct {
	net.Listener
	once   sync.Once
	closed chan struct{}
}

func (l *closeNotifier) Close() error {
	l.once.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// recv waits for a value on c, failing the test if none comes in time.
func recv[T any](t *testing.T, c <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-c:
		return v
	case <-time.After(10 * time.Second):
		require.FailNow(t, "timed out waiting: "+what)
		panic("unreachable")
	}
}

// Cancelling serve's context (what SIGINT and SIGTERM do) stops new connections, lets the
// delivery in flight finish, and returns nil.
func TestServeShutsDownGracefully(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		fmt.Fprint(w, "finished")
	})
	inner, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ln := &closeNotifier{Listener: inner, closed: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln, h, testLogger(t)) }()

	type answer struct {
		body string
		err  error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.Post("http://"+inner.Addr().String()+"/webhooks", "application/json", strings.NewReader("{}"))
		if err != nil {
			answered <- answer{err: err}
			return
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		answered <- answer{string(b), err}
	}()

	recv(t, entered, "the request to reach the handler")
	cancel()
	recv(t, ln.closed, "the listener to close")
	select {
	case err := <-served:
		t.Fatalf("serve returned with a delivery in flight: %v", err)
	default:
	}
	_, err = net.Dial("tcp", inner.Addr().String())
	assert.Error(t, err, "no new connections once the shutdown began")

	close(release)
	a := recv(t, answered, "the in-flight answer")
	require.NoError(t, a.err)
	assert.Equal(t, "finished", a.body)
	assert.NoError(t, recv(t, served, "serve to return"))
}

// table splits the selftest's output into lines of fields.
func table(s string) [][]string {
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		rows = append(rows, strings.Fields(line))
	}
	return rows
}

// wantTable is the selftest's table for both routers and the given providers, when each
// signed delivery gets signedGot.
func wantTable(names []string, signedGot string) [][]string {
	rows := [][]string{{"router", "provider", "case", "want", "got", "verdict"}}
	failed := 0
	for _, router := range []string{"chi", "mux"} {
		for _, name := range names {
			verdict := "ok"
			if signedGot != "200" {
				verdict = "FAIL"
				failed++
			}
			rows = append(rows,
				[]string{router, name, "signed", "200", signedGot, verdict},
				[]string{router, name, "forged", "401", "401", "ok"})
		}
	}
	total := 4 * len(names)
	return append(rows, []string{"selftest:", fmt.Sprint(total - failed), "passed,", fmt.Sprint(failed), "failed"})
}

var allNames = []string{"standardwebhooks", "github", "stripe", "slack"}

// The selftest the README runs: every verdict right, over real loopback connections.
func TestSelftest(t *testing.T) {
	ps, _ := configure(noEnv)
	var out bytes.Buffer
	err := selftest(context.Background(), &out, testLogger(t), testRouters(t, ps), ps)
	require.NoError(t, err, out.String())
	assert.Equal(t, wantTable(allNames, "200"), table(out.String()))
}

// Senders with other secrets must make the selftest fail: their signed deliveries get 401.
func TestSelftestFailsWithWrongSenderSecrets(t *testing.T) {
	ps, _ := configure(noEnv)
	others := []hooksig.Provider{
		providers.StandardWebhooks("whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB"), // 24 bytes of 'A'
		providers.GitHub("other"),
		providers.Stripe("whsec_other"),
		providers.Slack("other"),
	}
	var out bytes.Buffer
	err := selftest(context.Background(), &out, testLogger(t), testRouters(t, ps), others)
	require.Error(t, err)
	assert.Equal(t, wantTable(allNames, "401"), table(out.String()))
}

// run: exit codes for the selftest, the server, bad secrets and bad flags; the demo secrets are
// announced, real ones never logged.
func TestRun(t *testing.T) {
	const stripeSecret = "whsec_stripe_secret_never_logged"
	tests := []struct {
		name      string
		args      []string
		env       func(string) string
		cancelled bool // the context is done from the start: serve shuts down at once
		want      int
		stderr    string
		stdout    string
	}{
		{"selftest_demo_secrets", []string{"-selftest"}, noEnv, false, 0, "DEMO SECRETS", "selftest: 16 passed, 0 failed"},
		{"selftest_stripe_only", []string{"-selftest"}, env("STRIPE_WEBHOOK_SECRET", stripeSecret), false, 0, "", "selftest: 4 passed, 0 failed"},
		{"serve_until_cancelled", []string{"-addr", "127.0.0.1:0"}, noEnv, true, 0, "msg=stopped", "curl -i -X POST"},
		{"serve_real_secret_no_curl", []string{"-addr", "127.0.0.1:0"}, env("STRIPE_WEBHOOK_SECRET", stripeSecret), true, 0, "msg=stopped", ""},
		// Fail closed: a short secret is refused before anything listens.
		{"short_secret", []string{"-selftest"}, env("WEBHOOK_SECRET", "whsec_QUFB"), false, 1, "invalid secret", ""},
		{"unknown_flag", []string{"-nope"}, noEnv, false, 2, "flag provided but not defined", ""},
		{"extra_argument", []string{"-selftest", "x"}, noEnv, false, 2, "unexpected arguments", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelled {
				cancel()
			}
			var stdout, stderr bytes.Buffer
			code := run(ctx, tc.args, &stdout, &stderr, tc.env)
			assert.Equal(t, tc.want, code, stderr.String())
			assert.Contains(t, stderr.String(), tc.stderr)
			assert.Contains(t, stdout.String(), tc.stdout)
			if tc.env("STRIPE_WEBHOOK_SECRET") != "" {
				assert.NotContains(t, stderr.String(), "DEMO SECRETS")
				assert.NotContains(t, stdout.String(), "curl", "curl commands are printed for the demo secrets only")
				assert.NotContains(t, stderr.String()+stdout.String(), stripeSecret, "the secret is never logged")
			}
		})
	}
}

func TestShellQuote(t *testing.T) {
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
	assert.Equal(t, `'{"a":"b c"}'`, shellQuote(`{"a":"b c"}`))
}

// The printed commands carry each provider's signature headers, quoted for a shell.
func TestPrintCurl(t *testing.T) {
	ps, _ := configure(noEnv)
	var out bytes.Buffer
	require.NoError(t, printCurl(&out, "http://127.0.0.1:8080/webhooks", ps))
	for _, want := range []string{
		"# standardwebhooks, signed (200):", "-H 'Webhook-Signature: v1,",
		"# github, forged body (401):", "-H 'X-Hub-Signature-256: sha256=",
		"# stripe, signed (200):", "-H 'Stripe-Signature: t=",
		"# slack, signed (200):", "-H 'X-Slack-Signature: v0=",
		"--data-raw '" + demoBody + "'", "--data-raw '" + forge(demoBody) + "'",
	} {
		assert.Contains(t, out.String(), want)
	}
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
	code := run(context.Background(), []string{"-selftest"}, &out, &stderr, env("REDIS_ADDR", closed))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr.String(), "replay record in Redis")
	assert.Equal(t, wantTable(allNames, "503"), table(out.String()))

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
	code = run(context.Background(), []string{"-selftest"}, &out, io.Discard, env("REDIS_ADDR", addr))
	assert.Equal(t, 0, code, out.String())
}

func freeLoopback(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return ln.Addr().String()
}
