package providers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestFullupKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Fullup, Secret: "your_shared_secret_key",
		OtherSecret: "another-fullup-secret", Vectors: presettest.Load(t, "testdata/fullup")})
}

func TestFullup(t *testing.T) {
	// Sample-derived vectors (seed-providers §c.6): the raw one from Fullup's Python sample
	// over P, the pretty-printed form of B; the compat one from its Node.js sample, which
	// signs JSON.stringify(JSON.parse(P)) = B while P is sent.
	const secret = "your_shared_secret_key"
	const pretty = "{\n  \"event\": \"test\",\n  \"data\": {\n    \"id\": \"abc\",\n    \"n\": 1.5,\n    \"s\": \"é/<>\"\n  }\n}"
	const rawSig = "c5a082fe9a5cc904981193625c3f70dabe4c2c66fa050a5dfa5be5f4db484ae9"
	const compatSig = "ac5b1ac43fae991a4044c6fc24f956a98579a2df1d05467869b92dfb982537f2"
	sig := func(s string) string { return hex.EncodeToString(seedMAC(sha256.New, secret, s)) }
	for _, tc := range []seedCase{
		{"raw_vector", providers.Fullup(secret), nil, seedHeader("Fullup-Signature", rawSig), pretty, 200},
		{"raw_vector_with_compat", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", rawSig), pretty, 200},
		{"compat_vector_refused_by_default", providers.Fullup(secret), nil, seedHeader("Fullup-Signature", compatSig), pretty, 401},
		{"compact_body_is_its_own_canonical_form", providers.Fullup(secret), nil, seedHeader("Fullup-Signature", compatSig), seedBody, 200},
		{"upper_case_hex_accepted", providers.Fullup(secret), nil, seedHeader("Fullup-Signature", strings.ToUpper(rawSig)), pretty, 200},
		{"sha256_prefix_refused", providers.Fullup(secret), nil, seedHeader("Fullup-Signature", "sha256="+rawSig), pretty, 401},
		{"wrong_key", providers.Fullup("other"), nil, seedHeader("Fullup-Signature", rawSig), pretty, 401},
		// Compat never repeats Express's forgiveness.
		{"compat_bom_refused", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig(seedBody)), "\ufeff" + seedBody, 401},
		{"compat_empty_body_is_not_braces", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig("{}")), "", 401},
		{"compat_non_json_is_not_braces", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig("{}")), "event=test", 401},
		{"compat_top_level_scalar_refused", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig(`"abc"`)), ` "abc"`, 401},
		{"compat_invalid_utf8_refused", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig(`{"s":"\ufffd"}`)), "{\"s\":\"\xff\"}", 401},
		{"compat_over_100KiB_refused", providers.FullupJSCompat(secret), nil, seedHeader("Fullup-Signature", sig(`{"a":"`+strings.Repeat("x", 100<<10)+`"}`)), `{ "a":"` + strings.Repeat("x", 100<<10) + `"}`, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

// After a compat success the handler gets what was signed, and says so.
func TestFullupCompatHandsOverCanonicalBytes(t *testing.T) {
	const secret = "k"
	sig := hex.EncodeToString(seedMAC(sha256.New, secret, `{"a":1}`))
	for _, raw := range []string{`{"a":"evil","a":1}`, "{ \"a\" : 1.0 }", `{"\u0061":1}`} {
		t.Run(raw, func(t *testing.T) {
			v, err := hooksig.New(providers.FullupJSCompat(secret))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(raw))
			r.Header.Set("Fullup-Signature", sig)
			var got []byte
			var length int64
			var d *hooksig.Delivery
			var dbody []byte
			rec := httptest.NewRecorder()
			v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ = io.ReadAll(r.Body)
				length = r.ContentLength
				d, _ = hooksig.DeliveryFrom(r.Context())
				dbody = d.Body()
			})).ServeHTTP(rec, r)
			require.Equal(t, 200, rec.Code)
			assert.Equal(t, `{"a":1}`, string(got), "never the raw bytes the signature does not pin")
			assert.Equal(t, int64(7), length)
			require.NotNil(t, d)
			assert.True(t, d.Canonical)
			assert.Equal(t, `{"a":1}`, string(dbody))
		})
	}
}

// Dedupe under compat is keyed on the signature: re-spellings of one signed document are
// duplicates, not new deliveries.
func TestFullupCompatDedupe(t *testing.T) {
	v, err := hooksig.New(providers.FullupJSCompat("k"), hooksig.WithDedupe())
	require.NoError(t, err)
	sig := hex.EncodeToString(seedMAC(sha256.New, "k", `{"a":1}`))
	var calls int
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
	for _, raw := range []string{`{"a":1}`, `{ "a": 1 }`, `{"a":1.0}`} {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(raw))
		r.Header.Set("Fullup-Signature", sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		assert.Equal(t, 200, rec.Code)
	}
	assert.Equal(t, 1, calls)
}

func TestFullupCompatVector(t *testing.T) {
	// Fullup's Node.js sample: P is sent, JSON.stringify(JSON.parse(P)) = B is signed.
	pretty := "{\n  \"event\": \"test\",\n  \"data\": {\n    \"id\": \"abc\",\n    \"n\": 1.5,\n    \"s\": \"é/<>\"\n  }\n}"
	v, err := hooksig.New(providers.FullupJSCompat("your_shared_secret_key"))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(pretty))
	r.Header.Set("Fullup-Signature", "ac5b1ac43fae991a4044c6fc24f956a98579a2df1d05467869b92dfb982537f2")
	var got []byte
	rec := httptest.NewRecorder()
	v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got, _ = io.ReadAll(r.Body) })).ServeHTTP(rec, r)
	assert.Equal(t, 200, rec.Code)
	assert.Equal(t, seedBody, string(got))
}
