// Package hooksig verifies incoming webhook signatures in net/http middleware.
//
// A webhook sender signs each delivery; a receiver must check that signature over the exact
// bytes it received before it trusts anything in them. hooksig wraps a route: it reads the
// body with a bound, checks the signature with the sender's scheme (in constant time), checks
// the signed timestamp against a tolerance, refuses replays of a signed delivery id, restores
// the body, and calls the next handler with the verified [Delivery] in the request context.
//
// # Route users
//
//	v, err := hooksig.New(providers.StandardWebhooks(os.Getenv("WEBHOOK_SECRET")))
//	if err != nil {
//		log.Fatal(err) // an empty or malformed secret fails here, never at request time
//	}
//	r := chi.NewRouter()
//	r.With(v.Handler).Post("/webhooks", handleWebhook)
//
// It fits chi (r.Use, r.With, groups), http.ServeMux and any func(http.Handler) http.Handler
// chain. The handler reads the verified bytes from r.Body as usual; [DeliveryFrom] says which
// provider, delivery id and timestamp. [NewAny] serves several senders on one route. Package
// providers holds a preset for each sender hooksig knows.
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
//     bytes and refused with 413. A request that carries none of the route's signature fields
//     is refused with 401 before a byte is read.
//   - Comparisons are constant-time over decoded bytes. The algorithm is pinned by the scheme;
//     a sender never picks it unless the scheme lists the labels it may use. The work a forged
//     request can cause is bounded (asymmetric checks: three entries per request).
//   - Construction fails closed: an empty secret, an undecodable, short or degenerate key, a
//     public key where a secret belongs, or an invalid option is an error from [New], never a
//     skipped check at request time.
//   - Rejections answer with the status from [Status] and its status text only: no error text
//     reaches a response, and no secret, expected signature or body reaches a response, an
//     error or an observer.
//
// # Scheme authors
//
// A sender is a [Scheme]: a declaration of where its signature travels ([Fields]), how it is
// written ([Signature], [Label], [Encoding]), which [Algorithm] each label pins, what was
// signed ([Part]s), its [Timestamp] and how a secret becomes key bytes ([KeyFormat]). One
// engine does the parsing, decoding, comparison, key rotation and timestamp checks for every
// scheme. Package presettest checks a scheme the way every preset is checked.
//
// # Store authors
//
// The replay step records signed delivery ids in a [ReplayStore] (claim, complete, release,
// each one atomic operation with a token); [MemoryStore] is the default, and package
// replaytest holds the conformance suite every store should pass.
package hooksig

import (
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"
	"time"
	"unsafe"
)

// A Verifier checks deliveries from one provider, or from any of several on one route
// ([NewAny]). Build it with [New]; it is immutable and safe for concurrent use by any number of
// routes and requests.
type Verifier struct {
	cands []*candidate
	// byHeader maps a canonical header name to the candidates that read it (routes with
	// several candidates): which candidates a request is for is found from its headers, with
	// a cost that does not grow with the number of candidates.
	byHeader  map[string]uint64
	triggers  []trigger // byHeader as a list, for requests with more headers than it has
	inBody    uint64    // candidates whose fields are in the body: always tried
	limit     int64     // the largest candidate's limit
	now       func() time.Time
	onError   func(http.ResponseWriter, *http.Request, error)
	problem   bool // rejections as RFC 9457 problem details
	observe   func(*http.Request, Outcome)
	states    sync.Pool // *state
	bufs      *bufPool  // recycles the buffers of bodies nobody keeps
	unsigned  bool      // some candidate declares an unsigned handshake
	store     ReplayStore
	own       *MemoryStore // the store, when the Verifier made it (it shares the Verifier's clock)
	lease     time.Duration
	retention time.Duration
}

// maxCandidates bounds the providers one route serves.
const maxCandidates = 64

// New returns a Verifier for p. It validates the scheme, parses every secret with the scheme's
// key format and applies the options; any problem is an error wrapping [ErrInvalidScheme],
// [ErrInvalidSecret] or [ErrInvalidOption]. It never returns a Verifier that skips a check.
//
// Build a Verifier once, when the server starts, and share it: its replay step remembers
// delivery ids in a store that belongs to it (unless [WithReplayStore] names a shared one), so
// a Verifier built per request remembers nothing and refuses no replay.
func New(p Provider, opts ...Option) (*Verifier, error) {
	return NewAny([]Provider{p}, opts...)
}

