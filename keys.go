package hooksig

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// A keyKind is what a parsed secret is: each algorithm names the kind it checks with.
type keyKind struct{ name string }

func (k *keyKind) String() string { return k.name }

// The kinds of keys.
var (
	kindSymmetric      = &keyKind{"symmetric secret"}
	kindEd25519Public  = &keyKind{"Ed25519 public key"}
	kindEd25519Private = &keyKind{"Ed25519 private key"} // signers only
	kindP256Public     = &keyKind{"P-256 public key"}
	kindP256Private    = &keyKind{"P-256 private key"} // signers only
)

// key is one parsed secret. It never leaves the package.
type key struct {
	kind *keyKind
	b    []byte // symmetric secret, public key, or private key
}

// A KeyFormat says how a configured secret becomes key bytes. Each scheme names its format
// explicitly; hooksig never guesses it from the look of a secret, except where the scheme's own
// specification defines the prefixes ([StandardWebhooksKey]). The zero KeyFormat is invalid.
type KeyFormat struct {
	name  string
	parse func(secret string, signing bool) (key, error)
}

// String returns the format's name.
func (f KeyFormat) String() string { return f.name }

// The key formats.
var (
	// implRawKey is RawKey.
	implRawKey = KeyFormat{"raw", func(s string, _ bool) (key, error) {
		return key{kindSymmetric, []byte(s)}, nil
	}}
	// implHexKey is HexKey.
	implHexKey = KeyFormat{"hex", func(s string, _ bool) (key, error) {
		b, err := hex.DecodeString(s)
		if err != nil {
			return key{}, errors.New("not hexadecimal")
		}
		return key{kindSymmetric, b}, nil
	}}
	// implBase64Key is Base64Key.
	implBase64Key = KeyFormat{"base64", func(s string, _ bool) (key, error) {
		b, err := decodeBase64Secret(s)
		if err != nil {
			return key{}, err
		}
		return key{kindSymmetric, b}, nil
	}}
	// implEd25519PublicHex is Ed25519PublicHex.
	implEd25519PublicHex = KeyFormat{"ed25519 public key (hex)", func(s string, signing bool) (key, error) {
		b, err := hex.DecodeString(s)
		if err != nil {
			return key{}, errors.New("not hexadecimal")
		}
		if signing {
			return ed25519Private(b)
		}
		return ed25519Public(b)
	}}
	// implEd25519PublicBase64 is Ed25519PublicBase64.
	implEd25519PublicBase64 = KeyFormat{"ed25519 public key (base64)", func(s string, signing bool) (key, error) {
		b, err := decodeBase64Secret(s)
		if err != nil {
			return key{}, err
		}
		if signing {
			return ed25519Private(b)
		}
		return ed25519Public(b)
	}}
	// implECDSAPublicDERBase64 is ECDSAPublicDERBase64.
	implECDSAPublicDERBase64 = KeyFormat{"P-256 public key (base64 DER)", func(s string, signing bool) (key, error) {
		b, err := decodeBase64Secret(s)
		if err != nil {
			return key{}, err
		}
		if signing {
			if _, err := parseP256Private(b); err != nil {
				return key{}, err
			}
			return key{kindP256Private, b}, nil
		}
		if _, err := parseP256Public(b); err != nil {
			return key{}, err
		}
		return key{kindP256Public, b}, nil
	}}
	// implStandardWebhooksKey is StandardWebhooksKey.
	implStandardWebhooksKey = KeyFormat{"standard webhooks (whsec_/whpk_)", parseStandardWebhooksKey}
)

// SymmetricKeyFormat declares a key format of a sender's own: parse turns the secret as the
// sender shows it into the HMAC key bytes, or refuses it with an error that must not repeat
// the secret. Use the formats above when one fits.
func SymmetricKeyFormat(name string, parse func(secret string) ([]byte, error)) KeyFormat {
	if name == "" || parse == nil {
		return KeyFormat{}
	}
	return KeyFormat{name, func(s string, _ bool) (key, error) {
		b, err := parse(s)
		if err != nil {
			return key{}, err
		}
		return key{kindSymmetric, b}, nil
	}}
}

