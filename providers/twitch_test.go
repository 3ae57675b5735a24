package providers_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestTwitch(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Twitch,
		Secret:      "twitch-subscription-secret",
		OtherSecret: "another-subscription-secret",
		Vectors:     presettest.Load(t, "testdata/twitch"),
	})
}

func TestTwitchChallenge(t *testing.T) {
	now := time.Unix(1700000000, 0)
	p := providers.Twitch("twitch-subscription-secret")
	body := `{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"type":"channel.follow"}}`
	verification := http.Header{providers.HeaderTwitchMessageType: {"webhook_callback_verification"}}
	resp, called := handshake(t, p, now, body, verification)
	assert.False(t, called)
	assert.Equal(t, 200, resp.StatusCode)
	assert.Equal(t, "text/plain; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Equal(t, "pogchamp-kappa-360noscope-vohiyo", readAll(t, resp))

	resp, called = handshake(t, p, now, body, http.Header{providers.HeaderTwitchMessageType: {"notification"}})
	assert.True(t, called, "a notification that carries a challenge field is still a notification")
	assert.Equal(t, 204, resp.StatusCode)
}

func TestTwitchSecretLength(t *testing.T) {
	_, err := hooksig.New(providers.Twitch("short"))
	assert.ErrorIs(t, err, hooksig.ErrInvalidSecret, "Twitch secrets have 10 to 100 characters")
}
