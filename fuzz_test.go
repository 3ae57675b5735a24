package hooksig_test

import (
	"net/http"
	"testing"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/internal/vectors"
	"github.com/hooksig/hooksig/providers"
)

// FuzzStandardWebhooksHeaders feeds arbitrary header values and bodies to the engine: it must
// never panic, and nothing but the one valid signature may verify.
//
//	go test -fuzz=^FuzzStandardWebhooksHeaders$ -fuzztime=60s .
func FuzzStandardWebhooksHeaders(f *testing.F) {
	f.Add(vectors.S1ID, "1614265330", vectors.S1Signature, []byte(vectors.S1Body))
	f.Add(vectors.S1ID, "1614265330", "v1,", []byte(vectors.S1Body))
	f.Add("", "", "", []byte{})
	f.Add("a", "+1", "v1a,AAAA v1,==== ,,,, v2,x", []byte("\xff"))
	f.Add("id.with.dots", "00000000001614265330", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=\r\n", []byte("{}"))
	v, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(frozen(s1Now)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id, ts, sig string, body []byte) {
		r := &http.Request{Method: http.MethodPost, Header: http.Header{
			"Webhook-Id": {id}, "Webhook-Timestamp": {ts}, "Webhook-Signature": {sig},
		}}
		d, err := v.Verify(r, body)
		if err == nil && (id != vectors.S1ID || ts != "1614265330" || string(body) != vectors.S1Body) {
			t.Fatalf("verified a delivery that was never signed: id %q ts %q (%d-byte body, key %d)", id, ts, len(body), d.KeyIndex)
		}
		if err != nil && hooksig.Status(err) != http.StatusUnauthorized {
			t.Fatalf("status %d for %v", hooksig.Status(err), err)
		}
	})
}

// FuzzSignThenVerify: a freshly signed delivery always verifies, and changing any one byte of
// its body never does.
//
//	go test -fuzz=^FuzzSignThenVerify$ -fuzztime=60s .
func FuzzSignThenVerify(f *testing.F) {
	f.Add("msg_1", []byte(vectors.S1Body), uint16(0), byte(1))
	f.Add("x", []byte{}, uint16(3), byte(0xff))
	f.Add("a.b", []byte("\x00\x01\x02"), uint16(2), byte(0x80))
	s, err := hooksig.NewSigner(providers.StandardWebhooks(s1Secret))
	if err != nil {
		f.Fatal(err)
	}
	v, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(frozen(s1Now)))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, id string, body []byte, at uint16, flip byte) {
		if id == "" {
			return // the signer refuses it
		}
		h, err := s.Sign(hooksig.Message{ID: id, Timestamp: s1Now, Body: body})
		if err != nil {
			t.Fatal(err)
		}
		r := &http.Request{Method: http.MethodPost, Header: h.Header}
		if _, err := v.Verify(r, body); err != nil {
			t.Fatalf("a signed delivery did not verify: %v", err)
		}
		if len(body) == 0 || flip == 0 {
			return
		}
		changed := append([]byte(nil), body...)
		changed[int(at)%len(changed)] ^= flip
		if _, err := v.Verify(r, changed); err == nil {
			t.Fatal("a changed body verified")
		}
	})
}
