package hooksig

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"hash"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// engine is a compiled Scheme with its parsed keys: immutable after compile, safe for
// concurrent use. It is the only code that parses signature fields, decodes signatures,
// compares them and checks timestamps. Its request path is two calls: prepare (the request
// line and headers, before the body is read) and verify (given the body), on a candidate.
type engine struct {
	name       string
	sets       []fieldSet
	bodyFields bool // some field set lives in the body
	numbered   bool // some field set has numbered signature headers
	usesURL    bool // some part is the public URL: the route needs WithPublicURL
	afterBody  bool // some part's text needs the body (form parameters)
	variants   bool // some part has variants to try
	checks     []*check
	sep        string
	assign     string
	trim       bool
	labels     []label
	algs       []*algorithm // distinct algorithms named by labels
	enc        *encoding
	tsLabel    string
	listLabel  string // the label of the entry listing the signed headers
	maxEntries int
	parts      []*part
	bodyAt     int     // index of the Body part; len(parts) when the body is not signed
	ts         *tsRule // nil: no timestamp
	idSigned   bool
	keys       []ckey // the configured keys
	respond    Responder
	unsigned   *unsigned // an unsigned handshake the scheme declares; nil for none
	fallback   *Canonicalizer
	items      []string // the path to the signed elements (Scheme.Items); nil for none
	tokens     bool     // every label is a SharedToken: nothing is signed
	labelSets  []string // the labels' names joined, for each set of them (see labelSets)
	// whole: some key is checked by an algorithm that needs the signed message as one slice
	// (Ed25519), so the parts are written around the body in its buffer. Otherwise the parts
	// are streamed into the hash and the buffer holds the body alone.
	whole bool
}

// fieldSet names the fields of one alternative: canonical header names, or body paths.
type fieldSet struct {
	in          Location
	sig, ts, id string
	numbered    string // for a numbered signature field, the names' common prefix ("X-Docusign-Signature-")
}

type label struct {
	name string
	any  bool
	alg  int // index into engine.algs
}

type tsRule struct {
	unit   TimeUnit
	inBody []string // JSON path inside the signed body; nil when the timestamp is a field
}

// ckey is a configured key prepared for each algorithm that checks its kind (prep is indexed
// like engine.algs; nil where the algorithm does not apply).
type ckey struct {
	key
	prep []any
}

// A candidate is one provider of a route, resolved once from its Provider and the route's
// options: the compiled scheme and the settings that apply to it.
type candidate struct {
	eng    *engine
	limit  int64
	window window
	now    func() time.Time
	prefix string // replay key prefix: provider ":" namespace ":"
	dedupe bool   // replay key from the signed message when the scheme signs no id
	// publicURL is the URL the sender delivers to, scheme://host[:port], for PublicURL parts.
	publicURL string
	proxy     *proxyConfig // rebuilds the public URL from a trusted proxy's header
	// keys supplies the keys a request is checked with. Today every key is configured (static,
	// read without a call); a sender whose keys are fetched (certificates, JWKS) supplies its
	// own source.
	keys   keySource
	static []ckey
}

// A keySource supplies the keys one request is checked with. A source that fetches them may
// fail for a reason of the server's (the sender retries): its error wraps
// ErrKeyUnavailable, answered 503.
type keySource interface {
	keysFor(ctx context.Context, r *http.Request, st *state) ([]ckey, error)
}

// staticKeys are the keys configured in the Provider.
type staticKeys []ckey

func (k staticKeys) keysFor(context.Context, *http.Request, *state) ([]ckey, error) { return k, nil }

// window is the tolerance a route applies.
type window struct{ past, future time.Duration }

// entry is one candidate signature, still as text.
type entry struct {
	alg  int
	text string
}

