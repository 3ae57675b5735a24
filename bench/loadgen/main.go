// Command loadgen measures what verification costs a real net/http server: it serves, on
// 127.0.0.1 only, the Standard Webhooks route verified by hooksig (replay step on, default
// in-memory store) and the same handler unverified, and drives both with keep-alive clients
// sending 1 KiB deliveries, each signed with its own webhook-id and a current timestamp. Both
// routes receive the same kind of signed request, signed before each timed round, so signing
// is charged to neither. It reports requests/s per route, the ratio verified/unverified and
// the non-2xx answers, and stops by itself (-n requests in all, -duration at most).
//
//	go run ./loadgen                 # from bench/: 200000 requests, at most 60s, 8 clients
//	go run ./loadgen -n 50000 -c 4
//
// Rounds alternate between the routes (unverified, verified, verified, unverified, …) so that
// a drift of the machine's speed over the run falls on both.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hooksig/hooksig"
	"github.com/hooksig/hooksig/providers"
)

// secret is a test secret: 32 bytes, base64 after "whsec_".
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// Config bounds a run.
type Config struct {
	N        int           // requests in all, both routes and warm-up included
	Duration time.Duration // the whole run takes at most this long (signing excluded)
	C        int           // concurrent keep-alive clients
	Size     int           // body bytes
	Rounds   int           // timed rounds per route
}

// A Tally is what one route answered.
type Tally struct {
	Requests int64         // answered requests
	Non2xx   int64         // answers outside 2xx
	Errors   int64         // transport errors
	Elapsed  time.Duration // time spent in the route's timed rounds
}

// Rate is the route's requests per second.
func (t Tally) Rate() float64 {
	if t.Elapsed <= 0 {
		return 0
	}
	return float64(t.Requests) / t.Elapsed.Seconds()
}

// Result is a whole run.
type Result struct {
	Plain, Verified Tally
	Warmup          int // requests per route before the timed rounds
	Handled         int64
	Statuses        map[int]int64
}

// Ratio is the verified route's requests/s over the unverified route's.
func (r Result) Ratio() float64 {
	if r.Plain.Rate() == 0 {
		return 0
	}
	return r.Verified.Rate() / r.Plain.Rate()
}

// signed is one pre-signed delivery.
type signed struct{ h http.Header }

// batch signs n deliveries now, each with its own id.
func batch(s *hooksig.Signer, body []byte, seq *atomic.Int64, n int) ([]signed, error) {
	out := make([]signed, n)
	now := time.Now()
	for i := range out {
		h, err := s.Sign(hooksig.Message{ID: "msg_" + strconv.FormatInt(seq.Add(1), 36), Timestamp: now, Body: body})
		if err != nil {
			return nil, err
		}
		h.Header.Set("Content-Type", "application/json")
		out[i] = signed{h.Header}
	}
	return out, nil
}

// send posts every delivery of b to url with c clients until done or the deadline, and adds
// what it saw to t.
func send(ctx context.Context, client *http.Client, url string, body []byte, b []signed, c int, t *Tally, statuses *sync.Map) {
	var next atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(b) || ctx.Err() != nil {
					return
				}
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
				if err != nil {
					atomic.AddInt64(&t.Errors, 1)
					continue
				}
				req.Header = b[i].h
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						atomic.AddInt64(&t.Errors, 1)
					}
					continue
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				atomic.AddInt64(&t.Requests, 1)
				if resp.StatusCode < 200 || resp.StatusCode > 299 {
					atomic.AddInt64(&t.Non2xx, 1)
				}
				v, _ := statuses.LoadOrStore(resp.StatusCode, new(atomic.Int64))
				v.(*atomic.Int64).Add(1)
			}
		})
	}
	wg.Wait()
	t.Elapsed += time.Since(start)
}

