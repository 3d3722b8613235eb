package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
)

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
	r.exit = runWith(append([]string{}, flags...), env, &out, &out)
	r.stdout = out.String()
	if raw, err := os.ReadFile(filepath.Join(dir, "summary.json")); err == nil {
		if err := json.Unmarshal(raw, &r.summary); err != nil {
			t.Fatalf("summary.json: %v", err)
		}
	}
	return r
}
