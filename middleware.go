// Package hooksig verifies incoming webhook signatures in net/http middleware.
//
// A webhook sender signs each delivery; a receiver must check that signature over the exact
// bytes it received before it trusts anything in them. hooksig wraps a route: it reads the
// body with a bound, checks the signature with the sender's scheme (in constant time), checks
// the signed timestamp against a tolerance, restores the body, and calls the next handler with
// the verified [Delivery] in the request context.
//
//	v, err := hooksig.New(providers.StandardWebhooks(os.Getenv("WEBHOOK_SECRET")))
//	if err != nil {
//		log.Fatal(err) // an empty or malformed secret fails here, never at request time
//	}
//	r := chi.NewRouter()
//	r.With(v.Handler).Post("/webhooks", handleWebhook)
//
// It fits chi (r.Use, r.With, groups), http.ServeMux and any func(http.Handler) http.Handler
// chain.
//
// # Security
//
//   - The signature is checked over the raw bytes as received; nothing is parsed, decoded or
//     re-serialised before it is verified, and the handler gets exactly those bytes. (One
//     opt-in exception: a preset with a Fallback, such as providers.FullupJSCompat, may verify
//     a canonical form instead and then hands the handler that form; [Delivery].Canonical
//     says so.)
//   - Bodies are bounded (1 MiB unless the sender documents more): a declared length over the
//     limit is refused with 413 before a byte is read; a streamed body is cut at limit+1
//     bytes and refused with 413.
//   - Comparisons are constant-time over decoded bytes. The algorithm is pinned by the scheme;
//     a sender never picks it unless the scheme lists the labels it may use.
//   - Construction fails closed: an empty secret, an undecodable or short key, a public key
//     where a secret belongs, or an invalid option is an error from [New], never a skipped
//     check at request time.
//   - Rejections answer with the status from [Status] and its status text only: no error text
//     reaches a response, and no secret, expected signature or body reaches a response, an
//     error or an observer.
//
// # Providers
//
// Package providers holds the presets, each a [Scheme] declaration over the one engine in this
// package, and a registry by name for the hooksig command. A sender without a preset is a
// Scheme literal.
package hooksig

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
)

// A Verifier checks deliveries from one provider. Build it with [New]; it is immutable and safe
// for concurrent use by any number of routes and requests.
type Verifier struct {
	eng     *engine
	limit   int64
	window  window
	now     func() time.Time
	onError func(http.ResponseWriter, *http.Request, error)
	observe func(*http.Request, Outcome)
	states  sync.Pool // *state

	bufs  *bufPool // recycles the buffers of bodies nobody keeps
	reuse bool     // WithBodyReuse: next's bodies are recycled too

	store     ReplayStore // nil: no replay step
	dedupe    bool        // replay key from the matched signature when there is no signed id
	keyPrefix string      // provider ":" namespace ":"
	lease     time.Duration
	retention time.Duration
}

// New returns a Verifier for p. It validates the scheme, parses every secret with the scheme's
// key format and applies the options; any problem is an error wrapping [ErrInvalidScheme],
// [ErrInvalidSecret] or [ErrInvalidOption]. It never returns a Verifier that skips a check.
//
// Build a Verifier once, when the server starts, and share it: its replay step remembers
// delivery ids in a store that belongs to it (unless [WithReplayStore] names a shared one), so
// a Verifier built per request remembers nothing and refuses no replay.
func New(p Provider, opts ...Option) (*Verifier, error) {
	c := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	minKey := p.Scheme.MinKeyBytes
	if c.minKeyBytes > 0 {
		minKey = c.minKeyBytes
	}
	eng, err := compile(p.Scheme, p.Secrets, minKey, false)
	if err != nil {
		return nil, err
	}
	v := &Verifier{eng: eng, now: c.now, onError: c.errorHandler, observe: c.observer}
	v.limit = defaultMaxBody
	if p.Scheme.MaxBody > 0 {
		v.limit = p.Scheme.MaxBody
	}
	if c.maxBody > 0 {
		v.limit = c.maxBody
	}
	v.window = window{defaultTolerance, defaultTolerance}
	if ts := p.Scheme.Timestamp; ts != nil {
		if ts.Past > 0 {
			v.window.past = ts.Past
		}
		if ts.Future > 0 {
			v.window.future = ts.Future
		}
	}
	if c.tolerance != nil {
		v.window = *c.tolerance
	}
	if err := v.configureReplay(&c); err != nil {
		return nil, err
	}
	v.reuse = c.reuse
	v.bufs = newBufPool(v.limit, c.reuse)
	v.states.New = func() any { return new(state) }
	return v, nil
}

