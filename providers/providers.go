// Package providers holds hooksig's presets: one declaration per sender over the engine in
// package hooksig, and a registry by name for the hooksig command.
//
// Each preset function takes the secrets a route accepts (several during a key rotation) and
// returns a [hooksig.Provider] for [hooksig.New], or for [hooksig.NewSigner] to sign test
// deliveries. Secrets are checked when the Verifier is built, never at request time.
//
// The registry ([Lookup], [All]) holds each sender's default preset, the one the hooksig
// command uses; variants that weaken or widen a preset ([FullupJSCompat], [FreepikBase64Key],
// [ChatBotKitAllowing]) are functions of their own, chosen in code.
package providers

import (
	"sort"

	"github.com/hooksig/hooksig"
)

// A Preset is a provider known by name to the hooksig command.
type Preset struct {
	Name    string                                   // lower-case single word, such as "standardwebhooks"
	Summary string                                   // one line for listings
	New     func(secrets ...string) hooksig.Provider // the preset function
	// Source names where the scheme was confirmed and with what confidence: "· C" for the
	// sender's own docs or SDK source, "· S" for secondary sources only (the preset's doc
	// comment says more).
	Source string
}

var registry = map[string]Preset{}

// bodyHMAC declares the commonest scheme: one field carrying one HMAC of the raw body, keyed
// with the secret as-is; label is the entry's label ("sha256" in "sha256=<sig>"), "" for a bare
// signature.
func bodyHMAC(name string, f hooksig.Fields, label string, alg hooksig.Algorithm, enc hooksig.Encoding) hooksig.Scheme {
	s := hooksig.Scheme{
		Name:      name,
		Fields:    []hooksig.Fields{f},
		Signature: hooksig.Signature{Encoding: enc, Labels: []hooksig.Label{{Name: label, Algorithm: alg}}},
		Signed:    []hooksig.Part{hooksig.Body()},
		Key:       hooksig.RawKey,
	}
	if label != "" {
		s.Signature.Assign = "="
	}
	return s
}

func register(p Preset) { registry[p.Name] = p }

// Lookup returns the preset called name.
func Lookup(name string) (Preset, bool) {
	p, ok := registry[name]
	return p, ok
}

// All returns every preset, sorted by name.
func All() []Preset {
	out := make([]Preset, 0, len(registry))
	for _, p := range registry {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
