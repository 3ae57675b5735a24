package providers_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestVercel(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Vercel,
		Secret:      "hooksigVercelTestSecret24",
		OtherSecret: "anotherVercelSecret",
		Vectors:     presettest.Load(t, "testdata/vercel"),
	})
}

// SHA-1 is pinned: a SHA-256 value under the same header (Vercel Blob's callback scheme) is
// refused.
func TestVercelSignatureForms(t *testing.T) {
	const secret = "vercel-secret"
	body := `{"id":"evt_1","type":"deployment.succeeded","createdAt":1709294400000,"payload":{}}`
	m := seedMAC(newSHA1, secret, body)
	p := providers.Vercel(secret)
	h := func(v string) http.Header { return seedHeader("x-vercel-signature", v) }
	for _, tc := range []seedCase{
		{"documented_form", p, nil, h(hex.EncodeToString(m)), body, 200},
		{"upper_case_hex", p, nil, h(strings.ToUpper(hex.EncodeToString(m))), body, 200},
		{"rotation_second_secret", providers.Vercel("old-secret", secret), nil, h(hex.EncodeToString(m)), body, 200},
		// Negatives.
		{"hmac_sha256_blob_callback", p, nil, h(hex.EncodeToString(seedMAC(sha256.New, secret, body))), body, 401},
		{"sha1_prefix", p, nil, h("sha1=" + hex.EncodeToString(m)), body, 401},
		{"base64", p, nil, h(base64.StdEncoding.EncodeToString(m)), body, 401},
		{"wrong_secret", providers.Vercel("other-secret"), nil, h(hex.EncodeToString(m)), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}
