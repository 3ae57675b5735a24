package hooksig_test

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// outcomeOf serves r through v.Handler and returns what the observer heard.
func outcomeOf(t *testing.T, r *http.Request, opts ...hooksig.Option) hooksig.Outcome {
	t.Helper()
	var got []hooksig.Outcome
	opts = append(opts, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { got = append(got, o) }))
	v := newSW(t, opts...)
	v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(httptest.NewRecorder(), r)
	require.Len(t, got, 1)
	return got[0]
}

// withSignature returns r with its Webhook-Signature replaced.
func withSignature(r *http.Request, sig string) *http.Request {
	r.Header.Set("Webhook-Signature", sig)
	return r
}

// mac is the S1 secret's signature of the request's signed content, raw.
func swMAC(t *testing.T, r *http.Request) []byte {
	t.Helper()
	sig := r.Header.Get("Webhook-Signature")
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(sig, "v1,"))
	require.NoError(t, err)
	return raw
}

func TestDiagnosisSaysWhatToFix(t *testing.T) {
	body := []byte(`{"type":"invoice.paid"}`)
	other, err := hooksig.NewSigner(providers.StandardWebhooks("whsec_" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))))
	require.NoError(t, err)
	tests := []struct {
		name   string
		req    func(t *testing.T) *http.Request
		reason hooksig.Reason
		check  func(t *testing.T, d hooksig.Diagnosis)
	}{
		{"verified", func(t *testing.T) *http.Request { return signed(t, body) }, hooksig.ReasonVerified, nil},
		{"wrong secret", func(t *testing.T) *http.Request {
			r, err := other.Request("http://example.test/", hooksig.Message{ID: "msg_1", Timestamp: s1Now, Body: body})
			require.NoError(t, err)
			return r
		}, hooksig.ReasonNoMatch, func(t *testing.T, d hooksig.Diagnosis) {
			assert.Equal(t, "Webhook-Signature", d.Field)
			assert.Equal(t, 1, d.Entries)
			assert.Equal(t, "v1", d.Labels)
			assert.Equal(t, 1, d.Checked)
			assert.Equal(t, 1, d.Keys)
			assert.True(t, d.Timed)
			assert.Zero(t, d.Age)
		}},
		{"body changed, same length", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Body = io.NopCloser(bytes.NewReader(bytes.Replace(body, []byte("paid"), []byte("void"), 1)))
			return r
		}, hooksig.ReasonNoMatch, nil},
		{"label missing", func(t *testing.T) *http.Request {
			r := signed(t, body)
			return withSignature(r, base64.StdEncoding.EncodeToString(swMAC(t, r)))
		}, hooksig.ReasonNoDeclaredLabel, func(t *testing.T, d hooksig.Diagnosis) {
			assert.Equal(t, 1, d.Entries)
			assert.Equal(t, 1, d.Unlabelled)
			assert.Empty(t, d.Labels)
		}},
		{"unknown label", func(t *testing.T) *http.Request {
			r := signed(t, body)
			return withSignature(r, "v9,"+base64.StdEncoding.EncodeToString(swMAC(t, r)))
		}, hooksig.ReasonNoDeclaredLabel, func(t *testing.T, d hooksig.Diagnosis) { assert.Equal(t, 1, d.Unlabelled) }},
		{"hex where base64 belongs", func(t *testing.T) *http.Request {
			r := signed(t, body)
			return withSignature(r, "v1,"+hex.EncodeToString(swMAC(t, r)))
		}, hooksig.ReasonWrongEncoding, func(t *testing.T, d hooksig.Diagnosis) {
			assert.Equal(t, 1, d.OtherEncoding)
			assert.Equal(t, 1, d.WrongLength) // 64 hex digits are also 48 bytes of base64
			assert.Zero(t, d.Checked)
		}},
		{"undecodable", func(t *testing.T) *http.Request {
			return withSignature(signed(t, body), "v1,not*base64")
		}, hooksig.ReasonUndecodable, func(t *testing.T, d hooksig.Diagnosis) { assert.Equal(t, 1, d.Undecodable) }},
		{"wrong length", func(t *testing.T) *http.Request {
			r := signed(t, body)
			return withSignature(r, "v1,"+base64.StdEncoding.EncodeToString(swMAC(t, r)[:20]))
		}, hooksig.ReasonWrongLength, nil},
		{"too many entries", func(t *testing.T) *http.Request {
			return withSignature(signed(t, body), strings.Repeat("v1,AAAA ", 17))
		}, hooksig.ReasonTooManyEntries, nil},
		{"no fields", func(t *testing.T) *http.Request {
			return httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		}, hooksig.ReasonNoFields, func(t *testing.T, d hooksig.Diagnosis) { assert.Empty(t, d.Field) }},
		{"missing id", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Header.Del("Webhook-Id")
			return r
		}, hooksig.ReasonMissingField, nil},
		{"old timestamp", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Header.Set("Webhook-Timestamp", strconv.FormatInt(s1TS-3600, 10))
			return r
		}, hooksig.ReasonTimestampTooOld, func(t *testing.T, d hooksig.Diagnosis) {
			assert.True(t, d.Timed)
			assert.Equal(t, time.Hour, d.Age)
			assert.Equal(t, 5*time.Minute, d.Past)
		}},
		{"milliseconds for seconds", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Header.Set("Webhook-Timestamp", strconv.FormatInt(s1TS*1000, 10))
			return r
		}, hooksig.ReasonTimestampUnit, func(t *testing.T, d hooksig.Diagnosis) { assert.Negative(t, d.Age) }},
		{"malformed timestamp", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Header.Set("Webhook-Timestamp", "soon")
			return r
		}, hooksig.ReasonMalformedTimestamp, func(t *testing.T, d hooksig.Diagnosis) { assert.False(t, d.Timed) }},
		{"body read upstream", func(t *testing.T) *http.Request {
			r := signed(t, body)
			_, _ = io.ReadAll(r.Body) // a middleware before hooksig drained it
			return r
		}, hooksig.ReasonBodyConsumed, func(t *testing.T, d hooksig.Diagnosis) {
			assert.Equal(t, int64(len(body)), d.ContentLength)
		}},
		{"body shorter", func(t *testing.T) *http.Request {
			r := signed(t, body)
			r.Body = io.NopCloser(bytes.NewReader(body[:5]))
			return r
		}, hooksig.ReasonBodyUnreadable, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := outcomeOf(t, tt.req(t))
			assert.Equal(t, tt.reason, o.Reason, "reason %s, err %v", o.Reason, o.Err)
			if tt.check != nil {
				tt.check(t, o.Diagnosis)
			}
		})
	}
}

