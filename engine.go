package hooksig

import (
	"crypto/ed25519"
	"crypto/hmac"
	"fmt"
	"hash"
	"net/http"
	"net/textproto"
	"strings"
	"sync"
	"time"
)

// engine is a compiled Scheme with its parsed keys: immutable after compile, safe for
// concurrent use. It is the only code that parses signature headers, decodes signatures,
// compares them and checks timestamps.
type engine struct {
	name       string
	sets       []fieldSet
	sep        string
	assign     string
	trim       bool
	labels     []label
	algs       []Algorithm // distinct algorithms named by labels
	enc        Encoding
	tsLabel    string
	maxEntries int
	parts      []compiledPart
	bodyAt     int // index of the Body part; len(parts) when the body is not signed
	unit       TimeUnit
	hasTS      bool
	idSigned   bool
	keys       []key
	macs       [][]*sync.Pool // [alg][key]: keyed HMAC states, nil where they do not apply
	respond    Responder
	fallback   *Canonicalizer
	// contiguous: some key is checked by an algorithm that needs the signed message as one
	// slice (Ed25519), so the parts are written around the body in its buffer. Otherwise the
	// parts are streamed into the hash and the buffer holds the body alone.
	contiguous bool
}

type fieldSet struct{ sig, ts, id string } // canonical header names

type label struct {
	name string
	any  bool
	alg  int // index into engine.algs
}

type compiledPart struct {
	kind partKind
	text string // literal text, or a canonical header name
}

