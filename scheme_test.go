package hooksig_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// These schemes are test declarations of senders' shapes, written only to exercise the
// engine: the presets with their sources live in package providers.
var (
	// A timestamp inside a key=value list with several signatures (Stripe's shape).
	listScheme = hooksig.Scheme{
		Name:   "listed",
		Fields: []hooksig.Fields{{Signature: "X-List-Signature"}},
		Signature: hooksig.Signature{Separator: ",", Assign: "=", TrimSpace: true, TimestampLabel: "t",
			Encoding: hooksig.Hex, Labels: []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds},
		Key:       hooksig.RawKey,
	}
	// Unlabelled base64 of the body (Shopify's shape), two header names.
	bareScheme = hooksig.Scheme{
		Name:      "bare",
		Fields:    []hooksig.Fields{{Signature: "X-Bare-Hmac"}, {Signature: "Bare-Hmac"}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.Body()},
		Key:       hooksig.RawKey,
	}
	// The sender names the algorithm; an allow-list pins which (ChatBotKit's shape).
	namedScheme = hooksig.Scheme{
		Name:   "named",
		Fields: []hooksig.Fields{{Signature: "X-Named-Signature"}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex, Labels: []hooksig.Label{
			{Name: "sha256", Algorithm: hooksig.HMACSHA256}, {Name: "sha512", Algorithm: hooksig.HMACSHA512}}},
		Signed: []hooksig.Part{hooksig.Body()},
		Key:    hooksig.RawKey,
	}
	// Labels are key versions (Freepik's shape).
	anyScheme = hooksig.Scheme{
		Name:   "versions",
		Fields: []hooksig.Fields{{Signature: "X-Sig", ID: "X-Id", Timestamp: "X-Ts"}},
		Signature: hooksig.Signature{Separator: " ", Assign: ",", Encoding: hooksig.Base64,
			Labels: []hooksig.Label{{Name: hooksig.AnyLabel, Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.ID(), hooksig.Lit("."), hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Milliseconds},
		Key:       hooksig.RawKey,
	}
	// Method, another header and an RFC 3339 timestamp after the body.
	metaScheme = hooksig.Scheme{
		Name:      "meta",
		Fields:    []hooksig.Fields{{Signature: "X-Meta-Signature", Timestamp: "X-Meta-Time"}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Base64URL, Labels: []hooksig.Label{{Name: "s", Algorithm: hooksig.HMACSHA1}}},
		Signed:    []hooksig.Part{hooksig.Method(), hooksig.Lit("\n"), hooksig.HeaderValue("X-Meta-Tenant"), hooksig.Lit("\n"), hooksig.Body(), hooksig.Lit("\n"), hooksig.TimestampText()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.RFC3339, Past: time.Minute, Future: time.Minute},
		Key:       hooksig.HexKey,
	}
)

func roundTrip(t *testing.T, s hooksig.Scheme, secret string, m hooksig.Message, now time.Time, mutate func(*http.Request)) int {
	t.Helper()
	signer, err := hooksig.NewSigner(hooksig.Provider{Scheme: s, Secrets: []string{secret}})
	require.NoError(t, err)
	r, err := signer.Request("http://x/", m)
	require.NoError(t, err)
	if mutate != nil {
		mutate(r)
	}
	v, err := hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{secret}}, hooksig.WithClock(frozen(now)))
	require.NoError(t, err)
	var next sink
	rec := serve(v.Handler(&next), r)
	if rec.Code == 204 {
		assert.Equal(t, m.Body, next.body)
	}
	return rec.Code
}

