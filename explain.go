package hooksig

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hooksig/hooksig/internal/explain"
)

// This file serves the hooksig command's explain (through package internal/explain, so the
// library's API does not grow): the verdict, and everything a person needs to fix a failing
// signature — which fields were read, each entry's fate, the timestamp's age, the signed
// content's recipe, and how the received signature differs from the expected one, without
// printing the expected value unless asked.

func init() { explain.Run = explainRequest }

// reasonHints say what to do about each reason, for people.
var reasonHints = [numReasons]string{
	ReasonVerified:           "the signature, the timestamp and the replay step all passed",
	ReasonUnsigned:           "an unsigned handshake the scheme declares, answered without verifying anything",
	ReasonBodyTooLarge:       "the body is over the route's limit (WithMaxBodySize)",
	ReasonBodyUnreadable:     "the body could not be read whole: it is shorter or longer than its Content-Length, or the client went away",
	ReasonBodyConsumed:       "the body was empty although Content-Length promised bytes: something read it before the middleware",
	ReasonNoFields:           "none of the provider's signature fields is in the request: another sender, the wrong preset, or a proxy dropped the headers",
	ReasonMissingField:       "a field the scheme needs is absent or empty",
	ReasonMalformedField:     "a field is repeated or cannot be parsed",
	ReasonTooManyEntries:     fmt.Sprintf("more than %d signature entries", MaxEntries),
	ReasonNoDeclaredLabel:    "no entry carries a label the scheme declares (a missing label prefix, or another sender's format)",
	ReasonUndecodable:        "no entry decodes in the scheme's encoding",
	ReasonWrongEncoding:      "the entries are written in another encoding than the scheme's (hex for base64, or back)",
	ReasonWrongLength:        "the entries decode to a length the algorithm cannot produce (another algorithm's signature?)",
	ReasonNoMatch:            "well-formed entries that no key verifies: the wrong secret, or the signed bytes changed on the way",
	ReasonCheckFailed:        "the signature matched, but a rule of the scheme refused the body",
	ReasonMalformedTimestamp: "the timestamp is not in the scheme's format",
	ReasonTimestampTooOld:    "the timestamp is older than the tolerance (a captured or retried delivery, or a slow clock)",
	ReasonTimestampTooNew:    "the timestamp is further ahead than the tolerance (a fast clock on one side)",
	ReasonTimestampUnit:      "the timestamp is outside the window in the scheme's unit, but inside it in the other (milliseconds for seconds, or back)",
	ReasonDuplicate:          "this signed delivery id was already handled",
	ReasonInFlight:           "a delivery with this id is being handled right now",
	ReasonReplayUnavailable:  "the replay store failed: the sender retries later",
	ReasonKeyUnavailable:     "a fetched key could not be had: the sender retries later",
	ReasonOther:              "an error of another kind",
}