// state is the per-request scratch of one candidate's verification, pooled by the Verifier so
// the request path does not allocate for it. Only the engine reads it.
type state struct {
	set      *fieldSet
	err      error // a field problem, reported after the body is read
	id       string
	tsText   string
	entries  [MaxEntries]entry
	n        int
	base     string // the route's public base URL, for PublicURL parts
	listText string // the signed headers' names (HeadersLabel)
	listSeen bool
	lines    [MaxEntries + 1]string // a numbered signature field's values
	texts    [maxParts]string       // the text of each part but the body
	parts    int                    // how many of texts were written
	head     int                    // bytes of signed content before the body (whole messages only)
	tail     int                    // bytes of signed content after the body
	scratch  [256]byte              // part text on its way into a hash
	arena    [2 * maxSigLen]byte
	sigs     [MaxEntries][]byte // decoded entries in arena; nil for an entry that is skipped
	mac      [maxDigest]byte
	// The message and the entries handed to an algorithm live here, not on the stack: an
	// algorithm is called through a function value, so anything it is given would escape.
	msg    message
	handed [MaxEntries][]byte
	item   map[string]any // the element being verified, for a scheme with Items

	// What the request showed, for a rejection's Diagnosis: counts, never the bytes.
	seen                  uint32 // declared labels seen, by index into engine.labels (the first 32)
	count, unknown        uint8  // non-empty entries; those under no declared label
	undecodable, otherEnc uint8  // entries that did not decode; of them, those that do in another encoding
	wrongLen, unchecked   uint8  // entries of a length the algorithm cannot produce; beyond its bound
	checked               uint8  // entries compared with the keys
	keys                  int    // keys they were compared with
	tooMany               bool   // more entries than the scheme allows
	checkFailed           bool   // a Check refused a matching delivery
	timed, otherUnit      bool   // a timestamp was read; out of the window, it is inside read in the other unit
	diagnose              bool   // someone hears the diagnosis: look for entries in other encodings
	ts, now               time.Time
}

// reset readies st for the next request. The arena and the scratch are not cleared: sigs
// gates every read of the arena, and scratch is written before it is read.
func (st *state) reset() {
	st.set, st.err, st.id, st.tsText, st.base, st.listText, st.listSeen = nil, nil, "", "", "", "", false
	st.item = nil
	clear(st.entries[:st.n]) // entries, sigs and handed are read only below n
	clear(st.sigs[:st.n])
	clear(st.handed[:st.n])
	clear(st.texts[:st.parts])
	clear(st.lines[:])
	st.msg = message{}
	st.n, st.parts, st.head, st.tail = 0, 0, 0, 0
	st.seen, st.count, st.unknown, st.undecodable, st.otherEnc, st.wrongLen, st.unchecked, st.checked = 0, 0, 0, 0, 0, 0, 0, 0
	st.keys, st.tooMany, st.checkFailed, st.timed, st.otherUnit, st.diagnose = 0, false, false, false, false, false
	st.ts, st.now = time.Time{}, time.Time{}
}

// present reports whether any of the scheme's fields is present in r, cheaply: it decides
// whether the candidate is tried at all. Fields in the body cannot be seen before it is read,
// so such a scheme is always present.
func (e *engine) present(r *http.Request) bool {
	if e.bodyFields {
		return true
	}
	for i := range e.sets {
		f := &e.sets[i]
		if nonEmpty(r.Header, f.sig) || nonEmpty(r.Header, f.ts) || nonEmpty(r.Header, f.id) ||
			f.numbered != "" && anyNumbered(r.Header, f.numbered) {
			return true
		}
	}
	return false
}

// prepare reads everything the verification needs from the request line and headers, and
// returns the room the signed parts need in front of and behind the body. A problem is kept
// in st, and reported by verify.
func (e *engine) prepare(r *http.Request, st *state) (present bool, head, tail int) {
	for i := range e.sets {
		f := &e.sets[i]
		if f.in == InHeaders && (nonEmpty(r.Header, f.sig) || nonEmpty(r.Header, f.ts) || nonEmpty(r.Header, f.id) ||
			f.numbered != "" && anyNumbered(r.Header, f.numbered)) {
			st.set = f
			break
		}
	}
	if st.set == nil && !e.bodyFields {
		return false, 0, 0 // none of the scheme's fields: the candidate is not tried
	}
	if st.set == nil {
		for i := range e.sets {
			if e.sets[i].in != InHeaders {
				st.set = &e.sets[i]
				break
			}
		}
	}
	if st.set.in != InHeaders {
		// Fields in the body: the set for the body's media type, read after the body.
		mt := mediaType(r.Header.Get("Content-Type"))
		for i := range e.sets {
			if f := &e.sets[i]; (f.in == InJSON && mt == "application/json") || (f.in == InForm && mt == "application/x-www-form-urlencoded") {
				st.set = f
				break
			}
		}
		return true, 0, 0
	}
	lines := r.Header[st.set.sig]
	if st.set.numbered != "" {
		lines = st.numberedLines(r.Header, st.set.numbered)
	}
	if st.err = e.readFields(st, fieldSource{h: r.Header}, lines); st.err != nil {
		return true, 0, 0
	}
	if st.err = e.partTexts(r, st); st.err != nil {
		return true, 0, 0
	}
	return true, st.head, st.tail
}

