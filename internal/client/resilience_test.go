package client

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

func TestThrottledRequestIsRetriedAfterRetryAfter(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(200)
	}))
	defer srv.Close()
	c, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second, MaxRetries: 3})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Status != 200 || x.Retries != 2 || calls.Load() != 3 {
		t.Fatalf("status %d after %d retries and %d calls", x.Status, x.Retries, calls.Load())
	}
	if !strings.Contains(x.String(), "after 2 throttled attempts") {
		t.Fatalf("retries not shown in the evidence:\n%s", x)
	}
}

func TestRetriesAreBounded(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second, MaxRetries: 2})
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Status != 503 || calls.Load() != 3 {
		t.Fatalf("status %d after %d calls, want 503 after 3", x.Status, calls.Load())
	}
}

func TestRetryWaitIsCapped(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
	}))
	defer srv.Close()
	c, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second, MaxRetries: 1, MaxRetryWait: 10 * time.Millisecond})
	if x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Status != 200 {
		t.Fatalf("status %d", x.Status)
	}
}

func TestRateLimitSpacesRequests(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	c, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second, RateLimit: 50})
	start := time.Now()
	for range 6 {
		c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	}
	// Six requests at 50/s need at least five intervals of 20ms.
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Fatalf("6 requests took %v at 50 per second", elapsed)
	}
}

func TestSignerAuthIsVerifiedAndItsWrongTwinIsNot(t *testing.T) {
	v := signer.Verifier{Keys: map[string]string{"AK1": "SK-SECRET"}}
	var results []error
	var projects []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, err := v.Verify(r, body)
		results = append(results, err)
		projects = append(projects, r.Header.Get("X-Project-Id"))
	}))
	defer srv.Close()
	auth := SignerAuth{Credentials: signer.Credentials{AK: "AK1", SK: "SK-SECRET"}, ProjectID: "p1"}
	c, _ := New(Options{Endpoint: srv.URL, Auth: auth, Timeout: time.Second, Secrets: []string{"SK-SECRET"}})
	x := c.Do(context.Background(), contract.JSONRequest("POST", "/v2.0/p1/x", []byte(`{"queues":["q"]}`)))
	c.DoAs(context.Background(), Wrong, contract.Request{Method: "POST", Target: "/v2.0/p1/x"})
	if results[0] != nil {
		t.Fatalf("signed request rejected: %v", results[0])
	}
	if !errors.Is(results[1], signer.ErrSignatureMismatch) {
		t.Fatalf("wrong credentials verified: %v", results[1])
	}
	if projects[0] != "p1" {
		t.Fatalf("X-Project-Id = %q", projects[0])
	}
	_, sig, _ := strings.Cut(x.ReqHeader.Get("Authorization"), "Signature=")
	if strings.Contains(x.String()+x.Curl(), "SK-SECRET") || strings.Contains(x.String(), sig) ||
		!strings.Contains(x.String(), "Authorization: SDK-HMAC-SHA256 Access=AK1, SignedHeaders=x-project-id;x-sdk-date, Signature=[REDACTED]") {
		t.Fatalf("evidence must redact the signature:\n%s", x)
	}
}

func TestTLSIsVerifiedByDefault(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	defer srv.Close()
	plain, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second})
	if x := plain.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Err == nil || !strings.Contains(x.Err.Error(), "certificate") {
		t.Fatalf("an unknown CA was accepted: %v", x.Err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	trusted, _ := New(Options{Endpoint: srv.URL, Timeout: time.Second, TLS: &tls.Config{RootCAs: pool}})
	if x := trusted.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Err != nil || x.Status != 200 {
		t.Fatalf("trusted CA rejected: %v", x.Err)
	}
}
