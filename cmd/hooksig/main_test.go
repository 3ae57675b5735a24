package main

import (
	"strings"
	"testing"

	"github.com/hooksig/hooksig/providers"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRunDispatch(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{name: "no_arguments", args: nil, code: 2, stderr: "usage: hooksig COMMAND"},
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

func TestHelpVersionProviders(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{name: "dash_h", args: []string{"-h"}, stdout: "usage: hooksig COMMAND"},
		{name: "help", args: []string{"help"}, stdout: "usage: hooksig COMMAND"},
		{name: "help_help", args: []string{"help", "help"}, stdout: "usage: hooksig help"},
		{name: "help_providers", args: []string{"help", "providers"}, stdout: "usage: hooksig providers"},
		{name: "providers_h", args: []string{"providers", "-h"}, stdout: "usage: hooksig providers"},
		{name: "version", args: []string{"version"}, stdout: "hooksig "},
		{name: "version_h", args: []string{"version", "-h"}, stdout: "usage: hooksig version"},
		{name: "providers", args: []string{"providers"}, stdout: "standardwebhooks"},
		{name: "providers_argument", args: []string{"providers", "x"}, code: 2},
		{name: "help_unknown", args: []string{"help", "frobnicate"}, code: 2},
		{name: "help_two", args: []string{"help", "a", "b"}, code: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI("", tt.args...)
			assert.Equal(t, tt.code, code, stderr)
			if tt.code == 0 {
				assert.Contains(t, stdout, tt.stdout)
				assert.Empty(t, stderr)
			} else {
				assert.Empty(t, stdout)
				assert.NotEmpty(t, stderr)
			}
		})
	}
}

// help verify is verify's own help, exit 0 (on standard error, as verify -h writes it).
func TestHelpVerify(t *testing.T) {
	code, stdout, stderr := runCLI("", "help", "verify")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "usage: hooksig verify", "help asked for is output")
	assert.Empty(t, stderr)
}

// providers lists every preset, one a line.
func TestProvidersListsEveryPreset(t *testing.T) {
	code, stdout, _ := runCLI("", "providers")
	assert.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	require.Len(t, lines, len(providers.All())+1)
	assert.Regexp(t, `^NAME +FIELDS +ALGORITHM +TOLERANCE +REPLAY KEY +SOURCE$`, lines[0])
	for i, p := range providers.All() {
		assert.True(t, strings.HasPrefix(lines[i+1], p.Name+" "), lines[i+1])
		assert.Contains(t, lines[i+1], p.Source)
	}
	row := func(name string) string {
		for _, l := range lines {
			if strings.HasPrefix(l, name+" ") {
				return strings.Join(strings.Fields(l), " ")
			}
		}
		return ""
	}
	assert.Contains(t, row("standardwebhooks"), "Webhook-Signature | Svix-Signature hmac-sha256/ed25519 seconds, -5m0s/+5m0s Webhook-Id")
	assert.Contains(t, row("github"), "X-Hub-Signature-256 hmac-sha256 none WithDedupe")
	assert.Contains(t, row("stripe"), "Stripe-Signature hmac-sha256 seconds, -5m0s/+5m0s WithDedupe")
}
