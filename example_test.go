package hooksig_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
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
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("handled %s: %s\n", d.ID, body)
	})

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
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		fmt.Println("signed with secret", d.KeyIndex)
	})
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

// The middleware on an http.ServeMux route: the handler runs only for a verified delivery and
// reads the verified bytes from r.Body as usual.
func ExampleVerifier_Handler() {
	secret := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := hooksig.New(providers.StandardWebhooks(secret))
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks", v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s\n", body)
		w.WriteHeader(http.StatusNoContent)
	})))

	signer, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	if err != nil {
		panic(err)
	}
	send := func(id, forged string) {
		r, err := signer.Request("https://example.com/webhooks", hooksig.Message{ID: id, Body: []byte(`{"type":"ping"}`)})
		if err != nil {
			panic(err)
		}
		if forged != "" {
			r.Body = io.NopCloser(strings.NewReader(forged)) // changed in transit, same length
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, r)
		fmt.Println(rec.Code)
	}
	send("msg_1", "")
	send("msg_2", `{"type":"pong"}`)
	// Output:
	// handler: {"type":"ping"}
	// 204
	// 401
}

// A handler behind Verifier.Handler reads the verified Delivery from the request context. It
// must check ok: mounted without the middleware by mistake, it gets no Delivery and must refuse
// the request rather than trust it.
func ExampleDeliveryFrom() {
	handle := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := hooksig.DeliveryFrom(r.Context())
		if !ok {
			http.Error(w, "not verified", http.StatusInternalServerError) // a routing mistake
			return
		}
		fmt.Fprintf(w, "delivery %s from %s\n", d.ID, d.Provider)
	})

	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := hooksig.New(p)
	if err != nil {
		panic(err)
	}
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	for _, h := range []http.Handler{v.Handler(handle), handle} { // with the middleware, then without
		r, err := signer.Request("https://example.com/webhooks", hooksig.Message{ID: "msg_1", Body: []byte(`{}`)})
		if err != nil {
			panic(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Print(rec.Code, " ", rec.Body.String())
	}
	// Output:
	// 200 delivery msg_1 from standardwebhooks
	// 500 not verified
}

// HandleDelivery hands the verified Delivery to the handler itself: nothing to look up, and
// nothing that can be missing.
func ExampleVerifier_HandleDelivery() {
	at := time.Unix(1614265330, 0)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := hooksig.New(p, hooksig.WithClock(func() time.Time { return at }))
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Println("provider:", d.Provider)
		fmt.Println("id:", d.ID, "signed:", d.IDSigned)
		fmt.Println("sent at:", d.Timestamp.UTC().Format(time.RFC3339))
		fmt.Printf("body: %s\n", body)
		w.WriteHeader(http.StatusAccepted)
	})

	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	r, err := signer.Request("https://example.com/webhooks",
		hooksig.Message{ID: "msg_p5jXN8AQM9LWM0D4loKWxJek", Timestamp: at, Body: []byte(`{"test": 2432232314}`)})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code)
	// Output:
	// provider: standardwebhooks
	// id: msg_p5jXN8AQM9LWM0D4loKWxJek signed: true
	// sent at: 2021-02-25T15:02:10Z
	// body: {"test": 2432232314}
	// 202
}

// Verify checks a delivery whose body was already read — one taken from a queue, or a
// serverless event — with the headers it came with. It runs no replay step: a caller that needs
// one claims d.ID in its own store when d.IDSigned.
func ExampleVerifier_Verify() {
	at := time.Unix(1614265330, 0)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := hooksig.New(p, hooksig.WithClock(func() time.Time { return at }))
	if err != nil {
		panic(err)
	}
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	body := []byte(`{"test": 2432232314}`)
	signed, err := signer.Sign(hooksig.Message{ID: "msg_1", Timestamp: at, Body: body})
	if err != nil {
		panic(err)
	}
	// What the queue kept: the headers and the body.
	r := &http.Request{Method: http.MethodPost, Header: signed.Header}

	d, err := v.Verify(r, body)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	fmt.Println("verified", d.ID, "signed id:", d.IDSigned)

	_, err = v.Verify(r, []byte(`{"test": 2432232315}`))
	fmt.Println(errors.Is(err, hooksig.ErrSignatureMismatch), hooksig.Status(err))
	// Output:
	// verified msg_1 signed id: true
	// true 401
}

