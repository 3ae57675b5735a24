// Command example serves one Standard Webhooks route twice behind hooksig — once in a chi
// router, once in an http.ServeMux with a Go 1.22 method pattern — on the loopback interface.
//
//	go run . -selftest   # start on a free port, send a signed and a forged delivery to each route, exit
//	go run .             # keep serving on 127.0.0.1:8080 and print curl commands to try
//
// The signing secret comes from the WEBHOOK_SECRET environment variable ("whsec_" + base64).
// Without it the server uses [demoSecret], the test secret published with the Standard
// Webhooks specification, and says so loudly: never use it for real deliveries.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/hooksig/hooksig/redisreplay"
	"github.com/redis/go-redis/v9"

	"github.com/go-chi/chi/v5"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// demoSecret is the test secret of the Standard Webhooks specification (24 bytes, base64). It
// is public: anyone can sign deliveries with it.
const demoSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// The two mounts of the same route.
const (
	chiRoute = "/chi/webhooks"
	muxRoute = "/mux/webhooks"
)

// shutdownTimeout bounds how long in-flight requests may take after SIGINT or SIGTERM.
const shutdownTimeout = 10 * time.Second

// demoBody is the delivery the printed curl commands and the selftest send.
const demoBody = `{"type":"demo.ping","data":{"hello":"world"}}`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run is the whole program: it returns the exit code (0 ok, 1 failure, 2 bad flags).
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	fs := flag.NewFlagSet("example", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (ignored with -selftest, which picks a free loopback port)")
	self := fs.Bool("selftest", false, "start on a free loopback port, send a signed and a forged delivery to each route, print the verdicts and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "example: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	secret := getenv("WEBHOOK_SECRET")
	demo := secret == ""
	if demo {
		secret = demoSecret
		logger.Warn("!!! USING THE PUBLIC DEMO SECRET: anyone can sign deliveries for it; set WEBHOOK_SECRET for anything real !!!")
	}

	// With REDIS_ADDR set, the replay record is shared through Redis, as several instances of
	// a service need; otherwise each process keeps its own in memory.
	var opts []hooksig.Option
	if redisAddr := getenv("REDIS_ADDR"); redisAddr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: redisAddr})
		defer rdb.Close()
		store, err := redisreplay.New(rdb, redisreplay.WithPrefix("hooksig-example:replay:"))
		if err != nil {
			logger.Error("redis store", "error", err)
			return 1
		}
		opts = append(opts, hooksig.WithReplayStore(store))
		logger.Info("replay record in Redis", "addr", redisAddr)
	}

	if *self {
		if err := selftest(ctx, stdout, logger, secret, secret, opts...); err != nil {
			logger.Error("selftest failed", "error", err)
			return 1
		}
		return 0
	}
	if err := serve(ctx, *addr, stdout, logger, secret, demo, opts...); err != nil {
		logger.Error("server failed", "error", err)
		return 1
	}
	return 0
}

// newHandler builds the routes: the ServeMux serves /mux/webhooks itself and hands /chi/ to a
// chi router. One Verifier guards both; it is safe for concurrent use, and its replay store
// is shared, so a delivery id handled on one route is a duplicate on the other.
func newHandler(secret string, logger *slog.Logger, opts ...hooksig.Option) (http.Handler, error) {
	v, err := hooksig.New(providers.StandardWebhooks(secret), append([]hooksig.Option{hooksig.WithObserver(observe(logger))}, opts...)...)
	if err != nil {
		return nil, err // an empty or malformed secret fails here, not at request time
	}

	r := chi.NewRouter()
	r.Route("/chi", func(r chi.Router) {
		r.With(v.Handler).Post("/webhooks", handleWebhook(logger, chiRoute))
	})

	mux := http.NewServeMux()
	mux.Handle("POST "+muxRoute, v.Handler(handleWebhook(logger, muxRoute)))
	mux.Handle("/chi/", r)
	return mux, nil
}

// handleWebhook is the application's handler: it runs only for verified deliveries.
func handleWebhook(logger *slog.Logger, route string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, ok := hooksig.DeliveryFrom(r.Context())
		if !ok { // only possible if the route were mounted without the middleware
			http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
			return
		}
		// r.Body holds the verified bytes: decode it here as usual.
		logger.Info("delivery handled", "route", route, "id", d.ID, "bytes", r.ContentLength)
		fmt.Fprintf(w, "handled %s\n", d.ID)
	}
}

// observe logs every decision the middleware makes: provider, delivery id and error, never
// the body. The id of a rejected request is unverified: it is whatever the client sent.
func observe(logger *slog.Logger) func(*http.Request, hooksig.Outcome) {
	return func(r *http.Request, o hooksig.Outcome) {
		switch {
		case o.Err == nil:
			logger.Info("webhook verified", "path", r.URL.Path, "provider", o.Provider, "id", o.DeliveryID)
		case o.Handled: // completing or releasing the replay claim failed after next ran
			logger.Error("webhook replay claim not settled", "path", r.URL.Path, "provider", o.Provider, "id", o.DeliveryID, "error", o.Err)
		default:
			logger.Warn("webhook rejected", "path", r.URL.Path, "provider", o.Provider, "id", o.DeliveryID,
				"status", hooksig.Status(o.Err), "error", o.Err)
		}
	}
}

