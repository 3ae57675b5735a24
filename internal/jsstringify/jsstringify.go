// Package jsstringify reproduces, byte for byte, what JavaScript's
// JSON.stringify(JSON.parse(text)) returns for a webhook body.
//
// Some senders sign the re-serialised form of a parsed body instead of the bytes
// they put on the wire (the Fullup Node sample signs JSON.stringify(req.body)).
// [Canonical] computes that form in Go so the middleware can check a signature
// against it, following the rules in the shared research notes
// (seed-providers.md, section b and section c.2):
//
//   - input is refused unless JSON.parse accepts it: strict UTF-8, no byte order
//     mark, JSON whitespace only, strict number and escape grammar;
//   - as with Express's body-parser in its default strict mode, only a top-level
//     object or array is accepted, empty input is refused, and nesting deeper
//     than a cap is refused;
//   - duplicate keys keep the last value at the first key's position, keys are
//     compared as UTF-16 code units after unescaping;
//   - array-index keys ("0" … "4294967294") come first in ascending numeric
//     order, then the other keys in order of first appearance;
//   - strings escape only '"', '\\' and code units below U+0020 (short forms
//     where JSON has them, lowercase \u00xx otherwise) and lone surrogates
//     (lowercase \udxxx); everything else is written raw;
//   - numbers are rounded to float64 and printed with ECMAScript's
//     Number::toString; infinities print as null and -0 as 0.
//
// The parser is a hand-written scanner with explicit stacks: its time is linear
// in the input, and it never recurses, whatever the nesting.
package jsstringify

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

// DefaultMaxDepth is the nesting cap [Canonical] applies when it is given a
// maxDepth of zero or less. V8's JSON.stringify overflows its stack at about
// 4,170 levels (Node 20 defaults), so no sender can have signed anything deeper.
const DefaultMaxDepth = 512

// ErrNotJSON is wrapped by every error [Canonical] returns: the input is not
// something JSON.parse accepts, or the compatibility rules refuse it (top-level
// scalar, empty input, nesting over the cap). Error texts never contain input
// bytes, only a fixed reason and a byte offset.
var ErrNotJSON = errors.New("jsstringify: not an acceptable JSON document")

// Canonical returns exactly what JavaScript's JSON.stringify(JSON.parse(text))
// produces for text, or an error when JSON.parse would reject text or the compat
// rules below refuse it.
//
// Besides JSON.parse's own rejections, Canonical refuses empty input, a
// top-level value that is not an object or an array (body-parser's strict mode)
// and nesting of objects and arrays deeper than maxDepth (a document of depth
// exactly maxDepth is accepted; maxDepth <= 0 means [DefaultMaxDepth]). Every
// error wraps [ErrNotJSON].
//
// The result is a new slice that the caller owns; text is not retained or
// modified. Canonical is safe for concurrent use.
func Canonical(text []byte, maxDepth int) ([]byte, error) {
	return canonical(text, maxDepth, true)
}

// canonicalValue is Canonical without the top-level container rule: it is the
// plain JSON.stringify(JSON.parse(text)) function, used by the tests to check
// the rules against the full table, scalars included.
func canonicalValue(text []byte, maxDepth int) ([]byte, error) {
	return canonical(text, maxDepth, false)
}

func canonical(text []byte, maxDepth int, containerOnly bool) ([]byte, error) {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	switch {
	case len(text) == 0:
		return nil, refuse("empty input", 0)
	case len(text) > math.MaxInt32:
		return nil, refuse("input too large", 0)
	case bytes.HasPrefix(text, bom):
		return nil, refuse("byte order mark", 0)
	}
	if !utf8.Valid(text) {
		return nil, refuse("invalid UTF-8", invalidUTF8Offset(text))
	}
	if containerOnly {
		i := skipWS(text, 0)
		if i == len(text) {
			return nil, refuse("no value", i)
		}
		if c := text[i]; c != '{' && c != '[' {
			return nil, refuse("top-level value is not an object or an array", i)
		}
	}

	p := parserPool.Get().(*parser)
	defer p.release()
	p.src, p.maxDepth = text, maxDepth
	root, err := p.parse()
	if err != nil {
		return nil, err
	}
	return p.emit(make([]byte, 0, len(text)+8), root)
}

var bom = []byte{0xEF, 0xBB, 0xBF}

