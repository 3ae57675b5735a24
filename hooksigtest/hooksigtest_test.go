package hooksigtest_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/hooksigtest"
	"github.com/hooksig/hooksig/providers"
)

const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

func TestTamper(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"json_object", `{"type":"ping"}`, `{"type":"pinh"}`},
		{"json_number_last", `{"n":19}`, `{"n":10}`},
		{"lower_wraps", "xyz", "xya"},
		{"upper_wraps", "AZ", "AA"},
		{"digit_wraps", "a9", "a0"},
		{"letter_before_punctuation", "ok!!", "ol!!"},
		{"single_byte", "a", "b"},
		{"no_letter_or_digit", "{}", "{|"},
		{"spaces_only", "  ", " !"},
		{"binary", "\x00\xff", "\x00\xfe"},
		{"utf8_after_last_letter", "caf\u00e9", "cag\u00e9"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			orig := bytes.Clone(in)

			got := hooksigtest.Tamper(in)

			assert.Equal(t, tc.want, string(got))
			assert.Equal(t, orig, in, "the input must not be modified")
			require.Len(t, got, len(in), "the length must be kept")
			changed := 0
			for i := range in {
				if in[i] != got[i] {
					changed++
				}
			}
			assert.Equal(t, 1, changed, "exactly one byte must change")
			assert.Equal(t, got, hooksigtest.Tamper(in), "the result must be deterministic")
			if len(got) > 0 {
				got[0] ^= 0xff
				assert.Equal(t, orig, in, "the result must not share the input's memory")
			}
		})
	}
}

func TestTamperEmptyPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"nil", nil},
		{"empty", []byte{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithValue(t, "hooksigtest: Tamper: an empty body cannot be changed at the same length",
				func() { hooksigtest.Tamper(tc.in) })
		})
	}
}

// sink is a next handler that records what reached it.
type sink struct {
	called int
	body   []byte
	d      *hooksig.Delivery
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.called++
	s.body, _ = io.ReadAll(r.Body)
	s.d, _ = hooksig.DeliveryFrom(r.Context())
	w.WriteHeader(http.StatusNoContent)
}

func serve(h http.Handler, r *http.Request) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec.Code
}

// The real middleware hands a signed request to next and refuses its tampered copy with 401.
func TestRoute(t *testing.T) {
	body := []byte(`{"id":"evt_1","type":"test.event","data":{"n":42}}`)
	tests := []struct {
		name   string
		p      hooksig.Provider
		opts   []hooksig.Option
		target string
	}{
		{"standardwebhooks", providers.StandardWebhooks(swSecret), nil, "/webhooks"},
		{"github", providers.GitHub("It's a Secret to Everybody"), nil, "/webhooks"},
		{"stripe", providers.Stripe("whsec_test_secret"), nil, "/webhooks"},
		{"slack", providers.Slack("8f742231b10e8888abcd99yyyzzz85a5"), nil, "/webhooks"},
		{"chatbotkit", providers.ChatBotKit("cbk-secret"), nil, "/webhooks"},
		// A scheme that signs the URL: the target is the URL signed.
		{"square_url_signed", providers.Square("signature-key"),
			[]hooksig.Option{hooksig.WithPublicURL("https://hooks.example.com")}, "https://hooks.example.com/square?x=1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			next := &sink{}
			h := hooksigtest.Verifier(t, tc.p, tc.opts...).Handler(next)

			assert.Equal(t, http.StatusNoContent, serve(h, hooksigtest.Request(t, tc.p, tc.target, body)), "signed")
			require.Equal(t, 1, next.called)
			assert.Equal(t, body, next.body, "next must get the exact bytes")
			require.NotNil(t, next.d)
			assert.Equal(t, tc.p.Scheme.Name, next.d.Provider)

			signed := hooksigtest.Request(t, tc.p, tc.target, body)
			forged := hooksigtest.TamperRequest(t, signed)
			assert.Equal(t, signed.ContentLength, forged.ContentLength)
			assert.Equal(t, signed.Header, forged.Header)
			assert.Equal(t, http.StatusUnauthorized, serve(h, forged), "tampered")
			assert.Equal(t, 1, next.called, "next must not run for a tampered body")

			// The original request is still whole after TamperRequest read its body.
			assert.Equal(t, http.StatusNoContent, serve(h, signed), "the original after TamperRequest")
			assert.Equal(t, 2, next.called)
			assert.Equal(t, body, next.body)
		})
	}
}

