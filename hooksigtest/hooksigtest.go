// Package hooksigtest helps the tests of handlers mounted behind hooksig: it builds requests
// signed the way a provider's sender signs them, and forged copies of them, so a test can check
// that its route hands a genuine delivery to the handler and refuses a forged one — through the
// real middleware, with no signature computed by hand.
//
//	func TestWebhookRoute(t *testing.T) {
//		p := providers.GitHub("test-secret")
//		h := hooksigtest.Verifier(t, p).Handler(myHandler)
//
//		r := hooksigtest.Request(t, p, "/webhooks", []byte(`{"action":"opened"}`))
//		rec := httptest.NewRecorder()
//		h.ServeHTTP(rec, r)
//		// rec.Code is what myHandler answered
//
//		forged := hooksigtest.TamperRequest(t, hooksigtest.Request(t, p, "/webhooks", []byte(`{"action":"opened"}`)))
//		rec = httptest.NewRecorder()
//		h.ServeHTTP(rec, forged)
//		// rec.Code is 401: myHandler never ran
//	}
//
// Every helper that can fail takes a testing.TB and fails the test with Fatalf; none returns
// an error. The package uses the standard library only.
package hooksigtest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"testing"

	"github.com/hooksig/hooksig"
)

// Verifier returns hooksig.New(p, opts...), failing the test when New refuses the provider
// or an option (an empty or malformed secret, an option out of range).
func Verifier(t testing.TB, p hooksig.Provider, opts ...hooksig.Option) *hooksig.Verifier {
	t.Helper()
	v, err := hooksig.New(p, opts...)
	if err != nil {
		t.Fatalf("hooksigtest: hooksig.New: %v", err)
		return nil
	}
	return v
}

// Request returns a request for target carrying body as p's sender would send it: signed
// with p's secrets, at the current time, with a fresh delivery id (a random UUID, so the
// replay step never takes two requests for one delivery). It is
// RequestMessage(t, p, target, hooksig.Message{Body: body}).
//
// The secrets are the sender's: the same shared secret a Verifier holds for HMAC schemes,
// the private key for asymmetric ones. Any error — a secret the signer refuses, a target
// that does not parse — fails the test.
func Request(t testing.TB, p hooksig.Provider, target string, body []byte) *http.Request {
	t.Helper()
	return RequestMessage(t, p, target, hooksig.Message{Body: body})
}

// RequestMessage is Request for a whole hooksig.Message: a fixed Timestamp (for a Verifier
// whose clock hooksig.WithClock fixes), a fixed ID, a method, or the other headers a scheme
// signs. An empty m.ID is replaced by a fresh one; a zero m.Timestamp means now.
//
// The request is signed by hooksig.Signer.Request and made ready for a handler, like one
// from httptest.NewRequest: target is a path or an absolute URL (for a scheme that signs the
// URL, the URL signed), and the request carries a RequestURI, a Host (example.com when target
// is a path) and a RemoteAddr (192.0.2.1:1234). It is a server request: send it to a
// handler, not to an http.Client.
func RequestMessage(t testing.TB, p hooksig.Provider, target string, m hooksig.Message) *http.Request {
	t.Helper()
	s, err := hooksig.NewSigner(p)
	if err != nil {
		t.Fatalf("hooksigtest: hooksig.NewSigner: %v", err)
		return nil
	}
	if m.ID == "" {
		m.ID = newID()
	}
	r, err := s.Request(target, m)
	if err != nil {
		t.Fatalf("hooksigtest: signing a %s delivery: %v", p.Scheme.Name, err)
		return nil
	}
	r.RequestURI = r.URL.RequestURI()
	if r.Host == "" {
		r.Host = "example.com"
	}
	r.RemoteAddr = "192.0.2.1:1234"
	return r
}

// newID returns a random version 4 UUID, the shape most senders give their delivery ids.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand crashes the program instead)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// Tamper returns a copy of body with exactly one byte changed and the same length: a forged
// body that a route must refuse with 401 for a signature mismatch — never 400 for a body
// shorter or longer than the request's Content-Length. body itself is not modified.
//
// The byte changed is the last ASCII letter or digit, replaced by the next one of its kind
// ('a' by 'b', 'z' by 'a', '9' by '0'), so that a JSON body most often keeps its shape and
// only its last value changes; a body with no letter or digit has its last byte's lowest bit
// flipped. The result is deterministic, but it is not promised to be valid JSON (a "true"
// becomes "truf").
//
// An empty body cannot be changed at the same length: Tamper panics when body is empty.
//
// A scheme that does not sign the body (Mailgun signs fields beside it; GitLab's shared token
// signs nothing) accepts a tampered body: that is what it promises.
func Tamper(body []byte) []byte {
	if len(body) == 0 {
		panic("hooksigtest: Tamper: an empty body cannot be changed at the same length")
	}
	out := bytes.Clone(body)
	for i := len(out) - 1; i >= 0; i-- {
		switch c := out[i]; {
		case c >= 'a' && c <= 'z':
			out[i] = 'a' + (c-'a'+1)%26
			return out
		case c >= 'A' && c <= 'Z':
			out[i] = 'A' + (c-'A'+1)%26
			return out
		case c >= '0' && c <= '9':
			out[i] = '0' + (c-'0'+1)%10
			return out
		}
	}
	out[len(out)-1] ^= 1
	return out
}

// TamperRequest returns a copy of r whose body is Tamper of r's, with the same headers
// (signature included) and the same ContentLength (-1, for a body of unknown length, stays
// -1): a signed request forged in transit. It reads r's body and gives r a fresh reader over
// the same bytes, so r can still be sent. A body that cannot be read, or an empty one, fails
// the test.
func TamperRequest(t testing.TB, r *http.Request) *http.Request {
	t.Helper()
	if r.Body == nil || r.Body == http.NoBody {
		t.Fatalf("hooksigtest: TamperRequest: the request has no body to tamper with")
		return nil
	}
	body, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		t.Fatalf("hooksigtest: TamperRequest: reading the body: %v", err)
		return nil
	}
	if len(body) == 0 {
		t.Fatalf("hooksigtest: TamperRequest: an empty body cannot be changed at the same length")
		return nil
	}
	setBody(r, body)
	forged := r.Clone(r.Context())
	setBody(forged, Tamper(body))
	return forged
}

// setBody makes b the body of r, re-readable through GetBody. r.ContentLength is kept.
func setBody(r *http.Request, b []byte) {
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
}
