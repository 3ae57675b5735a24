package providers_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// p256Pair returns a fresh P-256 key pair as SendGrid's formats write it: the public key as
// base64 DER SubjectPublicKeyInfo, the private key as base64 PKCS #8.
func p256Pair(t *testing.T) (public, private string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	pub, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	require.NoError(t, err)
	priv, err := x509.MarshalPKCS8PrivateKey(k)
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(pub), base64.StdEncoding.EncodeToString(priv)
}

func TestSendGrid(t *testing.T) {
	pub, priv := p256Pair(t)
	otherPub, otherPriv := p256Pair(t)
	presettest.Run(t, presettest.Suite{
		New:    providers.SendGrid,
		Secret: pub, SigningSecret: priv,
		OtherSecret: otherPub, OtherSigningSecret: otherPriv,
		Vectors: presettest.Load(t, "testdata/sendgrid"),
		Body:    []byte("[{\"email\":\"PRESETTEST-BODY-MARKER@example.com\",\"event\":\"processed\"}]\r\n"),
	})
}

func TestSendGridKeys(t *testing.T) {
	_, priv := p256Pair(t)
	for name, k := range map[string]string{
		"private_key_for_the_route": priv,
		"pem":                       "-----BEGIN PUBLIC KEY-----\nMFkw...\n-----END PUBLIC KEY-----",
		"hex":                       "3059301306072a8648ce3d020106082a8648ce3d030107034200",
	} {
		_, err := hooksig.New(providers.SendGrid(k))
		assert.ErrorIs(t, err, hooksig.ErrInvalidSecret, name)
	}
}
