package providers_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestFreepikKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Freepik, Secret: "c2VjcmV0LWtleS1mb3ItZnJlZXBpaw==",
		OtherSecret: "another-freepik-secret", Vectors: presettest.Load(t, "testdata/freepik")})
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
