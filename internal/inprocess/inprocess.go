// Package inprocess runs the whole suite against a target inside the calling
// process, without Ginkgo: every requirement of the catalogue and every
// generated case through the engine, summarised and reported as the
// dli-conformance binary does. The tests that prove verdicts against broken
// and legal targets use it, many runs at once, where each binary run would
// cost a process.
package inprocess

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Options narrow a run and shape its reports.
type Options struct {
	Selection engine.Selection
	// Order is the seed of the requirements' order (0: as listed).
	Order int64
	// Verbose keeps every requirement's exchanges.
	Verbose bool
	// OnResult is told each requirement's result as it ends.
	OnResult func(verdict.Result)
	// Adjust, when set, changes the summary before the reports are written (a
	// known-failures baseline) and says whether the run still passes.
	Adjust func(*report.Summary) bool
}

// Result is a run's summary, whether it passed, and the requirements' results.
type Result struct {
	Summary report.Summary
	Passed  bool
	Results []verdict.Result
}

// Run runs the suite against cfg's target and writes the reports to
// cfg.ReportDir (unless it is "none").
func Run(ctx context.Context, cfg config.Config, o Options) (Result, error) {
	reqs, err := requirement.All(cfg)
	if err != nil {
		return Result{}, err
	}
	out, err := engine.RunAll(ctx, cfg, reqs, o.Selection, engine.Options{Verbose: o.Verbose, OnResult: o.OnResult, Order: o.Order})
	if err != nil {
		return Result{}, err
	}
	sum, err := report.Summarise(cfg, out.Results, report.Inputs{Setup: out.Setup, StartedAt: out.StartedAt, Duration: out.Duration,
		RandomSeed: o.Order, EmulatorViolations: out.EmulatorViolations, Time: out.Time})
	if err != nil {
		return Result{}, err
	}
	res := Result{Summary: sum, Passed: sum.Succeeded(), Results: out.Results}
	if o.Adjust != nil {
		res.Passed = o.Adjust(&res.Summary)
	}
	if cfg.ReportDir != "none" {
		if err := report.WriteRun(cfg.ReportDir, res.Summary, out.Results); err != nil {
			return res, err
		}
	}
	return res, nil
}
