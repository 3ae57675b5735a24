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

func TestLemonSqueezy(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.LemonSqueezy,
		Secret:      "hooksig-lemon-secret-42",
		OtherSecret: "another-lemon-secret",
		Vectors:     presettest.Load(t, "testdata/lemonsqueezy"),
	})
}

// A bare hex digest, no prefix, in X-Signature.
func TestLemonSqueezySignatureForms(t *testing.T) {
	const secret = "lemon-secret"
	body := `{"meta":{"event_name":"subscription_created"},"data":{"type":"subscriptions","id":"7"}}`
	m := seedMAC(sha256.New, secret, body)
	p := providers.LemonSqueezy(secret)
	h := func(v string) http.Header {
		return seedHeader(providers.HeaderLemonSqueezySignature, v, providers.HeaderLemonSqueezyEventName, "subscription_created")
	}
	for _, tc := range []seedCase{
		{"documented_form", p, nil, h(hex.EncodeToString(m)), body, 200},
		{"upper_case_hex", p, nil, h(strings.ToUpper(hex.EncodeToString(m))), body, 200},
		{"rotation_second_secret", providers.LemonSqueezy("old-secret", secret), nil, h(hex.EncodeToString(m)), body, 200},
		// Negatives.
		{"sha256_prefix", p, nil, h("sha256=" + hex.EncodeToString(m)), body, 401},
		{"base64", p, nil, h(base64.StdEncoding.EncodeToString(m)), body, 401},
		{"truncated", p, nil, h(hex.EncodeToString(m[:16])), body, 401},
		{"third_party_header_name", p, nil, seedHeader("X-LemonSqueezy-Signature", hex.EncodeToString(m)), body, 401},
		{"wrong_secret", providers.LemonSqueezy("other-secret"), nil, h(hex.EncodeToString(m)), body, 401},
	} {
		t.Run(tc.name, func(t *testing.T) { runSeed(t, tc) })
	}
}
