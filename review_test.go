package hooksig_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// A limit set outside hooksig with http.MaxBytesReader is still a body over a limit.
func TestOuterMaxBytesReaderIs413(t *testing.T) {
	r := signed(t, body(100))
	r.Body, r.ContentLength = http.MaxBytesReader(nil, io.NopCloser(chunked{bytes.NewReader(body(100))}), 10), -1
	assert.Equal(t, 413, serve(newSW(t).Handler(&sink{}), r).Code)
}

// The observer sees the request as received, never the body: reading it there cannot starve
// next.
func TestObserverCannotDrainTheBody(t *testing.T) {
	var seen []byte
	v := newSW(t, hooksig.WithObserver(func(r *http.Request, _ hooksig.Outcome) {
		seen, _ = io.ReadAll(r.Body)
		_, ok := hooksig.DeliveryFrom(r.Context())
		assert.False(t, ok, "the observer's request carries no Delivery")
	}))
	var next sink
	serve(v.Handler(&next), signed(t, []byte(`{"secret":"payload"}`)))
	assert.Empty(t, seen)
	assert.Equal(t, `{"secret":"payload"}`, string(next.body))
}

func TestRestoredRequestIsNotChunked(t *testing.T) {
	r := signed(t, body(10))
	r.Body, r.ContentLength, r.TransferEncoding = io.NopCloser(chunked{bytes.NewReader(body(10))}), -1, []string{"chunked"}
	var got *http.Request
	serve(newSW(t).Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { got = r })), r)
	require.NotNil(t, got)
	assert.Nil(t, got.TransferEncoding)
	assert.Equal(t, int64(10), got.ContentLength)
}

// Replay options on a scheme that signs no id would protect nothing: New says so.
func TestReplayOptionsNeedASignedIDOrDedupe(t *testing.T) {
	for _, opt := range []hooksig.Option{
		hooksig.WithReplayStore(hooksig.NewMemoryStore(10)),
		hooksig.WithLease(time.Minute),
		hooksig.WithRetention(time.Hour),
		hooksig.WithReplayNamespace("tenant"),
	} {
		_, err := hooksig.New(providers.Sendsar("s"), opt)
		assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
		_, err = hooksig.New(providers.Sendsar("s"), opt, hooksig.WithDedupe())
		assert.NoError(t, err)
		_, err = hooksig.New(providers.StandardWebhooks(s1Secret), opt)
		assert.NoError(t, err)
	}
	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithReplayNamespace("a:b"))
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption, "':' would make keys ambiguous")
}