// NewAny returns a Verifier for a route that receives deliveries from several providers. A
// request is tried against the providers whose fields (signature, timestamp or id headers) it
// carries, in the order given; the first that verifies it wins, and [Delivery].Provider says
// which. Detection alone never admits a request: GitHub and Meta both sign in
// X-Hub-Signature-256, and both are tried. A request that carries no provider's fields is
// answered 401 before a byte of its body is read; otherwise the body is read once, with the
// largest limit among the providers it may be from. Replay keys stay per provider.
//
// The options apply to every provider; each keeps its scheme's own tolerance and body limit
// unless an option sets them for the route. Two providers must not share a name.
func NewAny(ps []Provider, opts ...Option) (*Verifier, error) {
	c := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	if len(ps) == 0 || len(ps) > maxCandidates {
		return nil, fmt.Errorf("%w: a route serves 1 to %d providers, not %d", ErrInvalidOption, maxCandidates, len(ps))
	}
	if c.problem && c.errorHandler != nil {
		return nil, fmt.Errorf("%w: WithProblemDetails and WithErrorHandler both write the rejection: choose one", ErrInvalidOption)
	}
	v := &Verifier{now: c.now, onError: c.errorHandler, observe: observerFor(&c), problem: c.problem}
	names := map[string]bool{}
	for _, p := range ps {
		cand, err := newCandidate(p, &c)
		if err != nil {
			return nil, err
		}
		if names[cand.eng.name] {
			return nil, fmt.Errorf("%w: two providers named %s on one route", ErrInvalidOption, cand.eng.name)
		}
		names[cand.eng.name] = true
		v.cands = append(v.cands, cand)
		v.limit = max(v.limit, cand.limit)
		v.unsigned = v.unsigned || cand.eng.unsigned != nil
	}
	if len(v.cands) > 1 {
		v.byHeader = map[string]uint64{}
		for i, cand := range v.cands {
			if cand.eng.bodyFields || cand.eng.numbered {
				v.inBody |= 1 << i // found only by looking further: always tried
			}
			for _, f := range cand.eng.sets {
				if f.in != InHeaders {
					continue
				}
				for _, name := range []string{f.sig, f.ts, f.id} {
					if name != "" {
						v.byHeader[name] |= 1 << i
					}
				}
			}
		}
	}
	for name, bits := range v.byHeader {
		v.triggers = append(v.triggers, trigger{name, bits})
	}
	if err := v.configureReplay(&c); err != nil {
		return nil, err
	}
	v.bufs = newBufPool(v.limit)
	v.states.New = func() any { return new(state) }
	return v, nil
}

// newCandidate resolves one provider with the route's options.
func newCandidate(p Provider, c *config) (*candidate, error) {
	minKey := p.Scheme.MinKeyBytes
	if c.minKeyBytes > 0 {
		minKey = c.minKeyBytes
	}
	eng, err := compile(p.Scheme, p.Secrets, minKey, false)
	if err != nil {
		return nil, err
	}
	cand := &candidate{eng: eng, now: c.now, keys: staticKeys(eng.keys), static: eng.keys, limit: defaultMaxBody,
		publicURL: c.publicURL}
	if c.publicURL == "" {
		cand.proxy = c.proxy
	}
	if eng.usesURL && c.publicURL == "" && c.proxy == nil {
		return nil, fmt.Errorf("%w: %s signs the URL it delivers to: give the route WithPublicURL (or WithTrustedProxy)", ErrInvalidOption, eng.name)
	}
	if p.Scheme.MaxBody > 0 {
		cand.limit = p.Scheme.MaxBody
	}
	if c.maxBody > 0 {
		cand.limit = c.maxBody
	}
	cand.window = window{defaultTolerance, defaultTolerance}
	if ts := p.Scheme.Timestamp; ts != nil {
		if ts.Past > 0 {
			cand.window.past = ts.Past
		}
		if ts.Future > 0 {
			cand.window.future = ts.Future
		}
	}
	if c.tolerance != nil {
		cand.window = *c.tolerance
	}
	return cand, nil
}

