package jsstringify

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsRestringifyCases is the test table from shared seed-providers.md §b,
// verified against V8 there (Node 20: want = JSON.stringify(JSON.parse(in))),
// copied verbatim. It includes top-level scalars, which canonicalValue accepts
// and Canonical refuses.
var jsRestringifyCases = []struct {
	name, in, want string // want == "" means JSON.parse threw (SyntaxError): reject
}{
	{"keyorder-insertion", "{\"b\":1,\"a\":2}", "{\"b\":1,\"a\":2}"},
	{"keyorder-intfirst", "{\"b\":1,\"2\":2,\"1\":3,\"a\":4}", "{\"1\":3,\"2\":2,\"b\":1,\"a\":4}"},
	{"keyorder-int-numeric-not-lexical", "{\"10\":\"x\",\"9\":\"y\",\"100\":\"z\"}", "{\"9\":\"y\",\"10\":\"x\",\"100\":\"z\"}"},
	{"keyorder-nonindex-like", "{\"-1\":1,\"01\":2,\"1.5\":3,\"1e2\":4,\"0\":5,\" 1\":6}", "{\"0\":5,\"-1\":1,\"01\":2,\"1.5\":3,\"1e2\":4,\" 1\":6}"},
	{"keyorder-2^32-2-vs-2^32-1", "{\"a\":0,\"4294967295\":1,\"4294967294\":2,\"9007199254740993\":3}", "{\"4294967294\":2,\"a\":0,\"4294967295\":1,\"9007199254740993\":3}"},
	{"keyorder-nested", "{\"z\":{\"y\":1,\"0\":2},\"1\":[{\"b\":1,\"a\":2}]}", "{\"1\":[{\"b\":1,\"a\":2}],\"z\":{\"0\":2,\"y\":1}}"},
	{"dup-last-wins-first-position", "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}"},
	{"dup-int-key", "{\"1\":1,\"a\":2,\"1\":3}", "{\"1\":3,\"a\":2}"},
	{"dup-value-type-change", "{\"a\":{\"x\":1},\"b\":0,\"a\":[1]}", "{\"a\":[1],\"b\":0}"},
	{"proto-key", "{\"__proto__\":{\"x\":1},\"a\":1}", "{\"__proto__\":{\"x\":1},\"a\":1}"},
	{"empty-key", "{\"\":1,\"a\":{\"\":2}}", "{\"\":1,\"a\":{\"\":2}}"},
	{"ctl-u-escapes-lowercase", "\"\\u0000\\u0001\\u001F\\u001b\"", "\"\\u0000\\u0001\\u001f\\u001b\""},
	{"ctl-short-escapes-from-u", "\"\\u0008\\u000C\\u000A\\u000D\\u0009\"", "\"\\b\\f\\n\\r\\t\""},
	{"ctl-short-escapes", "\"\\b\\f\\n\\r\\t\"", "\"\\b\\f\\n\\r\\t\""},
	{"quote-backslash", "\"\\\"\\\\\"", "\"\\\"\\\\\""},
	{"solidus-unescaped", "\"\\/a/b\"", "\"/a/b\""},
	{"del-0x7f-literal", "\"\\u007f\"", "\"\x7f\""},
	{"html-chars-literal", "\"\\u003c\\u003e\\u0026\\u0027<>&'\"", "\"<>&'<>&'\""},
	{"latin1-literal", "\"\\u00e9\\u00E9\"", "\"\u00e9\u00e9\""},
	{"raw-utf8-literal", "\"\u00e9\U0001f600\"", "\"\u00e9\U0001f600\""},
	{"ls-ps-literal", "\"\\u2028\\u2029\"", "\"\u2028\u2029\""},
	{"surrogate-pair-to-literal", "\"\\ud83d\\ude00\"", "\"\U0001f600\""},
	{"lone-high-surrogate", "\"\\uD800\"", "\"\\ud800\""},
	{"lone-low-surrogate", "\"\\udc00x\"", "\"\\udc00x\""},
	{"reversed-surrogates", "\"\\ude00\\ud83d\"", "\"\\ude00\\ud83d\""},
	{"ascii-u-escape", "\"\\u0041\\u0062\"", "\"Ab\""},
	{"bmp-private-ffff", "\"\\uffff\\ufeff\"", "\"\uffff\ufeff\""},
	{"key-escapes", "{\"\\u0061\":1,\"\\n\":2}", "{\"a\":1,\"\\n\":2}"},
	{"num-1.0", "[1.0,1.50,-2.000]", "[1,1.5,-2]"},
	{"num-exp-forms", "[1E3,1e+3,1e-3,0.1e1,10e-1]", "[1000,1000,0.001,1,1]"},
	{"num-1e21", "[1e21,1e20,123456789012345678901]", "[1e+21,100000000000000000000,123456789012345680000]"},
	{"num-small-thresholds", "[0.000001,0.0000001,0.0000012345,1.5e-7]", "[0.000001,1e-7,0.0000012345,1.5e-7]"},
	{"num-neg-zero", "[-0,-0.0,-0e5,0e-5]", "[0,0,0,0]"},
	{"num-2^53", "[9007199254740992,9007199254740993,9007199254740995]", "[9007199254740992,9007199254740992,9007199254740996]"},
	{"num-big-int", "[12345678901234567890,123456789012345678901234567890]", "[12345678901234567000,1.2345678901234568e+29]"},
	{"num-extremes", "[1.7976931348623157e308,5e-324,2.2250738585072014e-308]", "[1.7976931348623157e+308,5e-324,2.2250738585072014e-308]"},
	{"num-overflow-to-null", "[1e400,-1e400,1e309]", "[null,null,null]"},
	{"num-underflow", "[1e-400,-1e-400,2e-324,3e-324]", "[0,0,0,5e-324]"},
	{"num-shortest-roundtrip", "[0.1,0.2,0.30000000000000004,0.3000000000000000444,1.23e-18,123e-20]", "[0.1,0.2,0.30000000000000004,0.30000000000000004,1.23e-18,1.23e-18]"},
	{"num-many-digits", "[3.14159265358979323846264338327950288,2.718281828459045235360287]", "[3.141592653589793,2.718281828459045]"},
	{"num-exp-with-mantissa", "[1.5e300,-2.5e-100,1e100,4.35]", "[1.5e+300,-2.5e-100,1e+100,4.35]"},
	{"num-ints", "[0,-1,100,1e2,2147483648,4294967296]", "[0,-1,100,100,2147483648,4294967296]"},
	{"whitespace-removed", " \t\r\n{ \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { } } \n", "{\"a\":[1,2],\"b\":{}}"},
	{"literals", "[true,false,null,{},[],\"\"]", "[true,false,null,{},[],\"\"]"},
	{"top-level-scalars-string", "\"x\"", "\"x\""},
	{"top-level-scalars-number", " 1.0 ", "1"},
	{"top-level-null", "null", "null"},
	{"deep-mixed", "{\"a\":[{\"2\":null,\"1\":true}],\"0\":{\"c\":\"\\u00e9\\u0000\"}}", "{\"0\":{\"c\":\"\u00e9\\u0000\"},\"a\":[{\"1\":true,\"2\":null}]}"},
	{"num-huge-exponent-text", "[1e99999999999999999999,1e-99999999999999999999,0e99999999999999999999]", "[null,0,0]"},
	{"num-long-zero-mantissa", "[0.000000000000000000000000000000000000000000000000001e51,100000000000000000000000000000000000000000e-41]", "[1,1]"},
	{"num-halfway-rounding", "[9007199254740993.0000000001,1.00000000000000011102230246251565404236316680908203125]", "[9007199254740994,1]"},
	{"fullup-doc-sample-pretty", "{\n  \"event\": \"order.created\",\n  \"data\": {\n    \"order\": {\n      \"id\": \"clu4vbgnv000k10ari7ybonyw\",\n      \"subtotal\": 10000,\n      \"createdAt\": \"2024-03-24T01:56:23.707Z\"\n    },\n    \"address\": {\n      \"lat\": 25.814354,\n      \"lng\": -80.194278\n    }\n  }\n}", "{\"event\":\"order.created\",\"data\":{\"order\":{\"id\":\"clu4vbgnv000k10ari7ybonyw\",\"subtotal\":10000,\"createdAt\":\"2024-03-24T01:56:23.707Z\"},\"address\":{\"lat\":25.814354,\"lng\":-80.194278}}}"},
	{"invalid-bom-prefix", "\ufeff{\"a\":1}", ""},
	{"invalid-trailing-comma", "{\"a\":1,}", ""},
	{"invalid-leading-zero", "[01]", ""},
	{"invalid-raw-control-in-string", "\"a\tb\"", ""},
	{"invalid-single-quotes", "{'a':1}", ""},
	{"invalid-nan", "[NaN]", ""},
	{"invalid-u2028-as-whitespace", "{\"a\":1}\u2028", ""},
	{"invalid-nbsp-as-whitespace", "\u00a0{}", ""},
	{"invalid-x-escape", "\"\\x41\"", ""},
	{"invalid-bare-fraction", "[.5]", ""},
	{"invalid-empty", "", ""},
}