// A body of unknown length (chunked) stays so in the tampered copy, and is still refused.
func TestTamperRequestUnknownLength(t *testing.T) {
	p := providers.GitHub("It's a Secret to Everybody")
	next := &sink{}
	h := hooksigtest.Verifier(t, p).Handler(next)
	r := hooksigtest.Request(t, p, "/webhooks", []byte(`{"zen":"hi"}`))
	r.ContentLength = -1

	forged := hooksigtest.TamperRequest(t, r)

	assert.EqualValues(t, -1, forged.ContentLength)
	assert.EqualValues(t, -1, r.ContentLength)
	assert.Equal(t, http.StatusUnauthorized, serve(h, forged))
	assert.Equal(t, http.StatusNoContent, serve(h, r))
	assert.Equal(t, []byte(`{"zen":"hi"}`), next.body)
}

func TestRequestShape(t *testing.T) {
	p := providers.GitHub("It's a Secret to Everybody")
	tests := []struct {
		name, target string
		host, uri    string
	}{
		{"path", "/webhooks?a=1", "example.com", "/webhooks?a=1"},
		{"absolute", "https://hooks.example.org/gh", "hooks.example.org", "/gh"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := hooksigtest.Request(t, p, tc.target, []byte(`{}`))
			assert.Equal(t, http.MethodPost, r.Method)
			assert.Equal(t, tc.host, r.Host)
			assert.Equal(t, tc.uri, r.RequestURI)
			assert.Equal(t, "192.0.2.1:1234", r.RemoteAddr)
			assert.EqualValues(t, 2, r.ContentLength)
			assert.NotEmpty(t, r.Header.Get(providers.HeaderGitHubSignature256))
			assert.NotEmpty(t, r.Header.Get(providers.HeaderGitHubDelivery))
		})
	}
}

// Request gives every delivery its own id, so the replay step never answers one as a
// duplicate of another; RequestMessage keeps a fixed id and timestamp.
func TestDeliveryIDs(t *testing.T) {
	p := providers.StandardWebhooks(swSecret)
	next := &sink{}
	h := hooksigtest.Verifier(t, p).Handler(next)
	seen := map[string]bool{}
	for range 5 {
		r := hooksigtest.Request(t, p, "/webhooks", []byte(`{}`))
		id := r.Header.Get(providers.HeaderWebhookID)
		require.NotEmpty(t, id)
		assert.False(t, seen[id], "id %q reused", id)
		seen[id] = true
		assert.Equal(t, http.StatusNoContent, serve(h, r))
	}
	assert.Equal(t, 5, next.called)
}

func TestRequestMessage(t *testing.T) {
	at := time.Date(2021, 2, 25, 15, 2, 10, 0, time.UTC)
	p := providers.StandardWebhooks(swSecret)
	next := &sink{}
	h := hooksigtest.Verifier(t, p, hooksig.WithClock(func() time.Time { return at })).Handler(next)

	m := hooksig.Message{ID: "msg_fixed", Timestamp: at, Body: []byte(`{"a":1}`)}
	assert.Equal(t, http.StatusNoContent, serve(h, hooksigtest.RequestMessage(t, p, "/webhooks", m)))
	require.NotNil(t, next.d)
	assert.Equal(t, "msg_fixed", next.d.ID)
	assert.True(t, next.d.Timestamp.Equal(at))

	// The same id again is a duplicate: 200, next not called.
	assert.Equal(t, http.StatusOK, serve(h, hooksigtest.RequestMessage(t, p, "/webhooks", m)))
	assert.Equal(t, 1, next.called)

	// Signed now, it is outside the fixed clock's window.
	assert.Equal(t, http.StatusUnauthorized, serve(h, hooksigtest.Request(t, p, "/webhooks", []byte(`{}`))))
	assert.Equal(t, 1, next.called)
}

