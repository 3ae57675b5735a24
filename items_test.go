package hooksig_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
)

// itemScheme signs each element of "batch.items": hex HMAC-SHA256 of a ":" b.c, in "sig".
func itemScheme() hooksig.Scheme {
	return hooksig.Scheme{
		Name:      "batch",
		Items:     "batch.items",
		Fields:    []hooksig.Fields{{In: hooksig.InJSON, Signature: "sig"}},
		Signature: hooksig.Signature{Encoding: hooksig.Hex, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.JSONText("a"), hooksig.Lit(":"), hooksig.JSONText("b.c")},
		Key:       hooksig.RawKey,
	}
}

const itemKey = "item-key"

// itemSig is an independent computation of the recipe.
func itemSig(key, text string) string {
	m := hmac.New(sha256.New, []byte(key))
	m.Write([]byte(text))
	return hex.EncodeToString(m.Sum(nil))
}

// element is one signed element, written by hand.
func element(a, c string) string {
	return fmt.Sprintf(`{"a":%q,"b":{"c":%q},"sig":%q}`, a, c, itemSig(itemKey, a+":"+c))
}

func batch(els ...string) string {
	return `{"batch":{"items":[` + strings.Join(els, ",") + `]}}`
}

func TestItems(t *testing.T) {
	v, err := hooksig.New(hooksig.Provider{Scheme: itemScheme(), Secrets: []string{itemKey}})
	require.NoError(t, err)
	many := make([]string, hooksig.MaxItems+1)
	for i := range many {
		many[i] = element(fmt.Sprint(i), "x")
	}
	cases := []struct {
		name string
		body string
		want int
	}{
		{"one element", batch(element("1", "x")), 204},
		{"two elements", batch(element("1", "x"), element("2", "y")), 204},
		{"one element twice", batch(element("1", "x"), element("1", "x")), 401},
		{"absent member is empty text", batch(fmt.Sprintf(`{"a":"1","sig":%q}`, itemSig(itemKey, "1:"))), 204},
		{"null member is empty text", batch(fmt.Sprintf(`{"a":"1","b":{"c":null},"sig":%q}`, itemSig(itemKey, "1:"))), 204},
		{"number as written", batch(fmt.Sprintf(`{"a":1.50,"sig":%q}`, itemSig(itemKey, "1.50:"))), 204},
		{"unsigned members are free", batch(`{"extra":1,` + element("1", "x")[1:]), 204},
		{"most elements", batch(many[:hooksig.MaxItems]...), 204},
		{"one element too many", batch(many...), 401},
		{"second element forged", batch(element("1", "x"), strings.Replace(element("2", "y"), `"y"`, `"z"`, 1)), 401},
		{"second element unsigned", batch(element("1", "x"), `{"a":"2","b":{"c":"y"}}`), 401},
		{"member of another kind", batch(fmt.Sprintf(`{"a":true,"sig":%q}`, itemSig(itemKey, "true:"))), 401},
		{"no elements", batch(), 401},
		{"no array", `{"batch":{}}`, 401},
		{"not an array", `{"batch":{"items":{}}}`, 401},
		{"element not an object", batch(`"x"`), 401},
		{"not JSON", `{"batch":`, 401},
		{"a second document", batch(element("1", "x")) + `{}`, 401},
		{"empty body", ``, 401},
		// A handler decoding into a struct matches keys without regard to case and keeps the
		// last: a second spelling of a signed member would be read unsigned.
		{"signed member respelled", batch(`{"A":"2",` + element("1", "x")[1:]), 401},
		{"signed member repeated", batch(element("1", "x")[:len(element("1", "x"))-1] + `,"a":"2"}`), 401},
		{"Kelvin sign respelling", batch(`{"\u212a":"2","k":"1",` + element("1", "x")[1:]), 401},
		{"unsigned member repeated", batch(`{"extra":1,"EXTRA":2,` + element("1", "x")[1:]), 401},
		{"wrapper repeated", `{"batch":{"items":[` + element("1", "x") + `]},"Batch":{}}`, 401},
		{"deeply nested", batch(`{"deep":` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `,` + element("1", "x")[1:]), 401},
		{"nested within bounds", batch(`{"deep":` + strings.Repeat("[", 20) + strings.Repeat("]", 20) + `,` + element("1", "x")[1:]), 204},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			next := &sink{}
			r := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			r.Header.Set("Content-Type", "application/json")
			rec := serve(v.Handler(next), r)
			assert.Equal(t, c.want, rec.Code)
			assert.Equal(t, c.want == 204, next.called == 1)
			if c.want == 204 {
				assert.Equal(t, c.body, string(next.body), "next gets the exact bytes")
			}
		})
	}
}

func TestItemsSignerRoundTrip(t *testing.T) {
	p := hooksig.Provider{Scheme: itemScheme(), Secrets: []string{itemKey}}
	s, err := hooksig.NewSigner(p)
	require.NoError(t, err)
	signed, err := s.Sign(hooksig.Message{Body: []byte(`{"batch":{"items":[{"a":"1","b":{"c":"x"}},{"a":"2"}]}}`)})
	require.NoError(t, err)
	assert.Contains(t, string(signed.Body), itemSig(itemKey, "1:x"))
	assert.Contains(t, string(signed.Body), itemSig(itemKey, "2:"))
	v, err := hooksig.New(p)
	require.NoError(t, err)
	r := httptest.NewRequest("POST", "/", strings.NewReader(string(signed.Body)))
	_, err = v.Verify(r, signed.Body)
	require.NoError(t, err)

	_, err = s.Sign(hooksig.Message{Body: []byte(`{"batch":{"items":[]}}`)})
	assert.Error(t, err, "nothing to sign")
}

