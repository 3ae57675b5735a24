package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/hooksig/hooksig"
)

const listenSynopsis = "hooksig listen -provider NAME -secret S [-secret S2 ...] [-provider NAME2 -secret S3 ...] [-addr 127.0.0.1:8080] [-path /webhook] [-public-url URL] [-dump DIR]"

const listenDescription = `Listen runs a local receiver with the real middleware on one route and prints each
request: the time, the provider, the delivery id (quoted and cut to 64 characters: it is
unverified until the verdict says ok), the verdict and status with its reason code, and for a
verified delivery its body (indented when it is JSON). Replay protection is on, in memory.
-dump DIR also writes each request as a raw HTTP file that "hooksig verify" and
"hooksig explain" read. Ctrl-C stops it.

Several providers can share the route: repeat -provider, each followed by its own -secret
(or -secret-file) flags; a request is checked against the providers whose fields it carries.`

// runListen is "hooksig listen".
func runListen(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("listen", listenSynopsis, listenDescription, stdout, stderr)
	pf := addPresetFlags(fs, "a key `S` exactly as the provider shows it (for asymmetric schemes, the public key); repeat it for a rotation")
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `ADDRESS`")
	path := fs.String("path", "/webhook", "the route's `PATH`")
	publicURL := fs.String("public-url", "", "the `URL` senders use, scheme://host[:port], for URL-signed schemes (default: http://ADDRESS)")
	dump := fs.String("dump", "", "write each request to `DIR` as a raw HTTP file")
	if code, done := parseFlags(fs, args); done {
		return code
	}
	fail := func(format string, a ...any) int {
		return usageErrorf(stderr, "listen", listenSynopsis, format, a...)
	}
	if fs.NArg() > 0 {
		return fail("listen takes no arguments")
	}
	presets, secrets, err := pf.presets()
	if err != nil {
		return fail("%v", err)
	}
	if len(*path) == 0 || (*path)[0] != '/' {
		return fail("-path must start with /")
	}
	if *dump != "" {
		if st, err := os.Stat(*dump); err != nil || !st.IsDir() {
			return fail("-dump must name an existing directory")
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "hooksig listen: %v\n", err)
		return exitRejected
	}
	if *publicURL == "" {
		*publicURL = "http://" + ln.Addr().String()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	l := &listener{out: stdout, dump: *dump, now: time.Now}
	ps := make([]hooksig.Provider, len(presets))
	names := make([]string, len(presets))
	for i, preset := range presets {
		ps[i], names[i] = preset.New(secrets[i]...), preset.Name
	}
	h, err := l.handler(ps, *path, *publicURL)
	if err != nil {
		ln.Close()
		return fail("%v", err)
	}
	fmt.Fprintf(stdout, "listening on %s%s for %s (Ctrl-C stops)\n", *publicURL, *path, strings.Join(names, ", "))
	if err := serveUntil(ctx, ln, h); err != nil {
		fmt.Fprintf(stderr, "hooksig listen: %v\n", err)
		return exitRejected
	}
	return exitOK
}

// listener prints what the route decides, one request at a time.
type listener struct {
	mu   sync.Mutex
	out  io.Writer
	dump string
	now  func() time.Time
	seq  atomic.Int64
}

// handler builds the route: the middleware, an observer that prints rejections, and a next
// that prints verified deliveries.
func (l *listener) handler(ps []hooksig.Provider, path, publicURL string) (http.Handler, error) {
	v, err := hooksig.NewAny(ps, hooksig.WithPublicURL(publicURL), hooksig.WithDedupe(),
		hooksig.WithObserver(func(r *http.Request, o hooksig.Outcome) {
			if o.Err != nil && !o.Handled {
				l.print(o.Provider, o.DeliveryID, fmt.Sprintf("rejected (%d, %s): %v", hooksig.Status(o.Err), o.Reason, o.Err), nil)
			}
		}))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	// Anything else is said, so a sender pointed at the wrong path is seen (the path is the
	// sender's text: quoted and cut).
	notFound := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if len(p) > 64 {
			p = p[:64] + "…"
		}
		l.print("-", "", fmt.Sprintf("not found (404): %s is not the route (-path %s)", strconv.Quote(p), path), nil)
		http.NotFound(w, r)
	})
	if path != "/" {
		mux.Handle("/", notFound)
	}
	route := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		body, _ := io.ReadAll(r.Body)
		l.print(d.Provider, d.ID, "ok (204)", body)
		w.WriteHeader(http.StatusNoContent)
	})
	mux.Handle(path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if l.dump != "" {
			r = l.save(r)
		}
		route.ServeHTTP(w, r)
	}))
	return mux, nil
}

// print writes one request's line, and a verified body.
func (l *listener) print(provider, id, verdict string, body []byte) {
	if len(id) > 64 {
		id = id[:64] + "…"
	}
	if provider == "" {
		provider = "-" // a request carrying none of the route's providers' fields
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.out, "%s %s id=%s %s\n", l.now().UTC().Format(time.RFC3339), provider, strconv.Quote(id), verdict)
	if body == nil {
		return
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, body, "  ", "  ") == nil {
		fmt.Fprintf(l.out, "  %s\n", pretty.Bytes())
	} else {
		fmt.Fprintf(l.out, "  (%d bytes, not JSON)\n", len(body))
	}
}

// save writes r as a raw HTTP/1.1 file in the dump directory and returns a request whose body
// reads the same bytes again.
func (l *listener) save(r *http.Request) *http.Request {
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return r
	}
	var raw bytes.Buffer
	fmt.Fprintf(&raw, "%s %s HTTP/1.1\r\nHost: %s\r\n", r.Method, r.RequestURI, r.Host)
	// The headers in a fixed order (the server keeps them in a map), without the framing: the
	// body is written once, with its one Content-Length (a chunked body arrives de-chunked).
	names := slices.Sorted(maps.Keys(r.Header))
	for _, name := range names {
		if name == "Content-Length" || name == "Transfer-Encoding" {
			continue
		}
		for _, v := range r.Header[name] {
			fmt.Fprintf(&raw, "%s: %s\r\n", name, v)
		}
	}
	if len(body) > 0 || r.Header.Get("Content-Length") != "" {
		fmt.Fprintf(&raw, "Content-Length: %d\r\n", len(body))
	}
	raw.WriteString("\r\n")
	raw.Write(body)
	name := filepath.Join(l.dump, fmt.Sprintf("request-%06d.http", l.seq.Add(1)))
	_ = os.WriteFile(name, raw.Bytes(), 0o600)
	r2 := r.Clone(r.Context())
	r2.Body, r2.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	return r2
}

// serveUntil serves h on ln until ctx ends, then shuts down, letting requests in flight finish.
func serveUntil(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
