package providers_test

import (
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestSalesbricksKit(t *testing.T) {
	presettest.Run(t, presettest.Suite{New: providers.Salesbricks, Secret: "33a6a6e4-d7ee-4cb3-affb-26535882bf85",
		OtherSecret: "another-salesbricks-token", Vectors: presettest.Load(t, "testdata/salesbricks")})
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
