package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

const verifySynopsis = "hooksig verify -provider NAME -secret S [-secret S2 ...] [-now UNIX_SECONDS] [-public-url URL] [FILE]"

const verifyDescription = `Verify reads one raw HTTP/1.1 request (request line, headers, blank line, body with
Content-Length or chunked encoding; neither means an empty body) from FILE, or from
standard input when FILE is absent or "-", and runs it through the same middleware a
server would, with the provider's default options.

It prints "ok" and exits 0 when the request verifies, or "rejected: <reason>" and exits 1
when the middleware would reject it (or the request cannot be parsed); the reason ends with its
code in parentheses. Warnings about the input (curl -v or HTTP/2 lines, a body without
Content-Length, bytes after the body) go to standard error, with their line numbers;
"hooksig explain" says more about a rejection. Usage errors,
an unknown provider, an unusable key or an unreadable FILE exit 2. -h exits 0.`

// runVerify is "hooksig verify": the contract's conformance entry point.
func runVerify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", verifySynopsis, verifyDescription, stdout, stderr)
	pf := addPresetFlags(fs, "a key `S` exactly as the provider shows it (for asymmetric schemes, the public key);\nrepeat it for a rotation")
	now := fs.String("now", "", "fix the clock at `UNIX_SECONDS` (default: the current time)")
	publicURL := fs.String("public-url", "", "`URL` the sender used, as scheme://host[:port], for URL-signed schemes (ignored by the others)")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	fail := func(format string, a ...any) int {
		return usageErrorf(stderr, "verify", verifySynopsis, format, a...)
	}

	if fs.NArg() > 1 {
		return fail("one FILE at most, got %d arguments", fs.NArg())
	}
	preset, err := pf.preset()
	if err != nil {
		return fail("%v", err)
	}

	opts, err := receiverOptions(*now, *publicURL)
	if err != nil {
		return fail("%v", err)
	}

	// The outcome the middleware reports for the request (not the second, "handled" one
	// about settling a replay claim).
	var outcome *hooksig.Outcome
	opts = append(opts, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		if outcome == nil && !o.Handled {
			outcome = &o
		}
	}))
	v, err := hooksig.New(preset.New(pf.secrets...), opts...)
	if err != nil {
		// The library's construction errors name a secret by its position, never its value.
		return fail("%v", err)
	}

	var file string
	if fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	in, closeInput, err := openInput(file, stdin)
	if err != nil {
		return fail("%v", err)
	}
	defer closeInput()

	// The input is held (bounded) so that what a server would not see — curl -v prefixes,
	// HTTP/2 lines, a body without Content-Length, bytes after the body — can be warned about
	// on standard error; standard output stays the one line.
	raw, all, complete, err := readCapture(in)
	if err != nil {
		return fail("cannot read the input: %v", pathless(err))
	}
	for _, w := range inputWarnings(raw, complete) {
		fmt.Fprintln(stderr, "hooksig verify: warning: "+w)
	}
	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	code, text := serveRaw(all, v.Handler(next))
	if outcome == nil && code != 0 && code != http.StatusOK {
		// The server refused the request before any handler ran.
		fmt.Fprintf(stdout, "rejected: %s\n", refusedReason(code, text))
		return exitRejected
	}
	if outcome == nil && code == 0 {
		fmt.Fprintln(stdout, "rejected: malformed HTTP request: the input is empty or ends inside the headers")
		return exitRejected
	}
	switch {
	case outcome == nil:
		fmt.Fprintln(stdout, "rejected: the middleware reported no outcome")
		return exitRejected
	case outcome.Err != nil:
		// Rejection texts are the library's sentinels (with a header name or a read
		// failure): they carry no secret, signature or body.
		fmt.Fprintf(stdout, "rejected: %v (%s)\n", outcome.Err, detail(outcome))
		return exitRejected
	}
	fmt.Fprintln(stdout, "ok")
	return exitOK
}

// refusedReason says why a server refused a request before any handler ran, without
// repeating any of it: only Go's own fixed texts are passed on.
func refusedReason(code int, text string) string {
	const prefix = "malformed HTTP request: "
	switch code {
	case http.StatusRequestHeaderFieldsTooLarge:
		return prefix + "the headers are larger than a server accepts (431)"
	case http.StatusExpectationFailed:
		return prefix + "an Expect header other than 100-continue (417)"
	case http.StatusNotImplemented:
		return prefix + "unsupported transfer encoding (501)"
	case http.StatusHTTPVersionNotSupported:
		return prefix + "unsupported protocol version (505)"
	}
	if _, detail, ok := strings.Cut(text, ": "); ok {
		switch detail {
		case "missing required Host header", "malformed Host header", "invalid header name",
			"invalid header value", "too many Host headers":
			return prefix + detail
		}
	}
	return prefix + "the request line or headers cannot be parsed"
}

// presetNames lists the known provider names for messages and help.
func presetNames() string {
	all := providers.All()
	names := make([]string, len(all))
	for i, p := range all {
		names[i] = p.Name
	}
	return strings.Join(names, ", ")
}

// discardLog silences the in-memory server's own log lines (they may quote the request).
var discardLog = log.New(io.Discard, "", 0)

// detail is the reason code and, for a timestamp, its age and what to do about a captured
// request: numbers and fixed words only.
func detail(o *hooksig.Outcome) string {
	d := o.Diagnosis
	switch o.Reason {
	case hooksig.ReasonTimestampUnit:
		return fmt.Sprintf("%s: outside the window in the scheme's unit, inside it in the other (milliseconds for seconds, or back)", o.Reason)
	case hooksig.ReasonTimestampTooOld, hooksig.ReasonTimestampTooNew:
		if d.Timed {
			age := d.Age.Truncate(time.Second)
			when := age.String() + " old"
			if age < 0 {
				when = (-age).String() + " ahead"
			}
			return fmt.Sprintf("%s: %s, tolerance %s past and %s future; for a captured request, -now fixes the clock", o.Reason, when, d.Past, d.Future)
		}
	}
	return o.Reason.String() + `; "hooksig explain" says more`
}
