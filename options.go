package hooksig

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// An Option configures a [Verifier]. Options are applied in order; a nil Option is skipped.
type Option func(*config)

// An Outcome is what an observer hears about one request: which provider, which delivery, and
// the error that rejected it (nil when it was verified and handed on). It never carries a
// secret, an expected signature or the body.
type Outcome struct {
	Provider   string // the scheme's name; "" when a route with several providers saw none's fields
	DeliveryID string // the id as sent, "" when none (it is unverified when Err is not nil)
	// IDSigned is true when the id is part of what was signed (Standard Webhooks' webhook-id);
	// an unsigned id (GitHub's X-GitHub-Delivery) is the sender's text even on a verified
	// delivery.
	IDSigned  bool
	KeyIndex  int   // index of the matching secret; -1 when none matched
	Err       error // nil: verified; else test it with errors.Is; Status(Err) is the answer
	Canonical bool  // verified through the scheme's fallback canonical form (see Delivery)
	// Unsigned is true when the request was an unsigned handshake the scheme declares (Meta's
	// subscription check), answered without verifying anything: count it apart from
	// verified deliveries.
	Unsigned bool

	// Handled is true for the second outcome of a delivery next has handled, heard only when
	// completing or releasing its replay claim failed (Err wraps ErrReplayUnavailable or is
	// ErrClaimLost). The delivery is then at least once, never lost: the lease frees the id.
	Handled bool

	// Reason is a fixed code for the decision, for log fields and metric labels:
	// ReasonVerified when Err is nil.
	Reason Reason
	// Diagnosis is what a rejected request showed, as numbers and the scheme's own names;
	// the zero value for a verified one.
	Diagnosis Diagnosis
}

type config struct {
	maxBody      int64
	tolerance    *window
	now          func() time.Time
	errorHandler func(http.ResponseWriter, *http.Request, error)
	observer     func(*http.Request, Outcome)
	logger       *slog.Logger
	problem      bool
	minKeyBytes  int
	store        ReplayStore
	noReplay     bool
	lease        time.Duration
	leaseSet     bool
	retention    time.Duration
	namespace    string
	dedupe       bool
	publicURL    string
	proxy        *proxyConfig
	err          error // the first invalid option
}

// maxBodyLimit is the largest body limit a route or scheme may set. It keeps every size
// computation on the read path (limit+1, buffer classes) far from overflowing.
const maxBodyLimit = 1 << 40

const (
	defaultMaxBody   = 1 << 20
	defaultTolerance = 5 * time.Minute
	defaultLease     = time.Minute
	defaultRetention = 24 * time.Hour
)

// defaultConfig holds every default in one place. The scheme's own declarations (body limit,
// tolerance, minimum key length) come next, then the options.
func defaultConfig() config {
	return config{now: time.Now, lease: defaultLease}
}

func (c *config) invalid(format string, a ...any) {
	if c.err == nil {
		c.err = fmt.Errorf("%w: %s", ErrInvalidOption, fmt.Sprintf(format, a...))
	}
}

// WithMaxBodySize limits how many bytes of the body are read. A larger declared
// Content-Length, or a streamed body that grows past it, gets 413 Request Entity Too Large; a
// body of exactly n bytes is accepted. Default: the provider's documented maximum, else 1 MiB.
func WithMaxBodySize(n int64) Option {
	return func(c *config) {
		if n <= 0 || n > maxBodyLimit {
			c.invalid("WithMaxBodySize(%d): the limit must be between 1 and %d (1 TiB)", n, int64(maxBodyLimit))
		}
		c.maxBody = n
	}
}

// WithTolerance sets how far a signed timestamp may lie in the past and in the future of the
// clock. Both must be positive. Default: the provider's tolerance, else 5 minutes each way.
// On schemes without a timestamp it only raises the minimum retention.
func WithTolerance(past, future time.Duration) Option {
	return func(c *config) {
		if past <= 0 || future <= 0 {
			c.invalid("WithTolerance(%v, %v): both allowances must be positive", past, future)
		}
		c.tolerance = &window{past, future}
	}
}

// WithClock sets the clock the timestamp window is checked against. Default: time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now == nil {
			c.invalid("WithClock(nil)")
		}
		c.now = now
	}
}