func TestBodyConsumedSaysSo(t *testing.T) {
	r := signed(t, []byte(`{"a":1}`))
	_, _ = io.ReadAll(r.Body) // a middleware before hooksig drained it
	var got error
	v := newSW(t, hooksig.WithErrorHandler(func(_ http.ResponseWriter, _ *http.Request, err error) { got = err }))
	v.Handler(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), r)
	require.ErrorIs(t, got, hooksig.ErrBodyUnreadable)
	assert.Equal(t, http.StatusBadRequest, hooksig.Status(got))
	assert.Contains(t, got.Error(), "read before the middleware")
}

func TestReplayReasons(t *testing.T) {
	var reasons []hooksig.Reason
	v := newSW(t, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { reasons = append(reasons, o.Reason) }))
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := signed(t, []byte(`{}`))
	raw, _ := io.ReadAll(r.Body)
	for range 2 {
		r2 := r.Clone(r.Context())
		r2.Body = io.NopCloser(bytes.NewReader(raw))
		h.ServeHTTP(httptest.NewRecorder(), r2)
	}
	assert.Equal(t, []hooksig.Reason{hooksig.ReasonVerified, hooksig.ReasonDuplicate}, reasons)
}

func TestReasonWordsAreStable(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range hooksig.Reasons() {
		w := r.String()
		assert.Regexp(t, `^[a-z_]+$`, w)
		assert.False(t, seen[w], "duplicate word %q", w)
		seen[w] = true
	}
	assert.Equal(t, "verified", hooksig.ReasonVerified.String())
	assert.Equal(t, "no_match", hooksig.ReasonNoMatch.String())
	assert.Equal(t, "other", hooksig.Reason(200).String())
}