// configureReplay sets up the replay step for schemes whose delivery id is signed.
func (v *Verifier) configureReplay(c *config) error {
	// A delivery stays acceptable until its timestamp plus the past tolerance plus one unit of
	// the clock (the check truncates now to the unit), and it may be stamped up to the future
	// tolerance ahead: its id must be kept at least that long.
	span, ok := addDurations(v.window.past, v.window.future, v.eng.grain())
	if !ok {
		return fmt.Errorf("%w: the tolerance (%v past, %v future) is too long to compute with", ErrInvalidOption, v.window.past, v.window.future)
	}
	v.retention = max(defaultRetention, span)
	if c.retention > 0 {
		if c.retention < span {
			return fmt.Errorf("%w: WithRetention(%v) is shorter than the tolerance window (%v)", ErrInvalidOption, c.retention, span)
		}
		v.retention = c.retention
	}
	v.lease = c.lease
	if c.noReplay && c.dedupe {
		return fmt.Errorf("%w: WithDedupe and WithoutReplay contradict each other", ErrInvalidOption)
	}
	replayOpts := c.store != nil || c.leaseSet || c.retention > 0 || c.namespace != ""
	if !v.eng.idSigned && !c.dedupe && replayOpts && !c.noReplay {
		// A replay store configured for a scheme that signs no id would protect nothing: say so.
		return fmt.Errorf("%w: %s signs no delivery id, so replay options do nothing without WithDedupe", ErrInvalidOption, v.eng.name)
	}
	if !(v.eng.idSigned || c.dedupe) || c.noReplay {
		return nil
	}
	v.dedupe = c.dedupe
	v.store = c.store
	if v.store == nil {
		v.store = NewMemoryStore(DefaultMemoryStoreSize, WithStoreClock(c.now))
	}
	v.keyPrefix = v.eng.name + ":" + c.namespace + ":"
	return nil
}

// Handler returns next wrapped with verification: the middleware for chi's r.Use and r.With,
// or for wrapping a handler by hand. next runs only for a verified request; it receives the
// body exactly as sent (re-readable, with its ContentLength; the canonical form instead after
// a Fallback success) and the [Delivery] in the request context.
func (v *Verifier) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v.serve(w, r, next)
	})
}

func (v *Verifier) serve(w http.ResponseWriter, r *http.Request, next http.Handler) {
	dl, err := v.verifyRequest(r)
	d := &dl.d
	if err != nil {
		v.reject(w, r, d, err)
		return
	}
	// The observer and the error handler get r as received (its body read); next and the
	// responder get the restored copy.
	out := dl.attach(r)
	if v.eng.respond != nil && v.eng.respond(w, out, d) {
		v.heard(r, d, nil)
		v.done(dl)
		return
	}
	if v.store == nil || d.replayKey == "" {
		v.heard(r, d, nil)
		next.ServeHTTP(w, out)
		v.done(dl)
		return
	}

	// The replay step: claim the signed id (or, with WithDedupe, the signature), hand the
	// delivery on, then complete or release.
	key := d.replayKey
	state, tok, err := v.store.Claim(r.Context(), key, v.lease, v.windowLeft(d))
	switch {
	case err != nil:
		if !errors.Is(err, ErrReplayUnavailable) {
			err = fmt.Errorf("%w: %w", ErrReplayUnavailable, err)
		}
		v.reject(w, r, d, err)
		dl.recycle(v.bufs) // next never saw it
		return
	case state == StateDone:
		v.reject(w, r, d, ErrDuplicate)
		dl.recycle(v.bufs)
		return
	case state != StateFree:
		v.reject(w, r, d, ErrInFlight)
		dl.recycle(v.bufs)
		return
	}
	v.heard(r, d, nil)
	v.serveClaimed(w, r, out, next, dl, key, tok)
	v.done(dl)
}

// done is called once next (or the responder) has returned normally: with WithBodyReuse the
// body's buffer goes back to the pool.
func (v *Verifier) done(dl *delivered) {
	if v.reuse {
		dl.recycle(v.bufs)
	}
}

