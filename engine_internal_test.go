package hooksig

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingHash counts how many MACs are computed (one Reset each).
type countingHash struct {
	hash.Hash
	resets *atomic.Int32
}

func (c countingHash) Reset() {
	c.resets.Add(1)
	c.Hash.Reset()
}

// Each symmetric key's MAC is computed once per request and compared with every v1 entry,
// however many entries there are.
func TestEachKeyMACComputedOncePerRequest(t *testing.T) {
	secrets := []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"}
	s := Scheme{
		Name:   "sw",
		Fields: []Fields{{Signature: "Webhook-Signature", Timestamp: "Webhook-Timestamp", ID: "Webhook-Id"}},
		Signature: Signature{Separator: " ", Assign: ",", Encoding: Base64,
			Labels: []Label{{Name: "v1", Algorithm: HMACSHA256}}},
		Signed:    []Part{ID(), Lit("."), TimestampText(), Lit("."), Body()},
		Timestamp: &Timestamp{Unit: Seconds},
		Key:       StandardWebhooksKey,
	}
	v, err := New(Provider{Scheme: s, Secrets: secrets}, WithClock(func() time.Time { return time.Unix(1614265330, 0) }), WithoutReplay())
	require.NoError(t, err)
	var resets atomic.Int32
	eng := v.cands[0].eng
	for ki, k := range eng.keys {
		kb := k.b
		eng.keys[ki].prep[0] = &sync.Pool{New: func() any {
			return countingHash{hmac.New(sha256.New, kb), &resets}
		}}
	}
	wrong := strings.Repeat("v1,"+strings.Repeat("A", 43)+"= ", 16)
	r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
	r.Header.Set("Webhook-Id", "msg_1")
	r.Header.Set("Webhook-Timestamp", "1614265330")
	r.Header.Set("Webhook-Signature", wrong)
	_, err = v.Verify(r, []byte("{}"))
	assert.ErrorIs(t, err, ErrSignatureMismatch)
	assert.Equal(t, int32(len(secrets)), resets.Load(), "one MAC per key for 16 entries")
}

// A forged request with sixteen v1a entries and two public keys buys at most 3 × 2 Ed25519
// checks: only the first three well-formed entries of an asymmetric algorithm are kept.
func TestAsymmetricEntriesBounded(t *testing.T) {
	pub1, _, _ := ed25519.GenerateKey(nil)
	pub2, _, _ := ed25519.GenerateKey(nil)
	s := Scheme{
		Name:   "sw",
		Fields: []Fields{{Signature: "Webhook-Signature", Timestamp: "Webhook-Timestamp", ID: "Webhook-Id"}},
		Signature: Signature{Separator: " ", Assign: ",", Encoding: Base64,
			Labels: []Label{{Name: "v1", Algorithm: HMACSHA256}, {Name: "v1a", Algorithm: Ed25519}}},
		Signed:    []Part{ID(), Lit("."), TimestampText(), Lit("."), Body()},
		Timestamp: &Timestamp{Unit: Seconds},
		Key:       StandardWebhooksKey,
	}
	whpk := func(p ed25519.PublicKey) string { return "whpk_" + base64.StdEncoding.EncodeToString(p) }
	v, err := New(Provider{Scheme: s, Secrets: []string{whpk(pub1), whpk(pub2)}}, WithClock(func() time.Time { return time.Unix(1614265330, 0) }), WithoutReplay())
	require.NoError(t, err)
	eng := v.cands[0].eng
	var checks atomic.Int32
	// Wrap the algorithm's match to count each signature it is handed.
	counted := *eng.algs[1]
	counted.match = func(p any, m *message, sigs [][]byte, scratch *[maxDigest]byte) bool {
		checks.Add(int32(len(sigs)))
		return Ed25519.a.match(p, m, sigs, scratch)
	}
	eng.algs[1] = &counted
	forged := "v1a," + base64.StdEncoding.EncodeToString(make([]byte, 64))
	r, _ := http.NewRequest(http.MethodPost, "/", strings.NewReader("{}"))
	r.Header.Set("Webhook-Id", "msg_1")
	r.Header.Set("Webhook-Timestamp", "1614265330")
	r.Header.Set("Webhook-Signature", strings.TrimSpace(strings.Repeat(forged+" ", 16)))
	_, err = v.Verify(r, []byte("{}"))
	assert.ErrorIs(t, err, ErrSignatureMismatch)
	assert.Equal(t, int32(6), checks.Load(), "3 entries × 2 keys")
}

// decodeHex agrees with encoding/hex on every case that matters: both cases of letters, and
// refusals for odd lengths and any other byte.
func TestDecodeHex(t *testing.T) {
	for _, s := range []string{"00ff", "00FF", "0aBc", "", "0", "0g", "g0", "zz", "0\x80", "\xff0", " 0", "00ff00ff00ff00ff00ff00ff00ff00ff"} {
		want, werr := hex.DecodeString(s)
		var dst [64]byte
		n, ok := decodeHex(dst[:], s)
		if s == "" {
			assert.False(t, ok, "an empty signature is no signature")
			continue
		}
		assert.Equal(t, werr == nil, ok, "%q", s)
		if ok {
			assert.Equal(t, want, dst[:n], "%q", s)
		}
	}
}
