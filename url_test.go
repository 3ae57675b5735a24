package hooksig_test

import (
	"crypto/hmac"
	"crypto/sha1" //nolint:gosec // the scheme under test is Twilio's
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// A Twilio-shaped scheme: HMAC-SHA1 over the public URL and the sorted form parameters; the
// expected values computed here with the standard library, independently of the engine.
var urlScheme = hooksig.Scheme{
	Name:      "urlsigned",
	Fields:    []hooksig.Fields{{Signature: "X-Url-Signature"}},
	Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA1}}},
	Signed:    []hooksig.Part{hooksig.PublicURL(), hooksig.SortedFormParams("bodySHA256")},
	Checks:    []hooksig.Check{hooksig.BodySHA256InQuery("bodySHA256")},
	Key:       hooksig.RawKey,
}

func sha1mac(key, msg string) string {
	m := hmac.New(sha1.New, []byte(key))
	m.Write([]byte(msg))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

func TestPublicURLAndSortedFormParams(t *testing.T) {
	const key = "12345"
	v, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{key}}, hooksig.WithPublicURL("https://mycompany.com"))
	require.NoError(t, err)
	form := "To=%2B15551234567&From=%2B15557654321&CallSid=CA1234&Digits=1&Digits=2"
	// Sorted by name; a repeated name contributes each distinct value, sorted.
	signedText := "https://mycompany.com/myapp.php?foo=1&bar=2" + "CallSidCA1234" + "Digits1Digits2" + "From+15557654321" + "To+15551234567"
	good := sha1mac(key, signedText)
	for _, tc := range []struct {
		name   string
		target string
		body   string
		ct     string
		sig    string
		want   int
	}{
		{"form", "/myapp.php?foo=1&bar=2", form, "application/x-www-form-urlencoded", good, 204},
		{"form_with_charset", "/myapp.php?foo=1&bar=2", form, "application/x-www-form-urlencoded; charset=utf-8", good, 204},
		{"repeated_values_in_another_order", "/myapp.php?foo=1&bar=2", strings.Replace(form, "Digits=1&Digits=2", "Digits=2&Digits=1", 1), "application/x-www-form-urlencoded", good, 204},
		{"a_repeated_value_counts_once", "/myapp.php?foo=1&bar=2", form + "&Digits=2", "application/x-www-form-urlencoded", good, 204},
		{"another_value_added", "/myapp.php?foo=1&bar=2", form + "&Digits=3", "application/x-www-form-urlencoded", good, 401},
		{"first_value_only_is_not_enough", "/myapp.php?foo=1&bar=2", form, "application/x-www-form-urlencoded",
			sha1mac(key, "https://mycompany.com/myapp.php?foo=1&bar=2"+"CallSidCA1234"+"Digits1"+"From+15557654321"+"To+15551234567"), 401},
		{"other_query", "/myapp.php?foo=1&bar=3", form, "application/x-www-form-urlencoded", good, 401},
		{"other_path", "/other.php?foo=1&bar=2", form, "application/x-www-form-urlencoded", good, 401},
		{"host_header_is_never_read", "/myapp.php?foo=1&bar=2", form, "application/x-www-form-urlencoded", good, 204},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", tc.target, strings.NewReader(tc.body))
			r.Host = "evil.example" // and forwarded headers: ignored
			r.Header.Set("X-Forwarded-Host", "evil.example")
			r.Header.Set("Content-Type", tc.ct)
			r.Header.Set("X-Url-Signature", tc.sig)
			rec := httptest.NewRecorder()
			v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, r)
			assert.Equal(t, tc.want, rec.Code)
		})
	}
}

// The JSON variant: the signed URL carries the body's SHA-256, which is checked too.
func TestBodySHA256InQuery(t *testing.T) {
	const key = "12345"
	v, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{key}}, hooksig.WithPublicURL("https://mycompany.com"))
	require.NoError(t, err)
	body := `{"property": "value", "boolean": true}`
	sum := sha256.Sum256([]byte(body))
	target := "/myapp?bodySHA256=" + hex.EncodeToString(sum[:])
	sig := sha1mac(key, "https://mycompany.com"+target)
	send := func(body string) int {
		r := httptest.NewRequest("POST", target, strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("X-Url-Signature", sig)
		rec := httptest.NewRecorder()
		v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, r)
		return rec.Code
	}
	assert.Equal(t, 204, send(body))
	assert.Equal(t, 401, send(strings.Replace(body, "value", "VALUE", 1)), "a body other than the signed digest's")

	// Without the digest in the URL, a body that is not form parameters would be unsigned.
	r := httptest.NewRequest("POST", "/myapp", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Url-Signature", sha1mac(key, "https://mycompany.com/myapp"))
	rec := httptest.NewRecorder()
	v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, r)
	assert.Equal(t, 401, rec.Code, "a JSON body signed by nothing")
}

