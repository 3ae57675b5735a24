package hooksig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// A Signer signs deliveries the way a provider's sender does, from the same [Scheme] a
// [Verifier] checks: for the tests of your own handlers, and for the hooksig command. It is
// safe for concurrent use.
type Signer struct {
	eng *engine
}

// NewSigner returns a Signer for p. Its secrets are what the sender holds: the same shared
// secret for HMAC schemes, the private key for asymmetric ones (a Standard Webhooks "whsk_"
// key, for example). With several secrets, every one signs (a sender rotating keys); schemes
// that carry a single signature take one secret.
func NewSigner(p Provider) (*Signer, error) {
	eng, err := compile(p.Scheme, p.Secrets, p.Scheme.MinKeyBytes, true)
	if err != nil {
		return nil, err
	}
	if eng.sep == "" && len(eng.keys) > 1 && eng.sets[0].numbered == "" {
		return nil, fmt.Errorf("%w: %s carries one signature; sign with one secret", ErrInvalidSecret, eng.name)
	}
	return &Signer{eng: eng}, nil
}

// A Message is one delivery to sign.
type Message struct {
	ID        string      // the delivery id: required when the scheme signs one (Standard Webhooks), else optional
	Timestamp time.Time   // when it is sent; the zero Time means now
	Body      []byte      // the exact bytes to send
	Method    string      // the request method; "" means POST
	Header    http.Header // values of other headers the scheme signs (HeaderValue parts)
	URL       string      // the URL it is sent to, for schemes that sign it
}

// A Signed delivery is what a sender sends for a [Message]: headers to add, and the body and
// URL to send — the message's own, except for schemes that carry the signature in the body
// (its fields are added to a JSON object or a form) or sign the URL.
type Signed struct {
	Header http.Header
	Body   []byte
	URL    string
}

// Sign signs m: the signature, and the timestamp and delivery id where the scheme sends them.
func (s *Signer) Sign(m Message) (*Signed, error) {
	e := s.eng
	if m.Method == "" {
		m.Method = http.MethodPost
	}
	if m.Timestamp.IsZero() {
		m.Timestamp = time.Now()
	}
	if e.idSigned && m.ID == "" {
		return nil, fmt.Errorf("hooksig: %s signs a delivery id; the Message needs an ID", e.name)
	}
	f := e.sets[0]
	if e.items != nil {
		b, err := e.signItems(&http.Request{Method: m.Method, Header: m.Header}, f, m.Body)
		if err != nil {
			return nil, fmt.Errorf("hooksig: %s signs the elements of a JSON body: %w", e.name, err)
		}
		return &Signed{Header: http.Header{}, Body: b, URL: m.URL}, nil
	}
	st := &state{id: m.ID, set: &f}
	if e.ts != nil && e.ts.inBody == nil {
		st.tsText = formatTime(e.ts.unit, m.Timestamp)
	}
	r := &http.Request{Method: m.Method, Header: m.Header}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	if e.usesURL {
		u, err := url.Parse(m.URL)
		if err != nil || u.Scheme == "" || u.Host == "" {
			return nil, fmt.Errorf("hooksig: %s signs the URL: the Message needs an absolute URL", e.name)
		}
		r.URL, r.RequestURI, st.base = u, u.RequestURI(), u.Scheme+"://"+u.Host
	}
	if e.listLabel != "" {
		// Like Hook0's sender: every header of the Message, names lower-cased and sorted.
		names := make([]string, 0, len(r.Header))
		for k := range r.Header {
			names = append(names, strings.ToLower(k))
		}
		sort.Strings(names)
		st.listText = strings.Join(names, " ")
	}
	if err := e.partTexts(r, st); err != nil {
		return nil, fmt.Errorf("hooksig: %s signs a header the Message does not set once: %w", e.name, err)
	}
	if err := e.bodyPartTexts(r, st, m.Body); err != nil {
		return nil, err
	}
	msg := message{e: e, st: st, body: m.Body} // streamed: the parts are not written around the body
	text := msg.bytes()

	var entries []string
	if e.tsLabel != "" {
		entries = append(entries, e.tsLabel+e.assign+st.tsText)
	}
	if e.listLabel != "" && st.listText != "" {
		entries = append(entries, e.listLabel+e.assign+st.listText)
	}
	sigs, err := e.signEntries(text)
	if err != nil {
		return nil, err
	}
	entries = append(entries, sigs...)
	out := &Signed{Header: http.Header{}, Body: m.Body, URL: m.URL}
	fields := map[string]string{f.sig: strings.Join(entries, e.sep)}
	if e.ts != nil && e.ts.inBody == nil && e.tsLabel == "" {
		fields[f.ts] = st.tsText
	}
	if f.id != "" && m.ID != "" {
		fields[f.id] = m.ID
	}
	switch f.in {
	case InHeaders:
		for k, v := range fields {
			out.Header.Set(k, v)
		}
		if f.numbered != "" { // one header per signature: Name-1, Name-2, …
			out.Header.Del(f.sig)
			for i, entry := range entries {
				out.Header.Set(f.numbered+strconv.Itoa(i+1), entry)
			}
		}
	case InJSON:
		b, err := addJSONFields(m.Body, fields)
		if err != nil {
			return nil, fmt.Errorf("hooksig: %s carries its signature in a JSON object body: %w", e.name, err)
		}
		out.Body = b
	case InForm:
		vals := url.Values{}
		for k, v := range fields {
			vals.Set(k, v)
		}
		b := append([]byte(nil), m.Body...)
		if len(b) > 0 {
			b = append(b, '&')
		}
		out.Body = append(b, vals.Encode()...)
	}
	return out, nil
}

