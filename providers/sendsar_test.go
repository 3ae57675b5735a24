package providers_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestSendsarKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Sendsar, Secret: "whsec_test_sendsar_secret",
		OtherSecret: "whsec_another_sendsar_secret", Vectors: presettest.Load(t, "testdata/sendsar")})
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
