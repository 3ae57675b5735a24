package redisreplay_test

import (
	"log"
	"net/http"

	"github.com/redis/go-redis/v9"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
	"github.com/hooksig/hooksig/redisreplay"
)

// Several instances of a service share their replay record through Redis. (Compiled, not run:
// it needs a Redis server; the package's tests run against one.)
func Example() {
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	store, err := redisreplay.New(rdb, redisreplay.WithPrefix("payments:replay:"))
	if err != nil {
		log.Fatal(err)
	}
	v, err := hooksig.New(providers.StandardWebhooks("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), hooksig.WithReplayStore(store))
	if err != nil {
		log.Fatal(err)
	}
	http.Handle("POST /webhooks", v.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})))
}
