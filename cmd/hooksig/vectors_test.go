package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// Every preset's known-answer vectors (providers/testdata/<name>/vectors.json, each naming its
// source) through "hooksig verify", as an outside check drives it: a raw HTTP/1.1 request on
// standard input, the vector's keys as -secret, its clock as -now.
func TestVerifyEveryPresetsVectors(t *testing.T) {
	dirs, err := filepath.Glob("../../providers/testdata/*/vectors.json")
	require.NoError(t, err)
	require.NotEmpty(t, dirs)
	for _, path := range dirs {
		name := filepath.Base(filepath.Dir(path))
		if _, ok := providers.Lookup(name); !ok {
			continue // vectors of a variant that is not in the registry
		}
		for _, vec := range presettest.Load(t, filepath.Dir(path)) {
			t.Run(name+"/"+vec.Name, func(t *testing.T) {
				args := []string{"verify", "-provider", name}
				for _, s := range vec.Secrets {
					args = append(args, "-secret", s)
				}
				if vec.PublicURL != "" {
					args = append(args, "-public-url", vec.PublicURL)
				}
				if vec.Now != "" {
					now, err := time.Parse(time.RFC3339Nano, vec.Now)
					require.NoError(t, err)
					if now.Nanosecond() != 0 {
						t.Skip("-now takes whole seconds")
					}
					args = append(args, "-now", strconv.FormatInt(now.Unix(), 10))
				}
				if vec.Want != 0 && vec.Want != 401 && vec.Want >= 300 {
					t.Skip("a status other than ok or 401")
				}
				code, out, errOut := runCLI(rawRequest(vec), args...)
				if vec.Valid {
					assert.Equal(t, 0, code, "stdout %q stderr %q", out, errOut)
					assert.Equal(t, "ok\n", out)
				} else {
					assert.Equal(t, 1, code, "stdout %q stderr %q", out, errOut)
					assert.True(t, strings.HasPrefix(out, "rejected: "), out)
				}
				for _, s := range vec.Secrets {
					if len(s) >= 6 {
						assert.NotContains(t, out+errOut, s)
					}
				}
			})
		}
	}
}

// rawRequest writes a vector as an HTTP/1.1 request on the wire.
func rawRequest(vec presettest.Vector) string {
	method, target := vec.Method, vec.Target
	if method == "" {
		method = "POST"
	}
	if target == "" {
		target = "/webhook"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: receiver.example\r\n", method, target)
	for k, v := range vec.Header {
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	fmt.Fprintf(&b, "Content-Length: %d\r\n\r\n%s", len(vec.Body), vec.Body)
	return b.String()
}

// A provider that signs the URL needs -public-url (exit 2), and ignores nothing it is given.
func TestVerifyURLSignedNeedsPublicURL(t *testing.T) {
	code, out, errOut := runCLI("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "verify", "-provider", "twilio", "-secret", "12345")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "WithPublicURL")
	code, _, errOut = runCLI("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", "verify", "-provider", "twilio", "-secret", "12345", "-public-url", "https://x/path")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "must not carry a path")
}