// mediaType is a Content-Type's media type, lower case, without parameters.
func mediaType(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

// numberedLines gathers the values of the headers prefix ‖ number, in the state's own room.
// Any numbers count, gaps included (a sender may drop a key from the middle of its list).
func (st *state) numberedLines(h http.Header, prefix string) []string {
	n := 0
	for name, vs := range h {
		if !numberedName(name, prefix) {
			continue
		}
		for _, v := range vs {
			if n < len(st.lines) {
				st.lines[n] = v
			}
			n++
		}
	}
	if n > len(st.lines) {
		// More than the limit: keep them all so the entry count refuses the request.
		return append(st.lines[:len(st.lines):len(st.lines)], make([]string, n-len(st.lines))...)
	}
	return st.lines[:n]
}

// numberedName reports whether name is prefix followed by 1 to 3 digits.
func numberedName(name, prefix string) bool {
	num, ok := strings.CutPrefix(name, prefix)
	if !ok || len(num) == 0 || len(num) > 3 {
		return false
	}
	for i := 0; i < len(num); i++ {
		if num[i] < '0' || num[i] > '9' {
			return false
		}
	}
	return true
}

// anyNumbered reports whether h has a non-empty header prefix ‖ number.
func anyNumbered(h http.Header, prefix string) bool {
	for name, vs := range h {
		if numberedName(name, prefix) && anyNonEmpty(vs) {
			return true
		}
	}
	return false
}

// A fieldSource gives one value of a field ("" when absent; an error when repeated): a
// header, or (get) a body field.
type fieldSource struct {
	h   http.Header
	get func(string) (string, error)
}

func (f fieldSource) value(name string) (string, error) {
	if f.get == nil {
		return single(f.h, name)
	}
	return f.get(name)
}

// readFields reads the id, the timestamp and the signature entries of st.set from src;
// sigLines are the signature field's values.
func (e *engine) readFields(st *state, src fieldSource, sigLines []string) error {
	f := st.set
	if f.id != "" {
		id, err := src.value(f.id)
		if err != nil {
			return err
		}
		if id == "" && e.idSigned {
			return &FieldError{Field: f.id, In: f.in, Err: ErrMissingHeader}
		}
		st.id = id
	}
	if e.ts != nil && e.ts.inBody == nil && e.tsLabel == "" {
		ts, err := src.value(f.ts)
		if err != nil {
			return err
		}
		if ts == "" {
			return &FieldError{Field: f.ts, In: f.in, Err: ErrMissingHeader}
		}
		st.tsText = ts
	}
	if err := e.parseEntries(sigLines, st); err != nil {
		return err
	}
	if e.ts != nil && e.ts.inBody == nil && st.tsText == "" {
		return &FieldError{Field: f.sig, In: f.in, Err: ErrMissingHeader}
	}
	return nil
}

// partTexts computes the text of every part but the body — the one walk of the template that
// verifying and signing share — and the room they take around the body.
func (e *engine) partTexts(r *http.Request, st *state) error {
	for i, p := range e.parts {
		if i == e.bodyAt || p.afterBody {
			continue
		}
		t, err := p.text(r, st)
		if err != nil {
			return err
		}
		st.texts[i] = t
		st.parts = i + 1
		if !e.whole {
			continue
		}
		if i < e.bodyAt {
			st.head += len(t)
		} else {
			st.tail += len(t)
		}
	}
	return nil
}

// bodyPartTexts computes the parts whose text needs the body, once it has been read.
func (e *engine) bodyPartTexts(r *http.Request, st *state, body []byte) error {
	for i, p := range e.parts {
		if !p.afterBody {
			continue
		}
		t, err := p.bodyText(r, st, body)
		if err != nil {
			return err
		}
		st.texts[i] = t
		st.parts = max(st.parts, i+1)
		if e.whole {
			if i < e.bodyAt {
				st.head += len(t)
			} else {
				st.tail += len(t)
			}
		}
	}
	return nil
}

// parseEntries splits the signature field's values into candidate entries.
func (e *engine) parseEntries(lines []string, st *state) error {
	f := st.set
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
				st.tooMany = true
				return &FieldError{Field: f.sig, In: f.in, Err: ErrMalformedHeader}
			}
			lbl, text := "", piece
			if e.assign != "" {
				i := strings.Index(piece, e.assign)
				if i < 0 {
					st.unknown++
					st.count++
					continue // no label: skipped like an unknown one
				}
				lbl, text = piece[:i], piece[i+len(e.assign):]
				if e.tsLabel != "" && lbl == e.tsLabel {
					if st.tsText != "" || text == "" {
						return &FieldError{Field: f.sig, In: f.in, Err: ErrMalformedHeader}
					}
					st.tsText = text
					continue
				}
				if e.listLabel != "" && lbl == e.listLabel {
					if st.listSeen {
						return &FieldError{Field: f.sig, In: f.in, Err: ErrMalformedHeader}
					}
					st.listText, st.listSeen = strings.ToLower(text), true
					continue
				}
			}
			st.count++ // a signature entry (not the timestamp or the list of signed headers)
			known := false
			for li, l := range e.labels {
				if l.any || l.name == lbl {
					st.entries[st.n] = entry{alg: l.alg, text: text}
					st.n++
					if li < 32 {
						st.seen |= 1 << li
					}
					known = true
					break
				}
			}
			if !known {
				st.unknown++
			}
		}
	}
	if count == 0 {
		return &FieldError{Field: f.sig, In: f.in, Err: ErrMissingHeader}
	}
	return nil
}