// isContainerDoc reports whether the first non-whitespace byte opens an object
// or an array, the body-parser strict-mode test Canonical applies.
func isContainerDoc(in string) bool {
	t := strings.TrimLeft(in, " \t\r\n")
	return t != "" && (t[0] == '{' || t[0] == '[')
}

func TestTable(t *testing.T) {
	require.Len(t, jsRestringifyCases, 63)
	for _, tc := range jsRestringifyCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := canonicalValue([]byte(tc.in), DefaultMaxDepth)
			if tc.want == "" {
				require.ErrorIs(t, err, ErrNotJSON)
				assert.Nil(t, got)
			} else {
				require.NoError(t, err)
				assert.Equal(t, tc.want, string(got))
			}

			got, err = Canonical([]byte(tc.in), DefaultMaxDepth)
			if tc.want == "" || !isContainerDoc(tc.in) {
				require.ErrorIs(t, err, ErrNotJSON)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

// More cases from rules 1–16 of seed-providers.md §b. Their expectations follow
// the rules; TestNodeDifferential also runs them through V8 when node is on the
// PATH.
var ruleCases = []struct {
	name, in, want string // want == "" means refused
}{
	// Rule 1: strict UTF-8.
	{"utf8-invalid-byte", "[\"\xff\"]", ""},
	{"utf8-invalid-outside-string", "[1]\xff", ""},
	{"utf8-truncated", "[\"\xc3\"]", ""},
	{"utf8-overlong-slash", "[\"\xc0\xaf\"]", ""},
	{"utf8-encoded-surrogate", "[\"\xed\xa0\x80\"]", ""},
	{"utf8-above-max", "[\"\xf4\x90\x80\x80\"]", ""},
	// Rule 2: BOM, also after whitespace.
	{"bom-after-ws", " \ufeff[]", ""},
	{"bom-inside-string-is-content", "[\"\ufeff\"]", "[\"\ufeff\"]"},
	// Rule 3: whitespace.
	{"ws-formfeed", "[]\f", ""},
	{"ws-vtab", "\v[]", ""},
	{"ws-u2029", "[\u2029]", ""},
	{"ws-all-four", "\r\n\t [\r\n\t 1\r\n\t ]\r\n\t ", "[1]"},
	// Rule 4: literals.
	{"lit-upper", "[True]", ""},
	{"lit-truncated", "[nul]", ""},
	{"lit-glued", "[truefalse]", ""},
	{"lit-undefined", "[undefined]", ""},
	// Rule 5: number grammar.
	{"num-00", "[00]", ""},
	{"num-plus", "[+1]", ""},
	{"num-infinity", "[Infinity]", ""},
	{"num-neg-infinity", "[-Infinity]", ""},
	{"num-hex", "[0x10]", ""},
	{"num-minus-alone", "[-]", ""},
	{"num-exp-no-digits", "[1e]", ""},
	{"num-exp-sign-no-digits", "[1e+]", ""},
	{"num-neg-leading-zero", "[-01]", ""},
	{"num-dot-exp", "[1.e5]", ""},
	{"num-trailing-dot", "[1.]", ""},
	{"num-neg-dot", "[-.5]", ""},
	{"num-15-digits-verbatim", "[999999999999999,-100000000000000]", "[999999999999999,-100000000000000]"},
	{"num-16-digits", "[1234567890123456,9999999999999999]", "[1234567890123456,10000000000000000]"},
	{"num-21-digit-boundary", "[999999999999999999999,1e21,-1e21]", "[1e+21,1e+21,-1e+21]"},
	{"num-neg-small", "[-0.000001,-1e-7,-0.0]", "[-0.000001,-1e-7,0]"},
	// Rule 6: strings and escapes.
	{"esc-upper-U", "[\"\\U0041\"]", ""},
	{"esc-quote-single", "[\"\\'\"]", ""},
	{"esc-short-u", "[\"\\u12\"]", ""},
	{"esc-bad-hex", "[\"\\u12G4\"]", ""},
	{"esc-at-end", "[\"\\", ""},
	{"str-unterminated", "[\"abc", ""},
	{"str-raw-newline", "[\"a\nb\"]", ""},
	{"str-raw-nul", "[\"\x00\"]", ""},
	{"str-raw-del", "[\"\x7f\"]", "[\"\x7f\"]"},
	{"str-high-then-pair", "[\"\\ud83d\\ud83d\\ude00\"]", "[\"\\ud83d\U0001f600\"]"},
	{"str-pair-upper-hex", "[\"\\uD83D\\uDE00\"]", "[\"\U0001f600\"]"},
	{"str-high-then-short-escape", "[\"\\ud800\\n\"]", "[\"\\ud800\\n\"]"},
	{"str-high-at-end", "[\"a\\udbff\"]", "[\"a\\udbff\"]"},
	{"str-escaped-quote-backslash-u", "[\"\\u0022\\u005c\\u005C\"]", "[\"\\\"\\\\\\\\\"]"},
	{"str-escaped-controls", "[\"\\u007F\\u0080\\u00a0\\u2028\"]", "[\"\x7f\u0080\u00a0\u2028\"]"},
	// Rules 10–12: duplicates and key order.
	{"dup-escaped-vs-raw", "{\"\u00e9\":1,\"\\u00e9\":2}", "{\"\u00e9\":2}"},
	{"dup-pair-vs-raw", "{\"\U0001f600\":1,\"x\":0,\"\\ud83d\\ude00\":2}", "{\"\U0001f600\":2,\"x\":0}"},
	{"dup-lone-surrogate-not-fffd", "{\"\\ud800\":1,\"\ufffd\":2,\"\\uD800\":3}", "{\"\\ud800\":3,\"\ufffd\":2}"},
	{"dup-escaped-index-key", "{\"b\":0,\"\\u0031\":1,\"1\":2}", "{\"1\":2,\"b\":0}"},
	{"dup-nested-independent", "{\"a\":{\"a\":1,\"a\":2},\"b\":[{\"a\":3,\"a\":4}]}", "{\"a\":{\"a\":2},\"b\":[{\"a\":4}]}"},
	{"dup-escape-short-vs-u", "{\"\\n\":1,\"\\u000a\":2,\"\\/\":3,\"/\":4}", "{\"\\n\":2,\"/\":4}"},
	{"keyorder-zero-and-max", "{\"x\":1,\"4294967294\":2,\"0\":3}", "{\"0\":3,\"4294967294\":2,\"x\":1}"},
	{"keyorder-index-with-escape-digits", "{\"a\":1,\"\\u0032\":2}", "{\"2\":2,\"a\":1}"},
	{"proto-and-friends", "{\"constructor\":1,\"toString\":2,\"length\":3,\"__proto__\":4}", "{\"constructor\":1,\"toString\":2,\"length\":3,\"__proto__\":4}"},
	// Structure.
	{"trailing-comma-array", "[1,]", ""},
	{"leading-comma", "[,1]", ""},
	{"missing-colon", "{\"a\" 1}", ""},
	{"non-string-key", "{1:1}", ""},
	{"unclosed", "[1,[2]", ""},
	{"mismatched-close", "[1}", ""},
	{"two-values", "[] []", ""},
	{"comment", "[]//", ""},
	{"only-ws", " \n", ""},
	{"empty-nested", "[{},[],{\"a\":[]}]", "[{},[],{\"a\":[]}]"},
}

func TestRules(t *testing.T) {
	for _, tc := range ruleCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := canonicalValue([]byte(tc.in), DefaultMaxDepth)
			if tc.want == "" {
				require.ErrorIs(t, err, ErrNotJSON)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(got))
		})
	}
}

