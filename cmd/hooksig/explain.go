package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/internal/explain"
	"github.com/hooksig/hooksig/providers"
)

const explainSynopsis = "hooksig explain -provider NAME -secret S [-secret S2 ...] [-now UNIX_SECONDS] [-ignore-time] [-show-expected] [-public-url URL] [FILE]"

const explainDescription = `Explain reads one raw HTTP/1.1 request, as verify does, and says why the middleware
accepts or rejects it: the verdict and its reason code, the fields it read, what became of
each signature entry, the timestamp's age against the tolerance, the signed content's recipe
(texts quoted, the body as its length and digest), and for each key how the received
signature differs from the expected one (encoding, length, label, a body changed on the way,
the secret read another way) — without printing the expected signature. Only -show-expected
prints it, here, locally. -ignore-time checks the signature at the signed timestamp's own
time (a captured request is always too old). When the request does not verify, explain also
names the other presets that verify it with the same secret.

Warnings about the input (curl -v or HTTP/2 lines, a missing Content-Length, bytes after the
body) come first, with their line numbers, followed by a recipe for capturing a request.

Exit codes: 0 verified, 1 rejected (or unparsable), 2 usage error.`

// captureRecipe says how to save a request exactly as it arrived.
const captureRecipe = `capture recipe: explain needs the request exactly as it arrived, headers and body byte for byte:
  hooksig listen -provider NAME -secret-file FILE -dump DIR   saves each request in DIR, ready for explain
  nc -l 8080 > request.http                                  saves one raw request (the sender gets no answer)
  a body copied from a dashboard or a log is re-serialised: its signature will not match`

// maxHeld bounds how much of the input verify and explain hold in memory to look at; the rest
// is streamed to the server, which bounds it as the middleware's limit says.
const maxHeld = 64 << 20

// readCapture returns the first maxHeld bytes of in, and the whole input as a reader (those
// bytes, then the rest); complete says whether raw is all of it.
func readCapture(in io.Reader) (raw []byte, all io.Reader, complete bool, err error) {
	raw, err = io.ReadAll(io.LimitReader(in, maxHeld))
	if err != nil {
		return nil, nil, false, err
	}
	if len(raw) < maxHeld {
		return raw, bytes.NewReader(raw), true, nil
	}
	return raw, io.MultiReader(bytes.NewReader(raw), in), false, nil
}

