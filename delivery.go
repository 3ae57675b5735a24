package hooksig

import (
	"context"
	"time"
)

// A Delivery describes a verified request. The middleware puts it in the request context
// handed to next; read it with [DeliveryFrom]. It never holds a key.
type Delivery struct {
	// Provider is the scheme's name, such as "standardwebhooks".
	Provider string
	// ID is the delivery id the sender sent, "" when the scheme has none.
	ID string
	// IDSigned reports whether ID is covered by the signature. Only a signed id is safe to
	// dedupe on; the replay step uses nothing else.
	IDSigned bool
	// Timestamp is the signed timestamp; the zero Time when the scheme has none.
	Timestamp time.Time
	// Key is the index, in the Provider's Secrets, of the secret whose signature matched.
	Key int
	// Body holds the verified bytes, exactly as received. Do not modify it.
	Body []byte
	// Canonical reports that the raw bytes did not verify but their canonical form did (an
	// opt-in compatibility mode such as providers.FullupJSCompat): Body, and the request body
	// handed to next, are then that canonical form — what the sender actually signed.
	Canonical bool

	replayKey string // the replay store's key; "" when the replay step does not apply
}

type deliveryKey struct{}

// DeliveryFrom returns the verified delivery that the middleware stored in ctx.
func DeliveryFrom(ctx context.Context) (*Delivery, bool) {
	d, ok := ctx.Value(deliveryKey{}).(*Delivery)
	return d, ok
}
