package main

import (
	"strings"
	"testing"
)

// FuzzExplainAgreesWithVerify: on any input, explain never panics, never prints a secret, and
// its verdict is verify's (exit 0 together, or 1 together). Seeds are real requests of several
// kinds of scheme.
//
//	go test -fuzz=^FuzzExplainAgreesWithVerify$ -fuzztime=60s ./cmd/hooksig
func FuzzExplainAgreesWithVerify(f *testing.F) {
	type preset struct{ name, secret string }
	presets := []preset{
		{"standardwebhooks", s1Secret},
		{"github", "github-fuzz-secret"},
		{"stripe", "whsec_fuzz_stripe_secret"},
		{"slack", "slack-fuzz-secret"},
	}
	f.Add(uint8(0), withSig(s1Sig))
	f.Add(uint8(0), withSig("v1,"+strings.Repeat("A", 43)+"= v1a,"+strings.Repeat("B", 86)+"=="))
	f.Add(uint8(0), strings.Replace(withSig(s1Sig), "Content-Length: 20\r\n", "", 1))
	f.Add(uint8(1), withLength([]header{{"X-Hub-Signature-256", "sha256=" + strings.Repeat("0", 64)}}, s1Body))
	f.Add(uint8(2), withLength([]header{{"Stripe-Signature", "t=" + s1TS + ",v1=" + strings.Repeat("a", 64)}}, s1Body))
	f.Add(uint8(3), withLength([]header{{"X-Slack-Signature", "v0=" + strings.Repeat("b", 64)}, {"X-Slack-Request-Timestamp", s1TS}}, `{"type":"url_verification","challenge":"x"}`))
	f.Add(uint8(0), "> "+withSig(s1Sig))
	f.Fuzz(func(t *testing.T, which uint8, raw string) {
		p := presets[int(which)%len(presets)]
		args := []string{"-provider", p.name, "-secret", p.secret, "-now", s1TS}
		vcode, _, _ := runCLI(raw, append([]string{"verify"}, args...)...)
		ecode, out, errOut := runCLI(raw, append([]string{"explain"}, args...)...)
		if vcode != ecode {
			t.Fatalf("verify exits %d, explain %d:\n%s", vcode, ecode, out)
		}
		if ecode != exitOK && ecode != exitRejected {
			t.Fatalf("explain exits %d: %s", ecode, errOut)
		}
		if strings.Contains(out+errOut, p.secret) {
			t.Fatalf("the secret was printed:\n%s", out)
		}
	})
}