// runExplain is "hooksig explain".
func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("explain", explainSynopsis, explainDescription, stdout, stderr)
	pf := addPresetFlags(fs, "a key `S` exactly as the provider shows it (for asymmetric schemes, the public key);\nrepeat it for a rotation")
	now := fs.String("now", "", "fix the clock at `UNIX_SECONDS` (default: the current time)")
	ignoreTime := fs.Bool("ignore-time", false, "check the signature at the signed timestamp's own time")
	showExpected := fs.Bool("show-expected", false, "print the expected signature of each key (never shown otherwise)")
	publicURL := fs.String("public-url", "", "`URL` the sender used, as scheme://host[:port], for URL-signed schemes")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	fail := func(format string, a ...any) int {
		return usageErrorf(stderr, "explain", explainSynopsis, format, a...)
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
	provider := preset.New(pf.secrets...)
	if _, err := hooksig.New(provider, opts...); err != nil {
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
	raw, all, complete, err := readCapture(in)
	if err != nil {
		return fail("cannot read the input: %v", pathless(err))
	}

	warnings := inputWarnings(raw, complete)
	for _, w := range warnings {
		fmt.Fprintln(stdout, "warning: "+w)
	}

	anyOpts := make([]any, len(opts))
	for i, o := range opts {
		anyOpts[i] = o
	}
	// explainRaw explains the first request of raw; others are the presets that verify it.
	explainRaw := func(raw io.Reader, tryOthers bool) (rep *explain.Report, others []string, code int, text string, runErr error) {
		h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if rep != nil || runErr != nil {
				return // only the first request of the input is explained
			}
			rep, runErr = explain.Run(explain.Input{Provider: provider, Options: anyOpts, Request: r,
				IgnoreTime: *ignoreTime, ShowExpected: *showExpected})
			if tryOthers && runErr == nil && rep.Err != nil {
				others = otherPresets(preset.Name, pf.secrets, opts, rep, *ignoreTime, r)
			}
		})
		code, text = serveRaw(raw, h)
		return rep, others, code, text, runErr
	}
	rep, others, code, text, runErr := explainRaw(all, true)
	if runErr != nil {
		return fail("%v", runErr)
	}
	if rep == nil {
		reason := "malformed HTTP request: the input is empty or ends inside the headers"
		if code != 0 {
			reason = refusedReason(code, text)
		}
		fmt.Fprintln(stdout, "verdict: rejected: "+reason)
		fmt.Fprintln(stdout, captureRecipe)
		return exitRejected
	}
	for _, line := range rep.Lines {
		fmt.Fprintln(stdout, line)
	}
	if len(others) > 0 {
		fmt.Fprintf(stdout, "with the same secret, it verifies as: %s (-provider %s)\n", strings.Join(others, ", "), others[0])
	}
	if rep.Err != nil {
		// A capture that lost its Content-Length: the bytes after the headers may be the body
		// the sender signed.
		if fixed, n, ok := withLengthAdded(raw); ok && complete {
			if rep2, _, _, _, err := explainRaw(bytes.NewReader(fixed), false); err == nil && rep2 != nil && rep2.Err == nil {
				fmt.Fprintf(stdout, "with \"Content-Length: %d\" added, it verifies: the %d bytes after the headers are the body the sender signed, and the capture lost its Content-Length\n", n, n)
			}
		}
	}
	if len(warnings) > 0 || rep.Reason == hooksig.ReasonNoMatch.String() {
		// A capture that is not byte for byte what arrived is the commonest "no match".
		fmt.Fprintln(stdout, captureRecipe)
	}
	if rep.Err != nil {
		return exitRejected
	}
	return exitOK
}

// otherPresets names the presets, other than the one asked, that verify the request with the
// same secrets: "did you mean" for a wrong -provider.
func otherPresets(asked string, secrets []string, opts []hooksig.Option, rep *explain.Report, ignoreTime bool, r *http.Request) []string {
	if ignoreTime && rep.Timed {
		at := time.Unix(rep.Timestamp, 0)
		opts = append(opts[:len(opts):len(opts)], hooksig.WithClock(func() time.Time { return at }))
	}
	var names []string
	for _, p := range providers.All() {
		if p.Name == asked {
			continue
		}
		v, err := hooksig.New(p.New(secrets...), opts...)
		if err != nil {
			continue // its key format refuses these secrets, or it needs an option
		}
		if _, err := v.Verify(r, rep.Body); err == nil {
			names = append(names, p.Name)
		}
	}
	return names
}