// A sender that signs no delivery id (GitHub's X-GitHub-Delivery is not signed) gets replay
// protection from WithDedupe: an identical delivery — a replay, or a retry of a handled one —
// is answered 200 without reaching the handler again, whatever unsigned id it carries.
func ExampleWithDedupe() {
	p := providers.GitHub("github-webhook-secret")
	v, err := hooksig.New(p, hooksig.WithDedupe())
	if err != nil {
		panic(err)
	}
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Println("handled")
	}))
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	for _, id := range []string{"delivery-1", "delivery-2"} {
		r, err := signer.Request("https://example.com/webhooks", hooksig.Message{ID: id, Body: []byte(`{"zen":"hi"}`)})
		if err != nil {
			panic(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		fmt.Println(rec.Code)
	}
	// Output:
	// handled
	// 200
	// 200
}

// WithLogger logs each decision with log/slog: a rejection at Warn, with the provider, the
// status, a fixed reason and the numbers of what the request carried — never a secret, a
// signature or the body. Here the time attribute is dropped so the output is stable.
func ExampleWithLogger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
	at := time.Unix(1614265330, 0)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := hooksig.New(p, hooksig.WithLogger(logger), hooksig.WithClock(func() time.Time { return at }))
	if err != nil {
		panic(err)
	}
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))

	// Signed with another secret: the signature is well formed, and no key verifies it.
	other, err := hooksig.NewSigner(providers.StandardWebhooks("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"))
	if err != nil {
		panic(err)
	}
	r, err := other.Request("https://example.com/webhooks", hooksig.Message{ID: "msg_1", Timestamp: at, Body: []byte(`{}`)})
	if err != nil {
		panic(err)
	}
	h.ServeHTTP(httptest.NewRecorder(), r)
	// Output:
	// level=WARN msg="hooksig: rejected" provider=standardwebhooks status=401 reason=no_match field=Webhook-Signature entries=1 labels=v1 checked=1 keys=1 age=0s tolerance_past=5m0s tolerance_future=5m0s
}

// An observer hears every decision, for logs and metrics: the provider and a fixed Reason
// make stable labels.
func ExampleWithObserver() {
	at := time.Unix(1614265330, 0)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := hooksig.New(p,
		hooksig.WithClock(func() time.Time { return at }),
		hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
			fmt.Println(o.Provider, o.Reason)
		}))
	if err != nil {
		panic(err)
	}
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(m hooksig.Message, forged string) {
		r, err := signer.Request("https://example.com/webhooks", m)
		if err != nil {
			panic(err)
		}
		if forged != "" {
			r.Body = io.NopCloser(strings.NewReader(forged))
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
	send(hooksig.Message{ID: "msg_1", Timestamp: at, Body: []byte(`{"n":1}`)}, "")                 // verified
	send(hooksig.Message{ID: "msg_1", Timestamp: at, Body: []byte(`{"n":1}`)}, "")                 // the same id again
	send(hooksig.Message{ID: "msg_2", Timestamp: at.Add(-time.Hour), Body: []byte(`{"n":2}`)}, "") // signed an hour ago
	send(hooksig.Message{ID: "msg_3", Timestamp: at, Body: []byte(`{"n":3}`)}, `{"n":4}`)          // body changed in transit
	// Output:
	// standardwebhooks verified
	// standardwebhooks duplicate
	// standardwebhooks timestamp_too_old
	// standardwebhooks no_match
}