// configureReplay sets up the replay step for the candidates whose delivery id is signed (and,
// with WithDedupe, the others).
func (v *Verifier) configureReplay(c *config) error {
	v.retention = defaultRetention
	var longest time.Duration
	replayable := false
	for _, cand := range v.cands {
		// A delivery stays acceptable until its timestamp plus the past tolerance plus one
		// unit of the clock (the check truncates now to the unit), and it may be stamped up
		// to the future tolerance ahead: its id must be kept at least that long.
		span, ok := addDurations(cand.window.past, cand.window.future, cand.eng.grain())
		if !ok {
			return fmt.Errorf("%w: the tolerance (%v past, %v future) is too long to compute with", ErrInvalidOption, cand.window.past, cand.window.future)
		}
		longest = max(longest, span)
		replayable = replayable || cand.eng.idSigned || c.dedupe
	}
	v.retention = max(defaultRetention, longest)
	if c.retention > 0 {
		if c.retention < longest {
			return fmt.Errorf("%w: WithRetention(%v) is shorter than the tolerance window (%v)", ErrInvalidOption, c.retention, longest)
		}
		v.retention = c.retention
	}
	v.lease = c.lease
	if c.noReplay && c.dedupe {
		return fmt.Errorf("%w: WithDedupe and WithoutReplay contradict each other", ErrInvalidOption)
	}
	replayOpts := c.store != nil || c.leaseSet || c.retention > 0 || c.namespace != ""
	if !replayable && replayOpts && !c.noReplay {
		// A replay store configured for a scheme that signs no id would protect nothing: say so.
		return fmt.Errorf("%w: %s signs no delivery id, so replay options do nothing without WithDedupe", ErrInvalidOption, v.cands[0].eng.name)
	}
	if !replayable || c.noReplay {
		return nil
	}
	v.store = c.store
	if v.store == nil {
		v.own = NewMemoryStore(DefaultMemoryStoreSize, WithStoreClock(c.now))
		v.store = v.own
	}
	for _, cand := range v.cands {
		cand.dedupe = c.dedupe
		cand.prefix = cand.eng.name + ":" + c.namespace + ":"
	}
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
	if v.unsigned {
		for _, cand := range v.cands {
			if u := cand.eng.unsigned; u != nil && u.method == r.Method && u.answer(w, r, cand) {
				if v.observe != nil {
					v.observe(r, Outcome{Provider: cand.eng.name, KeyIndex: -1, Unsigned: true, Reason: ReasonUnsigned})
				}
				return
			}
		}
	}
	var fo flowOut // on the stack: a rejected request allocates nothing
	cand, err := v.flow(r, &fo, nil)
	if err != nil {
		v.reject(w, r, &fo.d, err, &fo)
		return
	}
	dl := v.deliver(&fo, cand, false)
	d := &dl.d
	// The observer and the error handler get r as received (its body read); next and the
	// responder get the restored copy.
	out := dl.attach(r)
	// However next ends — returning, panicking — its body is closed and its buffer recycled
	// (net/http's own rule: no reading r.Body after ServeHTTP returns, made safe).
	defer dl.finish(v.bufs)
	if respond := cand.eng.respond; respond != nil {
		h := &Handshake{Delivery: d, mac: dl.mac}
		if respond(w, out, h) {
			v.heard(r, d, nil)
			return
		}
	}
	if v.store == nil || d.replayKey == "" {
		v.heard(r, d, nil)
		next.ServeHTTP(w, out)
		return
	}

	// The replay step: claim the signed id (or, with WithDedupe, the signed message's
	// digest), hand the delivery on, then complete or release.
	key := d.replayKey
	var state ReplayState
	var tok Token
	if v.own != nil && dl.now != 0 {
		// The Verifier's own store keeps the Verifier's clock, which the timestamp check has
		// just read: claim at that time rather than read the clock again.
		state, tok, err = v.own.claimAt(dl.now, key, v.lease, v.windowLeft(cand, dl))
	} else {
		state, tok, err = v.store.Claim(r.Context(), key, v.lease, v.windowLeft(cand, dl))
	}
	switch {
	case err != nil:
		if !errors.Is(err, ErrReplayUnavailable) {
			err = fmt.Errorf("%w: %w", ErrReplayUnavailable, err)
		}
		v.reject(w, r, d, err, nil)
		return
	case state == StateDone:
		v.reject(w, r, d, ErrDuplicate, nil)
		return
	case state != StateFree:
		v.reject(w, r, d, ErrInFlight, nil)
		return
	}
	v.heard(r, d, nil)
	v.serveClaimed(w, r, out, next, dl, key, tok)
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

// windowLeft is how long the delivery's timestamp keeps it acceptable (0: no timestamp): its
// tolerance plus the last unit of the clock, from the time it was checked at.
func (v *Verifier) windowLeft(c *candidate, dl *delivered) time.Duration {
	if dl.d.Timestamp.IsZero() {
		return 0
	}
	return max(dl.d.Timestamp.Add(c.window.past+c.eng.grain()).Sub(time.Unix(0, dl.now)), time.Nanosecond)
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
		v.observe(r, Outcome{Provider: d.Provider, DeliveryID: d.ID, IDSigned: d.IDSigned, KeyIndex: d.KeyIndex, Err: err, Canonical: d.Canonical})
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
	v.observe(r, Outcome{Provider: d.Provider, DeliveryID: d.ID, IDSigned: d.IDSigned, KeyIndex: d.KeyIndex, Err: err, Handled: true, Reason: reasonOf(err, nil)})
}

// flow is the one path Handler and Verify share: find the candidates whose fields the request
// carries, let each read its headers, read the body once (from r, or take given), verify
// each candidate in turn over the same bytes, and fill dl's Delivery from the first that
// verifies. On error, the Delivery still carries what was learnt (the provider and the
// unverified id) for the observer. given is nil for the middleware, which reads r.Body.
func (v *Verifier) flow(r *http.Request, fo *flowOut, given []byte) (_ *candidate, err error) {
	d := &fo.d
	d.KeyIndex = -1
	fromBody := given == nil
	d.Provider = v.cands[0].eng.name
	if fromBody && r.ContentLength > v.limit {
		return nil, ErrBodyTooLarge
	}
	var few [16]*state // the states of the present candidates (most routes have one)
	var sts []*state
	if len(v.cands) <= len(few) {
		sts = few[:len(v.cands)]
	} else {
		sts = make([]*state, len(v.cands))
	}
	defer v.putStates(sts)
	var diagCand *candidate // the candidate whose error is reported, and its state
	var diagSt *state
	if v.observe != nil {
		// Runs before putStates: the diagnosis is read from the states.
		defer func() {
			if err != nil {
				fo.diagnose(r, err, diagCand, diagSt)
			}
		}()
	}

	// Which candidates does the request carry fields of? One candidate finds out as it reads
	// its headers; several ask the header index first, so the cost does not grow with them.
	present := uint64(1)
	if v.byHeader != nil {
		present = v.presentIn(r)
	}
	var limit int64
	head, tail := 0, 0
	first := -1
	for i, cand := range v.cands {
		if present&(1<<i) == 0 {
			continue
		}
		st := v.states.Get().(*state)
		sts[i] = st
		st.diagnose = v.observe != nil
		st.base = cand.publicURL
		if cand.proxy != nil && cand.eng.usesURL {
			st.base = cand.proxy.base(r)
		}
		ok, h, t := cand.eng.prepare(r, st)
		if !ok {
			continue
		}
		if first < 0 {
			first = i
			diagCand, diagSt = cand, st
		}
		head, tail = max(head, h), max(tail, t)
		limit = max(limit, cand.limit)
	}
	if first < 0 {
		// Nothing of any provider's: 401 before a byte of the body is read. On a route with
		// several providers, the request is none of theirs.
		if len(v.cands) > 1 {
			d.Provider = ""
			return nil, errNoProviderFields
		}
		return nil, v.cands[0].eng.missing()
	}
	d.Provider = v.cands[first].eng.name

	var buf []byte
	at, n := head, len(given)
	if fromBody {
		if r.ContentLength > limit {
			return nil, ErrBodyTooLarge
		}
		var err error
		buf, n, err = readBody(r.Body, r.ContentLength, limit, head, tail, v.bufs, &fo.slot, sts[first].scratch[:1])
		if err != nil {
			return nil, err
		}
		fo.buf = buf
	} else {
		buf = make([]byte, head+n+tail)
		copy(buf[head:], given)
	}

	res := &fo.res
	var firstID string
	var firstErr error
	for i, cand := range v.cands {
		st := sts[i]
		if st == nil || st.set == nil {
			continue
		}
		var err error
		if int64(n) > cand.limit {
			*res = result{keyIndex: -1}
			err = ErrBodyTooLarge
		} else {
			err = cand.verify(r.Context(), r, st, buf, at, n, fromBody, res)
		}
		if err == nil {
			if fromBody && res.canonical {
				fo.recycle(v.bufs) // next gets the canonical bytes, never these
			}
			return cand, nil
		}
		if firstErr == nil {
			firstID, firstErr = res.id, err
			diagCand, diagSt = cand, st
		}
	}
	d.ID = firstID
	if fromBody {
		fo.recycle(v.bufs) // nobody saw it
	}
	return nil, firstErr
}

// putStates resets the states of one request and returns them to the pool.
func (v *Verifier) putStates(sts []*state) {
	for _, st := range sts {
		if st != nil {
			st.reset()
			v.states.Put(st)
		}
	}
}

// A flowOut is what the flow learnt about one request, on the caller's stack: a request that
// is rejected never costs an allocation.
type flowOut struct {
	d      Delivery  // provider and (unverified) id, for the observer of a rejection
	diag   Diagnosis // what was seen, for the observer of a rejection
	reason Reason    // why, once diagnosed (ReasonVerified until then)
	res    result
	buf    []byte  // the buffer the body was read into
	slot   *[]byte // its pool holder
}

// diagnose records why the flow rejected r: the reason and what the candidate (nil: none
// read anything) saw.
func (fo *flowOut) diagnose(r *http.Request, err error, c *candidate, st *state) {
	fo.reason = reasonOf(err, st)
	fo.diag.ContentLength = r.ContentLength
	if c != nil {
		c.diagnose(st, &fo.diag)
	}
}

// recycle hands the body's buffer back to the pool: nobody was handed it.
func (fo *flowOut) recycle(p *bufPool) {
	if fo.buf != nil {
		p.put(fo.buf, fo.slot)
		fo.buf, fo.slot = nil, nil
	}
}

// deliver makes the one allocation of a verified request: the context that will hold the
// Delivery, the Delivery, its body reader and (later) the request handed to next.
func (v *Verifier) deliver(fo *flowOut, cand *candidate, owned bool) *delivered {
	res := &fo.res
	dl := &delivered{d: fo.d, buf: fo.buf, slot: fo.slot}
	d := &dl.d
	d.Provider = cand.eng.name
	d.ID, d.IDSigned = res.id, res.idSigned
	d.Timestamp, d.KeyIndex = res.ts, res.keyIndex
	dl.body.reset(res.body, owned || res.canonical)
	d.body, d.Canonical = &dl.body, res.canonical
	if !res.now.IsZero() {
		dl.now = res.now.UnixNano()
	}
	if cand.eng.respond != nil && res.alg != nil && res.alg.mac != nil {
		alg, prep := res.alg, res.prep
		dl.mac = func(msg []byte) []byte { return alg.mac(prep, msg) }
	}
	switch {
	case cand.prefix == "":
	case res.idSigned:
		d.replayKey = dl.key(cand.prefix, res.id, nil)
	case cand.dedupe:
		// The whole signed message, not the signature that matched: the same delivery
		// re-signed with another key, or with one of its entries removed, is the same key.
		d.replayKey = dl.key(cand.prefix, "msg:", res.digest[:])
	}
	return dl
}

// mac is the scheme's HMAC of msg under the candidate's first secret that has one (an unsigned
// handshake's answer); nil when none does.
func (c *candidate) mac(msg []byte) []byte {
	for _, k := range c.static {
		for ai, a := range c.eng.algs {
			if a.mac != nil && k.prep[ai] != nil {
				return a.mac(k.prep[ai], msg)
			}
		}
	}
	return nil
}

// token reports, in constant time per key, whether v is one of the candidate's secrets.
func (c *candidate) token(v string) bool {
	ok := 0
	for _, k := range c.static {
		ok |= subtle.ConstantTimeCompare(k.b, []byte(v))
	}
	return ok == 1
}

// presentIn returns the set of candidates whose fields r carries.
func (v *Verifier) presentIn(r *http.Request) uint64 {
	if v.byHeader == nil {
		if v.cands[0].eng.present(r) {
			return 1
		}
		return 0
	}
	set := v.inBody
	if len(r.Header) <= len(v.triggers) {
		for name, vals := range r.Header {
			if bits, ok := v.byHeader[name]; ok && anyNonEmpty(vals) {
				set |= bits
			}
		}
		return set
	}
	for _, tr := range v.triggers {
		if anyNonEmpty(r.Header[tr.name]) {
			set |= tr.bits
		}
	}
	return set
}

// A trigger is a header name and the candidates that read it.
type trigger struct {
	name string
	bits uint64
}

func anyNonEmpty(vals []string) bool {
	for _, s := range vals {
		if s != "" {
			return true
		}
	}
	return false
}

// missing is the error for a request that carries none of the scheme's fields.
func (e *engine) missing() error {
	return &FieldError{Field: e.sets[0].sig, In: e.sets[0].in, Err: ErrMissingHeader}
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
	var fo flowOut
	if body == nil {
		body = []byte{}
	}
	cand, err := v.flow(r, &fo, body)
	if err != nil {
		d := fo.d
		return &d, err
	}
	return &v.deliver(&fo, cand, true).d, nil
}

// reject answers a request the middleware refuses. next is never called.
// fo is what the flow saw (nil for a rejection of the replay step).
func (v *Verifier) reject(w http.ResponseWriter, r *http.Request, d *Delivery, err error, fo *flowOut) {
	if v.observe != nil {
		o := Outcome{Provider: d.Provider, DeliveryID: d.ID, KeyIndex: d.KeyIndex, Err: err, Reason: reasonOf(err, nil)}
		if fo != nil {
			o.Diagnosis = fo.diag
			if fo.reason != ReasonVerified { // filled: the flow saw more than the error says
				o.Reason = fo.reason
			}
		}
		v.observe(r, o)
	}
	if v.onError != nil {
		v.onError(w, r, err)
		return
	}
	code := Status(err)
	if v.problem && code >= 400 {
		writeProblem(w, code)
		return
	}
	http.Error(w, http.StatusText(code), code)
}

// delivered is what a verified request carries, in one allocation: the context that holds
// the Delivery, the Delivery itself, and the restored body.
type delivered struct {
	context.Context
	d    Delivery
	body body
	// mac is the verifying key's MAC, for a responder's Handshake (responder routes only).
	mac func(msg []byte) []byte

	buf  []byte  // the buffer the body was read into
	slot *[]byte // its pool holder, if it came from the pool

	// For the replay step.
	sw       statusWriter
	detached detached

	req    http.Request // the request handed to next
	keyBuf [88]byte     // room for the replay key
	now    int64        // the clock the timestamp was checked against, Unix ns
}

// key builds the replay key prefix ‖ id ‖ base64url(digest) in the delivery's own room, so the
// replay step allocates nothing for it. The bytes are written once, before the string is made,
// and never again; they live as long as anything holds the string (the delivery is never
// recycled), so a store may keep it.
func (c *delivered) key(prefix, id string, digest []byte) string {
	n := len(prefix) + len(id) + base64.RawURLEncoding.EncodedLen(len(digest))
	if n > len(c.keyBuf) {
		return prefix + id + base64.RawURLEncoding.EncodeToString(digest)
	}
	b := append(append(c.keyBuf[:0], prefix...), id...)
	b = base64.RawURLEncoding.AppendEncode(b, digest)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// finish ends the restored body once the handler (or responder) is done with it, and recycles
// its buffer.
func (c *delivered) finish(p *bufPool) {
	c.body.close()
	c.recycle(p)
}

// recycle hands the body's buffer back to the pool. Nothing may use it afterwards: only a body
// nobody was handed, or one closed under its lock, is recycled.
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
	// The copy lives in the same allocation as the rest (WithContext is inlined, so its own
	// copy stays on the stack).
	c.req = *r.WithContext(c)
	r = &c.req
	r.Body = &c.body
	r.ContentLength = int64(len(c.body.b))
	r.TransferEncoding = nil // the body is now a known length, whatever framing it arrived in
	return r
}
