package proxy

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

func TestNewChecksItsOptions(t *testing.T) {
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	for name, raw := range map[string]string{
		"no scheme": "127.0.0.1:8080", "ftp": "ftp://host", "query": "http://host/?a=b", "no host": "http:///x",
	} {
		u, _ := url.Parse(raw)
		if _, err := New(Options{Upstream: u, Contract: c}); err == nil {
			t.Errorf("%s: New accepted %q", name, raw)
		}
	}
	u, _ := url.Parse("http://127.0.0.1:1")
	if _, err := New(Options{Upstream: u}); err == nil {
		t.Error("New accepted no contract")
	}
}

// Conformant traffic in front of the emulator: nothing is reported, and the upstream
// gets the request intact, down to an AK/SK signature made for the proxy's address.
func TestConformantTrafficIsForwardedIntact(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu)
	c.do("POST", bindPath(), queues("queue_a"))
	c.do("GET", connPath(), "")
	c.do("GET", connsPath()+"?limit=1&status=active", "")
	c.do("POST", unbindPath(), queues("queue_a"))

	body := `{"name":"via_proxy","dest_vpc_id":"v","dest_network_id":"n"}` + "\n"
	req, _ := http.NewRequest("POST", c.srv.URL+connsPath(), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Project-Id", projectID)
	if err := (signer.Signer{Credentials: signer.Credentials{AK: testAK, SK: testSK}}).Sign(req, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if r := c.send(req); r.status != http.StatusCreated {
		t.Fatalf("signed create through the proxy: %d %s", r.status, r.raw)
	}

	wantStatus := []int{200, 200, 200, 200, 201}
	for i, x := range c.exchanges() {
		if x.Status != wantStatus[i] || x.UpstreamStatus != x.Status || x.Action != ActionForwarded ||
			len(x.RequestViolations)+len(x.ResponseViolations) != 0 || x.Operation == "" || x.RequestID == "" {
			t.Errorf("exchange %d = %+v", i, x)
		}
	}
	if s := c.proxy.Summary(); s.RequestViolations+s.ResponseViolations+s.Rejected+s.UpstreamErrors != 0 {
		t.Errorf("summary %+v", s)
	}
	recs := emu.Requests()
	if len(recs) != 5 || recs[4].Body != body || recs[4].Credentials != "aksk" {
		t.Errorf("the emulator got %+v", recs)
	}
	for _, rec := range recs {
		if len(rec.Violations) != 0 {
			t.Errorf("the emulator found %v in %s %s", rec.Violations, rec.Method, rec.Path)
		}
	}
}

func TestRequestViolationsAreReported(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu)
	r := c.do("POST", bindPath(), `{"queues":"queue_a"}`)
	if r.status != http.StatusBadRequest || r.header.Get(RejectionHeader) != "" {
		t.Errorf("forwarded answer: %d %v %s", r.status, r.header, r.raw)
	}
	x := c.exchanges()[0]
	if x.Action != ActionForwarded || len(x.RequestViolations) != 1 || !strings.Contains(x.RequestViolations[0], "/queues") ||
		len(x.ResponseViolations) != 0 || x.UpstreamStatus != http.StatusBadRequest {
		t.Errorf("exchange %+v", x)
	}
	if !strings.Contains(c.log.String(), "request violates the contract: request body at /queues") {
		t.Errorf("log: %s", c.log.String())
	}
}

func TestEnforceRefusesANonConformantRequest(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu, enforcing)
	r := c.do("POST", bindPath(), `{"queues":"queue_a"}`)
	msg, _ := r.body["error_msg"].(string)
	if r.status != http.StatusBadRequest || r.body["error_code"] != "DLI.0001" || !strings.Contains(msg, "/queues") ||
		r.header.Get(RejectionHeader) != ActionRejectedRequest {
		t.Errorf("answer %d %v %s", r.status, r.header, r.raw)
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("the refused request was forwarded (%d requests at the emulator)", n)
	}
	if x := c.exchanges()[0]; x.Action != ActionRejectedRequest || x.UpstreamStatus != 0 || x.Status != 400 {
		t.Errorf("exchange %+v", x)
	}
	// A conformant request still goes through.
	if r := c.do("POST", bindPath(), queues("queue_a")); r.status != http.StatusOK {
		t.Errorf("conformant bind: %d %s", r.status, r.raw)
	}
}

