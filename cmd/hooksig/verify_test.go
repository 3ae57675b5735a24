package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/internal/vectors"
	"github.com/hooksig/hooksig/providers"
)

// The Standard Webhooks vectors (package vectors names their sources).
const (
	s1Secret    = vectors.S1Secret
	s1ID        = vectors.S1ID
	s1TS        = vectors.S1TimeText
	s1Body      = vectors.S1Body
	s1Sig       = vectors.S1Signature
	otherSecret = vectors.OtherSecret
	a1Private   = vectors.A1PrivateKey // a receiver must refuse it
	// shortSecret decodes to 16 bytes, under the 24 Standard Webhooks asks for.
	shortSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILA=="
)

// A header is one line of a raw request, in the order written.
type header struct{ name, value string }

func s1Headers(prefix string) []header {
	return []header{
		{prefix + "-id", s1ID},
		{prefix + "-timestamp", s1TS},
		{prefix + "-signature", s1Sig},
	}
}

// head writes the request line, Host and hs, each line ended by CRLF, without the blank line.
func head(hs []header) string {
	var b strings.Builder
	b.WriteString("POST /webhooks?route=1 HTTP/1.1\r\nHost: receiver.example\r\nContent-Type: application/json\r\n")
	for _, h := range hs {
		fmt.Fprintf(&b, "%s: %s\r\n", h.name, h.value)
	}
	return b.String()
}

// withLength is a complete request whose body is framed by Content-Length.
func withLength(hs []header, body string) string {
	return head(hs) + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(body)) + body
}

// signed returns the headers a Standard Webhooks sender holding s1Secret adds to body at ts
// (the zero time: now), with a fresh delivery id.
func signed(t *testing.T, body string, ts time.Time) []header {
	t.Helper()
	s, err := hooksig.NewSigner(providers.StandardWebhooks(s1Secret))
	require.NoError(t, err)
	h, err := s.Sign(hooksig.Message{ID: fmt.Sprintf("msg_cli_%d", time.Now().UnixNano()), Timestamp: ts, Body: []byte(body)})
	require.NoError(t, err)
	names := make([]string, 0, len(h.Header))
	for k := range h.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	var hs []header
	for _, k := range names {
		hs = append(hs, header{k, h.Header.Get(k)})
	}
	return hs
}

// flipByte changes the body's first byte in a request written by withLength.
func flipByte(req, body string) string {
	changed := "[" + body[1:]
	return strings.Replace(req, "\r\n\r\n"+body, "\r\n\r\n"+changed, 1)
}

// writeTemp writes content to a new file and returns its path.
func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "request.http")
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	return p
}

