package providers_test

import (
	"os"
	"strings"
	"testing"

	"github.com/hooksig/hooksig/providers"
)

// Every preset in the registry has its row in the README's provider table, and every row
// names a preset the registry holds.
func TestREADMEListsEveryPreset(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]bool{}
	inTable := false // the rows of the "## Providers" section only
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "## ") {
			inTable = line == "## Providers"
		}
		if !inTable {
			continue
		}
		if name, ok := strings.CutPrefix(line, "| `"); ok {
			if i := strings.Index(name, "`"); i > 0 {
				rows[name[:i]] = true
			}
		}
	}
	for _, p := range providers.All() {
		if !rows[p.Name] {
			t.Errorf("the README has no row for %s", p.Name)
		}
		delete(rows, p.Name)
	}
	for name := range rows {
		if _, ok := providers.Lookup(name); !ok && strings.ToLower(name) == name && !strings.ContainsAny(name, " .-") {
			t.Errorf("the README lists %s, which is not a registered preset", name)
		}
	}
}
