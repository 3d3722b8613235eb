package main

import (
	"bytes"
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests cover what a run against a real account needs: the mutation gate,
// asynchronous effects, throttling, TLS, AK/SK signing and redaction. Every request
// still goes to a server on loopback.

func TestMutationGateOnANonLoopbackTarget(t *testing.T) {
	emu := newEmulator(t)
	var binds atomic.Int32
	// The target's name is not loopback; the standard proxy variables route its
	// traffic to this loopback server, which serves the emulator.
	proxy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, bindSuffix) {
			binds.Add(1)
		}
		emu.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(proxy)
	defer srv.Close()
	// The proxy variables route the client's traffic only in a process of its
	// own.
	gated := runBinaryWithFlags(t, http.NotFoundHandler(), nil, "DLI_ENDPOINT=http://dli.gate.test", "HTTP_PROXY="+srv.URL, "http_proxy="+srv.URL, "NO_PROXY=", "no_proxy=")
	if gated.exit != 0 {
		t.Fatalf("exit %d, failed %v\n%s", gated.exit, gated.failedIDs(), gated.stdout)
	}
	for _, id := range []string{"BIND-QUEUES", "BIND-POOLS", "BIND-AGAIN", "EITHER-EXTRA-FIELDS"} {
		res := gated.result(id)
		if res.Status != report.Skipped || !strings.Contains(res.Reason, "DLI_ALLOW_MUTATIONS") {
			t.Errorf("%s: %s %q, want skipped naming DLI_ALLOW_MUTATIONS", id, res.Status, res.Reason)
		}
	}
	if gated.result("CONN-UNKNOWN").Status != report.Passed {
		t.Errorf("read-only requirements must still run: CONN-UNKNOWN is %s", gated.result("CONN-UNKNOWN").Status)
	}
	if q, p, _ := emu.Bindings(project, connection); len(q)+len(p) != 0 {
		t.Fatalf("the gated run bound %v %v", q, p)
	}
	allowed := runBinaryWithFlags(t, http.NotFoundHandler(), nil, "DLI_ENDPOINT=http://dli.gate.test", "HTTP_PROXY="+srv.URL, "http_proxy="+srv.URL, "NO_PROXY=", "no_proxy=", "DLI_ALLOW_MUTATIONS=true")
	if allowed.exit != 0 || allowed.result("BIND-QUEUES").Status != report.Passed {
		t.Fatalf("with DLI_ALLOW_MUTATIONS=true: exit %d, BIND-QUEUES %s\n%s", allowed.exit, allowed.result("BIND-QUEUES").Status, allowed.stdout)
	}
	if !strings.Contains(allowed.stdout, "WARNING: specs that change state run against a remote target") {
		t.Errorf("no warning for mutations against a remote target")
	}
}

func TestLeaveNoTraceNamesTheUndoRequest(t *testing.T) {
	emu := newEmulator(t)
	broken := rewrite(emu, func(r *http.Request, _ []byte) bool {
		return r.Method == "POST" && strings.HasSuffix(r.URL.Path, "/disassociate-queue")
	}, 200, `{"is_success":true,"message":""}`)
	r := runAgainst(t, broken)
	res := r.result("LEAVE-NO-TRACE")
	if res.Status != report.Failed || !strings.Contains(res.Text(), "to undo: POST /v2.0/"+project+"/datasource/enhanced-connections/"+connection+"/disassociate-queue with body {\"queues\":[") {
		t.Fatalf("LEAVE-NO-TRACE %s: %s", res.Status, res.Text())
	}
}

func TestDelayedActivationIsPolled(t *testing.T) {
	emu, err := emulator.New(emulator.Options{Tokens: []string{secretToken}, ActivationDelay: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	r := runAgainst(t, emu, "DLI_SETTLE_TIMEOUT=10s")
	if r.exit != 0 {
		t.Fatalf("exit %d, failed %v\n%s", r.exit, r.failedIDs(), r.stdout)
	}
	// A bind is listed CREATING at once: the spec passes only after polling
	// past the delay.
	if res := r.result("BIND-QUEUES"); res.DurationSecond < 0.3 {
		t.Errorf("BIND-QUEUES took %.2fs: it did not wait for activation", res.DurationSecond)
	}
}

func TestBindingsThatShowLateAreWaitedFor(t *testing.T) {
	emu := newEmulator(t)
	var mu sync.Mutex
	var hideUntil time.Time
	// After each bind the target lists the old bindings for a while.
	lagging := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hide := time.Now().Before(hideUntil)
		if r.Method == "POST" && strings.HasSuffix(r.URL.Path, bindSuffix) {
			hideUntil = time.Now().Add(200 * time.Millisecond)
		}
		mu.Unlock()
		if hide && r.Method == "GET" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"is_success":true,"message":"","id":"`+connection+`","status":"ACTIVE","available_queue_info":[],"elastic_resource_pools":[]}`)
			return
		}
		emu.ServeHTTP(w, r)
	})
	if r := runAgainst(t, lagging, "DLI_SETTLE_TIMEOUT=5s"); r.result("BIND-QUEUES").Status != report.Passed {
		t.Fatalf("with a settle timeout: BIND-QUEUES %s %s", r.result("BIND-QUEUES").Status, r.result("BIND-QUEUES").Reason)
	}
	r := runAgainst(t, lagging, "DLI_SETTLE_TIMEOUT=0s")
	if res := r.result("BIND-QUEUES"); res.Status != report.Failed || res.Kind != "effect" {
		t.Fatalf("without waiting: BIND-QUEUES %s %s %q", res.Status, res.Kind, res.Reason)
	}
}

func TestThrottlingIsHonoured(t *testing.T) {
	emu := newEmulator(t)
	var n atomic.Int32
	throttling := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1)%4 == 0 {
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`)
			return
		}
		emu.ServeHTTP(w, r)
	})
	r := runAgainst(t, throttling, "DLI_RATE_LIMIT=500")
	if r.exit != 0 {
		t.Fatalf("exit %d, failed %v\n%s", r.exit, r.failedIDs(), r.stdout)
	}
	if r.summary.Retries == 0 {
		t.Fatalf("the summary shows no retries")
	}
}

