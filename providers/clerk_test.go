package providers_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// The header sets of Clerk, Resend, OpenAI and Replicate are checked in
// TestStandardWebhooksPresetHeaderSets below.
func TestClerk(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Clerk,
		Secret:      s1Secret,
		OtherSecret: otherSecret,
		Vectors:     presettest.Load(t, "testdata/clerk"),
	})
}

// The named Standard Webhooks presets (Clerk, Resend: svix-* first; OpenAI, Replicate:
// webhook-* first) read their own header set, and the other set, whole, only when none of
// their own three headers is present; a partial own set is a missing header. The signer
// writes the own set.
func TestStandardWebhooksPresetHeaderSets(t *testing.T) {
	type names struct{ id, ts, sig string }
	svixNames := names{providers.HeaderSvixID, providers.HeaderSvixTimestamp, providers.HeaderSvixSignature}
	webhookNames := names{providers.HeaderWebhookID, providers.HeaderWebhookTimestamp, providers.HeaderWebhookSignature}
	presets := []struct {
		name       string
		new        func(secrets ...string) hooksig.Provider
		own, other names
	}{
		{"clerk", providers.Clerk, names{providers.HeaderClerkID, providers.HeaderClerkTimestamp, providers.HeaderClerkSignature}, webhookNames},
		{"resend", providers.Resend, names{providers.HeaderResendID, providers.HeaderResendTimestamp, providers.HeaderResendSignature}, webhookNames},
		{"openai", providers.OpenAI, names{providers.HeaderOpenAIWebhookID, providers.HeaderOpenAIWebhookTimestamp, providers.HeaderOpenAIWebhookSignature}, svixNames},
		{"replicate", providers.Replicate, names{providers.HeaderReplicateWebhookID, providers.HeaderReplicateWebhookTimestamp, providers.HeaderReplicateWebhookSignature}, svixNames},
	}
	bad := "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=" // well-formed, 32 bytes, wrong
	set := func(n names, id, sig string) http.Header { return hdr(n.id, id, n.ts, s1TSText, n.sig, sig) }
	sigFor := func(id string) string { return v1(s1Key, id, s1TSText, []byte(s1Body)) }

	for _, p := range presets {
		t.Run(p.name, func(t *testing.T) {
			assert.Equal(t, p.name, p.new(s1Secret).Scheme.Name)
			prov := p.new(s1Secret)
			own := func(id, sig string) http.Header { return set(p.own, id, sig) }
			other := func(id, sig string) http.Header { return set(p.other, id, sig) }
			runCases(t, []reqCase{
				{name: "own_set", provider: prov, header: own(s1ID, s1Sig)},
				{name: "other_set_when_no_own_header", provider: prov, header: other(s1ID, s1Sig)},
				{name: "other_set_id_reported_on_fallback", provider: prov, header: other("msg_fallback", sigFor("msg_fallback")), wantID: "msg_fallback"},
				{name: "own_set_preferred_over_valid_other", provider: prov, header: merge(own(s1ID, s1Sig), other("msg_other", sigFor("msg_other")))},
				{name: "own_set_preferred_over_forged_other", provider: prov, header: merge(own(s1ID, s1Sig), other("msg_other", bad))},
				{name: "no_fallback_when_own_set_present", provider: prov, header: merge(own(s1ID, bad), other(s1ID, s1Sig)),
					wantErr: hooksig.ErrSignatureMismatch},
				{name: "own_id_only_is_missing", provider: prov, header: merge(hdr(p.own.id, s1ID), other(s1ID, s1Sig)),
					wantErr: hooksig.ErrMissingHeader, wantHeader: p.own.ts},
				{name: "own_timestamp_only_is_missing", provider: prov, header: merge(hdr(p.own.ts, s1TSText), other(s1ID, s1Sig)),
					wantErr: hooksig.ErrMissingHeader, wantHeader: p.own.id},
				{name: "own_signature_only_is_missing", provider: prov, header: merge(hdr(p.own.sig, s1Sig), other(s1ID, s1Sig)),
					wantErr: hooksig.ErrMissingHeader, wantHeader: p.own.id},
				{name: "own_set_without_signature_is_missing", provider: prov, header: merge(hdr(p.own.id, s1ID, p.own.ts, s1TSText), other(s1ID, s1Sig)),
					wantErr: hooksig.ErrMissingHeader, wantHeader: p.own.sig},
				{name: "other_set_partial_is_missing", provider: prov, header: hdr(p.other.id, s1ID, p.other.sig, s1Sig),
					wantErr: hooksig.ErrMissingHeader, wantHeader: p.other.ts},
				{name: "neither_set_names_own_header", provider: prov, header: http.Header{}, wantErr: hooksig.ErrMissingHeader, wantHeader: p.own.sig},
			})

			t.Run("signer_writes_own_set", func(t *testing.T) {
				s, err := hooksig.NewSigner(p.new(s1Secret))
				require.NoError(t, err)
				h, err := s.Sign(hooksig.Message{ID: s1ID, Timestamp: time.Unix(s1TS, 0), Body: []byte(s1Body)})
				require.NoError(t, err)
				assert.Equal(t, http.Header{p.own.id: {s1ID}, p.own.ts: {s1TSText}, p.own.sig: {s1Sig}}, h.Header)
			})
		})
	}
}
