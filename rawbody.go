package hooksig

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// firstChunk is how much is allocated up front for a body of unknown length.
const firstChunk = 16 << 10

// maxPresize caps what a declared Content-Length may make us allocate before its bytes have
// arrived: beyond it the buffer grows as they do, so a client that declares a large body and
// sends nothing cannot make the server hold that much memory.
const maxPresize = 1 << 20

// readBody reads a request body of at most limit bytes into one buffer, leaving head bytes free
// in front of it and tail bytes free behind it (the engine writes the signed parts there). The
// body is buf[head:head+n].
//
// A declared length over the limit is refused before a byte is read; a body of unknown length
// is cut at limit+1 bytes while streaming. The buffer is presized from a declared length (up to
// maxPresize, never beyond the limit), so a truthful Content-Length up to 1 MiB costs one
// allocation and one copy. A body shorter or longer than its declared length is unreadable.
//
// The first buffer comes from pool (nil: none); *slot receives its holder for pool.put. probe is
// a byte of scratch that outlives the call (a reader may keep what it is handed), for the read
// that checks the body ends where it said.
func readBody(body io.Reader, declared, limit int64, head, tail int, pool *bufPool, slot **[]byte, probe []byte) (buf []byte, n int, err error) {
	if declared > limit {
		return nil, 0, ErrBodyTooLarge
	}
	if body == nil {
		if declared > 0 {
			return nil, 0, fmt.Errorf("%w: no body, Content-Length %d", ErrBodyUnreadable, declared)
		}
		return make([]byte, head+tail), 0, nil
	}
	*slot = nil
	if declared < 0 {
		buf = pool.get(head+int(min(firstChunk, limit))+tail, slot)
		buf, n, err = stream(body, buf, head, 0, tail, limit)
		if err != nil {
			return nil, 0, err
		}
		return buf[:head+n+tail], n, nil
	}

	buf = pool.get(head+int(min(declared, maxPresize))+tail, slot)
	for int64(n) < declared {
		if head+n+tail == len(buf) {
			buf = grow(buf, head, n, tail, int(min(2*int64(n), declared)))
		}
		m, err := readSome(body, buf[head+n:len(buf)-tail])
		n += m
		if err != nil {
			if n == 0 && (err == io.EOF || errors.Is(err, http.ErrBodyReadAfterClose)) {
				// Ended at once (read to its end already), or closed: not a client that went
				// away, which net/http reports as io.ErrUnexpectedEOF.
				return nil, 0, &readError{ErrBodyUnreadable, "body empty although its Content-Length is not: was it read before the middleware?", errBodyConsumed, err}
			}
			return nil, 0, unreadable(err)
		}
	}
	// A server's body ends here; anything else must not be longer than it said.
	if len(probe) == 0 {
		probe = make([]byte, 1)
	}
	m, err := readSome(body, probe[:1])
	if err == io.EOF {
		return buf, n, nil
	}
	if err != nil {
		return nil, 0, unreadable(err)
	}
	// It lied: keep streaming, bounded, to answer 413 or 400 as the bytes say.
	buf = grow(buf, head, n, tail, n+1)
	buf[head+n] = probe[0]
	n += m
	if int64(n) > limit {
		return nil, 0, ErrBodyTooLarge
	}
	if _, _, err = stream(body, buf, head, n, tail, limit); err != nil {
		return nil, 0, err
	}
	return nil, 0, fmt.Errorf("%w: body longer than its Content-Length", ErrBodyUnreadable)
}

// stream reads until EOF into buf[head+n:], growing buf as needed, and refuses more than
// limit bytes. It returns the buffer it ended with.
func stream(body io.Reader, buf []byte, head, n, tail int, limit int64) ([]byte, int, error) {
	for empty := 0; ; {
		if head+n+tail == len(buf) {
			buf = grow(buf, head, n, tail, int(min(int64(n)+int64(max(n, firstChunk)), limit+1)))
		}
		m, err := body.Read(buf[head+n : len(buf)-tail])
		n += m
		if m == 0 && err == nil {
			if empty++; empty == 100 {
				return nil, 0, unreadable(io.ErrNoProgress)
			}
		}
		if int64(n) > limit {
			return nil, 0, ErrBodyTooLarge
		}
		if err == io.EOF {
			return buf, n, nil
		}
		if err != nil {
			return nil, 0, unreadable(err)
		}
	}
}

