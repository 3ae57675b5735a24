package hooksig

import (
	"errors"
	"net/http"
	"strings"
)

// Rejections of a delivery. Test for them with [errors.Is]; [Status] maps each to the HTTP
// status the middleware answers with. Their text never carries a secret, a signature or the
// body, and it is stable: tools match on it.
var (
	// ErrBodyTooLarge: the declared or streamed body is over the route's limit (413).
	ErrBodyTooLarge = errors.New("hooksig: body too large")
	// ErrBodyUnreadable: the body could not be read whole — the client went away, the body is
	// shorter or longer than its Content-Length, or reading failed (400).
	ErrBodyUnreadable = errors.New("hooksig: body unreadable")
	// ErrMissingHeader: a field the scheme needs — a header, or a body field — is absent or
	// empty (401). The error is a *[FieldError] naming the field.
	ErrMissingHeader = errors.New("hooksig: missing header")
	// ErrMalformedHeader: a field is repeated where it must not be, carries too many entries,
	// or cannot be parsed (401). The error is a *[FieldError] naming the field.
	ErrMalformedHeader = errors.New("hooksig: malformed header")
	// ErrSignatureMismatch: no signature in the request matches any configured key (401).
	ErrSignatureMismatch = errors.New("hooksig: no signature matches")
	// ErrMalformedTimestamp: the timestamp is not in the scheme's format (401).
	ErrMalformedTimestamp = errors.New("hooksig: malformed timestamp")
	// ErrTimestampTooOld: the timestamp is further in the past than the tolerance (401).
	ErrTimestampTooOld = errors.New("hooksig: timestamp too old")
	// ErrTimestampTooNew: the timestamp is further in the future than the tolerance (401).
	ErrTimestampTooNew = errors.New("hooksig: timestamp too far in the future")
	// ErrDuplicate: the signed delivery id was already handled successfully (200, next is
	// not called: the sender may stop retrying).
	ErrDuplicate = errors.New("hooksig: duplicate delivery")
	// ErrInFlight: a delivery with the same signed id is being handled right now (409).
	ErrInFlight = errors.New("hooksig: delivery in flight")
	// ErrKeyUnavailable: the keys to check the delivery with could not be had — a sender's
	// certificate or key set could not be fetched (503: the sender retries later). Configured
	// keys never cause it.
	ErrKeyUnavailable = errors.New("hooksig: key unavailable")
	// ErrReplayUnavailable: the replay store failed or is full of deliveries still inside their
	// tolerance window (503: the sender retries later).
	ErrReplayUnavailable = errors.New("hooksig: replay store unavailable")
)

// Configuration errors, returned by [New] and [NewSigner]: never at request time.
var (
	// ErrInvalidSecret: a secret is empty, undecodable, too short, or of the wrong kind.
	ErrInvalidSecret = errors.New("hooksig: invalid secret")
	// ErrInvalidScheme: a scheme declaration is incomplete or contradicts itself.
	ErrInvalidScheme = errors.New("hooksig: invalid scheme")
	// ErrInvalidOption: an option's value is out of range.
	ErrInvalidOption = errors.New("hooksig: invalid option")
)

// errNoPublicURL: the URL a URL-signed delivery was sent to cannot be known — with
// WithTrustedProxy, the request did not come from a trusted proxy or its header is missing or
// malformed (401: it cannot be verified).
var errNoPublicURL = &FieldError{Field: "public URL (from a trusted proxy)", Err: ErrMissingHeader}

// errNoProviderFields: a request on a route with several providers carries none of their
// fields (401).
var errNoProviderFields = &FieldError{Field: "(none of the route's providers' fields)", Err: ErrMissingHeader}

// A FieldError names the field behind an [ErrMissingHeader] or [ErrMalformedHeader]: a
// header, or for schemes whose fields travel in the body, a body field.
type FieldError struct {
	Field string   // canonical header name, or the body field's path
	In    Location // where the field is
	Err   error    // ErrMissingHeader or ErrMalformedHeader
}

// Error returns the sentinel's text followed by the field: "hooksig: missing header
// Webhook-Signature", "hooksig: malformed JSON body field signature.token".
func (e *FieldError) Error() string {
	if e.In == InHeaders {
		return e.Err.Error() + " " + e.Field
	}
	return strings.TrimSuffix(e.Err.Error(), "header") + e.In.String() + " " + e.Field
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// Status returns the HTTP status the middleware answers err with, as the contract's table
// gives them: 413, 400, 401 for every verification failure, 200 for a duplicate of a completed
// delivery, 409 while it is in flight, 503 when the replay store or a fetched key is
// unavailable. Any other error is 500.
func Status(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrBodyUnreadable):
		return http.StatusBadRequest
	case errors.Is(err, ErrMissingHeader), errors.Is(err, ErrMalformedHeader),
		errors.Is(err, ErrSignatureMismatch), errors.Is(err, ErrMalformedTimestamp),
		errors.Is(err, ErrTimestampTooOld), errors.Is(err, ErrTimestampTooNew):
		return http.StatusUnauthorized
	case errors.Is(err, ErrDuplicate):
		return http.StatusOK
	case errors.Is(err, ErrInFlight):
		return http.StatusConflict
	case errors.Is(err, ErrReplayUnavailable), errors.Is(err, ErrKeyUnavailable):
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}
