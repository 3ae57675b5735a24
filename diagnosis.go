package hooksig

import (
	"errors"
	"log/slog"
	"math/bits"
	"net/http"
	"strings"
	"time"
)

// A Reason is a fixed code for what the middleware decided about a request and why, for log
// fields and metric labels. Its String is a stable snake_case word, and it never carries a
// byte the sender chose. The error ([Outcome].Err) says what the sender is told (its status);
// the Reason says what the operator should fix.
type Reason uint8

// The reasons. New ones may be added in minor releases; existing words never change.
const (
	ReasonVerified           Reason = iota // "verified": handed to next
	ReasonUnsigned                         // "unsigned_handshake": an unsigned handshake the scheme declares, answered
	ReasonBodyTooLarge                     // "body_too_large": over the route's limit (WithMaxBodySize)
	ReasonBodyUnreadable                   // "body_unreadable": the client went away, or the body is shorter or longer than its Content-Length
	ReasonBodyConsumed                     // "body_consumed": the body ended before its first byte although Content-Length promised some — most often a middleware before hooksig read it
	ReasonNoFields                         // "no_fields": none of the route's signature, timestamp or id fields: not from this sender, or a proxy dropped its headers
	ReasonMissingField                     // "missing_field": a field the scheme needs is absent or empty (Outcome.Err names it)
	ReasonMalformedField                   // "malformed_field": a field is repeated or cannot be parsed
	ReasonTooManyEntries                   // "too_many_entries": more signature entries than MaxEntries
	ReasonNoDeclaredLabel                  // "no_declared_label": entries, but none under a label the scheme declares (a missing "v1," prefix, another sender's format)
	ReasonUndecodable                      // "undecodable": no entry decodes in the scheme's encoding
	ReasonWrongEncoding                    // "wrong_encoding": no entry decodes in the scheme's encoding, but some decode in another (hex for base64, base64 for hex) to the right length
	ReasonWrongLength                      // "wrong_length": entries decode, but to a length the algorithm cannot produce (another algorithm's signature)
	ReasonNoMatch                          // "no_match": well-formed entries that no key verifies: the wrong secret, or the bytes changed on the way (a proxy re-encoding the body, a test re-serialising JSON)
	ReasonCheckFailed                      // "check_failed": the signature matched, but a rule of the scheme's own refused the body (Scheme.Checks)
	ReasonMalformedTimestamp               // "malformed_timestamp": the timestamp is not in the scheme's format
	ReasonTimestampTooOld                  // "timestamp_too_old": older than the tolerance (a retry of an old delivery, a captured request, a slow clock)
	ReasonTimestampTooNew                  // "timestamp_too_new": further ahead than the tolerance
	ReasonTimestampUnit                    // "timestamp_unit": outside the window, but inside it read in the other unit (milliseconds for seconds or back)
	ReasonDuplicate                        // "duplicate": the signed id was already handled (answered 200, next not called)
	ReasonInFlight                         // "in_flight": the signed id is being handled right now (409)
	ReasonReplayUnavailable                // "replay_unavailable": the replay store failed (503: the sender retries)
	ReasonKeyUnavailable                   // "key_unavailable": a fetched key could not be had (503)
	ReasonOther                            // "other": an error of another kind (500)
	numReasons
)

var reasonWords = [numReasons]string{
	"verified", "unsigned_handshake", "body_too_large", "body_unreadable", "body_consumed",
	"no_fields", "missing_field", "malformed_field", "too_many_entries", "no_declared_label",
	"undecodable", "wrong_encoding", "wrong_length", "no_match", "check_failed",
	"malformed_timestamp", "timestamp_too_old", "timestamp_too_new", "timestamp_unit",
	"duplicate", "in_flight", "replay_unavailable", "key_unavailable", "other",
}

// String returns the reason's word, such as "no_match".
func (r Reason) String() string {
	if r < numReasons {
		return reasonWords[r]
	}
	return "other"
}

// Reasons lists every reason, in order: for pre-declaring metric series.
func Reasons() []Reason {
	rs := make([]Reason, numReasons)
	for i := range rs {
		rs[i] = Reason(i)
	}
	return rs
}