// inputWarnings finds what in a capture is not what a server would receive: curl -v prefixes,
// HTTP/2 lines, a body with no Content-Length, bytes after the body. Each names its line. The
// body's length is judged only when raw is the whole input (complete).
func inputWarnings(raw []byte, complete bool) []string {
	var ws []string
	// The headers end at the first empty line, its line ending CRLF or a bare LF (as Go's
	// server reads them).
	headEnd, bodyStart := len(raw), len(raw)
	for off := 0; off < len(raw); {
		nl := bytes.IndexByte(raw[off:], '\n')
		if nl < 0 {
			break
		}
		line := bytes.TrimSuffix(raw[off:off+nl], []byte("\r"))
		if len(line) == 0 {
			headEnd, bodyStart = max(off-1, 0), off+nl+1
			break
		}
		off += nl + 1
	}
	lines := strings.Split(string(raw[:headEnd]), "\n")
	var cl, te bool
	declared := int64(-1)
	// Lines of one kind are reported once, with their numbers.
	const (
		curlLine = iota
		h2Line
		pseudoLine
	)
	var kinds [3][]int
	for n, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		switch {
		case strings.HasPrefix(line, "> ") || strings.HasPrefix(line, "< ") || strings.HasPrefix(line, "* ") || line == ">" || line == "<":
			kinds[curlLine] = append(kinds[curlLine], n+1)
		case n == 0 && (strings.HasSuffix(line, " HTTP/2") || strings.HasSuffix(line, " HTTP/2.0") || strings.HasSuffix(line, " HTTP/3")):
			kinds[h2Line] = append(kinds[h2Line], n+1)
		case strings.HasPrefix(line, ":"):
			kinds[pseudoLine] = append(kinds[pseudoLine], n+1)
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok || n == 0 {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "content-length":
			cl = true
			if v, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64); err == nil {
				declared = v
			}
		case "transfer-encoding":
			te = true
		}
	}
	texts := [3]string{
		curlLine:   "curl -v output (\"> \", \"< \" or \"* \" prefixes): a capture holds the request alone, without them",
		h2Line:     "an HTTP/2 or HTTP/3 request line: write it as HTTP/1.1 (the headers and body stay as they are)",
		pseudoLine: "HTTP/2 pseudo-headers (\":method\", \":path\"...): HTTP/1.1 has a request line instead",
	}
	for k, nums := range kinds {
		if len(nums) > 0 {
			ws = append(ws, lineNumbers(nums)+": "+texts[k])
		}
	}
	if !complete {
		return ws
	}
	after := len(raw) - bodyStart
	bodyLine := bytes.Count(raw[:bodyStart], []byte("\n")) + 1
	switch {
	case !cl && !te && after > 0:
		ws = append(ws, fmt.Sprintf("line %d: %d bytes follow the headers, but there is no Content-Length: a server reads an empty body (add \"Content-Length: %d\" if they are the body)", bodyLine, after, after))
	case cl && declared >= 0 && int64(after) > declared:
		extra := int64(after) - declared
		at := bytes.Count(raw[:bodyStart+int(declared)], []byte("\n")) + 1
		hint := ""
		if t := bytes.TrimRight(raw[bodyStart+int(declared):], "\r\n"); len(t) == 0 {
			hint = " (an editor's trailing newline?)"
		}
		ws = append(ws, fmt.Sprintf("line %d: %s after the %d-byte body ignored%s", at, plural(extra, "byte"), declared, hint))
	case cl && declared > int64(after):
		ws = append(ws, fmt.Sprintf("line %d: the body has %d bytes, fewer than its Content-Length (%d)", bodyLine, after, declared))
	}
	return ws
}

// lineNumbers writes sorted line numbers as "line 3" or "lines 1-8, 10".
func lineNumbers(nums []int) string {
	var parts []string
	for i := 0; i < len(nums); {
		j := i
		for j+1 < len(nums) && nums[j+1] == nums[j]+1 {
			j++
		}
		if i == j {
			parts = append(parts, strconv.Itoa(nums[i]))
		} else {
			parts = append(parts, fmt.Sprintf("%d-%d", nums[i], nums[j]))
		}
		i = j + 1
	}
	if len(nums) == 1 {
		return "line " + parts[0]
	}
	return "lines " + strings.Join(parts, ", ")
}

// plural writes n and the noun, with an s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// withLengthAdded returns raw with a Content-Length for the bytes after its headers, when it has
// neither Content-Length nor Transfer-Encoding and some bytes follow the headers.
func withLengthAdded(raw []byte) ([]byte, int, bool) {
	off := 0
	for off < len(raw) {
		nl := bytes.IndexByte(raw[off:], '\n')
		if nl < 0 {
			return nil, 0, false
		}
		line := bytes.TrimSuffix(raw[off:off+nl], []byte("\r"))
		if len(line) == 0 {
			break
		}
		name, _, _ := bytes.Cut(line, []byte(":"))
		switch strings.ToLower(strings.TrimSpace(string(name))) {
		case "content-length", "transfer-encoding":
			return nil, 0, false
		}
		off += nl + 1
	}
	if off >= len(raw) {
		return nil, 0, false
	}
	nl := bytes.IndexByte(raw[off:], '\n')
	body := raw[off+nl+1:]
	if len(body) == 0 {
		return nil, 0, false
	}
	fixed := append(append(append([]byte(nil), raw[:off]...), fmt.Sprintf("Content-Length: %d\r\n", len(body))...), raw[off:]...)
	return fixed, len(body), true
}
