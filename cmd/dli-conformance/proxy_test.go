package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/proxy"
)

// These tests run the binary's proxy command: in front of the emulator while the
// binary's own suite runs through it, and in front of an upstream that breaks the
// contract.

const proxyToken = "tok-PROXY-RUN-SECRET-0c4e"

// lockedBuffer collects a process's output while the test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// proxyProcess is a running `dli-conformance proxy`.
type proxyProcess struct {
	url            string
	report         string
	cmd            *exec.Cmd
	stdout, stderr *lockedBuffer
	copied         chan struct{}
}

var listeningRE = regexp.MustCompile(`listening on (http://\S+),`)

func startProxy(t *testing.T, upstream string, flags ...string) *proxyProcess {
	t.Helper()
	p := &proxyProcess{report: filepath.Join(t.TempDir(), "exchanges.jsonl"), stdout: &lockedBuffer{}, stderr: &lockedBuffer{}, copied: make(chan struct{})}
	args := append([]string{"proxy", "--upstream", upstream, "--listen", "127.0.0.1:0", "--report", p.report}, flags...)
	p.cmd = exec.Command(binary, args...)
	p.cmd.Stderr = p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("start the proxy: %v", err)
	}
	t.Cleanup(func() {
		if p.cmd.ProcessState == nil {
			_ = p.cmd.Process.Kill()
			_ = p.cmd.Wait()
		}
	})
	first, err := bufio.NewReader(out).ReadString('\n')
	m := listeningRE.FindStringSubmatch(first)
	if err != nil || m == nil {
		t.Fatalf("the proxy did not say where it listens: %q, %v\nstderr: %s", first, err, p.stderr.String())
	}
	p.url = m[1]
	p.stdout.Write([]byte(first))
	go func() {
		defer close(p.copied)
		_, _ = io.Copy(p.stdout, out)
	}()
	return p
}

// stop sends SIGINT, as a person or CI would, and returns the exit code.
func (p *proxyProcess) stop(t *testing.T) int {
	t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	<-p.copied
	err := p.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatalf("wait for the proxy: %v", err)
	}
	return 0
}

func (p *proxyProcess) exchanges(t *testing.T) []proxy.Exchange {
	t.Helper()
	raw, err := os.ReadFile(p.report)
	if err != nil {
		t.Fatal(err)
	}
	var out []proxy.Exchange
	for line := range strings.SplitSeq(strings.TrimSpace(string(raw)), "\n") {
		if line == "" {
			continue
		}
		var x proxy.Exchange
		if err := json.Unmarshal([]byte(line), &x); err != nil {
			t.Fatalf("report line %q: %v", line, err)
		}
		out = append(out, x)
	}
	return out
}

// runSuiteThrough runs the binary's suite with the target at endpoint.
func runSuiteThrough(t *testing.T, endpoint string) (int, string) {
	t.Helper()
	cmd := exec.Command(binary, "run")
	cmd.Env = append(os.Environ(),
		"DLI_ENDPOINT="+endpoint,
		"DLI_PROJECT_ID=0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		"DLI_CONNECTION_ID=2a620c33-5609-40c9-affd-2b6453071b0f",
		"DLI_QUEUES=queue_a,queue_b",
		"DLI_POOLS=pool_a",
		"DLI_DELETED_CONNECTION_ID=5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40",
		"DLI_AUTH_TOKEN="+proxyToken,
		"DLI_REPORT_DIR="+t.TempDir(),
		"DLI_TIMEOUT=10s",
	)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	} else if err != nil {
		t.Fatalf("run the suite: %v", err)
	}
	return 0, string(out)
}

