// Package presettest checks a hooksig preset the way every preset must hold: its known-answer
// vectors verify (and their mutations do not), deliveries signed with its Signer round trip
// through the middleware and Verify with the exact bytes reaching the handler, every rejection
// keeps next from running, and no secret, expected signature or body reaches an error, the
// observer or a response. A preset's test is a Suite:
//
//	func TestGitHub(t *testing.T) {
//		presettest.Run(t, presettest.Suite{
//			New:     providers.GitHub,
//			Secret:  "It's a Secret to Everybody",
//			Vectors: presettest.Load(t, "testdata/github"),
//		})
//	}
//
// Vectors live in testdata/<preset>/vectors.json, each with the source it was taken from.
package presettest

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hooksig/hooksig"
)

// A Vector is one known answer: a request as the sender sent it, the keys a receiver holds,
// the clock, and whether it verifies.
type Vector struct {
	Name    string            `json:"name"`
	Source  string            `json:"source"`  // where the values come from: a document or a file of the sender's SDK
	Secrets []string          `json:"secrets"` // the receiver's keys
	Method  string            `json:"method"`  // default POST
	Target  string            `json:"target"`  // request target (path and query); default /webhook
	Header  map[string]string `json:"header"`
	Body    string            `json:"body"`  // the exact bytes
	Now     string            `json:"now"`   // RFC 3339 clock for timed schemes; "" for none
	Valid   bool              `json:"valid"` // whether it verifies
	Want    int               `json:"want"`  // the status: 0 means 204 from next when Valid, 401 otherwise; another (a handshake's 200) means the preset answered and next never ran
	// PublicURL is the route's public base URL, for schemes that sign the URL.
	PublicURL string `json:"public_url,omitempty"`
}

// File is the layout of a vectors.json file.
type File struct {
	Preset  string   `json:"preset"`
	Notes   string   `json:"notes,omitempty"`
	Vectors []Vector `json:"vectors"`
}

// Load reads dir/vectors.json. Every vector must name its source.
func Load(t testing.TB, dir string) []Vector {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "vectors.json"))
	if err != nil {
		t.Fatalf("presettest: %v", err)
	}
	var f File
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("presettest: %s: %v", dir, err)
	}
	for i, v := range f.Vectors {
		if v.Name == "" || v.Source == "" || len(v.Secrets) == 0 {
			t.Fatalf("presettest: %s: vector %d needs a name, a source and secrets", dir, i)
		}
	}
	return f.Vectors
}

// A Suite describes a preset to check.
type Suite struct {
	// New is the preset function.
	New func(secrets ...string) hooksig.Provider

	// Secret is a key the receiver holds, and SigningSecret the sender's key for it ("" means
	// Secret: the same for symmetric schemes; the private key for asymmetric ones).
	// OtherSecret and OtherSigningSecret are a second, different pair, for the wrong-key and
	// rotation cases.
	Secret, SigningSecret           string
	OtherSecret, OtherSigningSecret string

	// Vectors are the known answers (see Load).
	Vectors []Vector

	// Body is the delivery signed for the round trips; default a small JSON object.
	Body []byte

	// Message, when set, adjusts each message before it is signed (a body field, a header
	// the scheme signs).
	Message func(m *hooksig.Message)

	// Options are added to every Verifier the suite builds. A scheme that signs the URL needs
	// hooksig.WithPublicURL("http://receiver.example"): the round trips are sent there.
	Options []hooksig.Option

	logs bytes.Buffer // what the suite's observer logged

	// BodyNotSigned says the scheme does not sign the body (Mailgun signs fields beside it; a
	// shared token signs nothing): the body-tampering cases then expect the delivery to pass.
	BodyNotSigned bool

	// EmptyBodyInvalid says the preset refuses an empty body even when it is signed (Square).
	EmptyBodyInvalid bool
}

var defaultBody = []byte(`{"id":"evt_presettest","type":"presettest.check","data":{"marker":"PRESETTEST-BODY-MARKER"}}`)

