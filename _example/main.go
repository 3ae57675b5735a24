// Command example receives webhooks from several senders on one route: a chi router whose
// /webhooks group verifies Standard Webhooks, GitHub, Stripe and Slack deliveries with one
// hooksig Verifier, logs its decisions with slog, counts them for Prometheus on /metrics, and
// shuts down gracefully on SIGINT or SIGTERM. newMux is the same route in an http.ServeMux.
//
//	go run . -selftest   # start on a free port, send each sender a signed and a forged delivery, exit
//	go run .             # keep serving on 127.0.0.1:8080 and print curl commands to try
//
// Each sender's secret comes from its environment variable (see [senders]); the route serves
// the senders that have one. With none set, it serves all four with public demo secrets, says
// so loudly and prints ready-to-paste curl commands: never use those secrets for real
// deliveries. With REDIS_ADDR set, the replay record lives in Redis, shared by every instance.
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
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
	"github.com/hooksig/hooksig/redisreplay"
)

// A sender is a provider the route can serve: the environment variable that holds its secret,
// its preset, and a public demo secret for trying the example.
type sender struct {
	env    string
	preset func(secrets ...string) hooksig.Provider
	demo   string
}

// senders are the providers the example knows.
var senders = []sender{
	{"WEBHOOK_SECRET", providers.StandardWebhooks, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, // the specification's test secret
	{"GITHUB_WEBHOOK_SECRET", providers.GitHub, "demo-github-webhook-secret"},
	{"STRIPE_WEBHOOK_SECRET", providers.Stripe, "whsec_demo_stripe_endpoint_secret"},
	{"SLACK_SIGNING_SECRET", providers.Slack, "demo-slack-signing-secret"},
}

// shutdownTimeout bounds how long in-flight deliveries may take after SIGINT or SIGTERM.
const shutdownTimeout = 10 * time.Second

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
	self := fs.Bool("selftest", false, "send each sender a signed and a forged delivery on both routers over loopback, print the verdicts and exit")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "example: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		fs.Usage()
		return 2
	}

	logger := slog.New(slog.NewTextHandler(stderr, nil))
	ps, demo := configure(getenv)
	if demo {
		logger.Warn("!!! NO SECRET SET: USING THE PUBLIC DEMO SECRETS: anyone can sign deliveries for them; set " + envNames() + " for anything real !!!")
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

	m := newMetrics()
	v, err := newVerifier(ps, logger, m, opts...)
	if err != nil {
		logger.Error("webhook verifier", "error", err) // an empty or malformed secret fails here, not at request time
		return 1
	}
	handle := handleDelivery(logger)

	if *self {
		routers := []router{{"chi", newRouter(v, handle, m)}, {"mux", newMux(v, handle, m)}}
		if err := selftest(ctx, stdout, logger, routers, ps); err != nil {
			logger.Error("selftest failed", "error", err)
			return 1
		}
		return 0
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		logger.Error("listen", "error", err)
		return 1
	}
	base := "http://" + ln.Addr().String()
	logger.Info("listening", "webhooks", base+"/webhooks", "metrics", base+"/metrics")
	if demo {
		if err := printCurl(stdout, base+"/webhooks", ps); err != nil {
			ln.Close()
			logger.Error("curl commands", "error", err)
			return 1
		}
	}
	if err := serve(ctx, ln, newRouter(v, handle, m), logger); err != nil {
		logger.Error("server failed", "error", err)
		return 1
	}
	return 0
}

// configure returns the providers to serve: those whose secret is set or, when none is, every
// sender with its demo secret (demo is then true). Real and demo secrets never mix.
func configure(getenv func(string) string) (ps []hooksig.Provider, demo bool) {
	for _, s := range senders {
		if secret := getenv(s.env); secret != "" {
			ps = append(ps, s.preset(secret))
		}
	}
	if len(ps) > 0 {
		return ps, false
	}
	for _, s := range senders {
		ps = append(ps, s.preset(s.demo))
	}
	return ps, true
}

