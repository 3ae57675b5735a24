package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// Header names GitLab sends.
const (
	HeaderGitLabToken     = "X-Gitlab-Token"
	HeaderGitLabEventUUID = "X-Gitlab-Event-UUID"
)

// GitLab checks GitLab's webhook secret token: "X-Gitlab-Token: <token>", the token configured
// on the hook sent in clear and compared in constant time (tokens of up to 1024 bytes). This is
// weaker than any signature: it proves only that the sender knows the token, authenticates no
// byte of the body, and a token seen once (in a log, a proxy) works for ever. Prefer
// [GitLabSigningToken] where your GitLab has signing tokens. X-Gitlab-Event-UUID is reported in
// Delivery.ID (not signed; use hooksig.WithDedupe to refuse repeats).
//
// Source: GitLab's webhook docs ("Secret token"), gitlab-org/gitlab app/models/concerns/
// web_hooks/hook.rb. Confidence: C. Vectors: independent (there is nothing to compute: the
// header equals the token).
func GitLab(tokens ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:      "gitlab",
		Fields:    []hooksig.Fields{{Signature: HeaderGitLabToken, ID: HeaderGitLabEventUUID}},
		Signature: hooksig.Signature{Encoding: hooksig.Verbatim, Labels: []hooksig.Label{{Algorithm: hooksig.SharedToken}}},
		Key:       hooksig.RawKey,
	}, Secrets: tokens}
}

// GitLabSigningToken verifies GitLab webhooks signed with a signing token (GitLab 19.0 and
// later): Standard Webhooks headers (webhook-id, equal to Idempotency-Key; webhook-timestamp;
// webhook-signature: v1,<base64>) over id "." timestamp "." body, keyed with the "whsec_" +
// base64 token GitLab shows (32 bytes). GitLab prescribes no tolerance: 5 minutes either way,
// as the Standard Webhooks libraries it is tested with. The webhook-id is signed: the replay key.
//
// Source: gitlab-org/gitlab MR 230944 (headers, template, key format), the 19.0 release notes
// (S: cited by two projects, not read). Confidence: C for the scheme, S for availability.
// Vectors: the Standard Webhooks vectors apply (its scheme is exactly that).
func GitLabSigningToken(secrets ...string) hooksig.Provider {
	s := standardWebhooksScheme("gitlab", webhookFields, webhookFields)
	s.Fields = s.Fields[:1]
	s.Timestamp = &hooksig.Timestamp{Unit: hooksig.Seconds, Past: 5 * time.Minute, Future: 5 * time.Minute}
	return hooksig.Provider{Scheme: s, Secrets: secrets}
}

func init() {
	register(Preset{Name: "gitlab", Summary: "GitLab secret token (X-Gitlab-Token compared in constant time; the body is not signed)", New: GitLab, Source: "GitLab docs, MR 230944 · C"})
}
