package hooksig

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// A Scheme declares how one sender signs its deliveries: where the signature travels and how it
// is written, which algorithm each entry label pins, what bytes were signed, the timestamp and
// delivery-id rules, and how a configured secret becomes key bytes. It is data: one engine does
// the parsing, decoding, comparison, key rotation and timestamp checks for every scheme, and
// [New] validates a scheme before any request is served. The presets in package providers are
// Schemes, and so is a sender of your own:
//
//	acme := hooksig.Scheme{
//		Name:      "acme",
//		Fields:    []hooksig.Fields{{Signature: "X-Acme-Signature", Timestamp: "X-Acme-Timestamp"}},
//		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex,
//			Labels: []hooksig.Label{{Name: "sha256", Algorithm: hooksig.HMACSHA256}}},
//		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
//		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds},
//		Key:       hooksig.RawKey,
//	}
//	v, err := hooksig.New(hooksig.Provider{Scheme: acme, Secrets: []string{secret}})
type Scheme struct {
	// Name identifies the scheme in [Delivery], observer outcomes and replay keys: one
	// lower-case word, such as "stripe".
	Name string

	// Fields names the headers that carry the signature, the timestamp and the delivery id.
	// With more than one set, the first set with any of its headers present is used, all of
	// it: a partial set is a missing header.
	Fields []Fields

	// Signature says how the signature header's value is written.
	Signature Signature

	// Signed is what the sender signed, in order. A delivery id goes to the replay store only
	// when ID() is one of the parts.
	Signed []Part

	// Timestamp is nil when the sender sends no timestamp.
	Timestamp *Timestamp

	// Key turns each configured secret into key bytes.
	Key KeyFormat

	// MinKeyBytes is the fewest bytes a symmetric key may have (0 means 1). WithMinKeyBytes
	// overrides it for a route.
	MinKeyBytes int

	// MaxBody is the sender's documented maximum body size, at least 1 MiB (GitHub's 25 MB);
	// 0 means 1 MiB. A route lowers its own limit with WithMaxBodySize.
	MaxBody int64

	// Fallback, when set, is tried only after the raw bytes fail to verify: the signature is
	// checked again over the fallback's canonical form of the body, and on success that form
	// is what next receives ([Delivery].Canonical). It weakens what a signature pins (many raw
	// bodies share one canonical form), so only an explicitly named preset sets it.
	Fallback *Canonicalizer

	// Checks run after the signature verified, over the request and the verified bytes (a
	// body digest a sender puts in the signed URL: Twilio's bodySHA256). Any error rejects it.
	Checks []Check

	// Respond, when set, may answer a verified request itself (a sender's handshake, such
	// as a URL challenge): it reports true when it wrote the response, and then next is not
	// called and no replay claim is made.
	Respond Responder

	// Unsigned, when set, answers a handshake the sender does not sign (Meta's subscription
	// check), in its documented shape only; see [UnsignedHandshake].
	Unsigned UnsignedHandshake

	// Items, when set, is the dotted path to an array in a JSON object body whose every
	// element is signed on its own (Adyen's notificationItems): the fields (In InJSON) and the
	// [JSONText] parts are read relative to each element. Every element must verify; an absent
	// or empty array, or more than [MaxItems] elements, is refused. Such a scheme signs no
	// timestamp and no delivery id.
	Items string
}

// A Responder answers a verified handshake request (Slack's url_verification, Zoom's
// endpoint.url_validation, Twitch's webhook_callback_verification, Discord's PING). It runs
// after verification and before the replay claim; h.Delivery describes the verified delivery
// and its Body() holds the bytes. It reports whether it wrote a response.
type Responder func(w http.ResponseWriter, r *http.Request, h *Handshake) bool

// Fields names where a scheme's values travel. In headers (the usual case) names are header
// names, matched without regard to case; in a JSON body they are dotted paths to string or
// number members ("signature.token"); in a form body, parameter names. Signature is required;
// Timestamp and ID are set when the sender sends them (the timestamp may instead travel inside
// the signature header, [Signature].TimestampLabel, or inside the signed body,
// [Timestamp].InBody).
type Fields struct {
	In        Location // where the three fields are; the zero value is InHeaders
	Signature string   // the signature field
	Timestamp string   // the timestamp field; "" when there is none or it is elsewhere
	ID        string   // the delivery id field; "" when there is none
}

// A Location is where a set of [Fields] is read from.
type Location uint8

