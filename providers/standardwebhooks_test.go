package providers_test

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
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
	"github.com/hooksig/hooksig/internal/vectors"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// Known-answer vectors of the Standard Webhooks notes (§6), shared through package vectors,
// which names each one's source.
const (
	s1Secret = vectors.S1Secret
	s1ID     = vectors.S1ID
	s1TS     = int64(vectors.S1Timestamp)
	s1TSText = vectors.S1TimeText
	s1Body   = vectors.S1Body
	s1Sig    = vectors.S1Signature

	s2Secret = vectors.S2Secret
	s2ID     = vectors.S2ID
	s2TS     = int64(vectors.S2Timestamp)
	s2TSText = vectors.S2TimeText
	s2Body   = vectors.S2Body
	s2Sig    = vectors.S2Signature

	a1Private = vectors.A1PrivateKey
	a1Public  = vectors.A1PublicKey
	a1Sig     = vectors.A1Signature

	otherSecret = vectors.OtherSecret
)

type vector struct {
	name   string
	secret string // what the receiver configures
	signer string // what the sender holds
	id     string
	ts     int64
	body   []byte
	sig    string
}

func knownAnswers() []vector {
	s1 := func(name string, body []byte, sig string) vector {
		return vector{name, s1Secret, s1Secret, s1ID, s1TS, body, sig}
	}
	return []vector{
		s1("S1", []byte(s1Body), s1Sig),
		{"S2", s2Secret, s2Secret, s2ID, s2TS, []byte(s2Body), s2Sig},
		// S3–S5: svix `csharp/Svix.Tests/WebhookTest.cs` (S5 is exactly the 1 MiB default limit).
		s1("S3", bytes.Repeat([]byte("a"), 262143), "v1,NTItnqyWMoFhk2Bbe5V/BMdcFRWgcSQaTgqLHX7FC7c="),
		s1("S4", bytes.Repeat([]byte("a"), 262144), "v1,Mw4Pe2WgApuT7NSqnSq0PQPV9gbLdggCl9B865x5Xh0="),
		s1("S5", bytes.Repeat([]byte("a"), 1048576), "v1,txpEUxqWZJ5nteTnymUVa+7C4NHpBeXJ6CsBAW0c3/A="),
		// S6: **derived** with the official Go lib (JS tests verify an empty body, with a live ts).
		s1("S6", []byte{}, "v1,v48jdbgvh29KJz2Qc+ghw8G6vG3nAKnujWBg8oM/62A="),
		{"A1", a1Public, a1Private, s1ID, s1TS, []byte(s1Body), a1Sig},
	}
}

// Independent oracles: the test computes signatures with the standard library, not with
// hooksig's signer, so a shared mistake cannot hide.
var (
	s1Key    = secretBytes(s1Secret)
	s2Key    = secretBytes(s2Secret)
	otherKey = secretBytes(otherSecret)
	a1Priv   = ed25519.PrivateKey(mustB64(strings.TrimPrefix(a1Private, "whsk_")))
	a1Pub    = mustB64(strings.TrimPrefix(a1Public, "whpk_"))
)

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func secretBytes(secret string) []byte { return mustB64(strings.TrimPrefix(secret, "whsec_")) }

func mac(key []byte, id, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(id + "." + ts + "."))
	m.Write(body)
	return m.Sum(nil)
}

// v1 is the "v1,<base64>" entry for key over id.ts.body.
func v1(key []byte, id, ts string, body []byte) string {
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, ts, body))
}

// s1With is the v1 entry for S1's key, id and body over the timestamp text ts.
func s1With(ts string) string { return v1(s1Key, s1ID, ts, []byte(s1Body)) }

// hdr builds a header from name/value pairs; a repeated name adds a second line.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// sw is a webhook-* header set with one webhook-signature line made of sigs.
func sw(id, ts string, sigs ...string) http.Header {
	return hdr("webhook-id", id, "webhook-timestamp", ts, "webhook-signature", strings.Join(sigs, " "))
}

// svix is the same under svix-* names.
func svix(id, ts string, sigs ...string) http.Header {
	return hdr("svix-id", id, "svix-timestamp", ts, "svix-signature", strings.Join(sigs, " "))
}

func merge(hs ...http.Header) http.Header {
	out := http.Header{}
	for _, h := range hs {
		for k, vs := range h {
			out[k] = append(out[k], vs...)
		}
	}
	return out
}

func repeat(entry string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = entry
	}
	return out
}

func frozen(t time.Time) func() time.Time { return func() time.Time { return t } }

// next records what the handler behind the middleware saw.
type next struct {
	called   bool
	body     []byte
	readErr  error
	length   int64
	delivery *hooksig.Delivery
	dbody    []byte // the Delivery's Body, taken while the handler ran
}

func (n *next) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	n.called = true
	n.length = r.ContentLength
	n.body, n.readErr = io.ReadAll(r.Body)
	n.delivery, _ = hooksig.DeliveryFrom(r.Context())
	if n.delivery != nil {
		n.dbody = n.delivery.Body()
	}
}

func newRequest(body []byte, h http.Header) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks", bytes.NewReader(body))
	for k, vs := range h {
		r.Header[k] = append([]string(nil), vs...)
	}
	return r
}

func serve(v *hooksig.Verifier, r *http.Request) (*httptest.ResponseRecorder, *next) {
	n := &next{}
	rec := httptest.NewRecorder()
	v.Handler(n).ServeHTTP(rec, r)
	return rec, n
}

// assertRejected checks the contract's rejection: 401, http.Error's status text and nothing
// else (no secret, no expected signature), next not called.
func assertRejected(t *testing.T, rec *httptest.ResponseRecorder, n *next, secrets []string) {
	t.Helper()
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "Unauthorized\n", rec.Body.String())
	assert.False(t, n.called, "next must not run for a rejected request")
	for _, s := range append(secrets, s1Sig[len("v1,"):], s2Sig[len("v1,"):], a1Sig[len("v1a,"):]) {
		if trimmed := trimKeyPrefix(s); len(trimmed) >= 8 {
			assert.NotContains(t, rec.Body.String(), trimmed)
		}
	}
}

func trimKeyPrefix(s string) string {
	for _, p := range []string{"whsec_", "whpk_", "whsk_"} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}