// The suite's own traffic, through the proxy to the emulator: no answer departs from
// the contract, and every request that does is one the suite sent on purpose, which
// the target therefore refused.
func TestProxyInFrontOfTheEmulatorFindsOnlyTheSuitesDeliberateNegatives(t *testing.T) {
	emu, err := emulator.New(emulator.Options{Tokens: []string{proxyToken}})
	if err != nil {
		t.Fatal(err)
	}
	upstream := httptest.NewServer(emu)
	defer upstream.Close()
	p := startProxy(t, upstream.URL)

	if code, out := runSuiteThrough(t, p.url); code != 0 {
		t.Fatalf("the suite through the proxy exited %d:\n%s", code, out)
	}
	if code := p.stop(t); code != 0 {
		t.Errorf("the proxy exited %d; stdout:\n%s", code, p.stdout.String())
	}
	xs := p.exchanges(t)
	if len(xs) < 30 {
		t.Fatalf("the proxy reported only %d exchanges", len(xs))
	}
	negatives := 0
	for _, x := range xs {
		if len(x.ResponseViolations) > 0 {
			t.Errorf("#%d %s %s → %d: the answer violates the contract: %v", x.Seq, x.Method, x.Target, x.Status, x.ResponseViolations)
		}
		if x.Action != proxy.ActionForwarded || x.Status != x.UpstreamStatus {
			t.Errorf("#%d %s %s: action %s, status %d from upstream %d", x.Seq, x.Method, x.Target, x.Action, x.Status, x.UpstreamStatus)
		}
		if len(x.RequestViolations) > 0 {
			negatives++
			if x.Status < 400 || x.Status > 499 {
				t.Errorf("#%d %s %s → %d: a non-conformant request was served: %v", x.Seq, x.Method, x.Target, x.Status, x.RequestViolations)
			}
		}
	}
	if negatives == 0 {
		t.Error("no request violated the contract; the suite's negative requests did not show")
	}
	// The emulator, checking the same requests on its side, agrees.
	emuNegatives := 0
	for _, rec := range emu.Requests() {
		if len(rec.Violations) > 0 {
			emuNegatives++
		}
	}
	if seen := len(emu.Requests()); seen == len(xs) && emuNegatives != negatives {
		t.Errorf("the proxy found %d non-conformant requests, the emulator %d", negatives, emuNegatives)
	}
	if v := emu.Violations(); len(v) > 0 {
		t.Errorf("the emulator's own answers violate the contract: %v", v)
	}
	summary := p.stdout.String()
	if !strings.Contains(summary, "proxy summary: "+strconv.Itoa(len(xs))+" exchanges; "+strconv.Itoa(negatives)+" with request violations, 0 with response violations") {
		t.Errorf("summary:\n%s", summary)
	}
	raw, _ := os.ReadFile(p.report)
	if strings.Contains(string(raw), proxyToken) || strings.Contains(p.stderr.String(), proxyToken) {
		t.Error("the proxy wrote the token")
	}
	t.Logf("%d exchanges, %d deliberate non-conformant requests", len(xs), negatives)
}

// An upstream whose answers break the contract: reported, then refused with --enforce.
func TestProxyReportsAndRefusesABrokenUpstream(t *testing.T) {
	var calls atomic.Int32
	upstream := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"is_success":"true","message":""}`))
	}))
	defer upstream.Close()
	bind := "/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue"
	send := func(base, body string) (int, string) {
		req, _ := http.NewRequest("POST", base+bind, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Auth-Token", proxyToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(raw)
	}

	p := startProxy(t, upstream.URL)
	if status, body := send(p.url, `{"queues":["queue_a"]}`); status != 200 || body != `{"is_success":"true","message":""}` {
		t.Errorf("reporting proxy changed the answer: %d %s", status, body)
	}
	if code := p.stop(t); code != 1 {
		t.Errorf("exit %d after a response violation, want 1", code)
	}
	xs := p.exchanges(t)
	if len(xs) != 1 || len(xs[0].ResponseViolations) != 1 || !strings.Contains(xs[0].ResponseViolations[0], "/is_success: value must be a boolean") {
		t.Errorf("report %+v", xs)
	}
	for _, want := range []string{"response violates the contract", "/is_success"} {
		if !strings.Contains(p.stderr.String(), want) {
			t.Errorf("log does not say %q:\n%s", want, p.stderr.String())
		}
	}
	if !strings.Contains(p.stdout.String(), "1 with response violations") {
		t.Errorf("summary:\n%s", p.stdout.String())
	}

	calls.Store(0)
	p = startProxy(t, upstream.URL, "--enforce")
	if status, body := send(p.url, `{"queues":["queue_a"]}`); status != 502 || !strings.Contains(body, "/is_success") || !strings.Contains(body, `"proxy_error"`) || strings.Contains(body, "DLI.") {
		t.Errorf("enforcing proxy: %d %s", status, body)
	}
	if status, body := send(p.url, `{"queues":"queue_a"}`); status != 400 || !strings.Contains(body, "/queues") {
		t.Errorf("enforcing proxy, bad request: %d %s", status, body)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the upstream got %d requests, want only the conformant one", n)
	}
	p.stop(t)
	if xs := p.exchanges(t); len(xs) != 2 || xs[0].Action == xs[1].Action {
		t.Errorf("report %+v", xs)
	}
}

func TestProxyUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"proxy"},
		{"proxy", "--upstream", "127.0.0.1:9"},
		{"proxy", "--upstream", "http://127.0.0.1:9", "--profile", "aws"},
		{"proxy", "--upstream", "http://127.0.0.1:9", "extra"},
		{"proxy", "--upstream", "http://127.0.0.1:9", "--listen", "not-an-address"},
		{"proxy", "--no-such-flag"},
	} {
		var stdout, stderr bytes.Buffer
		if code := dispatch(args, &stdout, &stderr); code != 2 {
			t.Errorf("%q: exit %d, want 2; stderr %s", args, code, stderr.String())
		} else if stderr.Len() == 0 {
			t.Errorf("%q: no message", args)
		}
	}
	var stdout, stderr bytes.Buffer
	dispatch([]string{"help"}, &stdout, &stderr)
	if !strings.Contains(stdout.String(), "proxy ") {
		t.Errorf("usage does not list proxy:\n%s", stdout.String())
	}
}