// The locations of fields.
const (
	// InHeaders: request headers (the zero value).
	InHeaders Location = iota
	// InJSON: members of a JSON object body, by dotted path. The body is parsed only after it
	// has been read whole, with the route's limit.
	InJSON
	// InForm: parameters of an application/x-www-form-urlencoded body.
	InForm
)

// String returns "header", "JSON body field" or "form body field": how errors name a field's place.
func (l Location) String() string {
	switch l {
	case InHeaders:
		return "header"
	case InJSON:
		return "JSON body field"
	case InForm:
		return "form body field"
	}
	return "unknown location"
}

// NumberedSuffix ends a signature header name that stands for numbered headers: with
// "X-DocuSign-Signature-{n}", the headers X-DocuSign-Signature-1, -2, … (any numbers of one to
// three digits, gaps allowed) are the signature's lines, one entry each — a sender that sends
// one signature per active key. More than [MaxEntries] signatures are refused.
const NumberedSuffix = "{n}"

// AnyLabel, as a [Label] name, accepts an entry whatever its label (senders whose labels are
// key versions rather than algorithms).
const AnyLabel = "*"

// MaxEntries is the most signature entries any scheme considers in one request.
const MaxEntries = 16

// Signature describes how a signature header's value is written. A value is a list of entries
// separated by Separator (runs of it count as one; empty entries are ignored); several header
// lines are one list. Each entry is "label" Assign "signature", split at the first Assign. An
// entry whose label is not in Labels, that does not decode, or whose length is wrong is
// skipped; when nothing matches, the request is rejected.
//
//	X-Hub-Signature-256: sha256=<hex>               Assign "=", one label "sha256"
//	webhook-signature:   v1,<b64> v1a,<b64>         Separator " ", Assign ","
//	Stripe-Signature:    t=<ts>,v1=<hex>,v1=<hex>   Separator ",", Assign "=", TimestampLabel "t"
//	X-Shopify-Hmac-Sha256: <b64>                    no Separator, no Assign, one label ""
type Signature struct {
	Separator string // between entries; "" when the value is a single entry
	Assign    string // between an entry's label and its signature; "" when entries carry no label
	TrimSpace bool   // trim spaces and tabs around each entry (Stripe's "t=…, v1=…")

	// Labels are the entry labels that count and the algorithm each pins. With no Assign,
	// use one Label with an empty Name.
	Labels []Label

	// Encoding is how signatures are written.
	Encoding Encoding

	// TimestampLabel is the label of the entry that carries the timestamp, when it travels in
	// the signature header (Stripe "t"). It may appear once.
	TimestampLabel string

	// MaxEntries caps how many entries a request may carry; more is malformed. 0 means
	// [MaxEntries], which is also the largest value allowed.
	MaxEntries int

	// HeadersLabel is the label of the entry that lists, space-separated, the other headers
	// the sender signed (Hook0's "h="): [SignedHeaderNames] and [SignedHeaderValues] read it.
	// Only the headers it names are signed; it may appear once.
	HeadersLabel string
}

// A Label accepts signature entries with this label, checked with Algorithm.
type Label struct {
	Name      string    // the entry's label; "" for unlabelled entries; [AnyLabel] for any
	Algorithm Algorithm // what entries with this label are checked with
}

// A TimeUnit is how a timestamp is written.
type TimeUnit uint8

// The timestamp units. Numeric units accept ASCII digits only: no sign, fraction or space.
const (
	Seconds      TimeUnit = iota + 1 // Unix seconds
	Milliseconds                     // Unix milliseconds
	RFC3339                          // RFC 3339, fractional seconds allowed
)

// String returns the unit's name: "seconds", "milliseconds" or "RFC 3339".
func (u TimeUnit) String() string {
	switch u {
	case Seconds:
		return "seconds"
	case Milliseconds:
		return "milliseconds"
	case RFC3339:
		return "RFC 3339"
	}
	return "invalid unit"
}

// Timestamp declares a signed timestamp and the sender's tolerance. A request is inside the
// window when now − Past ≤ ts ≤ now + Future, now truncated to the unit, both ends inclusive.
// Zero Past or Future means five minutes; WithTolerance overrides both for a route.
//
// The timestamp is signed either as a [TimestampText] part of the template (its field is then
// named in [Fields] or by [Signature].TimestampLabel), or by travelling inside a signed body:
// InBody names its JSON member, read and checked only after the body verified (Linear's
// "webhookTimestamp").
type Timestamp struct {
	Unit         TimeUnit      // how the sender writes it
	Past, Future time.Duration // how far behind and ahead of the clock it may be
	InBody       string        // dotted path of a JSON member of the signed body; "" when not there
}

