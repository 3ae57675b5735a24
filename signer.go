package hooksig

import (
	"bytes"
	"crypto/ed25519"
	"crypto/hmac"
	"fmt"
	"net/http"
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
	if eng.sep == "" && len(eng.keys) > 1 {
		return nil, fmt.Errorf("%w: %s carries one signature; sign with one secret", ErrInvalidSecret, eng.name)
	}
	return &Signer{eng: eng}, nil
}

// A Message is one delivery to sign.
type Message struct {
	ID        string      // the delivery id, for schemes that carry one
	Timestamp time.Time   // when it is sent; the zero Time means now
	Body      []byte      // the exact bytes to send
	Method    string      // the request method; "" means POST
	Header    http.Header // values of other headers the scheme signs (HeaderValue parts)
}

// Sign returns the headers a sender adds to m: the signature, and the timestamp and delivery
// id where the scheme sends them in headers.
func (s *Signer) Sign(m Message) (http.Header, error) {
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
	st := &state{id: m.ID}
	if e.hasTS {
		st.tsText = formatTime(e.unit, m.Timestamp)
	}
	r := &http.Request{Method: m.Method, Header: m.Header}
	var msg bytes.Buffer
	for i, p := range e.parts {
		if i == e.bodyAt {
			msg.Write(m.Body)
			continue
		}
		if p.kind == partHeader {
			if v, err := single(m.Header, p.text); err != nil || v == "" {
				return nil, fmt.Errorf("hooksig: %s signs header %s; set it once in Message.Header", e.name, p.text)
			}
		}
		msg.WriteString(e.partText(r, st, p))
	}

	var entries []string
	if e.tsLabel != "" {
		entries = append(entries, e.tsLabel+e.assign+st.tsText)
	}
	for _, k := range e.keys {
		l, ok := e.labelFor(k.kind)
		if !ok {
			return nil, fmt.Errorf("%w: no label of %s signs with a %s", ErrInvalidSecret, e.name, k.kind)
		}
		var sig []byte
		switch k.kind {
		case keySymmetric:
			mac := hmac.New(e.algs[l.alg].newHash, k.b)
			mac.Write(msg.Bytes())
			sig = mac.Sum(nil)
		case keyEd25519Private:
			sig = ed25519.Sign(ed25519.PrivateKey(k.b), msg.Bytes())
		}
		text := e.enc.encode(sig)
		if e.assign != "" {
			name := l.name
			if l.any {
				name = "v1"
			}
			text = name + e.assign + text
		}
		entries = append(entries, text)
	}
	h := http.Header{}
	h.Set(f.sig, strings.Join(entries, e.sep))
	if e.hasTS && e.tsLabel == "" {
		h.Set(f.ts, st.tsText)
	}
	if f.id != "" && m.ID != "" {
		h.Set(f.id, m.ID)
	}
	return h, nil
}

// Request returns a request for target carrying m's body and the signed headers, ready for a
// handler under test (or for an http.Client).
func (s *Signer) Request(target string, m Message) (*http.Request, error) {
	h, err := s.Sign(m)
	if err != nil {
		return nil, err
	}
	method := m.Method
	if method == "" {
		method = http.MethodPost
	}
	r, err := http.NewRequest(method, target, bytes.NewReader(m.Body))
	if err != nil {
		return nil, err
	}
	for k, vs := range m.Header {
		r.Header[k] = append([]string(nil), vs...)
	}
	for k, vs := range h {
		r.Header[k] = vs
	}
	return r, nil
}

// labelFor picks the first label whose algorithm uses keys of kind k.
func (e *engine) labelFor(k keyKind) (label, bool) {
	for _, l := range e.labels {
		if e.algs[l.alg].kind == algFor(k) {
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