// Base64AfterPrefix decodes the secret as standard base64 (padded or not) after removing prefix
// when it is present.
func Base64AfterPrefix(prefix string) KeyFormat {
	return KeyFormat{"base64 after " + prefix, func(s string, _ bool) (key, error) {
		b, err := decodeBase64Secret(strings.TrimPrefix(s, prefix))
		if err != nil {
			return key{}, err
		}
		return key{kindSymmetric, b}, nil
	}}
}

func parseStandardWebhooksKey(s string, signing bool) (key, error) {
	switch {
	case strings.HasPrefix(s, "whpk_"):
		if signing {
			return key{}, errors.New("a whpk_ public key cannot sign; give the signer the whsk_ key")
		}
		b, err := decodeBase64Secret(s[len("whpk_"):])
		if err != nil {
			return key{}, err
		}
		return ed25519Public(b)
	case strings.HasPrefix(s, "whsk_"):
		if !signing {
			return key{}, errors.New("whsk_ is a private key; a receiver needs the whpk_ public key")
		}
		b, err := decodeBase64Secret(s[len("whsk_"):])
		if err != nil {
			return key{}, err
		}
		return ed25519Private(b)
	default:
		b, err := decodeBase64Secret(strings.TrimPrefix(s, "whsec_"))
		if err != nil {
			// The common mistake: a sender whose secrets look like whsec_… but which signs
			// with the text itself.
			return key{}, errors.New("not valid base64 after whsec_ (Standard Webhooks secrets are base64; a sender that signs with the whsec_ text itself needs its own preset, such as providers.Sendsar)")
		}
		return key{kindSymmetric, b}, nil
	}
}

// secretProblem says what is wrong with a secret that no sender issues — whitespace at an
// end, quotes around it, an API key or access token given for a signing secret — or "" when
// nothing is. It never repeats the secret.
func secretProblem(s string) string {
	switch last := s[len(s)-1]; {
	case last == '\n' || last == '\r':
		return "it ends with a newline: trim it (files and environment variables often add one)"
	case last == ' ' || last == '\t' || s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r':
		return "it begins or ends with white space: trim it"
	case len(s) >= 2 && (s[0] == '"' && last == '"' || s[0] == '\'' && last == '\''):
		return "it is wrapped in quotes: drop them"
	}
	for _, p := range apiKeyPrefixes {
		if strings.HasPrefix(s, p) {
			return "this looks like an API key or access token (" + p + "…), not a webhook signing secret: use the endpoint's signing secret from the sender's webhook settings"
		}
	}
	return ""
}

// apiKeyPrefixes begin credentials that are never webhook signing secrets: Stripe's API keys,
// Slack's tokens, GitHub's and GitLab's access tokens.
var apiKeyPrefixes = []string{
	"sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "pk_test_",
	"xoxb-", "xoxp-", "xapp-", "ghp_", "gho_", "github_pat_", "glpat-",
}

// decodeBase64Secret decodes standard base64 strictly, with or without padding.
func decodeBase64Secret(s string) ([]byte, error) {
	if strings.ContainsAny(s, "\r\n") { // Go's decoders skip them even when strict
		return nil, errors.New("not valid base64")
	}
	enc := rawStdStrict
	if strings.HasSuffix(s, "=") {
		enc = stdStrict
	}
	b, err := enc.DecodeString(s)
	if err != nil {
		return nil, errors.New("not valid base64")
	}
	return b, nil
}

func ed25519Public(b []byte) (key, error) {
	if len(b) != ed25519.PublicKeySize {
		return key{}, fmt.Errorf("an Ed25519 public key has %d bytes, not %d", ed25519.PublicKeySize, len(b))
	}
	if smallOrder(b) {
		// With a key of small order, one fixed signature verifies every message.
		return key{}, errors.New("a degenerate Ed25519 public key (a point of small order)")
	}
	return key{kindEd25519Public, b}, nil
}