func TestCanonicalRefusals(t *testing.T) {
	for name, in := range map[string]string{
		"empty":             "",
		"whitespace only":   " \t\r\n",
		"top-level string":  `"x"`,
		"top-level number":  " 1.0 ",
		"top-level null":    "null",
		"top-level true":    "true",
		"top-level false":   "false",
		"top-level negnum":  "-1",
		"bom":               "\ufeff{\"a\":1}",
		"bom array":         "\ufeff[]",
		"invalid utf-8":     "{\"a\":\"\xff\"}",
		"invalid utf-8 key": "{\"\xc3\x28\":1}",
		"nbsp":              "\u00a0{}",
		"scalar then junk":  `1 {}`,
	} {
		t.Run(name, func(t *testing.T) {
			got, err := Canonical([]byte(in), DefaultMaxDepth)
			require.ErrorIs(t, err, ErrNotJSON)
			assert.Nil(t, got)
		})
	}
}

func TestCanonicalDoesNotModifyInput(t *testing.T) {
	in := []byte(`{"b":1,"a":2,"b":3,"1":"\u00e9"}`)
	orig := bytes.Clone(in)
	got, err := Canonical(in, DefaultMaxDepth)
	require.NoError(t, err)
	assert.Equal(t, `{"1":"é","b":3,"a":2}`, string(got))
	assert.Equal(t, orig, in)
}

