package providers

import "github.com/hooksig/hooksig"

// HeaderDocuSignSignature names DocuSign's numbered signature headers: X-DocuSign-Signature-1,
// X-DocuSign-Signature-2, …, one per active HMAC key.
const HeaderDocuSignSignature = "X-DocuSign-Signature-" + hooksig.NumberedSuffix

// DocuSign verifies DocuSign Connect messages signed with HMAC: each X-DocuSign-Signature-N
// header is the padded base64 HMAC-SHA256 of the raw body under one of the account's active
// Connect keys, used as-is (the 44-character key looks like base64 but is not decoded). Any
// header number counts, gaps included (a key may be deleted from the middle of the list); a
// delivery with more than 16 signatures is refused. DocuSign sends no timestamp and no signed
// delivery id; use hooksig.WithDedupe to refuse replays. Messages may embed documents, so the
// route's limit may need raising (hooksig.WithMaxBodySize); the default is 1 MiB.
//
// Source: developers.docusign.com "HMAC security" and "Validate a message" pages, DocuSign's C#,
// Python, PHP and AWS Node Connect samples. Confidence: C (the 100-key maximum is S). Vectors:
// none official (the docs mask theirs); the test vectors are independent python3 hmac.
// Doubts: some official samples hash a re-serialised body or strip backslashes first, and
// compare with ==; the raw bytes and a constant-time comparison are what is correct.
func DocuSign(keys ...string) hooksig.Provider {
	return hooksig.Provider{Secrets: keys, Scheme: hooksig.Scheme{
		Name:      "docusign",
		Fields:    []hooksig.Fields{{Signature: HeaderDocuSignSignature}},
		Signature: hooksig.Signature{Encoding: hooksig.Base64, Labels: []hooksig.Label{{Algorithm: hooksig.HMACSHA256}}},
		Signed:    []hooksig.Part{hooksig.Body()},
		Key:       hooksig.RawKey,
	}}
}

func init() {
	register(Preset{Name: "docusign", Summary: "DocuSign Connect (X-DocuSign-Signature-1..N: base64 HMAC-SHA256 of the body)", New: DocuSign, Source: "DocuSign docs and samples · C"})
}
