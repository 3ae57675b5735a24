package hooksig

import (
	"crypto/hmac"
	"crypto/sha256"
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