func TestErrorsCarryNoInput(t *testing.T) {
	const secret = "hunter2-SECRET"
	for _, in := range []string{
		`{"token":"` + secret + `",}`,
		`{"token":"` + secret + "\xff" + `"}`,
		`{"token":"` + secret + `"`,
		`{"token":` + secret + `}`,
		`"` + secret + `"`,
		"\ufeff" + `{"token":"` + secret + `"}`,
		strings.Repeat("[", 600) + secret,
	} {
		_, err := Canonical([]byte(in), DefaultMaxDepth)
		require.ErrorIs(t, err, ErrNotJSON)
		assert.NotContains(t, err.Error(), "hunter2")
		assert.NotContains(t, err.Error(), "token")
		assert.Contains(t, err.Error(), "byte offset")
	}
}

func nested(open, close string, depth int) []byte {
	return []byte(strings.Repeat(open, depth) + strings.Repeat(close, depth))
}

// mixed nests depth/2 pairs of an array holding an object, around a 0.
func mixed(half int) []byte {
	if half == 0 {
		return nil
	}
	return []byte(strings.Repeat(`[{"a":`, half) + "0" + strings.Repeat("}]", half))
}

func nestedObjects(depth int) []byte {
	return []byte(strings.Repeat(`{"a":`, depth-1) + "{}" + strings.Repeat("}", depth-1))
}