// grow returns a buffer with room for bodyCap body bytes (at least n+1) and the same head
// and tail room, with the first head+n bytes copied over.
func grow(buf []byte, head, n, tail, bodyCap int) []byte {
	nb := make([]byte, head+max(bodyCap, n+1)+tail)
	copy(nb, buf[:head+n])
	return nb
}

// readSome reads until it gets at least one byte or an error, giving up on a reader that
// keeps returning nothing (as bufio does).
func readSome(r io.Reader, p []byte) (int, error) {
	for range 100 {
		n, err := r.Read(p)
		if n > 0 || err != nil {
			if n > 0 && err == io.EOF {
				err = nil
			}
			return n, err
		}
	}
	return 0, io.ErrNoProgress
}

// unreadable turns a read failure into a rejection. Its text is fixed: the reader's own error
// may quote what the client sent (net/http quotes a malformed chunk or trailer line), so it is
// kept for errors.Is and errors.As but never printed.
func unreadable(err error) error {
	if errors.Is(err, ErrBodyTooLarge) {
		return err
	}
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return &readError{ErrBodyTooLarge, "over a limit set outside hooksig", nil, err}
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return &readError{ErrBodyUnreadable, "body shorter than its Content-Length", nil, err}
	}
	return &readError{ErrBodyUnreadable, "reading it failed", nil, err}
}

// A readError is a body rejection whose text is fixed; the reader's error stays reachable
// through errors.Is and errors.As.
type readError struct {
	sentinel error
	reason   string
	kind     error // a finer cause (errBodyConsumed), or nil
	err      error
}

func (e *readError) Error() string { return e.sentinel.Error() + ": " + e.reason }
func (e *readError) Unwrap() []error {
	if e.kind == nil {
		return []error{e.sentinel, e.err}
	}
	return []error{e.sentinel, e.kind, e.err}
}

// errBodyConsumed marks a body that ended before its first byte although its Content-Length
// promised some: the sign of a middleware that read it before hooksig.
var errBodyConsumed = errors.New("hooksig: body consumed before the middleware")

// body is the restored request body: the verified bytes, readable (and seekable) again while
// the handler runs. When it returns, the middleware closes the body under its lock and recycles
// its buffer: a late read (a goroutine, a handler behind http.TimeoutHandler) gets an error,
// never another request's bytes. It never hands out its slice (no WriteTo, no Bytes); io.Copy
// reads it into the writer's own buffer.
type body struct {
	mu     sync.Mutex
	b      []byte // nil once closed
	off    int
	owned  bool // b is never recycled (Verify's caller bytes, a canonical form)
	closed bool
}

// errBodyClosed is what a read of the body after the handler returned gets.
var errBodyClosed = errors.New("hooksig: request body read after the handler returned")

func (b *body) reset(p []byte, owned bool) {
	b.b, b.off, b.owned, b.closed = p, 0, owned, false
}

// Read reads the verified bytes.
func (b *body) Read(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errBodyClosed
	}
	if b.off >= len(b.b) {
		return 0, io.EOF
	}
	n := copy(p, b.b[b.off:])
	b.off += n
	return n, nil
}

// Seek moves the read position, so the body can be read again.
func (b *body) Seek(offset int64, whence int) (int64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return 0, errBodyClosed
	}
	var abs int64
	switch whence {
	case io.SeekStart:
		abs = offset
	case io.SeekCurrent:
		abs = int64(b.off) + offset
	case io.SeekEnd:
		abs = int64(len(b.b)) + offset
	default:
		return 0, errors.New("hooksig: body.Seek: invalid whence")
	}
	if abs < 0 || abs > int64(len(b.b)) {
		return 0, errors.New("hooksig: body.Seek: position out of range")
	}
	b.off = int(abs)
	return abs, nil
}

// Close does nothing: the body stays readable (again, after a Seek) until the handler returns.
func (*body) Close() error { return nil }

// bytes returns the verified bytes for Delivery.Body: the bytes themselves when they are never
// recycled, else a copy while the handler runs, and nil once it has returned.
func (b *body) bytes() []byte {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.owned || b.b == nil {
		return b.b
	}
	return append(make([]byte, 0, len(b.b)), b.b...)
}

// close ends the body: later reads fail, and its buffer may be recycled.
func (b *body) close() {
	b.mu.Lock()
	b.closed, b.b = true, nil
	b.mu.Unlock()
}
