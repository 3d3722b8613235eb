package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These run the binary against targets broken in ways only the generated cases
// probe (broken.GeneratedTargets), and check that a generated case fails with a curl line that, run as
// printed, shows the same defect again.

func TestBrokenTargetsFailAGeneratedCase(t *testing.T) {
	for _, tc := range broken.GeneratedTargets {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			target := startTarget(t, tc.Broken)
			// The later DLI_ENDPOINT wins: the run goes to the target started here,
			// which stays up for the replay, and runAgainst's own server idles.
			r := runAgainst(t, http.NotFoundHandler(), append([]string{"DLI_ENDPOINT=" + target.srv.URL}, broken.GeneratedEnv...)...)
			if r.exit != 1 {
				t.Fatalf("exit %d, want 1\n%s", r.exit, r.stdout)
			}
			id, kind, reason, details := generatedFailure(t, r, tc.ID)
			if kind != tc.Kind || !strings.Contains(reason, tc.Reason) {
				t.Fatalf("%s: kind %q reason %q; want %s, %q\n%s", id, kind, reason, tc.Kind, tc.Reason, details)
			}
			curl := curlLine(details)
			if !strings.Contains(curl, `"X-Auth-Token: $DLI_AUTH_TOKEN"`) {
				t.Fatalf("%s: no curl line with the token as $DLI_AUTH_TOKEN:\n%s", id, details)
			}
			assertNoSecret(t, r)
			// A broken target may have kept bindings from the run; the replay starts
			// from the seed.
			target.emu.Reset()
			if status := replay(t, curl); status != tc.ReplayStatus {
				t.Errorf("the curl line got %d, want %d again", status, tc.ReplayStatus)
			}
			if tc.ReplayQueues != 0 {
				queues, _, err := target.emu.Bindings(project, connection)
				if err != nil || len(queues) != tc.ReplayQueues {
					t.Errorf("the replay left queues %v (%v); want %d bound", queues, err, tc.ReplayQueues)
				}
			}
		})
	}
}

// testTarget is a broken target that outlives the run, so that the curl line of a
// failure can be run against it afterwards.
type testTarget struct {
	srv *httptest.Server
	emu *emulator.Emulator
}

func startTarget(t *testing.T, bs []broken.Behaviour) *testTarget {
	h, emu, err := broken.New(emulator.Options{Tokens: []string{secretToken}}, bs...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testTarget{srv: srv, emu: emu}
}

// generatedFailure finds the failed generated case with the id (or the first failed
// one whose id has the prefix, for an id ending in "-") in summary.json, and
// returns its id, failure kind, reason and the failure as the console shows it.
func generatedFailure(t *testing.T, r run, id string) (string, string, string, string) {
	t.Helper()
	match := func(got string) bool { return got == id || (strings.HasSuffix(id, "-") && strings.HasPrefix(got, id)) }
	var failed []string
	for _, res := range r.summary.Requirements {
		if res.Status != report.Failed {
			continue
		}
		if match(res.ID) {
			return res.ID, res.Kind, res.Reason, res.Text()
		}
		failed = append(failed, res.ID)
	}
	t.Fatalf("no failed generated case %s; failed: %v", id, failed)
	return "", "", "", ""
}

func curlLine(details string) string {
	for _, line := range strings.Split(details, "\n") {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "curl -sS -i -X ") {
			return line
		}
	}
	return ""
}

// replay runs the curl line as a person would paste it, with DLI_AUTH_TOKEN set,
// and returns the status it got.
func replay(t *testing.T, curl string) int {
	t.Helper()
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed: the line was checked but not run")
	}
	cmd := exec.Command("sh", "-c", curl)
	cmd.Env = append(os.Environ(), "DLI_AUTH_TOKEN="+secretToken)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("run %.200s: %v", curl, err)
	}
	var proto string
	var status int
	if _, err := fmt.Sscan(string(out), &proto, &status); err != nil {
		t.Fatalf("curl printed no status line: %.200q", out)
	}
	return status
}