func TestDepth(t *testing.T) {
	for _, limit := range []int{1, 2, 17, DefaultMaxDepth} {
		t.Run(strconv.Itoa(limit), func(t *testing.T) {
			for _, doc := range [][]byte{nested("[", "]", limit), nestedObjects(limit), mixed(limit / 2)} {
				if len(doc) == 0 {
					continue
				}
				got, err := Canonical(doc, limit)
				require.NoError(t, err, "depth == limit must be accepted")
				assert.Equal(t, string(doc), string(got))
			}
			for _, doc := range [][]byte{nested("[", "]", limit+1), nestedObjects(limit + 1)} {
				_, err := Canonical(doc, limit)
				require.ErrorIs(t, err, ErrNotJSON, "depth == limit+1 must be refused")
				assert.Contains(t, err.Error(), "nesting")
			}
		})
	}

	t.Run("zero means default", func(t *testing.T) {
		_, err := Canonical(nested("[", "]", DefaultMaxDepth), 0)
		require.NoError(t, err)
		_, err = Canonical(nested("[", "]", DefaultMaxDepth+1), -1)
		require.ErrorIs(t, err, ErrNotJSON)
	})

	t.Run("million brackets refused", func(t *testing.T) {
		_, err := Canonical(nested("[", "]", 1_000_000), DefaultMaxDepth)
		require.ErrorIs(t, err, ErrNotJSON)
		_, err = Canonical([]byte(strings.Repeat("[", 1_000_000)), DefaultMaxDepth)
		require.ErrorIs(t, err, ErrNotJSON)
	})

	t.Run("million brackets under a huge cap do not recurse", func(t *testing.T) {
		doc := nested("[", "]", 1_000_000)
		got, err := Canonical(doc, math.MaxInt)
		require.NoError(t, err)
		assert.Equal(t, doc, got)
		_, err = Canonical([]byte(strings.Repeat(`{"a":[`, 300_000)), math.MaxInt)
		require.ErrorIs(t, err, ErrNotJSON) // unclosed
	})
}

// TestLargeObjects exercises the hashed duplicate detection (objects over
// smallObject members) against an independent model of rules 10 and 12.
func TestLargeObjects(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{smallObject, smallObject + 1, 100, 3000} {
		var order []string       // first-occurrence order
		last := map[string]int{} // key -> last value
		var in strings.Builder
		in.WriteString("{")
		for i := range n {
			var k string
			switch r.IntN(4) {
			case 0:
				k = strconv.Itoa(r.IntN(n)) // index key, often repeated
			case 1:
				k = "k" + strconv.Itoa(r.IntN(n/2+1))
			case 2:
				k = "4294967" + strconv.Itoa(295+r.IntN(3)) // around the index limit
			default:
				k = fmt.Sprintf("u%d", i)
			}
			if _, ok := last[k]; !ok {
				order = append(order, k)
			}
			last[k] = i
			if i > 0 {
				in.WriteString(",")
			}
			// Spell some keys with escapes: still the same key.
			spelled := k
			if r.IntN(3) == 0 {
				spelled = fmt.Sprintf(`\u%04X`, k[0]) + k[1:]
			}
			fmt.Fprintf(&in, `"%s":%d`, spelled, i)
		}
		in.WriteString("}")

		var idx []uint64
		var rest []string
		for _, k := range order {
			if v, err := strconv.ParseUint(k, 10, 64); err == nil && v <= math.MaxUint32-1 && strconv.FormatUint(v, 10) == k {
				idx = append(idx, v)
			} else {
				rest = append(rest, k)
			}
		}
		slices.Sort(idx)
		var want strings.Builder
		want.WriteString("{")
		first := true
		emit := func(k string) {
			if !first {
				want.WriteString(",")
			}
			first = false
			fmt.Fprintf(&want, `"%s":%d`, k, last[k])
		}
		for _, v := range idx {
			emit(strconv.FormatUint(v, 10))
		}
		for _, k := range rest {
			emit(k)
		}
		want.WriteString("}")

		got, err := Canonical([]byte(in.String()), DefaultMaxDepth)
		require.NoError(t, err)
		assert.Equal(t, want.String(), string(got), "n=%d", n)
	}
}

