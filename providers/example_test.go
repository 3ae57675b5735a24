package providers_test

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

// A Standard Webhooks route: the signed delivery reaches the handler, a forged one gets 401.
// The secret, id, timestamp, body and signature are the specification's common test vector
// (S1, from every official library's tests); the clock is fixed at its timestamp.
func ExampleStandardWebhooks() {
	v, err := hooksig.New(providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
		hooksig.WithClock(func() time.Time { return time.Unix(1614265330, 0) }))
	if err != nil {
		panic(err) // an empty or malformed secret fails here, never at request time
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("handler: %s %s\n", d.ID, body)
	})

	send := func(signature string) int {
		r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(`{"test": 2432232314}`))
		r.Header.Set("webhook-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
		r.Header.Set("webhook-timestamp", "1614265330")
		r.Header.Set("webhook-signature", signature)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="))
	fmt.Println("forged:", send("v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc="))
	// Output:
	// handler: msg_p5jXN8AQM9LWM0D4loKWxJek {"test": 2432232314}
	// signed: 200
	// forged: 401
}

// Svix (and Clerk, Resend) send the same scheme under svix-* header names.
func ExampleSvix() {
	v, err := hooksig.New(providers.Svix("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
		hooksig.WithClock(func() time.Time { return time.Unix(1614265330, 0) }))
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		fmt.Println("handler:", d.Provider, d.ID)
	})

	r := httptest.NewRequest(http.MethodPost, "/webhooks", strings.NewReader(`{"test": 2432232314}`))
	r.Header.Set("svix-id", "msg_p5jXN8AQM9LWM0D4loKWxJek")
	r.Header.Set("svix-timestamp", "1614265330")
	r.Header.Set("svix-signature", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println("status:", rec.Code)
	// Output:
	// handler: svix msg_p5jXN8AQM9LWM0D4loKWxJek
	// status: 200
}

// Salesbricks signs the body with HMAC-SHA512 keyed with your Salesbricks API token, and sends
// no timestamp and no delivery id: WithDedupe answers a replayed delivery 200 without
// handing it on again.
func ExampleSalesbricks() {
	p := providers.Salesbricks("33a6a6e4-d7ee-4cb3-affb-26535882bf85") // the API token, as-is
	v, err := hooksig.New(p, hooksig.WithDedupe())
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s %s\n", d.Provider, body)
	})

	// The sender's side, as a test plays it: sign body, then send it or other bytes in its place.
	body := `{"order":{"id":"ord_1"}}`
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(sent string) int {
		r, err := signer.Request("https://example.com/webhooks/salesbricks", hooksig.Message{Body: []byte(body)})
		if err != nil {
			panic(err)
		}
		r.Body = io.NopCloser(strings.NewReader(sent))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send(body))
	fmt.Println("tampered:", send(`{"order":{"id":"ord_2"}}`)) // one byte changed, same length
	fmt.Println("replayed:", send(body))                       // answered without reaching the handler
	// Output:
	// handler: salesbricks {"order":{"id":"ord_1"}}
	// signed: 200
	// tampered: 401
	// replayed: 200
}

// Sendsar's secret looks like a Standard Webhooks one but is used whole, "whsec_" included, as
// the HMAC-SHA256 key. Sendsar sends no timestamp and no delivery id: WithDedupe refuses
// replays.
func ExampleSendsar() {
	p := providers.Sendsar("whsec_test_sendsar_secret") // as the console shows it
	v, err := hooksig.New(p, hooksig.WithDedupe())
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s %s\n", d.Provider, body)
	})

	// The sender's side, as a test plays it: sign body, then send it or other bytes in its place.
	body := `{"event":"message.sent"}`
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(sent string) int {
		r, err := signer.Request("https://example.com/webhooks/sendsar", hooksig.Message{Body: []byte(body)})
		if err != nil {
			panic(err)
		}
		r.Body = io.NopCloser(strings.NewReader(sent))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send(body))
	fmt.Println("tampered:", send(`{"event":"message.sens"}`)) // one byte changed, same length
	fmt.Println("replayed:", send(body))                       // answered without reaching the handler
	// Output:
	// handler: sendsar {"event":"message.sent"}
	// signed: 200
	// tampered: 401
	// replayed: 200
}

