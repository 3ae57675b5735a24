package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "no_arguments", args: nil, code: 2, stderr: "usage: hooksig COMMAND"},
		{name: "dash_h", args: []string{"-h"}, code: 2, stderr: "usage: hooksig COMMAND"},
		{name: "unknown_command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
		{name: "verify_dispatched", args: []string{"verify"}, code: 2, stderr: "hooksig verify: -provider is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI("", tt.args...)
			assert.Equal(t, tt.code, code)
			assert.Empty(t, stdout)
			assert.Contains(t, stderr, tt.stderr)
			if tt.code == 2 {
				assert.Contains(t, stderr, "verify", "usage names the commands")
			}
		})
	}
}
