package providers_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/presettest"
	"github.com/hooksig/hooksig/providers"
)

func TestMailgun(t *testing.T) {
	presettest.Run(t, presettest.Suite{
		New:           providers.Mailgun,
		Secret:        "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
		OtherSecret:   "key-another-webhook-signing-key",
		Vectors:       presettest.Load(t, "testdata/mailgun"),
		BodyNotSigned: true,
	})
}

const (
	mgKey   = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
	mgTS    = "1403645220"
	mgToken = "5egbgr1vjgqxtrnp65xfznchgdccwh5d6i09vijqi3whgowmn6"
	mgSig   = "9cfc5c41582e51246e73c88d34db3af0a3a2692a76fbab81492842f000256d33"
)

func TestMailgunBodyFields(t *testing.T) {
	now := time.Unix(1403645220, 0)
	sigJSON := func(ts, token, sig string) string {
		return `{"signature":{"timestamp":"` + ts + `","token":"` + token + `","signature":"` + sig + `"},"event-data":{}}`
	}
	for _, tc := range []struct {
		name, ct, body string
		want           int
	}{
		{"json", "application/json", sigJSON(mgTS, mgToken, mgSig), 204},
		{"json_with_charset", "application/json; charset=utf-8", sigJSON(mgTS, mgToken, mgSig), 204},
		{"json_numeric_timestamp", "application/json", strings.Replace(sigJSON(mgTS, mgToken, mgSig), `"`+mgTS+`"`, mgTS, 1), 204},
		{"json_signature_missing", "application/json", `{"signature":{"timestamp":"` + mgTS + `","token":"` + mgToken + `"}}`, 401},
		{"json_token_missing", "application/json", `{"signature":{"timestamp":"` + mgTS + `","signature":"` + mgSig + `"}}`, 401},
		{"json_not_an_object", "application/json", `["signature"]`, 401},
		{"json_signature_object_missing", "application/json", `{"event-data":{}}`, 401},
		{"json_wrong_token", "application/json", sigJSON(mgTS, "x"+mgToken[1:], mgSig), 401},
		{"form", "application/x-www-form-urlencoded", "timestamp=" + mgTS + "&token=" + mgToken + "&signature=" + mgSig, 204},
		{"form_token_repeated", "application/x-www-form-urlencoded", "timestamp=" + mgTS + "&token=" + mgToken + "&token=other&signature=" + mgSig, 401},
		{"form_read_as_json_when_labelled_json", "application/json", "timestamp=" + mgTS + "&token=" + mgToken + "&signature=" + mgSig, 401},
		{"stale", "application/json", sigJSON("1403644000", mgToken, mgSig), 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v, err := hooksig.New(providers.Mailgun(mgKey), hooksig.WithClock(func() time.Time { return now }))
			require.NoError(t, err)
			r := newPost(tc.body)
			r.Header.Set("Content-Type", tc.ct)
			called := false
			rec := serveRec(v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { called = true; w.WriteHeader(204) })), r)
			assert.Equal(t, tc.want, rec.Code)
			assert.Equal(t, tc.want == 204, called)
		})
	}
}

// The token is signed: it is the replay key, so a captured signature works once.
func TestMailgunTokenIsTheReplayKey(t *testing.T) {
	now := time.Unix(1403645220, 0)
	v, err := hooksig.New(providers.Mailgun(mgKey), hooksig.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	calls := 0
	h := v.Handler(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { calls++; w.WriteHeader(204) }))
	body := `{"signature":{"timestamp":"` + mgTS + `","token":"` + mgToken + `","signature":"` + mgSig + `"},"event-data":{"event":"delivered"}}`
	other := strings.Replace(body, "delivered", "failed", 1) // the event data is not signed
	r1, r2 := newPost(body), newPost(other)
	r1.Header.Set("Content-Type", "application/json")
	r2.Header.Set("Content-Type", "application/json")
	assert.Equal(t, 204, serveRec(h, r1).Code)
	assert.Equal(t, 200, serveRec(h, r2).Code, "the same signature again is a duplicate, whatever the data around it")
	assert.Equal(t, 1, calls)
}