func TestEngineShapes(t *testing.T) {
	now := time.Unix(1700000000, 0)
	msg := hooksig.Message{ID: "evt_1", Timestamp: now, Body: []byte(`{"a":1}`), Header: http.Header{"X-Meta-Tenant": {"acme"}}}
	tests := []struct {
		name   string
		scheme hooksig.Scheme
		secret string
		mutate func(*http.Request)
		want   int
	}{
		// Signature lists with the timestamp inside.
		{"list_ok", listScheme, "k", nil, 204},
		{"list_spaces_after_commas", listScheme, "k", func(r *http.Request) {
			r.Header.Set("X-List-Signature", strings.ReplaceAll(r.Header.Get("X-List-Signature"), ",", ", "))
		}, 204},
		{"list_extra_unknown_and_v0", listScheme, "k", func(r *http.Request) {
			r.Header.Set("X-List-Signature", r.Header.Get("X-List-Signature")+",v0=00,zz=1")
		}, 204},
		{"list_two_v1_first_wrong", listScheme, "k", func(r *http.Request) {
			v := r.Header.Get("X-List-Signature")
			r.Header.Set("X-List-Signature", strings.Replace(v, "v1=", "v1="+strings.Repeat("0", 64)+",v1=", 1))
		}, 204},
		{"list_duplicate_timestamp", listScheme, "k", func(r *http.Request) {
			r.Header.Set("X-List-Signature", "t=1700000000,"+r.Header.Get("X-List-Signature"))
		}, 401},
		{"list_no_timestamp", listScheme, "k", func(r *http.Request) {
			v := r.Header.Get("X-List-Signature")
			r.Header.Set("X-List-Signature", v[strings.Index(v, ",")+1:])
		}, 401},
		{"list_wrong_key", listScheme, "k", func(r *http.Request) {
			r.Header.Set("X-List-Signature", "t=1700000000,v1="+strings.Repeat("ab", 32))
		}, 401},
		// Unlabelled values and header aliases.
		{"bare_ok", bareScheme, "shh", nil, 204},
		{"bare_second_header_name", bareScheme, "shh", func(r *http.Request) {
			r.Header["Bare-Hmac"] = r.Header["X-Bare-Hmac"]
			delete(r.Header, "X-Bare-Hmac")
		}, 204},
		{"bare_missing", bareScheme, "shh", func(r *http.Request) { delete(r.Header, "X-Bare-Hmac") }, 401},
		// Sender-named algorithms: only the allow-list counts.
		{"named_ok", namedScheme, "s", nil, 204},
		{"named_not_allowed", namedScheme, "s", func(r *http.Request) {
			r.Header.Set("X-Named-Signature", strings.Replace(r.Header.Get("X-Named-Signature"), "sha256=", "sha1=", 1))
		}, 401},
		{"named_wrong_length", namedScheme, "s", func(r *http.Request) {
			r.Header.Set("X-Named-Signature", "sha256=abcd")
		}, 401},
		{"named_no_prefix", namedScheme, "s", func(r *http.Request) {
			r.Header.Set("X-Named-Signature", strings.TrimPrefix(r.Header.Get("X-Named-Signature"), "sha256="))
		}, 401},
		{"named_odd_hex", namedScheme, "s", func(r *http.Request) { r.Header.Set("X-Named-Signature", "sha256=abc") }, 401},
		{"named_upper_hex", namedScheme, "s", func(r *http.Request) {
			r.Header.Set("X-Named-Signature", "sha256="+strings.ToUpper(strings.TrimPrefix(r.Header.Get("X-Named-Signature"), "sha256=")))
		}, 204},
		// Any label, millisecond timestamps.
		{"versions_ok", anyScheme, "raw secret", nil, 204},
		{"versions_v2_label", anyScheme, "raw secret", func(r *http.Request) {
			r.Header.Set("X-Sig", strings.Replace(r.Header.Get("X-Sig"), "v1,", "v2,", 1))
		}, 204},
		{"versions_seconds_instead_of_ms", anyScheme, "raw secret", func(r *http.Request) { r.Header.Set("X-Ts", "1700000000") }, 401},
		// Method, another header, RFC 3339 after the body.
		{"meta_ok", metaScheme, "00ff00ff", nil, 204},
		{"meta_other_method", metaScheme, "00ff00ff", func(r *http.Request) { r.Method = http.MethodPut }, 401},
		{"meta_other_tenant", metaScheme, "00ff00ff", func(r *http.Request) { r.Header.Set("X-Meta-Tenant", "evil") }, 401},
		{"meta_tenant_missing", metaScheme, "00ff00ff", func(r *http.Request) { r.Header.Del("X-Meta-Tenant") }, 401},
		{"meta_tenant_twice", metaScheme, "00ff00ff", func(r *http.Request) { r.Header.Add("X-Meta-Tenant", "acme") }, 401},
		{"meta_bad_time", metaScheme, "00ff00ff", func(r *http.Request) { r.Header.Set("X-Meta-Time", "yesterday") }, 401},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, roundTrip(t, tc.scheme, tc.secret, msg, now, tc.mutate))
		})
	}
}