// brokenUpstreams each break the contract in one way, on associate-queue.
var brokenUpstreams = []struct {
	name      string
	status    int
	ctype     string
	body      string
	violation string
}{
	{"is_success a string", 200, "application/json", `{"is_success":"true","message":""}`, "body at /is_success: value must be a boolean"},
	{"undeclared status", 201, "application/json", `{"is_success":true,"message":""}`, "status 201"},
	{"not JSON", 200, "text/plain", `OK`, "Content-Type"},
	{"error without error_code", 400, "application/json", `{"code":"DLI.0001","message":"bad"}`, "error_code"},
	{"error code of the wrong form", 400, "application/json", `{"error_code":"E1","error_msg":"bad"}`, "/error_code"},
}

func brokenHandler(status int, ctype, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("X-Request-Id", "0123456789abcdef0123456789abcdef")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

func TestBrokenUpstreamsAreReported(t *testing.T) {
	for _, b := range brokenUpstreams {
		t.Run(b.name, func(t *testing.T) {
			c := newChain(t, brokenHandler(b.status, b.ctype, b.body))
			r := c.do("POST", bindPath(), queues("queue_a"))
			if r.status != b.status || r.raw != b.body {
				t.Errorf("the client got %d %q, want the upstream's answer as is", r.status, r.raw)
			}
			x := c.exchanges()[0]
			if len(x.ResponseViolations) == 0 || !strings.Contains(strings.Join(x.ResponseViolations, "; "), b.violation) {
				t.Errorf("response violations %q, want one mentioning %q", x.ResponseViolations, b.violation)
			}
			if len(x.RequestViolations) != 0 || x.Action != ActionForwarded || x.RequestID != "0123456789abcdef0123456789abcdef" {
				t.Errorf("exchange %+v", x)
			}
			if s := c.proxy.Summary(); s.ResponseViolations != 1 || len(s.TopViolations) == 0 || s.TopViolations[0].Side != "response" {
				t.Errorf("summary %+v", s)
			}
		})
	}
}

func TestEnforceReplacesABrokenAnswerWith502(t *testing.T) {
	for _, b := range brokenUpstreams {
		t.Run(b.name, func(t *testing.T) {
			c := newChain(t, brokenHandler(b.status, b.ctype, b.body), enforcing)
			r := c.do("POST", bindPath(), queues("queue_a"))
			// The proxy's own answer carries no DLI error code: the service
			// said nothing of the kind.
			msg, _ := r.body["proxy_error"].(string)
			if _, dli := r.body["error_code"]; r.status != http.StatusBadGateway || dli || !strings.Contains(msg, b.violation) ||
				r.header.Get(RejectionHeader) != ActionRejectedResponse || r.header.Get("X-Request-Id") == "" {
				t.Errorf("answer %d %v %s", r.status, r.header, r.raw)
			}
			if x := c.exchanges()[0]; x.Action != ActionRejectedResponse || x.Status != 502 || x.UpstreamStatus != b.status {
				t.Errorf("exchange %+v", x)
			}
		})
	}
}

func TestUpstreamDownIs502(t *testing.T) {
	c := newChain(t, http.NotFoundHandler())
	c.upstream.Close()
	r := c.do("GET", connPath(), "")
	if r.status != http.StatusBadGateway || r.header.Get(RejectionHeader) != ActionUpstreamError {
		t.Errorf("answer %d %s", r.status, r.raw)
	}
	if x := c.exchanges()[0]; x.Action != ActionUpstreamError || x.Error == "" || x.UpstreamStatus != 0 {
		t.Errorf("exchange %+v", x)
	}
	if s := c.proxy.Summary(); s.UpstreamErrors != 1 {
		t.Errorf("summary %+v", s)
	}
}

// Credentials never reach the log or the report, even where the client put one into
// the path or a body the contract complains about.
func TestCredentialsAreNeverWritten(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu)
	c.do("GET", "/v2.0/"+token+"/datasource/enhanced-connections/not-a-uuid", "")
	c.do("POST", bindPath(), `{"queues":["`+token+`"],"elastic_resource_pools":"`+token+`"}`)
	req := c.request("GET", connPath()+"?x="+url.QueryEscape(testSK), "")
	req.Header.Del("X-Auth-Token")
	req.Header.Set("X-Project-Id", projectID)
	req.Header.Set("X-Security-Token", "sts-PROXY-SECRET")
	if err := (signer.Signer{Credentials: signer.Credentials{AK: testAK, SK: testSK}}).Sign(req, nil); err != nil {
		t.Fatal(err)
	}
	sig := req.Header.Get("Authorization")
	c.send(req)
	c.exchanges()
	written := c.log.String() + c.report.String()
	for _, secret := range []string{token, sig, sig[strings.Index(sig, "Signature=")+len("Signature="):], "sts-PROXY-SECRET"} {
		if strings.Contains(written, secret) {
			t.Errorf("the proxy wrote %q:\n%s", secret, written)
		}
	}
	if !strings.Contains(written, Redacted) {
		t.Errorf("nothing was scrubbed:\n%s", written)
	}
}

