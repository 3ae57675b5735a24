package providers

import (
	"time"

	"github.com/hooksig/hooksig"
)

// HeaderWorkOSSignature carries WorkOS's timestamp and signature.
const HeaderWorkOSSignature = "WorkOS-Signature"

// WorkOS verifies WorkOS webhooks: "WorkOS-Signature: t=<ms>, v1=<hex>", the HMAC-SHA256 of
// t "." body keyed with the dashboard's webhook secret as-is; t is the Unix time in
// milliseconds exactly as sent. Spaces around the entries are ignored (WorkOS writes ", ").
//
// The tolerance is WorkOS's SDK default, 180 seconds, in the past and in the future:
// workos-go and workos-python reject |now − t| > 180 s; workos-node checks only the past,
// and where a sender bounds only the past this project bounds the future by the same amount,
// so both readings give 180 s each way. WorkOS sends no delivery-id header; the event id is
// in the signed body. No body limit is documented (1 MiB default).
//
// Source: workos/workos-go webhook_verification.go, workos/workos-python
// webhooks/_verification.py, workos/workos-node signature-provider.ts, and WorkOS's webhook
// docs (header name). Confidence: C. Vectors: workos-python's tests/test_webhooks.py (three
// fixed vectors, from two versions of the file), with the clock set inside the window.
func WorkOS(secrets ...string) hooksig.Provider {
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:   "workos",
		Fields: []hooksig.Fields{{Signature: HeaderWorkOSSignature}},
		Signature: hooksig.Signature{Separator: ",", Assign: "=", TrimSpace: true, Encoding: hooksig.Hex,
			TimestampLabel: "t",
			Labels:         []hooksig.Label{{Name: "v1", Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.TimestampText(), hooksig.Lit("."), hooksig.Body()},
		Timestamp: &hooksig.Timestamp{Unit: hooksig.Milliseconds, Past: 180 * time.Second, Future: 180 * time.Second},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

func init() {
	register(Preset{Name: "workos", Summary: "WorkOS (WorkOS-Signature: t=<ms>, v1=<hex>; 180 s each way)", New: WorkOS, Source: "workos-go, -python, -node · C"})
}