// compile validates s and parses secrets. signing selects the key kinds a signer needs.
func compile(s Scheme, secrets []string, minKey int, signing bool) (*engine, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrInvalidScheme, s.Name, fmt.Sprintf(format, a...))
	}
	if s.Name == "" || strings.ToLower(s.Name) != s.Name || strings.ContainsAny(s.Name, " \t:/") {
		return nil, fmt.Errorf("%w: a scheme needs a lower-case one-word Name", ErrInvalidScheme)
	}
	e := &engine{
		name:     s.Name,
		sep:      s.Signature.Separator,
		assign:   s.Signature.Assign,
		trim:     s.Signature.TrimSpace,
		enc:      s.Signature.Encoding,
		tsLabel:  s.Signature.TimestampLabel,
		respond:  s.Respond,
		fallback: s.Fallback,
	}
	if len(s.Fields) == 0 {
		return nil, bad("no Fields")
	}
	for _, f := range s.Fields {
		if f.Signature == "" {
			return nil, bad("a field set has no Signature header")
		}
		e.sets = append(e.sets, fieldSet{canonical(f.Signature), canonical(f.Timestamp), canonical(f.ID)})
	}
	if !e.enc.valid() {
		return nil, bad("no signature Encoding")
	}
	e.maxEntries = s.Signature.MaxEntries
	if e.maxEntries == 0 {
		e.maxEntries = MaxEntries
	}
	if e.maxEntries < 0 || e.maxEntries > MaxEntries {
		return nil, bad("MaxEntries must be between 1 and %d", MaxEntries)
	}
	if len(s.Signature.Labels) == 0 {
		return nil, bad("no signature Labels")
	}
	for _, l := range s.Signature.Labels {
		if !l.Algorithm.valid() {
			return nil, bad("label %q has no Algorithm", l.Name)
		}
		if (l.Name == "") != (e.assign == "") {
			return nil, bad("label %q: unlabelled entries go with an empty Assign, labelled ones with a non-empty one", l.Name)
		}
		ai := -1
		for i, a := range e.algs {
			if a.name == l.Algorithm.name {
				ai = i
			}
		}
		if ai < 0 {
			ai = len(e.algs)
			e.algs = append(e.algs, l.Algorithm)
		}
		e.labels = append(e.labels, label{name: l.Name, any: l.Name == AnyLabel, alg: ai})
	}
	if e.tsLabel != "" && e.assign == "" {
		return nil, bad("a TimestampLabel needs labelled entries")
	}

	// The signed template.
	if len(s.Signed) == 0 {
		return nil, bad("nothing Signed")
	}
	e.bodyAt = -1
	var usesTS, usesID bool
	for i, p := range s.Signed {
		cp := compiledPart(p)
		switch p.kind {
		case partLit:
			if p.text == "" {
				return nil, bad("an empty Lit")
			}
		case partBody:
			if e.bodyAt >= 0 {
				return nil, bad("Body appears twice")
			}
			e.bodyAt = i
		case partTimestamp:
			usesTS = true
		case partID:
			usesID = true
		case partHeader:
			if p.text == "" {
				return nil, bad("HeaderValue needs a header name")
			}
			cp.text = canonical(p.text)
		case partMethod:
		default:
			return nil, bad("part %d is not built with a Part constructor", i)
		}
		e.parts = append(e.parts, cp)
	}
	if e.bodyAt < 0 {
		e.bodyAt = len(e.parts)
	}
	if usesTS && s.Timestamp == nil {
		return nil, bad("TimestampText is signed but the scheme declares no Timestamp")
	}
	if s.Timestamp != nil && !usesTS {
		// An unsigned timestamp is the attacker's to choose: checking it would admit a stale
		// capture with a fresh one, and it would shorten what the replay store keeps.
		return nil, bad("a Timestamp is declared but TimestampText is not signed")
	}
	if s.MaxBody > maxBodyLimit {
		return nil, bad("MaxBody %d is over the largest limit, %d (1 TiB)", s.MaxBody, int64(maxBodyLimit))
	}
	if s.MaxBody < 0 || (s.MaxBody > 0 && s.MaxBody < defaultMaxBody) {
		// The default limit is never below 1 MiB; a route lowers it with WithMaxBodySize.
		return nil, bad("MaxBody %d is below 1 MiB; lower a route's limit with WithMaxBodySize", s.MaxBody)
	}
	if s.Timestamp != nil {
		switch s.Timestamp.Unit {
		case Seconds, Milliseconds, RFC3339:
		default:
			return nil, bad("Timestamp has no Unit")
		}
		if s.Timestamp.Past < 0 || s.Timestamp.Future < 0 {
			return nil, bad("negative tolerance")
		}
		for _, f := range e.sets {
			if f.ts == "" && e.tsLabel == "" {
				return nil, bad("a Timestamp is declared but a field set names no Timestamp header and there is no TimestampLabel")
			}
		}
		e.hasTS = true
		e.unit = s.Timestamp.Unit
	}
	if usesID {
		for _, f := range e.sets {
			if f.id == "" {
				return nil, bad("ID is signed but a field set names no ID header")
			}
		}
		e.idSigned = true
	}

	// Keys.
	if !s.Key.valid() {
		return nil, bad("no Key format")
	}
	if len(secrets) == 0 {
		return nil, fmt.Errorf("%w: no secret configured", ErrInvalidSecret)
	}
	if minKey < 1 {
		minKey = 1
	}
	for i, sec := range secrets {
		if sec == "" {
			return nil, fmt.Errorf("%w: secret %d: empty", ErrInvalidSecret, i)
		}
		k, err := s.Key.parse(sec, signing)
		if err != nil {
			return nil, fmt.Errorf("%w: secret %d: %w", ErrInvalidSecret, i, err)
		}
		if k.kind == keySymmetric && len(k.b) < minKey {
			return nil, fmt.Errorf("%w: secret %d: decodes to %d bytes; this scheme needs at least %d", ErrInvalidSecret, i, len(k.b), minKey)
		}
		usable := false
		for _, a := range e.algs {
			usable = usable || a.kind == algFor(k.kind)
		}
		if !usable {
			return nil, fmt.Errorf("%w: secret %d: a %s, which no label of %s checks", ErrInvalidSecret, i, k.kind, s.Name)
		}
		e.keys = append(e.keys, k)
	}
	for _, k := range e.keys {
		e.contiguous = e.contiguous || algFor(k.kind) == algEd25519
	}
	e.macs = make([][]*sync.Pool, len(e.algs))
	for ai, a := range e.algs {
		e.macs[ai] = make([]*sync.Pool, len(e.keys))
		if a.kind != algHMAC {
			continue
		}
		for ki, k := range e.keys {
			if k.kind != keySymmetric {
				continue
			}
			newHash, kb := a.newHash, k.b
			pool := &sync.Pool{New: func() any { return hmac.New(newHash, kb) }}
			h, err := tryHMAC(newHash, kb)
			if err != nil {
				return nil, fmt.Errorf("%w: secret %d: %s refuses it (%v)", ErrInvalidSecret, ki, a, err)
			}
			pool.Put(h)
			e.macs[ai][ki] = pool
		}
	}
	return e, nil
}

// tryHMAC builds a keyed HMAC state, turning a panic of the HMAC implementation (in FIPS 140
// only mode it refuses short keys and SHA-1) into an error.
func tryHMAC(newHash func() hash.Hash, key []byte) (h hash.Hash, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return hmac.New(newHash, key), nil
}