// explainRequest answers explain.Run.
func explainRequest(in explain.Input) (*explain.Report, error) {
	p, ok := in.Provider.(Provider)
	if !ok {
		return nil, errors.New("hooksig: explain needs a Provider")
	}
	opts := make([]Option, 0, len(in.Options)+2)
	for _, o := range in.Options {
		opt, ok := o.(Option)
		if !ok {
			return nil, errors.New("hooksig: explain needs Options")
		}
		opts = append(opts, opt)
	}
	probe, err := New(p, opts...)
	if err != nil {
		return nil, err
	}
	c := probe.cands[0]
	e := c.eng
	r := in.Request

	// The body, read once and bounded, then replayed to the middleware as it arrived (with the
	// read error, if it ended early).
	body, readErr := io.ReadAll(io.LimitReader(r.Body, c.limit+1))
	rep := &explain.Report{Body: body}
	x := &explainer{e: e, c: c, r: r, body: body, in: in, rep: rep}
	x.analyse()

	if in.IgnoreTime && x.timed {
		at := x.ts
		opts = append(opts, WithClock(func() time.Time { return at }))
	}
	var out *Outcome
	opts = append(opts, WithObserver(func(_ *http.Request, o Outcome) {
		if out == nil && !o.Handled {
			out = &o
		}
	}))
	v, err := New(p, opts...)
	if err != nil {
		return nil, err
	}
	r2 := r.Clone(r.Context())
	var src io.Reader = bytes.NewReader(body)
	if readErr != nil {
		src = io.MultiReader(src, errReader{readErr})
	}
	r2.Body = io.NopCloser(src)
	w := &answer{h: http.Header{}}
	v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})).ServeHTTP(w, r2)

	head := []string{"provider: " + e.name}
	switch {
	case out == nil:
		rep.Err, rep.Status, rep.Reason = errors.New("hooksig: the middleware reported no outcome"), w.status(), ReasonOther.String()
	default:
		rep.Err, rep.Status, rep.Reason = out.Err, Status(out.Err), out.Reason.String()
		if out.Err == nil {
			rep.Status = w.status()
		}
	}
	verdict := "ok"
	if rep.Err != nil {
		verdict = fmt.Sprintf("rejected, %d %s: %v", rep.Status, http.StatusText(rep.Status), rep.Err)
	}
	if in.IgnoreTime && x.timed {
		verdict += " (checked at the signed timestamp's time: -ignore-time)"
	}
	head = append(head, "verdict: "+verdict)
	if out != nil {
		hint := reasonHints[min(out.Reason, ReasonOther)]
		if out.Reason == ReasonVerified && in.IgnoreTime && x.timed {
			hint = "the signature matched at the signed timestamp's time; the timestamp itself is checked below"
		}
		head = append(head, "reason: "+out.Reason.String()+": "+hint)
	}
	rep.Lines = append(head, x.lines...)
	rep.Timestamp, rep.Timed = x.ts.Unix(), x.timed
	return rep, nil
}

// errReader returns its error: the end of a body that ended early.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// answer records the status the middleware wrote.
type answer struct {
	h    http.Header
	code int
}

func (a *answer) Header() http.Header { return a.h }
func (a *answer) Write(p []byte) (int, error) {
	if a.code == 0 {
		a.code = http.StatusOK
	}
	return len(p), nil
}
func (a *answer) WriteHeader(code int) {
	if a.code == 0 {
		a.code = code
	}
}
func (a *answer) status() int {
	if a.code == 0 {
		return http.StatusOK
	}
	return a.code
}

// An explainer walks one request through the engine's steps, saying what each saw.
type explainer struct {
	e     *engine
	c     *candidate
	r     *http.Request
	body  []byte
	in    explain.Input
	rep   *explain.Report
	st    state
	lines []string
	ts    time.Time
	timed bool
}

func (x *explainer) say(format string, a ...any) {
	x.lines = append(x.lines, fmt.Sprintf(format, a...))
}

// analyse fills x.lines.
func (x *explainer) analyse() {
	e, c, st := x.e, x.c, &x.st
	st.base = c.publicURL
	if c.proxy != nil && e.usesURL {
		st.base = c.proxy.base(x.r)
	}
	present, _, _ := e.prepare(x.r, st)
	if !present {
		x.say("fields: none of %s's fields is in the request; it reads %s", e.name, e.fieldNames())
		return
	}
	f := st.set
	x.say("fields read: %s", e.setNames(f))
	if e.items != nil {
		x.say("signed content: each element of %q is signed on its own; the verdict above covers them", strings.Join(e.items, "."))
		return
	}
	if f.in != InHeaders && st.err == nil {
		st.err = e.readBodyFields(x.r, st, x.body)
	}
	if e.afterBody && st.err == nil {
		st.err = e.bodyPartTexts(x.r, st, x.body)
	}
	if st.err != nil {
		x.say("fields: %v", st.err)
		return
	}
	x.timestamp()
	e.decodeEntries(st)
	x.entries()

	buf := make([]byte, st.head+len(x.body)+st.tail)
	copy(buf[st.head:], x.body)
	m := e.newMessage(st, buf, st.head, len(x.body))
	x.recipe(&m)
	x.keys(&m)
}

// fieldNames lists every field the scheme reads, for a request that carries none of them.
func (e *engine) fieldNames() string {
	var names []string
	for i := range e.sets {
		names = append(names, e.setNames(&e.sets[i]))
	}
	return strings.Join(names, "; or ")
}

// setNames names one field set's fields and where they are.
func (e *engine) setNames(f *fieldSet) string {
	var names []string
	for _, n := range []string{f.id, f.ts, f.sig} {
		if n != "" {
			names = append(names, n)
		}
	}
	if f.numbered != "" {
		names = append(names, f.numbered+"N")
	}
	return strings.Join(names, ", ") + " (" + f.in.String() + "s)"
}