// Run runs the suite.
func Run(t *testing.T, s Suite) {
	t.Helper()
	if s.New == nil || s.Secret == "" {
		t.Fatal("presettest: a Suite needs New and Secret")
	}
	if s.SigningSecret == "" {
		s.SigningSecret = s.Secret
	}
	if s.OtherSigningSecret == "" {
		s.OtherSigningSecret = s.OtherSecret
	}
	if s.Body == nil {
		s.Body = defaultBody
	}
	scheme := s.New(s.Secret).Scheme

	t.Run("vectors", func(t *testing.T) {
		for _, v := range s.Vectors {
			t.Run(v.Name, func(t *testing.T) { s.vector(t, v) })
		}
	})
	t.Run("round_trip", func(t *testing.T) { s.roundTrip(t) })
	t.Run("negatives", func(t *testing.T) { s.negatives(t, scheme) })
	if s.OtherSecret != "" {
		t.Run("rotation", func(t *testing.T) { s.rotation(t) })
	}
}

// clock is the time every round trip is signed and checked at.
var clock = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

func (s *Suite) verifier(t *testing.T, now time.Time, secrets []string, opts ...hooksig.Option) (*hooksig.Verifier, *[]hooksig.Outcome) {
	t.Helper()
	var outcomes []hooksig.Outcome
	// Every outcome is also logged as a service would log it; the leak checks read the log.
	logger := slog.New(slog.NewTextHandler(&s.logs, nil))
	all := append([]hooksig.Option{
		hooksig.WithClock(func() time.Time { return now }),
		hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
			outcomes = append(outcomes, o)
			logger.Info("webhook", "provider", o.Provider, "key", o.KeyIndex, "err", o.Err)
		}),
	}, s.Options...)
	v, err := hooksig.New(s.New(secrets...), append(all, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return v, &outcomes
}

func (s *Suite) sign(t *testing.T, secret string, body []byte, at time.Time) *http.Request {
	t.Helper()
	signer, err := hooksig.NewSigner(s.New(secret))
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}
	m := hooksig.Message{ID: "msg_presettest_" + at.Format("150405.000000000"), Timestamp: at, Body: body}
	if s.Message != nil {
		s.Message(&m)
	}
	r, err := signer.Request("http://receiver.example/webhook", m)
	if err != nil {
		t.Fatalf("Sign: %v", err)
	}
	return r
}

// result is what one request through the middleware came to.
type result struct {
	code     int
	respBody string
	called   int
	got      []byte
	length   int64
	delivery *hooksig.Delivery
	outcomes []hooksig.Outcome
}

func serve(v *hooksig.Verifier, outcomes *[]hooksig.Outcome, r *http.Request) result {
	var res result
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res.called++
		res.length = r.ContentLength
		res.got, _ = io.ReadAll(r.Body)
		res.delivery, _ = hooksig.DeliveryFrom(r.Context())
		w.WriteHeader(http.StatusNoContent)
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	res.code, res.respBody = rec.Code, rec.Body.String()
	res.outcomes = append(res.outcomes, *outcomes...)
	*outcomes = (*outcomes)[:0]
	return res
}