func TestRFC3339Window(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	msg := hooksig.Message{Timestamp: now, Body: []byte("b"), Header: http.Header{"X-Meta-Tenant": {"t"}}}
	assert.Equal(t, 204, roundTrip(t, metaScheme, "00", msg, now.Add(time.Minute), nil))
	assert.Equal(t, 401, roundTrip(t, metaScheme, "00", msg, now.Add(time.Minute+time.Nanosecond), nil))
	assert.Equal(t, 401, roundTrip(t, metaScheme, "00", msg, now.Add(-time.Minute-time.Nanosecond), nil))
}

func TestResponder(t *testing.T) {
	s := bareScheme
	s.Respond = func(w http.ResponseWriter, r *http.Request, h *hooksig.Handshake) bool {
		if string(h.Delivery.Body()) != "ping" {
			return false
		}
		_, _ = w.Write([]byte("pong"))
		return true
	}
	p := hooksig.Provider{Scheme: s, Secrets: []string{"k"}}
	v, err := hooksig.New(p)
	require.NoError(t, err)
	signer, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	var next sink
	h := v.Handler(&next)

	ping, _ := signer.Request("http://x/", hooksig.Message{Body: []byte("ping")})
	rec := serve(h, ping)
	assert.Equal(t, "pong", rec.Body.String())
	assert.Zero(t, next.called, "a handshake never reaches next")

	forged, _ := signer.Request("http://x/", hooksig.Message{Body: []byte("ping")})
	forged.Header.Set("X-Bare-Hmac", "AAAA")
	assert.Equal(t, 401, serve(h, forged).Code, "an unverified handshake is never answered")

	event, _ := signer.Request("http://x/", hooksig.Message{Body: []byte("event")})
	assert.Equal(t, 204, serve(h, event).Code)
	assert.Equal(t, 1, next.called)
}

func TestInvalidSchemes(t *testing.T) {
	valid := func() hooksig.Scheme { return listScheme }
	tests := []struct {
		name   string
		mutate func(*hooksig.Scheme)
	}{
		{"no_name", func(s *hooksig.Scheme) { s.Name = "" }},
		{"upper_case_name", func(s *hooksig.Scheme) { s.Name = "Listed" }},
		{"no_fields", func(s *hooksig.Scheme) { s.Fields = nil }},
		{"no_signature_header", func(s *hooksig.Scheme) { s.Fields = []hooksig.Fields{{Timestamp: "X-T"}} }},
		{"no_encoding", func(s *hooksig.Scheme) { s.Signature.Encoding = hooksig.Encoding{} }},
		{"no_labels", func(s *hooksig.Scheme) { s.Signature.Labels = nil }},
		{"label_without_algorithm", func(s *hooksig.Scheme) { s.Signature.Labels = []hooksig.Label{{Name: "v1"}} }},
		{"unlabelled_with_assign", func(s *hooksig.Scheme) {
			s.Signature.Labels = []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}
		}},
		{"too_many_entries", func(s *hooksig.Scheme) { s.Signature.MaxEntries = hooksig.MaxEntries + 1 }},
		{"nothing_signed", func(s *hooksig.Scheme) { s.Signed = nil }},
		{"zero_part", func(s *hooksig.Scheme) { s.Signed = []hooksig.Part{{}} }},
		{"empty_lit", func(s *hooksig.Scheme) { s.Signed = append(s.Signed, hooksig.Lit("")) }},
		{"body_twice", func(s *hooksig.Scheme) { s.Signed = append(s.Signed, hooksig.Body()) }},
		{"timestamp_signed_but_undeclared", func(s *hooksig.Scheme) { s.Timestamp = nil }},
		{"timestamp_without_unit", func(s *hooksig.Scheme) { s.Timestamp = &hooksig.Timestamp{} }},
		{"timestamp_without_source", func(s *hooksig.Scheme) { s.Signature.TimestampLabel = "" }},
		{"negative_tolerance", func(s *hooksig.Scheme) { s.Timestamp = &hooksig.Timestamp{Unit: hooksig.Seconds, Past: -1} }},
		{"id_signed_without_header", func(s *hooksig.Scheme) { s.Signed = append(s.Signed, hooksig.ID()) }},
		{"header_part_without_name", func(s *hooksig.Scheme) { s.Signed = append(s.Signed, hooksig.HeaderValue("")) }},
		{"no_key_format", func(s *hooksig.Scheme) { s.Key = hooksig.KeyFormat{} }},
		{"negative_max_body", func(s *hooksig.Scheme) { s.MaxBody = -1 }},
		// An unsigned timestamp is the attacker's to choose.
		{"timestamp_declared_but_not_signed", func(s *hooksig.Scheme) {
			s.Fields = []hooksig.Fields{{Signature: "X-List-Signature", Timestamp: "X-Ts"}}
			s.Signature.TimestampLabel = ""
			s.Signed = []hooksig.Part{hooksig.Body()}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := valid()
			tc.mutate(&s)
			_, err := hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{"k"}})
			assert.ErrorIs(t, err, hooksig.ErrInvalidScheme)
		})
	}
	_, err := hooksig.New(hooksig.Provider{Scheme: valid(), Secrets: []string{"k"}})
	assert.NoError(t, err, "the base scheme is valid")
}