// timestamp says what the timestamp is and how old.
func (x *explainer) timestamp() {
	e, c, st := x.e, x.c, &x.st
	if e.ts == nil {
		return
	}
	text := st.tsText
	if e.ts.inBody != nil {
		t, err := jsonField(x.body, e.ts.inBody)
		if err != nil {
			x.say("timestamp: %v", err)
			return
		}
		text = t
	}
	now := c.now()
	ts, err := e.checkTime(text, now, c.window)
	if ts.IsZero() {
		x.say("timestamp: %s is not in the scheme's format (%s)", quoteCut(text, 40), e.ts.unit)
		return
	}
	x.ts, x.timed = ts, true
	age := now.Sub(ts).Truncate(time.Second)
	when := fmt.Sprintf("%s old", age)
	const century = 100 * 365 * 24 * time.Hour
	switch {
	case age > century:
		when = "more than a century old"
	case age < -century:
		when = "more than a century in the future"
	case age < 0:
		when = fmt.Sprintf("%s in the future", -age)
	}
	x.say("timestamp: %s = %s, %s (tolerance %s past, %s future)", quoteCut(text, 40), ts.UTC().Format(time.RFC3339), when, c.window.past, c.window.future)
	if err == nil {
		return
	}
	if e.inOtherUnit(text, now, c.window) {
		other := "milliseconds"
		if e.ts.unit == Milliseconds {
			other = "seconds"
		}
		x.say("  it is inside the window read as %s: the sender (or your test) writes %s where the scheme signs %s", other, other, e.ts.unit)
	}
	if !x.in.IgnoreTime {
		x.say("  to check the signature anyway: -ignore-time, or -now %d", ts.Unix())
	}
}

// entries says what became of each signature entry.
func (x *explainer) entries() {
	e, st := x.e, &x.st
	x.say("signature entries: %d; under a declared label: %d; under none: %d", st.count, st.n, st.unknown)
	for i := 0; i < st.n; i++ {
		en := &st.entries[i]
		a := e.algs[en.alg]
		lbl := ""
		for _, l := range e.labels {
			if l.alg == en.alg && !l.any && l.name != "" {
				lbl = " " + strconvQuote(l.name)
				break
			}
		}
		var dst [maxSigLen]byte
		n, ok := e.enc.decode(dst[:], en.text)
		switch {
		case st.sigs[i] != nil:
			x.say("  entry %d%s (%s): %s, %d bytes: checked", i+1, lbl, a.name, e.enc.name, n)
		case !ok:
			x.say("  entry %d%s (%s): %d characters that do not decode as %s: skipped", i+1, lbl, a.name, len(en.text), e.enc.name)
		case n < a.sigMin || n > a.sigMax:
			x.say("  entry %d%s (%s): decodes to %d bytes; a %s signature has %s: skipped", i+1, lbl, a.name, n, a.name, sigLen(a))
		default:
			x.say("  entry %d%s (%s): beyond the %d entries checked per request: skipped", i+1, lbl, a.name, a.maxEntries)
		}
	}
}

func sigLen(a *algorithm) string {
	if a.sigMin == a.sigMax {
		return fmt.Sprintf("%d", a.sigMin)
	}
	return fmt.Sprintf("%d to %d", a.sigMin, a.sigMax)
}

// recipe writes the signed content part by part: the texts quoted, the body as its length
// and digest.
func (x *explainer) recipe(m *message) {
	e, st := x.e, &x.st
	var parts []string
	for i := range e.parts {
		if i == e.bodyAt {
			sum := sha256.Sum256(m.body)
			parts = append(parts, fmt.Sprintf("<%d bytes, sha256 %s>", len(m.body), hex.EncodeToString(sum[:8])))
			continue
		}
		if e.parts[i].afterBody {
			// Read from the body (form parameters): its length and digest, like the body.
			sum := sha256.Sum256([]byte(st.texts[i]))
			parts = append(parts, fmt.Sprintf("<%s: %d bytes, sha256 %s>", e.parts[i].name, len(st.texts[i]), hex.EncodeToString(sum[:8])))
			continue
		}
		parts = append(parts, quoteCut(st.texts[i], 200))
	}
	x.say("signed content: %s", strings.Join(parts, " "))
}