// nonEmpty reports whether the header has a non-empty value.
func nonEmpty(h http.Header, name string) bool {
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
			return "", &FieldError{Field: name, Err: ErrMalformedHeader}
		}
		got = v
	}
	return got, nil
}

// A result is what a verified request yields: never a key, never the scratch.
type result struct {
	id        string // the delivery id as sent ("" when none); unverified when err != nil
	idSigned  bool
	keyIndex  int       // index of the matching secret; -1 when none
	ts        time.Time // the signed timestamp; zero when none
	now       time.Time // the clock it was checked against
	body      []byte    // the verified bytes: the body, or its canonical form
	canonical bool
	digest    [sha256.Size]byte // SHA-256 of the signed message, when the route dedupes on it
	// The key that matched, for a handshake's answer.
	alg  *algorithm
	prep any
}

// verify checks the request whose body is buf[at:at+n], with at ≥ the head and len(buf) ≥
// at+n+tail that prepare asked for. fallback allows the scheme's canonical fallback.
func (c *candidate) verify(ctx context.Context, r *http.Request, st *state, buf []byte, at, n int, fallback bool, res *result) error {
	e := c.eng
	*res = result{keyIndex: -1, body: buf[at : at+n : at+n]}
	if e.items != nil {
		return c.verifyItems(ctx, r, st, res)
	}
	if e.bodyFields && st.set.in != InHeaders && st.err == nil {
		st.err = e.readBodyFields(r, st, res.body)
	}
	if e.afterBody && st.err == nil {
		st.err = e.bodyPartTexts(r, st, res.body)
	}
	if (e.bodyFields && st.set.in != InHeaders || e.afterBody) && st.err == nil {
		if e.whole {
			// Room for the parts read from the body was unknown before it: assemble the
			// message in a buffer of its own.
			nb := make([]byte, st.head+n+st.tail)
			copy(nb[st.head:], res.body)
			buf, at = nb, st.head
		}
	}
	res.id, res.idSigned = st.id, e.idSigned && st.id != ""
	if st.err != nil {
		return st.err
	}
	if e.ts != nil && e.ts.inBody == nil {
		ts, now, err := c.checkTime(st, st.tsText)
		if err != nil {
			return err
		}
		res.ts, res.now = ts, now
	}
	e.decodeEntries(st)
	keys := c.static
	if keys == nil {
		var err error
		if keys, err = c.keys.keysFor(ctx, r, st); err != nil {
			return err
		}
	}
	st.msg = e.newMessage(st, buf, at, n)
	m := &st.msg
	ki, err := e.match(st, keys, m, res)
	if err != nil && e.variants {
		ki, err = e.matchVariants(st, keys, m, res)
	}
	if err != nil && e.fallback != nil && fallback {
		st.msg, ki, err = e.matchCanonical(st, keys, res.body, res)
		if err == nil {
			res.body, res.canonical = m.body, true
		}
	}
	if err != nil {
		return err
	}
	res.keyIndex = ki
	if e.ts != nil && e.ts.inBody != nil {
		// The body verified, so the timestamp inside it is the sender's.
		text, err := jsonField(res.body, e.ts.inBody)
		if err != nil {
			return err
		}
		ts, now, err := c.checkTime(st, text)
		if err != nil {
			return err
		}
		res.ts, res.now = ts, now
	}
	for _, ch := range e.checks {
		if err := ch.run(r, res.body); err != nil {
			st.checkFailed = true
			return err
		}
	}
	if c.dedupe && !res.idSigned {
		h := sha256.New()
		if e.tokens {
			h.Write(res.body) // a shared token signs nothing: the delivery is its bytes
		} else {
			m.writeTo(h)
		}
		h.Sum(res.digest[:0])
	}
	return nil
}

