package redisreplay_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// server is a redis-server this test run started, or the one REDIS_ADDR names.
type server struct {
	addr string
	dir  string
	cmd  *exec.Cmd
	args []string
}

// startServer starts a redis-server on a free loopback port in a temporary directory, with
// extra configuration args, and stops it when the test ends. With REDIS_ADDR set it uses that
// server instead (and the cases that stop and restart a server are skipped). Without either,
// it fails under CI=true and skips elsewhere.
func startServer(t testing.TB, args ...string) *server {
	t.Helper()
	if addr := os.Getenv("REDIS_ADDR"); addr != "" {
		return &server{addr: addr}
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("redis-server is not installed (CI installs it: apt-get install redis-server)")
		}
		t.Skip("SKIP: no redis-server installed and no REDIS_ADDR: the Redis store is not tested here")
	}
	s := &server{dir: t.TempDir(), args: args}
	s.addr = freeAddr(t)
	s.start(t, bin)
	t.Cleanup(func() { s.stop() })
	return s
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func (s *server) start(t testing.TB, bin string) {
	t.Helper()
	_, port, _ := net.SplitHostPort(s.addr)
	args := append([]string{"--port", port, "--bind", "127.0.0.1", "--dir", s.dir, "--save", "", "--appendonly", "no"}, s.args...)
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = nil, nil
	logf, err := os.Create(filepath.Join(s.dir, "redis.log"))
	if err == nil {
		s.cmd.Stdout = logf
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: s.addr, MaxRetries: 0, DialTimeout: 200 * time.Millisecond})
	defer rdb.Close()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := rdb.Ping(context.Background()).Err(); err == nil {
			return
		} else if time.Now().After(deadline) {
			t.Fatalf("redis-server did not answer: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// stop ends the server and waits for it (a restart reuses its port and directory).
func (s *server) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	_, _ = s.cmd.Process.Wait()
	s.cmd = nil
}

// restart starts the server again on the same port and directory.
func (s *server) restart(t testing.TB) {
	t.Helper()
	bin, _ := exec.LookPath("redis-server")
	s.start(t, bin)
}

// client returns a client for tests: no retries and short timeouts, so outages fail fast.
func (s *server) client(t testing.TB) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: s.addr, MaxRetries: 0, DialTimeout: 200 * time.Millisecond,
		ReadTimeout: 500 * time.Millisecond, WriteTimeout: 500 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// uniquePrefix keeps the tests of one server apart.
func uniquePrefix(t testing.TB) string {
	return fmt.Sprintf("test:%s:%d:", t.Name(), time.Now().UnixNano())
}
