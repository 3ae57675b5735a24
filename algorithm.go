package hooksig

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha1" //nolint:gosec // HMAC-SHA1 is what Twilio, Intercom and GitHub's legacy header send.
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// An Algorithm is a signature algorithm. A [Label] pins one; the algorithm decides which kind of
// key it is checked with (HMAC: the symmetric secrets; Ed25519: the public keys), so a public
// key is never used as an HMAC key. The zero Algorithm is invalid.
type Algorithm struct{ a *algorithm }

// Each algorithm is one declaration: its key kind, the lengths its signatures may have, how it
// checks a request's entries and how it signs. The engine knows nothing else about it.

type algorithm struct {
	name string
	// key is the kind of key a receiver checks with; signKey the kind a signer holds.
	key, signKey *keyKind
	// sigMin and sigMax bound a decoded signature's length.
	sigMin, sigMax int
	// whole: the algorithm needs the signed message as one slice (Ed25519 hashes it twice).
	whole bool
	// maxEntries bounds how many entries of this algorithm one request may have checked, so a
	// forged request cannot buy much work (0: no bound beyond MaxEntries).
	maxEntries int
	// prepare validates a key for this algorithm once, in New, and returns what match uses.
	prepare func(k *key) (any, error)
	// match reports whether one of sigs verifies m under the prepared key.
	match func(prepared any, m *message, sigs [][]byte, scratch *[maxDigest]byte) bool
	// sign signs msg with a signer's key.
	sign func(k *key, msg []byte) ([]byte, error)
	// mac, for symmetric algorithms, computes the algorithm's MAC of msg under the prepared key
	// (for a handshake's answer); nil otherwise.
	mac func(prepared any, msg []byte) []byte
}

// String returns the algorithm's name, such as "hmac-sha256".
func (a Algorithm) String() string {
	if a.a == nil {
		return "invalid algorithm"
	}
	return a.a.name
}

// maxDigest is the largest MAC or digest any algorithm computes.
const maxDigest = sha512.Size

// The algorithms a [Label] can pin.
var (
	// implHMACSHA1 is HMACSHA1.
	implHMACSHA1 = hmacAlgorithm("hmac-sha1", sha1.New, sha1.Size)
	// implHMACSHA256 is HMACSHA256.
	implHMACSHA256 = hmacAlgorithm("hmac-sha256", sha256.New, sha256.Size)
	// implHMACSHA512 is HMACSHA512.
	implHMACSHA512 = hmacAlgorithm("hmac-sha512", sha512.New, sha512.Size)

	// implEd25519 is Ed25519.
	implEd25519 = Algorithm{&algorithm{
		name: "ed25519", key: kindEd25519Public, signKey: kindEd25519Private,
		sigMin: ed25519.SignatureSize, sigMax: ed25519.SignatureSize,
		whole: true, maxEntries: 3,
		prepare: func(k *key) (any, error) { return ed25519.PublicKey(k.b), nil },
		match: func(p any, m *message, sigs [][]byte, _ *[maxDigest]byte) bool {
			for _, sig := range sigs {
				if ed25519.Verify(p.(ed25519.PublicKey), m.whole, sig) {
					return true
				}
			}
			return false
		},
		sign: func(k *key, msg []byte) ([]byte, error) { return ed25519.Sign(ed25519.PrivateKey(k.b), msg), nil },
	}}

	// implECDSAP256SHA256 is ECDSAP256SHA256.
	implECDSAP256SHA256 = Algorithm{&algorithm{
		name: "ecdsa-p256-sha256", key: kindP256Public, signKey: kindP256Private,
		sigMin: 8, sigMax: 72, maxEntries: 3,
		prepare: func(k *key) (any, error) { return parseP256Public(k.b) },
		match: func(p any, m *message, sigs [][]byte, scratch *[maxDigest]byte) bool {
			h := sha256.New()
			m.writeTo(h)
			digest := h.Sum(scratch[:0])
			for _, sig := range sigs {
				if sig != nil && ecdsa.VerifyASN1(p.(*ecdsa.PublicKey), digest, sig) {
					return true
				}
			}
			return false
		},
		sign: func(k *key, msg []byte) ([]byte, error) {
			priv, err := parseP256Private(k.b)
			if err != nil {
				return nil, err
			}
			digest := sha256.Sum256(msg)
			return ecdsa.SignASN1(rand.Reader, priv, digest[:])
		},
	}}

	// implSharedToken is SharedToken.
	implSharedToken = Algorithm{&algorithm{
		name: "shared token", key: kindSymmetric, signKey: kindSymmetric,
		sigMin: 1, sigMax: maxSigLen,
		prepare: func(k *key) (any, error) { return k.b, nil },
		match: func(p any, _ *message, sigs [][]byte, _ *[maxDigest]byte) bool {
			for _, sig := range sigs {
				if subtle.ConstantTimeCompare(p.([]byte), sig) == 1 {
					return true
				}
			}
			return false
		},
		sign: func(k *key, _ []byte) ([]byte, error) { return append([]byte(nil), k.b...), nil },
	}}
)