// addJSONFields adds fields (dotted paths) to the JSON object body, in front of its members.
func addJSONFields(body []byte, fields map[string]string) ([]byte, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		trimmed = []byte("{}")
	}
	if trimmed[0] != '{' || !json.Valid(trimmed) {
		return nil, fmt.Errorf("the body is not a JSON object")
	}
	tree := map[string]any{}
	for path, v := range fields {
		setPath(tree, path, v)
	}
	add, err := json.Marshal(tree) // sorted keys: deterministic
	if err != nil {
		return nil, err
	}
	rest := bytes.TrimSpace(trimmed[1:])
	out := append([]byte(nil), add[:len(add)-1]...)
	if len(rest) > 0 && rest[0] != '}' {
		out = append(out, ',')
	}
	return append(out, rest...), nil
}

// Request returns a request for target carrying the signed delivery, ready for a handler under
// test (or for an http.Client). For a scheme that signs the URL, target is the URL signed.
func (s *Signer) Request(target string, m Message) (*http.Request, error) {
	if m.URL == "" {
		m.URL = target
	}
	signed, err := s.Sign(m)
	if err != nil {
		return nil, err
	}
	method := m.Method
	if method == "" {
		method = http.MethodPost
	}
	r, err := http.NewRequest(method, target, bytes.NewReader(signed.Body))
	if err != nil {
		return nil, err
	}
	for k, vs := range m.Header {
		r.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range signed.Header {
		r.Header[k] = vs
	}
	return r, nil
}

// labelFor picks the first label whose algorithm signs with keys of kind k.
func (e *engine) labelFor(k *keyKind) (label, bool) {
	for _, l := range e.labels {
		if e.algs[l.alg].signKey == k {
			return l, true
		}
	}
	return label{}, false
}

func formatTime(u TimeUnit, t time.Time) string {
	switch u {
	case Milliseconds:
		return strconv.FormatInt(t.UnixMilli(), 10)
	case RFC3339:
		return t.UTC().Format(time.RFC3339Nano)
	default:
		return strconv.FormatInt(t.Unix(), 10)
	}
}

// signEntries signs text with every configured key, one entry each, labelled as the scheme
// writes them.
func (e *engine) signEntries(text []byte) ([]string, error) {
	var entries []string
	for _, k := range e.keys {
		l, ok := e.labelFor(k.kind)
		if !ok {
			return nil, fmt.Errorf("%w: no label of %s signs with a %s", ErrInvalidSecret, e.name, k.kind)
		}
		sig, err := e.algs[l.alg].sign(&k.key, text)
		if err != nil {
			return nil, err
		}
		entry := e.enc.encode(sig)
		if e.assign != "" {
			name := l.name
			if l.any {
				name = "v1"
			}
			entry = name + e.assign + entry
		}
		entries = append(entries, entry)
	}
	return entries, nil
}

// setPath sets the member at a dotted path of tree, making the objects on the way.
func setPath(tree map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		next, ok := tree[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			tree[p] = next
		}
		tree = next
	}
	tree[parts[len(parts)-1]] = v
}
