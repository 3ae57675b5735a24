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
	"strconv"
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

func TestSalesbricks(t *testing.T) {
	// Official vector: Salesbricks' legacy webhook page (printed there one '=' short; the
	// correctly padded value, which the page's own recipe produces, is used).
	const token = "33a6a6e4-d7ee-4cb3-affb-26535882bf85"
	const body = `{"test": "test_generate_signature"}`
	const sig = "+QjBChyGVwNThk1PWkrEoyoXNiZ5uzNiIFlMJd8vOi744tmRlcTkNMLpg4+zd7nGWn5DcN7IFnEmAoBlh4rVFA=="
	fresh := `{"id":"ord_1","total":1200}`
	freshSig := base64.StdEncoding.EncodeToString(seedMAC(sha512.New, token, fresh))
	for _, tc := range []seedCase{
		// The vector, and the recipe run independently.
		{"official_vector", providers.Salesbricks(token), nil, seedHeader("X-SALESBRICKS-KEY", sig), body, 200},
		{"unpadded", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", strings.TrimRight(sig, "=")), body, 200},
		{"round_trip", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", freshSig), fresh, 200},
		// Negatives.
		{"as_printed_one_pad_short", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", strings.TrimSuffix(sig, "=")), body, 401},
		{"one_byte_changed", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", sig), strings.Replace(body, "test_", "tesT_", 1), 401},
		{"wrong_key", providers.Salesbricks("another-token"), nil, seedHeader("X-Salesbricks-Key", sig), body, 401},
		{"hex_instead_of_base64", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", hex.EncodeToString(seedMAC(sha512.New, token, body))), body, 401},
		{"sha256_instead_of_sha512", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", base64.StdEncoding.EncodeToString(seedMAC(sha256.New, token, body))), body, 401},
		{"the_token_itself", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", token), body, 401},
		{"base64url", providers.Salesbricks(token), nil, seedHeader("X-Salesbricks-Key", base64.URLEncoding.EncodeToString(seedMAC(sha512.New, token, body))), body, 401},
		{"missing", providers.Salesbricks(token), nil, nil, body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

func TestSendsar(t *testing.T) {
	// Sample-derived vector: Sendsar's JavaScript and Python samples (seed-providers §c.6).
	const secret = "whsec_test_sendsar_secret"
	const sig = "sha256=d9363c3f9a15f20ab6d41a67ca285b1310aa04162b622e5122bb78d69470788a"
	fresh := `{"event":"message.sent","id":"m_1"}`
	for _, tc := range []seedCase{
		{"sample_vector", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", sig), seedBody, 200},
		{"round_trip", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", "sha256="+hex.EncodeToString(seedMAC(sha256.New, secret, fresh))), fresh, 200},
		{"missing_prefix", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", strings.TrimPrefix(sig, "sha256=")), seedBody, 401},
		{"other_prefix", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", "sha1="+strings.TrimPrefix(sig, "sha256=")), seedBody, 401},
		{"base64_of_the_mac", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", "sha256="+base64.StdEncoding.EncodeToString(seedMAC(sha256.New, secret, seedBody))), seedBody, 401},
		{"one_byte_changed", providers.Sendsar(secret), nil, seedHeader("X-Webhook-Signature", sig), strings.Replace(seedBody, "abc", "abd", 1), 401},
		// The whsec_ prefix is part of the key: decoding it as Standard Webhooks does is wrong.
		{"key_without_prefix", providers.Sendsar("test_sendsar_secret"), nil, seedHeader("X-Webhook-Signature", sig), seedBody, 401},
		{"rotation_second_secret", providers.Sendsar("whsec_old", secret), nil, seedHeader("X-Webhook-Signature", sig), seedBody, 200},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

func TestChatBotKit(t *testing.T) {
	// Sample-derived vector: ChatBotKit's Node.js sample (seed-providers §c.6).
	const secret = "cbk-secret"
	const sig = "sha256=77d4ffdb1b866b27e767ca45907043951cee8c88005f8b9db36dd2c39971e898"
	sha1Sig := "sha1=" + hex.EncodeToString(seedMAC(newSHA1, secret, seedBody))
	sha512Sig := "sha512=" + hex.EncodeToString(seedMAC(sha512.New, secret, seedBody))
	for _, tc := range []seedCase{
		{"sample_vector", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", sig), seedBody, 200},
		{"one_byte_changed", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", sig), seedBody + " ", 401},
		{"wrong_key", providers.ChatBotKit("other"), nil, seedHeader("X-Hub-Signature", sig), seedBody, 401},
		// The sender names the algorithm; only sha256 is pinned.
		{"sha1_refused", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", sha1Sig), seedBody, 401},
		{"sha512_refused_by_default", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", sha512Sig), seedBody, 401},
		{"sha512_allowed_explicitly", providers.ChatBotKitAllowing([]string{"sha256", "sha512"}, secret), nil, seedHeader("X-Hub-Signature", sha512Sig), seedBody, 200},
		{"md5_label", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "md5=0123456789abcdef0123456789abcdef"), seedBody, 401},
		// Malformed values are 401, never a panic or a 500.
		{"no_equals", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "sha256"), seedBody, 401},
		{"unknown_alg", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "foo=00"), seedBody, 401},
		{"wrong_length", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "sha256=abcd"), seedBody, 401},
		{"odd_hex", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", sig[:len(sig)-1]), seedBody, 401},
		{"not_hex", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "sha256="+strings.Repeat("zz", 32)), seedBody, 401},
		{"empty_value", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", ""), seedBody, 401},
		{"only_equals", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "="), seedBody, 401},
		{"huge", providers.ChatBotKit(secret), nil, seedHeader("X-Hub-Signature", "sha256="+strings.Repeat("a", 100000)), seedBody, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
	_, err := hooksig.New(providers.ChatBotKitAllowing([]string{"md5"}, secret))
	assert.ErrorIs(t, err, hooksig.ErrInvalidScheme, "MD5 cannot be allowed")
}

func TestFreepik(t *testing.T) {
	// Sample-derived vectors: Freepik's Python/JS/Java samples (raw key) and its PHP sample
	// (base64 key), seed-providers §c.6.
	const secret = "c2VjcmV0LWtleS1mb3ItZnJlZXBpaw=="
	const rawSig = "v1,T2OlPlkNdzKeYsLfBXKfgkUdq3ESVsW2Szj9PVJWGWE="
	const b64Sig = "v1,l8uWSjtXz6iX/b6y4QctJl3EXLMvylALAHw6tgg6IOM="
	at := hooksig.WithClock(func() time.Time { return time.Unix(1700000000, 30) })
	h := func(sig string) http.Header {
		return seedHeader("Webhook-Id", "wh_123", "Webhook-Timestamp", "1700000000", "Webhook-Signature", sig)
	}
	freshSig := base64.StdEncoding.EncodeToString(seedMAC(sha256.New, "my freepik secret", "wh_9.1700000000.{}"))
	for _, tc := range []seedCase{
		{"raw_key_vector", providers.Freepik(secret), []hooksig.Option{at}, h(rawSig), seedBody, 200},
		{"base64_key_vector", providers.FreepikBase64Key(secret), []hooksig.Option{at}, h(b64Sig), seedBody, 200},
		{"raw_key_refuses_php_reading", providers.Freepik(secret), []hooksig.Option{at}, h(b64Sig), seedBody, 401},
		{"base64_key_refuses_raw_reading", providers.FreepikBase64Key(secret), []hooksig.Option{at}, h(rawSig), seedBody, 401},
		// Labels are key versions: any label matches.
		{"label_v2", providers.Freepik(secret), []hooksig.Option{at}, h("v2," + strings.TrimPrefix(rawSig, "v1,")), seedBody, 200},
		{"rotation_list", providers.Freepik(secret), []hooksig.Option{at}, h("v1,AAAA v2," + strings.TrimPrefix(rawSig, "v1,")), seedBody, 200},
		{"round_trip", providers.Freepik("my freepik secret"), []hooksig.Option{at},
			seedHeader("Webhook-Id", "wh_9", "Webhook-Timestamp", "1700000000", "Webhook-Signature", "v1,"+freshSig), "{}", 200},
		// Negatives.
		{"one_byte_changed", providers.Freepik(secret), []hooksig.Option{at}, h(rawSig), strings.Replace(seedBody, "1.5", "2.5", 1), 401},
		{"stale", providers.Freepik(secret), []hooksig.Option{hooksig.WithClock(func() time.Time { return time.Unix(1700000301, 0) })}, h(rawSig), seedBody, 401},
		{"future", providers.Freepik(secret), []hooksig.Option{hooksig.WithClock(func() time.Time { return time.Unix(1699999699, 0) })}, h(rawSig), seedBody, 401},
		{"missing_id", providers.Freepik(secret), []hooksig.Option{at}, seedHeader("Webhook-Timestamp", "1700000000", "Webhook-Signature", rawSig), seedBody, 401},
		{"svix_headers_not_read", providers.Freepik(secret), []hooksig.Option{at},
			seedHeader("Svix-Id", "wh_123", "Svix-Timestamp", "1700000000", "Svix-Signature", rawSig), seedBody, 401},
		{"hex_signature", providers.Freepik(secret), []hooksig.Option{at},
			h("v1," + hex.EncodeToString(seedMAC(sha256.New, secret, "wh_123.1700000000."+seedBody))), seedBody, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}

func TestFreepikReplay(t *testing.T) {
	v, err := hooksig.New(providers.Freepik("k"), hooksig.WithClock(func() time.Time { return time.Unix(1700000000, 0) }))
	require.NoError(t, err)
	var calls int
	h := v.Handler(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { calls++ }))
	for ts := range 2 {
		text := strconv.Itoa(1700000000 + ts)
		sig := base64.StdEncoding.EncodeToString(seedMAC(sha256.New, "k", "wh_1."+text+".{}"))
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
		r.Header = seedHeader("Webhook-Id", "wh_1", "Webhook-Timestamp", text, "Webhook-Signature", "v1,"+sig)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		assert.Equal(t, 200, rec.Code)
	}
	assert.Equal(t, 1, calls, "the signed webhook-id goes to the replay store")
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
			rec := httptest.NewRecorder()
			v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, _ = io.ReadAll(r.Body)
				length = r.ContentLength
				d, _ = hooksig.DeliveryFrom(r.Context())
			})).ServeHTTP(rec, r)
			require.Equal(t, 200, rec.Code)
			assert.Equal(t, `{"a":1}`, string(got), "never the raw bytes the signature does not pin")
			assert.Equal(t, int64(7), length)
			require.NotNil(t, d)
			assert.True(t, d.Canonical)
			assert.Equal(t, `{"a":1}`, string(d.Body()))
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
