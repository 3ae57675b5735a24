package hooksig

import (
	"crypto/ed25519"
	"crypto/sha1" //nolint:gosec // HMAC-SHA1 is what Twilio, Intercom and GitHub's legacy header send.
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strings"
)

type algKind uint8

const (
	algHMAC algKind = iota + 1
	algEd25519
)

// An Algorithm is a signature algorithm. A [Label] pins one; the algorithm decides which kind of
// key it is checked with (HMAC: the symmetric secrets; Ed25519: the public keys), so a public
// key is never used as an HMAC key. The zero Algorithm is invalid.
type Algorithm struct {
	name    string
	kind    algKind
	newHash func() hash.Hash
	size    int // signature length in bytes
}

// The algorithms a [Label] can pin.
var (
	HMACSHA1   = Algorithm{"hmac-sha1", algHMAC, sha1.New, sha1.Size}
	HMACSHA256 = Algorithm{"hmac-sha256", algHMAC, sha256.New, sha256.Size}
	HMACSHA512 = Algorithm{"hmac-sha512", algHMAC, sha512.New, sha512.Size}
	// Ed25519 is pure Ed25519 (RFC 8032) over the whole signed message.
	Ed25519 = Algorithm{"ed25519", algEd25519, nil, ed25519.SignatureSize}
)

// String returns the algorithm's name, such as "hmac-sha256".
func (a Algorithm) String() string { return a.name }

func (a Algorithm) valid() bool { return a.kind != 0 }

// maxSigLen bounds a decoded signature; every algorithm above fits.
const maxSigLen = 64

type encKind uint8

const (
	encHex encKind = iota + 1
	encBase64
	encBase64OptionalPadding
	encBase64URL
)

// An Encoding is how a signature is written as text. Decoding is strict: a decoder never skips
// characters it does not know. The zero Encoding is invalid.
type Encoding struct {
	name string
	kind encKind
}

// The signature encodings.
var (
	// Hex: upper- or lower-case hexadecimal (senders write lower case; both decode the same).
	Hex = Encoding{"hex", encHex}
	// Base64: standard alphabet, padded.
	Base64 = Encoding{"base64", encBase64}
	// Base64OptionalPadding: standard alphabet, with or without the trailing '='.
	Base64OptionalPadding = Encoding{"base64 (padding optional)", encBase64OptionalPadding}
	// Base64URL: URL-safe alphabet, padded.
	Base64URL = Encoding{"base64url", encBase64URL}
)

// String returns the encoding's name.
func (e Encoding) String() string { return e.name }

func (e Encoding) valid() bool { return e.kind != 0 }

var (
	stdStrict    = base64.StdEncoding.Strict()
	rawStdStrict = base64.RawStdEncoding.Strict()
	urlStrict    = base64.URLEncoding.Strict()
)

// maxTextLen bounds an encoded signature: hex of maxSigLen bytes. Longer text is refused
// before decoding.
const maxTextLen = 2 * maxSigLen

// decode decodes s into dst (at least maxSigLen long) and reports the length; ok is false when
// s is not valid in this encoding or decodes to more than maxSigLen bytes. It does not allocate.
// Go's base64 decoders skip CR and LF even when strict; a signature never contains them, so
// they are refused here.
func (e Encoding) decode(dst []byte, s string) (n int, ok bool) {
	if len(s) == 0 || len(s) > maxTextLen || strings.IndexByte(s, '\r') >= 0 || strings.IndexByte(s, '\n') >= 0 {
		return 0, false
	}
	var src [maxTextLen]byte
	m := copy(src[:], s)
	in := src[:m]
	var out [maxTextLen]byte // room for any decoding of maxTextLen characters
	var err error
	switch e.kind {
	case encHex:
		if m%2 != 0 {
			return 0, false
		}
		n, err = hex.Decode(out[:], in)
	case encBase64:
		n, err = stdStrict.Decode(out[:], in)
	case encBase64OptionalPadding:
		if in[m-1] == '=' {
			n, err = stdStrict.Decode(out[:], in)
		} else {
			n, err = rawStdStrict.Decode(out[:], in)
		}
	case encBase64URL:
		n, err = urlStrict.Decode(out[:], in)
	default:
		return 0, false
	}
	if err != nil || n > len(dst) {
		return 0, false
	}
	return copy(dst, out[:n]), true
}

// encode writes sig as text, the way a sender does (hex in lower case, base64 padded).
func (e Encoding) encode(sig []byte) string {
	switch e.kind {
	case encHex:
		return hex.EncodeToString(sig)
	case encBase64URL:
		return base64.URLEncoding.EncodeToString(sig)
	default:
		return base64.StdEncoding.EncodeToString(sig)
	}
}
