package hooksig

import "github.com/hooksig/hooksig/internal/jsstringify"

// implJSONStringify is JSONStringify.
var implJSONStringify = &Canonicalizer{
	name:    "JSON.stringify(JSON.parse(body))",
	maxBody: 100 << 10,
	fn:      func(body []byte) ([]byte, error) { return jsstringify.Canonical(body, 512) },
}

// JSONStringify is the canonical form JavaScript senders produce when they sign
// JSON.stringify(JSON.parse(body)) instead of the bytes they send (Fullup's Node.js sample
// signs JSON.stringify(req.body) after express.json()). It reproduces V8 exactly — key order
// with array indices first, duplicate keys (last value, first position), the number format,
// lone surrogates — and it refuses what Express would smooth over: a BOM, invalid UTF-8,
// an empty or non-JSON body, a top-level scalar, nesting deeper than 512, and bodies over
// 100 KiB (Express's own default limit), so an attacker cannot make every bad signature cost
// a large re-serialisation.
var JSONStringify *Canonicalizer = implJSONStringify
