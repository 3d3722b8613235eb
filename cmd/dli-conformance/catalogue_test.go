package main

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// everything is every requirement of the catalogue failing with kind: what a
// run that could not start reports.
func everything(kind string) map[string]string {
	out := map[string]string{}
	for _, r := range requirement.Catalog() {
		out[r.ID] = kind
	}
	return out
}

// wantFails is the exact set of requirements a run against b must fail.
func wantFails(b broken.Target) map[string]string {
	if b.FailsAll != "" {
		return everything(b.FailsAll)
	}
	return b.Fails
}

// TestBrokenImplementationsFailExactlyTheirRequirements runs the suite against
// each broken implementation and compares the failed requirements, with their
// kinds, with the catalogue's. The hand-written and stateful requirements run;
// the generated cases have broken targets of their own (generated_test.go).
// The targets and their expected failures are data: broken.Catalogue.
func TestBrokenImplementationsFailExactlyTheirRequirements(t *testing.T) {
	if len(broken.Catalogue) < 40 {
		t.Fatalf("the catalogue has %d broken implementations, want at least 40", len(broken.Catalogue))
	}
	for _, b := range broken.Catalogue {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			h, _, err := b.Handler(emulator.Options{Tokens: []string{secretToken}})
			if err != nil {
				t.Fatal(err)
			}
			env := append(slices.Clone(broken.CatalogueEnv), b.Env...)
			flags := []string{"--random-seed", "1", "--label-filter", b.LabelFilterOf()}
			r := runWithFlags(t, h, flags, env...)
			got := map[string]string{}
			for _, res := range r.summary.Requirements {
				if res.Status == report.Failed {
					got[res.ID] = res.Kind
				}
			}
			// What the target failed, for writing a new entry's set; the
			// assertions below still hold.
			t.Logf("failed %v (exit %d)", got, r.exit)
			if r.exit != 1 {
				t.Errorf("exit %d, want 1", r.exit)
			}
			fails := wantFails(b)
			if !maps.Equal(got, fails) {
				ids := slices.Sorted(maps.Keys(got))
				for _, id := range ids {
					if fails[id] != got[id] {
						t.Errorf("%s failed as %q, want %q: %s", id, got[id], fails[id], r.result(id).Reason)
					}
				}
				for id, kind := range fails {
					if _, ok := got[id]; !ok {
						t.Errorf("%s did not fail, want it to fail as %q", id, kind)
					}
				}
			}
			for id := range got {
				if res := r.result(id); res.Failure == nil || res.Failure.Message == "" {
					t.Errorf("%s failed without evidence", id)
				}
			}
			assertNoSecret(t, r)
		})
	}
}

// provedElsewhere names the requirements whose broken targets live beside
// the code they drive, and where.
var provedElsewhere = map[string]string{
	// Concurrent clients interleave as they may, so whether one run meets a
	// defect varies: the stateful package drives them against broken targets
	// of its own, many times.
	"STATEFUL-CONCURRENT": "internal/stateful/concurrent_test.go",
	// The lifecycle creates a connection of its own, which the catalogue's
	// targets do not break.
	"LIFECYCLE": "internal/stateful/lifecycle_test.go",
}

// Every requirement is proved from the failing side: a broken target of the
// catalogue fails it (a target that fails everything at once proves nothing
// of one check), or its own package proves it. A requirement added without a
// broken target fails here by name.
func TestEveryRequirementHasABrokenTargetThatFailsIt(t *testing.T) {
	proved := map[string]bool{}
	for _, b := range broken.Catalogue {
		for id := range b.Fails {
			proved[id] = true
		}
	}
	for _, r := range requirement.Catalog() {
		where, elsewhere := provedElsewhere[r.ID]
		switch {
		case proved[r.ID] && elsewhere:
			t.Errorf("%s is failed by a broken target of the catalogue: drop it from provedElsewhere", r.ID)
		case !proved[r.ID] && !elsewhere:
			t.Errorf("%s: no broken target of internal/broken's catalogue fails it; add one that does", r.ID)
		case elsewhere:
			if _, err := os.Stat(filepath.Join("..", "..", filepath.FromSlash(where))); err != nil {
				t.Errorf("%s is said to be proved in %s: %v", r.ID, where, err)
			}
		}
	}
	for id := range provedElsewhere {
		if _, err := requirement.ByID(id); err != nil {
			t.Errorf("provedElsewhere: %v", err)
		}
	}
}
