package proxy

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// The default seed's ids (fixtures/emulator-seed.json) and the test credentials.
const (
	projectID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	connID    = "2a620c33-5609-40c9-affd-2b6453071b0f"
	token     = "tok-PROXY-SECRET-77f1"
	testAK    = "PROXYTESTAK"
	testSK    = "sk-PROXY-SECRET-3b9e"
)

func connsPath() string      { return "/v2.0/" + projectID + "/datasource/enhanced-connections" }
func connPath() string       { return connsPath() + "/" + connID }
func bindPath() string       { return connPath() + "/associate-queue" }
func unbindPath() string     { return connPath() + "/disassociate-queue" }
func queues(q string) string { return `{"queues":["` + q + `"]}` }

// syncBuffer is a bytes.Buffer safe to read while the proxy writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// chain is a client → proxy → upstream setup on loopback.
type chain struct {
	t        *testing.T
	proxy    *Proxy
	srv      *httptest.Server
	upstream *httptest.Server
	log      *syncBuffer
	report   *syncBuffer
	sent     int
}

func newChain(t *testing.T, upstream http.Handler, configure ...func(*Options)) *chain {
	t.Helper()
	up := httptest.NewServer(upstream)
	t.Cleanup(up.Close)
	u, _ := url.Parse(up.URL)
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	ch := &chain{t: t, upstream: up, log: &syncBuffer{}, report: &syncBuffer{}}
	opts := Options{Upstream: u, Contract: c, Log: ch.log, Report: ch.report}
	for _, f := range configure {
		f(&opts)
	}
	if ch.proxy, err = New(opts); err != nil {
		t.Fatal(err)
	}
	ch.srv = httptest.NewServer(ch.proxy)
	t.Cleanup(ch.srv.Close)
	return ch
}

func enforcing(o *Options) { o.Enforce = true }

func newEmulator(t testing.TB) *emulator.Emulator {
	t.Helper()
	emu, err := emulator.New(emulator.Options{Tokens: []string{token}, KeyPairs: map[string]string{testAK: testSK}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if v := emu.Violations(); len(v) > 0 {
			t.Errorf("the emulator's own answers violate the contract: %v", v)
		}
	})
	return emu
}

type reply struct {
	status int
	header http.Header
	raw    string
	body   map[string]any
}

func (c *chain) request(method, path, body string) *http.Request {
	c.t.Helper()
	req, err := http.NewRequest(method, c.srv.URL+path, strings.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("X-Auth-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

func (c *chain) do(method, path, body string) reply { return c.send(c.request(method, path, body)) }

func (c *chain) send(req *http.Request) reply {
	c.t.Helper()
	resp, err := c.srv.Client().Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &r.body)
	c.sent++
	return r
}

// exchanges waits until the proxy has reported every request sent (a report is
// written just after the answer), then returns the report's lines.
func (c *chain) exchanges() []Exchange {
	c.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for c.proxy.Summary().Exchanges < c.sent {
		if time.Now().After(deadline) {
			c.t.Fatalf("the proxy reported %d of %d exchanges", c.proxy.Summary().Exchanges, c.sent)
		}
		time.Sleep(time.Millisecond)
	}
	var out []Exchange
	for _, line := range strings.Split(strings.TrimSpace(c.report.String()), "\n") {
		if line == "" {
			continue
		}
		var x Exchange
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			c.t.Fatalf("report line %q: %v", line, err)
		}
		out = append(out, x)
	}
	if len(out) != c.sent {
		c.t.Fatalf("report has %d lines for %d exchanges", len(out), c.sent)
	}
	return out
}

func bySeq(xs []Exchange, seq uint64) Exchange {
	for _, x := range xs {
		if x.Seq == seq {
			return x
		}
	}
	return Exchange{}
}
