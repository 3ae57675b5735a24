package hooksig

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxItems is the most elements a body of a scheme with [Scheme].Items may carry: the work a
// forged body can cause stays at most MaxItems MACs per key.
const MaxItems = 100

// JSONText is the text of the string or number member at a dotted path of each element of a
// scheme with [Scheme].Items ("amount.value"): a string unquoted, a number as written. An
// absent member, or null, is empty text, as the senders that sign elements write it; a member
// of another kind refuses the delivery.
func JSONText(path string) Part {
	segs := strings.Split(path, ".")
	return Part{&part{name: "JSONText", afterBody: true, usesItem: true,
		bodyText: func(_ *http.Request, st *state, _ []byte) (string, error) {
			v, err := itemText(st.item, segs)
			if err != nil && isMissing(err) {
				return "", nil
			}
			return v, err
		},
		compile: func() (*part, error) {
			for _, s := range segs {
				if s == "" {
					return nil, errors.New("a JSONText path has an empty segment")
				}
			}
			return nil, nil
		}}}
}

// itemText returns the text of the string or number member at path of obj; absent and null
// members are missing, members of other kinds malformed.
func itemText(obj map[string]any, path []string) (string, error) {
	name := strings.Join(path, ".")
	var cur any = obj
	for _, p := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			if cur == nil {
				return "", &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
			}
			return "", &FieldError{Field: name, In: InJSON, Err: ErrMalformedHeader}
		}
		if cur, ok = m[p]; !ok {
			return "", &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
		}
	}
	switch v := cur.(type) {
	case string:
		return v, nil
	case json.Number:
		return string(v), nil
	case nil:
		return "", &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
	}
	return "", &FieldError{Field: name, In: InJSON, Err: ErrMalformedHeader}
}

// decodeJSON parses a whole JSON document, numbers kept as written. It refuses an object with
// two keys that are equal under Unicode case folding: encoding/json matches a struct's fields
// without regard to case and keeps the last of repeated keys, so a handler decoding the body
// could read a value other than the one verified ("success":"false", …,"Success":"true").
func decodeJSON(body []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	v, err := strictValue(dec, 0)
	if err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false // more after the document
	}
	return v, true
}

// maxDepth bounds the nesting of a body of elements (Adyen's and Graph's go four deep).
const maxDepth = 32

var errStrict = errors.New("hooksig: refused JSON")

func strictValue(dec *json.Decoder, depth int) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	d, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, json.Number, bool or nil
	}
	if depth == maxDepth {
		return nil, errStrict
	}
	if d == '[' {
		arr := []any{}
		for dec.More() {
			v, err := strictValue(dec, depth+1)
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token() // ]
		return arr, err
	}
	obj := map[string]any{}
	var folded map[string]struct{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		k, _ := tok.(string)
		f := foldKey(k)
		if _, dup := folded[f]; dup {
			return nil, errStrict
		}
		if folded == nil {
			folded = map[string]struct{}{}
		}
		folded[f] = struct{}{}
		if obj[k], err = strictValue(dec, depth+1); err != nil {
			return nil, err
		}
	}
	_, err = dec.Token() // }
	return obj, err
}

// foldKey maps every rune of k to the smallest rune of its case-folding orbit, so keys that
// encoding/json would match to one field ("K", "k", the Kelvin sign) map to one string.
func foldKey(k string) string {
	ascii := true
	for i := 0; i < len(k); i++ {
		if k[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(k)
	}
	var b strings.Builder
	for _, r := range k {
		lo := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			lo = min(lo, f)
		}
		b.WriteRune(unicode.ToLower(lo))
	}
	return b.String()
}

// elements returns the array at e.items in root.
func (e *engine) elements(root any) ([]any, error) {
	name := strings.Join(e.items, ".")
	cur := root
	for _, p := range e.items {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, &FieldError{Field: name, In: InJSON, Err: ErrMalformedHeader}
		}
		if cur, ok = m[p]; !ok {
			return nil, &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
		}
	}
	arr, ok := cur.([]any)
	switch {
	case !ok || len(arr) > MaxItems:
		return nil, &FieldError{Field: name, In: InJSON, Err: ErrMalformedHeader}
	case len(arr) == 0:
		return nil, &FieldError{Field: name, In: InJSON, Err: ErrMissingHeader}
	}
	return arr, nil
}

// resetItem readies st for the next element: the fields and texts of one element go.
func (st *state) resetItem() {
	clear(st.entries[:st.n])
	clear(st.sigs[:st.n])
	clear(st.handed[:st.n])
	clear(st.texts[:st.parts])
	st.msg = message{}
	st.n, st.parts, st.head, st.tail = 0, 0, 0, 0
	st.item = nil
	// The diagnosis describes the element that failed, not a sum over the elements.
	st.seen, st.count, st.unknown, st.undecodable, st.otherEnc, st.wrongLen, st.unchecked, st.checked = 0, 0, 0, 0, 0, 0, 0, 0
}