// readBodyFields reads a field set that lives in the body, once the body has been read.
func (e *engine) readBodyFields(r *http.Request, st *state, body []byte) error {
	f := st.set
	var get func(string) (string, error)
	switch f.in {
	case InJSON:
		get = func(name string) (string, error) {
			v, err := jsonField(body, strings.Split(name, "."))
			if err != nil && isMissing(err) {
				return "", nil
			}
			return v, err
		}
	case InForm:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return &FieldError{Field: f.sig, In: f.in, Err: ErrMalformedHeader}
		}
		get = func(name string) (string, error) {
			vs := vals[name]
			if len(vs) > 1 {
				return "", &FieldError{Field: name, In: f.in, Err: ErrMalformedHeader}
			}
			if len(vs) == 0 {
				return "", nil
			}
			return vs[0], nil
		}
	}
	return e.readBodySet(r, st, get)
}

// readBodySet reads st.set's fields through get (from the body, or from one of its elements)
// and the texts of the parts that need no body.
func (e *engine) readBodySet(r *http.Request, st *state, get func(string) (string, error)) error {
	sig, err := get(st.set.sig)
	if err != nil {
		return err
	}
	var lines []string
	if sig != "" {
		lines = []string{sig}
	}
	if err := e.readFields(st, fieldSource{get: get}, lines); err != nil {
		return err
	}
	return e.partTexts(r, st)
}

func isMissing(err error) bool {
	fe, ok := err.(*FieldError)
	return ok && fe.Err == ErrMissingHeader
}

// jsonField returns the text of the string or number member at path in a JSON object body:
// a string unquoted, a number as written. A body that is not a JSON object, or a member of
// another type, is malformed; an absent member is missing.
func jsonField(body []byte, path []string) (string, error) {
	name := strings.Join(path, ".")
	malformed := &FieldError{Field: name, In: InJSON, Err: ErrMalformedHeader}
	cur := json.RawMessage(body)
	for _, p := range path {
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(cur, &obj); err != nil {
			return "", malformed
		}
		v, ok := obj[p]
		if !ok {
			return "", &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
		}
		cur = v
	}
	cur = bytes.TrimSpace(cur)
	if len(cur) > 0 && cur[0] == '"' {
		var s string
		if err := json.Unmarshal(cur, &s); err != nil {
			return "", malformed
		}
		return s, nil
	}
	var num json.Number
	if err := json.Unmarshal(cur, &num); err != nil {
		return "", malformed
	}
	return string(num), nil
}