func TestPublicURLOption(t *testing.T) {
	_, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{"k"}})
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "a URL-signed scheme needs WithPublicURL")
	for _, bad := range []string{"ftp://x", "https://", "https://x/path", "https://x?q=1", "https://x#f", "https://u:p@x", "https://x:", "x"} {
		_, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{"k"}}, hooksig.WithPublicURL(bad))
		assert.ErrorIs(t, err, hooksig.ErrInvalidOption, bad)
	}
	for _, good := range []string{"https://x", "https://x/", "http://x:8080", "https://[::1]:443"} {
		_, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{"k"}}, hooksig.WithPublicURL(good))
		assert.NoError(t, err, good)
	}
	// The signer signs the URL it is given.
	s, err := hooksig.NewSigner(hooksig.Provider{Scheme: urlScheme, Secrets: []string{"k"}})
	require.NoError(t, err)
	r, err := s.Request("https://mycompany.com/hook?x=1", hooksig.Message{Body: []byte("a=1&b=2"),
		Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
	require.NoError(t, err)
	assert.Equal(t, sha1mac("k", "https://mycompany.com/hook?x=1a1b2"), r.Header.Get("X-Url-Signature"))
}

// WithTrustedProxy: the public URL from the nearest proxy's header, for requests from trusted
// networks only; the rightmost value of the last line wins (a client can prepend its own).
func TestTrustedProxy(t *testing.T) {
	const key = "12345"
	body := "a=1"
	sig := sha1mac(key, "https://hooks.example.com/hook"+"a1")
	for _, tc := range []struct {
		name   string
		source hooksig.ProxyHeader
		remote string
		header map[string][]string
		want   int
	}{
		{"x_forwarded_from_trusted", hooksig.XForwarded, "10.0.0.5:4000",
			map[string][]string{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"hooks.example.com"}}, 204},
		{"client_prepended_host_ignored", hooksig.XForwarded, "10.0.0.5:4000",
			map[string][]string{"X-Forwarded-Proto": {"http, https"}, "X-Forwarded-Host": {"evil.example, hooks.example.com"}}, 204},
		{"last_line_wins", hooksig.XForwarded, "10.0.0.5:4000",
			map[string][]string{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"hooks.example.com", "evil.example"}}, 401},
		{"untrusted_peer", hooksig.XForwarded, "203.0.113.9:4000",
			map[string][]string{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"hooks.example.com"}}, 401},
		{"no_header", hooksig.XForwarded, "10.0.0.5:4000", map[string][]string{}, 401},
		{"host_with_path", hooksig.XForwarded, "10.0.0.5:4000",
			map[string][]string{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"hooks.example.com/x"}}, 401},
		{"forwarded_rfc7239", hooksig.Forwarded, "10.0.0.5:4000",
			map[string][]string{"Forwarded": {`for=198.51.100.1;proto=https;host="hooks.example.com"`}}, 204},
		{"forwarded_last_element", hooksig.Forwarded, "10.0.0.5:4000",
			map[string][]string{"Forwarded": {`proto=http;host=evil.example, proto=https;host=hooks.example.com`}}, 204},
		{"x_forwarded_not_read_in_forwarded_mode", hooksig.Forwarded, "10.0.0.5:4000",
			map[string][]string{"X-Forwarded-Proto": {"https"}, "X-Forwarded-Host": {"hooks.example.com"}}, 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{key}},
				hooksig.WithTrustedProxy(tc.source, netip.MustParsePrefix("10.0.0.0/8")))
			require.NoError(t, err)
			r := httptest.NewRequest("POST", "/hook", strings.NewReader(body))
			r.RemoteAddr = tc.remote
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("X-Url-Signature", sig)
			for k, vs := range tc.header {
				r.Header[k] = vs
			}
			rec := httptest.NewRecorder()
			v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })).ServeHTTP(rec, r)
			assert.Equal(t, tc.want, rec.Code)
		})
	}
	_, err := hooksig.New(hooksig.Provider{Scheme: urlScheme, Secrets: []string{key}}, hooksig.WithTrustedProxy(hooksig.XForwarded))
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "no networks")
}
