package hooksig

import (
	"fmt"
	"net/textproto"
	"strings"
	"time"
)

// maxParts bounds a signed template.
const maxParts = 16

// compile validates s and parses secrets into an engine. signing selects the key kinds a signer
// needs. It runs in New and NewSigner, never on the request path.
func compile(s Scheme, secrets []string, minKey int, signing bool) (*engine, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s: %s", ErrInvalidScheme, s.Name, fmt.Sprintf(format, a...))
	}
	if s.Name == "" || strings.ToLower(s.Name) != s.Name || strings.ContainsAny(s.Name, " \t:/") {
		return nil, fmt.Errorf("%w: a scheme needs a lower-case one-word Name", ErrInvalidScheme)
	}
	e := &engine{
		name:      s.Name,
		sep:       s.Signature.Separator,
		assign:    s.Signature.Assign,
		trim:      s.Signature.TrimSpace,
		enc:       s.Signature.Encoding.e,
		tsLabel:   s.Signature.TimestampLabel,
		listLabel: s.Signature.HeadersLabel,
		respond:   s.Respond,
		fallback:  s.Fallback,
	}
	if len(s.Fields) == 0 {
		return nil, bad("no Fields")
	}
	for _, f := range s.Fields {
		if f.Signature == "" {
			return nil, bad("a field set has no Signature field")
		}
		switch f.In {
		case InHeaders:
			set := fieldSet{in: f.In, sig: canonical(f.Signature), ts: canonical(f.Timestamp), id: canonical(f.ID)}
			if base, ok := strings.CutSuffix(f.Signature, NumberedSuffix); ok {
				// base ‖ 1, base ‖ 2, …: the lines of one signature field (DocuSign).
				if base == "" {
					return nil, bad("a numbered signature field needs a name")
				}
				set.numbered = canonical(base)
				set.sig = canonical(base + "1")
				e.numbered = true
			}
			e.sets = append(e.sets, set)
		case InJSON, InForm:
			e.sets = append(e.sets, fieldSet{in: f.In, sig: f.Signature, ts: f.Timestamp, id: f.ID})
			e.bodyFields = true
		default:
			return nil, bad("a field set has an unknown Location")
		}
	}
	if e.enc == nil {
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
		a := l.Algorithm.a
		if a == nil {
			return nil, bad("label %q has no Algorithm", l.Name)
		}
		if (l.Name == "") != (e.assign == "") {
			return nil, bad("label %q: unlabelled entries go with an empty Assign, labelled ones with a non-empty one", l.Name)
		}
		if (a == SharedToken.a) != (e.enc == Verbatim.e) {
			return nil, bad("a SharedToken is written Verbatim, and only a SharedToken is")
		}
		ai := -1
		for i, b := range e.algs {
			if a == b {
				ai = i
			}
		}
		if ai < 0 {
			ai = len(e.algs)
			e.algs = append(e.algs, a)
		}
		if len(e.algs) > 8 {
			return nil, bad("more than 8 distinct algorithms")
		}
		e.labels = append(e.labels, label{name: l.Name, any: l.Name == AnyLabel, alg: ai})
	}
	if (e.tsLabel != "" || e.listLabel != "") && e.assign == "" {
		return nil, bad("a TimestampLabel or HeadersLabel needs labelled entries")
	}

	// The signed template.
	if len(s.Signed) == 0 && !e.onlyTokens() {
		return nil, bad("nothing Signed")
	}
	if len(s.Signed) > maxParts {
		return nil, bad("more than %d Signed parts", maxParts)
	}
	e.bodyAt = -1
	var usesTS, usesID bool
	for i, p := range s.Signed {
		cp := p.p
		if cp == nil {
			return nil, bad("part %d is not built with a Part constructor", i)
		}
		if cp.compile != nil {
			c, err := cp.compile()
			if err != nil {
				return nil, bad("%v", err)
			}
			if c != nil {
				cp = c
			}
		}
		if cp.body {
			if e.bodyAt >= 0 {
				return nil, bad("Body appears twice")
			}
			e.bodyAt = i
		}
		usesTS = usesTS || cp.usesTS
		usesID = usesID || cp.usesID
		e.usesURL = e.usesURL || cp.usesURL
		e.afterBody = e.afterBody || cp.afterBody
		e.variants = e.variants || cp.variants != nil
		if cp.usesItem && s.Items == "" {
			return nil, bad("JSONText reads the elements of a scheme with Items")
		}
		if cp.usesList && e.listLabel == "" {
			return nil, bad("SignedHeaderNames and SignedHeaderValues need a Signature.HeadersLabel")
		}
		e.parts = append(e.parts, cp)
	}
	if e.bodyAt < 0 {
		e.bodyAt = len(e.parts)
	}
	if e.bodyFields && e.bodyAt < len(e.parts) {
		// The signer adds the fields to the body: it cannot also sign that body.
		return nil, bad("a scheme whose fields are in the body cannot sign the Body")
	}
	if e.onlyTokens() && len(e.parts) > 0 {
		return nil, bad("a SharedToken signs nothing: Signed must be empty")
	}
	e.tokens = e.onlyTokens()
	if err := e.compileTimestamp(s.Timestamp, usesTS); err != nil {
		return nil, bad("%v", err)
	}
	if s.MaxBody > maxBodyLimit {
		return nil, bad("MaxBody %d is over the largest limit, %d (1 TiB)", s.MaxBody, int64(maxBodyLimit))
	}
	if s.MaxBody < 0 || (s.MaxBody > 0 && s.MaxBody < defaultMaxBody) {
		// The default limit is never below 1 MiB; a route lowers it with WithMaxBodySize.
		return nil, bad("MaxBody %d is below 1 MiB; lower a route's limit with WithMaxBodySize", s.MaxBody)
	}
	if usesID {
		for _, f := range e.sets {
			if f.id == "" {
				return nil, bad("ID is signed but a field set names no ID field")
			}
		}
		e.idSigned = true
	}

	for i, c := range s.Checks {
		if c.c == nil {
			return nil, bad("check %d is not built with a Check constructor", i)
		}
		e.checks = append(e.checks, c.c)
	}
	if err := checkUnsigned(s.Unsigned); err != nil {
		return nil, err
	}
	e.unsigned = s.Unsigned.u

	// Keys.
	if s.Key.parse == nil {
		return nil, bad("no Key format")
	}
	keys, err := e.compileKeys(s, secrets, minKey, signing)
	if err != nil {
		return nil, err
	}
	e.keys = keys
	for _, k := range e.keys {
		for _, a := range e.algs {
			e.whole = e.whole || (a.whole && a.key == k.kind)
		}
	}
	if e.whole && e.variants {
		return nil, bad("a part with variants needs an algorithm that streams the message (not Ed25519)")
	}
	if s.Items != "" {
		if err := e.compileItems(s); err != nil {
			return nil, bad("%v", err)
		}
	}
	e.labelSets = labelSets(e.labels)
	return e, nil
}