// runCLI runs the program in-process.
func runCLI(stdin string, args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestVerify(t *testing.T) {
	const now = "1614265330"
	sw := []string{"verify", "-provider", "standardwebhooks", "-secret", s1Secret}
	swAt := append(append([]string(nil), sw...), "-now", now)
	args := func(base []string, more ...string) []string {
		return append(append([]string(nil), base...), more...)
	}

	s1 := withLength(s1Headers("webhook"), s1Body)
	fresh := withLength(signed(t, s1Body, time.Time{}), s1Body)
	emptyHeaders := signed(t, "", time.Unix(1614265330, 0))
	chunked := head(s1Headers("webhook")) + "Transfer-Encoding: chunked\r\n\r\n" +
		"a\r\n" + s1Body[:10] + "\r\n" + "a\r\n" + s1Body[10:] + "\r\n0\r\n\r\n"
	s1File := writeTemp(t, s1)
	missing := filepath.Join(t.TempDir(), "no-such-request.http")

	const (
		ok       = "ok\n"
		rejected = "rejected: "
	)
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // exact, or a prefix when prefix is set
		stderr string // a substring; "" checks nothing
		prefix bool   // stdout is a prefix
	}{
		// Verdicts.
		{name: "s1_vector", args: swAt, stdin: s1, code: 0, stdout: ok},
		{name: "s1_vector_body_byte_changed", args: swAt, stdin: flipByte(s1, s1Body), code: 1, stdout: rejected + "hooksig: no signature matches", prefix: true},
		{name: "fresh_signed_now", args: sw, stdin: fresh, code: 0, stdout: ok},
		{name: "fresh_signed_now_body_byte_changed", args: sw, stdin: flipByte(fresh, s1Body), code: 1, stdout: rejected + "hooksig: no signature matches", prefix: true},
		{name: "s1_without_now_too_old", args: sw, stdin: s1, code: 1, stdout: rejected + "hooksig: timestamp too old", prefix: true},
		{name: "s1_now_one_second_past_window", args: args(sw, "-now", "1614265631"), stdin: s1, code: 1, stdout: rejected + "hooksig: timestamp too old", prefix: true},
		{name: "s1_now_at_window_edge", args: args(sw, "-now", "1614265630"), stdin: s1, code: 0, stdout: ok},
		{name: "missing_signature_header", args: swAt, stdin: withLength(s1Headers("webhook")[:2], s1Body), code: 1, stdout: rejected + "hooksig: missing header", prefix: true},

		// Parsing as net/http does.
		{name: "bare_lf_line_endings", args: swAt, stdin: strings.ReplaceAll(s1, "\r\n", "\n"), code: 0, stdout: ok},
		{name: "chunked_transfer_encoding", args: swAt, stdin: chunked, code: 0, stdout: ok},
		{name: "no_length_no_chunking_is_empty_body", args: swAt, stdin: head(emptyHeaders) + "\r\n" + "not part of the body", code: 0, stdout: ok, stderr: "warning: line 8: 20 bytes follow the headers, but there is no Content-Length"},
		{name: "no_length_no_chunking_signed_body_is_not_read", args: swAt, stdin: head(s1Headers("webhook")) + "\r\n" + s1Body, code: 1, stdout: rejected + "hooksig: no signature matches", prefix: true, stderr: "no Content-Length"},
		{name: "bytes_after_content_length_body_ignored", args: swAt, stdin: s1 + "GET /next HTTP/1.1\r\n\r\ntrailing", code: 0, stdout: ok, stderr: "30 bytes after the 20-byte body ignored"},
		{name: "short_body", args: swAt, stdin: strings.Replace(s1, "Content-Length: 20", "Content-Length: 25", 1), code: 1, stdout: rejected + "hooksig: body unreadable", prefix: true, stderr: "fewer than its Content-Length (25)"},
		{name: "http11_without_host", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example\r\n", "", 1), code: 1, stdout: rejected + "malformed HTTP request: missing required Host header", prefix: true},
		{name: "http10_without_host", args: swAt, stdin: strings.Replace(strings.Replace(s1, "Host: receiver.example\r\n", "", 1), "HTTP/1.1", "HTTP/1.0", 1), code: 0, stdout: ok},
		{name: "utf8_host_refused_as_a_server_does", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: r\u00e9ceiver.example", 1), code: 1, stdout: rejected + "malformed HTTP request: malformed Host header", prefix: true},
		{name: "empty_host_accepted_as_a_server_does", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host:", 1), code: 0, stdout: ok},
		{name: "absolute_form_without_host", args: swAt, stdin: strings.Replace(strings.Replace(s1, "Host: receiver.example\r\n", "", 1), "POST /webhooks?route=1", "POST http://receiver.example/webhooks?route=1", 1), code: 1, stdout: rejected + "malformed HTTP request: missing required Host header", prefix: true},
		{name: "absolute_form_with_host", args: swAt, stdin: strings.Replace(s1, "POST /webhooks?route=1", "POST http://receiver.example/webhooks?route=1", 1), code: 0, stdout: ok},
		{name: "two_host_headers", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: a\r\nHost: b", 1), code: 1, stdout: rejected + "malformed HTTP request", prefix: true},
		{name: "huge_headers_431", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: receiver.example\r\nX-Pad: "+strings.Repeat("a", 1<<20+8192), 1), code: 1, stdout: rejected + "malformed HTTP request: the headers are larger than a server accepts (431)", prefix: true},
		{name: "unknown_expect_417", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: receiver.example\r\nExpect: something-else", 1), code: 1, stdout: rejected + "malformed HTTP request: an Expect header other than 100-continue (417)", prefix: true},
		{name: "expect_100_continue_verifies", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: receiver.example\r\nExpect: 100-continue", 1), code: 0, stdout: ok},
		{name: "unknown_transfer_encoding_501", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: receiver.example\r\nTransfer-Encoding: gzip", 1), code: 1, stdout: rejected + "malformed HTTP request", prefix: true},
		{name: "malformed_host", args: swAt, stdin: strings.Replace(s1, "Host: receiver.example", "Host: x y", 1), code: 1, stdout: rejected + "malformed HTTP request: malformed Host header", prefix: true},
		{name: "http2_request_line", args: swAt, stdin: strings.Replace(s1, "HTTP/1.1", "HTTP/2.0", 1), code: 1, stdout: rejected + "malformed HTTP request", prefix: true, stderr: "warning: line 1: an HTTP/2 or HTTP/3 request line"},
		{name: "garbage", args: swAt, stdin: "this is not an HTTP request\r\n\r\n", code: 1, stdout: rejected + "malformed HTTP request", prefix: true},
		{name: "empty_input", args: swAt, stdin: "", code: 1, stdout: rejected + "malformed HTTP request", prefix: true},
		{name: "headers_cut_off", args: swAt, stdin: head(s1Headers("webhook")), code: 1, stdout: rejected + "malformed HTTP request", prefix: true},
		{name: "malformed_header_line_not_echoed", args: swAt, stdin: "POST / HTTP/1.1\r\nHost: x\r\nwebhook-signature " + s1Sig + "\r\n\r\n", code: 1, stdout: rejected + "malformed HTTP request", prefix: true},

		// Secrets and providers.
		{name: "rotation_second_secret_matches", args: []string{"verify", "-provider", "standardwebhooks", "-secret", otherSecret, "-secret", s1Secret, "-now", now}, stdin: s1, code: 0, stdout: ok},
		{name: "rotation_no_secret_matches", args: []string{"verify", "-provider", "standardwebhooks", "-secret", otherSecret, "-now", now}, stdin: s1, code: 1, stdout: rejected + "hooksig: no signature matches", prefix: true},
		{name: "svix_provider_svix_headers", args: []string{"verify", "-provider", "svix", "-secret", s1Secret, "-now", now}, stdin: withLength(s1Headers("svix"), s1Body), code: 0, stdout: ok},
		{name: "public_url_ignored_by_standardwebhooks", args: args(swAt, "-public-url", "https://receiver.example:8443"), stdin: s1, code: 0, stdout: ok},

		// Input.
		{name: "dash_reads_stdin", args: args(swAt, "-"), stdin: s1, code: 0, stdout: ok},
		{name: "file_reads_file_not_stdin", args: args(swAt, s1File), stdin: "garbage", code: 0, stdout: ok},

		// Usage errors.
		{name: "unknown_provider", args: []string{"verify", "-provider", "nosuch", "-secret", s1Secret}, stdin: s1, code: 2, stderr: "known: "},
		{name: "secret_given_as_provider_not_printed", args: []string{"verify", "-secret", s1Secret, "-provider", otherSecret}, stdin: s1, code: 2, stderr: "unknown provider"},
		{name: "second_secret_given_as_file_not_printed", args: []string{"verify", "-provider", "standardwebhooks", "-secret", s1Secret, otherSecret}, stdin: s1, code: 2, stderr: "cannot open FILE"},
		{name: "no_provider", args: []string{"verify", "-secret", s1Secret}, stdin: s1, code: 2, stderr: "-provider is required"},
		{name: "no_secret", args: []string{"verify", "-provider", "standardwebhooks"}, stdin: s1, code: 2, stderr: "-secret is required"},
		{name: "empty_secret", args: []string{"verify", "-provider", "standardwebhooks", "-secret", ""}, stdin: s1, code: 2, stderr: "invalid secret"},
		{name: "malformed_base64_secret", args: []string{"verify", "-provider", "standardwebhooks", "-secret", "whsec_not*base64!"}, stdin: s1, code: 2, stderr: "invalid secret"},
		{name: "too_short_secret", args: []string{"verify", "-provider", "standardwebhooks", "-secret", shortSecret}, stdin: s1, code: 2, stderr: "invalid secret"},
		{name: "private_key_secret", args: []string{"verify", "-provider", "standardwebhooks", "-secret", a1Private}, stdin: s1, code: 2, stderr: "invalid secret"},
		{name: "bad_second_secret", args: []string{"verify", "-provider", "standardwebhooks", "-secret", s1Secret, "-secret", "whsec_"}, stdin: s1, code: 2, stderr: "invalid secret"},
		{name: "two_files", args: args(swAt, s1File, s1File), stdin: s1, code: 2, stderr: "one FILE at most"},
		{name: "missing_file", args: args(swAt, missing), stdin: s1, code: 2, stderr: "cannot open FILE"},
		{name: "directory_as_file", args: args(swAt, t.TempDir()), stdin: s1, code: 2, stderr: "cannot read FILE"},
		{name: "now_not_integer", args: args(sw, "-now", "abc"), stdin: s1, code: 2, stderr: "-now must be an integer"},
		{name: "now_fraction", args: args(sw, "-now", "1614265330.5"), stdin: s1, code: 2, stderr: "-now must be an integer"},
		{name: "public_url_with_path", args: args(swAt, "-public-url", "https://example.com/hook"), stdin: s1, code: 2, stderr: "must not carry a path"},
		{name: "public_url_bare_slash_is_no_path", args: args(swAt, "-public-url", "https://example.com/"), stdin: s1, code: 0, stdout: ok},
		{name: "public_url_ftp", args: args(swAt, "-public-url", "ftp://x"), stdin: s1, code: 2, stderr: "http or https"},
		{name: "public_url_query", args: args(swAt, "-public-url", "https://example.com?a=1"), stdin: s1, code: 2, stderr: "must not carry a query"},
		{name: "public_url_fragment", args: args(swAt, "-public-url", "https://example.com#top"), stdin: s1, code: 2, stderr: "must not carry a fragment"},
		{name: "public_url_user_info", args: args(swAt, "-public-url", "https://user:pw@example.com"), stdin: s1, code: 2, stderr: "user info"},
		{name: "public_url_no_host", args: args(swAt, "-public-url", "https://"), stdin: s1, code: 2, stderr: "needs a host"},
		{name: "public_url_empty_port", args: args(swAt, "-public-url", "https://example.com:"), stdin: s1, code: 2, stderr: "needs a host"},
		{name: "undefined_flag", args: args(swAt, "-bogus"), stdin: s1, code: 2, stderr: "flag provided but not defined: -bogus"},
		{name: "flag_without_value", args: []string{"verify", "-provider", "standardwebhooks", "-secret"}, stdin: s1, code: 2, stderr: "flag needs an argument: -secret"},
		{name: "help", args: []string{"verify", "-h"}, stdin: s1, code: 0, stdout: "usage: " + verifySynopsis},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(tt.stdin, tt.args...)
			assert.Equal(t, tt.code, code, "exit code; stdout %q, stderr %q", stdout, stderr)
			switch {
			case tt.name == "help":
				assert.Contains(t, stdout, tt.stdout, "help asked for is output")
				assert.Empty(t, stderr)
			case tt.code == 2:
				assert.Empty(t, stdout, "usage errors say nothing on stdout")
			case tt.prefix:
				assert.True(t, strings.HasPrefix(stdout, tt.stdout), "stdout %q, want prefix %q", stdout, tt.stdout)
				assert.True(t, strings.HasSuffix(stdout, "\n") && strings.Count(stdout, "\n") == 1, "one line: %q", stdout)
				if tt.stderr == "" {
					assert.Empty(t, stderr)
				}
			default:
				assert.Equal(t, tt.stdout, stdout)
				if tt.stderr == "" {
					assert.Empty(t, stderr, "no warning")
				}
			}
			if tt.stderr != "" {
				assert.Contains(t, stderr, tt.stderr)
			}
			if tt.code == 2 && tt.name != "help" {
				assert.Contains(t, stderr, "usage: hooksig verify", "a usage message")
			}

			// Never a secret, a signature or the body.
			for i, a := range tt.args {
				if i == 0 || tt.args[i-1] != "-secret" || a == "" || a == "whsec_" {
					continue
				}
				assert.NotContains(t, stdout+stderr, a, "a secret was printed")
				if _, key, found := strings.Cut(a, "_"); found {
					assert.NotContains(t, stdout+stderr, key, "a secret's key was printed")
				}
			}
			assert.NotContains(t, stdout+stderr, s1Sig[len("v1,"):], "a signature was printed")
			assert.NotContains(t, stdout+stderr, "2432232314", "the body was printed")
		})
	}
}

// TestVerifyBinary builds the command and runs it once, as a conformance harness would.
func TestVerifyBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "hooksig")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)

	cmd := exec.Command(bin, "verify", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", s1TS)
	cmd.Stdin = strings.NewReader(withLength(s1Headers("webhook"), s1Body))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "stderr: %s", stderr.String())
	assert.Equal(t, 0, cmd.ProcessState.ExitCode())
	assert.Equal(t, "ok\n", stdout.String())
	assert.Empty(t, stderr.String())
}

// An input larger than what verify holds in memory is streamed: a body over the limit is the
// middleware's 413 (exit 1), not a usage error.
func TestVerifyHugeInputIsStreamed(t *testing.T) {
	body := strings.Repeat("x", maxHeld+1<<20)
	code, out, errOut := runCLI(withLength(s1Headers("webhook"), body), "verify", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", s1TS)
	assert.Equal(t, exitRejected, code, errOut)
	assert.True(t, strings.HasPrefix(out, "rejected: hooksig: body too large"), out)
	code, out, _ = runCLI(withLength(s1Headers("webhook"), body), "explain", "-provider", "standardwebhooks", "-secret", s1Secret, "-now", s1TS)
	assert.Equal(t, exitRejected, code)
	assert.Contains(t, out, "reason: body_too_large")
}