// TestNumberFormatterRoundTrips checks, for random doubles, that the output is
// the shortest text that reads back as the same double and has
// Number::toString's shape.
func TestNumberFormatterRoundTrips(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 200_000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		s := string(appendJSNumber(nil, f))
		back, err := strconv.ParseFloat(s, 64)
		require.NoError(t, err, s)
		if f == 0 {
			require.Equal(t, "0", s)
			continue
		}
		require.Equal(t, f, back, s)
		// Same digits as Go's shortest form.
		want := strings.ReplaceAll(strings.Split(strconv.FormatFloat(math.Abs(f), 'e', -1, 64), "e")[0], ".", "")
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, strings.SplitN(s, "e", 2)[0])
		digits = strings.Trim(digits, "0")
		require.Equal(t, strings.Trim(want, "0"), digits, s)
	}
	for f, want := range map[float64]string{
		1e21: "1e+21", 1e20: "100000000000000000000", 1e-6: "0.000001", 1e-7: "1e-7",
		123456789: "123456789", math.Copysign(0, -1): "0", math.Inf(1): "null", math.Inf(-1): "null",
		math.NaN(): "null", 5e-324: "5e-324", math.MaxFloat64: "1.7976931348623157e+308",
		-1.5e-7: "-1.5e-7", 0.1: "0.1", 123e-20: "1.23e-18", 1.5e300: "1.5e+300",
	} {
		assert.Equal(t, want, string(appendJSNumber(nil, f)))
	}
}

// genDoc writes a random, messily spelled JSON document: random whitespace,
// every number spelling, escapes in both hex cases, lone and paired
// surrogates, duplicate and index-like keys.
type genDoc struct {
	r *rand.Rand
	b []byte
}

var genKeys = []string{"a", "b", "id", "0", "1", "2", "10", "9", "100", "01", "-1", "1.5", " 1",
	"4294967294", "4294967295", "9007199254740993", "__proto__", "constructor", "", "é", "😀", "\u2028"}

func (g *genDoc) ws() {
	for range g.r.IntN(3) {
		g.b = append(g.b, " \t\r\n"[g.r.IntN(4)])
	}
}

func (g *genDoc) value(depth int) {
	g.ws()
	n := 7
	if depth <= 0 {
		n = 5
	}
	switch g.r.IntN(n) {
	case 0:
		g.b = append(g.b, []string{"true", "false", "null"}[g.r.IntN(3)]...)
	case 1, 2:
		g.number()
	case 3, 4:
		g.str(g.randText())
	case 5:
		g.b = append(g.b, '[')
		for i := range g.r.IntN(5) {
			if i > 0 {
				g.ws()
				g.b = append(g.b, ',')
			}
			g.value(depth - 1)
		}
		g.ws()
		g.b = append(g.b, ']')
	default:
		g.object(depth)
	}
	g.ws()
}

func (g *genDoc) object(depth int) {
	g.b = append(g.b, '{')
	for i := range g.r.IntN(7) {
		if i > 0 {
			g.b = append(g.b, ',')
		}
		g.ws()
		if g.r.IntN(4) == 0 {
			g.str(g.randText())
		} else {
			g.str(genKeys[g.r.IntN(len(genKeys))])
		}
		g.ws()
		g.b = append(g.b, ':')
		g.value(depth - 1)
	}
	g.ws()
	g.b = append(g.b, '}')
}

func (g *genDoc) number() {
	r := g.r
	if r.IntN(2) == 0 {
		g.b = append(g.b, []string{"0", "-0", "-0.0", "0e5", "1e400", "-1e400", "1e-400", "2e-324", "3e-324",
			"9007199254740993", "1e21", "1e20", "0.000001", "1e-7", "1E3", "1e+3", "0.1e1", "10e-1", "1.50",
			"123456789012345678901234567890", "0.3000000000000000444", "999999999999999", "1e99999999999999999999"}[r.IntN(23)]...)
		return
	}
	var f float64
	switch r.IntN(3) {
	case 0:
		f = math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			f = 1
		}
	case 1:
		f = float64(r.Int64N(1<<60)) / math.Pow10(r.IntN(30))
	default:
		f = math.Pow10(r.IntN(600)-300) * []float64{1, 1.5, 2.5, 5, 7}[r.IntN(5)]
	}
	if r.IntN(2) == 0 {
		f = -f
	}
	formats := []byte{'e', 'E', 'f', 'g', 'G'}
	fm := formats[r.IntN(len(formats))]
	prec := r.IntN(25) - 1
	if fm == 'f' && math.Abs(f) > 1e30 {
		fm = 'e'
	}
	// FormatFloat never writes a leading "+" or a bare "1.", so this is JSON.
	g.b = strconv.AppendFloat(g.b, f, fm, prec, 64)
}

func (g *genDoc) randText() string {
	var sb strings.Builder
	for range g.r.IntN(8) {
		switch g.r.IntN(10) {
		case 0:
			sb.WriteRune(rune(g.r.IntN(0x20)))
		case 1:
			sb.WriteString([]string{"\"", "\\", "/", "\x7f", "\u2028", "\u2029", "\ufeff", "\uffff", "é", "😀", "<", "&"}[g.r.IntN(12)])
		case 2:
			sb.WriteRune(0xD800 + rune(g.r.IntN(0x800))) // marks a lone surrogate, see str
		default:
			sb.WriteByte(byte('a' + g.r.IntN(26)))
		}
	}
	return sb.String()
}

