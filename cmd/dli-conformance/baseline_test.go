package main

import (
	"github.com/dli-conformance/dli-conformance/internal/verdict"

	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests run the binary with a known-failures baseline (and the other
// flags of run) and read its exit code and reports.

func writeBaseline(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "known-failures.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// unknownConnection404 answers a bind on any connection but the configured ones
// with 404: CONN-UNKNOWN fails with kind status.
func unknownConnection404(emu http.Handler) http.Handler {
	return rewrite(emu, func(r *http.Request, b []byte) bool {
		return isBind(r, b) && !strings.Contains(r.URL.Path, connection) && !strings.Contains(r.URL.Path, "not-a-uuid") && !strings.Contains(r.URL.Path, "5d3f6a2e")
	}, 404, `{"error_code":"DLI.0002","error_msg":"no such connection"}`)
}

func TestBaselineTurnsAKnownFailureIntoAnExpectedOne(t *testing.T) {
	t.Parallel()
	path := writeBaseline(t, "known_failures:\n  - id: CONN-UNKNOWN\n    reason: \"target answers 404; tracked in TICKET-12\"\n")
	r := runWithFlags(t, unknownConnection404(newEmulator(t)), []string{"--baseline", path})
	if r.exit != 0 {
		t.Fatalf("exit %d, want 0\n%s", r.exit, r.stdout)
	}
	res := r.result("CONN-UNKNOWN")
	if res.Status != report.ExpectedFailure || res.Kind != "status" || !strings.Contains(res.Reason, "404") ||
		res.BaselineReason != "target answers 404; tracked in TICKET-12" || !strings.Contains(res.Text(), "curl ") {
		t.Fatalf("CONN-UNKNOWN: %+v", res)
	}
	c := r.summary.Counts
	if c.Failed != 0 || c.ExpectedFailures != 1 || c.Stale != 0 || r.summary.Baseline != path {
		t.Fatalf("counts %+v, baseline %q", c, r.summary.Baseline)
	}
	html, _ := os.ReadFile(filepath.Join(r.dir, "report.html"))
	md, _ := os.ReadFile(filepath.Join(r.dir, "summary.md"))
	if !bytes.Contains(html, []byte("TICKET-12")) || !bytes.Contains(md, []byte("TICKET-12")) || !bytes.Contains(md, []byte("PASSED")) {
		t.Fatalf("report.html or summary.md does not show the expected failure:\n%s", md)
	}
	assertNoSecret(t, r)
}

func TestBaselineEntryThatPassesIsStaleAndFailsTheRun(t *testing.T) {
	t.Parallel()
	path := writeBaseline(t, "known_failures:\n  - id: BODY-ARRAY\n    reason: fixed upstream in 2.3?\n")
	r := runWithFlags(t, newEmulator(t), []string{"--baseline", path})
	if r.exit != 1 {
		t.Fatalf("exit %d, want 1\n%s", r.exit, r.stdout)
	}
	res := r.result("BODY-ARRAY")
	if res.Status != report.Stale || !strings.Contains(res.Reason, "remove it from the baseline") || res.BaselineReason != "fixed upstream in 2.3?" {
		t.Fatalf("BODY-ARRAY: %+v", res)
	}
	if c := r.summary.Counts; c.Stale != 1 || c.Failed != 0 {
		t.Fatalf("counts %+v", c)
	}
	md, _ := os.ReadFile(filepath.Join(r.dir, "summary.md"))
	if !bytes.Contains(md, []byte("Stale baseline entries (1)")) {
		t.Fatalf("summary.md does not list the stale entry:\n%s", md)
	}
}

// A bad baseline stops the run before it sends anything.
func TestBadBaselineExitsTwoBeforeAnyRequest(t *testing.T) {
	cases := []struct {
		name, yaml string
		want       []string
	}{
		{"missing reason", "known_failures:\n  - id: CONN-UNKNOWN\n", []string{"known_failures[0]", "key reason"}},
		{"unknown id", "known_failures:\n  - id: BODY-ARRAY\n    reason: x\n  - id: NO-SUCH-REQUIREMENT\n    reason: y\n", []string{"known_failures[1]", "key id", "NO-SUCH-REQUIREMENT"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := writeBaseline(t, tc.yaml)
			var requests atomic.Int64
			emu := newEmulator(t)
			counting := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				requests.Add(1)
				emu.ServeHTTP(w, r)
			})
			r := runWithFlags(t, counting, []string{"--baseline", path})
			if r.exit != 2 {
				t.Fatalf("exit %d, want 2\n%s", r.exit, r.stdout)
			}
			for _, w := range append(tc.want, path) {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("the message does not name %q:\n%s", w, r.stdout)
				}
			}
			if n := requests.Load(); n != 0 {
				t.Errorf("%d requests were sent despite the bad baseline", n)
			}
		})
	}
}

func TestUnreachableTargetExitsThree(t *testing.T) {
	t.Parallel()
	// A port that was just free: nothing listens there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := runWithFlags(t, newEmulator(t), []string{"--endpoint", "http://" + addr})
	if r.exit != 3 || r.summary.Setup == nil || r.summary.Setup.Kind != verdict.Unreachable {
		t.Fatalf("exit %d, setup failure %+v, want 3 and an unreachable target\n%s", r.exit, r.summary.Setup, r.stdout)
	}
	html, _ := os.ReadFile(filepath.Join(r.dir, "report.html"))
	if !bytes.Contains(html, []byte(`id="setup-failure"`)) {
		t.Fatal("report.html does not show the setup failure")
	}
}

func TestConfigurationFlagsOverrideTheEnvironment(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "from-flag")
	r := runWithFlags(t, newEmulator(t), []string{"--report-dir", dir, "--timeout", "3s", "--label-filter", "id:BIND-QUEUES"})
	if r.exit != 0 {
		t.Fatalf("exit %d\n%s", r.exit, r.stdout)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatalf("--report-dir was not used: %v\n%s", err, r.stdout)
	}
	var s report.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatal(err)
	}
	for _, c := range s.Configuration {
		if c.Name == "DLI_TIMEOUT" && c.Value != "3s" {
			t.Errorf("--timeout 3s shows as DLI_TIMEOUT=%s", c.Value)
		}
	}
	for _, f := range []string{"report.html", "summary.md", "junit.xml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}

	// An invalid value given as a flag is reported under its variable's name.
	bad := runWithFlags(t, newEmulator(t), []string{"--timeout", "soon"})
	if bad.exit != 2 || !strings.Contains(bad.stdout, "DLI_TIMEOUT") {
		t.Fatalf("--timeout soon: exit %d, want 2 naming DLI_TIMEOUT\n%s", bad.exit, bad.stdout)
	}
}

func TestRunUsageDocumentsExitCodesAndHasNoTokenFlag(t *testing.T) {
	var out bytes.Buffer
	if code := runCommand([]string{"-h"}, &out, &out); code != 0 {
		t.Fatalf("run -h: exit %d", code)
	}
	for _, want := range []string{"exit codes:", "0  ok           every requirement passed", "1  failed       a requirement failed", "2  usage        usage or configuration", "3  unreachable  the target was unreachable", "4  unusable     the target answered, but nothing usable", "-baseline string", "-endpoint url", "DLI_PROJECT_ID"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("run -h lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "-token") || strings.Contains(out.String(), "-auth-token") {
		t.Error("run has a flag for the token")
	}
}
