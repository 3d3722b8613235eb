package main

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// An upstream that cannot be reached is answered 502 with a body of the
// proxy's own (no made-up DLI error code), and the proxy exits 1 after it.
func TestProxyAnswersAnUnreachableUpstreamHonestly(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String()
	l.Close()
	p := startProxy(t, down)
	req, _ := http.NewRequest("GET", p.url+"/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections", nil)
	req.Header.Set("X-Auth-Token", proxyToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 502 || !strings.Contains(string(body), `"proxy_error":"dli-conformance proxy could not reach the upstream`) || strings.Contains(string(body), "DLI.") {
		t.Errorf("answer %d %s", resp.StatusCode, body)
	}
	if code := p.stop(t); code != 1 {
		t.Errorf("exit %d after an upstream error, want 1", code)
	}
	if !strings.Contains(p.stdout.String(), "1 upstream errors") {
		t.Errorf("summary:\n%s", p.stdout.String())
	}
}
