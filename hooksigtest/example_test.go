package hooksigtest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/hooksigtest"
	"github.com/hooksig/hooksig/providers"
)

// handleEvent is the handler under test: it sits behind the middleware and trusts r.Body.
func handleEvent(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	fmt.Printf("handled %s\n", body)
	w.WriteHeader(http.StatusAccepted)
}

// exampleT stands in for a test's *testing.T in these examples, which have none: a helper's
// failure panics with its message, so an example cannot pass silently.
type exampleT struct{ testing.TB }

func (exampleT) Helper() {}

func (exampleT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// A test of a route: a signed delivery reaches the handler; the same delivery with one byte
// of its body changed is refused with 401 and never reaches it.
func Example() {
	var t testing.TB = exampleT{} // in a real test: func TestWebhooks(t *testing.T)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	h := hooksigtest.Verifier(t, p).Handler(http.HandlerFunc(handleEvent))

	r := hooksigtest.Request(t, p, "/webhooks", []byte(`{"type":"invoice.paid"}`))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println("signed:", rec.Code)

	forged := hooksigtest.TamperRequest(t, hooksigtest.Request(t, p, "/webhooks", []byte(`{"type":"invoice.paid"}`)))
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, forged)
	fmt.Println("tampered:", rec.Code)
	// Output:
	// handled {"type":"invoice.paid"}
	// signed: 202
	// tampered: 401
}

// Tamper changes one byte and keeps the length, so the request's Content-Length still holds
// and the route answers 401 for the signature, not 400 for the length.
func ExampleTamper() {
	fmt.Printf("%s\n", hooksigtest.Tamper([]byte(`{"amount":100}`)))
	fmt.Printf("%s\n", hooksigtest.Tamper([]byte(`{"action":"opened"}`)))
	// Output:
	// {"amount":101}
	// {"action":"openee"}
}

// A route whose clock is fixed (hooksig.WithClock) gets deliveries signed at that time, with
// RequestMessage; the handler reads the delivery's id and timestamp.
func ExampleRequestMessage() {
	var t testing.TB = exampleT{} // in a real test: the test's *testing.T
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v := hooksigtest.Verifier(t, p, hooksig.WithClock(func() time.Time { return at }))
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		fmt.Println(d.Provider, d.ID, d.Timestamp.UTC().Format(time.RFC3339))
	})

	r := hooksigtest.RequestMessage(t, p, "/webhooks", hooksig.Message{ID: "msg_1", Timestamp: at, Body: []byte(`{}`)})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	fmt.Println(rec.Code)
	// Output:
	// standardwebhooks msg_1 2026-01-02T03:04:05Z
	// 200
}