// A Part is one piece of the signed content. Build parts with [Lit], [Body], [TimestampText],
// [ID], [HeaderValue], [Method], [PublicURL], [SortedFormParams], [SignedHeaderNames],
// [SignedHeaderValues] and [JSONText].
type Part struct{ p *part }

// String returns the part's kind, such as "ID", "TimestampText", "Body" or "Lit".
func (p Part) String() string {
	if p.p == nil {
		return "invalid part"
	}
	return p.p.name
}

type part struct {
	name string
	body bool // the request body itself
	// afterBody: the text needs the body (form parameters), so it is computed once the body
	// has been read, with bodyText.
	afterBody bool
	bodyText  func(r *http.Request, st *state, body []byte) (string, error)
	// usesURL: the text needs the route's public URL (WithPublicURL).
	usesURL bool
	// usesList: the text needs the signature's list of signed headers (HeadersLabel).
	usesList bool
	// usesItem: the text is read from the element being verified (Scheme.Items).
	usesItem bool
	// variants, when set, are other texts the sender may have signed instead (the URL with
	// and without its port); tried only when the text itself does not verify.
	variants func(text string) []string
	// text returns the part's bytes for this request; st holds the fields already read.
	text func(r *http.Request, st *state) (string, error)
	// needs names what the part requires of the scheme ("" for nothing).
	usesTS, usesID bool
	// compile canonicalises the part's configuration; nil when it has none.
	compile func() (*part, error)
}

// Lit is literal text, such as "." or "v0:".
func Lit(s string) Part {
	return Part{&part{name: "Lit", text: func(*http.Request, *state) (string, error) { return s, nil },
		compile: func() (*part, error) {
			if s == "" {
				return nil, errors.New("an empty Lit")
			}
			return nil, nil
		}}}
}

var (
	bodyPart      = &part{name: "Body", body: true}
	timestampPart = &part{name: "TimestampText", usesTS: true,
		text: func(_ *http.Request, st *state) (string, error) { return st.tsText, nil }}
	idPart = &part{name: "ID", usesID: true,
		text: func(_ *http.Request, st *state) (string, error) { return st.id, nil }}
	methodPart = &part{name: "Method",
		text: func(r *http.Request, _ *state) (string, error) { return r.Method, nil }}
)

// Body is the request body exactly as received.
func Body() Part { return Part{bodyPart} }

// TimestampText is the timestamp exactly as the sender wrote it.
func TimestampText() Part { return Part{timestampPart} }

// ID is the delivery id exactly as the sender wrote it. A scheme that signs it gets replay
// protection on it.
func ID() Part { return Part{idPart} }

// Method is the request method, such as "POST".
func Method() Part { return Part{methodPart} }

// PublicURL is the URL the sender delivered to: the route's public base URL ([WithPublicURL] or
// [WithTrustedProxy]: scheme, host and port as the sender knows them) followed by the
// request's path and query exactly as received (r.RequestURI, which http.StripPrefix leaves
// alone). The Host header and X-Forwarded-* are never read directly: anyone can write them.
func PublicURL(opts ...URLOption) Part {
	var u urlPart
	for _, o := range opts {
		if o != nil {
			o(&u)
		}
	}
	p := &part{name: "PublicURL", usesURL: true,
		text: func(r *http.Request, st *state) (string, error) {
			if st.base == "" {
				return "", errNoPublicURL
			}
			return u.decode(st.base + requestURI(r)), nil
		}}
	if u.portVariants {
		p.variants = portVariants
	}
	return Part{p}
}

// A URLOption adjusts a [PublicURL] part.
type URLOption func(*urlPart)

type urlPart struct {
	portVariants bool
	escapes      []string // percent-escapes decoded before signing, such as "%3A"
}

// PortVariants also tries the URL with the scheme's default port added (when it has none) and
// with its port removed, as Twilio's SDKs do: a sender that signs "https://host:443/…" matches
// a route configured "https://host". It makes the port the sender used unsigned.
func PortVariants() URLOption { return func(u *urlPart) { u.portVariants = true } }

// DecodeEscapes decodes the listed percent-escapes (case-insensitive, such as "%3A") in the
// URL before it is signed, as HubSpot's v3 signature does.
func DecodeEscapes(escapes ...string) URLOption {
	return func(u *urlPart) {
		for _, e := range escapes {
			if len(e) == 3 && e[0] == '%' {
				u.escapes = append(u.escapes, strings.ToUpper(e))
			}
		}
	}
}