// implSecretPrefixSHA256 is SecretPrefixSHA256.
var implSecretPrefixSHA256 = Algorithm{&algorithm{
	name: "sha256(secret‖message)", key: kindSymmetric, signKey: kindSymmetric, sigMin: sha256.Size, sigMax: sha256.Size,
	prepare: func(k *key) (any, error) { return k.b, nil },
	match: func(p any, m *message, sigs [][]byte, scratch *[maxDigest]byte) bool {
		h := sha256.New()
		h.Write(p.([]byte))
		m.writeTo(h)
		sum := h.Sum(scratch[:0])
		for _, sig := range sigs {
			if subtle.ConstantTimeCompare(sum, sig) == 1 {
				return true
			}
		}
		return false
	},
	sign: func(k *key, msg []byte) ([]byte, error) {
		h := sha256.New()
		h.Write(k.b)
		h.Write(msg)
		return h.Sum(nil), nil
	},
}}

// hmacAlgorithm declares HMAC over newHash. Each key's keyed state is built once (in New, so a
// key the implementation refuses fails there) and pooled; a request computes one MAC per key
// and compares it with every entry.
func hmacAlgorithm(name string, newHash func() hash.Hash, size int) Algorithm {
	return Algorithm{&algorithm{
		name: name, key: kindSymmetric, signKey: kindSymmetric, sigMin: size, sigMax: size,
		prepare: func(k *key) (any, error) {
			h, err := tryHMAC(newHash, k.b)
			if err != nil {
				return nil, fmt.Errorf("%s refuses it (%v)", name, err)
			}
			pool := &sync.Pool{New: func() any { return hmac.New(newHash, k.b) }}
			pool.Put(h)
			return pool, nil
		},
		match: func(p any, m *message, sigs [][]byte, scratch *[maxDigest]byte) bool {
			pool := p.(*sync.Pool)
			h := pool.Get().(hash.Hash)
			h.Reset()
			m.writeTo(h)
			mac := h.Sum(scratch[:0])
			pool.Put(h)
			for _, sig := range sigs {
				if hmac.Equal(mac, sig) {
					return true
				}
			}
			return false
		},
		sign: func(k *key, msg []byte) ([]byte, error) {
			h := hmac.New(newHash, k.b)
			h.Write(msg)
			return h.Sum(nil), nil
		},
		mac: func(p any, msg []byte) []byte {
			pool := p.(*sync.Pool)
			h := pool.Get().(hash.Hash)
			defer pool.Put(h)
			h.Reset()
			h.Write(msg)
			return h.Sum(nil)
		},
	}}
}

// tryHMAC builds a keyed HMAC state, turning a panic of the HMAC implementation (in FIPS 140
// only mode it refuses short keys and SHA-1) into an error.
func tryHMAC(newHash func() hash.Hash, key []byte) (h hash.Hash, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return hmac.New(newHash, key), nil
}

// maxSigLen bounds a decoded signature (and a shared token): room for RSA-4096 signatures.
const maxSigLen = 1024

// An Encoding is how a signature is written as text. Decoding is strict: a decoder never skips
// characters it does not know. The zero Encoding is invalid.
type Encoding struct{ e *encoding }

type encoding struct {
	name string
	// decode decodes s into dst (len(dst) ≥ maxSigLen) and reports the length, or false.
	decode func(dst []byte, s string) (int, bool)
	encode func(sig []byte) string
}

// String returns the encoding's name.
func (e Encoding) String() string {
	if e.e == nil {
		return "invalid encoding"
	}
	return e.e.name
}

var (
	stdStrict    = base64.StdEncoding.Strict()
	rawStdStrict = base64.RawStdEncoding.Strict()
	urlStrict    = base64.URLEncoding.Strict()
)

// The signature encodings.
var (
	// implHex is Hex.
	implHex = Encoding{&encoding{"hex", decodeHex, hex.EncodeToString}}
	// implBase64 is Base64.
	implBase64 = Encoding{&encoding{"base64", base64Decoder(stdStrict, nil), base64.StdEncoding.EncodeToString}}
	// implBase64OptionalPadding is Base64OptionalPadding.
	implBase64OptionalPadding = Encoding{&encoding{"base64 (padding optional)", base64Decoder(stdStrict, rawStdStrict), base64.StdEncoding.EncodeToString}}
	// implBase64URL is Base64URL.
	implBase64URL = Encoding{&encoding{"base64url", base64Decoder(urlStrict, nil), base64.URLEncoding.EncodeToString}}
	// implVerbatim is Verbatim.
	implVerbatim = Encoding{&encoding{"verbatim", func(dst []byte, s string) (int, bool) {
		if len(s) == 0 || len(s) > maxSigLen {
			return 0, false
		}
		return copy(dst, s), true
	}, func(sig []byte) string { return string(sig) }}}
)

