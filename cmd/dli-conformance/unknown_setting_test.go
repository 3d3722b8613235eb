package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/exitcode"
)

// These run the commands in this process: each must stop at the configuration,
// before any request, so no target is needed.

func TestAMisspeltVariableStopsTheRunBeforeAnyRequest(t *testing.T) {
	t.Setenv("DLI_ENDPIONT", "https://dli.example.test")
	t.Setenv("DLI_PROJECT_ID", "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
	t.Setenv("DLI_REPORT_DIR", t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"run"}, &stdout, &stderr); code != int(exitcode.Usage) {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitcode.Usage, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "DLI_ENDPIONT") || !strings.Contains(stderr.String(), "did you mean DLI_ENDPOINT?") {
		t.Errorf("the message does not name the variable and the setting meant: %s", stderr.String())
	}
}

func TestAnUnknownKeyOrRequirementOfTheConfigFileStopsTheRun(t *testing.T) {
	for body, want := range map[string]string{
		"endpiont: https://dli.example.test\n":      "did you mean endpoint?",
		"error_codes:\n  NO-SUCH-REQ: [DLI.0001]\n": "NO-SUCH-REQ",
	} {
		path := filepath.Join(t.TempDir(), "dli.yaml")
		if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("DLI_CONFIG", path)
		t.Setenv("DLI_REPORT_DIR", t.TempDir())
		var stdout, stderr bytes.Buffer
		if code := dispatch([]string{"run"}, &stdout, &stderr); code != int(exitcode.Usage) {
			t.Fatalf("%q: exit %d, want %d\n%s%s", body, code, exitcode.Usage, stdout.String(), stderr.String())
		}
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("%q: the message lacks %q: %s", body, want, stderr.String())
		}
	}
}

func TestAMisspeltSideBVariableStopsTheDiffBeforeAnyRun(t *testing.T) {
	t.Setenv("DLI_B_ENDPIONT", "https://dli.example.test")
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"diff", "--report-dir", t.TempDir()}, &stdout, &stderr); code != int(exitcode.Usage) {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitcode.Usage, stdout.String(), stderr.String())
	}
	if !strings.Contains(stderr.String(), "target B") || !strings.Contains(stderr.String(), "did you mean DLI_ENDPOINT?") {
		t.Errorf("the message does not name side B and the setting meant: %s", stderr.String())
	}
}

func TestDiffTakesItsReportDirectoryFromTheConfiguration(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "from-env")
	t.Setenv("DLI_REPORT_DIR", dir)
	// Side A is prepared (its report directory made) before side B's
	// misspelt variable stops the diff, before anything runs.
	t.Setenv("DLI_B_TIMEOUTS", "5s")
	var stdout, stderr bytes.Buffer
	if code := dispatch([]string{"diff"}, &stdout, &stderr); code != int(exitcode.Usage) {
		t.Fatalf("exit %d, want %d\n%s%s", code, exitcode.Usage, stdout.String(), stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "a")); err != nil {
		t.Errorf("side A's report directory was not made under DLI_REPORT_DIR: %v\n%s", err, stderr.String())
	}
}