func assertDelivery(t *testing.T, d *hooksig.Delivery, dbody []byte, provider, id string, ts int64, key int, body []byte) {
	t.Helper()
	require.NotNil(t, d, "DeliveryFrom must find the delivery")
	assert.Equal(t, provider, d.Provider)
	assert.Equal(t, id, d.ID)
	assert.True(t, d.IDSigned, "webhook-id is signed")
	assert.True(t, d.Timestamp.Equal(time.Unix(ts, 0)), "timestamp %v, want %d", d.Timestamp, ts)
	assert.Equal(t, key, d.KeyIndex)
	assert.True(t, bytes.Equal(body, dbody), "Delivery.Body must be the bytes received")
}

// TestKnownAnswerVectors runs S1–S6 and A1 through the middleware with the clock frozen at
// the vector's timestamp, through Verify, and through the signer.
func TestKnownAnswerVectors(t *testing.T) {
	for _, vec := range knownAnswers() {
		t.Run(vec.name, func(t *testing.T) {
			newVerifier := func() *hooksig.Verifier {
				v, err := hooksig.New(providers.StandardWebhooks(vec.secret), hooksig.WithClock(frozen(time.Unix(vec.ts, 0))))
				require.NoError(t, err)
				return v
			}
			ts := fmt.Sprint(vec.ts)
			h := sw(vec.id, ts, vec.sig)

			t.Run("middleware", func(t *testing.T) {
				// Declared length and chunked (no Content-Length): next gets the same bytes and
				// the right ContentLength either way. A fresh Verifier each time: the replay step
				// would answer the second delivery of one id itself.
				for _, chunked := range []bool{false, true} {
					v := newVerifier()
					r := newRequest(vec.body, h)
					if chunked {
						r.Body, r.ContentLength = io.NopCloser(struct{ io.Reader }{bytes.NewReader(vec.body)}), -1
					}
					rec, n := serve(v, r)
					require.Equal(t, http.StatusOK, rec.Code, "chunked=%v", chunked)
					require.True(t, n.called)
					require.NoError(t, n.readErr)
					assert.True(t, bytes.Equal(vec.body, n.body), "next must read the body byte for byte")
					assert.Equal(t, int64(len(vec.body)), n.length)
					assertDelivery(t, n.delivery, n.dbody, "standardwebhooks", vec.id, vec.ts, 0, vec.body)
				}
			})
			t.Run("verify", func(t *testing.T) {
				d, err := newVerifier().Verify(newRequest(vec.body, h), vec.body)
				require.NoError(t, err)
				assertDelivery(t, d, d.Body(), "standardwebhooks", vec.id, vec.ts, 0, vec.body)
			})

			// The signer reproduces the expected header exactly (Ed25519 is deterministic).
			t.Run("signer", func(t *testing.T) {
				s, err := hooksig.NewSigner(providers.StandardWebhooks(vec.signer))
				require.NoError(t, err)
				got, err := s.Sign(hooksig.Message{ID: vec.id, Timestamp: time.Unix(vec.ts, 0), Body: vec.body})
				require.NoError(t, err)
				assert.Equal(t, http.Header{
					"Webhook-Id":        {vec.id},
					"Webhook-Timestamp": {ts},
					"Webhook-Signature": {vec.sig},
				}, got.Header)
			})
		})
	}
}

// The vectors' expected values are what the oracles compute (guards the constants above).
func TestVectorOracles(t *testing.T) {
	assert.Equal(t, s1Sig, s1With(s1TSText))
	assert.Equal(t, s2Sig, v1(s2Key, s2ID, s2TSText, []byte(s2Body)))
	msg := []byte(s1ID + "." + s1TSText + "." + s1Body)
	assert.Equal(t, a1Sig, "v1a,"+base64.StdEncoding.EncodeToString(ed25519.Sign(a1Priv, msg)))
	assert.Equal(t, a1Pub, []byte(a1Priv.Public().(ed25519.PublicKey)))
}

// A request case: the verifier (provider, options, frozen clock), the request, the decision.
type reqCase struct {
	name     string
	provider hooksig.Provider // zero: StandardWebhooks(s1Secret)
	opts     []hooksig.Option
	now      time.Time // zero: S1's timestamp
	header   http.Header
	body     []byte // nil: S1's body

	wantErr    error  // nil: accepted
	wantHeader string // the header a *HeaderError must name, for missing/malformed headers

	// For accepted requests (zero values mean S1's).
	wantKey      int
	wantID       string
	wantTS       int64
	wantProvider string
}

func runCases(t *testing.T, cases []reqCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { checkCase(t, c) })
	}
}

func checkCase(t *testing.T, c reqCase) {
	p := c.provider
	if p.Scheme.Name == "" {
		p = providers.StandardWebhooks(s1Secret)
	}
	now := c.now
	if now.IsZero() {
		now = time.Unix(s1TS, 0)
	}
	body := c.body
	if body == nil {
		body = []byte(s1Body)
	}
	v, err := hooksig.New(p, append([]hooksig.Option{hooksig.WithClock(frozen(now))}, c.opts...)...)
	require.NoError(t, err)

	rec, n := serve(v, newRequest(body, c.header))
	d, verr := v.Verify(newRequest(body, c.header), body)

	if c.wantErr == nil {
		id, ts, prov := c.wantID, c.wantTS, c.wantProvider
		if id == "" {
			id = s1ID
		}
		if ts == 0 {
			ts = s1TS
		}
		if prov == "" {
			prov = p.Scheme.Name
		}
		require.Equal(t, http.StatusOK, rec.Code, "body %q", rec.Body.String())
		require.True(t, n.called)
		assert.True(t, bytes.Equal(body, n.body))
		assert.Equal(t, int64(len(body)), n.length)
		assertDelivery(t, n.delivery, n.dbody, prov, id, ts, c.wantKey, body)
		require.NoError(t, verr)
		assertDelivery(t, d, d.Body(), prov, id, ts, c.wantKey, body)
		return
	}

	assertRejected(t, rec, n, p.Secrets)
	require.Error(t, verr)
	assert.ErrorIs(t, verr, c.wantErr)
	assert.Equal(t, http.StatusUnauthorized, hooksig.Status(verr))
	if c.wantHeader != "" {
		var he *hooksig.FieldError
		if assert.ErrorAs(t, verr, &he) {
			assert.Equal(t, c.wantHeader, he.Field)
		}
	}
	for _, s := range p.Secrets {
		if trimmed := trimKeyPrefix(s); len(trimmed) >= 8 {
			assert.NotContains(t, verr.Error(), trimmed, "an error never carries a secret")
		}
	}
}