// checkTime reads the clock and checks the timestamp text against the candidate's window,
// noting in st what a rejection's diagnosis says about it.
func (c *candidate) checkTime(st *state, text string) (ts, now time.Time, err error) {
	now = c.now()
	ts, err = c.eng.checkTime(text, now, c.window)
	if !ts.IsZero() {
		st.ts, st.now, st.timed = ts, now, true
	}
	if err == ErrTimestampTooOld || err == ErrTimestampTooNew {
		st.otherUnit = c.eng.inOtherUnit(text, now, c.window)
	}
	return ts, now, err
}

// inOtherUnit reports whether a timestamp outside the window would be inside it read in the
// other unit: milliseconds sent where seconds belong, or back.
func (e *engine) inOtherUnit(text string, now time.Time, w window) bool {
	v, ok := parseDigits(text)
	if !ok {
		return false
	}
	var ts time.Time
	switch e.ts.unit {
	case Seconds:
		ts = time.UnixMilli(v)
	case Milliseconds:
		if v > 1<<40 {
			return false
		}
		ts = time.Unix(v, 0)
	default:
		return false
	}
	return !ts.Before(now.Add(-w.past-time.Second)) && !ts.After(now.Add(w.future+time.Second))
}

// checkTime parses a timestamp and checks it against the window.
func (e *engine) checkTime(text string, now time.Time, w window) (time.Time, error) {
	var ts time.Time
	switch e.ts.unit {
	case Seconds, Milliseconds:
		// In whole units: with now truncated to the unit, ts ≥ now − past holds exactly when
		// ts ≥ now − ⌊past⌋ (ts is whole), and likewise for the future.
		v, ok := parseDigits(text)
		if !ok {
			return time.Time{}, ErrMalformedTimestamp
		}
		unit, n := time.Second, now.Unix()
		if e.ts.unit == Milliseconds {
			unit, n = time.Millisecond, now.UnixMilli()
		}
		if e.ts.unit == Seconds {
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
		t, err := time.Parse(time.RFC3339Nano, text)
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
	st    *state
	body  []byte
	whole []byte // the whole message as one slice, when it was assembled around the body
}

// newMessage returns the message for a body at buf[at:at+n]. For a whole-message engine it
// writes the other parts into the room left around the body (at ≥ st.head), so the message is
// one slice with no second copy of the body.
func (e *engine) newMessage(st *state, buf []byte, at, n int) message {
	m := message{e: e, st: st, body: buf[at : at+n : at+n]}
	if !e.whole {
		return m
	}
	start := at - st.head
	w := start
	for i := range e.parts {
		if i == e.bodyAt {
			w = at + n
			continue
		}
		w += copy(buf[w:], st.texts[i])
	}
	if e.bodyAt == len(e.parts) { // the body is not signed
		m.whole = buf[start:at]
	} else {
		m.whole = buf[start : at+n+st.tail]
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
	for i := range m.e.parts {
		if i == m.e.bodyAt {
			if len(buf) > 0 {
				h.Write(buf)
				buf = buf[:0]
			}
			h.Write(m.body)
			continue
		}
		for s := m.st.texts[i]; s != ""; {
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

// bytes returns the message as one new slice (for signing).
func (m *message) bytes() []byte {
	var b bytes.Buffer
	m.writeTo(&hashBuffer{&b})
	return b.Bytes()
}

// hashBuffer lets a bytes.Buffer stand where a hash.Hash is written to.
type hashBuffer struct{ *bytes.Buffer }

func (hashBuffer) Sum([]byte) []byte { panic("hooksig: not a hash") }
func (hashBuffer) Size() int         { return 0 }
func (hashBuffer) BlockSize() int    { return 1 }

// matchCanonical verifies the fallback's canonical form of body: the signed message is
// assembled again around it.
func (e *engine) matchCanonical(st *state, keys []ckey, body []byte, res *result) (message, int, error) {
	if e.bodyAt == len(e.parts) || len(body) > e.fallback.maxBody {
		return message{}, -1, ErrSignatureMismatch
	}
	canon, err := e.fallback.fn(body)
	if err != nil {
		return message{}, -1, ErrSignatureMismatch
	}
	buf := make([]byte, st.head+len(canon)+st.tail)
	copy(buf[st.head:], canon)
	st.msg = e.newMessage(st, buf, st.head, len(canon))
	ki, err := e.match(st, keys, &st.msg, res)
	return st.msg, ki, err
}

// matchVariants tries the other texts a part allows (a URL with and without its port), one
// at a time, until one verifies. Each costs one MAC per key: a part has at most two.
func (e *engine) matchVariants(st *state, keys []ckey, m *message, res *result) (int, error) {
	for i, p := range e.parts {
		if p.variants == nil {
			continue
		}
		orig := st.texts[i]
		for _, v := range p.variants(orig) {
			st.texts[i] = v
			if ki, err := e.match(st, keys, m, res); err == nil {
				return ki, nil
			}
		}
		st.texts[i] = orig
	}
	return -1, ErrSignatureMismatch
}

// decodeEntries decodes every candidate signature once, into st.sigs; an entry that does not
// decode, has a length its algorithm cannot produce, or is beyond the algorithm's bound on
// entries checked is skipped.
func (e *engine) decodeEntries(st *state) {
	used := 0
	var perAlg [8]uint8 // entries kept per bounded algorithm (compile allows 8 algorithms)
	for i := 0; i < st.n; i++ {
		en := &st.entries[i]
		a := e.algs[en.alg]
		if a.maxEntries > 0 && int(perAlg[en.alg]) == a.maxEntries {
			st.unchecked++
			continue
		}
		dst := st.arena[used:]
		n, ok := e.enc.decode(dst, en.text)
		if !ok {
			st.undecodable++
			if st.diagnose && otherEncoding(e.enc, dst, en.text, a) {
				st.otherEnc++
			}
			continue
		}
		if n < a.sigMin || n > a.sigMax {
			st.wrongLen++
			if st.diagnose && otherEncoding(e.enc, dst, en.text, a) {
				st.otherEnc++
			}
			continue
		}
		st.checked++
		st.sigs[i] = dst[:n:n]
		used += n
		perAlg[en.alg]++
	}
}

// otherEncodings are the encodings a sender or a hand-written test may use by mistake.
var otherEncodings = [...]*encoding{Hex.e, Base64OptionalPadding.e, Base64URL.e, base64URLRaw}

var base64URLRaw = &encoding{"base64url (unpadded)", base64Decoder(base64.RawURLEncoding.Strict(), nil), base64.RawURLEncoding.EncodeToString}

// otherEncoding reports whether text, which is not a signature in enc, decodes in another
// common encoding to a length a's signatures have (hex where base64 belongs, or back). dst is
// scratch.
func otherEncoding(enc *encoding, dst []byte, text string, a *algorithm) bool {
	if enc == implVerbatim.e {
		return false // a shared token is no encoding of anything
	}
	for _, o := range otherEncodings {
		if o == enc {
			continue
		}
		if n, ok := o.decode(dst, text); ok && n >= a.sigMin && n <= a.sigMax {
			return true
		}
	}
	return false
}

// match checks the decoded entries against every key, in constant time per comparison, and
// returns the index of the first key that matches. Each algorithm sees all of its entries at
// once (HMAC computes each key's MAC once and compares it with every entry).
func (e *engine) match(st *state, keys []ckey, m *message, res *result) (int, error) {
	st.keys = len(keys)
	for ki := range keys {
		k := &keys[ki]
		for ai, a := range e.algs {
			if a.key != k.kind || k.prep[ai] == nil {
				continue
			}
			var sigs [][]byte
			if len(e.algs) == 1 {
				sigs = st.sigs[:st.n] // every entry is this algorithm's; skipped ones are nil
			} else {
				n := 0
				for i := 0; i < st.n; i++ {
					if st.entries[i].alg == ai && st.sigs[i] != nil {
						st.handed[n] = st.sigs[i]
						n++
					}
				}
				sigs = st.handed[:n]
			}
			if a.match(k.prep[ai], m, sigs, &st.mac) {
				res.alg, res.prep = a, k.prep[ai]
				return ki, nil
			}
		}
	}
	return -1, ErrSignatureMismatch
}