func TestItemsDedupe(t *testing.T) {
	v, err := hooksig.New(hooksig.Provider{Scheme: itemScheme(), Secrets: []string{itemKey}}, hooksig.WithDedupe())
	require.NoError(t, err)
	send := func(body string) int {
		next := &sink{}
		return serve(v.Handler(next), httptest.NewRequest("POST", "/", strings.NewReader(body))).Code
	}
	one, two := element("1", "x"), element("2", "y")
	assert.Equal(t, 204, send(batch(one, two)))
	assert.Equal(t, http.StatusOK, send(batch(one, two)), "the same elements again: a duplicate")
	assert.Equal(t, http.StatusOK, send(` `+batch(one, two)), "other bytes, the same signed elements")
	assert.Equal(t, http.StatusOK, send(batch(two, one)), "the same set in another order")
	assert.Equal(t, http.StatusUnauthorized, send(batch(one, two, one)), "an element twice in one body")
	// A subset is another set: the handler dedupes each element by its own id.
	assert.Equal(t, 204, send(batch(one)))
}

func TestItemsSchemeErrors(t *testing.T) {
	cases := map[string]func(s *hooksig.Scheme){
		"JSONText without Items": func(s *hooksig.Scheme) { s.Items = "" },
		"empty Items segment":    func(s *hooksig.Scheme) { s.Items = "batch..items" },
		"empty JSONText segment": func(s *hooksig.Scheme) { s.Signed[0] = hooksig.JSONText("a.") },
		"fields in headers":      func(s *hooksig.Scheme) { s.Fields[0].In = hooksig.InHeaders },
		"a timestamp field":      func(s *hooksig.Scheme) { s.Fields[0].Timestamp = "ts" },
		"an id field":            func(s *hooksig.Scheme) { s.Fields[0].ID = "id" },
		"two field sets":         func(s *hooksig.Scheme) { s.Fields = append(s.Fields, s.Fields[0]) },
		"a timestamp": func(s *hooksig.Scheme) {
			s.Timestamp = &hooksig.Timestamp{Unit: hooksig.Seconds}
			s.Signed = append(s.Signed, hooksig.TimestampText())
		},
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			s := itemScheme()
			s.Fields = append([]hooksig.Fields(nil), s.Fields...)
			s.Signed = append([]hooksig.Part(nil), s.Signed...)
			mutate(&s)
			_, err := hooksig.New(hooksig.Provider{Scheme: s, Secrets: []string{itemKey}})
			assert.ErrorIs(t, err, hooksig.ErrInvalidScheme)
		})
	}
}

// FuzzItems feeds arbitrary bodies to a scheme with Items: it must never panic, answer only 401
// for what it refuses, and verify only bodies whose every element carries its own signature.
//
//	go test -fuzz=^FuzzItems$ -fuzztime=60s .
func FuzzItems(f *testing.F) {
	f.Add([]byte(batch(element("1", "x"))))
	f.Add([]byte(batch(element("1", "x"), element("2", "y"))))
	f.Add([]byte(`{"batch":{"items":[{"a":1e400,"b":{"c":[]}}]}}`))
	f.Add([]byte(`{"batch":{"items":[null,{},[]]}}`))
	f.Add([]byte(`{"batch":null}`))
	v, err := hooksig.New(hooksig.Provider{Scheme: itemScheme(), Secrets: []string{itemKey}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, err := v.Verify(&http.Request{Method: http.MethodPost, Header: http.Header{}}, body)
		if err != nil {
			if hooksig.Status(err) != http.StatusUnauthorized {
				t.Fatalf("status %d for %v", hooksig.Status(err), err)
			}
			return
		}
		var doc struct {
			Batch struct {
				Items []struct {
					A   any `json:"a"`
					Sig string
				} `json:"items"`
			} `json:"batch"`
		}
		if json.Unmarshal(body, &doc) != nil || len(doc.Batch.Items) == 0 {
			t.Fatalf("verified a body with no elements: %q", body)
		}
		for _, it := range doc.Batch.Items {
			if it.Sig == "" {
				t.Fatalf("verified an element without a signature: %q", body)
			}
		}
	})
}

// BenchmarkItems measures a body of separately signed elements: one element, and MaxItems.
//
//	go test -run '^$' -bench '^BenchmarkItems$' .
func BenchmarkItems(b *testing.B) {
	v, err := hooksig.New(hooksig.Provider{Scheme: itemScheme(), Secrets: []string{itemKey}})
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1, hooksig.MaxItems} {
		els := make([]string, n)
		for i := range els {
			els[i] = element(fmt.Sprint(i), "some text of an element")
		}
		body := []byte(batch(els...))
		r := &http.Request{Method: http.MethodPost, Header: http.Header{}}
		b.Run(fmt.Sprintf("elements=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := v.Verify(r, body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
