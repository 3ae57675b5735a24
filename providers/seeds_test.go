package providers_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// seedBody is message B of the sample-derived vectors in the shared seed-providers notes
// (§c.6): UTF-8, with "é" as c3 a9.
const seedBody = `{"event":"test","data":{"id":"abc","n":1.5,"s":"é/<>"}}`

// seedCase is one request to a seed preset.
type seedCase struct {
	name     string
	provider hooksig.Provider
	opts     []hooksig.Option
	header   http.Header
	body     string
	want     int
}

func runSeed(t *testing.T, tc seedCase) {
	t.Helper()
	v, err := hooksig.New(tc.provider, tc.opts...)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(tc.body))
	for k, vs := range tc.header {
		r.Header[k] = vs
	}
	var called int
	var got []byte
	rec := httptest.NewRecorder()
	v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		called++
		got, _ = io.ReadAll(r.Body)
	})).ServeHTTP(rec, r)
	assert.Equal(t, tc.want, rec.Code)
	if tc.want == http.StatusOK {
		assert.Equal(t, 1, called)
		assert.Equal(t, tc.body, string(got), "next gets the exact bytes")
	} else {
		assert.Zero(t, called, "next must not run")
		assert.Equal(t, http.StatusText(tc.want)+"\n", rec.Body.String())
	}
}

func seedHeader(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// seedMAC is an independent implementation of each seed's recipe: the standard library only.
func seedMAC(newHash func() hash.Hash, key, msg string) []byte {
	m := hmac.New(newHash, []byte(key))
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// Senders without a timestamp or a delivery id: opt-in dedupe on the verified signature.
func TestSeedDedupe(t *testing.T) {
	sig := "sha256=" + hex.EncodeToString(seedMAC(sha256.New, "s", "{}"))
	other := "sha256=" + hex.EncodeToString(seedMAC(sha256.New, "s", "{ }"))
	send := func(h http.Handler, sig, body string) int {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("X-Webhook-Signature", sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	var calls int
	next := http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { calls++; w.WriteHeader(202) })

	v, err := hooksig.New(providers.Sendsar("s"))
	require.NoError(t, err)
	assert.Equal(t, 202, send(v.Handler(next), sig, "{}"))
	assert.Equal(t, 202, send(v.Handler(next), sig, "{}"), "without WithDedupe every verified copy is handed on")
	assert.Equal(t, 2, calls)

	calls = 0
	v, err = hooksig.New(providers.Sendsar("s"), hooksig.WithDedupe())
	require.NoError(t, err)
	h := v.Handler(next)
	assert.Equal(t, 202, send(h, sig, "{}"))
	assert.Equal(t, 200, send(h, sig, "{}"), "an identical delivery is a duplicate")
	assert.Equal(t, 202, send(h, other, "{ }"), "other bytes, other signature: handled")
	assert.Equal(t, 401, send(h, sig, "{ }"), "a replayed signature on other bytes is still forged")
	assert.Equal(t, 2, calls)

	_, err = hooksig.New(providers.Sendsar("s"), hooksig.WithDedupe(), hooksig.WithoutReplay())
	assert.ErrorIs(t, err, hooksig.ErrInvalidOption)
}

func TestSeedSigners(t *testing.T) {
	// Each preset's signer produces what the sender's own recipe produces.
	for _, tc := range []struct {
		name     string
		provider hooksig.Provider
		header   string
		want     string
	}{
		{"salesbricks", providers.Salesbricks("tok"), "X-Salesbricks-Key", base64.StdEncoding.EncodeToString(seedMAC(sha512.New, "tok", seedBody))},
		{"sendsar", providers.Sendsar("whsec_x"), "X-Webhook-Signature", "sha256=" + hex.EncodeToString(seedMAC(sha256.New, "whsec_x", seedBody))},
		{"chatbotkit", providers.ChatBotKit("c"), "X-Hub-Signature", "sha256=" + hex.EncodeToString(seedMAC(sha256.New, "c", seedBody))},
		{"freepik", providers.Freepik("f"), "Webhook-Signature", "v1," + base64.StdEncoding.EncodeToString(seedMAC(sha256.New, "f", "id_1.1700000000."+seedBody))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := hooksig.NewSigner(tc.provider)
			require.NoError(t, err)
			h, err := s.Sign(hooksig.Message{ID: "id_1", Timestamp: time.Unix(1700000000, 0), Body: []byte(seedBody)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, h.Header.Get(tc.header))
		})
	}
}

func newSHA1() hash.Hash { return sha1.New() }
