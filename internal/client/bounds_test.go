package client

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

const echoSecret = "tok-ECHO-SECRET-8f2a91"

// TestEchoedCredentialsNeverShow has a target echo the token, and an
// Authorization and Proxy-Authorization header, back in every usual encoding.
func TestEchoedCredentialsNeverShow(t *testing.T) {
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok := r.Header.Get("X-Auth-Token")
		j, _ := json.Marshal(tok)
		var uesc strings.Builder
		for _, ch := range tok {
			uesc.WriteString(`\u00` + hex.EncodeToString([]byte{byte(ch)}))
		}
		w.Header().Set("X-Subject-Token", tok)
		w.Header().Set("Set-Cookie", "session="+tok)
		w.Header().Set("Authorization", "Bearer "+tok)
		w.Header().Set("X-Echo-B64", base64.StdEncoding.EncodeToString([]byte("x"+tok)))
		body := strings.Join([]string{tok, base64.StdEncoding.EncodeToString([]byte(tok)),
			base64.URLEncoding.EncodeToString([]byte("ab" + tok + "z")), url.QueryEscape(tok), url.PathEscape(tok),
			hex.EncodeToString([]byte(tok)), strings.ToUpper(hex.EncodeToString([]byte(tok))), string(j), uesc.String()}, "\n")
		w.Write([]byte(body))
	}), Options{Auth: TokenAuth{echoSecret}, Secrets: []string{echoSecret}})
	req := contract.Request{Method: "GET", Target: "/", Header: http.Header{"Proxy-Authorization": {"Basic " + echoSecret}}}
	x := c.Do(context.Background(), req)
	out := x.String() + x.Curl()
	for _, enc := range []string{echoSecret, base64.StdEncoding.EncodeToString([]byte(echoSecret))[:20],
		hex.EncodeToString([]byte(echoSecret)), strings.ToUpper(hex.EncodeToString([]byte(echoSecret)))} {
		if strings.Contains(out, enc) {
			t.Fatalf("%q shown:\n%s", enc, out)
		}
	}
	if strings.Contains(out, `\u0074\u006f\u006b`) {
		t.Fatalf("\\u-escaped token shown:\n%s", out)
	}
	for _, h := range []string{"< X-Subject-Token: [REDACTED]", "< Set-Cookie: [REDACTED]", "< Authorization: [REDACTED]", "> Proxy-Authorization: [REDACTED]"} {
		if !strings.Contains(out, h) {
			t.Errorf("evidence lacks %q", h)
		}
	}
}

func newServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

func newClientWith(t *testing.T, h http.Handler, o Options) *Client {
	t.Helper()
	srv := newServer(t, h)
	o.Endpoint = srv
	if o.Timeout == 0 {
		o.Timeout = 5 * time.Second
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEvidenceKeepsTheFirstHeadersUpToTheCap(t *testing.T) {
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range 200 {
			w.Header().Set("X-Pad-"+strings.Repeat("a", 3)+string(rune('A'+i%26))+string(rune('A'+i/26)), strings.Repeat("v", 100))
		}
	}), Options{MaxEvidenceHeaderBytes: 1024, MaxHeaderBytes: 1 << 20})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err != nil {
		t.Fatal(x.Err)
	}
	s := x.String()
	if len(s) > 3000 || !strings.Contains(s, "more header bytes not shown") || !strings.Contains(s, "< Content-Length: 0") {
		t.Fatalf("%d bytes of evidence:\n%s", len(s), s)
	}
}

func TestOversizedHeadersFailTheExchange(t *testing.T) {
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Huge", strings.Repeat("h", 256<<10))
	}), Options{MaxHeaderBytes: 64 << 10})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err == nil || x.Failure != FailureAnsweredBadly || len(x.String()) > 8<<10 {
		t.Fatalf("err %v, failure %q, %d bytes of evidence", x.Err, x.Failure, len(x.String()))
	}
}

func TestBodyCapAndGzipBomb(t *testing.T) {
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 8<<20))
	zw.Close()
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/gzip" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
			return
		}
		w.Write(make([]byte, 5000))
	}), Options{MaxBodyBytes: 4096, MaxEvidenceBodyBytes: 100})
	for _, path := range []string{"/plain", "/gzip"} {
		x := c.Do(context.Background(), contract.Request{Method: "GET", Target: path})
		if x.Err == nil || !strings.Contains(x.Err.Error(), "response body over 4096 bytes") || len(x.RespBody) != 4096 || x.Failure != FailureAnsweredBadly {
			t.Fatalf("%s: err %v, %d bytes kept, failure %q", path, x.Err, len(x.RespBody), x.Failure)
		}
		if s := x.String(); !strings.Contains(s, "… 3996 more bytes") {
			t.Fatalf("%s: evidence body not capped:\n%.400s", path, s)
		}
	}
}

func TestFailureKinds(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := New(Options{Endpoint: "http://" + addr, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Failure != FailureUnreachable {
		t.Fatalf("refused connection: %q, %v", x.Failure, x.Err)
	}

	// A target that accepts and then hangs up mid-answer answered badly.
	garbage, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer garbage.Close()
	go func() {
		for {
			conn, err := garbage.Accept()
			if err != nil {
				return
			}
			buf := make([]byte, 4096)
			conn.Read(buf)
			conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort"))
			conn.Close()
		}
	}()
	c, err = New(Options{Endpoint: "http://" + garbage.Addr().String(), Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Failure != FailureAnsweredBadly || x.Err == nil {
		t.Fatalf("reset mid-answer: %q, %v", x.Failure, x.Err)
	}
	ok := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) }), Options{})
	if x := ok.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Failure != FailureNone || x.Err != nil {
		t.Fatalf("a 503 is an answer: %q, %v", x.Failure, x.Err)
	}
}

func TestThrottleBudgetIsSharedAndThenFailsAtOnce(t *testing.T) {
	var calls atomic.Int32
	c2 := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(429) // no Retry-After: backs off by the retry number, capped at 20ms
	}), Options{MaxRetries: 1000, MaxRetryWait: 20 * time.Millisecond, ThrottleBudget: 50 * time.Millisecond})
	x := c2.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Failure != FailureThrottled || x.Err == nil || !strings.Contains(x.Err.Error(), "the target throttles every request: throttle budget of 50ms spent") {
		t.Fatalf("first request: %q, %v after %d retries", x.Failure, x.Err, x.Retries)
	}
	if x.Retries != 2 {
		t.Fatalf("retries = %d, want 2 waits of 20ms within 50ms", x.Retries)
	}
	calls.Store(0)
	start := time.Now()
	y := c2.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if y.Failure != FailureThrottled || y.Retries != 0 || calls.Load() != 1 || time.Since(start) > time.Second {
		t.Fatalf("after the budget is spent a throttled request must fail at once: %q, %d retries, %d calls", y.Failure, y.Retries, calls.Load())
	}
}

func TestThrottleWaitIsBoundedByTheDeadline(t *testing.T) {
	c := newClientWith(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(429)
	}), Options{MaxRetries: 3})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	x := c.Do(ctx, contract.Request{Method: "GET", Target: "/"})
	if x.Failure != FailureThrottled || ctx.Err() != nil {
		t.Fatalf("a 20s wait with 2s left must fail at once: %q, %v, ctx %v", x.Failure, x.Err, ctx.Err())
	}
}
