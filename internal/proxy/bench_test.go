package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The benchmarks send the same traffic to the emulator directly and through the
// proxy, over loopback with keep-alive: a bind, a show and an unbind in turn, each
// checked against the contract by the emulator (request and answer) and, through
// the proxy, checked again by the proxy. req/s is requests answered per second.

// benchTarget is the URL to send to: the emulator, or a proxy in front of it.
func benchTarget(b *testing.B, viaProxy bool) string {
	b.Helper()
	emu := newEmulator(b)
	up := httptest.NewServer(emu)
	b.Cleanup(up.Close)
	if !viaProxy {
		return up.URL
	}
	u, _ := url.Parse(up.URL)
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(Options{Upstream: u, Contract: c, Report: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(p)
	b.Cleanup(srv.Close)
	b.Cleanup(func() {
		if s := p.Summary(); s.RequestViolations+s.ResponseViolations+s.UpstreamErrors > 0 {
			b.Errorf("summary %+v", s)
		}
	})
	return srv.URL
}

var benchSteps = []struct{ method, path, body string }{
	{"POST", bindPath(), queues("queue_a")},
	{"GET", connPath(), ""},
	{"POST", unbindPath(), queues("queue_a")},
}

func benchSend(b *testing.B, client *http.Client, base string, i int) {
	s := benchSteps[i%len(benchSteps)]
	req, err := http.NewRequest(s.method, base+s.path, strings.NewReader(s.body))
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	if s.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	// A parallel bind may meet another's unbind; only the status class matters here.
	if resp.StatusCode >= 500 {
		b.Fatalf("%s %s: %d", s.method, s.path, resp.StatusCode)
	}
}

func benchSequential(b *testing.B, viaProxy bool) {
	base := benchTarget(b, viaProxy)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	i := 0
	for b.Loop() {
		benchSend(b, client, base, i)
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func benchParallel(b *testing.B, viaProxy bool) {
	base := benchTarget(b, viaProxy)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			benchSend(b, client, base, i)
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

// BenchmarkEmulatorLoopback is the baseline: one client, straight to the emulator.
func BenchmarkEmulatorLoopback(b *testing.B) { benchSequential(b, false) }

// BenchmarkProxyLoopback is the same client through the proxy.
func BenchmarkProxyLoopback(b *testing.B) { benchSequential(b, true) }

// BenchmarkEmulatorLoopbackParallel is GOMAXPROCS clients straight to the emulator.
func BenchmarkEmulatorLoopbackParallel(b *testing.B) { benchParallel(b, false) }

// BenchmarkProxyLoopbackParallel is GOMAXPROCS clients through the proxy.
func BenchmarkProxyLoopbackParallel(b *testing.B) { benchParallel(b, true) }
