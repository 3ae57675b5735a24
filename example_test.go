package hooksig_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// The middleware in front of a handler: a signed delivery reaches it, a forged one gets 401.
func Example() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := hooksig.New(providers.StandardWebhooks(secret))
	if err != nil {
		panic(err) // a malformed secret fails here, never at request time
	}
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := hooksig.DeliveryFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("handled %s: %s\n", d.ID, body)
	}))

	// What a sender would send (the signer is for tests like this one).
	signer, _ := hooksig.NewSigner(providers.StandardWebhooks(secret))
	good, _ := signer.Request("https://example.com/webhooks", hooksig.Message{ID: "msg_1", Body: []byte(`{"type":"ping"}`)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, good)
	fmt.Println(rec.Code)

	forged, _ := signer.Request("https://example.com/webhooks", hooksig.Message{ID: "msg_2", Body: []byte(`{"type":"ping"}`)})
	forged.Body = io.NopCloser(strings.NewReader(`{"type":"pong"}`)) // same length, other bytes
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, forged)
	fmt.Print(rec.Code, " ", rec.Body.String())
	// Output:
	// handled msg_1: {"type":"ping"}
	// 200
	// 401 Unauthorized
}

// Options tune one route: here a smaller body limit, a tighter window and an observer for
// logs or metrics.
func ExampleNew() {
	v, err := hooksig.New(providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
		hooksig.WithMaxBodySize(64<<10),
		hooksig.WithTolerance(2*time.Minute, 30*time.Second),
		hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
			fmt.Println(o.Provider, o.DeliveryID, o.Err)
		}),
	)
	if err != nil {
		panic(err)
	}
	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader("{}"))
	r.Header.Set("Webhook-Id", "msg_1")
	r.Header.Set("Webhook-Timestamp", "1")
	r.Header.Set("Webhook-Signature", "v1,AAAA")
	v.Handler(http.NotFoundHandler()).ServeHTTP(httptest.NewRecorder(), r)

	_, err = hooksig.New(providers.StandardWebhooks("whsec_"))
	fmt.Println(err)
	// Output:
	// standardwebhooks msg_1 hooksig: timestamp too old
	// hooksig: invalid secret: secret 0: decodes to 0 bytes; this scheme needs at least 24
}

// A sender without a preset is a Scheme literal: here one that signs "timestamp.body" with
// HMAC-SHA256, hex, in an "X-Acme-Signature: sha256=…" header.
func ExampleScheme() {
	acme := hooksig.Scheme{
		Name:   "acme",
		Fields: []hooksig.Fields{{Signature: "X-Acme-Signature", Timestamp: "X-Acme-Timestamp"}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex,
			Labels: []hooksig.Label{{Name: "sha256", Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: time.Minute},
		Key:       hooksig.RawKey,
	}
	p := hooksig.Provider{Scheme: acme, Secrets: []string{"acme-signing-secret"}}
	v, err := hooksig.New(p)
	if err != nil {
		panic(err)
	}

	signer, _ := hooksig.NewSigner(p)
	signed, _ := signer.Sign(hooksig.Message{Timestamp: time.Unix(1700000000, 0), Body: []byte(`{"ok":true}`)})
	fmt.Println(signed.Header.Get("X-Acme-Signature"))

	r, _ := signer.Request("https://example.com/acme", hooksig.Message{Body: []byte(`{"ok":true}`)})
	rec := httptest.NewRecorder()
	v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(rec, r)
	fmt.Println(rec.Code)
	// Output:
	// sha256=36ed32097fa7ff6934d5a686b64547e5fd36cf472acd8f844521e35b7809e786
	// 200
}

// A signer produces the headers a sender adds, for the tests of your own handlers.
func ExampleSigner_Sign() {
	s, err := hooksig.NewSigner(providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
	if err != nil {
		panic(err)
	}
	h, _ := s.Sign(hooksig.Message{
		ID:        "msg_p5jXN8AQM9LWM0D4loKWxJek",
		Timestamp: time.Unix(1614265330, 0),
		Body:      []byte(`{"test": 2432232314}`),
	})
	fmt.Println(h.Header.Get("Webhook-Id"))
	fmt.Println(h.Header.Get("Webhook-Timestamp"))
	fmt.Println(h.Header.Get("Webhook-Signature"))
	// Output:
	// msg_p5jXN8AQM9LWM0D4loKWxJek
	// 1614265330
	// v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=
}

// The replay step answers a retry of a handled delivery 200 without calling the handler
// again, and hands on a retry of a failed one.
func ExampleWithReplayStore() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	store := hooksig.NewMemoryStore(10_000) // or a shared store when several instances serve
	v, err := hooksig.New(providers.StandardWebhooks(secret), hooksig.WithReplayStore(store))
	if err != nil {
		panic(err)
	}
	fail := true
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fail { // the first attempt fails: the id is released for the retry
			fail = false
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		fmt.Println("handled")
	}))
	signer, _ := hooksig.NewSigner(providers.StandardWebhooks(secret))
	for range 3 { // the sender retries with the same id, re-signed each time
		r, _ := signer.Request("https://example.com/webhooks", hooksig.Message{ID: "msg_42", Body: []byte(`{}`)})
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code)
	}
	// Output:
	// 500
	// handled
	// 200
	// 200
}

// Key rotation: pass the old and the new secret; Delivery.KeyIndex says which one signed.
func ExampleProvider_rotation() {
	oldSecret, newSecret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"
	v, _ := hooksig.New(providers.StandardWebhooks(oldSecret, newSecret))
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := hooksig.DeliveryFrom(r.Context())
		fmt.Println("signed with secret", d.KeyIndex)
	}))
	for i, s := range []string{oldSecret, newSecret} {
		signer, _ := hooksig.NewSigner(providers.StandardWebhooks(s))
		r, _ := signer.Request("https://example.com/webhooks", hooksig.Message{ID: fmt.Sprint("msg_", i), Body: []byte(`{}`)})
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	// Output:
	// signed with secret 0
	// signed with secret 1
}

// One route for several senders: a request is tried against the senders whose headers it
// carries, and the Delivery says which one verified it. Here GitHub and Meta both sign in
// X-Hub-Signature-256, each with its own secret, on one http.ServeMux route.
func ExampleNewAny() {
	github, meta := providers.GitHub("github-webhook-secret"), providers.Meta("meta-app-secret")
	v, err := hooksig.NewAny([]hooksig.Provider{github, meta})
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks", v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := hooksig.DeliveryFrom(r.Context())
		if !ok {
			http.Error(w, "not verified", http.StatusInternalServerError)
			return
		}
		fmt.Println("from", d.Provider)
	})))

	for _, p := range []hooksig.Provider{meta, github, providers.GitHub("a guess")} {
		s, _ := hooksig.NewSigner(p)
		r, _ := s.Request("https://example.com/webhooks", hooksig.Message{Body: []byte(`{"zen":"hi"}`)})
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
		fmt.Println(rec.Code)
	}
	// Output:
	// from meta
	// 200
	// from github
	// 200
	// 401
}
