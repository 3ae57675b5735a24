package hooksig_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

func TestBodyRestoredForNext(t *testing.T) {
	for _, n := range []int{0, 1, 4096, 70000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			payload := body(n)
			var next sink
			req := signed(t, payload)
			rec := serve(newSW(t).Handler(&next), req)
			require.Equal(t, http.StatusNoContent, rec.Code)
			require.Equal(t, 1, next.called)
			assert.Equal(t, payload, append([]byte{}, next.body...), "next reads the exact bytes")
			assert.Equal(t, int64(n), next.length)
			require.NotNil(t, next.delivery)
			assert.Equal(t, payload, append([]byte{}, next.dbody...), "the context holds the verified bytes")
			assert.Equal(t, "standardwebhooks", next.delivery.Provider)
			assert.Equal(t, req.Header.Get("Webhook-Id"), next.delivery.ID)
			assert.True(t, next.delivery.IDSigned)
			assert.Equal(t, s1Now, next.delivery.Timestamp)
			assert.Equal(t, 0, next.delivery.KeyIndex)
		})
	}
}

func TestBodyReadableAgain(t *testing.T) {
	h := newSW(t).Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, _ := io.ReadAll(r.Body)
		_, err := r.Body.(io.Seeker).Seek(0, io.SeekStart)
		require.NoError(t, err)
		second, _ := io.ReadAll(r.Body)
		assert.Equal(t, first, second)
		assert.NoError(t, r.Body.Close())
	}))
	assert.Equal(t, http.StatusOK, serve(h, signed(t, []byte(`{"a":1}`))).Code)
}

func TestBodyLimit(t *testing.T) {
	const limit = 1000
	tests := []struct {
		name   string
		req    func(t *testing.T) *http.Request
		want   int
		called bool
	}{
		// Declared lengths: refused before a byte is read.
		{"declared_over_limit", func(t *testing.T) *http.Request {
			r := signed(t, body(limit+1))
			r.Body = io.NopCloser(noRead{t})
			return r
		}, 413, false},
		{"declared_exactly_limit", func(t *testing.T) *http.Request { return signed(t, body(limit)) }, 204, true},
		// Unknown lengths: cut while streaming.
		{"chunked_over_limit", func(t *testing.T) *http.Request {
			r := signed(t, body(limit+1))
			r.Body, r.ContentLength = io.NopCloser(chunked{bytes.NewReader(body(limit + 1))}), -1
			return r
		}, 413, false},
		{"chunked_far_over_limit", func(t *testing.T) *http.Request {
			r := signed(t, body(10))
			r.Body, r.ContentLength = io.NopCloser(chunked{io.LimitReader(zeros{}, 1<<30)}), -1
			return r
		}, 413, false},
		{"chunked_exactly_limit", func(t *testing.T) *http.Request {
			r := signed(t, body(limit))
			r.Body, r.ContentLength = io.NopCloser(chunked{bytes.NewReader(body(limit))}), -1
			return r
		}, 204, true},
		// Bodies that do not match their declared length.
		{"shorter_than_declared", func(t *testing.T) *http.Request {
			r := signed(t, body(100))
			r.Body = io.NopCloser(bytes.NewReader(body(99)))
			return r
		}, 400, false},
		{"longer_than_declared", func(t *testing.T) *http.Request {
			r := signed(t, body(100))
			r.Body = io.NopCloser(bytes.NewReader(body(101)))
			return r
		}, 400, false},
		{"longer_than_declared_and_the_limit", func(t *testing.T) *http.Request {
			r := signed(t, body(100))
			r.Body = io.NopCloser(bytes.NewReader(body(limit + 5)))
			return r
		}, 413, false},
		{"read_error", func(t *testing.T) *http.Request {
			r := signed(t, body(100))
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body(50)), failing{}))
			return r
		}, 400, false},
		{"no_body_but_declared", func(t *testing.T) *http.Request {
			r := signed(t, body(10))
			r.Body = nil
			return r
		}, 400, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var next sink
			rec := serve(newSW(t, hooksig.WithMaxBodySize(limit)).Handler(&next), tc.req(t))
			assert.Equal(t, tc.want, rec.Code)
			assert.Equal(t, tc.called, next.called == 1)
			if !tc.called {
				assert.Equal(t, http.StatusText(tc.want)+"\n", rec.Body.String())
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

type failing struct{}

func (failing) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestDefaultBodyLimitIsOneMiB(t *testing.T) {
	var next sink
	h := newSW(t).Handler(&next)
	assert.Equal(t, 204, serve(h, signed(t, body(1<<20))).Code)
	assert.Equal(t, 413, serve(h, signed(t, body(1<<20+1))).Code)
}

func TestDefaultToleranceIsFiveMinutes(t *testing.T) {
	for _, tc := range []struct {
		name string
		now  time.Time
		want int
	}{
		{"past_edge", s1Now.Add(300 * time.Second), 204},
		{"past_edge_subsecond", s1Now.Add(300*time.Second + 999*time.Millisecond), 204},
		{"past_over", s1Now.Add(301 * time.Second), 401},
		{"future_edge", s1Now.Add(-300 * time.Second), 204},
		{"future_over", s1Now.Add(-301 * time.Second), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.StandardWebhooks(s1Secret), hooksig.WithClock(frozen(tc.now)))
			require.NoError(t, err)
			assert.Equal(t, tc.want, serve(v.Handler(&sink{}), signed(t, []byte("x"))).Code)
		})
	}
}