// A Diagnosis is what the middleware saw in a rejected request, as numbers and the scheme's own
// names — never a byte the sender chose, a secret, an expected signature or the body. Its zero
// value means nothing was read (or the request verified).
type Diagnosis struct {
	// Field is the signature field of the field set that was read (the scheme's name for it,
	// such as "Webhook-Signature"); "" when none was.
	Field string
	// Entries counts the non-empty entries in the signature field.
	Entries int
	// Labels lists the scheme's declared labels that were seen, comma-separated ("v1"); the
	// labels it does not declare are only counted, in Unlabelled: they are the sender's bytes.
	Labels     string
	Unlabelled int
	// Of the entries under a declared label: Undecodable did not decode in the scheme's
	// encoding; WrongLength decoded to a length the algorithm cannot produce; OtherEncoding
	// counts the entries of both kinds that do decode, in another encoding (hex for base64,
	// or back), to the algorithm's length; Unchecked were beyond the algorithm's bound on
	// checks per request; Checked were compared with every key.
	Undecodable, OtherEncoding, WrongLength, Unchecked, Checked int
	// Keys is how many keys the entries were checked against.
	Keys int
	// Age is how long before the clock the signed timestamp lies (negative: in the future);
	// Timed says whether a timestamp was read at all. Past and Future are the route's
	// tolerance.
	Age          time.Duration
	Timed        bool
	Past, Future time.Duration
	// ContentLength is the length the request declared (-1: none, a chunked body).
	ContentLength int64
}

// reasonOf classifies a rejection. st is the state of the candidate whose error it is (nil
// when none read anything).
func reasonOf(err error, st *state) Reason {
	switch {
	case err == nil:
		return ReasonVerified
	case errors.Is(err, ErrBodyTooLarge):
		return ReasonBodyTooLarge
	case errors.Is(err, errBodyConsumed):
		return ReasonBodyConsumed
	case errors.Is(err, ErrBodyUnreadable):
		return ReasonBodyUnreadable
	case errors.Is(err, ErrDuplicate):
		return ReasonDuplicate
	case errors.Is(err, ErrInFlight):
		return ReasonInFlight
	case errors.Is(err, ErrReplayUnavailable), errors.Is(err, ErrClaimLost):
		return ReasonReplayUnavailable
	case errors.Is(err, ErrKeyUnavailable):
		return ReasonKeyUnavailable
	case errors.Is(err, ErrMalformedTimestamp):
		return ReasonMalformedTimestamp
	case errors.Is(err, ErrTimestampTooOld), errors.Is(err, ErrTimestampTooNew):
		if st != nil && st.otherUnit {
			return ReasonTimestampUnit
		}
		if errors.Is(err, ErrTimestampTooOld) {
			return ReasonTimestampTooOld
		}
		return ReasonTimestampTooNew
	case errors.Is(err, ErrMissingHeader):
		if st == nil || st.set == nil {
			return ReasonNoFields
		}
		return ReasonMissingField
	case errors.Is(err, ErrMalformedHeader):
		if st != nil && st.tooMany {
			return ReasonTooManyEntries
		}
		return ReasonMalformedField
	case errors.Is(err, ErrSignatureMismatch):
		switch {
		case st == nil:
			return ReasonNoMatch
		case st.checkFailed:
			return ReasonCheckFailed
		case st.n == 0:
			return ReasonNoDeclaredLabel
		case st.checked > 0:
			return ReasonNoMatch
		case st.otherEnc > 0:
			return ReasonWrongEncoding
		case st.wrongLen > 0:
			return ReasonWrongLength
		case st.undecodable > 0:
			return ReasonUndecodable
		}
		return ReasonNoMatch
	}
	return ReasonOther
}

// diagnose fills d from the state of the candidate that rejected the request.
func (c *candidate) diagnose(st *state, d *Diagnosis) {
	d.Past, d.Future = c.window.past, c.window.future
	if st == nil || st.set == nil {
		return
	}
	e := c.eng
	d.Field = st.set.sig
	if st.set.numbered != "" {
		d.Field = st.set.numbered + "N"
	}
	d.Entries = int(st.count)
	d.Unlabelled = int(st.unknown)
	d.Undecodable, d.OtherEncoding = int(st.undecodable), int(st.otherEnc)
	d.WrongLength, d.Unchecked, d.Checked = int(st.wrongLen), int(st.unchecked), int(st.checked)
	d.Keys = int(st.keys)
	if st.timed {
		d.Timed, d.Age = true, st.now.Sub(st.ts)
	}
	switch n := bits.OnesCount32(st.seen); {
	case int(st.seen) < len(e.labelSets):
		d.Labels = e.labelSets[st.seen]
	case n == 1:
		d.Labels = e.labels[bits.TrailingZeros32(st.seen)].name
	case n > 1:
		var b strings.Builder
		for i := range e.labels {
			if i < 32 && st.seen&(1<<i) != 0 {
				if b.Len() > 0 {
					b.WriteByte(',')
				}
				b.WriteString(e.labels[i].name)
			}
		}
		d.Labels = b.String()
	}
	if d.Labels == AnyLabel {
		d.Labels = "" // a scheme without labels: nothing to say
	}
}

