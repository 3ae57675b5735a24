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

func TestTypeform(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Typeform,
		Secret:      "3f1c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a",
		OtherSecret: "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d",
		Vectors:     presettest.Load(t, "testdata/typeform"),
	})
}

// "sha256=" then padded standard base64; the "=" of the padding is not a label separator.
func TestTypeformSignatureForms(t *testing.T) {
	const secret = "typeform-secret"
	body := `{"event_id":"01HQZ8","event_type":"form_response","form_response":{"answers":[]}}`
	m := seedMAC(sha256.New, secret, body)
	b64 := base64.StdEncoding.EncodeToString(m)
	if !strings.HasSuffix(b64, "=") {
		t.Fatal("a SHA-256 MAC in base64 ends in one '='")
	}
	p := providers.Typeform(secret)
	h := func(v string) http.Header { return seedHeader(providers.HeaderTypeformSignature, v) }
	for _, tc := range []seedCase{
		{"documented_form", p, nil, h("sha256=" + b64), body, 200},
		{"rotation_second_secret", providers.Typeform("old-secret", secret), nil, h("sha256=" + b64), body, 200},
		// Negatives.
		{"unpadded", p, nil, h("sha256=" + strings.TrimRight(b64, "=")), body, 401},
		{"no_prefix", p, nil, h(b64), body, 401},
		{"upper_case_label", p, nil, h("SHA256=" + b64), body, 401},
		{"hex", p, nil, h("sha256=" + hex.EncodeToString(m)), body, 401},
		{"sha1_label_and_mac", p, nil, h("sha1=" + base64.StdEncoding.EncodeToString(seedMAC(newSHA1, secret, body))), body, 401},
		{"list_not_supported", p, nil, h("sha256=" + b64 + ",sha256=" + b64), body, 401},
		{"wrong_secret", providers.Typeform("other-secret"), nil, h("sha256=" + b64), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}