func TestWithLogger(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	v := newSW(t, hooksig.WithLogger(l))
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	body := []byte(`{"secret_body_marker":1}`)
	r := signed(t, body)
	sig := r.Header.Get("Webhook-Signature")
	r.Header.Set("Webhook-Id", "msg_sender_chosen_marker")
	h.ServeHTTP(httptest.NewRecorder(), r) // the id is signed: changing it breaks the signature
	line := buf.String()
	assert.Contains(t, line, `level=WARN msg="hooksig: rejected" provider=standardwebhooks status=401 reason=no_match`)
	assert.Contains(t, line, "field=Webhook-Signature entries=1 labels=v1 checked=1 keys=1")
	for _, leak := range []string{"msg_sender_chosen_marker", "secret_body_marker", sig, strings.TrimPrefix(sig, "v1,"), s1Secret} {
		assert.NotContains(t, line, leak)
	}

	buf.Reset()
	h.ServeHTTP(httptest.NewRecorder(), signed(t, body))
	assert.Contains(t, buf.String(), `level=DEBUG msg="hooksig: verified" provider=standardwebhooks id=msg_`)

	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithLogger(nil))
	require.ErrorIs(t, err, hooksig.ErrInvalidOption)
}

func TestLoggerAndObserverBothHear(t *testing.T) {
	var buf bytes.Buffer
	n := 0
	v := newSW(t, hooksig.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))),
		hooksig.WithObserver(func(*http.Request, hooksig.Outcome) { n++ }))
	v.Handler(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/", nil))
	assert.Equal(t, 1, n)
	assert.Contains(t, buf.String(), "reason=no_fields")
}

// The reasons of the review's findings: each failed before its fix.
func TestDiagnosisEdges(t *testing.T) {
	t.Run("declared length over the limit", func(t *testing.T) {
		r := signed(t, []byte(`{"a":"0123456789"}`))
		o := outcomeOf(t, r, hooksig.WithMaxBodySize(4))
		assert.ErrorIs(t, o.Err, hooksig.ErrBodyTooLarge)
		assert.Equal(t, hooksig.ReasonBodyTooLarge, o.Reason)
	})
	t.Run("a long shared token is no encoding", func(t *testing.T) {
		var got hooksig.Outcome
		v, err := hooksig.New(providers.GitLab("gitlab-token-value"),
			hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { got = o }))
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
		r.Header.Set("X-Gitlab-Token", strings.Repeat("ab", 700))
		v.Handler(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), r)
		assert.NotEqual(t, hooksig.ReasonWrongEncoding, got.Reason)
	})
	t.Run("a listed header's name is never repeated", func(t *testing.T) {
		var got hooksig.Outcome
		v, err := hooksig.New(providers.Hook0("hook0-secret-0123456789"),
			hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { got = o }))
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`))
		r.Header.Set("X-Hook0-Signature", "t="+strconv.FormatInt(time.Now().Unix(), 10)+",h=x-sender-chosen-name,v1="+strings.Repeat("0", 64))
		v.Handler(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), r)
		require.Error(t, got.Err)
		assert.NotContains(t, got.Err.Error(), "Sender-Chosen")
		assert.NotContains(t, strings.ToLower(got.Err.Error()), "x-sender-chosen-name")
	})
}

// A middleware that read and closed the body before hooksig, on a real server: body_consumed.
// A client that goes away before its body: body_unreadable.
func TestBodyConsumedOnARealServer(t *testing.T) {
	var reasons []hooksig.Reason
	v := newSW(t, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) { reasons = append(reasons, o.Reason) }))
	drain := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.ReadAll(r.Body)
			r.Body.Close()
			next.ServeHTTP(w, r)
		})
	}
	srv := httptest.NewServer(drain(v.Handler(http.NotFoundHandler())))
	defer srv.Close()
	r := signed(t, []byte(`{"a":1}`))
	req, err := http.NewRequest(http.MethodPost, srv.URL, r.Body)
	require.NoError(t, err)
	req.Header = r.Header
	req.ContentLength = r.ContentLength
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Equal(t, []hooksig.Reason{hooksig.ReasonBodyConsumed}, reasons)
}