// WithErrorHandler replaces the rejection response. The default writes Status(err) with
// http.StatusText as the body and nothing else. The handler should not write err's text to the
// response: it helps an attacker probe. It writes every answer the middleware gives itself:
// rejections, and the replay step's 200 for a duplicate, 409 and 503 — answer Status(err) so
// a sender stops or retries as it should. It is not called for a request handed to next or
// answered by a responder.
func WithErrorHandler(h func(w http.ResponseWriter, r *http.Request, err error)) Option {
	return func(c *config) {
		if h == nil {
			c.invalid("WithErrorHandler(nil)")
		}
		c.errorHandler = h
	}
}

// WithProblemDetails answers rejections (4xx, 5xx) with an RFC 9457 problem document,
// application/problem+json: {"type":"about:blank","title":"Unauthorized","status":401}. Like
// the default plain answer it says nothing about why — which field, which entry — since that
// would help a forger probe; the reason goes to WithLogger and WithObserver. A duplicate's 200
// stays a plain "OK". It cannot be combined with WithErrorHandler.
func WithProblemDetails() Option {
	return func(c *config) { c.problem = true }
}

// WithObserver calls fn once for every request the middleware decides on, verified or
// rejected, before next or the rejection response (after the answer, for a handshake a
// responder answered) — and a second time, with Handled set, in
// the rare case that settling the replay claim after next failed. r is the request as
// received; its body has been read and fn never sees it. Use it for logs and metrics; it must
// be safe for concurrent use and should not block.
func WithObserver(fn func(r *http.Request, o Outcome)) Option {
	return func(c *config) {
		if fn == nil {
			c.invalid("WithObserver(nil)")
		}
		c.observer = fn
	}
}

// WithMinKeyBytes sets the fewest bytes a symmetric secret may decode to. Default: the
// scheme's minimum (24 for Standard Webhooks, as its specification asks), else 1. Lower it
// only for a sender that really issues shorter keys.
func WithMinKeyBytes(n int) Option {
	return func(c *config) {
		if n < 1 {
			c.invalid("WithMinKeyBytes(%d): at least 1", n)
		}
		c.minKeyBytes = n
	}
}

// WithReplayStore sets the store that records signed delivery ids (see [ReplayStore]). The
// replay step runs for providers whose delivery id is signed (Standard Webhooks' webhook-id);
// by default it uses an in-memory store of [DefaultMemoryStoreSize] ids per Verifier, which
// protects one process only: several instances need a shared store.
//
// Sharing one store between routes that serve different senders' accounts (tenants) needs a
// [WithReplayNamespace] per route: replay keys are provider, namespace and delivery id, so
// without namespaces one tenant's delivery id would be answered as a duplicate of another's
// and a genuine delivery would be dropped. Instances of one service share one namespace.
func WithReplayStore(s ReplayStore) Option {
	return func(c *config) {
		if s == nil {
			c.invalid("WithReplayStore(nil): to turn the step off, use WithoutReplay")
		}
		c.store = s
	}
}

// WithoutReplay turns the replay step off for the route. This is weaker: a captured delivery
// can then be replayed while its timestamp is inside the tolerance window, and a retry of a
// delivery the handler already took reaches it again. Use it only when the handler itself is
// idempotent on the delivery id.
func WithoutReplay() Option {
	return func(c *config) { c.noReplay = true }
}

// WithLease sets how long a claim holds a delivery id while next handles it; when it runs
// out, the id can be claimed again (a handler that hung). Keep it longer than the sender's
// timeout. Default: 1 minute.
func WithLease(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.invalid("WithLease(%v): must be positive", d)
		}
		c.lease, c.leaseSet = d, true
	}
}

// WithRetention sets how long a handled delivery id is remembered, so the sender's late
// retries are answered 200 without reaching next. It can never be shorter than the past plus
// the future tolerance (New fails). Default: 24 hours, or that sum when it is longer.
func WithRetention(d time.Duration) Option {
	return func(c *config) {
		if d <= 0 {
			c.invalid("WithRetention(%v): must be positive", d)
		}
		c.retention = d
	}
}

