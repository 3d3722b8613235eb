package suites_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
	"github.com/dli-conformance/dli-conformance/suites"
)

func TestConformance(t *testing.T) {
	cfg, err := config.LoadFrom(config.Sources{Getenv: os.Getenv, Environ: os.Environ(), KnownRequirement: requirement.Known})
	if err == nil && cfg.Embedded() {
		cfg, err = engine.EmulatorDefaults(cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "configuration error:", err)
		os.Exit(2)
	}
	suiteCfg, repCfg := ginkgo.GinkgoConfiguration()
	out := suites.Run(t, cfg, suites.RunOptions{Suite: suiteCfg, Reporter: repCfg, Out: os.Stdout})
	// Every requirement of the catalogue has a check: a deleted one fails here
	// by name, not as a silent skip.
	if out.Summary != nil {
		for _, res := range out.Summary.Requirements {
			if res.Kind == string(verdict.NoResult) {
				t.Errorf("requirement %s produced no result", res.ID)
			}
		}
	}
}
