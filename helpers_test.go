package hooksig_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/internal/vectors"
	"github.com/hooksig/hooksig/providers"
)

// S1 of the Standard Webhooks known-answer vectors (package vectors names its sources).
const (
	s1Secret = vectors.S1Secret
	s1TS     = vectors.S1Timestamp
)

var s1Now = time.Unix(s1TS, 0)

func frozen(t time.Time) func() time.Time { return func() time.Time { return t } }

// newSW returns a Standard Webhooks verifier for the S1 secret with the clock at S1's time.
func newSW(t testing.TB, opts ...hooksig.Option) *hooksig.Verifier {
	t.Helper()
	v, err := hooksig.New(providers.StandardWebhooks(s1Secret), append([]hooksig.Option{hooksig.WithClock(frozen(s1Now))}, opts...)...)
	require.NoError(t, err)
	return v
}

var lastID atomic.Int64

// signed returns a request for body signed with the S1 secret at S1's time, with a fresh
// delivery id (the replay step answers a reused one as a duplicate).
func signed(t testing.TB, body []byte) *http.Request {
	t.Helper()
	s, err := hooksig.NewSigner(providers.StandardWebhooks(s1Secret))
	require.NoError(t, err)
	id := fmt.Sprintf("msg_%d", lastID.Add(1))
	r, err := s.Request("http://example.test/webhooks", hooksig.Message{ID: id, Timestamp: s1Now, Body: body})
	require.NoError(t, err)
	return r
}

// sink is a next handler that records what it saw.
type sink struct {
	called   int
	body     []byte
	length   int64
	delivery *hooksig.Delivery
	dbody    []byte // the Delivery's Body, taken while the handler ran
}

func (s *sink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.called++
	s.length = r.ContentLength
	s.body, _ = io.ReadAll(r.Body)
	s.delivery, _ = hooksig.DeliveryFrom(r.Context())
	if s.delivery != nil {
		s.dbody = s.delivery.Body()
	}
	w.WriteHeader(http.StatusNoContent)
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// noRead is a body that fails the test when it is read.
type noRead struct{ t testing.TB }

func (b noRead) Read([]byte) (int, error) {
	b.t.Error("the body was read")
	return 0, io.EOF
}

// chunked hides a reader's length so a request looks chunked.
type chunked struct{ io.Reader }

func body(n int) []byte { return bytes.Repeat([]byte("a"), n) }
