package emulator

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func benchEmulator(b *testing.B) *Emulator {
	b.Helper()
	emu, err := New(Options{Tokens: []string{token}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if v := emu.Violations(); len(v) > 0 {
			b.Errorf("violations: %v", v)
		}
	})
	return emu
}

// BenchmarkBind measures a bind and an unbind per iteration through ServeHTTP in
// process, contract checks of request and response included.
func BenchmarkBind(b *testing.B) {
	emu := benchEmulator(b)
	body := queuesBody("queue_a", "queue_b")
	send := func(path string) {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("X-Auth-Token", token)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		emu.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("POST %s: %d %s", path, rec.Code, rec.Body)
		}
	}
	for b.Loop() {
		send(bindPath(projectID, connID))
		send(unbindPath(projectID, connID))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "binds/s")
}

// loopbackClient sends bind and unbind requests to one loopback server with
// keep-alive, as the suite's client would.
type loopbackClient struct {
	b      *testing.B
	srv    *httptest.Server
	client *http.Client
	body   string
}

func newLoopbackClient(b *testing.B, h http.Handler, body string) *loopbackClient {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return &loopbackClient{b: b, srv: srv, client: srv.Client(), body: body}
}

// post sends one request and returns its answer's body; any status but 200 fails.
func (c *loopbackClient) post(path string) []byte {
	req, err := http.NewRequest("POST", c.srv.URL+path, strings.NewReader(c.body))
	if err != nil {
		c.b.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.client.Do(req)
	if err != nil {
		c.b.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		c.b.Fatalf("POST %s: %d %v", path, resp.StatusCode, err)
	}
	return raw
}

// bindUnbind is one iteration of the loopback benchmarks: a bind, then an unbind.
func (c *loopbackClient) bindUnbind() {
	c.post(bindPath(projectID, connID))
	c.post(unbindPath(projectID, connID))
}

// bareHandler answers with fixed bytes and headers after reading the body: what
// net/http and the client cost, without the emulator's work.
type bareHandler struct {
	header http.Header
	bodies map[string][]byte // by path
}

func (h *bareHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	for k, v := range h.header {
		w.Header()[k] = v
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(h.bodies[r.URL.Path])
}

// BenchmarkBindLoopback is BenchmarkBind over a loopback HTTP server with
// keep-alive, alternating each iteration with a bare net/http handler that answers
// the emulator's own bytes. ratio-vs-bare is the emulator's rate over the bare
// handler's in this same run (1 would mean the emulator costs nothing).
func BenchmarkBindLoopback(b *testing.B) {
	body := queuesBody("queue_a", "queue_b")
	emu := newLoopbackClient(b, benchEmulator(b), body)
	bare := &bareHandler{
		header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}, "X-Request-Id": {strings.Repeat("0", 32)}},
		bodies: map[string][]byte{},
	}
	for _, p := range []string{bindPath(projectID, connID), unbindPath(projectID, connID)} {
		bare.bodies[p] = bytes.Clone(emu.post(p))
	}
	bareClient := newLoopbackClient(b, bare, body)
	var emuTime, bareTime time.Duration
	for b.Loop() {
		t0 := time.Now()
		bareClient.bindUnbind()
		t1 := time.Now()
		emu.bindUnbind()
		emuTime += time.Since(t1)
		bareTime += t1.Sub(t0)
	}
	b.ReportMetric(float64(emuTime.Nanoseconds())/float64(b.N), "emulator-ns/op")
	b.ReportMetric(float64(bareTime.Nanoseconds())/float64(b.N), "bare-ns/op")
	b.ReportMetric(bareTime.Seconds()/emuTime.Seconds(), "ratio-vs-bare")
}