// serveClaimed calls next with out under a claim: a 2xx (or a hijacked connection) completes
// it, any other status or a panic releases it so the sender's retry is handled. The panic goes
// on. in is the request as received, for the observer.
func (v *Verifier) serveClaimed(w http.ResponseWriter, in, out *http.Request, next http.Handler, dl *delivered, key string, tok Token) {
	d := &dl.d
	dl.detached = detached{in.Context()}
	ctx := &dl.detached // settle the claim even if the client left
	dl.sw = statusWriter{ResponseWriter: w}
	sw := &dl.sw
	returned := false
	defer func() {
		if !returned { // next panicked
			v.settled(in, d, v.store.Release(ctx, key, tok))
		}
	}()
	next.ServeHTTP(sw, out)
	returned = true
	if sw.handled() {
		v.settled(in, d, v.store.Complete(ctx, key, tok, v.retention))
	} else {
		v.settled(in, d, v.store.Release(ctx, key, tok))
	}
}

// windowLeft is how long the delivery's timestamp keeps it acceptable (0: no timestamp).
func (v *Verifier) windowLeft(d *Delivery) time.Duration {
	if d.Timestamp.IsZero() {
		return 0
	}
	return max(d.Timestamp.Add(v.window.past+v.eng.grain()).Sub(v.now()), time.Nanosecond)
}

// addDurations adds non-negative durations, reporting false when the sum overflows.
func addDurations(ds ...time.Duration) (time.Duration, bool) {
	var sum time.Duration
	for _, d := range ds {
		if d > math.MaxInt64-sum {
			return 0, false
		}
		sum += d
	}
	return sum, true
}

// heard tells the observer a delivery was verified and handed on.
func (v *Verifier) heard(r *http.Request, d *Delivery, err error) {
	if v.observe != nil {
		v.observe(r, Outcome{Provider: d.Provider, DeliveryID: d.ID, Key: d.Key, Err: err, Canonical: d.Canonical})
	}
}

// settled reports a failed Complete or Release to the observer.
func (v *Verifier) settled(r *http.Request, d *Delivery, err error) {
	if err == nil || v.observe == nil {
		return
	}
	if !errors.Is(err, ErrClaimLost) && !errors.Is(err, ErrReplayUnavailable) {
		err = fmt.Errorf("%w: %w", ErrReplayUnavailable, err)
	}
	v.observe(r, Outcome{Provider: d.Provider, DeliveryID: d.ID, Key: d.Key, Err: err, Handled: true})
}

// verifyRequest reads and verifies r. On error, the Delivery may still carry what was learnt
// (the provider and the unverified id) for the observer.
func (v *Verifier) verifyRequest(r *http.Request) (*delivered, error) {
	st := v.states.Get().(*state)
	defer func() {
		st.reset()
		v.states.Put(st)
	}()
	e := v.eng
	dl := &delivered{d: Delivery{Provider: e.name, Key: -1}}
	d := &dl.d
	if r.ContentLength > v.limit {
		return dl, ErrBodyTooLarge
	}
	e.prepare(r, st)
	d.ID, d.IDSigned = st.id, e.idSigned && st.id != ""
	head, tail := st.head, st.tail
	if st.err != nil {
		head, tail = 0, 0
	}
	buf, n, err := readBody(r.Body, r.ContentLength, v.limit, head, tail, v.bufs, &dl.slot)
	if err != nil {
		return dl, err
	}
	dl.buf = buf
	d.Body = buf[head : head+n : head+n]
	if err := v.check(r, st, buf, n, d, true); err != nil {
		d.Body = nil
		dl.recycle(v.bufs) // nobody saw it
		return dl, err
	}
	if d.Canonical {
		dl.recycle(v.bufs) // next gets the canonical bytes, never these
	}
	return dl, nil
}