// WithLogger logs every decision of the middleware on l: a rejection at Warn (at Error when
// it is the server's fault: 5xx), a verified delivery at Debug. Each record is
// "hooksig: verified" or "hooksig: rejected" with the provider, the status, the [Reason] and
// the [Diagnosis]'s numbers. A delivery id is logged only when it is signed and verified (an
// unsigned or unverified id is the sender's text); a secret, a signature or the body never is.
// A replay refused (a duplicate, or one in flight) is logged at Info, as "hooksig: replay
// refused": a sender's retry is normal. A logged rejection costs what the logger allocates; at
// a disabled level, nothing. It can be combined
// with [WithObserver]; both hear every outcome.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l == nil {
			c.invalid("WithLogger(nil)")
		}
		c.logger = l
	}
}

// logOutcome is WithLogger's observer.
func logOutcome(l *slog.Logger, r *http.Request, o Outcome) {
	ctx := r.Context()
	if o.Err == nil {
		if !l.Enabled(ctx, slog.LevelDebug) {
			return
		}
		msg := "hooksig: verified"
		if o.Unsigned {
			msg = "hooksig: unsigned handshake answered"
		}
		if o.IDSigned { // an unsigned id is the sender's text: not logged
			l.LogAttrs(ctx, slog.LevelDebug, msg, slog.String("provider", o.Provider),
				slog.String("id", o.DeliveryID), slog.Int("key", o.KeyIndex))
			return
		}
		l.LogAttrs(ctx, slog.LevelDebug, msg, slog.String("provider", o.Provider), slog.Int("key", o.KeyIndex))
		return
	}
	status := Status(o.Err)
	level, msg := slog.LevelWarn, "hooksig: rejected"
	switch {
	case status >= 500:
		level = slog.LevelError
	case o.Reason == ReasonDuplicate || o.Reason == ReasonInFlight:
		level, msg = slog.LevelInfo, "hooksig: replay refused"
	}
	if !l.Enabled(ctx, level) {
		return
	}
	if o.Handled {
		msg = "hooksig: handled, but settling the replay claim failed"
	}
	attrs := [16]slog.Attr{
		slog.String("provider", o.Provider),
		slog.Int("status", status),
		slog.String("reason", o.Reason.String()),
	}
	a := attrs[:3]
	d := &o.Diagnosis
	if d.Field != "" {
		a = append(a, slog.String("field", d.Field), slog.Int("entries", d.Entries))
		if d.Labels != "" {
			a = append(a, slog.String("labels", d.Labels))
		}
		if d.Unlabelled > 0 {
			a = append(a, slog.Int("unlabelled", d.Unlabelled))
		}
		if n := d.Undecodable + d.WrongLength + d.Unchecked; n > 0 {
			a = append(a, slog.Int("undecodable", d.Undecodable), slog.Int("other_encoding", d.OtherEncoding),
				slog.Int("wrong_length", d.WrongLength), slog.Int("unchecked", d.Unchecked))
		}
		a = append(a, slog.Int("checked", d.Checked), slog.Int("keys", d.Keys))
	}
	if d.Timed {
		a = append(a, slog.Duration("age", d.Age), slog.Duration("tolerance_past", d.Past),
			slog.Duration("tolerance_future", d.Future))
	}
	if o.Reason == ReasonBodyConsumed || o.Reason == ReasonBodyUnreadable {
		a = append(a, slog.Int64("content_length", d.ContentLength))
	}
	l.LogAttrs(ctx, level, msg, a...)
}

// observerFor combines the configured observer and logger into one function (nil for none).
func observerFor(c *config) func(*http.Request, Outcome) {
	fn, l := c.observer, c.logger
	switch {
	case l == nil:
		return fn
	case fn == nil:
		return func(r *http.Request, o Outcome) { logOutcome(l, r, o) }
	}
	return func(r *http.Request, o Outcome) {
		logOutcome(l, r, o)
		fn(r, o)
	}
}
