package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
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
