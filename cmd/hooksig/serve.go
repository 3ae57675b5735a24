package main

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// serveRaw hands raw, as a client connection, to a real net/http server running h, and
// returns the status line of the first final response: what a server would answer. The
// server parses the request exactly as one listening on a socket would (header size limit,
// Host rules, Expect, transfer codings, HTTP versions), so verify refuses what a server
// refuses and accepts what it accepts. Keep-alives are off: bytes after the first request are
// never served as another one, and only the first answer counts.
func serveRaw(raw io.Reader, h http.Handler) (code int, text string) {
	conn := &memConn{in: raw, final: make(chan struct{})}
	l := &oneConnListener{conn: conn, closed: make(chan struct{})}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: time.Minute,
		ErrorLog:          discardLog,
		ConnState: func(_ net.Conn, s http.ConnState) {
			if s == http.StateClosed || s == http.StateHijacked {
				conn.finish()
				l.close()
			}
		},
	}
	srv.SetKeepAlivesEnabled(false) // one request: bytes after it are never served as another
	go func() { _ = srv.Serve(l) }()
	<-conn.final // the first final answer, or the connection closed without one
	return conn.status()
}

// memConn is a connection whose client side is raw (then end of file) and whose server's
// writes are kept.
type memConn struct {
	in    io.Reader
	mu    sync.Mutex
	out   bytes.Buffer
	final chan struct{}
	once  sync.Once
}

func (c *memConn) Read(p []byte) (int, error) { return c.in.Read(p) }

func (c *memConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.out.Write(p)
	if code, _ := firstFinal(c.out.String()); code != 0 {
		c.finish()
	}
	return len(p), nil
}

func (c *memConn) finish() { c.once.Do(func() { close(c.final) }) }

func (c *memConn) status() (int, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return firstFinal(c.out.String())
}

func (c *memConn) Close() error                     { c.finish(); return nil }
func (c *memConn) LocalAddr() net.Addr              { return loopback }
func (c *memConn) RemoteAddr() net.Addr             { return loopback }
func (c *memConn) SetDeadline(time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(time.Time) error { return nil }

var loopback = &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}

// firstFinal finds the first complete status line with a final (non-1xx) code in out, and
// returns its code and the text after it.
func firstFinal(out string) (int, string) {
	for out != "" {
		line, rest, ok := strings.Cut(out, "\r\n")
		if !ok {
			return 0, ""
		}
		if v, after, ok := strings.Cut(line, " "); ok && strings.HasPrefix(v, "HTTP/") {
			codeText, reason, _ := strings.Cut(after, " ")
			if code, err := strconv.Atoi(codeText); err == nil && code >= 200 {
				return code, reason
			}
		}
		out = rest
	}
	return 0, ""
}

// oneConnListener accepts one connection, then blocks until it is closed.
type oneConnListener struct {
	mu     sync.Mutex
	conn   net.Conn
	closed chan struct{}
	once   sync.Once
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.mu.Lock()
	c := l.conn
	l.conn = nil
	l.mu.Unlock()
	if c != nil {
		return c, nil
	}
	<-l.closed
	return nil, net.ErrClosed
}

func (l *oneConnListener) close()         { l.once.Do(func() { close(l.closed) }) }
func (l *oneConnListener) Close() error   { l.close(); return nil }
func (l *oneConnListener) Addr() net.Addr { return loopback }