// The negative and behavioural table of spec §6 (S1 inputs unless the case says S2).
func TestSpecNegativeTable(t *testing.T) {
	s2 := providers.StandardWebhooks(s2Secret)
	s2Now := time.Unix(s2TS, 0)
	rust3 := []string{
		"v1,tFtCZ5RDCPxzWQRWXWPgrCgE2frDBe9gjpbWQxnVfsQ=",
		"v1,Mm7xgUVICxZfQ3bgf0h0Dof65L/IFx+PnZvnDWPCX6Q=",
		"v1,9DfC1c3eeOrXB6w/5dIDydLNQaEyww5KalE5jLBZucE=",
	}
	const ceo5 = "Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="
	wrong, at := "v1,"+ceo5, time.Unix(s1TS, 0)

	runCases(t, []reqCase{
		// Any of the three headers missing.
		{name: "missing_id", header: hdr("webhook-timestamp", s1TSText, "webhook-signature", s1Sig),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Id"},
		{name: "missing_timestamp", header: hdr("webhook-id", s1ID, "webhook-signature", s1Sig),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Timestamp"},
		{name: "missing_signature", header: hdr("webhook-id", s1ID, "webhook-timestamp", s1TSText),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Signature"},

		// Signatures that do not match (sources as in §6).
		{name: "wrong_signature_go", header: sw(s1ID, s1TSText, "v1,"+ceo5), wantErr: hooksig.ErrSignatureMismatch},
		{name: "partial_v1_comma", header: sw(s1ID, s1TSText, "v1,"), wantErr: hooksig.ErrSignatureMismatch},
		{name: "partial_first_8_chars_rust", header: sw(s1ID, s1TSText, s1Sig[:len("v1,")+8]), wantErr: hooksig.ErrSignatureMismatch},
		{name: "one_char_off_python", header: sw(s1ID, s1TSText, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OA="), wantErr: hooksig.ErrSignatureMismatch},
		{name: "one_char_off_ruby_csharp", header: sw(s1ID, s1TSText, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLawdd"), wantErr: hooksig.ErrSignatureMismatch},
		{name: "garbage_js_php", header: sw(s1ID, s1TSText, "v1,dawfeoifkpqwoekfpqoekf"), wantErr: hooksig.ErrSignatureMismatch},

		// Unknown versions are skipped; any match wins.
		{name: "unknown_versions_skipped_valid_present",
			header: sw(s1ID, s1TSText, "v1,"+ceo5, "v2,"+ceo5, s1Sig, "v1,"+ceo5)},
		{name: "unknown_version_alone", header: sw(s1ID, s1TSText, "v2,"+ceo5), wantErr: hooksig.ErrSignatureMismatch},

		// Rust's three-signature header, S2 inputs: invalid without a valid one, valid with.
		{name: "rust_three_without_valid_S2", provider: s2, now: s2Now,
			header: sw(s2ID, s2TSText, rust3...), wantErr: hooksig.ErrSignatureMismatch},
		{name: "rust_three_with_valid_S2", provider: s2, now: s2Now,
			header: sw(s2ID, s2TSText, append(rust3, s2Sig)...), wantID: s2ID, wantTS: s2TS, body: []byte(s2Body)},
		{name: "rust_valid_first_then_three_S2", provider: s2, now: s2Now,
			header: sw(s2ID, s2TSText, append([]string{s2Sig}, rust3...)...), wantID: s2ID, wantTS: s2TS, body: []byte(s2Body)},
		{name: "rust_wrong_signature_S2", provider: s2, now: s2Now, body: []byte(s2Body),
			header: sw(s2ID, s2TSText, "v1,R3PTzyfHASBKHH98a7yexTwaJ4yNIcGhFQc1yuN+BPU="), wantErr: hooksig.ErrSignatureMismatch},

		// The window: ±300 s inclusive, now truncated to whole seconds (the contract; the Go
		// and Svix libraries reject the exact -300 s edge once now has a sub-second part).
		{name: "stale_by_301s", now: at.Add(301 * time.Second), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrTimestampTooOld},
		{name: "stale_by_301s_subsecond_now", now: at.Add(301*time.Second + 999*time.Millisecond), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrTimestampTooOld},
		{name: "stale_by_exactly_300s", now: at.Add(300 * time.Second), header: sw(s1ID, s1TSText, s1Sig)},
		{name: "stale_by_300s_subsecond_now_accepted", now: at.Add(300*time.Second + 999999999*time.Nanosecond), header: sw(s1ID, s1TSText, s1Sig)},
		{name: "future_by_301s", now: at.Add(-301 * time.Second), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrTimestampTooNew},
		{name: "future_by_exactly_300s", now: at.Add(-300 * time.Second), header: sw(s1ID, s1TSText, s1Sig)},
		{name: "future_by_300s_subsecond_now_accepted", now: at.Add(-300*time.Second + 500*time.Millisecond), header: sw(s1ID, s1TSText, s1Sig)},
		// now = ts-300 s-1 ns truncates to ts-301 s: ts is 301 s ahead.
		{name: "future_by_300s_plus_1ns_truncates_to_301s", now: at.Add(-300*time.Second - time.Nanosecond), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrTimestampTooNew},

		// The timestamp is checked before the signature.
		{name: "stale_and_wrong_signature_reports_stale", now: at.Add(301 * time.Second), header: sw(s1ID, s1TSText, wrong), wantErr: hooksig.ErrTimestampTooOld},
		{name: "future_and_wrong_signature_reports_future", now: at.Add(-301 * time.Second), header: sw(s1ID, s1TSText, wrong), wantErr: hooksig.ErrTimestampTooNew},
		{name: "malformed_ts_and_wrong_signature_reports_ts", header: sw(s1ID, "x", wrong), wantErr: hooksig.ErrMalformedTimestamp},

		// Id, timestamp and body are all signed (the analogue of §6's "ts header replaced").
		{name: "timestamp_replaced_in_window", header: sw(s1ID, "1614265331", s1Sig), wantErr: hooksig.ErrSignatureMismatch},
		{name: "id_replaced", header: sw("msg_other", s1TSText, s1Sig), wantErr: hooksig.ErrSignatureMismatch},
		{name: "body_one_byte_appended", header: sw(s1ID, s1TSText, s1Sig), body: []byte(s1Body + " "), wantErr: hooksig.ErrSignatureMismatch},
		{name: "wrong_secret", provider: providers.StandardWebhooks(otherSecret), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrSignatureMismatch},
	})
}

// WithTolerance moves both edges, still inclusive.
func TestWithToleranceEdges(t *testing.T) {
	tol := []hooksig.Option{hooksig.WithTolerance(10*time.Second, 20*time.Second)}
	ts := time.Unix(s1TS, 0)
	h := sw(s1ID, s1TSText, s1Sig)
	runCases(t, []reqCase{
		{name: "past_10s", opts: tol, now: ts.Add(10 * time.Second), header: h},
		{name: "past_11s", opts: tol, now: ts.Add(11 * time.Second), header: h, wantErr: hooksig.ErrTimestampTooOld},
		{name: "future_20s", opts: tol, now: ts.Add(-20 * time.Second), header: h},
		{name: "future_21s", opts: tol, now: ts.Add(-21 * time.Second), header: h, wantErr: hooksig.ErrTimestampTooNew},
	})
}

// Header names are case-insensitive on the wire: requests parsed as net/http's server parses
// them, with the names written in lower, upper and mixed case.
func TestHeaderNameCasing(t *testing.T) {
	tests := []struct {
		name     string
		provider hooksig.Provider
		names    [3]string // id, timestamp, signature
	}{
		{"lower", providers.StandardWebhooks(s1Secret), [3]string{"webhook-id", "webhook-timestamp", "webhook-signature"}},
		{"upper", providers.StandardWebhooks(s1Secret), [3]string{"WEBHOOK-ID", "WEBHOOK-TIMESTAMP", "WEBHOOK-SIGNATURE"}},
		{"mixed", providers.StandardWebhooks(s1Secret), [3]string{"WebHook-iD", "wEbhOOk-TimeStamp", "Webhook-SIGNATURE"}},
		{"svix_lower", providers.Svix(s1Secret), [3]string{"svix-id", "svix-timestamp", "svix-signature"}},
		{"svix_upper_fallback_from_standardwebhooks", providers.StandardWebhooks(s1Secret), [3]string{"SVIX-ID", "SVIX-TIMESTAMP", "SVIX-SIGNATURE"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := fmt.Sprintf("POST /webhooks HTTP/1.1\r\nHost: example.test\r\n%s: %s\r\n%s: %s\r\n%s: %s\r\nContent-Length: %d\r\n\r\n%s",
				tc.names[0], s1ID, tc.names[1], s1TSText, tc.names[2], s1Sig, len(s1Body), s1Body)
			r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
			require.NoError(t, err)
			v, err := hooksig.New(tc.provider, hooksig.WithClock(frozen(time.Unix(s1TS, 0))))
			require.NoError(t, err)
			rec, n := serve(v, r)
			require.Equal(t, http.StatusOK, rec.Code)
			assertDelivery(t, n.delivery, n.dbody, tc.provider.Scheme.Name, s1ID, s1TS, 0, []byte(s1Body))
		})
	}
}

// Every row of contract.md "Standard Webhooks decisions", as named cases.
func TestContractDecisions(t *testing.T) {
	svixP := providers.Svix(s1Secret)
	bad := "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=" // well-formed, 32 bytes, wrong
	valid := s1Sig
	s1B64 := valid[len("v1,"):]
	s1Raw := mustB64(s1B64)
	msg := []byte(s1ID + "." + s1TSText + "." + s1Body)
	edSig := base64.StdEncoding.EncodeToString(ed25519.Sign(a1Priv, msg))
	pubAsHMAC := v1(a1Pub, s1ID, s1TSText, []byte(s1Body))
	otherPublic := "whpk_" + base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32)).Public().(ed25519.PublicKey))

	// Groups follow the contract's rows.
	var cases []reqCase

	// headers: webhook-* preferred; the whole svix-* set only when none of the three
	// webhook-* headers is present; a partial set is a missing header. Provider svix reverses it.
	cases = append(cases, []reqCase{
		{name: "headers/webhook_set_preferred_over_svix", header: merge(sw(s1ID, s1TSText, valid), svix("msg_svix", s1TSText, bad))},
		{name: "headers/no_fallback_when_webhook_set_present", header: merge(sw(s1ID, s1TSText, bad), svix(s1ID, s1TSText, valid)),
			wantErr: hooksig.ErrSignatureMismatch},
		{name: "headers/svix_set_when_no_webhook_header", header: svix(s1ID, s1TSText, valid)},
		{name: "headers/partial_webhook_id_only_is_missing", header: merge(hdr("webhook-id", s1ID), hdr("svix-timestamp", s1TSText, "svix-signature", valid)),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Timestamp"},
		{name: "headers/partial_webhook_signature_only_is_missing", header: merge(hdr("webhook-signature", valid), svix(s1ID, s1TSText, valid)),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Id"},
		{name: "headers/partial_webhook_timestamp_only_is_missing", header: merge(hdr("webhook-timestamp", s1TSText), svix(s1ID, s1TSText, valid)),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Id"},
		{name: "headers/partial_webhook_without_svix_is_missing", header: hdr("webhook-id", s1ID, "webhook-signature", valid),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Timestamp"},
		{name: "headers/empty_webhook_set_counts_as_absent", header: merge(hdr("webhook-id", "", "webhook-timestamp", "", "webhook-signature", ""), svix(s1ID, s1TSText, valid))},
		{name: "headers/svix_provider_prefers_svix_set", provider: svixP, header: merge(svix(s1ID, s1TSText, valid), sw("msg_webhook", s1TSText, bad))},
		{name: "headers/svix_provider_no_fallback_when_svix_set_present", provider: svixP, header: merge(svix(s1ID, s1TSText, bad), sw(s1ID, s1TSText, valid)),
			wantErr: hooksig.ErrSignatureMismatch},
		{name: "headers/svix_provider_falls_back_to_webhook_set", provider: svixP, header: sw(s1ID, s1TSText, valid)},
		{name: "headers/svix_provider_partial_set_is_missing", provider: svixP, header: merge(hdr("svix-id", s1ID), hdr("webhook-timestamp", s1TSText, "webhook-signature", valid)),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Svix-Timestamp"},
	}...)

	// several webhook-signature lines: each a full list, joined with a space.
	cases = append(cases, []reqCase{
		{name: "lines/valid_in_second_line", header: merge(sw(s1ID, s1TSText, bad), hdr("webhook-signature", valid))},
		{name: "lines/valid_in_first_line", header: merge(sw(s1ID, s1TSText, valid), hdr("webhook-signature", bad))},
		{name: "lines/lists_in_both_lines", header: merge(sw(s1ID, s1TSText, bad, "v2,x"), hdr("webhook-signature", bad+" "+valid))},
		{name: "lines/empty_line_then_valid", header: merge(hdr("webhook-id", s1ID, "webhook-timestamp", s1TSText, "webhook-signature", ""), hdr("webhook-signature", valid))},
		{name: "lines/no_line_matches", header: merge(sw(s1ID, s1TSText, bad), hdr("webhook-signature", bad)), wantErr: hooksig.ErrSignatureMismatch},
	}...)

	// entries: runs of spaces; split at the first comma; unknown labels skipped; at most 16
	// entries, counting every entry (unknown or bad ones too) after the lines are joined.
	cases = append(cases, []reqCase{
		{name: "entries/runs_of_spaces", header: sw(s1ID, s1TSText, "  "+bad+"    "+valid+"   ")},
		{name: "entries/split_at_first_comma_trailing_field_not_ignored", header: sw(s1ID, s1TSText, valid+",extra"), wantErr: hooksig.ErrSignatureMismatch},
		{name: "entries/split_at_first_comma_then_valid", header: sw(s1ID, s1TSText, valid+",extra", valid)},
		{name: "entries/unknown_label_with_valid_bytes", header: sw(s1ID, s1TSText, "v2,"+s1B64), wantErr: hooksig.ErrSignatureMismatch},
		{name: "entries/labels_case_sensitive", header: sw(s1ID, s1TSText, "V1,"+s1B64), wantErr: hooksig.ErrSignatureMismatch},
		{name: "entries/empty_label", header: sw(s1ID, s1TSText, ","+s1B64), wantErr: hooksig.ErrSignatureMismatch},
		{name: "entries/unknown_labels_then_valid", header: sw(s1ID, s1TSText, "v0,x", "v2,"+s1B64, "whatever,", valid)},
		{name: "entries/16_known_valid_last", header: sw(s1ID, s1TSText, append(repeat(bad, 15), valid)...)},
		{name: "entries/16_unknown_and_bad_valid_last", header: sw(s1ID, s1TSText, append(append(repeat("v2,x", 8), repeat("nocomma", 7)...), valid)...)},
		{name: "entries/17_known_valid_last", header: sw(s1ID, s1TSText, append(repeat(bad, 16), valid)...),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
		{name: "entries/17_known_valid_first", header: sw(s1ID, s1TSText, append([]string{valid}, repeat(bad, 16)...)...),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
		{name: "entries/17_counting_unknown_labels", header: sw(s1ID, s1TSText, append(repeat("v2,x", 16), valid)...),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
		{name: "entries/17_counting_entries_without_comma", header: sw(s1ID, s1TSText, append(repeat("nocomma", 16), valid)...),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
		{name: "entries/17_counting_unknown_valid_first", header: sw(s1ID, s1TSText, append([]string{valid}, repeat("v2,x", 16)...)...),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
		{name: "entries/16_across_two_lines", header: merge(sw(s1ID, s1TSText, repeat(bad, 8)...), hdr("webhook-signature", strings.Join(append(repeat(bad, 7), valid), " ")))},
		{name: "entries/17_across_two_lines", header: merge(sw(s1ID, s1TSText, repeat(bad, 8)...), hdr("webhook-signature", strings.Join(append(repeat(bad, 8), valid), " "))),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Signature"},
	}...)

	// labels and keys: v1 only against symmetric keys, v1a only against Ed25519 public keys;
	// a public key is never an HMAC key.
	pub := providers.StandardWebhooks(a1Public)
	cases = append(cases, []reqCase{
		{name: "keys/whsec_only_ignores_valid_v1a", header: sw(s1ID, s1TSText, a1Sig), wantErr: hooksig.ErrSignatureMismatch},
		{name: "keys/whsec_only_ignores_hmac_under_v1a", header: sw(s1ID, s1TSText, "v1a,"+s1B64), wantErr: hooksig.ErrSignatureMismatch},
		{name: "keys/whpk_only_ignores_valid_v1", provider: pub, header: sw(s1ID, s1TSText, valid), wantErr: hooksig.ErrSignatureMismatch},
		{name: "keys/whpk_only_public_key_is_not_an_hmac_key", provider: pub, header: sw(s1ID, s1TSText, pubAsHMAC), wantErr: hooksig.ErrSignatureMismatch},
		{name: "keys/whpk_only_ignores_ed25519_under_v1", provider: pub, header: sw(s1ID, s1TSText, "v1,"+edSig), wantErr: hooksig.ErrSignatureMismatch},
		{name: "keys/whpk_only_valid_v1a", provider: pub, header: sw(s1ID, s1TSText, valid, a1Sig)},
		{name: "keys/both_kinds_v1_matches_key_0", provider: providers.StandardWebhooks(s1Secret, a1Public), header: sw(s1ID, s1TSText, valid)},
		{name: "keys/both_kinds_v1a_matches_key_1", provider: providers.StandardWebhooks(s1Secret, a1Public), header: sw(s1ID, s1TSText, a1Sig), wantKey: 1},
		{name: "keys/both_kinds_reversed_v1_matches_key_1", provider: providers.StandardWebhooks(a1Public, s1Secret), header: sw(s1ID, s1TSText, bad, valid), wantKey: 1},
		{name: "keys/whpk_with_other_public_key", provider: providers.StandardWebhooks(otherPublic),
			header: sw(s1ID, s1TSText, a1Sig), wantErr: hooksig.ErrSignatureMismatch},
	}...)

	// timestamp: ASCII digits only, seconds; the signed content uses the header text as
	// received. Each signature below is computed over the exact timestamp text, so only the
	// text rule decides.
	cases = append(cases, []reqCase{
		{name: "ts/plus_sign", header: sw(s1ID, "+1614265330", s1With("+1614265330")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/leading_space", header: sw(s1ID, " 1614265330", s1With(" 1614265330")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/trailing_space", header: sw(s1ID, "1614265330 ", s1With("1614265330 ")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/fraction", header: sw(s1ID, "1614265330.0", s1With("1614265330.0")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/negative", header: sw(s1ID, "-5", s1With("-5")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/hex", header: sw(s1ID, "0x6037e9f2", s1With("0x6037e9f2")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/non_ascii_digits", header: sw(s1ID, "１６１４２６５３３０", s1With("１６１４２６５３３０")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/empty_is_missing", header: sw(s1ID, "", valid), wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Timestamp"},
		{name: "ts/19_digits", header: sw(s1ID, "1000000000000000000", s1With("1000000000000000000")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/19_digits_overflowing_int64", header: sw(s1ID, "9999999999999999999", s1With("9999999999999999999")), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/19_digits_zero_padded", header: sw(s1ID, "000000000"+s1TSText, s1With("000000000"+s1TSText)), wantErr: hooksig.ErrMalformedTimestamp},
		{name: "ts/18_digits_parses_then_too_new", header: sw(s1ID, "100000000000000000", s1With("100000000000000000")), wantErr: hooksig.ErrTimestampTooNew},
		{name: "ts/milliseconds_are_too_new", header: sw(s1ID, s1TSText+"000", s1With(s1TSText+"000")), wantErr: hooksig.ErrTimestampTooNew},
		// Decision: leading zeros parse (ASCII digits), and the signature covers the text as
		// received — "01614265330", not the re-formatted "1614265330" the Go library signs.
		{name: "ts/leading_zero_signed_as_received", header: sw(s1ID, "0"+s1TSText, s1With("0"+s1TSText))},
		{name: "ts/leading_zero_with_reformatted_signature", header: sw(s1ID, "0"+s1TSText, valid), wantErr: hooksig.ErrSignatureMismatch},
	}...)

	// repeated or empty headers: a repeated webhook-id or webhook-timestamp line is malformed;
	// an empty value counts as absent.
	cases = append(cases, []reqCase{
		{name: "repeat/id_same_value", header: merge(sw(s1ID, s1TSText, valid), hdr("webhook-id", s1ID)),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Id"},
		{name: "repeat/id_different_value", header: merge(sw(s1ID, s1TSText, valid), hdr("webhook-id", "msg_other")),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Id"},
		{name: "repeat/timestamp_same_value", header: merge(sw(s1ID, s1TSText, valid), hdr("webhook-timestamp", s1TSText)),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Webhook-Timestamp"},
		{name: "repeat/svix_id_under_fallback", header: merge(svix(s1ID, s1TSText, valid), hdr("svix-id", s1ID)),
			wantErr: hooksig.ErrMalformedHeader, wantHeader: "Svix-Id"},
		{name: "empty/id_is_missing", header: sw("", s1TSText, valid), wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Id"},
		{name: "empty/signature_is_missing", header: sw(s1ID, s1TSText, ""), wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Signature"},
		{name: "empty/signature_of_spaces_is_missing", header: sw(s1ID, s1TSText, "   "), wantErr: hooksig.ErrMissingHeader, wantHeader: "Webhook-Signature"},
		{name: "empty/empty_id_line_beside_one_value", header: merge(hdr("webhook-id", ""), sw(s1ID, s1TSText, valid))},
		{name: "empty/empty_timestamp_line_beside_one_value", header: merge(hdr("webhook-timestamp", ""), sw(s1ID, s1TSText, valid))},
	}...)

	// bad entries: no comma, empty or undecodable signature (strict standard padded base64),
	// wrong decoded length — skipped like an unknown label; decoded bytes are compared.
	badEntries := []struct{ name, entry string }{
		{"no_comma", s1B64},
		{"no_comma_label_only", "v1"},
		{"empty_signature", "v1,"},
		{"undecodable", "v1,!!!!"},
		{"unpadded", "v1," + strings.TrimRight(s1B64, "=")},
		{"url_safe_alphabet", "v1," + base64.URLEncoding.EncodeToString(s1Raw)},
		{"non_canonical_trailing_bits", "v1," + s1B64[:len(s1B64)-2] + "F="}, // 'E'→'F': same bytes to a lenient decoder
		{"too_short_31_bytes", "v1," + base64.StdEncoding.EncodeToString(s1Raw[:31])},
		{"too_long_33_bytes", "v1," + base64.StdEncoding.EncodeToString(append(append([]byte{}, s1Raw...), 0))},
		{"double_length", "v1," + base64.StdEncoding.EncodeToString(append(append([]byte{}, s1Raw...), s1Raw...))},
		{"hex_instead_of_base64", fmt.Sprintf("v1,%x", s1Raw)},
	}
	for _, b := range badEntries {
		cases = append(cases,
			reqCase{name: "bad_entry/" + b.name + "_alone", header: sw(s1ID, s1TSText, b.entry), wantErr: hooksig.ErrSignatureMismatch},
			reqCase{name: "bad_entry/" + b.name + "_then_valid", header: sw(s1ID, s1TSText, b.entry, valid)},
		)
	}

	runCases(t, cases)
}

// secrets: whsec_ + base64 (prefix optional, padded or unpadded standard base64, strict),
// at least 24 bytes unless allowed; whpk_ of a 32-byte Ed25519 key; whsk_ refused by New.
func TestSecrets(t *testing.T) {
	k25 := []byte("0123456789abcdefghijklmno")  // 25 bytes: "==" padding
	k26 := []byte("0123456789abcdefghijklmnop") // 26 bytes: "=" padding
	k10 := []byte("0123456789")
	b64, raw := base64.StdEncoding.EncodeToString, base64.RawStdEncoding.EncodeToString

	tests := []struct {
		name    string
		secrets []string
		opts    []hooksig.Option
		key     []byte // the symmetric key it must verify with; nil: New fails with ErrInvalidSecret
	}{
		// Accepted forms.
		{name: "s1_prefixed", secrets: []string{s1Secret}, key: s1Key},
		{name: "s1_without_prefix", secrets: []string{strings.TrimPrefix(s1Secret, "whsec_")}, key: s1Key},
		{name: "25_bytes_padded", secrets: []string{"whsec_" + b64(k25)}, key: k25},
		{name: "25_bytes_unpadded", secrets: []string{"whsec_" + raw(k25)}, key: k25},
		{name: "25_bytes_unpadded_without_prefix", secrets: []string{raw(k25)}, key: k25},
		{name: "26_bytes_unpadded", secrets: []string{"whsec_" + raw(k26)}, key: k26},
		{name: "24_bytes_minimum", secrets: []string{"whsec_" + b64(k26[:24])}, key: k26[:24]},
		{name: "10_bytes_with_WithMinKeyBytes_10", secrets: []string{"whsec_" + b64(k10)}, opts: []hooksig.Option{hooksig.WithMinKeyBytes(10)}, key: k10},

		// Rejected at construction.
		{name: "none", secrets: nil},
		{name: "empty", secrets: []string{""}},
		{name: "prefix_only", secrets: []string{"whsec_"}},
		{name: "prefix_only_even_with_WithMinKeyBytes_1", secrets: []string{"whsec_"}, opts: []hooksig.Option{hooksig.WithMinKeyBytes(1)}},
		{name: "not_base64", secrets: []string{"whsec_!!!!"}},
		{name: "10_bytes", secrets: []string{"whsec_" + b64(k10)}},
		{name: "23_bytes", secrets: []string{"whsec_" + b64(k26[:23])}},
		{name: "9_bytes_with_WithMinKeyBytes_10", secrets: []string{"whsec_" + b64(k10[:9])}, opts: []hooksig.Option{hooksig.WithMinKeyBytes(10)}},
		// §6's "unpadded" secrets are not unpadded forms of S1: under strict decoding their
		// trailing bits are not zero (a lenient decoder gives 23 and 25 bytes).
		{name: "spec_unpadded_31_chars", secrets: []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"}},
		{name: "spec_unpadded_31_chars_even_with_WithMinKeyBytes_23", secrets: []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS"}, opts: []hooksig.Option{hooksig.WithMinKeyBytes(23)}},
		{name: "spec_unpadded_34_chars", secrets: []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr"}},
		{name: "spec_34_chars_padded_non_canonical", secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwBr=="}},
		{name: "url_safe_alphabet", secrets: []string{"whsec_" + base64.URLEncoding.EncodeToString(bytes.Repeat([]byte{0xfb, 0xff}, 16))}},
		{name: "space_inside", secrets: []string{"whsec_MfKQ9r8GKYqr TwjUPD8ILPZIo2LaLaSw"}},
		{name: "signature_pasted_as_secret", secrets: []string{"v1," + s1Secret}},
		{name: "one_bad_among_good", secrets: []string{s1Secret, "whsec_!!!!"}},
		{name: "whpk_31_bytes", secrets: []string{"whpk_" + b64(a1Pub[:31])}},
		{name: "whpk_33_bytes", secrets: []string{"whpk_" + b64(append(append([]byte{}, a1Pub...), 0))}},
		{name: "whpk_64_bytes_private_key", secrets: []string{"whpk_" + b64(a1Priv)}},
		{name: "whpk_empty", secrets: []string{"whpk_"}},
		{name: "whsk_private_key_to_receiver", secrets: []string{a1Private}},
		{name: "whsk_seed_to_receiver", secrets: []string{"whsk_" + b64(a1Priv.Seed())}},
		{name: "whsk_beside_whpk", secrets: []string{a1Public, a1Private}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.StandardWebhooks(tc.secrets...), append([]hooksig.Option{hooksig.WithClock(frozen(time.Unix(s1TS, 0)))}, tc.opts...)...)
			if tc.key == nil {
				assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
				assert.Nil(t, v)
				if err != nil {
					for _, s := range tc.secrets {
						if trimmed := trimKeyPrefix(s); len(trimmed) >= 8 {
							assert.NotContains(t, err.Error(), trimmed, "the error names no secret")
						}
					}
				}
				return
			}
			require.NoError(t, err)
			h := sw(s1ID, s1TSText, v1(tc.key, s1ID, s1TSText, []byte(s1Body)))
			d, err := v.Verify(newRequest([]byte(s1Body), h), []byte(s1Body))
			require.NoError(t, err, "a signature with the decoded key verifies")
			assert.Equal(t, 0, d.KeyIndex)
			// ... and one with a key differing in its last byte does not.
			other := append([]byte{}, tc.key...)
			other[len(other)-1] ^= 1
			h = sw(s1ID, s1TSText, v1(other, s1ID, s1TSText, []byte(s1Body)))
			_, err = v.Verify(newRequest([]byte(s1Body), h), []byte(s1Body))
			assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)
		})
	}
}

// Padded and unpadded forms of one key are the same key on both sides: the signers agree
// byte for byte and each verifier accepts the other's signature.
func TestUnpaddedSecretEqualsPadded(t *testing.T) {
	for _, k := range [][]byte{[]byte("0123456789abcdefghijklmno"), []byte("0123456789abcdefghijklmnop")} {
		t.Run(fmt.Sprint(len(k), "_bytes"), func(t *testing.T) {
			padded := "whsec_" + base64.StdEncoding.EncodeToString(k)
			unpadded := "whsec_" + base64.RawStdEncoding.EncodeToString(k)
			require.NotEqual(t, padded, unpadded)
			m := hooksig.Message{ID: s1ID, Timestamp: time.Unix(s1TS, 0), Body: []byte(s1Body)}
			var got []http.Header
			for _, secret := range []string{padded, unpadded} {
				s, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
				require.NoError(t, err)
				h, err := s.Sign(m)
				require.NoError(t, err)
				got = append(got, h.Header)
			}
			assert.Equal(t, got[0], got[1])
			assert.Equal(t, v1(k, s1ID, s1TSText, []byte(s1Body)), got[0].Get("webhook-signature"))
			for i, secret := range []string{unpadded, padded} {
				v, err := hooksig.New(providers.StandardWebhooks(secret), hooksig.WithClock(frozen(time.Unix(s1TS, 0))))
				require.NoError(t, err)
				_, err = v.Verify(newRequest(m.Body, got[i]), m.Body)
				assert.NoError(t, err)
			}
		})
	}
}

// The signer takes what the sender holds: whsec_ and whsk_; never whpk_.
func TestSignerKeys(t *testing.T) {
	m := hooksig.Message{ID: s1ID, Timestamp: time.Unix(s1TS, 0), Body: []byte(s1Body)}
	tests := []struct {
		name    string
		secrets []string
		want    string // the webhook-signature value; "" means NewSigner fails with ErrInvalidSecret
	}{
		{"whsk_64_byte_private_key", []string{a1Private}, a1Sig},
		{"whsk_32_byte_seed", []string{"whsk_" + base64.StdEncoding.EncodeToString(a1Priv.Seed())}, a1Sig},
		{"whsec_and_whsk_both_sign", []string{s1Secret, a1Private}, s1Sig + " " + a1Sig},
		{"rotation_both_secrets_sign_in_order", []string{otherSecret, s1Secret}, v1(otherKey, s1ID, s1TSText, []byte(s1Body)) + " " + s1Sig},
		{"whpk_cannot_sign", []string{a1Public}, ""},
		{"whsk_mismatched_public_half", []string{"whsk_" + base64.StdEncoding.EncodeToString(append(a1Priv.Seed(), make([]byte, 32)...))}, ""},
		{"empty", []string{""}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := hooksig.NewSigner(providers.StandardWebhooks(tc.secrets...))
			if tc.want == "" {
				assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
				return
			}
			require.NoError(t, err)
			h, err := s.Sign(m)
			require.NoError(t, err)
			assert.Equal(t, []string{tc.want}, h.Header.Values("webhook-signature"))
		})
	}
}

// Rotation: several secrets, Delivery.KeyIndex names the one that matched; a sender may put an old
// and a new signature in one header.
func TestRotation(t *testing.T) {
	oldSig := v1(otherKey, s1ID, s1TSText, []byte(s1Body))
	runCases(t, []reqCase{
		{name: "second_secret_matches", provider: providers.StandardWebhooks(otherSecret, s1Secret), header: sw(s1ID, s1TSText, s1Sig), wantKey: 1},
		{name: "first_secret_matches", provider: providers.StandardWebhooks(s1Secret, otherSecret), header: sw(s1ID, s1TSText, s1Sig)},
		{name: "old_and_new_in_one_header_new_secret_only", header: sw(s1ID, s1TSText, oldSig, s1Sig)},
		{name: "old_and_new_in_one_header_old_secret_only", provider: providers.StandardWebhooks(otherSecret), header: sw(s1ID, s1TSText, oldSig, s1Sig)},
		{name: "new_and_old_in_one_header_both_secrets", provider: providers.StandardWebhooks(otherSecret, s1Secret), header: sw(s1ID, s1TSText, s1Sig, oldSig)},
		{name: "only_new_signature_both_secrets", provider: providers.StandardWebhooks(otherSecret, s1Secret), header: sw(s1ID, s1TSText, s1Sig), wantKey: 1},
		{name: "neither_secret", provider: providers.StandardWebhooks(otherSecret, s2Secret), header: sw(s1ID, s1TSText, s1Sig), wantErr: hooksig.ErrSignatureMismatch},
	})
}

// Svix's header names: S1 under svix-* verifies with StandardWebhooks (fallback) and with Svix,
// whose deliveries name provider "svix"; the Svix signer writes svix-* headers.
func TestSvixAlias(t *testing.T) {
	runCases(t, []reqCase{
		{name: "standardwebhooks_reads_svix_set", header: svix(s1ID, s1TSText, s1Sig), wantProvider: "standardwebhooks"},
		{name: "svix_reads_svix_set", provider: providers.Svix(s1Secret), header: svix(s1ID, s1TSText, s1Sig), wantProvider: "svix"},
		{name: "svix_reads_webhook_set", provider: providers.Svix(s1Secret), header: sw(s1ID, s1TSText, s1Sig), wantProvider: "svix"},
		{name: "svix_a1_v1a", provider: providers.Svix(a1Public), header: svix(s1ID, s1TSText, a1Sig), wantProvider: "svix"},
		{name: "svix_missing_signature", provider: providers.Svix(s1Secret), header: hdr("svix-id", s1ID, "svix-timestamp", s1TSText),
			wantErr: hooksig.ErrMissingHeader, wantHeader: "Svix-Signature"},
	})

	s, err := hooksig.NewSigner(providers.Svix(s1Secret))
	require.NoError(t, err)
	h, err := s.Sign(hooksig.Message{ID: s1ID, Timestamp: time.Unix(s1TS, 0), Body: []byte(s1Body)})
	require.NoError(t, err)
	assert.Equal(t, http.Header{"Svix-Id": {s1ID}, "Svix-Timestamp": {s1TSText}, "Svix-Signature": {s1Sig}}, h.Header)
}

// Empty body (S6) through the middleware, with no body at all and with an empty one.
func TestEmptyBody(t *testing.T) {
	const s6 = "v1,v48jdbgvh29KJz2Qc+ghw8G6vG3nAKnujWBg8oM/62A="
	// A fresh Verifier per request: the replay step answers a second delivery of one id.
	newVerifier := func() *hooksig.Verifier {
		v, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(frozen(time.Unix(s1TS, 0))))
		require.NoError(t, err)
		return v
	}
	tests := []struct {
		name string
		req  func() *http.Request
	}{
		{"http_NoBody", func() *http.Request { return newRequest(nil, sw(s1ID, s1TSText, s6)) }},
		{"nil_body", func() *http.Request {
			r := newRequest(nil, sw(s1ID, s1TSText, s6))
			r.Body, r.ContentLength = nil, 0
			return r
		}},
		{"chunked_empty", func() *http.Request {
			r := newRequest(nil, sw(s1ID, s1TSText, s6))
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader("")), -1
			return r
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, n := serve(newVerifier(), tc.req())
			require.Equal(t, http.StatusOK, rec.Code)
			require.True(t, n.called)
			assert.Empty(t, n.body)
			assert.Equal(t, int64(0), n.length)
			assertDelivery(t, n.delivery, n.dbody, "standardwebhooks", s1ID, s1TS, 0, []byte{})
		})
	}
	// S1's signature over an empty body is a mismatch.
	rec, n := serve(newVerifier(), newRequest(nil, sw(s1ID, s1TSText, s1Sig)))
	assertRejected(t, rec, n, []string{s1Secret})
}

func TestStandardWebhooksKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.StandardWebhooks, Secret: s1Secret,
		OtherSecret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Vectors: presettest.Load(t, "testdata/standardwebhooks")})
}

func TestSvixKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Svix, Secret: s1Secret,
		OtherSecret: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", Vectors: presettest.Load(t, "testdata/svix")})
}
