package main

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig/providers"
)

// The demo runs every provider end to end over loopback and every verdict is right.
func TestDemo(t *testing.T) {
	code, out, errOut := runCLI("", "demo")
	assert.Equal(t, 0, code, errOut+out)
	n := len(providers.All())
	assert.Contains(t, out, fmt.Sprintf("demo: %d passed, 0 failed", 3*n))
	assert.NotContains(t, out, "FAIL")
	for _, p := range providers.All() {
		assert.Contains(t, out, "\n"+p.Name+" ", "a row for %s", p.Name)
	}
	assert.Equal(t, 3*n+2, strings.Count(out, "\n"), "a header, a row per case, a summary")

	code, _, errOut = runCLI("", "demo", "extra")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "usage: hooksig demo")
}