func (s *Suite) vector(t *testing.T, vec Vector) {
	now := time.Now()
	if vec.Now != "" {
		var err error
		if now, err = time.Parse(time.RFC3339Nano, vec.Now); err != nil {
			t.Fatalf("now: %v", err)
		}
	}
	method, target := vec.Method, vec.Target
	if method == "" {
		method = http.MethodPost
	}
	if target == "" {
		target = "/webhook"
	}
	build := func() *http.Request {
		r := httptest.NewRequest(method, target, strings.NewReader(vec.Body))
		for k, v := range vec.Header {
			r.Header.Set(k, v)
		}
		return r
	}
	want := vec.Want
	if want == 0 {
		want = http.StatusUnauthorized
		if vec.Valid {
			want = http.StatusNoContent
		}
	}
	var opts []hooksig.Option
	if vec.PublicURL != "" {
		opts = append(opts, hooksig.WithPublicURL(vec.PublicURL))
	}
	v, outcomes := s.verifier(t, now, vec.Secrets, opts...)
	res := serve(v, outcomes, build())
	if res.code != want {
		t.Fatalf("middleware answered %d, want %d (outcomes %v)", res.code, want, res.outcomes)
	}
	if vec.Valid && want == http.StatusNoContent {
		if res.called != 1 || string(res.got) != vec.Body || res.length != int64(len(vec.Body)) {
			t.Fatalf("next ran %d times with %d bytes (ContentLength %d); want the exact %d bytes once", res.called, len(res.got), res.length, len(vec.Body))
		}
	} else if res.called != 0 {
		t.Fatal("next ran for a rejected vector")
	}
	if want == http.StatusNoContent || want == http.StatusUnauthorized {
		// Verify checks deliveries; a handshake vector (another status) is the middleware's.
		_, err := v.Verify(build(), []byte(vec.Body))
		if (err == nil) != vec.Valid {
			t.Fatalf("Verify: %v, want valid=%v", err, vec.Valid)
		}
	}
	if !vec.Valid || s.BodyNotSigned {
		return
	}
	// One body byte changed, same length: never verifies.
	if len(vec.Body) > 0 {
		tampered := []byte(vec.Body)
		i := len(tampered) / 2
		tampered[i] ^= 0x01
		r := build()
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(tampered)), int64(len(tampered))
		if res := serve(v, outcomes, r); res.code != http.StatusUnauthorized || res.called != 0 {
			t.Fatalf("a vector with one body byte changed answered %d (next ran %d times)", res.code, res.called)
		}
	}
}

func (s *Suite) roundTrip(t *testing.T) {
	v, outcomes := s.verifier(t, clock, []string{s.Secret})
	r := s.sign(t, s.SigningSecret, s.Body, clock)
	sent, _ := io.ReadAll(r.Body) // the body as sent: the signer may have added fields to it
	r.Body = io.NopCloser(bytes.NewReader(sent))
	res := serve(v, outcomes, r)
	if res.code != http.StatusNoContent || res.called != 1 {
		t.Fatalf("a signed delivery answered %d (next ran %d times; outcomes %v)", res.code, res.called, res.outcomes)
	}
	if !bytes.Equal(res.got, sent) || res.length != int64(len(sent)) {
		t.Fatalf("next got %d bytes (ContentLength %d), want the exact %d", len(res.got), res.length, len(sent))
	}
	if res.delivery == nil || res.delivery.Provider != s.New(s.Secret).Scheme.Name {
		t.Fatal("next got no Delivery naming the provider")
	}
	if len(res.outcomes) != 1 || res.outcomes[0].Err != nil {
		t.Fatalf("the observer heard %v, want one success", res.outcomes)
	}
	// The same request again through Verify.
	r = s.sign(t, s.SigningSecret, s.Body, clock)
	sent, _ = io.ReadAll(r.Body)
	if _, err := v.Verify(r, sent); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// An empty body signs and verifies too.
	v2, outcomes2 := s.verifier(t, clock, []string{s.Secret})
	if !s.BodyNotSigned && !s.EmptyBodyInvalid {
		r := s.sign(t, s.SigningSecret, []byte{}, clock)
		sent, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(sent))
		if res := serve(v2, outcomes2, r); res.code != http.StatusNoContent || !bytes.Equal(res.got, sent) {
			t.Fatalf("an empty signed body answered %d", res.code)
		}
	}
}

