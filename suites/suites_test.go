package suites_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/suites"
)

func TestConformance(t *testing.T) {
	cfg, err := suites.LoadConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration error:", err)
		os.Exit(2)
	}
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	out := suites.Run(t, cfg, suites.RunOptions{Suite: suiteCfg, Reporter: repCfg, Out: os.Stdout})

	// Every requirement of the catalogue has exactly one spec: a deleted check
	// fails here by name, not as a silent skip. LEAVE-NO-TRACE is the
	// after-suite check.
	registered := suites.Registered()
	for _, r := range requirement.Catalog {
		if want := map[bool]int{true: 0, false: 1}[r.ID == requirement.LeaveNoTrace.ID]; registered[r.ID] != want {
			t.Errorf("requirement %s has %d specs, want %d", r.ID, registered[r.ID], want)
		}
	}
	if out.Summary != nil {
		for _, res := range out.Summary.Requirements {
			if res.Kind == "no-result" {
				t.Errorf("requirement %s produced no result", res.ID)
			}
		}
	}
}
