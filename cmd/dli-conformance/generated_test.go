package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// These run the binary against targets broken in ways only the generated cases
// probe, and check that a generated case fails with a curl line that, run as
// printed, shows the same defect again.

// generatedEnv fixes the case list, so that the partial-bind target meets a positive
// case with two distinct queues, and keeps hand-written specs that wait for a binding
// the target never makes from waiting long.
var generatedEnv = []string{"DLI_SEED=20260108", "DLI_SETTLE_TIMEOUT=1s"}

func TestBrokenTargetsFailAGeneratedCase(t *testing.T) {
	ok := `{"is_success":true,"message":"associated"}`
	cases := []struct {
		name    string
		handler func(emu http.Handler) http.Handler
		// id is the failing case's id, or its prefix when it ends in "-".
		id, kind, reason string
		// replay checks what the curl line got back.
		replay func(t *testing.T, emu *testTarget, status int)
	}{
		{
			name: "accepts null elements",
			handler: func(emu http.Handler) http.Handler {
				return rewrite(emu, func(r *http.Request, b []byte) bool {
					return isBind(r, b) && bytes.Contains(b, []byte(`"queues":[null]`))
				}, 200, ok)
			},
			id: "GEN-NEG-body.queues.items-null", kind: "status", reason: "status 200, want 400",
			replay: wantStatus(200),
		},
		{
			name: "accepts numbers as queue names",
			handler: func(emu http.Handler) http.Handler {
				return rewrite(emu, func(r *http.Request, b []byte) bool {
					return isBind(r, b) && bytes.Contains(b, []byte(`"queues":[42]`))
				}, 200, ok)
			},
			id: "GEN-NEG-body.queues.items-number", kind: "status", reason: "status 200, want 400",
			replay: wantStatus(200),
		},
		{
			name: "answers 500 to deep JSON",
			handler: func(emu http.Handler) http.Handler {
				return rewrite(emu, func(r *http.Request, b []byte) bool {
					return isBind(r, b) && bytes.Contains(b, []byte(strings.Repeat("[", 16)))
				}, 500, `{"error_code":"DLI.0999","error_msg":"Server-side errors occur."}`)
			},
			id: "GEN-NEG-body.queues.items-deep", kind: "status", reason: "status 500, want 400 or 413",
			replay: wantStatus(500),
		},
		{
			name: "accepts an array body",
			handler: func(emu http.Handler) http.Handler {
				return rewrite(emu, func(r *http.Request, b []byte) bool {
					return isBind(r, b) && isJSONArray(b)
				}, 200, ok)
			},
			id: "GEN-NEG-body-array", kind: "status", reason: "status 200, want 400",
			replay: wantStatus(200),
		},
		{
			// A redirect is a legal answer to a path with an empty segment, but
			// only to the cleaned path: one elsewhere must fail.
			name: "redirects a path with an empty segment elsewhere",
			handler: func(emu http.Handler) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if strings.Contains(r.URL.Path, "/enhanced-connections//") {
						w.Header().Set("Location", "/v2.0/"+project+"/datasource/enhanced-connections")
						w.WriteHeader(http.StatusMovedPermanently)
						return
					}
					emu.ServeHTTP(w, r)
				})
			},
			id: "GEN-NEG-path.connection_id-empty", kind: "status", reason: "may only be redirected to its cleaned path",
			replay: wantStatus(http.StatusMovedPermanently),
		},
		{
			name:    "binds only part of a valid list",
			handler: bindsFirstQueueOnly,
			id:      "GEN-POS-", kind: "effect", reason: "does not list",
			replay: func(t *testing.T, target *testTarget, status int) {
				queues, _, err := target.emu.Bindings(project, connection)
				if status != 200 || err != nil || len(queues) != 1 {
					t.Errorf("the replayed bind answered %d and left queues %v (%v); want 200 and one of two queues bound", status, queues, err)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			target := startTarget(t, tc.handler)
			// The later DLI_ENDPOINT wins: the run goes to the target started here,
			// which stays up for the replay, and runAgainst's own server idles.
			r := runAgainst(t, http.NotFoundHandler(), append([]string{"DLI_ENDPOINT=" + target.srv.URL}, generatedEnv...)...)
			if r.exit != 1 {
				t.Fatalf("exit %d, want 1\n%s", r.exit, r.stdout)
			}
			id, kind, reason, details := generatedFailure(t, r, tc.id)
			if kind != tc.kind || !strings.Contains(reason, tc.reason) {
				t.Fatalf("%s: kind %q reason %q; want %s, %q\n%s", id, kind, reason, tc.kind, tc.reason, details)
			}
			curl := curlLine(details)
			if !strings.Contains(curl, `"X-Auth-Token: $DLI_AUTH_TOKEN"`) {
				t.Fatalf("%s: no curl line with the token as $DLI_AUTH_TOKEN:\n%s", id, details)
			}
			assertNoSecret(t, r)
			// A broken target may have kept bindings from the run; the replay starts
			// from the seed.
			target.emu.Reset()
			tc.replay(t, target, replay(t, curl))
		})
	}
}

// testTarget is a broken target that outlives the run, so that the curl line of a
// failure can be run against it afterwards.
type testTarget struct {
	srv *httptest.Server
	emu *emulator.Emulator
}

func startTarget(t *testing.T, handler func(http.Handler) http.Handler) *testTarget {
	emu := newEmulator(t)
	srv := httptest.NewServer(handler(emu))
	t.Cleanup(srv.Close)
	return &testTarget{srv: srv, emu: emu}
}

func wantStatus(want int) func(*testing.T, *testTarget, int) {
	return func(t *testing.T, _ *testTarget, got int) {
		if got != want {
			t.Errorf("the curl line got %d, want %d again", got, want)
		}
	}
}

// bindsFirstQueueOnly binds only the first of two or more distinct queue names of a
// bind and answers as if it had bound them all.
func bindsFirstQueueOnly(emu http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var body map[string]any
		if isBind(r, b) && json.Unmarshal(b, &body) == nil {
			list, ok := body["queues"].([]any)
			names := ok && !slices.ContainsFunc(list, func(q any) bool { _, s := q.(string); return !s })
			if names && slices.ContainsFunc(list, func(q any) bool { return q != list[0] }) {
				body["queues"] = list[:1]
				b, _ = json.Marshal(body)
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(b))
		r.ContentLength = int64(len(b))
		emu.ServeHTTP(w, r)
	})
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

// isJSONArray tells a request body that is a JSON array.
func isJSONArray(b []byte) bool {
	var v []any
	return json.Unmarshal(b, &v) == nil
}