// keys compares every entry with what each key expects, and looks for the near misses people
// make: another encoding, a missing label, a changed body, the secret read another way.
func (x *explainer) keys(m *message) {
	e, c, st := x.e, x.c, &x.st
	type check struct {
		ki, ai int
		a      *algorithm
		k      ckey
		exp    []byte // the expected MAC; nil for an algorithm that cannot show one
		entry  int    // the matching entry, from 1; 0 for none
		how    string // how it matched, when only a variant of the content does
	}
	msg := m.bytes()
	var checks []*check
	matched := false
	for ki, k := range c.static {
		for ai, a := range e.algs {
			if a.key != k.kind || k.prep[ai] == nil {
				continue
			}
			ch := &check{ki: ki, ai: ai, a: a, k: k}
			if a.mac != nil {
				ch.exp = a.mac(k.prep[ai], msg)
			}
			ch.entry = x.matchEntry(ai, a, k.prep[ai], m, ch.exp)
			matched = matched || ch.entry > 0
			checks = append(checks, ch)
		}
	}
	// The texts a part may also have been signed with (a URL with and without its port), as
	// the middleware tries them.
	if !matched && e.variants && !e.whole {
		for i, p := range e.parts {
			if p.variants == nil {
				continue
			}
			orig := st.texts[i]
			for _, v := range p.variants(orig) {
				st.texts[i] = v
				vm := x.message(x.body)
				vmsg := vm.bytes()
				for _, ch := range checks {
					var exp []byte
					if ch.a.mac != nil {
						exp = ch.a.mac(ch.k.prep[ch.ai], vmsg)
					}
					if n := x.matchEntry(ch.ai, ch.a, ch.k.prep[ch.ai], &vm, exp); n > 0 && ch.entry == 0 {
						ch.entry, ch.how, matched = n, fmt.Sprintf(" with the %s part written as %s", p.name, quoteCut(v, 200)), true
					}
				}
			}
			st.texts[i] = orig
		}
	}
	for _, ch := range checks {
		name := fmt.Sprintf("key %d (%s)", ch.ki+1, ch.a.name)
		if x.in.ShowExpected && ch.exp != nil {
			x.say("%s expects: %s", name, e.written(ch.ai, ch.exp))
		}
		switch {
		case ch.entry > 0:
			x.say("%s: entry %d matches%s", name, ch.entry, ch.how)
		case matched:
			x.say("%s: no entry matches (another key does: a rotation)", name)
		case ch.exp == nil:
			x.say("%s: no entry verifies (the expected value cannot be shown for this algorithm)", name)
		default:
			x.say("%s: no entry matches; %s", name, x.nearMiss(ch.ki, ch.ai, ch.a, ch.k, ch.exp))
		}
	}
	if !matched && st.count == 0 {
		x.say("no signature entry was read")
	}
}

// matchEntry returns the first entry (from 1) that key prep verifies for algorithm ai: equal
// to exp when the algorithm shows one, else checked by the algorithm. 0: none.
func (x *explainer) matchEntry(ai int, a *algorithm, prep any, m *message, exp []byte) int {
	st := &x.st
	for i := 0; i < st.n; i++ {
		if st.entries[i].alg != ai || st.sigs[i] == nil {
			continue
		}
		if exp != nil && bytes.Equal(st.sigs[i], exp) || exp == nil && a.match(prep, m, [][]byte{st.sigs[i]}, &st.mac) {
			return i + 1
		}
	}
	return 0
}

// message is the signed content with body in place of the request's.
func (x *explainer) message(body []byte) message {
	st := &x.st
	buf := make([]byte, st.head+len(body)+st.tail)
	copy(buf[st.head:], body)
	return x.e.newMessage(st, buf, st.head, len(body))
}

// written is how the scheme writes signature sig for algorithm ai: label, separator, text.
func (e *engine) written(ai int, sig []byte) string {
	text := e.enc.encode(sig)
	if e.assign == "" {
		return text
	}
	for _, l := range e.labels {
		if l.alg == ai && !l.any {
			return l.name + e.assign + text
		}
	}
	return text
}