func TestKeyKindMustFitALabel(t *testing.T) {
	s := bareScheme
	s.Key = hooksig.Ed25519PublicHex
	_, err := hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{strings.Repeat("ab", 32)}})
	assert.ErrorIs(t, err, hooksig.ErrInvalidSecret, "a public key is never an HMAC key")
}

// The signer (and so the verifier's template) agrees with an independent implementation of
// each test scheme's recipe: the standard library, written out by hand.
func TestTemplatesAgainstIndependentRecipes(t *testing.T) {
	now := time.Unix(1700000000, 0)
	body := []byte(`{"a":1}`)
	mac := func(h func() hash.Hash, key []byte, msg string) []byte {
		m := hmac.New(h, key)
		m.Write([]byte(msg))
		return m.Sum(nil)
	}
	metaKey, _ := hex.DecodeString("00ff00ff")
	tests := []struct {
		name   string
		scheme hooksig.Scheme
		secret string
		header string
		want   string
	}{
		{"list", listScheme, "k", "X-List-Signature",
			"t=1700000000,v1=" + hex.EncodeToString(mac(sha256.New, []byte("k"), `1700000000.{"a":1}`))},
		{"bare", bareScheme, "shh", "X-Bare-Hmac",
			base64.StdEncoding.EncodeToString(mac(sha256.New, []byte("shh"), `{"a":1}`))},
		{"named", namedScheme, "s", "X-Named-Signature",
			"sha256=" + hex.EncodeToString(mac(sha256.New, []byte("s"), `{"a":1}`))},
		{"versions_ms", anyScheme, "raw secret", "X-Sig",
			"v1," + base64.StdEncoding.EncodeToString(mac(sha256.New, []byte("raw secret"), `evt_1.1700000000000.{"a":1}`))},
		{"meta", metaScheme, "00ff00ff", "X-Meta-Signature",
			"s=" + base64.URLEncoding.EncodeToString(mac(sha1.New, metaKey, "POST\nacme\n"+`{"a":1}`+"\n2023-11-14T22:13:20Z"))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := hooksig.NewSigner(hooksig.Provider{Scheme: tc.scheme, Secrets: []string{tc.secret}})
			require.NoError(t, err)
			h, err := s.Sign(hooksig.Message{ID: "evt_1", Timestamp: now, Body: body, Header: http.Header{"X-Meta-Tenant": {"acme"}}})
			require.NoError(t, err)
			assert.Equal(t, tc.want, h.Header.Get(tc.header))
		})
	}
}

// A provider's documented maximum raises the default limit; nothing lowers it below 1 MiB.
func TestSchemeMaxBody(t *testing.T) {
	s := bareScheme
	s.MaxBody = 25 << 20
	p := hooksig.Provider{Scheme: s, Secrets: []string{"k"}}
	v, err := hooksig.New(p)
	require.NoError(t, err)
	signer, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	r, err := signer.Request("http://x/", hooksig.Message{Body: body(2 << 20)})
	require.NoError(t, err)
	assert.Equal(t, 204, serve(v.Handler(&sink{}), r).Code, "2 MiB under a 25 MB documented maximum")

	s.MaxBody = 512 << 10
	_, err = hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{"k"}})
	assert.ErrorIs(t, err, hooksig.ErrInvalidScheme, "the default limit is never below 1 MiB")
}