// maxTextLen bounds an encoded signature: hex of maxSigLen bytes. Longer text is refused
// before decoding.
const maxTextLen = 2 * maxSigLen

func decodeHex(dst []byte, s string) (int, bool) {
	if len(s) == 0 || len(s)%2 != 0 || len(s)/2 > len(dst) {
		return 0, false
	}
	dst = dst[:len(s)/2]
	bad := byte(0)
	for i := range dst {
		hi, lo := unhex[s[2*i]], unhex[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo&0x0f
	}
	return len(dst), bad&0x80 == 0
}

// unhex maps a hexadecimal digit (either case) to its value, anything else to 0xff.
var unhex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i, c := range "0123456789abcdef" {
		t[c] = byte(i)
	}
	for i, c := range "ABCDEF" {
		t[c] = byte(10 + i)
	}
	return t
}()

// base64Decoder decodes with padded, or — when the text has no trailing '=' and unpadded is
// set — with unpadded. Go's base64 decoders skip CR and LF even when strict; a signature never
// contains them, so they are refused here.
func base64Decoder(padded, unpadded *base64.Encoding) func(dst []byte, s string) (int, bool) {
	return func(dst []byte, s string) (int, bool) {
		if len(s) == 0 || len(s) > maxTextLen || strings.IndexByte(s, '\n') >= 0 || strings.IndexByte(s, '\r') >= 0 {
			return 0, false
		}
		enc := padded
		if unpadded != nil && s[len(s)-1] != '=' {
			enc = unpadded
		}
		if enc.DecodedLen(len(s)) > len(dst) {
			return 0, false
		}
		var n int
		var err error
		if len(s) <= 128 { // the common case, without zeroing a large array
			var src [128]byte
			n, err = enc.Decode(dst, src[:copy(src[:], s)])
		} else {
			var src [maxTextLen]byte
			n, err = enc.Decode(dst, src[:copy(src[:], s)])
		}
		return n, err == nil
	}
}

// The algorithms a [Label] can pin.
var (
	// HMACSHA1 is HMAC (RFC 2104) with SHA-1: weak as a hash, still sound as a MAC, and what
	// Twilio, Vercel and GitHub's legacy header send.
	HMACSHA1 Algorithm = implHMACSHA1
	// HMACSHA256 is HMAC with SHA-256, what most senders use.
	HMACSHA256 Algorithm = implHMACSHA256
	// HMACSHA512 is HMAC with SHA-512.
	HMACSHA512 Algorithm = implHMACSHA512

	// Ed25519 is pure Ed25519 (RFC 8032) over the whole signed message. At most three entries
	// are checked per request, each against every public key: an Ed25519 check hashes the
	// whole message, and a forged request must not buy sixteen of them per key.
	Ed25519 Algorithm = implEd25519

	// ECDSAP256SHA256 is ECDSA over the P-256 curve with SHA-256 of the signed message, the
	// signature in ASN.1 DER (SendGrid's Event Webhook). The message is streamed into the
	// hash, like HMAC; as for Ed25519, at most three entries are checked per request.
	ECDSAP256SHA256 Algorithm = implECDSAP256SHA256

	// SharedToken is no signature at all: the sender sends the configured secret itself
	// (GitLab's X-Gitlab-Token), compared in constant time. It authenticates the sender only as
	// far as the secret stays secret, and it authenticates no byte of the body: a route that
	// uses it is weaker than any signature, and says so. Tokens of up to 1024 bytes are
	// compared; the entry must be written with the [Verbatim] encoding.
	SharedToken Algorithm = implSharedToken

	// SecretPrefixSHA256 is no MAC: the SHA-256 of the secret followed by the message, as
	// HubSpot's v1 and v2 signatures are. A hash keyed by a prefix admits length extension: anyone
	// who saw one signature can sign that message with bytes of their choice appended (after
	// SHA-256's padding). Only opt-in presets use it, each with a [Check] that refuses an extended
	// body ([JSONBody]).
	SecretPrefixSHA256 Algorithm = implSecretPrefixSHA256
)

// The signature encodings.
var (
	// Hex: upper- or lower-case hexadecimal (senders write lower case; both decode the same).
	Hex Encoding = implHex

	// Base64: standard alphabet, padded.
	Base64 Encoding = implBase64

	// Base64OptionalPadding: standard alphabet, with or without the trailing '='.
	Base64OptionalPadding Encoding = implBase64OptionalPadding

	// Base64URL: URL-safe alphabet, padded.
	Base64URL Encoding = implBase64URL

	// Verbatim: the text is the value, byte for byte (a [SharedToken]).
	Verbatim Encoding = implVerbatim
)