// nearMiss says why no entry matched exp (key ki's expected value for algorithm ai), trying
// the mistakes people make.
func (x *explainer) nearMiss(ki, ai int, a *algorithm, k ckey, exp []byte) string {
	e, st := x.e, &x.st
	var dst [maxSigLen]byte
	// The right value under the wrong label or none, or in another encoding.
	for _, p := range x.pieces() {
		if n, ok := e.enc.decode(dst[:], p.text); ok && bytes.Equal(dst[:n], exp) {
			switch {
			case !p.labelled && e.assign != "":
				return fmt.Sprintf("an entry without a label carries the right value: write it as %s", strconvQuote(e.written(ai, nil)+"…"))
			case !p.declared:
				return fmt.Sprintf("an entry under a label the scheme does not declare carries the right value: the scheme reads %s", e.labelNames(ai))
			default:
				return fmt.Sprintf("entry %d carries the right value under %s, which pins another algorithm: %s signatures go under %s", p.index, strconvQuote(p.label), a.name, e.labelNames(ai))
			}
		}
		for _, enc := range otherEncodings {
			if enc == e.enc {
				continue
			}
			n, ok := enc.decode(dst[:], p.text)
			if !ok || !bytes.Equal(dst[:n], exp) {
				continue
			}
			switch {
			case !p.labelled && e.assign != "":
				return fmt.Sprintf("an entry without a label carries the right value in %s: write it as %s", enc.name, strconvQuote(e.written(ai, nil)+"…"))
			case !p.declared:
				return fmt.Sprintf("an entry under a label the scheme does not declare carries the right value in %s: the scheme reads %s, in %s", enc.name, e.labelNames(ai), e.enc.name)
			}
			return fmt.Sprintf("entry %d matches when read as %s: the scheme writes %s", p.index, enc.name, e.enc.name)
		}
	}
	lengthOK := false
	for i := 0; i < st.n; i++ {
		if st.entries[i].alg == ai && len(st.sigs[i]) == len(exp) {
			lengthOK = true
		}
	}
	if !lengthOK {
		return fmt.Sprintf("no entry has the expected length (%d bytes of %s)", len(exp), e.enc.name)
	}
	// The bytes changed on the way.
	for _, v := range bodyVariants(x.body) {
		if x.macWithBody(ai, a, k, v.body) {
			return "the signature matches the body " + v.what + ": the bytes changed on the way (an editor, a proxy, a test that re-serialised JSON); verify the raw bytes"
		}
	}
	// This key's secret read another way.
	if secrets := x.secrets(); ki < len(secrets) {
		for _, alt := range secretReadings(secrets[ki]) {
			if bytes.Equal(alt.b, k.b) {
				continue // the reading the preset already uses
			}
			p, err := a.prepare(&key{kindSymmetric, alt.b})
			if err != nil {
				continue
			}
			m := a.mac(p, x.msgWithBody(x.body))
			for i := 0; i < st.n; i++ {
				if st.entries[i].alg == ai && bytes.Equal(st.sigs[i], m) {
					return "it matches with the secret " + alt.what + ": this preset reads it as " + x.keyFormat() + "; the sender needs a preset that reads it that way (see below for presets that verify the request)"
				}
			}
		}
	}
	return "same encoding and length, different bytes: this is not the secret the sender signs with, or the signed bytes changed on the way"
}

// labelNames lists the labels that pin algorithm ai.
func (e *engine) labelNames(ai int) string {
	var names []string
	for _, l := range e.labels {
		if l.alg == ai && !l.any {
			names = append(names, strconvQuote(l.name))
		}
	}
	return strings.Join(names, ", ")
}

// A piece is one raw entry of the signature field, declared label or not.
type piece struct {
	index              int
	labelled, declared bool
	label              string // a declared label (the scheme's own name); "" otherwise
	text               string
}