// newServer returns an http.Server for h with timeouts suited to webhook deliveries.
func newServer(h http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serve listens on addr until ctx is done (SIGINT, SIGTERM), then shuts down gracefully.
func serve(ctx context.Context, addr string, stdout io.Writer, logger *slog.Logger, secret string, demo bool, opts ...hooksig.Option) error {
	h, err := newHandler(secret, logger, opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := newServer(h, logger)
	base := "http://" + ln.Addr().String()
	logger.Info("listening", "chi", base+chiRoute, "mux", base+muxRoute)
	if demo {
		if err := printCurl(stdout, base, secret); err != nil {
			ln.Close()
			return err
		}
	} else {
		logger.Info("ready-to-paste curl commands are printed only for the demo secret")
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}

// printCurl prints, for each route, a curl command carrying a freshly signed delivery (200)
// and a forged one — the same headers over a changed body (401).
func printCurl(w io.Writer, base, secret string) error {
	s, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	if err != nil {
		return err
	}
	forged := strings.Replace(demoBody, "world", "w0rld", 1)
	fmt.Fprintln(w, "\nTry it (signed now; the timestamp is accepted for 5 minutes, restart for fresh ones).")
	fmt.Fprintln(w, "Sending a signed command twice answers 200 \"OK\" without reaching the handler: the id is a duplicate.")
	for i, route := range []string{chiRoute, muxRoute} {
		h, err := s.Sign(hooksig.Message{ID: fmt.Sprintf("msg_demo_%d", i+1), Body: []byte(demoBody)})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n# %s, signed (200):\n%s\n", route, curlCommand(base+route, h.Header, demoBody))
		fmt.Fprintf(w, "# %s, forged body (401):\n%s\n", route, curlCommand(base+route, h.Header, forged))
	}
	fmt.Fprintln(w)
	return nil
}

func curlCommand(url string, h http.Header, body string) string {
	var b strings.Builder
	b.WriteString("curl -i -X POST " + shellQuote(url))
	b.WriteString(" \\\n  -H 'Content-Type: application/json'")
	for _, name := range []string{providers.HeaderWebhookID, providers.HeaderWebhookTimestamp, providers.HeaderWebhookSignature} {
		b.WriteString(" \\\n  -H " + shellQuote(name+": "+h.Get(name)))
	}
	b.WriteString(" \\\n  --data-raw " + shellQuote(body))
	return b.String()
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// A check is one request of the selftest and the status it must get.
type check struct {
	route, name string
	forged      bool
	want, got   int
	handled     bool // the handler answered (not the middleware)
}

// selftest serves the routes, verifying with secret, on a free loopback port; sends each
// route a delivery signed with senderSecret and a forged one (a signed delivery whose body was
// changed); prints a table of the verdicts to w and returns an error unless every status is
// the one wanted. With senderSecret == secret, that is 200 for signed and 401 for forged.
func selftest(ctx context.Context, w io.Writer, logger *slog.Logger, secret, senderSecret string, opts ...hooksig.Option) error {
	h, err := newHandler(secret, logger, opts...)
	if err != nil {
		return err
	}
	signer, err := hooksig.NewSigner(providers.StandardWebhooks(senderSecret))
	if err != nil {
		return fmt.Errorf("sender: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := newServer(h, logger)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		_ = srv.Shutdown(sctx)
		<-errc
	}()

	base := "http://" + ln.Addr().String()
	client := &http.Client{Timeout: 10 * time.Second}
	checks := []check{
		{route: chiRoute, name: "signed", want: http.StatusOK},
		{route: chiRoute, name: "forged", forged: true, want: http.StatusUnauthorized},
		{route: muxRoute, name: "signed", want: http.StatusOK},
		{route: muxRoute, name: "forged", forged: true, want: http.StatusUnauthorized},
	}
	for i := range checks {
		c := &checks[i]
		m := hooksig.Message{ID: fmt.Sprintf("msg_selftest_%d", i+1), Body: []byte(demoBody)}
		req, err := signer.Request(base+c.route, m)
		if err != nil {
			return err
		}
		if c.forged { // same length, other bytes, same signature headers
			forged := strings.Replace(demoBody, "world", "w0rld", 1)
			req.Body = io.NopCloser(strings.NewReader(forged))
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req.WithContext(ctx))
		if err != nil {
			return fmt.Errorf("%s %s: %w", c.route, c.name, err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: %w", c.route, c.name, err)
		}
		c.got = resp.StatusCode
		c.handled = string(body) == "handled "+m.ID+"\n"
	}
	return report(w, checks)
}

// report prints the verdicts and returns an error naming the wrong ones.
func report(w io.Writer, checks []check) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "route\tcase\twant\tgot\tverdict")
	var failed []string
	for _, c := range checks {
		verdict := "ok"
		switch {
		case c.got != c.want:
			verdict = "FAIL"
			failed = append(failed, fmt.Sprintf("%s %s: want %d, got %d", c.route, c.name, c.want, c.got))
		case c.handled != !c.forged:
			verdict = "FAIL"
			failed = append(failed, fmt.Sprintf("%s %s: the handler ran: %v", c.route, c.name, c.handled))
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", c.route, c.name, c.want, c.got, verdict)
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