func (e *engine) onlyTokens() bool {
	for _, a := range e.algs {
		if a != SharedToken.a {
			return false
		}
	}
	return len(e.algs) > 0
}

// compileTimestamp checks the timestamp declaration against the template.
func (e *engine) compileTimestamp(ts *Timestamp, usesTS bool) error {
	if usesTS && ts == nil {
		return fmt.Errorf("TimestampText is signed but the scheme declares no Timestamp")
	}
	if ts == nil {
		return nil
	}
	switch ts.Unit {
	case Seconds, Milliseconds, RFC3339:
	default:
		return fmt.Errorf("Timestamp has no Unit")
	}
	if ts.Past < 0 || ts.Future < 0 {
		return fmt.Errorf("negative tolerance")
	}
	rule := &tsRule{unit: ts.Unit}
	if ts.InBody != "" {
		// Covered by the signature because it is inside the signed body.
		if usesTS {
			return fmt.Errorf("a Timestamp InBody is not also a TimestampText part")
		}
		if e.bodyAt == len(e.parts) {
			return fmt.Errorf("a Timestamp InBody needs the Body signed")
		}
		rule.inBody = strings.Split(ts.InBody, ".")
		e.ts = rule
		return nil
	}
	if !usesTS {
		// An unsigned timestamp is the attacker's to choose: checking it would admit a stale
		// capture with a fresh one, and it would shorten what the replay store keeps.
		return fmt.Errorf("a Timestamp is declared but TimestampText is not signed")
	}
	for _, f := range e.sets {
		if f.ts == "" && e.tsLabel == "" {
			return fmt.Errorf("a Timestamp is declared but a field set names no Timestamp field and there is no TimestampLabel")
		}
	}
	e.ts = rule
	return nil
}