// WithReplayNamespace keeps this route's delivery ids apart from other routes' in a shared
// store (replay keys are provider ":" namespace ":" id). The namespace may not contain ':'.
// Default: none.
func WithReplayNamespace(ns string) Option {
	return func(c *config) {
		if strings.Contains(ns, ":") {
			c.invalid("WithReplayNamespace(%q): a namespace cannot contain ':'", ns)
		}
		c.namespace = ns
	}
}

// WithDedupe turns on the replay step for senders that sign no delivery id (most send no
// timestamp either): a verified delivery is claimed in the replay store under a digest of what
// was signed, so an identical delivery — a replay, or a retry of a handled one — is answered 200 without
// reaching next, and a concurrent one 409, exactly as for signed ids. The key is the SHA-256
// of the signed message: every signed part and the verified bytes; for a shared token, which
// signs nothing, the verified bytes; for a body of elements ([Scheme].Items), the set of the
// elements' messages. It is never an unsigned header and never the signature itself: a
// delivery re-signed with another key during a rotation, or replayed with one of its
// signatures removed, is the same delivery. Ids without a timestamp are kept for the whole
// retention and never dropped early, so size the store for it: the default store (100,000
// ids, 24 hours) holds about 1.1 deliveries a second; beyond that new deliveries get 503 until
// ids expire. Two distinct events with identical bodies are duplicates too. For schemes with a
// signed delivery id it changes nothing.
func WithDedupe() Option {
	return func(c *config) { c.dedupe = true }
}

// WithPublicURL sets the URL senders deliver to — scheme, host and optional port, such as
// "https://hooks.example.com" — for schemes that sign the URL (Twilio, Square, HubSpot,
// Mandrill). The path and query are the request's own, as received. It is required for such a
// scheme, and ignored by the others.
//
// It is the URL as the sender knows it, which behind a proxy or a load balancer is not what the
// server sees: hooksig never reads the Host header or X-Forwarded-* to rebuild it, because any
// client can write those.
func WithPublicURL(base string) Option {
	return func(c *config) {
		u, err := parsePublicURL(base)
		if err != nil {
			c.invalid("WithPublicURL: %v", err)
			return
		}
		c.publicURL = u
	}
}

// parsePublicURL checks a public base URL: http or https, a host and optional port, and nothing
// else (no user info, path, query or fragment: the path and query are the request's). It
// returns it as scheme://host[:port].
func parsePublicURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", errors.New("not a URL")
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("the scheme must be http or https")
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "" || strings.HasSuffix(u.Host, ":"):
		return "", errors.New("it needs a host (and optionally a port): scheme://host[:port]")
	case u.User != nil:
		return "", errors.New("it must not carry user info")
	case (u.Path != "" && u.Path != "/") || u.RawPath != "":
		return "", errors.New("it must not carry a path; the path comes from the request")
	case u.RawQuery != "" || u.ForceQuery:
		return "", errors.New("it must not carry a query; the query comes from the request")
	case u.Fragment != "" || u.RawFragment != "" || strings.Contains(s, "#"):
		return "", errors.New("it must not carry a fragment")
	}
	return u.Scheme + "://" + u.Host, nil
}

// WithTrustedProxy rebuilds the public URL of a URL-signed scheme from what a reverse proxy
// recorded — X-Forwarded-Proto and X-Forwarded-Host, or RFC 7239's Forwarded — for requests
// whose peer address is in one of networks only, reading the rightmost value of the header's
// last line (what the proxy nearest to this server wrote; anything before it is the client's).
// A request from anywhere else, or without a well-formed value, cannot be verified (401).
// Prefer [WithPublicURL] when the public URL is fixed; when both are set, WithPublicURL wins.
//
// Every proxy between the sender and this server must be in networks and must overwrite (not
// append to) the header, or the nearest one must: a client can write these headers too.
func WithTrustedProxy(source ProxyHeader, networks ...netip.Prefix) Option {
	return func(c *config) {
		if source != XForwarded && source != Forwarded {
			c.invalid("WithTrustedProxy: unknown proxy header %d", source)
			return
		}
		if len(networks) == 0 {
			c.invalid("WithTrustedProxy: no trusted networks")
			return
		}
		for _, n := range networks {
			if !n.IsValid() {
				c.invalid("WithTrustedProxy: an invalid network")
				return
			}
		}
		c.proxy = &proxyConfig{source: source, networks: append([]netip.Prefix(nil), networks...)}
	}
}
