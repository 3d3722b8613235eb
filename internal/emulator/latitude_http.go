package emulator

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// throttled answers every ThrottleEvery-th call with the gateway's 429 instead of
// serving it, so that nothing changes.
func (e *Emulator) throttled(h handler) handler {
	return func(c call) response {
		b := e.store.beh
		n := b.calls.Add(1)
		if b.lat.ThrottleEvery == 0 || n%uint64(b.lat.ThrottleEvery) != 0 {
			return h(c)
		}
		resp := gatewayError(http.StatusTooManyRequests, codeThrottled, msgThrottled)
		resp.header = http.Header{"Retry-After": {b.lat.retryAfter()}}
		return resp
	}
}

// adjust reshapes an API answer as the Latitude asks, before it is
// written and checked: op is the routed operation, "" for an undefined route.
func (e *Emulator) adjust(r *http.Request, op string, resp response) response {
	b := e.store.beh
	if b == nil {
		return resp
	}
	lat := b.lat
	switch {
	case op != "" && resp.status == http.StatusUnsupportedMediaType && lat.NonJSONStatus == http.StatusBadRequest:
		resp = dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: %s", errorMessage(resp.body))
	case op == "" && resp.status == http.StatusMethodNotAllowed && lat.UnroutedMethodStatus == http.StatusNotFound:
		resp = gatewayError(http.StatusNotFound, codeNoAPI, msgNoAPI)
	case op == "" && resp.status == http.StatusNotFound:
		if moved, ok := e.redirect(r, lat.NonCanonicalPath); ok {
			resp = moved
		}
	case resp.status == http.StatusUnauthorized:
		resp = withCode(resp, func(code string) string {
			if code == codeIAMToken {
				return lat.pick(codesAuth)
			}
			return code
		})
	}
	if lat.ExtraResponseFields {
		resp.body = withExtraField(resp.body)
	}
	return resp
}

// redirect answers a non-canonical path with a redirect to the cleaned one, when the
// cleaned path is an operation and the Latitude asks for a redirect.
func (e *Emulator) redirect(r *http.Request, choice string) (response, bool) {
	status, err := strconv.Atoi(choice)
	if err != nil || status < 300 || status > 399 {
		return response{}, false
	}
	sent := r.URL.EscapedPath()
	clean := path.Clean(sent)
	if clean == sent || e.contract.Operation(contract.Request{Method: r.Method, Target: clean}) == "" {
		return response{}, false
	}
	if r.URL.RawQuery != "" {
		clean += "?" + r.URL.RawQuery
	}
	resp := gatewayError(status, codeNoAPI, "The API is at "+clean+".")
	resp.header = http.Header{"Location": {clean}}
	return resp, true
}

// errorMessage is the error_msg of an error body.
func errorMessage(body any) string {
	switch b := body.(type) {
	case errorBody:
		return b.ErrorMsg
	case map[string]any:
		s, _ := b["error_msg"].(string)
		return s
	}
	return ""
}

// withCode replaces the error_code of an error body.
func withCode(resp response, code func(string) string) response {
	switch b := resp.body.(type) {
	case errorBody:
		b.ErrorCode = code(b.ErrorCode)
		resp.body = b
	case map[string]any:
		if c, ok := b["error_code"].(string); ok {
			b["error_code"] = code(c)
		}
	}
	return resp
}

// withExtraField returns body as generic JSON with ExtraResponseField added to every
// object in it, at any depth.
func withExtraField(body any) any {
	data, err := json.Marshal(body)
	if err != nil {
		return body
	}
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return body
	}
	var add func(any)
	add = func(v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, child := range t {
				add(child)
			}
			t[ExtraResponseField] = "ignore me"
		case []any:
			for _, child := range t {
				add(child)
			}
		}
	}
	add(v)
	return v
}

// transport wraps w to send answers as the Latitude asks (media type, chunked, gzip,
// Connection: close); done must be called when the answer is complete.
func (e *Emulator) transport(w http.ResponseWriter, r *http.Request) (http.ResponseWriter, func()) {
	b := e.store.beh
	if b == nil {
		return w, func() {}
	}
	lat := b.lat
	if !lat.PlainContentType && !lat.SpacedMediaType && !lat.Chunked && !lat.Gzip && !lat.ConnectionClose {
		return w, func() {}
	}
	tw := &transportWriter{ResponseWriter: w, lat: lat, gzip: lat.Gzip && acceptsGzip(r.Header)}
	return tw, tw.finish
}

func acceptsGzip(h http.Header) bool {
	for _, v := range h.Values("Accept-Encoding") {
		for part := range strings.SplitSeq(v, ",") {
			name, q, _ := strings.Cut(strings.TrimSpace(part), ";")
			if strings.EqualFold(strings.TrimSpace(name), "gzip") && strings.ReplaceAll(strings.TrimSpace(q), " ", "") != "q=0" {
				return true
			}
		}
	}
	return false
}

// transportWriter changes the headers and the framing of an answer as it is written.
type transportWriter struct {
	http.ResponseWriter
	lat  Latitude
	gzip bool

	wrote bool
	gz    *gzip.Writer
}

func (w *transportWriter) WriteHeader(status int) {
	if w.wrote {
		return
	}
	w.wrote = true
	h := w.Header()
	switch {
	case w.lat.PlainContentType:
		h.Set("Content-Type", "application/json")
	case w.lat.SpacedMediaType && strings.HasPrefix(h.Get("Content-Type"), "application/json"):
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	if w.lat.ConnectionClose {
		h.Set("Connection", "close")
	}
	if w.gzip {
		h.Set("Content-Encoding", "gzip")
		h.Add("Vary", "Accept-Encoding")
		h.Del("Content-Length")
		w.gz = gzipWriters.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	w.ResponseWriter.WriteHeader(status)
	if w.lat.Chunked {
		// Flushing before the body commits the headers without a Content-Length, so the
		// server frames the body in chunks.
		_ = http.NewResponseController(w.ResponseWriter).Flush()
	}
}

func (w *transportWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	if w.gz != nil {
		return w.gz.Write(p)
	}
	return w.ResponseWriter.Write(p)
}

func (w *transportWriter) finish() {
	if w.gz != nil {
		_ = w.gz.Close()
		w.gz.Reset(io.Discard) // drop the reference to the answered writer
		gzipWriters.Put(w.gz)
		w.gz = nil
	}
}

// gzipWriters reuses compressors: each holds several hundred KiB of tables.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}

// Hijack lets chaos reset the connection through the wrapper.
func (w *transportWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	hj, ok := w.ResponseWriter.(http.Hijacker)
	if !ok {
		return nil, nil, errors.New("emulator: the connection cannot be hijacked")
	}
	return hj.Hijack()
}

// Unwrap gives http.ResponseController the writer underneath.
func (w *transportWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
