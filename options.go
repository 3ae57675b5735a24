package hooksig

import (
	"fmt"
	"net/http"
	"time"
)

// An Option configures a [Verifier]. Options are applied in order; a nil Option is skipped.
type Option func(*config)

// An Outcome is what an observer hears about one request: which provider, which delivery, and
// the error that rejected it (nil when it was verified and handed on). It never carries a
// secret, an expected signature or the body.
type Outcome struct {
	Provider   string
	DeliveryID string // the id as sent, "" when none (it is unverified when Err is not nil)
	Key        int    // index of the matching secret; -1 when none matched
	Err        error  // nil: verified; else test it with errors.Is; Status(Err) is the answer
}

type config struct {
	maxBody      int64
	tolerance    *window
	now          func() time.Time
	errorHandler func(http.ResponseWriter, *http.Request, error)
	observer     func(*http.Request, Outcome)
	minKeyBytes  int
	err          error // the first invalid option
}

const (
	defaultMaxBody   = 1 << 20
	defaultTolerance = 5 * time.Minute
)

// defaultConfig holds every default in one place. The scheme's own declarations (body limit,
// tolerance, minimum key length) come next, then the options.
func defaultConfig() config {
	return config{now: time.Now}
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
		if n <= 0 {
			c.invalid("WithMaxBodySize(%d): the limit must be positive", n)
		}
		c.maxBody = n
	}
}

// WithTolerance sets how far a signed timestamp may lie in the past and in the future of the
// clock. Both must be positive. Default: the provider's tolerance, else 5 minutes each way.
// It has no effect on schemes without a timestamp.
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
// response: it helps an attacker probe. It is not called for a verified request.
func WithErrorHandler(h func(w http.ResponseWriter, r *http.Request, err error)) Option {
	return func(c *config) {
		if h == nil {
			c.invalid("WithErrorHandler(nil)")
		}
		c.errorHandler = h
	}
}

// WithObserver calls fn once for every request the middleware decides on, verified or
// rejected, before next or the rejection response. Use it for logs and metrics; it must be
// safe for concurrent use and should not block.
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
