package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/hooksig/hooksig"
)

const sendSynopsis = "hooksig send -provider NAME -secret S -url URL [-H 'Name: value' ...] [-id ID] [-replay N] [FILE]"

const sendDescription = `Send signs the body in FILE (or standard input when FILE is absent or "-") as the named
provider would and POSTs it to URL, then prints the status line and the response body (at
most 64 KiB). -replay N sends the same signed delivery N more times, as a replaying attacker
or a retrying sender would. -H adds a header (repeatable).

It exits 0 when every answer was 2xx, 1 otherwise (or when the request could not be sent),
2 on a usage error.`

// runSend is "hooksig send": sign and deliver, for trying a receiver.
func runSend(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("send", sendSynopsis, sendDescription, stdout, stderr)
	pf := addPresetFlags(fs, "a signing key `S` (the private key for asymmetric schemes)")
	var headers stringsFlag
	target := fs.String("url", "", "the `URL` to POST to")
	fs.Var(&headers, "H", "a header to add, as `'Name: value'` (repeatable)")
	id := fs.String("id", "", "the delivery `ID` (default: a new msg_ and the time in base 36)")
	replay := fs.Int("replay", 0, "send the same signed delivery `N` more times")
	timeout := fs.Duration("timeout", 10*time.Second, "give up on each request after `DURATION`")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	fail := func(format string, a ...any) int {
		return usageErrorf(stderr, "send", sendSynopsis, format, a...)
	}
	switch {
	case fs.NArg() > 1:
		return fail("one FILE at most, got %d arguments", fs.NArg())
	case *target == "" || !(strings.HasPrefix(*target, "http://") || strings.HasPrefix(*target, "https://")):
		return fail("-url must be an http:// or https:// URL")
	case *replay < 0 || *replay > 1000:
		return fail("-replay must be between 0 and 1000")
	}
	preset, err := pf.preset()
	if err != nil {
		return fail("%v", err)
	}
	extra := http.Header{}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		if !ok || strings.TrimSpace(name) == "" {
			return fail("-H takes 'Name: value'")
		}
		extra.Add(strings.TrimSpace(name), strings.TrimSpace(value))
	}
	if *id == "" {
		*id = newID()
	}
	signer, body, err := signerAndBody(preset, pf.secrets, fs.Arg(0), stdin)
	if err != nil {
		return fail("%v", err)
	}
	if extra.Get("Content-Type") == "" {
		if mt := mediaTypeOf(body); mt != "" {
			extra.Set("Content-Type", mt)
		} else {
			extra.Set("Content-Type", "application/json")
		}
	}
	req, err := signer.Request(*target, hooksig.Message{ID: *id, Body: body, Header: extra})
	if err != nil {
		return fail("%v", err)
	}
	for name, vs := range extra {
		if req.Header.Get(name) == "" {
			req.Header[name] = vs
		}
	}
	signedBody, _ := io.ReadAll(req.Body)

	client := &http.Client{Timeout: *timeout}
	code := exitOK
	for i := range 1 + *replay {
		if *replay > 0 {
			label := "original"
			if i > 0 {
				label = fmt.Sprintf("replay %d", i)
			}
			fmt.Fprintf(stdout, "-- %s\n", label)
		}
		r := req.Clone(context.Background())
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(signedBody)), int64(len(signedBody))
		resp, err := client.Do(r)
		if err != nil {
			fmt.Fprintf(stderr, "hooksig send: the request failed: %v\n", err)
			return exitRejected
		}
		answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		fmt.Fprintf(stdout, "%s %s\n", resp.Proto, resp.Status)
		if len(answer) > 0 {
			fmt.Fprintf(stdout, "%s\n", bytes.TrimRight(answer, "\n"))
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			code = exitRejected
		}
	}
	return code
}
