package proxy

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// BenchmarkProxyVsReverseProxy sends the same traffic, interleaved, through the
// validating proxy and through a bare httputil.ReverseProxy in front of the same
// emulator, over loopback with keep-alive. It reports the throughput of the
// proxy as a fraction of the bare reverse proxy's (ratio; 1 would mean checking
// costs nothing) and both latencies.
func BenchmarkProxyVsReverseProxy(b *testing.B) {
	up := httptest.NewServer(newEmulator(b))
	b.Cleanup(up.Close)
	u, _ := url.Parse(up.URL)
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(Options{Upstream: u, Contract: c, Report: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	checked := httptest.NewServer(p)
	b.Cleanup(checked.Close)
	bare := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(u) }})
	b.Cleanup(bare.Close)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}

	// Warm both paths (connections, caches) before measuring.
	for i := range 2 * len(benchSteps) {
		benchSend(b, client, bare.URL, i)
		benchSend(b, client, checked.URL, i)
	}
	var viaBare, viaProxy time.Duration
	i := 0
	for b.Loop() {
		t0 := time.Now()
		benchSend(b, client, bare.URL, i)
		t1 := time.Now()
		benchSend(b, client, checked.URL, i)
		viaProxy += time.Since(t1)
		viaBare += t1.Sub(t0)
		i++
	}
	if s := p.Summary(); s.RequestViolations+s.ResponseViolations+s.UpstreamErrors > 0 {
		b.Errorf("summary %+v", s)
	}
	b.ReportMetric(viaBare.Seconds()/viaProxy.Seconds(), "ratio")
	b.ReportMetric(float64(viaBare.Microseconds())/float64(b.N), "bare-µs/req")
	b.ReportMetric(float64(viaProxy.Microseconds())/float64(b.N), "proxy-µs/req")
}

// benchClients is how many clients send at once in the concurrent benchmark, as a
// load generator keeps ten connections busy.
const benchClients = 10

// sendOnce is benchSend without the benchmark, for client goroutines: it returns
// what benchSend would fail on.
func sendOnce(client *http.Client, base string, i int) error {
	s := benchSteps[i%len(benchSteps)]
	req, err := http.NewRequest(s.method, base+s.path, strings.NewReader(s.body))
	if err != nil {
		return err
	}
	req.Header.Set("X-Auth-Token", token)
	if s.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		return fmt.Errorf("%s %s: %d", s.method, s.path, resp.StatusCode)
	}
	return nil
}

// round has every client send perClient requests to base at once and returns how
// long that took.
func round(b *testing.B, clients []*http.Client, base string, perClient int) time.Duration {
	b.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(clients))
	start := time.Now()
	for _, c := range clients {
		wg.Go(func() {
			for i := range perClient {
				if err := sendOnce(c, base, i); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	took := time.Since(start)
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return took
}

// BenchmarkProxyVsReverseProxyConcurrent is BenchmarkProxyVsReverseProxy under
// load: ten clients at once, each iteration a round through the bare reverse
// proxy and a round through the validating proxy, in front of the same emulator.
// ratio is the proxy's throughput over the bare reverse proxy's (the ceiling).
func BenchmarkProxyVsReverseProxyConcurrent(b *testing.B) {
	up := httptest.NewServer(newEmulator(b))
	b.Cleanup(up.Close)
	u, _ := url.Parse(up.URL)
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		b.Fatal(err)
	}
	p, err := New(Options{Upstream: u, Contract: c, Report: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	checked := httptest.NewServer(p)
	b.Cleanup(checked.Close)
	// The ceiling forwards over the same kind of transport as the proxy's default,
	// so that the ratio measures the checks, not how many connections are kept.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = upstreamIdleConns
	bare := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(pr *httputil.ProxyRequest) { pr.SetURL(u) }, Transport: transport})
	b.Cleanup(bare.Close)
	clients := make([]*http.Client, benchClients)
	for i := range clients {
		clients[i] = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1}}
	}
	perClient := 3 * len(benchSteps)
	var viaBare, viaProxy time.Duration
	for b.Loop() {
		viaBare += round(b, clients, bare.URL, perClient)
		viaProxy += round(b, clients, checked.URL, perClient)
	}
	if s := p.Summary(); s.RequestViolations+s.ResponseViolations+s.UpstreamErrors > 0 {
		b.Errorf("summary %+v", s)
	}
	requests := float64(b.N * benchClients * perClient)
	b.ReportMetric(requests/viaProxy.Seconds(), "proxy-req/s")
	b.ReportMetric(requests/viaBare.Seconds(), "bare-req/s")
	b.ReportMetric(viaBare.Seconds()/viaProxy.Seconds(), "ratio")
}
