package main

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/hooksig/hooksig"
)

const signSynopsis = "hooksig sign -provider NAME -secret S [-secret S2 ...] [-id ID] [-now UNIX_SECONDS] [-url URL] [FILE]"

const signDescription = `Sign prints what a sender would add to the body in FILE (or standard input when FILE
is absent or "-") for the named provider: the headers, one "Name: value" a line, sorted.
When the scheme carries its fields in the body (Mailgun, Adyen, Microsoft Graph) the body
changes too: a blank line and the body as it would be sent follow the headers. Several
-secret sign with each (a rotation); for asymmetric schemes -secret is the private key.

The output holds signatures, because signing is what was asked for; it never holds the
secret. Usage errors, an unknown provider, an unusable key or an unreadable FILE exit 2.`

// runSign is "hooksig sign": a sender's signature for a body, for tests and for curl.
func runSign(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("sign", signSynopsis, signDescription, stdout, stderr)
	pf := addPresetFlags(fs, "a signing key `S` (the private key for asymmetric schemes); repeat it to sign with several")
	id := fs.String("id", "", "the delivery `ID` (default: a new msg_ and the time in base 36, for schemes that sign one)")
	now := fs.String("now", "", "the timestamp in `UNIX_SECONDS` (default: the current time)")
	target := fs.String("url", "", "the `URL` the delivery is sent to, for schemes that sign it")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	fail := func(format string, a ...any) int {
		return usageErrorf(stderr, "sign", signSynopsis, format, a...)
	}
	if fs.NArg() > 1 {
		return fail("one FILE at most, got %d arguments", fs.NArg())
	}
	preset, err := pf.preset()
	if err != nil {
		return fail("%v", err)
	}
	at := time.Now()
	if *now != "" {
		sec, err := strconv.ParseInt(*now, 10, 64)
		if err != nil {
			return fail("-now must be an integer number of Unix seconds")
		}
		at = time.Unix(sec, 0)
	}
	if *id == "" {
		*id = newID()
	}
	signer, body, err := signerAndBody(preset, pf.secrets, fs.Arg(0), stdin)
	if err != nil {
		return fail("%v", err)
	}
	hdr := http.Header{}
	if mediaTypeOf(body) != "" {
		hdr.Set("Content-Type", mediaTypeOf(body))
	}
	signed, err := signer.Sign(hooksig.Message{ID: *id, Timestamp: at, Body: body, URL: *target, Header: hdr})
	if err != nil {
		return fail("%v", err)
	}
	names := make([]string, 0, len(signed.Header))
	for name := range signed.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, v := range signed.Header[name] {
			fmt.Fprintf(stdout, "%s: %s\n", name, v)
		}
	}
	if string(signed.Body) != string(body) {
		fmt.Fprintf(stdout, "\n%s", signed.Body)
	}
	return exitOK
}

// mediaTypeOf guesses the media type a sender gives body: form parameters for the schemes
// that sign them (Twilio, Mandrill) when the body looks like a form, else none.
func mediaTypeOf(body []byte) string {
	if len(body) > 0 && body[0] != '{' && body[0] != '[' && isForm(body) {
		return "application/x-www-form-urlencoded"
	}
	return ""
}

// isForm: name=value pairs joined by '&', nothing a form encoder would have escaped.
func isForm(body []byte) bool {
	eq := false
	for _, c := range body {
		if c <= ' ' || c == '"' || c == '{' {
			return false
		}
		eq = eq || c == '='
	}
	return eq
}