func TestTLSTargets(t *testing.T) {
	srv := httptest.NewTLSServer(newEmulator(t))
	defer srv.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}), 0o600)

	trusted := runAgainst(t, http.NotFoundHandler(), "DLI_ENDPOINT="+srv.URL, "DLI_CA_FILE="+caFile)
	if trusted.exit != 0 {
		t.Fatalf("with DLI_CA_FILE: exit %d\n%s", trusted.exit, trusted.stdout)
	}
	untrusted := runAgainst(t, http.NotFoundHandler(), "DLI_ENDPOINT="+srv.URL)
	if untrusted.exit != 3 || untrusted.summary.Setup == nil || !strings.Contains(untrusted.summary.Setup.Message, "certificate") {
		t.Fatalf("an unknown CA: exit %d, setup failure %+v", untrusted.exit, untrusted.summary.Setup)
	}
	insecure := runAgainst(t, http.NotFoundHandler(), "DLI_ENDPOINT="+srv.URL, "DLI_INSECURE_SKIP_VERIFY=true")
	if insecure.exit != 0 || !strings.Contains(insecure.stdout, "WARNING: TLS certificate verification is OFF") {
		t.Fatalf("insecure: exit %d\n%s", insecure.exit, insecure.stdout)
	}
	for _, f := range []string{"summary.json", "report.html", "summary.md"} {
		b, _ := os.ReadFile(filepath.Join(insecure.dir, f))
		if !bytes.Contains(b, []byte("TLS certificate verification is OFF")) {
			t.Errorf("%s does not carry the TLS warning", f)
		}
	}
}

func TestAKSKAgainstTheEmbeddedEmulatorLeaksNoSecret(t *testing.T) {
	const ak, sk, st = "AKCONFORMANCE01", "SK-VERY-SECRET-9f8e7d", "ST-VERY-SECRET-1a2b3c"
	dir := t.TempDir()
	r := runEmbedded(t, dir, "DLI_AK="+ak, "DLI_SK="+sk, "DLI_SECURITY_TOKEN="+st)
	if r.exit != 0 || r.summary.Counts.Failed != 0 {
		t.Fatalf("AK/SK run: exit %d, failed %v\n%s", r.exit, r.failedIDs(), r.stdout)
	}
	for _, id := range []string{"AUTH-MISSING", "AUTH-WRONG"} {
		if r.result(id).Status != report.Passed {
			t.Errorf("%s under AK/SK: %s %s", id, r.result(id).Status, r.result(id).Reason)
		}
	}
	assertNoBytes(t, r, sk, st)
}

// runEmbedded runs the binary against its embedded emulator.
func runEmbedded(t *testing.T, dir string, extra ...string) run {
	t.Helper()
	cmd := execBinary("run")
	cmd.Env = append(os.Environ(), "DLI_ENDPOINT=", "DLI_AUTH_TOKEN=", "DLI_REPORT_DIR="+dir)
	cmd.Env = append(cmd.Env, extra...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r := run{dir: dir}
	if err := cmd.Run(); err != nil {
		r.exit = exitCode(err)
	}
	r.stdout = out.String()
	r.summary = readSummary(t, dir, r)
	return r
}

// assertNoBytes searches every byte the run wrote for each secret.
func assertNoBytes(t *testing.T, r run, secrets ...string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(r.dir, "*"))
	for _, s := range secrets {
		if strings.Contains(r.stdout, s) {
			t.Errorf("a secret appears in the output")
		}
		for _, f := range files {
			b, _ := os.ReadFile(f)
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("a secret appears in %s", filepath.Base(f))
			}
		}
	}
}
