package hooksig

import (
	"crypto/ed25519"
	"crypto/rand"
	"math/big"
	"testing"
)

// An independent check of smallOrderY: each y (with either sign of x) decodes to a point on
// Edwards25519 whose eighth multiple is the identity, computed here with math/big from the
// curve's definition (RFC 8032, section 5.1): −x² + y² = 1 + d·x²·y² over GF(2^255 − 19).
func TestSmallOrderTableIsSmallOrder(t *testing.T) {
	p := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	d := new(big.Int).Mul(big.NewInt(-121665), new(big.Int).ModInverse(big.NewInt(121666), p))
	d.Mod(d, p)
	mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
	type point struct{ x, y *big.Int }
	add := func(a, b point) point { // the complete twisted Edwards addition law, a = −1
		x1y2 := mod(new(big.Int).Mul(a.x, b.y))
		y1x2 := mod(new(big.Int).Mul(a.y, b.x))
		y1y2 := mod(new(big.Int).Mul(a.y, b.y))
		x1x2 := mod(new(big.Int).Mul(a.x, b.x))
		dxy := mod(new(big.Int).Mul(d, mod(new(big.Int).Mul(x1x2, y1y2))))
		one := big.NewInt(1)
		x3 := mod(new(big.Int).Mul(mod(new(big.Int).Add(x1y2, y1x2)), new(big.Int).ModInverse(mod(new(big.Int).Add(one, dxy)), p)))
		y3 := mod(new(big.Int).Mul(mod(new(big.Int).Add(y1y2, x1x2)), new(big.Int).ModInverse(mod(new(big.Int).Sub(one, dxy)), p)))
		return point{x3, y3}
	}
	for i, enc := range smallOrderY {
		le := enc
		for j := 0; j < 16; j++ {
			le[j], le[31-j] = le[31-j], le[j]
		}
		y := mod(new(big.Int).SetBytes(le[:])) // non-canonical encodings reduce mod p
		// x² = (y² − 1) / (d·y² + 1)
		y2 := mod(new(big.Int).Mul(y, y))
		num := mod(new(big.Int).Sub(y2, big.NewInt(1)))
		den := mod(new(big.Int).Add(mod(new(big.Int).Mul(d, y2)), big.NewInt(1)))
		x2 := mod(new(big.Int).Mul(num, new(big.Int).ModInverse(den, p)))
		x := new(big.Int).ModSqrt(x2, p)
		if x == nil {
			t.Fatalf("entry %d: y is not on the curve", i)
		}
		for _, sx := range []*big.Int{x, mod(new(big.Int).Neg(x))} {
			q := point{sx, y}
			for range 3 { // q = [8]P
				q = add(q, q)
			}
			if q.x.Sign() != 0 || q.y.Cmp(big.NewInt(1)) != 0 {
				t.Errorf("entry %d: [8]P is not the identity", i)
			}
		}
		for _, sign := range []byte{0, 0x80} {
			k := enc
			k[31] |= sign
			if _, err := ed25519Public(k[:]); err == nil {
				t.Errorf("entry %d (sign %#x): a small-order key was accepted", i, sign)
			}
		}
	}
	for range 100 {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		if smallOrder(pub) {
			t.Fatal("a generated key was taken for a small-order point")
		}
	}
}

// Why small-order keys are refused: with the identity as the public key, the signature
// (R = identity, S = 0) verifies every message.
func TestIdentityKeyVerifiesEverything(t *testing.T) {
	identity := make([]byte, 32)
	identity[0] = 1
	sig := make([]byte, 64)
	copy(sig, identity)
	for _, msg := range []string{"a", "b", "any message at all"} {
		if !ed25519.Verify(identity, []byte(msg), sig) {
			t.Fatalf("the forgery did not verify %q; the test's premise is wrong", msg)
		}
	}
	if _, err := ed25519Public(identity); err == nil {
		t.Fatal("the identity was accepted as a public key")
	}
}
