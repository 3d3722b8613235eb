package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These tests run the real suite binary against targets that are deliberately broken
// in one way each, and read its reports: the matching requirement must fail with the
// kind of deviation and the evidence, and the rest must not cry wolf.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dli-conformance-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "dli-conformance")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build the binary under test: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

const (
	secretToken = broken.Token
	project     = broken.Project
	connection  = broken.Connection
	bindSuffix  = "/associate-queue"
)

// run is one run of the binary against handler.
type run struct {
	exit    int
	stdout  string
	summary report.Summary
	dir     string
}

func runAgainst(t *testing.T, handler http.Handler, extraEnv ...string) run {
	t.Helper()
	r := runWithFlags(t, handler, nil, extraEnv...)
	if r.summary.Requirements == nil {
		t.Fatalf("no summary.json (exit %d):\n%s", r.exit, r.stdout)
	}
	return r
}

// runBinaryWithFlags runs the binary with flags against handler, configured for the
// emulator's default seed; extraEnv comes last and so wins. It reads the summary
// only when one was written.
func runBinaryWithFlags(t *testing.T, handler http.Handler, flags []string, extraEnv ...string) run {
	t.Helper()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	dir := t.TempDir()
	cmd := execBinary(append([]string{"run"}, flags...)...)
	cmd.Env = append(os.Environ(), "DLI_ENDPOINT="+srv.URL, "DLI_REPORT_DIR="+dir)
	cmd.Env = append(cmd.Env, broken.Env...)
	cmd.Env = append(cmd.Env, extraEnv...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	r := run{dir: dir}
	if err := cmd.Run(); err != nil {
		r.exit = exitCode(err)
		if r.exit < 0 {
			t.Fatalf("run the binary: %v", err)
		}
	}
	r.stdout = out.String()
	if raw, err := os.ReadFile(filepath.Join(dir, "summary.json")); err == nil {
		if err := json.Unmarshal(raw, &r.summary); err != nil {
			t.Fatalf("summary.json: %v", err)
		}
	}
	return r
}

func execBinary(args ...string) *exec.Cmd { return exec.Command(binary, args...) }

// exitCode returns the exit code of a finished command, or -1 when it did not run.
func exitCode(err error) int {
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

func readSummary(t *testing.T, dir string, r run) report.Summary {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatalf("no summary.json (exit %d):\n%s", r.exit, r.stdout)
	}
	var s report.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	return s
}

func newEmulator(t *testing.T) *emulator.Emulator {
	t.Helper()
	emu, err := emulator.New(emulator.Options{Tokens: []string{secretToken}})
	if err != nil {
		t.Fatal(err)
	}
	return emu
}

func (r run) result(id string) report.Result {
	for _, res := range r.summary.Requirements {
		if res.ID == id {
			return res
		}
	}
	return report.Result{}
}

func (r run) failedIDs() []string {
	var out []string
	for _, res := range r.summary.Requirements {
		if res.Status == report.Failed {
			out = append(out, res.ID)
		}
	}
	return out
}

// The binary's own Ginkgo run, and the engine in process, give one verdict.
func TestConformantTargetPasses(t *testing.T) {
	for name, r := range map[string]run{"binary": runBinaryWithFlags(t, newEmulator(t), nil), "in process": runAgainst(t, newEmulator(t))} {
		if r.exit != 0 || r.summary.Counts.Failed != 0 || r.summary.Counts.Passed < 25 {
			t.Fatalf("%s: exit %d, counts %+v, failed %v\n%s", name, r.exit, r.summary.Counts, r.failedIDs(), r.stdout)
		}
		if !strings.Contains(r.stdout, "dli-conformance: PASSED") {
			t.Errorf("%s: no verdict line:\n%s", name, r.stdout)
		}
	}
}

// rewrite answers a request matching the predicate with the given status and body
// instead of the emulator; other requests pass through.
func rewrite(next http.Handler, match func(*http.Request, []byte) bool, status int, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(b))
		if match(r, b) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func isBind(r *http.Request, _ []byte) bool {
	return r.Method == "POST" && strings.HasSuffix(r.URL.Path, bindSuffix)
}

func TestBadConfigurationExitsTwoNamingTheVariable(t *testing.T) {
	cmd := exec.Command(binary, "run")
	cmd.Env = append(os.Environ(), "DLI_QUEUES=only_one")
	out, err := cmd.CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 2 || !strings.Contains(string(out), "DLI_QUEUES") {
		t.Fatalf("want exit 2 naming DLI_QUEUES, got %v:\n%s", err, out)
	}
}

// assertNoSecret searches every byte the run wrote for the token.
func assertNoSecret(t *testing.T, r run) {
	t.Helper()
	if strings.Contains(r.stdout, secretToken) {
		t.Fatalf("the token appears in the output")
	}
	files, _ := os.ReadDir(r.dir)
	for _, f := range files {
		b, _ := os.ReadFile(filepath.Join(r.dir, f.Name()))
		if bytes.Contains(b, []byte(secretToken)) {
			t.Fatalf("the token appears in %s", f.Name())
		}
	}
}

func TestBadSelectionFlagsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"run", "--label-filter", "(("}, {"run", "--focus", "(["}, {"run", "--no-such-flag"}, {"nope"}} {
		out, err := execBinary(args...).CombinedOutput()
		if exitCode(err) != 2 || strings.Contains(string(out), "panic") {
			t.Errorf("%v: exit %d, want 2 without a panic:\n%s", args, exitCode(err), out)
		}
	}
}
