package hooksig

import (
	"context"
	"net/http"
	"time"
)

// A Delivery describes a verified request. The middleware puts it in the request context
// handed to next; read it with [DeliveryFrom]. It never holds a key.
type Delivery struct {
	// Provider is the scheme's name, such as "standardwebhooks".
	Provider string
	// ID is the delivery id the sender sent, "" when the scheme has none.
	ID string
	// Timestamp is the signed timestamp; the zero Time when the scheme has none.
	Timestamp time.Time
	// KeyIndex is the index, in the Provider's Secrets, of the secret whose signature matched.
	KeyIndex int
	// IDSigned reports whether ID is covered by the signature. Only a signed id is safe to
	// dedupe on; the replay step uses nothing else.
	IDSigned bool
	// Canonical reports that the raw bytes did not verify but their canonical form did (an
	// opt-in compatibility mode such as providers.FullupJSCompat): Body, and the request body
	// handed to next, are then that canonical form — what the sender actually signed.
	Canonical bool

	body      *body
	replayKey string // the replay store's key; "" when the replay step does not apply
}

// Body returns the verified bytes: exactly what was received (or, when Canonical, the form
// that was signed). In a handler, the same bytes are in r.Body, which is how most handlers
// read them; Body returns a copy of its own, made when it is called, because the request's
// buffer is recycled when the handler returns. Called after the handler has returned (from a
// goroutine it started), it returns nil. For a Delivery returned by [Verifier.Verify] it
// returns the caller's bytes.
func (d *Delivery) Body() []byte { return d.body.bytes() }

type deliveryKey struct{}

// DeliveryFrom returns the verified delivery that the middleware stored in ctx, and false when
// there is none — a handler mounted without the middleware must check ok and refuse the
// request, never read d:
//
//	d, ok := hooksig.DeliveryFrom(r.Context())
//	if !ok {
//		http.Error(w, "not verified", http.StatusInternalServerError) // a routing mistake
//		return
//	}
//
// [Verifier.HandleDelivery] hands the delivery to the handler instead, with nothing to check.
func DeliveryFrom(ctx context.Context) (*Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(*Delivery)
	return d, ok
}

// HandleDelivery returns a handler that verifies each request and calls fn with the verified
// delivery: the shape for a route whose handler needs the Delivery, with no lookup that can
// fail. It is v.Handler around fn; r carries the verified body, as for any handler behind it.
func (v *Verifier) HandleDelivery(fn func(w http.ResponseWriter, r *http.Request, d *Delivery)) http.Handler {
	if fn == nil {
		panic("hooksig: HandleDelivery(nil)")
	}
	return v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, ok := DeliveryFrom(r.Context())
		if !ok { // cannot happen: the middleware put it there
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		fn(w, r, d)
	}))
}