// envNames lists the senders' environment variables.
func envNames() string {
	names := make([]string, len(senders))
	for i, s := range senders {
		names[i] = s.env
	}
	return strings.Join(names, ", ")
}

// newVerifier builds the one Verifier every route shares: it is safe for concurrent use, and
// the replay record belongs to it (or to the store in opts).
func newVerifier(ps []hooksig.Provider, logger *slog.Logger, m *metrics, opts ...hooksig.Option) (*hooksig.Verifier, error) {
	return hooksig.NewAny(ps, append([]hooksig.Option{
		// Every decision, a rejection at Warn: provider, status, reason and counts, never a
		// secret, a signature or the body.
		hooksig.WithLogger(logger),
		// The same decisions, counted for /metrics.
		hooksig.WithObserver(m.observe),
		// GitHub, Stripe and Slack sign no delivery id: a replay of a handled delivery (the
		// same signed bytes) is answered 200 without reaching the handler, as a Standard
		// Webhooks id is.
		hooksig.WithDedupe(),
	}, opts...)...)
}

// newRouter mounts the webhook route and /metrics in a chi router. Every provider delivers to
// the same URL; the Verifier tells them apart and hands the handler the verified Delivery.
func newRouter(v *hooksig.Verifier, handle func(http.ResponseWriter, *http.Request, *hooksig.Delivery), m *metrics) http.Handler {
	r := chi.NewRouter()
	r.Route("/webhooks", func(r chi.Router) {
		r.Method(http.MethodPost, "/", v.HandleDelivery(handle))
	})
	r.Method(http.MethodGet, "/metrics", m.handler()) // expose it on an internal address in production
	return r
}

// newMux is newRouter's twin for an http.ServeMux: the same routes, the same answers.
func newMux(v *hooksig.Verifier, handle func(http.ResponseWriter, *http.Request, *hooksig.Delivery), m *metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks", v.HandleDelivery(handle))
	mux.Handle("GET /metrics", m.handler())
	return mux
}

// handleDelivery returns the application's handler. It runs only for a verified delivery: d
// says which provider sent it, and r.Body holds the verified bytes, to decode as usual.
func handleDelivery(logger *slog.Logger) func(http.ResponseWriter, *http.Request, *hooksig.Delivery) {
	return func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		logger.Info("delivery handled", "provider", d.Provider, "id", d.ID, "bytes", r.ContentLength)
		fmt.Fprintf(w, "handled %s\n", d.Provider)
	}
}

// metrics counts the middleware's decisions in a registry of its own.
type metrics struct {
	registry   *prometheus.Registry
	deliveries *prometheus.CounterVec
}

// newMetrics returns the counters in a registry of their own, not Prometheus's global one.
func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		deliveries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "hooksig_deliveries_total",
			Help: "Webhook requests hooksig decided on, by provider, outcome (verified, rejected, replay, unsigned, handled) and reason.",
		}, []string{"provider", "outcome", "reason"}),
	}
	m.registry.MustRegister(m.deliveries)
	return m
}

// observe is the Verifier's observer. Every label is a fixed word — a provider's name, the
// outcome, the Reason — never error text or a byte of the request, so the number of series
// stays bounded whatever anyone sends.
func (m *metrics) observe(_ *http.Request, o hooksig.Outcome) {
	outcome := "rejected"
	switch {
	case o.Handled: // handled, but settling the replay claim afterwards failed
		outcome = "handled"
	case o.Unsigned:
		outcome = "unsigned"
	case o.Err == nil:
		outcome = "verified"
	case o.Reason == hooksig.ReasonDuplicate || o.Reason == hooksig.ReasonInFlight:
		outcome = "replay" // a sender's retry of a handled delivery: normal, not an attack
	}
	m.deliveries.WithLabelValues(o.Provider, outcome, o.Reason.String()).Inc()
}

// handler serves the registry in Prometheus's text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// serve serves h on ln until ctx is done (SIGINT, SIGTERM), then shuts down gracefully: it
// stops accepting, lets in-flight deliveries finish for up to shutdownTimeout, and returns nil.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}

	logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close() // the timeout passed: drop the connections still open
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