// str writes s as a JSON string literal, escaping randomly. The rune
// utf8.RuneError in s (how Go stores the surrogates randText asked for) is
// written as a random lone surrogate escape.
func (g *genDoc) str(s string) {
	g.b = append(g.b, '"')
	for _, c := range s {
		mustEscape := c < 0x20 || c == '"' || c == '\\'
		switch {
		case c == utf8.RuneError:
			g.b = fmt.Appendf(g.b, hexCase(g.r, `\u%04x`), 0xD800+g.r.IntN(0x800))
		case c > 0xFFFF && g.r.IntN(2) == 0:
			c -= 0x10000
			g.b = fmt.Appendf(g.b, hexCase(g.r, `\u%04x\u%04x`), 0xD800+(c>>10), 0xDC00+(c&0x3FF))
		case mustEscape || g.r.IntN(4) == 0:
			if short := map[rune]string{'"': `\"`, '\\': `\\`, '/': `\/`, '\b': `\b`, '\f': `\f`, '\n': `\n`, '\r': `\r`, '\t': `\t`}[c]; short != "" && g.r.IntN(2) == 0 {
				g.b = append(g.b, short...)
			} else if c <= 0xFFFF {
				g.b = fmt.Appendf(g.b, hexCase(g.r, `\u%04x`), c)
			} else {
				g.b = utf8.AppendRune(g.b, c)
			}
		default:
			g.b = utf8.AppendRune(g.b, c)
		}
	}
	g.b = append(g.b, '"')
}

func hexCase(r *rand.Rand, f string) string {
	if r.IntN(2) == 0 {
		return strings.ReplaceAll(f, "x", "X")
	}
	return f
}

func genDocs(seed uint64, n int) [][]byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	docs := make([][]byte, n)
	for i := range docs {
		g := &genDoc{r: r}
		if r.IntN(2) == 0 {
			g.object(r.IntN(5) + 1)
		} else {
			g.b = append(g.b, '[')
			g.value(r.IntN(5))
			g.b = append(g.b, ']')
		}
		docs[i] = g.b
	}
	return docs
}

func TestFixedPoint(t *testing.T) {
	for i, doc := range genDocs(7, 2000) {
		once, err := Canonical(doc, DefaultMaxDepth)
		require.NoError(t, err, "doc %d", i)
		twice, err := Canonical(once, DefaultMaxDepth)
		require.NoError(t, err, "doc %d", i)
		require.Equal(t, string(once), string(twice), "doc %d", i)
		require.True(t, json.Valid(once), "doc %d", i)
	}
}

// FuzzCanonical checks that Canonical never panics, that every success is a
// fixed point and valid JSON, and that acceptance agrees with encoding/json's
// syntax check on valid UTF-8 (both cap nesting at 10,000).
//
// Run it with: go test -fuzz=^FuzzCanonical$ -fuzztime=30s ./internal/jsstringify
func FuzzCanonical(f *testing.F) {
	for _, tc := range jsRestringifyCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range ruleCases {
		f.Add([]byte(tc.in))
	}
	for _, doc := range genDocs(11, 50) {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		const goJSONDepth = 10000 // encoding/json's own nesting limit
		val, err := canonicalValue(in, goJSONDepth)
		if err != nil {
			if !errors.Is(err, ErrNotJSON) {
				t.Fatalf("error does not wrap ErrNotJSON: %v", err)
			}
			if utf8.Valid(in) && !bytes.HasPrefix(in, bom) && json.Valid(in) {
				t.Fatalf("refused a document encoding/json accepts: %v", err)
			}
		} else {
			if !json.Valid(in) || !json.Valid(val) {
				t.Fatalf("accepted a document encoding/json refuses, or wrote invalid JSON")
			}
			again, err := canonicalValue(val, goJSONDepth)
			if err != nil || !bytes.Equal(again, val) {
				t.Fatalf("not a fixed point: %q -> %q (%v)", val, again, err)
			}
		}

		out, err := Canonical(in, 64)
		if err != nil {
			if !errors.Is(err, ErrNotJSON) {
				t.Fatalf("error does not wrap ErrNotJSON: %v", err)
			}
			return
		}
		if !isContainerDoc(string(in)) {
			t.Fatalf("accepted a top-level scalar")
		}
		if !bytes.Equal(out, val) {
			t.Fatalf("Canonical and canonicalValue disagree: %q vs %q", out, val)
		}
		again, err := Canonical(out, 64)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("not a fixed point: %q -> %q (%v)", out, again, err)
		}
	})
}

// nodeScript prints, for each input text in the JSON array file argv[2], the
// string JSON.stringify(JSON.parse(text)), or null when JSON.parse throws.
const nodeScript = `
const fs = require('fs');
const ins = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const outs = ins.map((s) => { try { return JSON.stringify(JSON.parse(s)); } catch (e) { return null; } });
process.stdout.write(JSON.stringify(outs));
`

