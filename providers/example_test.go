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
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := hooksig.DeliveryFrom(r.Context())
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("handler: %s %s\n", d.ID, body)
	}))

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
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := hooksig.DeliveryFrom(r.Context())
		fmt.Println("handler:", d.Provider, d.ID)
	}))

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
