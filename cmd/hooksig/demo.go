package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

const demoSynopsis = "hooksig demo"

const demoDescription = `Demo starts a receiver on a free loopback port with a route for every provider (the real
middleware, replay protection on), sends each one a signed delivery (want 204), a forged one
signed with another key (want 401) and the signed one again (want 200: a duplicate, the
handler does not run), and prints a table. It exits 0 only if every verdict is right. Keys
are made up for the run.`

// A demoRoute is one provider's route and its deliveries.
type demoRoute struct {
	name           string
	signed, forged *http.Request
	signedBody     []byte
	forgedBody     []byte
	handled        atomic.Int32 // the handler's runs, from the server's goroutines
}

// runDemo is "hooksig demo": every provider, end to end, in a few seconds.
func runDemo(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("demo", demoSynopsis, demoDescription, stdout, stderr)
	if code, done := parseFlags(fs, args); done {
		return code
	}
	if fs.NArg() > 0 {
		return usageErrorf(stderr, "demo", demoSynopsis, "demo takes no arguments")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(stderr, "hooksig demo: cannot listen on loopback: %v\n", err)
		return exitRejected
	}
	base := "http://" + ln.Addr().String()
	mux := http.NewServeMux()
	var routes []*demoRoute
	for _, p := range providers.All() {
		rt, h, err := demoProvider(p, base)
		if err != nil {
			fmt.Fprintf(stderr, "hooksig demo: %s: %v\n", p.Name, err)
			return exitRejected
		}
		mux.Handle("/"+p.Name, h)
		routes = append(routes, rt)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Shutdown(context.Background())

	client := &http.Client{Timeout: 10 * time.Second}
	send := func(r *http.Request, body []byte) int {
		r = r.Clone(context.Background())
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		resp, err := client.Do(r)
		if err != nil {
			return 0
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "provider\tcase\twant\tgot\tverdict")
	passed, failed := 0, 0
	row := func(name, what string, want, got int) {
		verdict := "ok"
		if got != want {
			verdict = "FAIL"
			failed++
		} else {
			passed++
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", name, what, want, got, verdict)
	}
	for _, rt := range routes {
		row(rt.name, "signed", http.StatusNoContent, send(rt.signed, rt.signedBody))
		row(rt.name, "forged", http.StatusUnauthorized, send(rt.forged, rt.forgedBody))
		before := rt.handled.Load()
		got := send(rt.signed, rt.signedBody)
		if rt.handled.Load() != before {
			got = -1 // the handler ran again: never right
		}
		row(rt.name, "replayed", http.StatusOK, got)
	}
	_ = tw.Flush()
	fmt.Fprintf(stdout, "demo: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		return exitRejected
	}
	return exitOK
}

// demoProvider builds one provider's route (replay protection on; the public URL is the
// receiver's, for the schemes that sign it) and its signed and forged deliveries.
func demoProvider(p providers.Preset, base string) (*demoRoute, http.Handler, error) {
	verifyKey, signKey, otherSignKey, err := demoKeys(p)
	if err != nil {
		return nil, nil, err
	}
	v, err := hooksig.New(p.New(verifyKey), hooksig.WithPublicURL(base), hooksig.WithDedupe())
	if err != nil {
		return nil, nil, err
	}
	rt := &demoRoute{name: p.Name}
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		rt.handled.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}))
	now := time.Now()
	body, contentType := demoBody(p.Name, now)
	msg := hooksig.Message{ID: "msg_demo_" + p.Name, Timestamp: now, Body: body,
		Header: http.Header{"Content-Type": {contentType}}}
	target := base + "/" + p.Name
	for _, d := range []struct {
		key  string
		req  **http.Request
		body *[]byte
	}{{signKey, &rt.signed, &rt.signedBody}, {otherSignKey, &rt.forged, &rt.forgedBody}} {
		s, err := hooksig.NewSigner(p.New(d.key))
		if err != nil {
			return nil, nil, err
		}
		r, err := s.Request(target, msg)
		if err != nil {
			return nil, nil, err
		}
		if *d.body, err = io.ReadAll(r.Body); err != nil {
			return nil, nil, err
		}
		*d.req = r
	}
	return rt, h, nil
}

// demoBody is a delivery of the shape each sender sends.
func demoBody(name string, now time.Time) ([]byte, string) {
	switch name {
	case "linear": // its timestamp travels inside the signed body
		return fmt.Appendf(nil, `{"action":"create","data":{"id":"demo"},"webhookTimestamp":%d}`, now.UnixMilli()), "application/json"
	case "twilio", "twiliosha256", "mandrill":
		return []byte("CallSid=CA1&From=%2B15550100&Digits=1"), "application/x-www-form-urlencoded"
	case "adyen":
		return []byte(`{"live":"false","notificationItems":[{"NotificationRequestItem":{"amount":{"currency":"EUR","value":1000},"eventCode":"AUTHORISATION","merchantAccountCode":"Demo","merchantReference":"order-1","pspReference":"P1","success":"true"}}]}`), "application/json"
	case "msgraph":
		return []byte(`{"value":[{"subscriptionId":"s1","changeType":"created","resource":"users/u/messages/m"}]}`), "application/json"
	}
	return []byte(`{"type":"demo.ping","data":{"hello":"world"}}`), "application/json"
}

// demoKeys makes up a key of the preset's format: what the route holds, what the sender signs
// with, and another sender key for the forged delivery.
func demoKeys(p providers.Preset) (verify, sign, other string, err error) {
	random := func(n int) []byte {
		b := make([]byte, n)
		_, _ = rand.Read(b)
		return b
	}
	switch p.New("x").Scheme.Key.String() {
	case hooksig.Ed25519PublicHex.String(), hooksig.Ed25519PublicBase64.String():
		enc := hex.EncodeToString
		if p.New("x").Scheme.Key.String() == hooksig.Ed25519PublicBase64.String() {
			enc = base64.StdEncoding.EncodeToString
		}
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", "", "", err
		}
		_, otherPriv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return "", "", "", err
		}
		return enc(pub), enc(priv.Seed()), enc(otherPriv.Seed()), nil
	case hooksig.ECDSAPublicDERBase64.String():
		pair := func() (string, string, error) {
			k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
			if err != nil {
				return "", "", err
			}
			pub, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
			priv, err := x509.MarshalPKCS8PrivateKey(k)
			return base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(priv), err
		}
		pub, priv, err := pair()
		if err != nil {
			return "", "", "", err
		}
		_, otherPriv, err := pair()
		return pub, priv, otherPriv, err
	case hooksig.HexKey.String():
		k, o := hex.EncodeToString(random(32)), hex.EncodeToString(random(32))
		return k, k, o, nil
	case hooksig.StandardWebhooksKey.String():
		k, o := "whsec_"+base64.StdEncoding.EncodeToString(random(32)), "whsec_"+base64.StdEncoding.EncodeToString(random(32))
		return k, k, o, nil
	}
	prefix := "demo_"
	if strings.Contains(p.New("x").Scheme.Key.String(), "whsec_") { // Polar's own format
		prefix = "whsec_"
	}
	k, o := prefix+hex.EncodeToString(random(24)), prefix+hex.EncodeToString(random(24))
	return k, k, o, nil
}