// decode replaces the listed escapes with the characters they stand for.
func (u *urlPart) decode(s string) string {
	if len(u.escapes) == 0 || strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			esc := strings.ToUpper(s[i : i+3])
			for _, e := range u.escapes {
				if esc == e {
					c, _ := hex.DecodeString(esc[1:])
					b.WriteByte(c[0])
					i += 2
					goto next
				}
			}
		}
		b.WriteByte(s[i])
	next:
	}
	return b.String()
}

// portVariants returns the URL with the scheme's default port added (when it has no port)
// and with any port removed, leaving out the text itself.
func portVariants(text string) []string {
	u, err := url.Parse(text)
	if err != nil || u.Host == "" {
		return nil
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	var out []string
	if u.Port() == "" && def != "" {
		w := *u
		w.Host = u.Host + ":" + def
		out = append(out, w.String())
	}
	if u.Port() != "" {
		w := *u
		w.Host = u.Hostname()
		if strings.Contains(w.Host, ":") {
			w.Host = "[" + w.Host + "]"
		}
		out = append(out, w.String())
	}
	return out
}

// requestURI is the request's target as received; for a request built in code (no RequestURI)
// its URL's path and query.
func requestURI(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	if r.URL == nil {
		return "/"
	}
	return r.URL.RequestURI()
}

// SortedFormParams is the parameters of an application/x-www-form-urlencoded body, sorted by
// name, each written name ‖ value (Twilio, Mandrill). A name given several times contributes
// each of its distinct values, sorted, as Twilio's current validators do: never the first alone,
// which would leave the others unsigned yet readable through r.Form. An empty body contributes
// nothing (a GET); a non-empty body of another media type is refused (401), since its bytes
// would be unsigned — unless the request's query carries one of unlessQuery (Twilio's
// "bodySHA256": the body is then signed by its digest in the URL, and contributes nothing here).
func SortedFormParams(unlessQuery ...string) Part {
	return Part{&part{name: "SortedFormParams", afterBody: true,
		bodyText: func(r *http.Request, _ *state, body []byte) (string, error) {
			return sortedForm(r, body, unlessQuery)
		}}}
}

func sortedForm(r *http.Request, body []byte, unlessQuery []string) (string, error) {
	for _, q := range unlessQuery {
		if _, ok := queryValue(requestURI(r), q); ok {
			return "", nil
		}
	}
	{
		if mediaType(r.Header.Get("Content-Type")) != "application/x-www-form-urlencoded" {
			if len(body) > 0 {
				// Bytes that are neither form parameters nor covered by a digest in the URL
				// would reach the handler unsigned.
				return "", &FieldError{Field: "Content-Type", Err: ErrMalformedHeader}
			}
			return "", nil
		}
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return "", &FieldError{Field: "form parameters", In: InForm, Err: ErrMalformedHeader}
		}
		names := make([]string, 0, len(vals))
		for k := range vals {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		for _, k := range names {
			vs := vals[k]
			sort.Strings(vs)
			for i, v := range vs {
				if i > 0 && v == vs[i-1] {
					continue // a value repeated for one name counts once
				}
				b.WriteString(k)
				b.WriteString(v)
			}
		}
		return b.String(), nil
	}
}

// SignedHeaderNames is the list of header names the signature's [Signature].HeadersLabel entry
// gives, as sent (Hook0: "content-type x-event-id x-event-type").
func SignedHeaderNames() Part { return Part{signedNamesPart} }

// SignedHeaderValues is the values of the headers that list names, in its order, joined by
// sep. Every header it names must be present, or the request is refused before any MAC is
// computed (a header listed but not delivered is not signed by anything).
func SignedHeaderValues(sep string) Part {
	return Part{&part{name: "SignedHeaderValues", usesList: true,
		text: func(r *http.Request, st *state) (string, error) {
			var b strings.Builder
			for i, name := range strings.Fields(st.listText) {
				vs := r.Header[http.CanonicalHeaderKey(name)]
				if len(vs) == 0 {
					// The name is the sender's text (its signature lists it): never repeated.
					return "", errListedHeaderMissing
				}
				if i > 0 {
					b.WriteString(sep)
				}
				b.WriteString(vs[len(vs)-1])
			}
			return b.String(), nil
		}}}
}

// errListedHeaderMissing: a header the signature lists as signed is not in the request.
var errListedHeaderMissing = &FieldError{Field: "(a header the signature lists)", Err: ErrMissingHeader}

var signedNamesPart = &part{name: "SignedHeaderNames", usesList: true,
	text: func(_ *http.Request, st *state) (string, error) { return st.listText, nil }}

// HeaderValue is the value of another request header; it must be present once.
func HeaderValue(name string) Part {
	var p *part
	p = &part{name: "HeaderValue", compile: func() (*part, error) {
		if name == "" {
			return nil, errors.New("HeaderValue needs a header name")
		}
		h := canonical(name)
		return &part{name: p.name, text: func(r *http.Request, _ *state) (string, error) {
			v, err := single(r.Header, h)
			if err == nil && v == "" {
				err = &FieldError{Field: h, Err: ErrMissingHeader}
			}
			return v, err
		}}, nil
	}}
	return Part{p}
}

// A Provider is a scheme with the secrets one route accepts. Several secrets are tried in turn
// (key rotation); [Delivery].KeyIndex tells which one matched. The presets in package providers
// return Providers.
type Provider struct {
	Scheme  Scheme   // how the sender signs
	Secrets []string // the keys as the sender's dashboard shows them; several during a rotation
}

// A Canonicalizer rewrites a body into the form a sender really signed, for senders whose
// samples sign a re-serialisation instead of the bytes they send. See [Scheme].Fallback.
type Canonicalizer struct {
	name    string
	maxBody int // bodies larger than this are never canonicalised
	fn      func(body []byte) ([]byte, error)
}

// String returns the canonicalizer's name.
func (c *Canonicalizer) String() string { return c.name }

// A Check is a rule a verified request must also pass. Build checks with [BodySHA256InQuery],
// [NonEmptyBody], [JSONObjectBody] and [JSONBody].
type Check struct{ c *check }

type check struct {
	name string
	run  func(r *http.Request, body []byte) error
}

// BodySHA256InQuery checks, when the request's query carries param (Twilio's "bodySHA256"),
// that it is the lower-case hex SHA-256 of the verified body. The URL is signed, so the digest
// is the sender's: together they sign a body the URL does not contain.
func BodySHA256InQuery(param string) Check {
	return Check{&check{name: "BodySHA256InQuery", run: func(r *http.Request, body []byte) error {
		want, ok := queryValue(requestURI(r), param)
		if !ok {
			return nil
		}
		sum := sha256.Sum256(body)
		var got [2 * sha256.Size]byte
		hex.Encode(got[:], sum[:])
		if subtle.ConstantTimeCompare(got[:], []byte(strings.ToLower(want))) != 1 {
			return ErrSignatureMismatch
		}
		return nil
	}}}
}

// NonEmptyBody refuses (401, as a signature that does not match) a delivery whose body is
// empty, for senders that never send one and whose signature over an empty body covers little
// else (Square signs URL ‖ body).
func NonEmptyBody() Check {
	return Check{&check{name: "NonEmptyBody", run: func(_ *http.Request, body []byte) error {
		if len(body) == 0 {
			return ErrSignatureMismatch
		}
		return nil
	}}}
}

// JSONObjectBody refuses (401) a delivery whose body is not a JSON object — its first
// non-space byte is not "{" — for senders that only send objects and whose key also answers a
// challenge ([CRCChallenge]): no challenge token can then pass for a delivery.
func JSONObjectBody() Check {
	return Check{&check{name: "JSONObjectBody", run: func(_ *http.Request, body []byte) error {
		for _, c := range body {
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' {
				continue
			}
			if c == '{' {
				return nil
			}
			return ErrSignatureMismatch
		}
		return ErrSignatureMismatch
	}}}
}

// JSONBody refuses a body that is neither empty nor exactly one JSON value. It is what makes a
// [SecretPrefixSHA256] signature safe to accept for a JSON sender: a length extension appends
// SHA-256's padding (0x80, zero bytes, the length) after the signed body, which is then no
// longer one JSON value.
func JSONBody() Check {
	return Check{&check{name: "JSONBody", run: func(_ *http.Request, body []byte) error {
		if len(body) == 0 || json.Valid(body) {
			return nil
		}
		return ErrSignatureMismatch
	}}}
}

// queryValue returns the one value of name in the request target's query.
func queryValue(target, name string) (string, bool) {
	_, query, ok := strings.Cut(target, "?")
	if !ok {
		return "", false
	}
	vals, err := url.ParseQuery(query)
	if err != nil || len(vals[name]) != 1 {
		return "", false
	}
	return vals[name][0], true
}
