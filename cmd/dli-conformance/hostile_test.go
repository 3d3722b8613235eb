package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests run the binary against targets that attack it: answers that
// would make it hold or write without bound, and answers that echo its
// credentials back to get them printed.

// padHeaders adds about kib KiB of response headers to every answer of next.
func padHeaders(next http.Handler, kib int) http.Handler {
	line := strings.Repeat("p", 1000)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for i := range kib {
			w.Header().Set(fmt.Sprintf("X-Pad-%04d", i), line)
		}
		next.ServeHTTP(w, r)
	})
}

// runMeasured runs the binary against handler as runWithFlags does and also
// returns its peak resident memory, in bytes.
func runMeasured(t *testing.T, handler http.Handler, flags []string, extraEnv ...string) (run, int64) {
	t.Helper()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	dir := t.TempDir()
	cmd := execBinary(append([]string{"run"}, flags...)...)
	cmd.Env = append(os.Environ(), "DLI_ENDPOINT="+srv.URL, "DLI_PROJECT_ID="+project, "DLI_CONNECTION_ID="+connection,
		"DLI_QUEUES=queue_a,queue_b", "DLI_POOLS=pool_a", "DLI_AUTH_TOKEN="+secretToken, "DLI_REPORT_DIR="+dir,
		"DLI_TIMEOUT=5s", "DLI_SETTLE_TIMEOUT=1s")
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r := run{dir: dir}
	if err := cmd.Run(); err != nil {
		if r.exit = exitCode(err); r.exit < 0 {
			t.Fatalf("run the binary: %v", err)
		}
	}
	r.stdout = out.String()
	r.summary = readSummary(t, dir, r)
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no resource usage on this platform")
	}
	return r, ru.Maxrss << 10 // kilobytes on Linux
}

// TestAMegabyteOfHeadersOnEveryAnswerKeepsMemoryAndReportsBounded: the
// stateful walks send hundreds of requests and keep every step; with a
// megabyte of headers on every answer they once held a gigabyte.
func TestAMegabyteOfHeadersOnEveryAnswerKeepsMemoryAndReportsBounded(t *testing.T) {
	r, rss := runMeasured(t, padHeaders(newEmulator(t), 1024), []string{"--focus", "seeded walks"}, "DLI_MAX_HEADER_BYTES=2MiB")
	if r.exit != 0 || r.result("STATEFUL-WALKS").Status != report.Passed {
		t.Fatalf("exit %d, failed %v\n%s", r.exit, r.failedIDs(), r.stdout)
	}
	if rss > 400<<20 {
		t.Errorf("peak memory %d MB, want under 400 MB", rss>>20)
	}
	var total int64
	files, _ := os.ReadDir(r.dir)
	for _, f := range files {
		info, _ := f.Info()
		total += info.Size()
	}
	if total > 20<<20 {
		t.Errorf("%d bytes of reports, over DLI_MAX_REPORT_BYTES", total)
	}
	t.Logf("peak memory %d MB, %d bytes of reports", rss>>20, total)
}

func TestAOneCharacterTokenExitsTwoBeforeAnyRequest(t *testing.T) {
	var requests atomic.Int32
	r := runWithFlags(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { requests.Add(1) }), nil, "DLI_AUTH_TOKEN=t")
	if r.exit != 2 || requests.Load() != 0 || !strings.Contains(r.stdout, "DLI_AUTH_TOKEN") {
		t.Fatalf("exit %d after %d requests, want 2 after none, naming DLI_AUTH_TOKEN:\n%s", r.exit, requests.Load(), r.stdout)
	}
}

// TestBindsThrottledWithALongRetryAfterFailOnceTheThrottleBudgetIsSpent:
// a target that answers every bind 429 with Retry-After: 30 would keep a run
// waiting for hours; the throttle budget ends the waiting. With the default
// budget of two minutes such a run ends, failing, in three and a half minutes
// (four waits of 30 s, then every bind fails at once); here a budget of two
// seconds, too small for one wait, ends it at once.
func TestBindsThrottledWithALongRetryAfterFailOnceTheThrottleBudgetIsSpent(t *testing.T) {
	emu := newEmulator(t)
	throttled := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isBind(r, nil) {
			w.Header().Set("Retry-After", "30")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			w.Write([]byte(`{"error_code":"APIG.0308","error_msg":"The throttling threshold has been reached"}`))
			return
		}
		emu.ServeHTTP(w, r)
	})
	start := time.Now()
	r := runAgainst(t, throttled, "DLI_THROTTLE_BUDGET=2s")
	took := time.Since(start)
	if r.exit != 1 {
		t.Fatalf("exit %d after %v, want 1: the throttle budget, not Retry-After: 30 per bind, ends the run\n%s", r.exit, took, r.stdout)
	}
	if res := r.result("BIND-QUEUES"); res.Status != report.Failed || res.Kind != "throttled" || !strings.Contains(res.Reason, "throttle budget of 2s spent") {
		t.Fatalf("BIND-QUEUES: %s %s %q", res.Status, res.Kind, res.Reason)
	}
	if res := r.result("METHOD-GET"); res.Status != report.Passed {
		t.Errorf("METHOD-GET sends no bind, yet: %s %s %q", res.Status, res.Kind, res.Reason)
	}
}