// fatal is what the fake TB's Fatalf panics with.
type fatal struct{ msg string }

// fakeTB records a helper's failure: Fatalf panics with a fatal, which run recovers, so no
// goroutine exits and the real test goes on.
type fakeTB struct {
	testing.TB
	helper int
}

func (f *fakeTB) Helper() { f.helper++ }

func (f *fakeTB) Fatalf(format string, args ...any) { panic(fatal{fmt.Sprintf(format, args...)}) }

// run calls fn with a fake TB and returns the message it failed with ("" when it did not fail).
func run(fn func(tb testing.TB)) (msg string, helper int) {
	f := &fakeTB{} // its TB is nil: a helper calling anything else crashes the test
	defer func() {
		if v := recover(); v != nil {
			ft, ok := v.(fatal)
			if !ok {
				panic(v)
			}
			msg, helper = ft.msg, f.helper
		}
	}()
	fn(f)
	return "", f.helper
}

type failingBody struct{}

func (failingBody) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
func (failingBody) Close() error             { return nil }

func TestHelpersFailTheTest(t *testing.T) {
	good := providers.GitHub("It's a Secret to Everybody")
	tests := []struct {
		name string
		fn   func(tb testing.TB)
		want string // part of the failure message
	}{
		{"verifier_empty_secret", func(tb testing.TB) { hooksigtest.Verifier(tb, providers.GitHub("")) }, "hooksig.New"},
		{"verifier_bad_option", func(tb testing.TB) { hooksigtest.Verifier(tb, good, hooksig.WithMaxBodySize(-1)) }, "invalid option"},
		{"request_empty_secret", func(tb testing.TB) { hooksigtest.Request(tb, providers.GitHub(""), "/webhooks", []byte(`{}`)) }, "hooksig.NewSigner"},
		{"request_no_secret", func(tb testing.TB) { hooksigtest.Request(tb, providers.StandardWebhooks(), "/webhooks", []byte(`{}`)) }, "hooksig.NewSigner"},
		{"request_bad_target", func(tb testing.TB) { hooksigtest.Request(tb, good, "http://a b/", []byte(`{}`)) }, "signing a github delivery"},
		{"request_url_scheme_needs_absolute_url", func(tb testing.TB) {
			hooksigtest.Request(tb, providers.Square("signature-key"), "/square", []byte(`{}`))
		}, "signing a square delivery"},
		{"tamper_no_body", func(tb testing.TB) {
			hooksigtest.TamperRequest(tb, httptest.NewRequest(http.MethodPost, "/webhooks", nil))
		}, "no body"},
		{"tamper_empty_body", func(tb testing.TB) {
			hooksigtest.TamperRequest(tb, httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader("")))
		}, "empty body"},
		{"tamper_unreadable_body", func(tb testing.TB) {
			r := httptest.NewRequest(http.MethodPost, "/webhooks", nil)
			r.Body = failingBody{}
			hooksigtest.TamperRequest(tb, r)
		}, "connection reset"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg, helper := run(tc.fn)
			require.NotEmpty(t, msg, "the helper must fail the test")
			assert.True(t, strings.HasPrefix(msg, "hooksigtest: "), msg)
			assert.Contains(t, msg, tc.want)
			assert.Positive(t, helper, "the helper must call t.Helper")
		})
	}

	// And a helper that succeeds does not fail the fake.
	msg, _ := run(func(tb testing.TB) { hooksigtest.Request(tb, good, "/webhooks", []byte(`{}`)) })
	assert.Empty(t, msg)
}