func TestWithTolerance(t *testing.T) {
	v := newSW(t, hooksig.WithTolerance(10*time.Second, 2*time.Second), hooksig.WithClock(frozen(s1Now.Add(10*time.Second))))
	assert.Equal(t, 204, serve(v.Handler(&sink{}), signed(t, nil)).Code)
	v = newSW(t, hooksig.WithTolerance(10*time.Second, 2*time.Second), hooksig.WithClock(frozen(s1Now.Add(11*time.Second))))
	assert.Equal(t, 401, serve(v.Handler(&sink{}), signed(t, nil)).Code)
	v = newSW(t, hooksig.WithTolerance(10*time.Second, 2*time.Second), hooksig.WithClock(frozen(s1Now.Add(-3*time.Second))))
	assert.Equal(t, 401, serve(v.Handler(&sink{}), signed(t, nil)).Code)
}

func TestOneByteChangedIsRejected(t *testing.T) {
	r := signed(t, []byte(`{"amount":100}`))
	r.Body = io.NopCloser(strings.NewReader(`{"amount":900}`))
	var next sink
	rec := serve(newSW(t).Handler(&next), r)
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Equal(t, "Unauthorized\n", rec.Body.String())
	assert.Zero(t, next.called)
}

func TestMountedInServeMux(t *testing.T) {
	v := newSW(t)
	mux := http.NewServeMux()
	var tenant string
	mux.Handle("POST /hooks/{tenant}", v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tenant = r.PathValue("tenant")
	})))
	req := signed(t, []byte(`{}`))
	req.URL.Path = "/hooks/acme"
	assert.Equal(t, 200, serve(mux, req).Code)
	assert.Equal(t, "acme", tenant, "path values survive the middleware")
	req = signed(t, []byte(`{}`))
	req.URL.Path = "/hooks/acme"
	req.Header.Del("Webhook-Id")
	assert.Equal(t, 401, serve(mux, req).Code)
}