// compileKeys parses each secret with the scheme's key format and prepares it for every
// algorithm that checks its kind.
func (e *engine) compileKeys(s Scheme, secrets []string, minKey int, signing bool) ([]ckey, error) {
	if len(secrets) == 0 {
		return nil, fmt.Errorf("%w: no secret configured", ErrInvalidSecret)
	}
	if minKey < 1 {
		minKey = 1
	}
	var keys []ckey
	for i, sec := range secrets {
		if sec == "" {
			return nil, fmt.Errorf("%w: secret %d: empty", ErrInvalidSecret, i)
		}
		if why := secretProblem(sec); why != "" {
			return nil, fmt.Errorf("%w: secret %d: %s", ErrInvalidSecret, i, why)
		}
		k, err := s.Key.parse(sec, signing)
		if err != nil {
			return nil, fmt.Errorf("%w: secret %d: %w", ErrInvalidSecret, i, err)
		}
		if k.kind == kindSymmetric && len(k.b) < minKey {
			return nil, fmt.Errorf("%w: secret %d: decodes to %d bytes; this scheme needs at least %d", ErrInvalidSecret, i, len(k.b), minKey)
		}
		ck := ckey{key: k, prep: make([]any, len(e.algs))}
		usable := false
		for ai, a := range e.algs {
			if signing {
				usable = usable || a.signKey == k.kind
				continue
			}
			if a.key != k.kind {
				continue
			}
			usable = true
			p, err := a.prepare(&ck.key)
			if err != nil {
				return nil, fmt.Errorf("%w: secret %d: %w", ErrInvalidSecret, i, err)
			}
			ck.prep[ai] = p
		}
		if !usable {
			return nil, fmt.Errorf("%w: secret %d: a %s, which no label of %s checks", ErrInvalidSecret, i, k.kind, s.Name)
		}
		keys = append(keys, ck)
	}
	return keys, nil
}

func canonical(name string) string {
	if name == "" {
		return ""
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

// grain is the unit the timestamp check truncates the clock to: a timestamp is accepted until
// one grain past its tolerance ends.
func (e *engine) grain() time.Duration {
	switch {
	case e.ts == nil:
		return 0
	case e.ts.unit == Seconds:
		return time.Second
	case e.ts.unit == Milliseconds:
		return time.Millisecond
	}
	return time.Nanosecond
}

// labelSets joins the declared label names for every set of them (a bit per label), so a
// diagnosis names the labels it saw without allocating. Schemes with more than six labels
// join them when asked.
func labelSets(ls []label) []string {
	if len(ls) > 6 {
		return nil
	}
	sets := make([]string, 1<<len(ls))
	for mask := range sets {
		var names []string
		for i, l := range ls {
			if mask&(1<<i) != 0 && !l.any {
				names = append(names, l.name)
			}
		}
		sets[mask] = strings.Join(names, ",")
	}
	return sets
}
