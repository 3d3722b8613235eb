package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/diff"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// diffRun is one run of `dli-conformance diff`.
type diffRun struct {
	exit   int
	stdout string
	result diff.Result
	dir    string
}

// targetEnv configures a side (prefix "DLI_" or "DLI_B_") for an emulator at url
// with its default seed.
func targetEnv(prefix, url string) []string {
	return []string{
		prefix + "ENDPOINT=" + url,
		prefix + "PROJECT_ID=" + project,
		prefix + "CONNECTION_ID=" + connection,
		prefix + "QUEUES=queue_a,queue_b",
		prefix + "POOLS=pool_a",
		prefix + "DELETED_CONNECTION_ID=5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40",
		prefix + "AUTH_TOKEN=" + secretToken,
		prefix + "TIMEOUT=2s",
		prefix + "SETTLE_TIMEOUT=2s",
	}
}

func latitudeEmulator(t *testing.T, lat emulator.Latitude) string {
	t.Helper()
	emu, err := emulator.New(emulator.Options{Tokens: []string{secretToken}, Latitude: lat})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return srv.URL
}

// runDiff runs the diff command with env (and no other DLI_* variable).
func runDiff(t *testing.T, env []string, args ...string) diffRun {
	t.Helper()
	dir := t.TempDir()
	cmd := execBinary(append([]string{"diff", "--report-dir", dir, "--seed", "11"}, args...)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DLI_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r := diffRun{dir: dir}
	if err := cmd.Run(); err != nil {
		r.exit = exitCode(err)
		if r.exit < 0 {
			t.Fatalf("run the binary: %v", err)
		}
	}
	r.stdout = out.String()
	if raw, err := os.ReadFile(filepath.Join(dir, "diff.json")); err == nil {
		if err := json.Unmarshal(raw, &r.result); err != nil {
			t.Fatalf("diff.json: %v", err)
		}
	}
	return r
}

func (r diffRun) keys() []string {
	var out []string
	for _, d := range r.result.Differences {
		out = append(out, d.Key)
	}
	slices.Sort(out)
	return out
}

func TestDiffOfTheEmulatorAgainstItselfFindsNoDifference(t *testing.T) {
	r := runDiff(t, nil)
	if r.exit != 0 || len(r.result.Differences) != 0 {
		t.Fatalf("exit %d with differences %v:\n%s", r.exit, r.keys(), r.stdout)
	}
	if r.result.Cases < 500 || r.result.Agreed != r.result.Cases {
		t.Fatalf("compared %d cases, %d agreed: the hand-written, generated and walk cases must all be compared", r.result.Cases, r.result.Agreed)
	}
	for _, prefix := range []string{"BIND-QUEUES#1", "GEN-", "STATEFUL-WALKS#w1.s1"} {
		if !strings.Contains(string(mustRead(t, filepath.Join(r.dir, "a", diff.CasesFile))), `"key": "`+prefix) {
			t.Errorf("no case %s… recorded", prefix)
		}
	}
	for _, f := range []string{"diff.html", "diff.md", "a/summary.json", "b/summary.json", "a/run.log"} {
		if _, err := os.Stat(filepath.Join(r.dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if !strings.Contains(r.stdout, "AGREE — 0 of") || !strings.Contains(r.stdout, "(exit 0)") {
		t.Errorf("verdict line missing:\n%s", r.stdout)
	}
}

// Two legal implementations that differ in two choices the documentation
// leaves open: exactly the cases those choices answer differ, in status only,
// and every answer conforms on both sides.
func TestDiffOfTwoLegalEmulatorsListsExactlyTheirChoices(t *testing.T) {
	a := latitudeEmulator(t, emulator.Latitude{})
	b := latitudeEmulator(t, emulator.Latitude{NonJSONStatus: 400, UnroutedMethodStatus: 404})
	r := runDiff(t, append(targetEnv("DLI_", a), targetEnv("DLI_B_", b)...))
	want := []string{"CONTENT-TYPE-NOT-JSON#1", "METHOD-DELETE#1", "METHOD-GET#1", "METHOD-PUT#1"}
	if r.exit != 1 || !slices.Equal(r.keys(), want) {
		t.Fatalf("exit %d, differences %v; want exit 1 and %v:\n%s", r.exit, r.keys(), want, r.stdout)
	}
	for _, d := range r.result.Differences {
		wantA, wantB := "405", "404"
		if d.Key == "CONTENT-TYPE-NOT-JSON#1" {
			wantA, wantB = "415", "400"
		}
		if len(d.Fields) != 1 || d.Fields[0] != (diff.Field{Name: diff.DimStatus, A: wantA, B: wantB}) {
			t.Errorf("%s: fields %+v, want status %s vs %s only", d.Key, d.Fields, wantA, wantB)
		}
		if d.A == nil || d.B == nil || !d.A.Conforms || !d.B.Conforms || d.A.Exchange == "" || d.B.Exchange == "" {
			t.Errorf("%s: both exchanges, both conforming, expected: %+v / %+v", d.Key, d.A, d.B)
		}
	}
	if r.result.A.Exit != 0 || r.result.B.Exit != 0 {
		t.Errorf("both targets conform: exits %d and %d", r.result.A.Exit, r.result.B.Exit)
	}
	page := string(mustRead(t, filepath.Join(r.dir, "diff.html")))
	for _, k := range want {
		if !strings.Contains(page, k) {
			t.Errorf("diff.html does not show %s", k)
		}
	}
	if strings.Contains(page, secretToken) || strings.Contains(r.stdout, secretToken) {
		t.Error("the token appears in the output")
	}
}

// A choice that touches every answer differs on every case with a body, in
// that dimension alone.
func TestDiffOfAnAnswerWideChoiceTouchesEveryAnswer(t *testing.T) {
	a := latitudeEmulator(t, emulator.Latitude{})
	b := latitudeEmulator(t, emulator.Latitude{PlainContentType: true})
	r := runDiff(t, append(targetEnv("DLI_", a), targetEnv("DLI_B_", b)...), "--label-filter", "!stateful")
	if r.exit != 1 || len(r.result.Differences) == 0 {
		t.Fatalf("exit %d with %d differences:\n%s", r.exit, len(r.result.Differences), r.stdout)
	}
	t.Logf("%d of %d cases differ", len(r.result.Differences), r.result.Cases)
	for _, d := range r.result.Differences {
		if len(d.Fields) != 1 || d.Fields[0] != (diff.Field{Name: diff.DimContentType, A: "application/json; charset=utf-8", B: "application/json"}) {
			t.Errorf("%s: %+v, want the content type alone", d.Key, d.Fields)
		}
	}
	if r.result.Agreed != 0 {
		t.Errorf("%d of %d cases agree: every answer of the suite has a JSON body, so none may", r.result.Agreed, r.result.Cases)
	}
}

// Choices that change how an answer travels or when a binding shows, not what
// it says, make no difference: nothing cries wolf over gzip, chunking,
// Connection: close, bindings the suite did not make, or asynchronous
// visibility.
func TestDiffIgnoresWhatTheComparisonNormalises(t *testing.T) {
	a := latitudeEmulator(t, emulator.Latitude{})
	b := latitudeEmulator(t, emulator.Latitude{Gzip: true, Chunked: true, ConnectionClose: true, ForeignBindings: true, VisibilityDelay: 30 * time.Millisecond})
	env := append(targetEnv("DLI_", a), targetEnv("DLI_B_", b)...)
	r := runDiff(t, append(env, "DLI_MAX_STEPS=60", "DLI_B_MAX_STEPS=60"))
	if r.exit != 0 || len(r.result.Differences) != 0 {
		t.Fatalf("exit %d with differences %v:\n%s", r.exit, r.keys(), r.stdout)
	}
	if r.result.Cases < 200 {
		t.Fatalf("only %d cases compared", r.result.Cases)
	}
}

// One target compared with itself: the runs go one after the other, for at
// once each would see, and undo, the other's bindings.
func TestDiffOfOneEndpointWithItselfRunsInTurn(t *testing.T) {
	url := latitudeEmulator(t, emulator.Latitude{})
	r := runDiff(t, append(targetEnv("DLI_", url), targetEnv("DLI_B_", url)...), "--label-filter", "!generated")
	if r.exit != 0 || len(r.result.Differences) != 0 || !strings.Contains(r.stdout, "the runs go one after the other") {
		t.Fatalf("exit %d, differences %v:\n%s", r.exit, r.keys(), r.stdout)
	}
}

func TestDiffBaselineExpectsKnownDifferences(t *testing.T) {
	a := latitudeEmulator(t, emulator.Latitude{})
	b := latitudeEmulator(t, emulator.Latitude{NonJSONStatus: 400})
	known := filepath.Join(t.TempDir(), "known.yaml")
	os.WriteFile(known, []byte("known_differences:\n  - id: CONTENT-TYPE-NOT-JSON\n    reason: both statuses are documented\n"), 0o644)
	env := append(targetEnv("DLI_", a), targetEnv("DLI_B_", b)...)
	r := runDiff(t, env, "--baseline", known, "--label-filter", "!stateful && !generated")
	if r.exit != 0 || len(r.result.Differences) != 1 || r.result.Differences[0].Known == "" {
		t.Fatalf("exit %d, differences %+v:\n%s", r.exit, r.result.Differences, r.stdout)
	}
	os.WriteFile(known, []byte("known_differences:\n  - id: CONTENT-TYPE-NOT-JSON\n    reason: both statuses are documented\n  - id: QUEUE-UNKNOWN\n    reason: fixed since\n"), 0o644)
	r = runDiff(t, env, "--baseline", known, "--label-filter", "!stateful && !generated")
	if r.exit != 1 || len(r.result.Stale) != 1 || !strings.Contains(r.stdout, "stale baseline entry QUEUE-UNKNOWN") {
		t.Fatalf("a stale entry fails the comparison: exit %d, stale %+v:\n%s", r.exit, r.result.Stale, r.stdout)
	}
}

// Recorded runs compare without sending anything: a release's reports against
// the last one's.
func TestDiffOfRecordedRuns(t *testing.T) {
	first := runDiff(t, nil, "--label-filter", "!stateful && !generated")
	if first.exit != 0 {
		t.Fatalf("exit %d:\n%s", first.exit, first.stdout)
	}
	r := runDiff(t, nil, "--a-report", filepath.Join(first.dir, "a"), "--b-report", filepath.Join(first.dir, "b"))
	if r.exit != 0 || r.result.Cases != first.result.Cases {
		t.Fatalf("exit %d, %d cases (want %d):\n%s", r.exit, r.result.Cases, first.result.Cases, r.stdout)
	}
	r = runDiff(t, nil, "--a-report", t.TempDir(), "--b-report", filepath.Join(first.dir, "b"))
	if r.exit != 2 || !strings.Contains(r.stdout, "summary.json is missing") {
		t.Fatalf("a directory with no run: exit %d:\n%s", r.exit, r.stdout)
	}
}

func TestDiffConfigurationErrorsExitTwoBeforeAnyRequest(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for name, tc := range map[string]struct {
		env  []string
		args []string
		want string
	}{
		"bad B setting":     {append(targetEnv("DLI_", srv.URL), "DLI_B_TIMEOUT=soon"), nil, "target B"},
		"bad A setting":     {[]string{"DLI_ENDPOINT=" + srv.URL, "DLI_MAX_CASES=many"}, nil, "DLI_MAX_CASES"},
		"bad --compare":     {nil, []string{"--compare", "headers"}, "--compare"},
		"bad baseline":      {nil, []string{"--baseline", "/does/not/exist.yaml"}, "baseline"},
		"config and report": {nil, []string{"--a-config", "x.yaml", "--a-report", "dir"}, "not both"},
	} {
		t.Run(name, func(t *testing.T) {
			r := runDiff(t, tc.env, tc.args...)
			if r.exit != 2 || !strings.Contains(r.stdout, tc.want) {
				t.Fatalf("exit %d, want 2 naming %q:\n%s", r.exit, tc.want, r.stdout)
			}
		})
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests reached the target before the configuration was checked", hits.Load())
	}
}

func TestDiffWithAnUnreachableTargetExitsThree(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	r := runDiff(t, targetEnv("DLI_B_", url), "--label-filter", "!stateful && !generated")
	if r.exit != 3 || !strings.Contains(r.stdout, "target B is unreachable") {
		t.Fatalf("exit %d:\n%s", r.exit, r.stdout)
	}
	// A is interrupted at once rather than run to the end for nothing.
	if !strings.Contains(r.stdout, "A: stopped, with nothing to compare it with") {
		t.Fatalf("A was not stopped:\n%s", r.stdout)
	}
}

// A side that tested nothing (every requirement skipped for want of inputs)
// is not compared as if it had answered nothing.
func TestDiffWithASideThatTestedNothing(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	r := runDiff(t, []string{"DLI_B_ENDPOINT=" + srv.URL, "DLI_B_PROJECT_ID=" + project}, "--label-filter", "!stateful && !generated")
	if r.exit != 1 || !strings.Contains(r.stdout, "target B tested nothing") || len(r.result.Differences) != 0 {
		t.Fatalf("exit %d, %d differences:\n%s", r.exit, len(r.result.Differences), r.stdout)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