// TestNodeDifferential runs generated documents, mutated ones, and the rule
// cases through V8 and compares. It is skipped without node on the PATH or
// with -short; the tables above carry the required coverage.
func TestNodeDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not on PATH")
	}
	r := rand.New(rand.NewPCG(5, 6))
	var ins []string
	for _, doc := range genDocs(13, 3000) {
		ins = append(ins, string(doc))
		// A mutation: drop, duplicate or replace a byte (keeping valid UTF-8,
		// which is all node can be handed as a string).
		m := bytes.Clone(doc)
		i := r.IntN(len(m))
		switch r.IntN(3) {
		case 0:
			m = append(m[:i], m[i+1:]...)
		case 1:
			m = append(m[:i+1], m[i:]...)
		default:
			const pool = "{}[],:\"\\ 0-.eE+tfnu"
			m[i] = pool[r.IntN(len(pool))]
		}
		if utf8.Valid(m) {
			ins = append(ins, string(m))
		}
	}
	for range 20000 {
		f := math.Float64frombits(r.Uint64())
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			ins = append(ins, "["+strconv.FormatFloat(f, 'g', -1, 64)+"]")
		}
	}
	// Large objects (the hashed duplicate path; V8 switches to dictionary
	// properties): index-like keys, escaped spellings, duplicates.
	for _, n := range []int{17, 200, 3000} {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			if i > 0 {
				b.WriteString(",")
			}
			k := []string{strconv.Itoa(r.IntN(n)), "k" + strconv.Itoa(r.IntN(n/3)), strconv.Itoa(4294967290 + r.IntN(8)),
				`\u00` + strconv.FormatInt(int64(0x30+r.IntN(10)), 16) + strconv.Itoa(r.IntN(50))}[r.IntN(4)]
			fmt.Fprintf(&b, `"%s":%d`, k, i)
		}
		b.WriteString("}")
		ins = append(ins, b.String())
	}
	for _, tc := range ruleCases {
		if utf8.ValidString(tc.in) {
			ins = append(ins, tc.in)
		}
	}
	for _, tc := range jsRestringifyCases {
		ins = append(ins, tc.in)
	}

	dir := t.TempDir()
	inFile := filepath.Join(dir, "in.json")
	raw, err := json.Marshal(ins)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(inFile, raw, 0o600))
	script := filepath.Join(dir, "run.js")
	require.NoError(t, os.WriteFile(script, []byte(nodeScript), 0o600))
	stdout, err := exec.Command(nodeBin, script, inFile).Output()
	require.NoError(t, err)
	var outs []*string
	require.NoError(t, json.Unmarshal(stdout, &outs))
	require.Len(t, outs, len(ins))

	mismatches, accepted := 0, 0
	for i, in := range ins {
		got, err := canonicalValue([]byte(in), DefaultMaxDepth)
		if err == nil {
			accepted++
		}
		switch {
		case outs[i] == nil && err == nil:
			t.Errorf("V8 threw, Go accepted: %q -> %q", in, got)
		case outs[i] != nil && err != nil:
			t.Errorf("V8 accepted, Go refused: %q (%v)", in, err)
		case outs[i] != nil && *outs[i] != string(got):
			t.Errorf("differ on %q:\n V8 %q\n Go %q", in, *outs[i], got)
		default:
			continue
		}
		if mismatches++; mismatches > 20 {
			t.Fatal("too many mismatches")
		}
	}
	t.Logf("%d inputs (%d accepted) compared with %s", len(ins), accepted, nodeBin)
}

// benchDoc builds a pretty-printed webhook-like document of about size bytes.
func benchDoc(size int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"event\": \"order.created\",\n  \"data\": {\n    \"items\": [")
	for i := 0; b.Len() < size-200; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "\n      {\n        \"id\": \"clu4vbgnv%06dari7ybonyw\",\n        \"sku\": %d,\n"+
			"        \"name\": \"Caf\u00e9 \\u00e9 item \\\"%d\\\"\",\n        \"price\": %d.%02d,\n"+
			"        \"lat\": 25.814354,\n        \"tags\": [\"a\", \"b\", null, true],\n        \"10\": 1.0\n      }",
			i, 100000+i, i, i*7%1000, i%100)
	}
	b.WriteString("\n    ],\n    \"createdAt\": \"2024-03-24T01:56:23.707Z\"\n  }\n}")
	return b.Bytes()
}

func BenchmarkCanonical(b *testing.B) {
	for _, size := range []int{1 << 10, 64 << 10} {
		doc := benchDoc(size)
		if _, err := Canonical(doc, DefaultMaxDepth); err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%dKiB", size>>10), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Canonical(doc, DefaultMaxDepth); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
