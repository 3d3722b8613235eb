package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// A target that refuses the credentials, or does not know the project or the
// connection, is a setup outcome naming the setting: exit 4, no requirement
// failed, and the console, summary.json, report.html and summary.md agree.
func TestASetupRefusalIsNotRunNamingTheSetting(t *testing.T) {
	cases := []struct {
		name    string
		env     []string
		kind    verdict.Kind
		verdict string
	}{
		{"wrong token", []string{"DLI_AUTH_TOKEN=not-the-token-the-target-knows"}, verdict.Credentials, "NOT RUN: the target refused the credentials (DLI_AUTH_TOKEN)"},
		{"wrong key pair", []string{"DLI_AUTH_TOKEN=", "DLI_AK=unknown-ak", "DLI_SK=unknown-secret-key"}, verdict.Credentials, "NOT RUN: the target refused the credentials (DLI_AK/DLI_SK)"},
		{"unknown connection", []string{"DLI_CONNECTION_ID=0f0e0d0c-0b0a-4000-8000-000000000001"}, verdict.NotFound, "NOT RUN: the target does not know DLI_CONNECTION_ID"},
		{"unknown project", []string{"DLI_PROJECT_ID=00000000000000000000000000000404"}, verdict.NotFound, "NOT RUN: the target does not know DLI_PROJECT_ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := runWithFlags(t, unknownProject404(newEmulator(t)), nil, tc.env...)
			if r.exit != exitUnusable {
				t.Fatalf("exit %d, want %d\n%s", r.exit, exitUnusable, r.stdout)
			}
			s := r.summary
			if s.Setup == nil || s.Setup.Kind != tc.kind || s.Counts.Failed != 0 || s.Counts.Skipped != s.Counts.Total {
				t.Fatalf("setup %+v, counts %+v", s.Setup, s.Counts)
			}
			if !strings.Contains(r.stdout, "dli-conformance: "+tc.verdict) {
				t.Errorf("the console's verdict line lacks %q:\n%s", tc.verdict, r.stdout)
			}
			if !strings.HasPrefix("NOT RUN: "+s.NotRun, tc.verdict) {
				t.Errorf("summary.json not_run %q, want %q", s.NotRun, tc.verdict)
			}
			for _, res := range s.Requirements {
				if res.Status != report.Skipped || !strings.HasPrefix(res.Reason, "not run: ") {
					t.Fatalf("%s: %s %q, want not run", res.ID, res.Status, res.Reason)
				}
			}
			for _, f := range []string{"report.html", "summary.md"} {
				raw, _ := os.ReadFile(filepath.Join(r.dir, f))
				if text := strings.ReplaceAll(string(raw), `\_`, "_"); !strings.Contains(text, tc.verdict) {
					t.Errorf("%s lacks %q", f, tc.verdict)
				}
			}
			assertNoSecret(t, r)
		})
	}
}

// Every verdict line names what was tested in words.
func TestTheVerdictLineNamesTheTargetClass(t *testing.T) {
	t.Parallel()
	r := runWithFlags(t, newEmulator(t), []string{"--focus", "BODY-ARRAY|binds a list of queues"})
	if !strings.Contains(r.stdout, "; target: endpoint on loopback http://127.0.0.1:") {
		t.Errorf("the verdict line does not name the target class:\n%s", r.stdout)
	}
	if r.summary.TargetClass != "endpoint on loopback" {
		t.Errorf("summary.json target_class %q", r.summary.TargetClass)
	}
}

// unknownProject404 answers every request for project ...404 with 404, as a
// target that knows no such project might (the emulator knows every project
// it is asked about, with no connections).
func unknownProject404(emu http.Handler) http.Handler {
	return rewrite(emu, func(r *http.Request, _ []byte) bool {
		return strings.Contains(r.URL.Path, "/00000000000000000000000000000404/")
	}, 404, `{"error_code":"DLI.0002","error_msg":"The project does not exist."}`)
}