func (s *Suite) negatives(t *testing.T, scheme hooksig.Scheme) {
	sigHeader := scheme.Fields[0].Signature
	if base, ok := strings.CutSuffix(sigHeader, hooksig.NumberedSuffix); ok {
		sigHeader = base + "1" // the first of the numbered headers
	}
	sigValue := func(r *http.Request) string { return r.Header.Get(sigHeader) }
	cases := []struct {
		name  string
		timed bool
		// prepare returns the request to send and the clock to check it at.
		prepare func(t *testing.T) (*http.Request, time.Time)
		// want is the status; 0 means 401.
		want int
	}{
		{name: "wrong_key", prepare: func(t *testing.T) (*http.Request, time.Time) {
			if s.OtherSigningSecret == "" {
				t.Skip("the Suite has no OtherSecret")
			}
			return s.sign(t, s.OtherSigningSecret, s.Body, clock), clock
		}},
		{name: "body_byte_changed_same_length", prepare: func(t *testing.T) (*http.Request, time.Time) {
			if s.BodyNotSigned {
				t.Skip("the scheme does not sign the body")
			}
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			b, _ := io.ReadAll(r.Body)
			b[len(b)/2] ^= 0x01
			r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(b)), int64(len(b))
			return r, clock
		}},
		{name: "signature_byte_changed", prepare: func(t *testing.T) (*http.Request, time.Time) {
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			r.Header.Set(sigHeader, flipSignature(sigValue(r)))
			return r, clock
		}},
		{name: "stale_timestamp", timed: true, prepare: func(t *testing.T) (*http.Request, time.Time) {
			return s.sign(t, s.SigningSecret, s.Body, clock.Add(-24*time.Hour)), clock
		}},
		{name: "future_timestamp", timed: true, prepare: func(t *testing.T) (*http.Request, time.Time) {
			return s.sign(t, s.SigningSecret, s.Body, clock.Add(24*time.Hour)), clock
		}},
		{name: "signature_header_missing", prepare: func(t *testing.T) (*http.Request, time.Time) {
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			r.Header.Del(sigHeader)
			return r, clock
		}},
		{name: "signature_header_empty", prepare: func(t *testing.T) (*http.Request, time.Time) {
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			r.Header.Set(sigHeader, "")
			return r, clock
		}},
		{name: "signature_too_short_to_slice", prepare: func(t *testing.T) (*http.Request, time.Time) {
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			v := sigValue(r)
			r.Header.Set(sigHeader, v[:min(len(v), 3)])
			return r, clock
		}},
		{name: "signature_header_repeated_forged", prepare: func(t *testing.T) (*http.Request, time.Time) {
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			bad := flipSignature(sigValue(r))
			r.Header[http.CanonicalHeaderKey(sigHeader)] = []string{bad, bad}
			return r, clock
		}},
		{name: "only_an_unknown_label", prepare: func(t *testing.T) (*http.Request, time.Time) {
			if scheme.Signature.Assign == "" {
				t.Skip("entries carry no label")
			}
			for _, l := range scheme.Signature.Labels {
				if l.Name == hooksig.AnyLabel {
					t.Skip("the scheme accepts any label")
				}
			}
			r := s.sign(t, s.SigningSecret, s.Body, clock)
			v := sigValue(r)
			if i := strings.LastIndex(v, scheme.Signature.Assign); i >= 0 {
				r.Header.Set(sigHeader, "zz9"+v[i:])
			}
			return r, clock
		}},
	}
	inBody := scheme.Fields[0].In != hooksig.InHeaders
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.timed && scheme.Timestamp == nil {
				t.Skip("the scheme has no timestamp")
			}
			if inBody && strings.HasPrefix(tc.name, "signature_") || inBody && tc.name == "only_an_unknown_label" {
				t.Skip("the signature travels in the body; the preset's own tests change it there")
			}
			r, now := tc.prepare(t)
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			v, outcomes := s.verifier(t, now, []string{s.Secret})
			res := serve(v, outcomes, r)
			want := tc.want
			if want == 0 {
				want = http.StatusUnauthorized
			}
			if res.code != want || res.called != 0 {
				t.Fatalf("answered %d with next run %d times, want %d and never", res.code, res.called, want)
			}
			if res.respBody != http.StatusText(res.code)+"\n" {
				t.Fatal("the rejection body is not the status text alone")
			}
			s.noLeak(t, r, res)
			rr := r.Clone(r.Context())
			if _, err := v.Verify(rr, body); err == nil {
				t.Fatal("Verify accepted it")
			} else {
				s.noLeakText(t, r, "Verify's error", err.Error())
			}
		})
	}
	t.Run("extra_unknown_label_kept_valid", func(t *testing.T) {
		if scheme.Signature.Assign == "" || scheme.Signature.Separator == "" || inBody {
			t.Skip("a single unlabelled entry")
		}
		r := s.sign(t, s.SigningSecret, s.Body, clock)
		r.Header.Set(sigHeader, sigValue(r)+scheme.Signature.Separator+"zz9"+scheme.Signature.Assign+"00")
		v, outcomes := s.verifier(t, clock, []string{s.Secret})
		if res := serve(v, outcomes, r); res.code != http.StatusNoContent {
			t.Fatalf("an unknown extra entry made a valid delivery answer %d", res.code)
		}
	})
}

