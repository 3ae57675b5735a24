package providers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestShopify(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Shopify,
		Secret:      "7008c5f4da4718b9b45d26d3fcbbb157",
		OtherSecret: "4cd2a1d7e9b35f1a60c2b8e7d9f0a3c5",
		Vectors:     presettest.Load(t, "testdata/shopify"),
	})
}

// Both header families, and what the Delivery reports for each. The signature is the
// shopify-api-php vector.
func TestShopifyHeaderFamilies(t *testing.T) {
	const (
		secret = "7008c5f4da4718b9b45d26d3fcbbb157"
		sig    = "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY="
		forged = "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyZ="
		body   = `{"foo":"bar"}`
	)
	for _, tc := range []struct {
		name   string
		header map[string]string
		valid  bool
		id     string
	}{
		{"classic", map[string]string{"X-Shopify-Hmac-Sha256": sig, "X-Shopify-Webhook-Id": "wh-classic-1"}, true, "wh-classic-1"},
		{"classic_docs_spelling", map[string]string{"X-Shopify-Hmac-SHA256": sig}, true, ""},
		{"events", map[string]string{"Shopify-Hmac-Sha256": sig, "Shopify-Webhook-Id": "wh-events-1"}, true, "wh-events-1"},
		{"both_families", map[string]string{"X-Shopify-Hmac-Sha256": sig, "Shopify-Hmac-Sha256": sig, "X-Shopify-Webhook-Id": "wh-1", "Shopify-Webhook-Id": "wh-1"}, true, "wh-1"},
		// The X-Shopify-* set is present, so it is read, all of it: a valid Events signature
		// does not rescue a forged classic one, nor fill in a missing one.
		{"classic_forged_events_valid", map[string]string{"X-Shopify-Hmac-Sha256": forged, "Shopify-Hmac-Sha256": sig}, false, ""},
		{"classic_id_events_signature", map[string]string{"X-Shopify-Webhook-Id": "wh-1", "Shopify-Hmac-Sha256": sig}, false, ""},
		{"events_forged", map[string]string{"Shopify-Hmac-Sha256": forged}, false, ""},
		{"hex_refused", map[string]string{"X-Shopify-Hmac-Sha256": "f91f53c1833899b2d393784400e064a40ef35b695cf6f3459952acdaeda3b726"}, false, ""},
		{"base64url_refused", map[string]string{"X-Shopify-Hmac-Sha256": strings.NewReplacer("+", "-", "/", "_").Replace(sig)}, false, ""},
		{"labelled_refused", map[string]string{"X-Shopify-Hmac-Sha256": "sha256=" + sig}, false, ""},
		{"two_values", map[string]string{"X-Shopify-Hmac-Sha256": sig + ", " + sig}, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Shopify(secret))
			require.NoError(t, err)
			r := httptest.NewRequest(http.MethodPost, "/shopify", strings.NewReader(body))
			for k, val := range tc.header {
				r.Header.Set(k, val)
			}
			d, err := v.Verify(r, []byte(body))
			if !tc.valid {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.id, d.ID)
			assert.False(t, d.IDSigned, "Shopify's webhook id is not signed")
		})
	}
}

// After a client-secret rotation Shopify may sign with the old secret for up to an hour.
func TestShopifyRotationLag(t *testing.T) {
	v, err := hooksig.New(providers.Shopify("new-client-secret-0000000000000000", "7008c5f4da4718b9b45d26d3fcbbb157"))
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/shopify", strings.NewReader(`{"foo":"bar"}`))
	r.Header.Set(providers.HeaderShopifyHMAC, "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=")
	d, err := v.Verify(r, []byte(`{"foo":"bar"}`))
	require.NoError(t, err)
	assert.Equal(t, 1, d.KeyIndex)
}