func TestLargeBodiesPassUnchecked(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu, func(o *Options) { o.MaxBodyBytes = 32 })
	body := `{"queues":["queue_a"],"pad":"` + strings.Repeat("x", 64) + `"}`
	if r := c.do("POST", bindPath(), body); r.status != http.StatusOK {
		t.Fatalf("bind with a large body: %d %s", r.status, r.raw)
	}
	x := c.exchanges()[0]
	if len(x.Notes) != 2 || len(x.RequestViolations)+len(x.ResponseViolations) != 0 {
		t.Errorf("exchange %+v, want both bodies noted as unchecked", x)
	}
	if got := emu.Requests()[0].Body; got != body {
		t.Errorf("the emulator got %q", got)
	}
}

// A client that asks for gzip gets plain JSON: the proxy must read the answer to
// check it.
func TestCompressedAnswersAreChecked(t *testing.T) {
	upstream := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			_, _ = w.Write([]byte(`{"is_success":true,"message":""}`))
			return
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		_, _ = zw.Write([]byte(`{"is_success":true,"message":""}`))
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
		_, _ = w.Write(buf.Bytes())
	})
	c := newChain(t, upstream)
	req := c.request("POST", bindPath(), queues("queue_a"))
	req.Header.Set("Accept-Encoding", "gzip")
	r := c.send(req)
	if r.status != 200 || r.raw != `{"is_success":true,"message":""}` {
		t.Errorf("answer %d %q", r.status, r.raw)
	}
	if x := c.exchanges()[0]; len(x.ResponseViolations) != 0 {
		t.Errorf("violations %v", x.ResponseViolations)
	}
}

func TestHarnessPathsPassUnreported(t *testing.T) {
	c := newChain(t, newEmulator(t))
	if r := c.do("GET", "/_emulator/healthz", ""); r.status != 200 {
		t.Errorf("healthz %d", r.status)
	}
	time.Sleep(10 * time.Millisecond)
	if s := c.proxy.Summary(); s.Exchanges != 0 || c.report.String() != "" {
		t.Errorf("a harness request was reported: %+v", s)
	}
}

func TestSummaryText(t *testing.T) {
	emu := newEmulator(t)
	c := newChain(t, emu)
	c.do("POST", bindPath(), `{"queues":"queue_a"}`)
	c.do("POST", bindPath(), `{"queues":"queue_b"}`)
	c.do("PATCH", bindPath(), "")
	c.exchanges()
	var b strings.Builder
	c.proxy.Summary().WriteText(&b)
	for _, want := range []string{
		"3 exchanges; 3 with request violations, 0 with response violations",
		"associateQueueToEnhancedConnection", "(no operation)",
		"2× request: request body at /queues",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary does not say %q:\n%s", want, b.String())
		}
	}
}
