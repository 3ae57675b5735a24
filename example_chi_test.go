package hooksig_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/go-chi/chi/v5"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// The same multi-sender route in a chi group: r.Use puts the middleware in front of every
// route of the group.
func ExampleNewAny_chi() {
	stripe, slack := providers.Stripe("whsec_stripe_endpoint_secret"), providers.Slack("slack-signing-secret")
	v, err := hooksig.NewAny([]hooksig.Provider{stripe, slack})
	if err != nil {
		panic(err)
	}
	r := chi.NewRouter()
	r.Group(func(r chi.Router) {
		r.Use(v.Handler)
		r.Post("/webhooks", func(w http.ResponseWriter, r *http.Request) {
			d, _ := hooksig.DeliveryFrom(r.Context()) // always present behind the middleware
			fmt.Println("from", d.Provider)
		})
	})

	s, _ := hooksig.NewSigner(slack)
	req, _ := s.Request("https://example.com/webhooks", hooksig.Message{Body: []byte(`{"type":"event_callback"}`)})
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, req)
	fmt.Println(rec.Code)
	// Output:
	// from slack
	// 200
}