// itemFields reads st.set's fields (unless only the texts are wanted, for signing) and the
// parts' texts from one element.
func (e *engine) itemFields(r *http.Request, st *state, el any, textsOnly bool) error {
	obj, ok := el.(map[string]any)
	if !ok {
		return &FieldError{Field: strings.Join(e.items, "."), In: InJSON, Err: ErrMalformedHeader}
	}
	st.item = obj
	if textsOnly {
		if err := e.partTexts(r, st); err != nil {
			return err
		}
		return e.bodyPartTexts(r, st, nil)
	}
	get := func(name string) (string, error) {
		v, err := itemText(obj, strings.Split(name, "."))
		if err != nil && isMissing(err) {
			return "", nil
		}
		return v, err
	}
	if err := e.readBodySet(r, st, get); err != nil {
		return err
	}
	return e.bodyPartTexts(r, st, nil)
}

// verifyItems verifies a body whose every element is signed on its own. The key index
// reported is the first element's; each element may match any configured key (a rotation can
// leave elements signed with either). A body carrying the same signed element twice is refused.
// WithDedupe keys on the set of the elements' signed messages (each hashed on its own; for a
// shared token, the element's text), in any order: a replay that drops or adds elements is
// another set, so a handler still dedupes each element by its own id.
func (c *candidate) verifyItems(ctx context.Context, r *http.Request, st *state, res *result) error {
	e := c.eng
	if st.err != nil {
		return st.err
	}
	root, ok := decodeJSON(res.body)
	if !ok {
		return &FieldError{Field: strings.Join(e.items, "."), In: InJSON, Err: ErrMalformedHeader}
	}
	els, err := e.elements(root)
	if err != nil {
		return err
	}
	keys := c.static
	if keys == nil {
		if keys, err = c.keys.keysFor(ctx, r, st); err != nil {
			return err
		}
	}
	// Each element's signed message is hashed on its own: a body that carries one element
	// twice is refused, and the dedupe key is the sorted set of those digests.
	var sums [][sha256.Size]byte
	if c.dedupe || len(els) > 1 {
		sums = make([][sha256.Size]byte, 0, len(els))
	}
	for i, el := range els {
		st.resetItem()
		if err := e.itemFields(r, st, el, false); err != nil {
			return err
		}
		e.decodeEntries(st)
		st.msg = message{e: e, st: st}
		ki, err := e.match(st, keys, &st.msg, res)
		if err != nil {
			return err
		}
		if i == 0 {
			res.keyIndex = ki
		}
		if sums != nil {
			h := sha256.New()
			if e.tokens {
				b, _ := json.Marshal(el) // a shared token signs nothing: the element is its text
				h.Write(b)
			} else {
				st.msg.writeTo(h)
			}
			var sum [sha256.Size]byte
			h.Sum(sum[:0])
			switch {
			case !slices.Contains(sums, sum):
				sums = append(sums, sum)
			case !e.tokens:
				// A sender signs each event once; the same signed element twice is a replay
				// inside one body. (Graph may repeat a notification: that is no attack.)
				return &FieldError{Field: strings.Join(e.items, "."), In: InJSON, Err: ErrMalformedHeader}
			}
		}
	}
	for _, ch := range e.checks {
		if err := ch.run(r, res.body); err != nil {
			st.checkFailed = true
			return err
		}
	}
	if c.dedupe {
		slices.SortFunc(sums, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
		all := sha256.New()
		for _, sum := range sums {
			all.Write(sum[:])
		}
		all.Sum(res.digest[:0])
	}
	return nil
}

// signItems signs every element of m's body: the signature is written into each element at
// the signature field's path, and the body is serialised again (keys sorted; the scheme signs
// fields, not the body's bytes).
func (e *engine) signItems(r *http.Request, f fieldSet, body []byte) ([]byte, error) {
	root, ok := decodeJSON(body)
	if !ok {
		return nil, errors.New("the body is not one JSON document")
	}
	els, err := e.elements(root)
	if err != nil {
		return nil, errors.New("the body has no elements to sign at " + strings.Join(e.items, "."))
	}
	for _, el := range els {
		st := &state{set: &f}
		if err := e.itemFields(r, st, el, true); err != nil {
			return nil, err
		}
		msg := message{e: e, st: st}
		entries, err := e.signEntries(msg.bytes())
		if err != nil {
			return nil, err
		}
		setPath(st.item, f.sig, strings.Join(entries, e.sep))
	}
	return json.Marshal(root)
}

// compileItems checks what a scheme with Items may declare.
func (e *engine) compileItems(s Scheme) error {
	for _, p := range strings.Split(s.Items, ".") {
		if p == "" {
			return errors.New("the Items path has an empty segment")
		}
	}
	for _, f := range s.Fields {
		if f.In != InJSON || f.Timestamp != "" || f.ID != "" {
			return errors.New("the fields of a scheme with Items are in its JSON elements, with no timestamp or id")
		}
	}
	switch {
	case len(s.Fields) != 1:
		return errors.New("a scheme with Items has one field set")
	case s.Timestamp != nil || e.tsLabel != "" || e.listLabel != "":
		return errors.New("a scheme with Items signs no timestamp and lists no headers")
	case e.whole || e.variants || s.Fallback != nil:
		return errors.New("a scheme with Items streams each element's message (no Ed25519, variants or Fallback)")
	}
	e.items = strings.Split(s.Items, ".")
	return nil
}