func refuse(reason string, offset int) error {
	return fmt.Errorf("%w: %s at byte offset %d", ErrNotJSON, reason, offset)
}

func invalidUTF8Offset(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func skipWS(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// The document model: a flat slice of nodes. Containers list their children,
// in output order, as a run of kids (objects as key, value pairs).

type kind uint8

const (
	kindNull kind = iota
	kindFalse
	kindTrue
	kindNumber
	kindString
	kindArray
	kindObject
)

type node struct {
	kind kind
	// slow is set on a string that contains escapes and on a number that must
	// go through ParseFloat (anything but a plain integer of at most 15 digits).
	slow bool
	// Scalars: the source span [a, b) (for strings, without the quotes).
	// Containers: kids[a : a+b].
	a, b int32
}

// frame is an open container while parsing.
type frame struct {
	node    int32 // index into nodes
	pending int32 // len(pending) when the container opened
}

// member is one object member while its object is being closed.
type member struct {
	key, val int32 // node indices
	// The key after unescaping, in a form whose byte equality is UTF-16
	// code-unit equality (see appendKey): the source span when the key has no
	// escapes, else keybuf[ko:ke].
	ko, ke  int32
	decoded bool
	isIndex bool
	index   uint32
}

// emitFrame is an open container while writing.
type emitFrame struct {
	node int32
	next int32 // next kid to write
}

type parser struct {
	src      []byte
	pos      int
	maxDepth int

	nodes   []node
	kids    []int32
	pending []int32 // children of the open containers, innermost last
	frames  []frame

	members []member
	indices []member
	keybuf  []byte
	table   []int32
	seed    maphash.Seed
	seeded  bool

	estack []emitFrame
}

var parserPool = sync.Pool{New: func() any { return new(parser) }}

// maxPooled bounds the node capacity of a parser that goes back to the pool, so
// one huge document does not pin its model in memory.
const maxPooled = 1 << 16

func (p *parser) release() {
	if cap(p.nodes) > maxPooled || cap(p.kids) > maxPooled || cap(p.keybuf) > maxPooled ||
		cap(p.table) > maxPooled || cap(p.members) > maxPooled || cap(p.pending) > maxPooled ||
		cap(p.frames) > 4096 || cap(p.estack) > 4096 {
		return
	}
	p.src = nil
	p.pos = 0
	p.nodes = p.nodes[:0]
	p.kids = p.kids[:0]
	p.pending = p.pending[:0]
	p.frames = p.frames[:0]
	p.members = p.members[:0]
	p.indices = p.indices[:0]
	p.keybuf = p.keybuf[:0]
	p.estack = p.estack[:0]
	parserPool.Put(p)
}

func (p *parser) fail(reason string) error { return refuse(reason, p.pos) }

func (p *parser) add(n node) int32 {
	p.nodes = append(p.nodes, n)
	return int32(len(p.nodes) - 1)
}

// parse reads one value and the whitespace around it, building the model, and
// returns the root's node index. It loops instead of recursing: frames is the
// stack of open containers.
func (p *parser) parse() (int32, error) {
	if p.nodes == nil {
		p.nodes = make([]node, 0, len(p.src)/8+4)
	}
	src := p.src
	var cur int32 // the value just completed
	wantValue := true
	for {
		if wantValue {
			p.pos = skipWS(src, p.pos)
			if p.pos >= len(src) {
				return 0, p.fail("unexpected end of input")
			}
			var err error
			switch c := src[p.pos]; c {
			case '{', '[':
				if len(p.frames) >= p.maxDepth {
					return 0, p.fail("nesting deeper than the limit")
				}
				k := kindArray
				if c == '{' {
					k = kindObject
				}
				idx := p.add(node{kind: k})
				p.frames = append(p.frames, frame{node: idx, pending: int32(len(p.pending))})
				p.pos = skipWS(src, p.pos+1)
				if p.pos < len(src) && src[p.pos] == c+2 { // '{'+2 == '}', '['+2 == ']'
					p.pos++
					cur = p.close()
					wantValue = false
					continue
				}
				if k == kindObject {
					if err := p.key(); err != nil {
						return 0, err
					}
				}
				continue // the first element or member value
			case '"':
				cur, err = p.str()
			case 't':
				cur, err = p.literal("true", kindTrue)
			case 'f':
				cur, err = p.literal("false", kindFalse)
			case 'n':
				cur, err = p.literal("null", kindNull)
			default:
				if c == '-' || c >= '0' && c <= '9' {
					cur, err = p.number()
				} else {
					err = p.fail("unexpected character")
				}
			}
			if err != nil {
				return 0, err
			}
			wantValue = false
		}

		// A value is complete: it is the root or the next child of the
		// innermost open container.
		if len(p.frames) == 0 {
			p.pos = skipWS(src, p.pos)
			if p.pos != len(src) {
				return 0, p.fail("unexpected data after the top-level value")
			}
			return cur, nil
		}
		p.pending = append(p.pending, cur)
		p.pos = skipWS(src, p.pos)
		if p.pos >= len(src) {
			return 0, p.fail("unexpected end of input")
		}
		k := p.nodes[p.frames[len(p.frames)-1].node].kind
		switch c := src[p.pos]; {
		case c == ',':
			p.pos = skipWS(src, p.pos+1)
			if k == kindObject {
				if err := p.key(); err != nil {
					return 0, err
				}
			}
			wantValue = true
		case c == ']' && k == kindArray, c == '}' && k == kindObject:
			p.pos++
			cur = p.close()
		default:
			return 0, p.fail("unexpected character")
		}
	}
}

// key reads an object key (p.pos is on its opening quote) and the colon after it.
func (p *parser) key() error {
	if p.pos >= len(p.src) || p.src[p.pos] != '"' {
		return p.fail("expected a string key")
	}
	k, err := p.str()
	if err != nil {
		return err
	}
	p.pending = append(p.pending, k)
	p.pos = skipWS(p.src, p.pos)
	if p.pos >= len(p.src) || p.src[p.pos] != ':' {
		return p.fail("expected a colon")
	}
	p.pos++
	return nil
}

func (p *parser) literal(word string, k kind) (int32, error) {
	if !bytes.HasPrefix(p.src[p.pos:], []byte(word)) {
		return 0, p.fail("invalid literal")
	}
	p.pos += len(word)
	return p.add(node{kind: k}), nil
}

// str reads a string; p.pos is on its opening quote.
func (p *parser) str() (int32, error) {
	src := p.src
	start := p.pos + 1
	escaped := false
	for i := start; i < len(src); {
		c := src[i]
		switch {
		case c == '"':
			p.pos = i + 1
			return p.add(node{kind: kindString, slow: escaped, a: int32(start), b: int32(i)}), nil
		case c == '\\':
			escaped = true
			if i+1 >= len(src) {
				p.pos = i
				return 0, p.fail("unterminated string")
			}
			switch src[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(src) || !isHex4(src[i+2:i+6]) {
					p.pos = i
					return 0, p.fail("invalid \\u escape")
				}
				i += 6
			default:
				p.pos = i
				return 0, p.fail("invalid escape")
			}
		case c < 0x20:
			p.pos = i
			return 0, p.fail("control character in string")
		default:
			i++
		}
	}
	p.pos = len(src)
	return 0, p.fail("unterminated string")
}

// number reads a number with JSON's grammar:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (p *parser) number() (int32, error) {
	src := p.src
	start := p.pos
	i := start
	if src[i] == '-' {
		i++
	}
	digitsStart := i
	switch {
	case i < len(src) && src[i] == '0':
		i++
	case i < len(src) && src[i] >= '1' && src[i] <= '9':
		i = skipDigits(src, i+1)
	default:
		p.pos = i
		return 0, p.fail("invalid number")
	}
	intDigits := i - digitsStart
	plain := true
	if i < len(src) && src[i] == '.' {
		plain = false
		j := skipDigits(src, i+1)
		if j == i+1 {
			p.pos = j
			return 0, p.fail("invalid number")
		}
		i = j
	}
	if i < len(src) && (src[i] == 'e' || src[i] == 'E') {
		plain = false
		i++
		if i < len(src) && (src[i] == '+' || src[i] == '-') {
			i++
		}
		j := skipDigits(src, i)
		if j == i {
			p.pos = j
			return 0, p.fail("invalid number")
		}
		i = j
	}
	p.pos = i
	// A plain integer of at most 15 digits is exact in a float64 and below
	// 1e21, so JavaScript prints it as written; only -0 needs the slow path.
	slow := !plain || intDigits > 15 || (src[start] == '-' && src[digitsStart] == '0')
	return p.add(node{kind: kindNumber, slow: slow, a: int32(start), b: int32(i)}), nil
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// close ends the innermost open container: its pending children become its
// kids (objects deduplicated and reordered) and it is popped.
func (p *parser) close() int32 {
	f := p.frames[len(p.frames)-1]
	p.frames = p.frames[:len(p.frames)-1]
	children := p.pending[f.pending:]
	base := len(p.kids)
	if p.nodes[f.node].kind == kindArray {
		p.kids = append(p.kids, children...)
	} else {
		p.closeObject(children)
	}
	n := &p.nodes[f.node]
	n.a, n.b = int32(base), int32(len(p.kids)-base)
	p.pending = p.pending[:f.pending]
	return f.node
}

// smallObject is the member count up to which duplicates are found by
// comparing every pair instead of hashing.
const smallObject = 16

// closeObject appends the object's members to kids in JavaScript's order:
// duplicate keys collapsed (last value, first position), then array-index keys
// first in ascending numeric order, the other keys in order of appearance.
func (p *parser) closeObject(pairs []int32) {
	if len(pairs) == 2 { // a single member: nothing to collapse or reorder
		p.kids = append(p.kids, pairs...)
		return
	}
	p.keybuf = p.keybuf[:0]
	ms := p.members[:0]
	for i := 0; i < len(pairs); i += 2 {
		m := member{key: pairs[i], val: pairs[i+1]}
		k := &p.nodes[m.key]
		if k.slow {
			m.decoded = true
			m.ko = int32(len(p.keybuf))
			p.keybuf = appendKey(p.keybuf, p.src[k.a:k.b])
			m.ke = int32(len(p.keybuf))
		}
		ms = append(ms, m)
	}
	p.members = ms

	// Collapse duplicates in place: out is a prefix of ms.
	var out []member
	if len(ms) <= smallObject {
		out = ms[:0]
	next:
		for _, m := range ms {
			key := p.keyBytes(&m)
			for j := range out {
				if bytes.Equal(p.keyBytes(&out[j]), key) {
					out[j].val = m.val
					continue next
				}
			}
			out = append(out, m)
		}
	} else {
		out = p.dedupeHashed(ms)
	}

	nIndex := 0
	for i := range out {
		m := &out[i]
		m.index, m.isIndex = arrayIndex(p.keyBytes(m))
		if m.isIndex {
			nIndex++
		}
	}
	if nIndex == 0 {
		for _, m := range out {
			p.kids = append(p.kids, m.key, m.val)
		}
		return
	}
	idx := p.indices[:0]
	for _, m := range out {
		if m.isIndex {
			idx = append(idx, m)
		}
	}
	slices.SortFunc(idx, func(a, b member) int { return cmp.Compare(a.index, b.index) })
	for _, m := range idx {
		p.kids = append(p.kids, m.key, m.val)
	}
	for _, m := range out {
		if !m.isIndex {
			p.kids = append(p.kids, m.key, m.val)
		}
	}
	p.indices = idx
}

// dedupeHashed is the duplicate collapse for large objects: an open-addressing
// table of positions in out, keyed by a seeded hash of the key bytes.
func (p *parser) dedupeHashed(ms []member) []member {
	if !p.seeded {
		p.seed, p.seeded = maphash.MakeSeed(), true
	}
	size := 1
	for size < 2*len(ms) {
		size <<= 1
	}
	if cap(p.table) < size {
		p.table = make([]int32, size)
	} else {
		p.table = p.table[:size]
		clear(p.table)
	}
	mask := uint64(size - 1)
	out := ms[:0]
	for _, m := range ms {
		key := p.keyBytes(&m)
		h := maphash.Bytes(p.seed, key) & mask
		for {
			slot := p.table[h]
			if slot == 0 { // empty: a new key
				out = append(out, m)
				p.table[h] = int32(len(out)) // position + 1
				break
			}
			if o := &out[slot-1]; bytes.Equal(p.keyBytes(o), key) {
				o.val = m.val
				break
			}
			h = (h + 1) & mask
		}
	}
	return out
}

func (p *parser) keyBytes(m *member) []byte {
	if m.decoded {
		return p.keybuf[m.ko:m.ke]
	}
	k := &p.nodes[m.key]
	return p.src[k.a:k.b]
}

// arrayIndex reports whether key is an ECMAScript array index, the canonical
// decimal form of an integer from 0 to 2^32-2, and its value.
func arrayIndex(key []byte) (uint32, bool) {
	if len(key) == 0 || len(key) > 10 {
		return 0, false
	}
	if key[0] == '0' {
		return 0, len(key) == 1
	}
	var v uint64
	for _, c := range key {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	if v > math.MaxUint32-1 {
		return 0, false
	}
	return uint32(v), true
}

// appendKey appends the unescaped form of a validated string body s in
// "generalised UTF-8": code points as UTF-8, a lone surrogate as the 3-byte
// sequence UTF-8 would use for it. Raw input is valid UTF-8 and never holds a
// surrogate, and an escaped high surrogate directly followed by an escaped low
// one is joined, so two keys have equal bytes exactly when their UTF-16
// code-unit sequences are equal.
func appendKey(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		j := bytes.IndexByte(s[i:], '\\')
		if j < 0 {
			return append(dst, s[i:]...)
		}
		dst = append(dst, s[i:i+j]...)
		i += j
		if s[i+1] != 'u' {
			dst = append(dst, unescapeShort[s[i+1]])
			i += 2
			continue
		}
		u, pair, n := unitAt(s, i)
		i += n
		switch {
		case pair >= 0:
			dst = utf8.AppendRune(dst, pair)
		case isSurrogate(u):
			dst = append(dst, 0xE0|byte(u>>12), 0x80|byte(u>>6)&0x3F, 0x80|byte(u)&0x3F)
		default:
			dst = utf8.AppendRune(dst, rune(u))
		}
	}
	return dst
}

// unitAt decodes the \uXXXX escape at s[i:]. When it is a high surrogate
// directly followed by an escaped low surrogate it returns the pair's code
// point and consumes both; otherwise pair is -1. n is the bytes consumed.
func unitAt(s []byte, i int) (u uint16, pair rune, n int) {
	u = hex4(s[i+2 : i+6])
	if u >= 0xD800 && u <= 0xDBFF && i+12 <= len(s) && s[i+6] == '\\' && s[i+7] == 'u' {
		if lo := hex4(s[i+8 : i+12]); lo >= 0xDC00 && lo <= 0xDFFF {
			return u, 0x10000 + (rune(u)-0xD800)<<10 + rune(lo) - 0xDC00, 12
		}
	}
	return u, -1, 6
}

func isSurrogate(u uint16) bool { return u >= 0xD800 && u <= 0xDFFF }

var unescapeShort = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

func isHex4(b []byte) bool {
	for _, c := range b[:4] {
		if hexVal[c] < 0 {
			return false
		}
	}
	return true
}

func hex4(b []byte) uint16 {
	return uint16(hexVal[b[0]])<<12 | uint16(hexVal[b[1]])<<8 | uint16(hexVal[b[2]])<<4 | uint16(hexVal[b[3]])
}

var hexVal = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = int8(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = int8(c - 'a' + 10)
		t[c-'a'+'A'] = int8(c - 'a' + 10)
	}
	return t
}()

// emit writes the model as JSON.stringify does, without recursion.
func (p *parser) emit(dst []byte, root int32) ([]byte, error) {
	stack := p.estack[:0]
	defer func() { p.estack = stack[:0] }()
	v := root
	var err error
	for {
		n := &p.nodes[v]
		switch n.kind {
		case kindArray, kindObject:
			open := byte('[')
			if n.kind == kindObject {
				open = '{'
			}
			dst = append(dst, open)
			if n.b == 0 {
				dst = append(dst, open+2)
			} else {
				stack = append(stack, emitFrame{node: v})
			}
		case kindString:
			dst = p.appendString(dst, n)
		case kindNumber:
			if dst, err = p.appendNumber(dst, n); err != nil {
				return nil, err
			}
		case kindTrue:
			dst = append(dst, "true"...)
		case kindFalse:
			dst = append(dst, "false"...)
		default:
			dst = append(dst, "null"...)
		}

		// Pick the next value to write, closing finished containers.
		for {
			if len(stack) == 0 {
				return dst, nil
			}
			top := &stack[len(stack)-1]
			c := &p.nodes[top.node]
			if top.next == c.b {
				if c.kind == kindObject {
					dst = append(dst, '}')
				} else {
					dst = append(dst, ']')
				}
				stack = stack[:len(stack)-1]
				continue
			}
			if top.next > 0 {
				dst = append(dst, ',')
			}
			at := c.a + top.next
			if c.kind == kindObject {
				dst = p.appendString(dst, &p.nodes[p.kids[at]])
				dst = append(dst, ':')
				v = p.kids[at+1]
				top.next += 2
			} else {
				v = p.kids[at]
				top.next++
			}
			break
		}
	}
}

// appendString writes a string node. Without escapes the source body is already
// in output form: it holds no quote, backslash or control character, and its
// other bytes are valid UTF-8 that JSON.stringify writes raw.
func (p *parser) appendString(dst []byte, n *node) []byte {
	s := p.src[n.a:n.b]
	dst = append(dst, '"')
	if !n.slow {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	for i := 0; i < len(s); {
		j := bytes.IndexByte(s[i:], '\\')
		if j < 0 {
			dst = append(dst, s[i:]...)
			break
		}
		dst = append(dst, s[i:i+j]...)
		i += j
		switch c := s[i+1]; c {
		case '/':
			dst = append(dst, '/')
			i += 2
		case 'u':
			u, pair, n := unitAt(s, i)
			i += n
			if pair >= 0 {
				dst = utf8.AppendRune(dst, pair)
			} else {
				dst = appendUnit(dst, u)
			}
		default: // \" \\ \b \f \n \r \t are written as they came
			dst = append(dst, '\\', c)
			i += 2
		}
	}
	return append(dst, '"')
}

const hexDigits = "0123456789abcdef"

// appendUnit writes one UTF-16 code unit (not part of a surrogate pair) as
// JSON.stringify's QuoteJSONString does.
func appendUnit(dst []byte, u uint16) []byte {
	switch {
	case u == '"' || u == '\\':
		return append(dst, '\\', byte(u))
	case u == '\b':
		return append(dst, '\\', 'b')
	case u == '\f':
		return append(dst, '\\', 'f')
	case u == '\n':
		return append(dst, '\\', 'n')
	case u == '\r':
		return append(dst, '\\', 'r')
	case u == '\t':
		return append(dst, '\\', 't')
	case u < 0x20 || isSurrogate(u):
		return append(dst, '\\', 'u', hexDigits[u>>12], hexDigits[u>>8&0xF], hexDigits[u>>4&0xF], hexDigits[u&0xF])
	default:
		return utf8.AppendRune(dst, rune(u))
	}
}

func (p *parser) appendNumber(dst []byte, n *node) ([]byte, error) {
	s := p.src[n.a:n.b]
	if !n.slow {
		return append(dst, s...), nil
	}
	f, err := strconv.ParseFloat(string(s), 64)
	if err != nil && !math.IsInf(f, 0) {
		// Unreachable for text that passed number(); fail closed anyway.
		return nil, refuse("invalid number", int(n.a))
	}
	return appendJSNumber(dst, f), nil
}

// appendJSNumber writes f as JSON.stringify does: NaN and infinities as null,
// -0 as 0, anything else with ECMAScript's Number::toString.
func appendJSNumber(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	if f == 0 {
		return append(dst, '0')
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	// Shortest round-trip digits d1…dk and exponent: "d[.ddd]e±xx".
	var buf [32]byte
	e := strconv.AppendFloat(buf[:0], f, 'e', -1, 64)
	var digits [24]byte
	k := 0
	i := 0
	for ; e[i] != 'e'; i++ {
		if e[i] != '.' {
			digits[k] = e[i]
			k++
		}
	}
	exp := 0
	for _, c := range e[i+2:] { // after "e+" or "e-"
		exp = exp*10 + int(c-'0')
	}
	if e[i+1] == '-' {
		exp = -exp
	}
	d := digits[:k]
	nn := exp + 1 // the decimal point sits after nn digits
	switch {
	case k <= nn && nn <= 21:
		dst = append(dst, d...)
		for range nn - k {
			dst = append(dst, '0')
		}
	case 0 < nn && nn <= 21:
		dst = append(dst, d[:nn]...)
		dst = append(dst, '.')
		dst = append(dst, d[nn:]...)
	case -6 < nn && nn <= 0:
		dst = append(dst, '0', '.')
		for range -nn {
			dst = append(dst, '0')
		}
		dst = append(dst, d...)
	default:
		dst = append(dst, d[0])
		if k > 1 {
			dst = append(dst, '.')
			dst = append(dst, d[1:]...)
		}
		dst = append(dst, 'e')
		if nn-1 >= 0 {
			dst = append(dst, '+')
		}
		dst = strconv.AppendInt(dst, int64(nn-1), 10)
	}
	return dst
}