// check verifies a request whose body sits in buf[st.head:st.head+n]. When the scheme has a
// fallback and the raw bytes do not verify, the fallback's canonical form of the body is
// tried, and on success d.Body becomes that form.
func (v *Verifier) check(r *http.Request, st *state, buf []byte, n int, d *Delivery, fallback bool) error {
	e := v.eng
	if st.err != nil {
		return st.err
	}
	if e.hasTS {
		ts, err := e.checkTime(st, v.now(), v.window)
		if err != nil {
			return err
		}
		d.Timestamp = ts
	}
	e.decodeEntries(st)
	m := e.newMessage(r, st, buf, n)
	k, err := e.match(st, &m)
	if err != nil && e.fallback != nil && fallback {
		m, k, err = e.matchCanonical(r, st, buf[st.head:st.head+n])
		if err == nil {
			d.Body, d.Canonical = m.body, true
		}
	}
	if err != nil {
		return err
	}
	d.Key = k
	switch {
	case d.IDSigned:
		d.replayKey = v.keyPrefix + d.ID
	case v.dedupe:
		// The whole signed message, not the signature that matched: the same delivery
		// re-signed with another key, or with one of its entries removed, is the same key.
		h := sha256.New()
		m.writeTo(h)
		d.replayKey = v.keyPrefix + "msg:" + base64.RawURLEncoding.EncodeToString(h.Sum(st.mac[:0]))
	}
	return nil
}

// Verify checks a request whose body has already been read into body, without the body limit,
// the responder, the replay step or the observer: for code that receives deliveries outside
// net/http middleware (queues, serverless events). r supplies the headers and the method. A
// caller that needs replay protection claims d.ID in its own [ReplayStore] when d.IDSigned.
//
// Verify checks the raw bytes only. A scheme's Fallback (such as providers.FullupJSCompat,
// which may verify a re-serialised form) runs in the middleware alone, which hands next the
// form that was signed; here it would leave the caller holding bytes that were never signed,
// so a body that verifies only through the fallback is rejected with [ErrSignatureMismatch].
func (v *Verifier) Verify(r *http.Request, body []byte) (*Delivery, error) {
	st := v.states.Get().(*state)
	defer func() {
		st.reset()
		v.states.Put(st)
	}()
	e := v.eng
	d := &Delivery{Provider: e.name, Key: -1}
	e.prepare(r, st)
	d.ID, d.IDSigned = st.id, e.idSigned && st.id != ""
	if st.err != nil {
		return d, st.err
	}
	buf := make([]byte, st.head+len(body)+st.tail)
	copy(buf[st.head:], body)
	d.Body = body
	if err := v.check(r, st, buf, len(body), d, false); err != nil {
		d.Body = nil
		return d, err
	}
	return d, nil
}

// reject answers a request the middleware refuses. next is never called.
func (v *Verifier) reject(w http.ResponseWriter, r *http.Request, d *Delivery, err error) {
	if v.observe != nil {
		v.observe(r, Outcome{Provider: d.Provider, DeliveryID: d.ID, Key: d.Key, Err: err})
	}
	if v.onError != nil {
		v.onError(w, r, err)
		return
	}
	code := Status(err)
	http.Error(w, http.StatusText(code), code)
}

// delivered is what a verified request carries, in one allocation: the context that holds
// the Delivery, the Delivery itself, and the restored body.
type delivered struct {
	context.Context
	d    Delivery
	body body

	buf  []byte  // the buffer the body was read into
	slot *[]byte // its pool holder, if it came from the pool

	// For the replay step.
	sw       statusWriter
	detached detached
}

// recycle hands the body's buffer back to the pool. Nothing may use d.Body afterwards.
func (c *delivered) recycle(p *bufPool) {
	if c.buf != nil {
		p.put(c.buf, c.slot)
		c.buf, c.slot = nil, nil
	}
}

// detached is its parent context without its cancellation (context.WithoutCancel, without an
// allocation of its own): a claim is settled even when the client has gone.
type detached struct{ context.Context }

func (detached) Deadline() (time.Time, bool) { return time.Time{}, false }
func (detached) Done() <-chan struct{}       { return nil }
func (detached) Err() error                  { return nil }

// Value returns the Delivery for its key and asks the parent context for anything else.
func (c *delivered) Value(key any) any {
	if key == (deliveryKey{}) {
		return &c.d
	}
	return c.Context.Value(key)
}

// attach returns a shallow copy of r whose context carries the Delivery and whose body is
// the verified bytes, with the matching ContentLength.
func (c *delivered) attach(r *http.Request) *http.Request {
	c.Context = r.Context()
	c.body.Reset(c.d.Body)
	r = r.WithContext(c)
	r.Body = &c.body
	r.ContentLength = int64(len(c.d.Body))
	r.TransferEncoding = nil // the body is now a known length, whatever framing it arrived in
	return r
}