// pieces splits the signature header's lines as parseEntries does, keeping every entry.
func (x *explainer) pieces() []piece {
	e, st := x.e, &x.st
	if st.set == nil || st.set.in != InHeaders {
		return nil
	}
	lines := x.r.Header[st.set.sig]
	if st.set.numbered != "" {
		lines = st.numberedLines(x.r.Header, st.set.numbered)
	}
	var out []piece
	declared := 0
	for _, line := range lines {
		var parts []string
		if e.sep == "" {
			parts = []string{line}
		} else {
			parts = strings.Split(line, e.sep)
		}
		for _, p := range parts {
			if e.trim {
				p = strings.Trim(p, " \t")
			}
			if p == "" || len(out) >= MaxEntries {
				continue
			}
			pc := piece{text: p}
			if e.assign != "" {
				lbl, text, ok := strings.Cut(p, e.assign)
				if ok {
					pc.labelled, pc.text = true, text
					if lbl == e.tsLabel || lbl == e.listLabel && e.listLabel != "" {
						continue
					}
					for _, l := range e.labels {
						if l.any || l.name == lbl {
							pc.declared, pc.label = true, l.name
						}
					}
				}
			} else {
				pc.labelled, pc.declared = true, true
			}
			if pc.declared {
				declared++
				pc.index = declared
			}
			out = append(out, pc)
		}
	}
	return out
}

// msgWithBody is the signed content with body in place of the request's.
func (x *explainer) msgWithBody(body []byte) []byte {
	m := x.message(body)
	return m.bytes()
}

// macWithBody reports whether key k's MAC over the content with body in place of the
// request's matches one of the received entries.
func (x *explainer) macWithBody(ai int, a *algorithm, k ckey, body []byte) bool {
	st := &x.st
	got := a.mac(k.prep[ai], x.msgWithBody(body))
	for i := 0; i < st.n; i++ {
		if st.entries[i].alg == ai && bytes.Equal(st.sigs[i], got) {
			return true
		}
	}
	return false
}

// A variant is the body changed in a way bytes often change on the way.
type variant struct {
	what string
	body []byte
}

func bodyVariants(b []byte) []variant {
	var vs []variant
	switch {
	case bytes.HasSuffix(b, []byte("\r\n")):
		vs = append(vs, variant{"without its last line ending", b[:len(b)-2]})
	case bytes.HasSuffix(b, []byte("\n")):
		vs = append(vs, variant{"without its last newline", b[:len(b)-1]})
	}
	if t := bytes.TrimRight(b, "\r\n"); len(t) < len(b)-2 || len(t) == len(b)-2 && !bytes.HasSuffix(b, []byte("\r\n")) {
		vs = append(vs, variant{"without its trailing newlines", t})
	}
	vs = append(vs, variant{"with a trailing newline", append(bytes.Clone(b), '\n')})
	if crlf := bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")); len(crlf) < len(b) {
		vs = append(vs, variant{"with LF line endings for CRLF", crlf})
	}
	if json.Valid(b) {
		var compact bytes.Buffer
		if json.Compact(&compact, b) == nil && !bytes.Equal(compact.Bytes(), b) {
			vs = append(vs, variant{"as compact JSON", compact.Bytes()})
		}
		var v any
		if json.Unmarshal(b, &v) == nil {
			if re, err := json.Marshal(v); err == nil && !bytes.Equal(re, b) {
				vs = append(vs, variant{"re-serialised as JSON (keys sorted, compact)", re})
			}
		}
	}
	return vs
}

// secrets are the configured secrets as given.
func (x *explainer) secrets() []string {
	p, _ := x.in.Provider.(Provider)
	return p.Secrets
}

func (x *explainer) keyFormat() string {
	p, _ := x.in.Provider.(Provider)
	return p.Scheme.Key.name
}

// A reading is a secret's text turned into key bytes one way.
type reading struct {
	what string
	b    []byte
}

// secretReadings are the ways senders turn a secret's text into a key.
func secretReadings(s string) []reading {
	rs := []reading{{"as its raw text", []byte(s)}}
	for _, prefix := range []string{"", "whsec_"} {
		t := strings.TrimPrefix(s, prefix)
		if prefix != "" && t == s {
			continue
		}
		if b, err := decodeBase64Secret(t); err == nil && len(b) > 0 {
			w := "base64-decoded"
			if prefix != "" {
				w += " after " + prefix
			}
			rs = append(rs, reading{w, b})
		}
	}
	if b, err := hex.DecodeString(s); err == nil && len(b) > 0 {
		rs = append(rs, reading{"hex-decoded", b})
	}
	return rs
}

// quoteCut quotes s as Go would, cut to n bytes: sender-chosen text is shown escaped.
func quoteCut(s string, n int) string {
	if len(s) > n {
		return strconvQuote(s[:n]) + "…"
	}
	return strconvQuote(s)
}

func strconvQuote(s string) string { return fmt.Sprintf("%q", s) }
