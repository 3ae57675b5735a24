package providers

import "github.com/hooksig/hooksig"

// HeaderHubSignature is the header ChatBotKit signs in (GitHub's legacy header has the same
// name and another meaning).
const HeaderHubSignature = "X-Hub-Signature"

// ChatBotKit verifies ChatBotKit webhooks: "X-Hub-Signature: sha256=<hex>", HMAC-SHA256 of the
// raw body keyed with the webhook secret as-is.
//
// ChatBotKit's sample reads the algorithm from the header, so a forger could pick a weaker
// one; this preset pins sha256 and treats any other label as a mismatch (401). Malformed,
// unknown and wrong-length values are 401 too, never an error of the server. Source: the
// ChatBotKit webhooks documentation; its Node.js sample is authoritative, its Web Crypto
// sample does not run as printed (and would sign a digest of the body). No timestamp or
// delivery id is sent; use hooksig.WithDedupe to refuse replays.
func ChatBotKit(secrets ...string) hooksig.Provider {
	return ChatBotKitAllowing([]string{"sha256"}, secrets...)
}

// ChatBotKitAllowing is [ChatBotKit] accepting the listed algorithms, by the names the header
// uses: "sha1", "sha256", "sha512". Any other name (MD5 included) makes hooksig.New fail.
func ChatBotKitAllowing(algorithms []string, secrets ...string) hooksig.Provider {
	labels := make([]hooksig.Label, 0, len(algorithms))
	for _, name := range algorithms {
		labels = append(labels, hooksig.Label{Name: name, Algorithm: hmacByName[name]})
	}
	return hooksig.Provider{Scheme: hooksig.Scheme{
		Name:      "chatbotkit",
		Fields:    []hooksig.Fields{{Signature: HeaderHubSignature}},
		Signature: hooksig.Signature{Assign: "=", Encoding: hooksig.Hex, Labels: labels},
		Signed:    []hooksig.Part{hooksig.Body()},
		Key:       hooksig.RawKey,
	}, Secrets: secrets}
}

// hmacByName maps the algorithm names senders write to the algorithms; a missing name gives
// the zero Algorithm, which hooksig.New refuses.
var hmacByName = map[string]hooksig.Algorithm{
	"sha1":   hooksig.HMACSHA1,
	"sha256": hooksig.HMACSHA256,
	"sha512": hooksig.HMACSHA512,
}

func init() {
	register(Preset{Name: "chatbotkit", Summary: "ChatBotKit (X-Hub-Signature: sha256=<hex>, algorithm pinned)", New: ChatBotKit, Source: "ChatBotKit docs · seed"})
}
