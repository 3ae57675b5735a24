package hooksig_test

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// An ECDSA P-256 scheme of SendGrid's shape: the signature checked with crypto/ecdsa directly
// over SHA-256(timestamp ‖ body), independently of the Signer.
func TestECDSAP256(t *testing.T) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	pubDER, err := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	require.NoError(t, err)
	privDER, err := x509.MarshalPKCS8PrivateKey(priv)
	require.NoError(t, err)
	scheme := hooksig.Scheme{
		Name:      "ecdsa",
		Fields:    []hooksig.Fields{{Signature: "X-Sig", Timestamp: "X-Ts"}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.ECDSAP256SHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Seconds},
		Key:       hooksig.ECDSAPublicDERBase64,
	}
	pub := base64.StdEncoding.EncodeToString(pubDER)
	now := time.Unix(1700000000, 0)
	v, err := hooksig.New(hooksig.Provider{Scheme: scheme, Secrets: []string{pub}}, hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)

	body := `{"event":"delivered"}`
	digest := sha256.Sum256([]byte("1700000000" + body))
	sig, err := ecdsa.SignASN1(rand.Reader, priv, digest[:])
	require.NoError(t, err)
	req := func(sig []byte, body string) *http.Request {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("X-Sig", base64.StdEncoding.EncodeToString(sig))
		r.Header.Set("X-Ts", "1700000000")
		return r
	}
	_, err = v.Verify(req(sig, body), []byte(body))
	assert.NoError(t, err, "a signature made with crypto/ecdsa verifies")
	_, err = v.Verify(req(sig, body+" "), []byte(body+" "))
	assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)
	bad := append([]byte(nil), sig...)
	bad[len(bad)-1] ^= 1
	_, err = v.Verify(req(bad, body), []byte(body))
	assert.ErrorIs(t, err, hooksig.ErrSignatureMismatch)

	// The Signer signs with the private key (PKCS #8), and its signatures verify with crypto/ecdsa.
	s, err := hooksig.NewSigner(hooksig.Provider{Scheme: scheme, Secrets: []string{base64.StdEncoding.EncodeToString(privDER)}})
	require.NoError(t, err)
	signed, err := s.Sign(hooksig.Message{Timestamp: now, Body: []byte(body)})
	require.NoError(t, err)
	raw, err := base64.StdEncoding.DecodeString(signed.Header.Get("X-Sig"))
	require.NoError(t, err)
	assert.True(t, ecdsa.VerifyASN1(&priv.PublicKey, digest[:], raw))

	// Keys: not P-256, not EC, not DER, a private key given to a receiver.
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	p384DER, _ := x509.MarshalPKIXPublicKey(&p384.PublicKey)
	edPub, _, _ := ed25519.GenerateKey(rand.Reader)
	edDER, _ := x509.MarshalPKIXPublicKey(edPub)
	for name, k := range map[string]string{
		"p384":        base64.StdEncoding.EncodeToString(p384DER),
		"ed25519":     base64.StdEncoding.EncodeToString(edDER),
		"garbage":     base64.StdEncoding.EncodeToString([]byte("not a key")),
		"private_key": base64.StdEncoding.EncodeToString(privDER),
		"not_base64":  "!!!",
	} {
		_, err := hooksig.New(hooksig.Provider{Scheme: scheme, Secrets: []string{k}})
		assert.ErrorIs(t, err, hooksig.ErrInvalidSecret, name)
	}
}

// Numbered signature headers (DocuSign): Name-1, Name-2, … are the lines of one field.
func TestNumberedSignatureHeaders(t *testing.T) {
	scheme := hooksig.Scheme{
		Name:      "numbered",
		Fields:    []hooksig.Fields{{Signature: "X-Sig-" + hooksig.NumberedSuffix}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.Body()},
		Key:       hooksig.RawKey,
	}
	mac := func(key, body string) string {
		s, err := hooksig.NewSigner(hooksig.Provider{Scheme: scheme, Secrets: []string{key}})
		require.NoError(t, err)
		signed, err := s.Sign(hooksig.Message{Body: []byte(body)})
		require.NoError(t, err)
		return signed.Header.Get("X-Sig-1")
	}
	v, err := hooksig.New(hooksig.Provider{Scheme: scheme, Secrets: []string{"new key"}})
	require.NoError(t, err)
	body := `{"envelopeId":"e1"}`
	good, other := mac("new key", body), mac("old key", body)
	for _, tc := range []struct {
		name   string
		header map[string]string
		want   error
	}{
		{"first", map[string]string{"X-Sig-1": good}, nil},
		{"second_of_two", map[string]string{"X-Sig-1": other, "X-Sig-2": good}, nil},
		{"gap_in_the_numbers", map[string]string{"X-Sig-1": other, "X-Sig-3": good}, nil},
		{"no_first", map[string]string{"X-Sig-2": good}, nil},
		{"not_a_number", map[string]string{"X-Sig-x": good}, hooksig.ErrMissingHeader},
		{"four_digits", map[string]string{"X-Sig-1000": good}, hooksig.ErrMissingHeader},
		{"unnumbered_name_is_not_read", map[string]string{"X-Sig-": good}, hooksig.ErrMissingHeader},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/", strings.NewReader(body))
			for k, val := range tc.header {
				r.Header.Set(k, val)
			}
			_, err := v.Verify(r, []byte(body))
			if tc.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tc.want)
			}
		})
	}
	// More than MaxEntries numbered headers is malformed, even with a good one among them.
	r := httptest.NewRequest("POST", "/", strings.NewReader(body))
	for i := 1; i <= hooksig.MaxEntries+1; i++ {
		r.Header.Set("X-Sig-"+itoa(i), other)
	}
	r.Header.Set("X-Sig-1", good)
	_, err = v.Verify(r, []byte(body))
	assert.ErrorIs(t, err, hooksig.ErrMalformedHeader)
	// The signer writes one header per key.
	s, err := hooksig.NewSigner(hooksig.Provider{Scheme: scheme, Secrets: []string{"k1", "k2"}})
	require.NoError(t, err)
	signed, err := s.Sign(hooksig.Message{Body: []byte(body)})
	require.NoError(t, err)
	assert.NotEmpty(t, signed.Header.Get("X-Sig-1"))
	assert.NotEmpty(t, signed.Header.Get("X-Sig-2"))
}

func itoa(i int) string { return strconv.Itoa(i) }
