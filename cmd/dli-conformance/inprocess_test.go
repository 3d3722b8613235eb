package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/inprocess"
	"github.com/dli-conformance/dli-conformance/suites"
)

// engineRun carries a run out with the engine alone, in this process: the
// same requirements, checks and reports as the binary's Ginkgo run, without a
// process per run.
func engineRun(p runPlan) suites.Outcome {
	res, err := inprocess.Run(context.Background(), p.cfg, inprocess.Options{Selection: p.selection, Verbose: p.verbose, Adjust: p.adjust})
	if err != nil {
		p.out.Write([]byte("dli-conformance: " + err.Error() + "\n"))
		return suites.Outcome{}
	}
	return suites.Outcome{Passed: res.Passed, Summary: &res.Summary}
}

// runWithFlags is `run` with flags against
// handler, through the same command-line and configuration code, carried out
// by the engine in this process. extraEnv comes last and so wins; nothing is
// read from this process's environment.
func runWithFlags(t *testing.T, handler http.Handler, flags []string, extraEnv ...string) run {
	t.Helper()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	dir := t.TempDir()
	env := append(append([]string{"DLI_ENDPOINT=" + srv.URL, "DLI_REPORT_DIR=" + dir}, broken.Env...), extraEnv...)
	var out bytes.Buffer
	r := run{dir: dir}
	r.exit = runWith(append([]string{}, flags...), env, &out, &out, engineRun)
	r.stdout = out.String()
	if raw, err := os.ReadFile(filepath.Join(dir, "summary.json")); err == nil {
		if err := json.Unmarshal(raw, &r.summary); err != nil {
			t.Fatalf("summary.json: %v", err)
		}
	}
	return r
}