func TestOverRealServer(t *testing.T) {
	var next sink
	srv := httptest.NewServer(newSW(t, hooksig.WithMaxBodySize(1<<16)).Handler(&next))
	defer srv.Close()
	send := func(r *http.Request) int {
		r.RequestURI = ""
		u := srv.URL + "/"
		r2, err := http.NewRequest(r.Method, u, r.Body)
		require.NoError(t, err)
		r2.Header = r.Header
		r2.ContentLength = r.ContentLength
		resp, err := srv.Client().Do(r2)
		require.NoError(t, err)
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	assert.Equal(t, 204, send(signed(t, body(5000))))
	big := signed(t, body(1<<16+1))
	assert.Equal(t, 413, send(big))
	ch := signed(t, body(1<<16+1))
	ch.Body, ch.ContentLength = io.NopCloser(chunked{bytes.NewReader(body(1<<16 + 1))}), -1
	assert.Equal(t, 413, send(ch))
	ok := signed(t, body(3000))
	ok.Body, ok.ContentLength = io.NopCloser(chunked{bytes.NewReader(body(3000))}), -1
	assert.Equal(t, 204, send(ok))
	assert.Equal(t, 2, next.called)
	assert.Equal(t, body(3000), next.body)
}

func TestErrorHandlerAndObserver(t *testing.T) {
	var mu sync.Mutex
	var outcomes []hooksig.Outcome
	var handled []error
	v := newSW(t,
		hooksig.WithObserver(func(_ *http.Request, o hooksig.Outcome) {
			mu.Lock()
			defer mu.Unlock()
			outcomes = append(outcomes, o)
		}),
		hooksig.WithErrorHandler(func(w http.ResponseWriter, _ *http.Request, err error) {
			handled = append(handled, err)
			w.WriteHeader(http.StatusForbidden)
		}))
	h := v.Handler(&sink{})

	good := signed(t, []byte("good"))
	assert.Equal(t, 204, serve(h, good).Code)
	bad := signed(t, []byte("good"))
	bad.Header.Set("Webhook-Timestamp", "12x")
	assert.Equal(t, 403, serve(h, bad).Code)

	require.Len(t, outcomes, 2)
	assert.Equal(t, hooksig.Outcome{Provider: "standardwebhooks", DeliveryID: good.Header.Get("Webhook-Id"), IDSigned: true, KeyIndex: 0}, outcomes[0])
	assert.ErrorIs(t, outcomes[1].Err, hooksig.ErrMalformedTimestamp)
	assert.Equal(t, -1, outcomes[1].KeyIndex)
	require.Len(t, handled, 1)
	assert.ErrorIs(t, handled[0], hooksig.ErrMalformedTimestamp)
}

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 200},
		{hooksig.ErrBodyTooLarge, 413},
		{hooksig.ErrBodyUnreadable, 400},
		{&hooksig.FieldError{Field: "X", Err: hooksig.ErrMissingHeader}, 401},
		{&hooksig.FieldError{Field: "X", Err: hooksig.ErrMalformedHeader}, 401},
		{hooksig.ErrSignatureMismatch, 401},
		{hooksig.ErrMalformedTimestamp, 401},
		{hooksig.ErrTimestampTooOld, 401},
		{hooksig.ErrTimestampTooNew, 401},
		{hooksig.ErrDuplicate, 200},
		{hooksig.ErrInFlight, 409},
		{fmt.Errorf("store: %w", hooksig.ErrReplayUnavailable), 503},
		{errors.New("something else"), 500},
	}
	for _, tc := range tests {
		name := "nil"
		if tc.err != nil {
			name = tc.err.Error()
		}
		t.Run(name, func(t *testing.T) { assert.Equal(t, tc.want, hooksig.Status(tc.err)) })
	}
}

func TestInvalidOptions(t *testing.T) {
	tests := []struct {
		name string
		opt  hooksig.Option
	}{
		{"zero_body_limit", hooksig.WithMaxBodySize(0)},
		{"negative_body_limit", hooksig.WithMaxBodySize(-1)},
		{"zero_past_tolerance", hooksig.WithTolerance(0, time.Minute)},
		{"zero_future_tolerance", hooksig.WithTolerance(time.Minute, 0)},
		{"nil_clock", hooksig.WithClock(nil)},
		{"nil_error_handler", hooksig.WithErrorHandler(nil)},
		{"nil_observer", hooksig.WithObserver(nil)},
		{"zero_min_key", hooksig.WithMinKeyBytes(0)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.StandardWebhooks(s1Secret), tc.opt)
			assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
			assert.Nil(t, v)
		})
	}
	_, err := hooksig.New(providers.StandardWebhooks(s1Secret), nil)
	assert.NoError(t, err, "a nil option is skipped")
}

