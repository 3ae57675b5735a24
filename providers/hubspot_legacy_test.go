package providers_test

import (
	"crypto/sha256"
	"encoding"
	"encoding/binary"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// extend forges SHA-256(secret ‖ body ‖ glue ‖ suffix) from SHA-256(secret ‖ body) and the
// length of secret ‖ body alone, without the secret: a length extension.
func extend(t *testing.T, sum []byte, signedLen int, suffix []byte) (glue []byte, forged []byte) {
	t.Helper()
	glue = append([]byte{0x80}, make([]byte, (55-signedLen%64+64)%64)...)
	glue = binary.BigEndian.AppendUint64(glue, uint64(signedLen)*8)
	h := sha256.New()
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	require.NoError(t, err)
	copy(state[4:36], sum) // the chaining value: the published signature
	binary.BigEndian.PutUint64(state[len(state)-8:], uint64(signedLen+len(glue)))
	require.NoError(t, h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state))
	h.Write(suffix)
	return glue, h.Sum(nil)
}

// HubSpot's v1 is SHA-256(secret ‖ body): a captured delivery can be extended with chosen
// bytes. JSONBody is what refuses it.
func TestHubSpotV1LengthExtension(t *testing.T) {
	const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
	body := `[{"eventId":1,"subscriptionType":"contact.creation","objectId":123}]`
	sum := sha256.Sum256([]byte(secret + body))
	glue, forged := extend(t, sum[:], len(secret)+len(body), []byte(`,{"objectId":999}]`))
	extended := body + string(glue) + `,{"objectId":999}]`
	real := sha256.Sum256([]byte(secret + extended))
	require.Equal(t, real[:], forged, "the forgery is a valid v1 signature")

	send := func(p hooksig.Provider) int {
		v, err := hooksig.New(p)
		require.NoError(t, err)
		r := httptest.NewRequest("POST", "/hubspot", strings.NewReader(extended))
		r.Header.Set(providers.HeaderHubSpotSignature, hex.EncodeToString(forged))
		return serveRec(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) })), r).Code
	}
	assert.Equal(t, 401, send(providers.HubSpotV1(secret)), "the preset refuses the extended body")
	unchecked := providers.HubSpotV1(secret)
	unchecked.Scheme.Checks = nil
	assert.Equal(t, 204, send(unchecked), "without JSONBody the forgery would pass")
}
