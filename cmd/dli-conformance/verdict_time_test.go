package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// measureEnv gates TestTimeToVerdict: measuring pays a default run per broken
// target, minutes in all, which make test must not. Its value, when not "1",
// is a substring that picks the targets to measure by name.
const measureEnv = "MEASURE_VERDICT_TIME"

// standaloneActivationDelay is the emulator command's default
// --activation-delay: the measured target is the one a user starts with
// `dli-conformance emulator`.
const standaloneActivationDelay = engine.EmbeddedActivationDelay

// TestTimeToVerdict measures how long a default run takes to reach its verdict
// against each broken target of the catalogue, served like a standalone
// emulator, and prints the times slowest first with where each run's time
// went. It asserts no time: it measures. Only the inputs are configured — none
// of the catalogue test's shortcuts (DLI_SETTLE_TIMEOUT, DLI_MAX_STEPS,
// DLI_MAX_CASES, a label filter) — and DLI_RUN_TIMEOUT is 10m, so that a run
// that would never end is shown cut off. Run it with
//
//	MEASURE_VERDICT_TIME=1 go test -run TestTimeToVerdict -parallel 8 -timeout 2h -v ./cmd/dli-conformance/
func TestTimeToVerdict(t *testing.T) {
	pick := os.Getenv(measureEnv)
	if pick == "" {
		t.Skipf("set %s=1 (or to part of a target's name) to measure the time to a verdict against every broken target", measureEnv)
	}
	var mu sync.Mutex
	var times []measured
	t.Cleanup(func() {
		slices.SortFunc(times, func(a, b measured) int { return cmp.Compare(b.took, a.took) })
		var out strings.Builder
		fmt.Fprintf(&out, "time to verdict, slowest first (%d targets):\n", len(times))
		for _, m := range times {
			fmt.Fprintf(&out, "%8.1fs  exit %d  %-60s %s\n", m.took.Seconds(), m.exit, m.name, m.phases)
		}
		t.Log(out.String())
	})
	for _, b := range broken.Catalogue {
		if pick != "1" && !strings.Contains(b.Name, pick) {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			m := measureDefaultRun(t, b)
			mu.Lock()
			times = append(times, m)
			mu.Unlock()
		})
	}
}

// measured is one target's time to verdict.
type measured struct {
	name   string
	took   time.Duration
	exit   int
	phases string
}

// measureDefaultRun runs `run` with the inputs alone against b.
func measureDefaultRun(t *testing.T, b broken.Target) measured {
	h, _, err := b.Handler(emulator.Options{Tokens: []string{broken.Token}, ActivationDelay: standaloneActivationDelay})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	dir := t.TempDir()
	env := []string{
		"DLI_ENDPOINT=" + srv.URL, "DLI_REPORT_DIR=" + dir, "DLI_RUN_TIMEOUT=10m",
		"DLI_PROJECT_ID=" + broken.Project, "DLI_CONNECTION_ID=" + broken.Connection,
		"DLI_QUEUES=" + broken.Queues, "DLI_POOLS=" + broken.Pools,
		"DLI_DELETED_CONNECTION_ID=" + broken.DeletedConnection, "DLI_AUTH_TOKEN=" + broken.Token,
	}
	var out bytes.Buffer
	start := time.Now()
	exit := runWith(nil, env, &out, &out)
	m := measured{name: b.Name, took: time.Since(start), exit: exit}
	var s report.Summary
	if raw, err := os.ReadFile(filepath.Join(dir, "summary.json")); err == nil && json.Unmarshal(raw, &s) == nil {
		var parts []string
		for _, p := range s.Time {
			parts = append(parts, fmt.Sprintf("%s %.1fs", p.Phase, p.Seconds))
		}
		m.phases = strings.Join(parts, ", ")
		reqs := slices.Clone(s.Requirements)
		slices.SortFunc(reqs, func(a, b report.Result) int { return cmp.Compare(b.DurationSecond, a.DurationSecond) })
		var slow []string
		for _, r := range reqs[:min(3, len(reqs))] {
			slow = append(slow, fmt.Sprintf("%s %.1fs", r.ID, r.DurationSecond))
		}
		m.phases += "; slowest: " + strings.Join(slow, ", ")
		for _, r := range s.Requirements {
			if r.Status == report.Failed {
				t.Logf("%s failed: %s", r.ID, r.Reason)
			}
		}
	}
	t.Logf("%.1fs, exit %d: %s", m.took.Seconds(), exit, m.phases)
	return m
}
