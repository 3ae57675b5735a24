package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// A multi-sender route in a chi group: r.Use puts the middleware in front of every route of
// the group, and the handler reads the verified Delivery from the request context.
func Example_chiGroup() {
	stripe, slack := providers.Stripe("whsec_stripe_endpoint_secret"), providers.Slack("slack-signing-secret")
	v, err := hooksig.NewAny([]hooksig.Provider{stripe, slack})
	if err != nil {
		panic(err) // an empty or malformed secret fails here, never at request time
	}
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(v.Handler)
		r.Post("/webhooks", func(w http.ResponseWriter, r *http.Request) {
			d, ok := hooksig.DeliveryFrom(r.Context())
			if !ok { // only if the route were mounted without the middleware
				http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				return
			}
			fmt.Println("from", d.Provider)
		})
	})

	s, err := hooksig.NewSigner(slack)
	if err != nil {
		panic(err)
	}
	req, err := s.Request("https://example.com/webhooks", hooksig.Message{Body: []byte(`{"type":"event_callback"}`)})
	if err != nil {
		panic(err)
	}
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// from slack
	// 200
}

// The middleware in chi: in a route group with r.Use (URL parameters survive it), on one route
// with r.With, and routes without it untouched.
func TestMountedInChi(t *testing.T) {
	const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	v, err := hooksig.New(providers.StandardWebhooks(secret))
	require.NoError(t, err)
	signer, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	require.NoError(t, err)

	var handled []string
	r := chi.NewRouter()
	r.Route("/hooks", func(r chi.Router) {
		r.Use(v.Handler)
		r.Post("/use/{tenant}", func(w http.ResponseWriter, r *http.Request) {
			handled = append(handled, "use:"+chi.URLParam(r, "tenant"))
		})
	})
	r.With(v.Handler).Post("/with", func(w http.ResponseWriter, r *http.Request) {
		handled = append(handled, "with")
	})
	r.Post("/open", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })

	tests := []struct {
		name    string
		path    string
		sign    bool // carry a signature made with the route's secret
		forged  bool // then replace it with one that matches nothing
		want    int
		handled []string
	}{
		{"group_signed", "/hooks/use/acme", true, false, http.StatusOK, []string{"use:acme"}},
		{"group_forged", "/hooks/use/acme", true, true, http.StatusUnauthorized, nil},
		{"group_unsigned", "/hooks/use/acme", false, false, http.StatusUnauthorized, nil},
		{"with_signed", "/with", true, false, http.StatusOK, []string{"with"}},
		{"with_forged", "/with", true, true, http.StatusUnauthorized, nil},
		{"open_unsigned", "/open", false, false, http.StatusTeapot, nil},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			handled = nil
			req := httptest.NewRequest(http.MethodPost, tc.path, strings.NewReader(`{"ok":true}`))
			if tc.sign {
				req, err = signer.Request("http://example.test"+tc.path, hooksig.Message{ID: fmt.Sprintf("msg_%d", i), Body: []byte(`{"ok":true}`)})
				require.NoError(t, err)
			}
			if tc.forged {
				req.Header.Set("Webhook-Signature", "v1,"+strings.Repeat("A", 43)+"=")
			}
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, req)
			assert.Equal(t, tc.want, rec.Code)
			assert.Equal(t, tc.handled, handled)
		})
	}
}
