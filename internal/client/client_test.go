package client

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func newClient(t *testing.T, h http.Handler, timeout time.Duration, base string) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(Options{Endpoint: srv.URL + base, Auth: TokenAuth{"tok-SECRET"}, Timeout: timeout, Secrets: []string{"tok-SECRET"}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDoRecordsTheExchangeUnderTheBasePath(t *testing.T) {
	var gotPath, gotToken, gotBody string
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath, gotToken = r.URL.EscapedPath(), r.Header.Get("X-Auth-Token")
		b := make([]byte, 64)
		n, _ := r.Body.Read(b)
		gotBody = string(b[:n])
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		w.Write([]byte(`{"error_code":"DLI.0001","error_msg":"x"}`))
	}), time.Second, "/base")
	x := c.Do(context.Background(), contract.JSONRequest("POST", "/v2.0/p/a%2Fb", []byte(`{"queues":["q"]}`)))
	if x.Err != nil || x.Status != 400 || !strings.Contains(string(x.RespBody), "DLI.0001") {
		t.Fatalf("unexpected exchange: %v", x)
	}
	if gotPath != "/base/v2.0/p/a%2Fb" || gotToken != "tok-SECRET" || gotBody != `{"queues":["q"]}` {
		t.Fatalf("server saw path %q token %q body %q", gotPath, gotToken, gotBody)
	}
}

func TestCredentialChoices(t *testing.T) {
	var tokens []string
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tokens = append(tokens, r.Header.Get("X-Auth-Token"))
	}), time.Second, "")
	for _, cr := range []Credentials{Configured, None, Wrong} {
		c.DoAs(context.Background(), cr, contract.Request{Method: "GET", Target: "/"})
	}
	if tokens[0] != "tok-SECRET" || tokens[1] != "" || tokens[2] != WrongToken {
		t.Fatalf("tokens sent: %q", tokens)
	}
}

func TestHangingTargetTimesOut(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}), 100*time.Millisecond, "")
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err == nil || !strings.Contains(x.Err.Error(), "DLI_TIMEOUT") {
		t.Fatalf("want a timeout naming DLI_TIMEOUT, got %v", x.Err)
	}
}

func TestOversizedBodyIsCut(t *testing.T) {
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(make([]byte, MaxResponseBytes+10))
	}), 5*time.Second, "")
	x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"})
	if x.Err == nil || len(x.RespBody) != MaxResponseBytes {
		t.Fatalf("want a cut body and an error, got %d bytes, %v", len(x.RespBody), x.Err)
	}
}

func TestRedirectIsNotFollowed(t *testing.T) {
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}), time.Second, "")
	if x := c.Do(context.Background(), contract.Request{Method: "GET", Target: "/"}); x.Status != http.StatusFound {
		t.Fatalf("status %d, want 302", x.Status)
	}
}

func TestEvidenceNeverShowsSecrets(t *testing.T) {
	c := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("X-Auth-Token"))
		w.Write([]byte("echo " + r.Header.Get("X-Auth-Token")))
	}), time.Second, "")
	x := c.Do(context.Background(), contract.JSONRequest("POST", "/x", []byte(`{"note":"it's"}`)))
	for _, s := range []string{x.String(), x.Curl()} {
		if strings.Contains(s, "tok-SECRET") {
			t.Fatalf("secret leaked:\n%s", s)
		}
	}
	curl := x.Curl()
	if !strings.Contains(curl, `"X-Auth-Token: $DLI_AUTH_TOKEN"`) || !strings.Contains(curl, `'{"note":"it'\''s"}'`) || !strings.HasPrefix(curl, "curl -sS -i -X POST '") {
		t.Fatalf("curl does not reproduce the request: %s", curl)
	}
	if !strings.Contains(x.String(), "> X-Auth-Token: [REDACTED]") {
		t.Fatalf("evidence does not show the redacted header:\n%s", x)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	if _, err := New(Options{Endpoint: "no-scheme", Timeout: time.Second}); err == nil {
		t.Error("accepted an endpoint without host")
	}
	if _, err := New(Options{Endpoint: "http://127.0.0.1", Timeout: 0}); err == nil {
		t.Error("accepted a zero timeout")
	}
}
