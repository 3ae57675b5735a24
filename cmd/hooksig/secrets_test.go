package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Secrets from a file or the environment, so they do not show in the process list: a file's
// trailing newline is not part of a secret, and neither the file's name nor its content is
// ever printed.
func TestSecretSources(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	code, out, _ := runCLI(`{"a":1}`, "sign", "-provider", "standardwebhooks", "-secret", secret, "-id", "msg_1", "-now", "1700000000")
	if !assert.Equal(t, 0, code) {
		return
	}
	want := out
	dir := t.TempDir()
	file := filepath.Join(dir, "whsec-looking-name")
	assert.NoError(t, os.WriteFile(file, []byte(secret+"\r\n"), 0o600))
	code, out, errOut := runCLI(`{"a":1}`, "sign", "-provider", "standardwebhooks", "-secret-file", file, "-id", "msg_1", "-now", "1700000000")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, want, out, "the file's secret, without its line ending")

	t.Setenv(secretEnv, secret+"\n")
	code, out, errOut = runCLI(`{"a":1}`, "sign", "-provider", "standardwebhooks", "-id", "msg_1", "-now", "1700000000")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, want, out, "the environment's secret")

	empty := filepath.Join(dir, "empty")
	assert.NoError(t, os.WriteFile(empty, []byte("\n\n"), 0o600))
	for name, args := range map[string][]string{
		"empty_file":   {"sign", "-provider", "standardwebhooks", "-secret-file", empty},
		"missing_file": {"sign", "-provider", "standardwebhooks", "-secret-file", filepath.Join(dir, "whsec_abc")},
	} {
		code, out, errOut := runCLI(`{}`, args...)
		assert.Equal(t, 2, code, name)
		assert.Empty(t, out, name)
		assert.NotContains(t, errOut, "whsec", name)
	}
}
