package providers_test

import (
	"crypto/sha512"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestChatBotKitKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.ChatBotKit, Secret: "cbk-secret",
		OtherSecret: "another-cbk-secret", Vectors: presettest.Load(t, "testdata/chatbotkit")})
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
