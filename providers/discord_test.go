package providers_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

// RFC 8032 §7.1 TEST 1 and TEST 2 key pairs: public keys for the route, seeds for the signer.
const (
	rfc8032Seed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
	rfc8032Pub1  = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
	rfc8032Seed2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"
	rfc8032Pub2  = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
)

func TestDiscord(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:    providers.Discord,
		Secret: rfc8032Pub1, SigningSecret: rfc8032Seed1,
		OtherSecret: rfc8032Pub2, OtherSigningSecret: rfc8032Seed2,
		Vectors: presettest.Load(t, "testdata/discord"),
	})
}

// The RFC's key pairs are what the test says they are.
func TestRFC8032Keys(t *testing.T) {
	for seed, pub := range map[string]string{rfc8032Seed1: rfc8032Pub1, rfc8032Seed2: rfc8032Pub2} {
		s, _ := hex.DecodeString(seed)
		assert.Equal(t, pub, hex.EncodeToString(ed25519.NewKeyFromSeed(s).Public().(ed25519.PublicKey)))
	}
}

func TestDiscordPings(t *testing.T) {
	now := time.Unix(1700000000, 0)
	for _, tc := range []struct {
		name     string
		webhooks bool
		body     string
		code     int
		reply    string
		next     bool
	}{
		{"interaction_ping", false, `{"type":1,"id":"1"}`, 200, `{"type":1}`, false},
		{"interaction_command", false, `{"type":2,"id":"2"}`, 204, "", true},
		{"events_ping", true, `{"type":0}`, 204, "", false},
		{"events_event_is_not_a_ping", true, `{"type":1,"event":{"type":"APPLICATION_AUTHORIZED"}}`, 204, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := providers.Discord(rfc8032Seed1)
			if tc.webhooks {
				p = providers.DiscordWebhookEvents(rfc8032Seed1)
			}
			// A signer takes the seed; the route the public key.
			route := providers.Discord(rfc8032Pub1)
			if tc.webhooks {
				route = providers.DiscordWebhookEvents(rfc8032Pub1)
			}
			resp, called := handshakeWith(t, p, route, now, tc.body, nil)
			assert.Equal(t, tc.code, resp.StatusCode)
			assert.Equal(t, tc.next, called)
			if tc.reply != "" {
				assert.JSONEq(t, tc.reply, readAll(t, resp))
			}
		})
	}
	_ = http.StatusOK
}