// algFor is the algorithm kind a key kind serves.
func algFor(k keyKind) algKind {
	switch k {
	case keySymmetric:
		return algHMAC
	case keyEd25519Public, keyEd25519Private:
		return algEd25519
	}
	panic(fmt.Sprintf("hooksig: no algorithm for key kind %d", k))
}

func canonical(name string) string {
	if name == "" {
		return ""
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// entry is one candidate signature, still as text.
type entry struct {
	alg  int
	text string
}

// state is the per-request scratch of one verification, pooled by the Verifier so the request
// path does not allocate for it.
type state struct {
	set     *fieldSet
	err     error // a header problem, reported after the body is read
	id      string
	tsText  string
	entries [MaxEntries]entry
	n       int
	head    int                         // bytes of signed content before the body
	tail    int                         // bytes of signed content after the body
	scratch [256]byte                   // header text on its way into a hash
	sigs    [MaxEntries][maxSigLen]byte // decoded entries
	lens    [MaxEntries]uint8           // their lengths; 0 for an entry that is skipped
	mac     [maxSigLen]byte
}

// reset readies st for the next request. The decoded signatures and the scratch are not
// cleared: lens gates every read of sigs, and scratch is written before it is read.
func (st *state) reset() {
	st.set, st.err, st.id, st.tsText = nil, nil, "", ""
	st.entries = [MaxEntries]entry{}
	st.n, st.head, st.tail = 0, 0, 0
	st.lens = [MaxEntries]uint8{}
}

// prepare reads everything the verification needs from the request line and headers, and
// works out how much room the signed parts need around the body. A problem is kept in st.err.
func (e *engine) prepare(r *http.Request, st *state) {
	h := r.Header
	st.set = &e.sets[0]
	for i := range e.sets {
		f := &e.sets[i]
		if present(h, f.sig) || present(h, f.ts) || present(h, f.id) {
			st.set = f
			break
		}
	}
	f := st.set
	if f.id != "" {
		id, err := single(h, f.id)
		if err != nil {
			st.err = err
			return
		}
		if id == "" && e.idSigned {
			st.err = &HeaderError{f.id, ErrMissingHeader}
			return
		}
		st.id = id
	}
	if e.hasTS && e.tsLabel == "" {
		ts, err := single(h, f.ts)
		if err != nil {
			st.err = err
			return
		}
		if ts == "" {
			st.err = &HeaderError{f.ts, ErrMissingHeader}
			return
		}
		st.tsText = ts
	}
	if st.err = e.parseEntries(h[f.sig], st); st.err != nil {
		return
	}
	if e.hasTS && st.tsText == "" {
		st.err = &HeaderError{f.sig, ErrMissingHeader}
		return
	}
	for i, p := range e.parts {
		n, err := e.partLen(r, st, p)
		if err != nil {
			st.err = err
			return
		}
		switch {
		case !e.contiguous:
		case i < e.bodyAt:
			st.head += n
		default:
			st.tail += n
		}
	}
}

// parseEntries splits the signature header lines into candidate entries.
func (e *engine) parseEntries(lines []string, st *state) error {
	name := st.set.sig
	count := 0 // every non-empty entry counts toward the limit, known label or not
	for _, line := range lines {
		for line != "" {
			var piece string
			if e.sep == "" {
				piece, line = line, ""
			} else if i := strings.Index(line, e.sep); i >= 0 {
				piece, line = line[:i], line[i+len(e.sep):]
			} else {
				piece, line = line, ""
			}
			if e.trim {
				piece = strings.Trim(piece, " \t")
			}
			if piece == "" {
				continue
			}
			if count++; count > e.maxEntries {
				return &HeaderError{name, ErrMalformedHeader}
			}
			lbl, text := "", piece
			if e.assign != "" {
				i := strings.Index(piece, e.assign)
				if i < 0 {
					continue // no label: skipped like an unknown one
				}
				lbl, text = piece[:i], piece[i+len(e.assign):]
				if e.tsLabel != "" && lbl == e.tsLabel {
					if st.tsText != "" || text == "" {
						return &HeaderError{name, ErrMalformedHeader}
					}
					st.tsText = text
					continue
				}
			}
			for _, l := range e.labels {
				if l.any || l.name == lbl {
					st.entries[st.n] = entry{alg: l.alg, text: text}
					st.n++
					break
				}
			}
		}
	}
	if count == 0 {
		return &HeaderError{name, ErrMissingHeader}
	}
	return nil
}

// partLen is the length of a signed part other than the body, known before the body is read.
func (e *engine) partLen(r *http.Request, st *state, p compiledPart) (int, error) {
	switch p.kind {
	case partLit:
		return len(p.text), nil
	case partTimestamp:
		return len(st.tsText), nil
	case partID:
		return len(st.id), nil
	case partMethod:
		return len(r.Method), nil
	case partHeader:
		v, err := single(r.Header, p.text)
		if err == nil && v == "" {
			err = &HeaderError{p.text, ErrMissingHeader}
		}
		return len(v), err
	}
	return 0, nil // the body
}

// partText is a signed part's text.
func (e *engine) partText(r *http.Request, st *state, p compiledPart) string {
	switch p.kind {
	case partLit:
		return p.text
	case partTimestamp:
		return st.tsText
	case partID:
		return st.id
	case partMethod:
		return r.Method
	case partHeader:
		v, _ := single(r.Header, p.text)
		return v
	}
	return ""
}

// present reports whether the header has a non-empty value.
func present(h http.Header, name string) bool {
	if name == "" {
		return false
	}
	for _, v := range h[name] {
		if v != "" {
			return true
		}
	}
	return false
}

// single returns the header's one non-empty value, "" when it has none; more than one is
// malformed.
func single(h http.Header, name string) (string, error) {
	var got string
	for _, v := range h[name] {
		if v == "" {
			continue
		}
		if got != "" {
			return "", &HeaderError{name, ErrMalformedHeader}
		}
		got = v
	}
	return got, nil
}

// grain is the unit the timestamp check truncates the clock to: a timestamp is accepted until
// one grain past its tolerance ends.
func (e *engine) grain() time.Duration {
	switch {
	case !e.hasTS:
		return 0
	case e.unit == Seconds:
		return time.Second
	case e.unit == Milliseconds:
		return time.Millisecond
	}
	return time.Nanosecond
}

// window is the tolerance a route applies.
type window struct{ past, future time.Duration }

// checkTime parses the timestamp and checks it against the window.
func (e *engine) checkTime(st *state, now time.Time, w window) (time.Time, error) {
	var ts time.Time
	switch e.unit {
	case Seconds, Milliseconds:
		// In whole units: with now truncated to the unit, ts ≥ now − past holds exactly when
		// ts ≥ now − ⌊past⌋ (ts is whole), and likewise for the future.
		v, ok := parseDigits(st.tsText)
		if !ok {
			return time.Time{}, ErrMalformedTimestamp
		}
		unit, n := time.Second, now.Unix()
		if e.unit == Milliseconds {
			unit, n = time.Millisecond, now.UnixMilli()
		}
		if e.unit == Seconds {
			ts = time.Unix(v, 0)
		} else {
			ts = time.UnixMilli(v)
		}
		if v < n-int64(w.past/unit) {
			return ts, ErrTimestampTooOld
		}
		if v > n+int64(w.future/unit) {
			return ts, ErrTimestampTooNew
		}
		return ts, nil
	case RFC3339:
		t, err := time.Parse(time.RFC3339Nano, st.tsText)
		if err != nil {
			return time.Time{}, ErrMalformedTimestamp
		}
		ts = t
	}
	if ts.Before(now.Add(-w.past)) {
		return ts, ErrTimestampTooOld
	}
	if ts.After(now.Add(w.future)) {
		return ts, ErrTimestampTooNew
	}
	return ts, nil
}

// parseDigits parses 1 to 18 ASCII digits.
func parseDigits(s string) (int64, bool) {
	if len(s) == 0 || len(s) > 18 {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}

// A message is the signed content of one request: the parts around the body, and the body.
type message struct {
	e     *engine
	r     *http.Request
	st    *state
	body  []byte
	whole []byte // the whole message as one slice, when it was assembled around the body
}

// newMessage returns the message for a body that sits at buf[st.head:st.head+n]. For a
// contiguous engine it writes the other parts into the room left around the body, so the
// message is one slice with no second copy of the body.
func (e *engine) newMessage(r *http.Request, st *state, buf []byte, n int) message {
	m := message{e: e, r: r, st: st, body: buf[st.head : st.head+n]}
	if !e.contiguous {
		return m
	}
	at := 0
	for i, p := range e.parts {
		if i == e.bodyAt {
			at = st.head + n
			continue
		}
		at += copy(buf[at:], e.partText(r, st, p))
	}
	if e.bodyAt == len(e.parts) { // the body is not signed
		m.whole = buf[:st.head]
	} else {
		m.whole = buf[:st.head+n+st.tail]
	}
	return m
}

// writeTo writes the message into h: the parts around the body gathered in the scratch
// buffer (one Write for "id.timestamp." rather than four), the body in one Write.
func (m *message) writeTo(h hash.Hash) {
	if m.whole != nil {
		h.Write(m.whole)
		return
	}
	buf := m.st.scratch[:0]
	for i, p := range m.e.parts {
		if i == m.e.bodyAt {
			if len(buf) > 0 {
				h.Write(buf)
				buf = buf[:0]
			}
			h.Write(m.body)
			continue
		}
		for s := m.e.partText(m.r, m.st, p); s != ""; {
			if len(buf) == cap(buf) {
				h.Write(buf)
				buf = buf[:0]
			}
			n := copy(buf[len(buf):cap(buf)], s)
			buf, s = buf[:len(buf)+n], s[n:]
		}
	}
	if len(buf) > 0 {
		h.Write(buf)
	}
}

// matchCanonical verifies the fallback's canonical form of body: the signed message is
// assembled again around it. It returns the canonical bytes.
func (e *engine) matchCanonical(r *http.Request, st *state, body []byte) (message, int, error) {
	if e.bodyAt == len(e.parts) || len(body) > e.fallback.maxBody {
		return message{}, -1, ErrSignatureMismatch
	}
	canon, err := e.fallback.fn(body)
	if err != nil {
		return message{}, -1, ErrSignatureMismatch
	}
	buf := make([]byte, st.head+len(canon)+st.tail)
	copy(buf[st.head:], canon)
	m := e.newMessage(r, st, buf, len(canon))
	m.body = m.body[:len(canon):len(canon)]
	k, err := e.match(st, &m)
	return m, k, err
}

// maxAsymmetricEntries bounds the work a forged request can cause on a route with public
// keys: only the first three well-formed entries of an asymmetric algorithm are checked, each
// against every public key. (An Ed25519 check hashes the whole message; sixteen entries and two
// keys over a 1 MiB body would cost some fifty milliseconds of CPU.) A sender signs once per
// key it holds, two during a rotation.
const maxAsymmetricEntries = 3

// decodeEntries decodes every candidate signature once, into st.sigs; an entry that does not
// decode or has the wrong length for its algorithm gets length 0 and is skipped, as are the
// asymmetric entries beyond maxAsymmetricEntries.
func (e *engine) decodeEntries(st *state) {
	asym := 0
	for i := 0; i < st.n; i++ {
		en := &st.entries[i]
		a := e.algs[en.alg]
		if a.kind != algHMAC && asym == maxAsymmetricEntries {
			continue
		}
		n, ok := e.enc.decode(st.sigs[i][:], en.text)
		if ok && n == a.size {
			st.lens[i] = uint8(n)
			if a.kind != algHMAC {
				asym++
			}
		}
	}
}

// match compares every decoded entry with every key, in constant time per comparison, and
// returns the index of the first key that matches. Each symmetric key's MAC is computed once
// per algorithm and compared with every entry of that algorithm.
func (e *engine) match(st *state, msg *message) (key int, err error) {
	for ki, k := range e.keys {
		for ai, a := range e.algs {
			if a.kind != algFor(k.kind) || !st.hasAlg(ai) {
				continue
			}
			var mac []byte
			if a.kind == algHMAC {
				pool := e.macs[ai][ki]
				h := pool.Get().(hash.Hash)
				h.Reset()
				msg.writeTo(h)
				mac = h.Sum(st.mac[:0])
				pool.Put(h)
			}
			for i := 0; i < st.n; i++ {
				if st.entries[i].alg != ai || st.lens[i] == 0 {
					continue
				}
				sig := st.sigs[i][:st.lens[i]]
				switch a.kind {
				case algHMAC:
					if hmac.Equal(mac, sig) {
						return ki, nil
					}
				case algEd25519:
					if ed25519.Verify(ed25519.PublicKey(k.b), msg.whole, sig) {
						return ki, nil
					}
				}
			}
		}
	}
	return -1, ErrSignatureMismatch
}

// hasAlg reports whether some decoded entry uses algorithm ai.
func (st *state) hasAlg(ai int) bool {
	for i := 0; i < st.n; i++ {
		if st.entries[i].alg == ai && st.lens[i] != 0 {
			return true
		}
	}
	return false
}