func TestSecretsFailAtConstruction(t *testing.T) {
	for _, tc := range []struct {
		name    string
		secrets []string
	}{
		{"none", nil},
		{"empty", []string{""}},
		{"empty_second", []string{s1Secret, ""}},
		{"prefix_only", []string{"whsec_"}},
		{"not_base64", []string{"whsec_!!!!"}},
		{"too_short", []string{"whsec_dGVzdA=="}},
		{"private_key", []string{"whsk_6Xb/dCcHpPea21PS1N9VY/NZW723CEc77N4rJCubMbfVKIDij2HKpMKkioLlX0dRqSKJp4AJ6p9lMicMFs6Kvg=="}},
		{"public_key_wrong_length", []string{"whpk_dGVzdA=="}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.StandardWebhooks(tc.secrets...))
			assert.ErrorIs(t, err, hooksig.ErrInvalidSecret)
			assert.Nil(t, v)
			if err != nil {
				for _, s := range tc.secrets {
					if s != "" && s != "whsec_" {
						assert.NotContains(t, err.Error(), strings.TrimPrefix(s, "whsec_"), "the error names no secret")
					}
				}
			}
		})
	}
}

func TestVerify(t *testing.T) {
	v := newSW(t)
	r := signed(t, []byte("payload"))
	d, err := v.Verify(r, []byte("payload"))
	require.NoError(t, err)
	assert.Equal(t, r.Header.Get("Webhook-Id"), d.ID)
	assert.Equal(t, []byte("payload"), d.Body())
	_, err = v.Verify(r, []byte("payloaD"))
	assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)
	r.Header.Del("Webhook-Signature")
	_, err = v.Verify(r, []byte("payload"))
	assert.ErrorIs(t, err, hooksig.ErrMissingHeader)
	var he *hooksig.FieldError
	require.ErrorAs(t, err, &he)
	assert.Equal(t, "Webhook-Signature", he.Field)
}

// Rotation under concurrency: keyed HMAC states are pooled per key, and a state must never
// serve another key.
func TestConcurrentRotation(t *testing.T) {
	keys := []string{s1Secret, "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"}
	v, err := hooksig.New(providers.StandardWebhooks(keys...), hooksig.WithClock(frozen(s1Now)))
	require.NoError(t, err)
	signers := make([]*hooksig.Signer, len(keys))
	for i, k := range keys {
		signers[i], err = hooksig.NewSigner(providers.StandardWebhooks(k))
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				k := (g + i) % 2
				r, err := signers[k].Request("http://x/", hooksig.Message{ID: fmt.Sprint(g, i), Timestamp: s1Now, Body: body(i)})
				if !assert.NoError(t, err) {
					return
				}
				got := -2
				rec := serve(v.Handler(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
					d, _ := hooksig.DeliveryFrom(r.Context())
					got = d.KeyIndex
				})), r)
				assert.Equal(t, 200, rec.Code)
				assert.Equal(t, k, got)
			}
		})
	}
	wg.Wait()
}

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

func TestHandleDeliveryHandsTheDelivery(t *testing.T) {
	v := newSW(t)
	var got *hooksig.Delivery
	var read []byte
	h := v.HandleDelivery(func(w http.ResponseWriter, r *http.Request, d *hooksig.Delivery) {
		got = d
		read, _ = io.ReadAll(r.Body)
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, signed(t, []byte(`{"n":1}`)))
	require.Equal(t, http.StatusOK, rec.Code)
	require.NotNil(t, got)
	assert.Equal(t, "standardwebhooks", got.Provider)
	assert.Equal(t, `{"n":1}`, string(read))

	got = nil
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{}`)))
	assert.Equal(t, http.StatusUnauthorized, rec.Code)
	assert.Nil(t, got)
	assert.Panics(t, func() { v.HandleDelivery(nil) })
}