// Run serves both routes on 127.0.0.1, drives them and returns what they answered.
func Run(cfg Config, log io.Writer) (Result, error) {
	var res Result
	if cfg.N < 4 || cfg.C < 1 || cfg.Duration <= 0 || cfg.Size < 1 || cfg.Rounds < 1 {
		return res, errors.New("loadgen: -n ≥ 4, -c ≥ 1, -duration > 0, -size ≥ 1 and -rounds ≥ 1")
	}
	perRoute := cfg.N / 2
	// The default store holds DefaultMemoryStoreSize ids, and keeps each until its delivery's
	// tolerance window has passed (5 minutes): a run longer than that fills it and is refused 503.
	if perRoute > hooksig.DefaultMemoryStoreSize {
		return res, fmt.Errorf("loadgen: -n %d sends %d deliveries to the verified route; its default replay store holds %d inside the 5-minute window: use -n ≤ %d",
			cfg.N, perRoute, hooksig.DefaultMemoryStoreSize, 2*hooksig.DefaultMemoryStoreSize)
	}
	res.Warmup = min(2000, perRoute/10)
	timed := perRoute - res.Warmup
	if timed < cfg.Rounds {
		return res, errors.New("loadgen: -n too small for the rounds")
	}

	v, err := hooksig.New(providers.StandardWebhooks(secret))
	if err != nil {
		return res, err
	}
	signer, err := hooksig.NewSigner(providers.StandardWebhooks(secret))
	if err != nil {
		return res, err
	}
	var handled atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.Copy(io.Discard, r.Body); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		handled.Add(1)
		w.WriteHeader(http.StatusNoContent)
	})
	verifiedHandler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := hooksig.DeliveryFrom(r.Context()); !ok {
			http.Error(w, "unverified", http.StatusInternalServerError)
			return
		}
		handler.ServeHTTP(w, r)
	})
	mux := http.NewServeMux()
	mux.Handle("POST /plain", handler)
	mux.Handle("POST /verified", v.Handler(verifiedHandler))

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return res, err
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	client := &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        cfg.C,
			MaxIdleConnsPerHost: cfg.C,
			MaxConnsPerHost:     cfg.C,
			DisableCompression:  true,
			IdleConnTimeout:     time.Minute,
		},
	}
	defer client.CloseIdleConnections()

	line := []byte(`{"type":"invoice.paid","data":{"id":"in_0123456789","amount":4200}}` + "\n")
	body := bytes.Repeat(line, cfg.Size/len(line)+1)[:cfg.Size]
	var seq atomic.Int64
	var statuses sync.Map
	deadline := time.Now().Add(cfg.Duration)
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()

	// Warm up both routes (connections, pools, the store's map), untimed.
	var scratch Tally
	for _, path := range []string{"/plain", "/verified"} {
		b, err := batch(signer, body, &seq, res.Warmup)
		if err != nil {
			return res, err
		}
		send(ctx, client, base+path, body, b, cfg.C, &scratch, &statuses)
	}
	if scratch.Non2xx+scratch.Errors > 0 {
		return res, fmt.Errorf("loadgen: warm-up: %d non-2xx answers, %d errors", scratch.Non2xx, scratch.Errors)
	}

	// Timed rounds, ABBA: plain, verified, verified, plain, …; each round has an equal share
	// of the requests and of the time left.
	order := []struct {
		path string
		t    *Tally
	}{{"/plain", &res.Plain}, {"/verified", &res.Verified}}
	slots := 2 * cfg.Rounds
	for k := range slots {
		route := order[(k+k/2)%2] // 0 1 1 0 0 1 1 0 …
		share := timed / cfg.Rounds
		if k/2 == cfg.Rounds-1 {
			share = timed - share*(cfg.Rounds-1)
		}
		b, err := batch(signer, body, &seq, share)
		if err != nil {
			return res, err
		}
		left := time.Until(deadline)
		if left <= 0 {
			break
		}
		rctx, rcancel := context.WithTimeout(ctx, left/time.Duration(slots-k))
		send(rctx, client, base+route.path, body, b, cfg.C, route.t, &statuses)
		rcancel()
		fmt.Fprintf(log, "round %d %-9s %7d requests  %8.0f req/s so far\n", k+1, route.path, route.t.Requests, route.t.Rate())
	}
	res.Handled = handled.Load()
	res.Statuses = map[int]int64{}
	statuses.Range(func(k, v any) bool {
		res.Statuses[k.(int)] = v.(*atomic.Int64).Load()
		return true
	})
	return res, nil
}

func main() {
	cfg := Config{}
	flag.IntVar(&cfg.N, "n", 200000, "requests in all (both routes, warm-up included); at most 200000 (the default replay store's size per route)")
	flag.DurationVar(&cfg.Duration, "duration", 60*time.Second, "stop after this long at most")
	flag.IntVar(&cfg.C, "c", 8, "concurrent keep-alive clients")
	flag.IntVar(&cfg.Size, "size", 1<<10, "body bytes")
	flag.IntVar(&cfg.Rounds, "rounds", 4, "timed rounds per route, alternating")
	flag.Parse()
	if cfg.Duration > 10*time.Minute {
		fmt.Fprintln(os.Stderr, "loadgen: -duration is capped at 10m")
		cfg.Duration = 10 * time.Minute
	}

	fmt.Printf("loadgen: 127.0.0.1, GOMAXPROCS=%d, %d clients, %d-byte bodies, -n %d, -duration %v\n",
		runtime.GOMAXPROCS(0), cfg.C, cfg.Size, cfg.N, cfg.Duration)
	res, err := Run(cfg, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	report(os.Stdout, res)
	if res.Plain.Non2xx+res.Verified.Non2xx+res.Plain.Errors+res.Verified.Errors > 0 {
		os.Exit(1)
	}
}

func report(w io.Writer, res Result) {
	fmt.Fprintf(w, "\n| route | requests | seconds | requests/s | non-2xx | errors |\n|---|---:|---:|---:|---:|---:|\n")
	for _, r := range []struct {
		name string
		t    Tally
	}{{"unverified", res.Plain}, {"verified (hooksig, replay on)", res.Verified}} {
		fmt.Fprintf(w, "| %s | %d | %.2f | %.0f | %d | %d |\n", r.name, r.t.Requests, r.t.Elapsed.Seconds(), r.t.Rate(), r.t.Non2xx, r.t.Errors)
	}
	verdict := "met"
	if res.Ratio() < 0.95 {
		verdict = fmt.Sprintf("not met, short by %.1f points", 100*(0.95-res.Ratio()))
	}
	fmt.Fprintf(w, "\nverified / unverified: %.1f%% (target ≥ 95%%: %s); %d warm-up requests per route; statuses %v\n",
		100*res.Ratio(), verdict, res.Warmup, res.Statuses)
}