func (s *Suite) rotation(t *testing.T) {
	v, outcomes := s.verifier(t, clock, []string{s.OtherSecret, s.Secret})
	res := serve(v, outcomes, s.sign(t, s.SigningSecret, s.Body, clock))
	if res.code != http.StatusNoContent || res.delivery == nil || res.delivery.KeyIndex != 1 {
		t.Fatalf("signed with the second configured key: answered %d", res.code)
	}
	v, outcomes = s.verifier(t, clock, []string{s.Secret})
	if res := serve(v, outcomes, s.sign(t, s.OtherSigningSecret, s.Body, clock)); res.code != http.StatusUnauthorized {
		t.Fatalf("signed with a key the route does not hold: answered %d", res.code)
	}
}

// noLeak checks the response, the observer's errors and the request's secrets.
func (s *Suite) noLeak(t *testing.T, r *http.Request, res result) {
	t.Helper()
	s.noLeakText(t, r, "the response", res.respBody)
	s.noLeakText(t, r, "the log", s.logs.String())
	for _, o := range res.outcomes {
		if o.Err == nil {
			t.Fatal("the observer heard a success for a rejection")
		}
		s.noLeakText(t, r, "the observer's error", o.Err.Error())
	}
}

func (s *Suite) noLeakText(t *testing.T, r *http.Request, where, text string) {
	t.Helper()
	for _, secret := range []string{s.Secret, s.SigningSecret, s.OtherSecret, s.OtherSigningSecret} {
		if len(secret) >= 6 && strings.Contains(text, secret) {
			t.Fatalf("%s carries a secret", where)
		}
	}
	if strings.Contains(text, "PRESETTEST-BODY-MARKER") || (len(s.Body) >= 8 && strings.Contains(text, string(s.Body))) {
		t.Fatalf("%s carries the body", where)
	}
	// The expected signature: what the signer produces for this body with the right key.
	signed := s.sign(t, s.SigningSecret, s.Body, clock)
	for _, v := range signed.Header {
		for _, part := range strings.FieldsFunc(strings.Join(v, ","), func(r rune) bool { return r == ',' || r == ' ' || r == '=' || r == ';' }) {
			if len(part) >= 16 && strings.Contains(text, part) {
				t.Fatalf("%s carries a signature", where)
			}
		}
	}
}

// flipSignature changes one character in the middle of the last entry's signature to another
// character of the same alphabet, so it still decodes but no longer matches.
func flipSignature(v string) string {
	if v == "" {
		return v
	}
	b := []byte(v)
	i := len(b) - 1
	for i > 0 && (b[i] == '=' || b[i] == ' ') {
		i--
	}
	i -= min(i, 4) // clear of padding and of base64's last, partial character
	switch c := b[i]; {
	case c >= '0' && c <= '8', c >= 'a' && c <= 'e', c >= 'A' && c <= 'Y':
		b[i] = c + 1
	default:
		b[i] = '0'
	}
	return string(b)
}
