package emulator

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
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

// BenchmarkBindLoopback is BenchmarkBind over a loopback HTTP server with keep-alive.
func BenchmarkBindLoopback(b *testing.B) {
	emu := benchEmulator(b)
	srv := httptest.NewServer(emu)
	b.Cleanup(srv.Close)
	client := srv.Client()
	body := queuesBody("queue_a", "queue_b")
	send := func(path string) {
		req, err := http.NewRequest("POST", srv.URL+path, strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("X-Auth-Token", token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("POST %s: %d", path, resp.StatusCode)
		}
	}
	for b.Loop() {
		send(bindPath(projectID, connID))
		send(unbindPath(projectID, connID))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "binds/s")
}
