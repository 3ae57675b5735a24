package providers_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestZoom(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:         providers.Zoom,
		Secret:      "zoom_secret_token_example",
		OtherSecret: "another_zoom_secret_token",
		Vectors:     presettest.Load(t, "testdata/zoom"),
	})
}

// The url_validation answer is hex(HMAC-SHA256(secret token, plainToken)), computed here with
// the standard library as Zoom's samples do.
func TestZoomURLValidation(t *testing.T) {
	const secret = "zoom_secret_token_example"
	now := time.Unix(1700000000, 0)
	resp, called := handshake(t, providers.Zoom(secret), now,
		`{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`, nil)
	assert.False(t, called)
	assert.Equal(t, 200, resp.StatusCode)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("qgg8vlvZRS6UYooatFL8Aw"))
	assert.JSONEq(t, `{"plainToken":"qgg8vlvZRS6UYooatFL8Aw","encryptedToken":"`+hex.EncodeToString(mac.Sum(nil))+`"}`, readAll(t, resp))

	// With two secrets, the answer uses the one that verified the request.
	resp, _ = handshake(t, providers.Zoom(secret), now, `{"payload":{"plainToken":"abc"},"event":"endpoint.url_validation"}`, nil)
	mac.Reset()
	mac.Write([]byte("abc"))
	assert.Contains(t, readAll(t, resp), hex.EncodeToString(mac.Sum(nil)))
}
