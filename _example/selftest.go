package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/hooksig/hooksig"
)

// demoBody is the delivery the printed curl commands send; forge changes its bytes.
const demoBody = `{"type":"demo.ping","data":{"hello":"world"}}`

// forge returns body with other bytes of the same length: what an attacker who changed a
// signed delivery on the way would send under the same signature headers.
func forge(body string) string { return strings.Replace(body, "ping", "pong", 1) }

// printCurl prints, for each provider, a curl command carrying a freshly signed delivery to
// url (200) and a forged one: the same headers over a changed body (401).
func printCurl(w io.Writer, url string, ps []hooksig.Provider) error {
	fmt.Fprintln(w, "\nTry it (signed now: Stripe's, Slack's and Standard Webhooks' timestamps are accepted for 5 minutes).")
	fmt.Fprintln(w, "Sending a signed command twice answers 200 \"OK\" without reaching the handler: it is a duplicate.")
	for i, p := range ps {
		s, err := hooksig.NewSigner(p)
		if err != nil {
			return err
		}
		signed, err := s.Sign(hooksig.Message{ID: fmt.Sprintf("msg_demo_%d", i+1), Body: []byte(demoBody)})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n# %s, signed (200):\n%s\n", p.Scheme.Name, curlCommand(url, signed.Header, string(signed.Body)))
		fmt.Fprintf(w, "# %s, forged body (401):\n%s\n", p.Scheme.Name, curlCommand(url, signed.Header, forge(string(signed.Body))))
	}
	fmt.Fprintln(w)
	return nil
}

func curlCommand(url string, h http.Header, body string) string {
	var b strings.Builder
	b.WriteString("curl -i -X POST " + shellQuote(url))
	b.WriteString(" \\\n  -H 'Content-Type: application/json'")
	for _, name := range slices.Sorted(maps.Keys(h)) {
		for _, value := range h[name] {
			b.WriteString(" \\\n  -H " + shellQuote(name+": "+value))
		}
	}
	b.WriteString(" \\\n  --data-raw " + shellQuote(body))
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// A router is one of the twins that serve the webhook route.
type router struct {
	name string
	h    http.Handler
}

// A check is one request of the selftest and the status it must get.
type check struct {
	router, provider, name string
	forged                 bool
	want, got              int
	handled                bool // the handler answered (not the middleware)
}

// selftest serves each router on a free loopback port and sends it, for each of senders, a
// signed delivery and a forged one (a signed delivery whose body was changed). It prints a
// table of the verdicts to w and returns an error unless every signed delivery was handled
// (200) and every forged one refused (401). Senders signing with secrets the route does not
// hold make it fail.
func selftest(ctx context.Context, w io.Writer, logger *slog.Logger, routers []router, senders []hooksig.Provider) error {
	var checks []check
	for _, rt := range routers {
		sctx, stop := context.WithCancel(ctx)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			stop()
			return err
		}
		done := make(chan error, 1)
		go func() { done <- serve(sctx, ln, rt.h, logger) }()
		cs, err := send(ctx, "http://"+ln.Addr().String()+"/webhooks", rt.name, senders, len(checks))
		stop()
		if serr := <-done; err == nil {
			err = serr
		}
		if err != nil {
			return err
		}
		checks = append(checks, cs...)
	}
	return report(w, checks)
}

// send sends each sender's signed and forged delivery to url. Each body is new (n counts the
// checks made so far), so no delivery is a duplicate of an earlier one.
func send(ctx context.Context, url, routerName string, senders []hooksig.Provider, n int) ([]check, error) {
	client := &http.Client{Timeout: 10 * time.Second}
	var checks []check
	for _, p := range senders {
		signer, err := hooksig.NewSigner(p)
		if err != nil {
			return nil, fmt.Errorf("sender: %w", err)
		}
		for _, forged := range []bool{false, true} {
			c := check{router: routerName, provider: p.Scheme.Name, name: "signed", want: http.StatusOK}
			if forged {
				c.name, c.forged, c.want = "forged", true, http.StatusUnauthorized
			}
			n++
			body := fmt.Sprintf(`{"type":"demo.ping","check":%d}`, n)
			req, err := signer.Request(url, hooksig.Message{ID: fmt.Sprintf("msg_selftest_%d", n), Body: []byte(body)})
			if err != nil {
				return nil, err
			}
			if forged { // same length, other bytes, same signature headers
				req.Body = io.NopCloser(strings.NewReader(forge(body)))
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req.WithContext(ctx))
			if err != nil {
				return nil, fmt.Errorf("%s %s %s: %w", c.router, c.provider, c.name, err)
			}
			answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
			resp.Body.Close()
			if err != nil {
				return nil, fmt.Errorf("%s %s %s: %w", c.router, c.provider, c.name, err)
			}
			c.got, c.handled = resp.StatusCode, string(answer) == "handled "+p.Scheme.Name+"\n"
			checks = append(checks, c)
		}
	}
	return checks, nil
}

// report prints the verdicts and returns an error naming the wrong ones.
func report(w io.Writer, checks []check) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "router\tprovider\tcase\twant\tgot\tverdict")
	var failed []string
	for _, c := range checks {
		verdict := "ok"
		switch {
		case c.got != c.want:
			verdict = "FAIL"
			failed = append(failed, fmt.Sprintf("%s %s %s: want %d, got %d", c.router, c.provider, c.name, c.want, c.got))
		case c.handled == c.forged:
			verdict = "FAIL"
			failed = append(failed, fmt.Sprintf("%s %s %s: the handler ran: %v", c.router, c.provider, c.name, c.handled))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", c.router, c.provider, c.name, c.want, c.got, verdict)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "selftest: %d passed, %d failed\n", len(checks)-len(failed), len(failed))
	if len(failed) > 0 {
		return errors.New(strings.Join(failed, "; "))
	}
	return nil
}
