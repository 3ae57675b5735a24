package main

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
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
when the middleware would reject it (or the request cannot be parsed). Usage errors,
an unknown provider, an unusable key or an unreadable FILE exit 2. -h exits 0.`

// runVerify is "hooksig verify": the contract's conformance entry point.
func runVerify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("verify", verifySynopsis, verifyDescription, stderr)
	provider := fs.String("provider", "", "`NAME` of the sender's preset, one of: "+presetNames())
	var secrets stringsFlag
	fs.Var(&secrets, "secret", "a key `S` exactly as the provider shows it (for asymmetric schemes, the public key);\nrepeat it for a rotation")
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
	if *provider == "" {
		return fail("-provider is required (known: %s)", presetNames())
	}
	preset, ok := providers.Lookup(*provider)
	if !ok {
		return fail("unknown provider %q (known: %s)", *provider, presetNames())
	}
	if len(secrets) == 0 {
		return fail("-secret is required")
	}

	opts := []hooksig.Option{}
	if *now != "" {
		sec, err := strconv.ParseInt(*now, 10, 64)
		if err != nil {
			return fail("-now must be an integer number of Unix seconds")
		}
		at := time.Unix(sec, 0)
		opts = append(opts, hooksig.WithClock(func() time.Time { return at }))
	}
	if *publicURL != "" {
		if _, err := parsePublicURL(*publicURL); err != nil {
			return fail("-public-url: %v", err)
		}
		// No preset signs the URL yet, so the value is checked and then ignored. A URL-signed
		// preset (Twilio, …) will take it here as an option, and a missing -public-url will be a
		// usage error for it.
	}

	// The outcome the middleware reports for the request (not the second, "handled" one
	// about settling a replay claim).
	var outcome *hooksig.Outcome
	opts = append(opts, hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
		if outcome == nil && !o.Handled {
			outcome = &o
		}
	}))
	v, err := hooksig.New(preset.New(secrets...), opts...)
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

	req, err := http.ReadRequest(in)
	if err != nil {
		fmt.Fprintf(stdout, "rejected: %s\n", parseReason(err))
		return exitRejected
	}
	defer req.Body.Close()
	if reason := serverRefuses(req); reason != "" {
		fmt.Fprintf(stdout, "rejected: %s\n", reason)
		return exitRejected
	}

	next := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	v.Handler(next).ServeHTTP(httptest.NewRecorder(), req)
	switch {
	case outcome == nil:
		fmt.Fprintln(stdout, "rejected: the middleware reported no outcome")
		return exitRejected
	case outcome.Err != nil:
		// Rejection texts are the library's sentinels (with a header name or a read
		// failure): they carry no secret, signature or body.
		fmt.Fprintf(stdout, "rejected: %v\n", outcome.Err)
		return exitRejected
	}
	fmt.Fprintln(stdout, "ok")
	return exitOK
}

// parseReason says why a request could not be parsed without repeating any of it: net/http
// quotes the offending line, which may be a signature header or part of the body.
func parseReason(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "malformed HTTP request: the input is empty or ends inside the headers"
	}
	return "malformed HTTP request: the request line or headers cannot be parsed"
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

// serverRefuses repeats the checks net/http's server makes after parsing a request, so that
// verify refuses what a server would answer 400 or 505 before any handler runs.
func serverRefuses(req *http.Request) string {
	if req.ProtoMajor != 1 {
		return "malformed HTTP request: unsupported protocol version"
	}
	if req.ProtoAtLeast(1, 1) && req.Host == "" && req.Method != http.MethodConnect {
		return "malformed HTTP request: missing required Host header"
	}
	if !validHost(req.Host) {
		return "malformed HTTP request: malformed Host header"
	}
	return ""
}

// validHost reports whether h holds only characters a Host header may carry (those of an
// RFC 3986 authority: a reg-name, an IP literal, a port), as the server checks it.
func validHost(h string) bool {
	for i := 0; i < len(h); i++ {
		c := h[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("-._~!$&'()*+,;=:[]%", c) >= 0:
		case c >= 0x80: // the server lets UTF-8 through
		default:
			return false
		}
	}
	return true
}
