package hooksig

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strconv"
)

// statusWriter records the final status next answers with, for the replay step. It keeps
// http.Flusher, http.Hijacker and io.ReaderFrom working for the handler, and Unwrap serves
// http.ResponseController.
type statusWriter struct {
	http.ResponseWriter
	status   int32 // the final status; 0 until one is written
	hijacked bool
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 { // 1xx are not final
		w.status = int32(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(p)
}

func (w *statusWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if rf, ok := w.ResponseWriter.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(writerOnly{w.ResponseWriter}, r)
}

type writerOnly struct{ io.Writer }

// Flush sends the buffered response (and with it a 200 when no status was written).
func (w *statusWriter) Flush() {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Hijack hands the connection to the handler; a hijacked delivery counts as handled.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return c, rw, err
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// handled reports whether next's answer means the delivery is done: a 2xx (no status at all
// is 200), or a hijacked connection.
func (w *statusWriter) handled() bool {
	return w.hijacked || w.status == 0 || (w.status >= 200 && w.status < 300)
}

// writeProblem answers code as an RFC 9457 problem: type about:blank, the status's own title,
// the status. Nothing about why: a detail would help a forger probe.
func writeProblem(w http.ResponseWriter, code int) {
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Del("Content-Length")
	w.WriteHeader(code)
	if b, ok := problemBodies[code]; ok {
		w.Write(b)
		return
	}
	w.Write(problemBody(code))
}

// problemBodies are the documents for the statuses the middleware answers, made once.
var problemBodies = func() map[int][]byte {
	m := map[int][]byte{}
	for _, code := range []int{400, 401, 409, 413, 500, 503} {
		m[code] = problemBody(code)
	}
	return m
}()

func problemBody(code int) []byte {
	return []byte(`{"type":"about:blank","title":"` + http.StatusText(code) + `","status":` + strconv.Itoa(code) + "}\n")
}