// Fullup signs the raw body with HMAC-SHA256, keyed with the shared secret as-is, and sends no
// timestamp and no delivery id: WithDedupe refuses replays. (FullupJSCompat also accepts a
// signature over the body's JSON.stringify form, for senders that re-serialise.)
func ExampleFullup() {
	p := providers.Fullup("your_shared_secret_key")
	v, err := hooksig.New(p, hooksig.WithDedupe())
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s %s\n", d.Provider, body)
	})

	// The sender's side, as a test plays it: sign body, then send it or other bytes in its place.
	body := `{"event":"lead.created"}`
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(sent string) int {
		r, err := signer.Request("https://example.com/webhooks/fullup", hooksig.Message{Body: []byte(body)})
		if err != nil {
			panic(err)
		}
		r.Body = io.NopCloser(strings.NewReader(sent))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send(body))
	fmt.Println("tampered:", send(`{"event":"lead.createe"}`)) // one byte changed, same length
	fmt.Println("replayed:", send(body))                       // answered without reaching the handler
	// Output:
	// handler: fullup {"event":"lead.created"}
	// signed: 200
	// tampered: 401
	// replayed: 200
}

// ChatBotKit signs the raw body with HMAC-SHA256 in X-Hub-Signature (the algorithm pinned to
// sha256), and sends no timestamp and no delivery id: WithDedupe refuses replays.
func ExampleChatBotKit() {
	p := providers.ChatBotKit("cbk-secret")
	v, err := hooksig.New(p, hooksig.WithDedupe())
	if err != nil {
		panic(err)
	}
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		fmt.Printf("handler: %s %s\n", d.Provider, body)
	})

	// The sender's side, as a test plays it: sign body, then send it or other bytes in its place.
	body := `{"type":"message"}`
	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(sent string) int {
		r, err := signer.Request("https://example.com/webhooks/chatbotkit", hooksig.Message{Body: []byte(body)})
		if err != nil {
			panic(err)
		}
		r.Body = io.NopCloser(strings.NewReader(sent))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send(body))
	fmt.Println("tampered:", send(`{"type":"messagf"}`)) // one byte changed, same length
	fmt.Println("replayed:", send(body))                 // answered without reaching the handler
	// Output:
	// handler: chatbotkit {"type":"message"}
	// signed: 200
	// tampered: 401
	// replayed: 200
}

// Freepik signs "id.timestamp.body" as Standard Webhooks does, keyed with the secret's raw
// bytes; the signed webhook-id is the replay key, so a replayed delivery is answered 200
// without reaching the handler again. The clock is fixed at the message's timestamp.
func ExampleFreepik() {
	at := time.Unix(1700000000, 0)
	p := providers.Freepik("my freepik secret")
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
		fmt.Printf("handler: %s %s %s\n", d.Provider, d.ID, body)
	})

	signer, err := hooksig.NewSigner(p)
	if err != nil {
		panic(err)
	}
	send := func(id, sent string) int {
		r, err := signer.Request("https://example.com/webhooks/freepik",
			hooksig.Message{ID: id, Timestamp: at, Body: []byte(`{"status":"COMPLETED"}`)})
		if err != nil {
			panic(err)
		}
		r.Body = io.NopCloser(strings.NewReader(sent))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	fmt.Println("signed:", send("wh_1", `{"status":"COMPLETED"}`))
	fmt.Println("tampered:", send("wh_2", `{"status":"COMPLETEE"}`)) // one byte changed, same length
	fmt.Println("replayed:", send("wh_1", `{"status":"COMPLETED"}`)) // answered without reaching the handler
	// Output:
	// handler: freepik wh_1 {"status":"COMPLETED"}
	// signed: 200
	// tampered: 401
	// replayed: 200
}