// smallOrderY holds, little-endian, the y-coordinates of the eight Edwards25519 points of order
// dividing 8: 1 (the identity), p−1 (order 2), 0 (order 4, twice) and ±y8 (order 8, four
// points), plus the non-canonical encodings p and p+1 of 0 and 1 that Go's decoder accepts.
// The sign bit (x's parity, the top bit of the last byte) is ignored: both signs are refused.
var smallOrderY = [][32]byte{
	{0x01},
	{0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{},
	{0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a},
	{0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05},
	{0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
	{0xee, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f},
}

// smallOrder reports whether the 32-byte encoding pub is a point of small order.
func smallOrder(pub []byte) bool {
	var y [32]byte
	copy(y[:], pub)
	y[31] &= 0x7f
	for _, s := range smallOrderY {
		if y == s {
			return true
		}
	}
	return false
}

func ed25519Private(b []byte) (key, error) {
	switch len(b) {
	case ed25519.SeedSize:
		return key{kindEd25519Private, ed25519.NewKeyFromSeed(b)}, nil
	case ed25519.PrivateKeySize:
		priv := ed25519.NewKeyFromSeed(b[:ed25519.SeedSize])
		if string(priv) != string(b) {
			return key{}, errors.New("the private key's public half does not match its seed")
		}
		return key{kindEd25519Private, priv}, nil
	default:
		return key{}, fmt.Errorf("an Ed25519 private key has %d or %d bytes, not %d", ed25519.SeedSize, ed25519.PrivateKeySize, len(b))
	}
}

// parseP256Public parses DER SubjectPublicKeyInfo holding a P-256 public key.
func parseP256Public(der []byte) (*ecdsa.PublicKey, error) {
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, errors.New("not a DER SubjectPublicKeyInfo public key")
	}
	pub, ok := k.(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, errors.New("not a P-256 ECDSA public key")
	}
	return pub, nil
}

// parseP256Private parses a P-256 private key from PKCS #8 or SEC 1 DER.
func parseP256Private(der []byte) (*ecdsa.PrivateKey, error) {
	var priv *ecdsa.PrivateKey
	if k, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		priv, _ = k.(*ecdsa.PrivateKey)
	} else if k, err := x509.ParseECPrivateKey(der); err == nil {
		priv = k
	}
	if priv == nil || priv.Curve != elliptic.P256() {
		return nil, errors.New("not a P-256 ECDSA private key (PKCS #8 or SEC 1 DER)")
	}
	return priv, nil
}

// The key formats.
var (
	// RawKey uses the secret's UTF-8 bytes as the HMAC key, prefix and all (GitHub, Stripe's
	// "whsec_…", Sendsar's "whsec_…").
	RawKey KeyFormat = implRawKey

	// HexKey decodes the secret from hexadecimal.
	HexKey KeyFormat = implHexKey

	// Base64Key decodes the secret from standard base64, padded or not.
	Base64Key KeyFormat = implBase64Key

	// Ed25519PublicHex reads a 32-byte Ed25519 public key written in hexadecimal (Discord). A
	// signer takes the 32-byte seed or the 64-byte private key, in hexadecimal.
	Ed25519PublicHex KeyFormat = implEd25519PublicHex

	// Ed25519PublicBase64 reads a 32-byte Ed25519 public key written in standard base64,
	// padded or not (Telnyx). A signer takes the 32-byte seed or the 64-byte private key, in
	// base64.
	Ed25519PublicBase64 KeyFormat = implEd25519PublicBase64

	// ECDSAPublicDERBase64 reads a P-256 public key as base64 of its DER SubjectPublicKeyInfo
	// (SendGrid's verification key); any other curve or key type is refused. A signer takes
	// the private key as base64 of its PKCS #8 or SEC 1 DER.
	ECDSAPublicDERBase64 KeyFormat = implECDSAPublicDERBase64

	// StandardWebhooksKey reads keys as the Standard Webhooks specification writes them:
	// "whsec_" + base64 is a symmetric secret (the prefix is optional; padding too), "whpk_" +
	// base64 an Ed25519 public key. A "whsk_" private key given to a receiver is an error (a
	// signer takes it, and "whsec_" secrets).
	StandardWebhooksKey KeyFormat = implStandardWebhooksKey
)
