// Package explain connects the hooksig command's explain to the engine's internals, without
// widening the library's API: package hooksig sets Run when it is initialised.
package explain

import "net/http"

// Input is what explain is asked about.
type Input struct {
	Provider any   // a hooksig.Provider
	Options  []any // hooksig.Option values
	// Request is the request as a server received it; its body has not been read.
	Request *http.Request
	// IgnoreTime checks the signature at the signed timestamp's own time.
	IgnoreTime bool
	// ShowExpected prints the expected signatures: only ever on the user's explicit request.
	ShowExpected bool
}

// Report is the answer.
type Report struct {
	Err    error    // the middleware's verdict: nil when it verifies
	Status int      // the status it answers
	Reason string   // the fixed reason code
	Lines  []string // the explanation, a line each, for people
	Body   []byte   // the body as read (for trying other presets)
	// Timestamp is the signed timestamp in Unix seconds, when one was read.
	Timestamp int64
	Timed     bool
}

// Run explains one request; package hooksig sets it. Its error is a configuration error
// (an unusable key or option), never the verdict.
var Run func(Input) (*Report, error)
