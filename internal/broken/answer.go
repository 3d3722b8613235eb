package broken

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
)

// answer is an answer of the emulator, held before it is sent so that a decorator
// can change it. body is decoded from gzip when the emulator compressed it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// recorder holds what the emulator writes. A connection reset (chaos) still goes
// through to the real connection.
type recorder struct {
	w        http.ResponseWriter
	header   http.Header
	status   int
	body     bytes.Buffer
	hijacked bool
	flushed  bool
}

func (c *recorder) Header() http.Header { return c.header }

func (c *recorder) WriteHeader(status int) {
	if c.status == 0 {
		c.status = status
	}
}

func (c *recorder) Write(p []byte) (int, error) {
	c.WriteHeader(http.StatusOK)
	return c.body.Write(p)
}

// Flush notes that the emulator committed its headers early (chunked framing).
func (c *recorder) Flush() { c.flushed = true }

// Hijack hands the real connection over, for the emulator's injected resets.
func (c *recorder) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := c.w.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("broken: the connection cannot be hijacked")
	}
	c.hijacked = true
	return hj.Hijack()
}

// rewriting serves r by next and lets fix change the answer before it is sent.
func rewriting(next http.Handler, fix func(r *http.Request, a *answer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &recorder{w: w, header: http.Header{}}
		next.ServeHTTP(rec, r)
		if rec.hijacked {
			return
		}
		a := answer{status: rec.status, header: rec.header, body: rec.body.Bytes()}
		if a.status == 0 {
			a.status = http.StatusOK
		}
		gzipped := a.header.Get("Content-Encoding") == "gzip"
		if gzipped {
			if plain, err := gunzip(a.body); err == nil {
				a.body = plain
			} else {
				gzipped = false // not what it says: leave the bytes as they are
			}
		}
		fix(r, &a)
		if gzipped && a.header.Get("Content-Encoding") == "gzip" {
			a.body = gzipBytes(a.body)
		}
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.WriteHeader(a.status)
		if rec.flushed {
			_ = http.NewResponseController(w).Flush()
		}
		_, _ = w.Write(a.body)
	})
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// editJSON applies edit to a body that is a JSON object; edit says whether it changed
// anything. Numbers keep their text, and the body keeps the emulator's encoding
// (no HTML escaping, a final newline).
func editJSON(body []byte, edit func(map[string]any) bool) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var obj map[string]any
	if dec.Decode(&obj) != nil || obj == nil || !edit(obj) {
		return body
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(obj) != nil {
		return body
	}
	return buf.Bytes()
}

// readBody reads the request body and puts it back, for the handler underneath.
func readBody(r *http.Request) []byte {
	if r.Body == nil {
		return nil
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(b))
	return b
}

// withBody is a copy of r with another body.
func withBody(r *http.Request, body string) *http.Request {
	c := r.Clone(r.Context())
	c.Body = io.NopCloser(strings.NewReader(body))
	c.ContentLength = int64(len(body))
	return c
}

// Paths of the operations the behaviours look for.
const (
	bindSuffix   = "/associate-queue"
	unbindSuffix = "/disassociate-queue"
	adminPrefix  = "/_emulator/"
)

// IsBind tells a bind request (POST …/associate-queue).
func IsBind(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, bindSuffix)
}

func isUnbind(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, unbindSuffix)
}

func isAdmin(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, adminPrefix) }

// pathIDs reads the project and connection ids of an API path,
// /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/….
func pathIDs(r *http.Request) (project, connection string) {
	seg := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(seg) < 5 {
		return "", ""
	}
	return seg[1], seg[4]
}

// discard is a ResponseWriter that drops the answer.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header {
	if d.h == nil {
		d.h = http.Header{}
	}
	return d.h
}
func (*discard) Write(b []byte) (int, error) { return len(b), nil }
func (*discard) WriteHeader(int)             {}
