package suites

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// SuiteName is the name of the Ginkgo suite.
const SuiteName = "DLI Binding a Queue conformance"

// RunOptions are the settings of one run besides the configuration.
type RunOptions struct {
	Suite    types.SuiteConfig
	Reporter types.ReporterConfig
	// Out receives the redacted configuration before the specs run.
	Out io.Writer
	// Adjust, when set, may change the summary before the reports are written,
	// e.g. to apply a known-failures baseline. It returns whether the run still
	// passes.
	Adjust func(*report.Summary) bool
}

// Outcome is what a run ends with.
type Outcome struct {
	// Passed is Ginkgo's verdict, or Adjust's when one was given.
	Passed bool
	// Summary is the run's summary; nil when no report was built (on a parallel
	// process other than the first).
	Summary *report.Summary
}

// Run declares one spec per requirement for cfg and runs them with Ginkgo.
// Ginkgo runs specs once per process, so Run is called once per process.
func Run(t GinkgoTestingT, cfg config.Config, o RunOptions) Outcome {
	reqs, err := requirement.All(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dli-conformance:", err)
		return Outcome{}
	}
	if o.Suite.ParallelProcess <= 1 && o.Out != nil {
		fmt.Fprintf(o.Out, "%s\nconfiguration:\n%s\n", SuiteName, cfg)
	}
	var out Outcome
	s := &suite{cfg: cfg, opts: o, outcome: &out}
	s.declare(reqs)
	passed := RunSpecs(t, SuiteName, o.Suite, o.Reporter)
	if out.Summary == nil {
		out.Passed = passed
	}
	return out
}

// suite is one process's run: the engine's Run once the setup has built it.
type suite struct {
	cfg     config.Config
	opts    RunOptions
	run     *engine.Run
	outcome *Outcome
	// byTitle finds a spec's requirement by the spec's text.
	byTitle map[string]engine.Requirement
}

func (s *suite) options() engine.Options {
	return engine.Options{Processes: s.opts.Suite.ParallelTotal, Verbose: s.opts.Reporter.Verbose || s.opts.Reporter.VeryVerbose}
}

// declare builds the tree: the setup shared by every process, one spec per
// requirement, the after-run requirements once every process is done, and the
// reports.
func (s *suite) declare(reqs []engine.Requirement) {
	SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
		run, sh, setup, err := engine.Start(ctx, s.cfg, s.options())
		if err != nil {
			Fail("starting the run: " + err.Error())
		}
		DeferCleanup(run.Close)
		// The first process runs with the run it started, which serves the
		// embedded emulator whose violations the reports count.
		s.run = run
		if setup != nil {
			AddReportEntry(verdictSetupEntry, setup, ReportEntryVisibilityNever)
			Fail(setup.Error())
		}
		out, err := json.Marshal(sh)
		if err != nil {
			Fail(err.Error())
		}
		return out
	}, func(data []byte) {
		var sh engine.Shared
		if err := json.Unmarshal(data, &sh); err != nil {
			Fail(err.Error())
		}
		if s.run != nil {
			return
		}
		run, err := engine.Join(s.cfg, sh, s.options())
		if err != nil {
			Fail(err.Error())
		}
		s.run = run
	})
	var last []engine.Requirement
	s.byTitle = map[string]engine.Requirement{}
	for _, r := range reqs {
		s.byTitle[r.Title] = r
	}
	Describe("POST …/associate-queue", func() {
		for _, r := range reqs {
			if r.AfterAll {
				last = append(last, r)
				continue
			}
			args := []any{Label(r.Labels()...)}
			if r.Mutates {
				// Specs that read the connection in parallel must never see
				// another spec's bindings.
				args = append(args, Serial)
			}
			It(r.Title, append(args, func(ctx SpecContext) { s.execute(ctx, r) })...)
		}
	})
	SynchronizedAfterSuite(func() {}, func(ctx SpecContext) {
		if s.run == nil {
			return
		}
		for _, r := range last {
			s.execute(ctx, r)
		}
	})
	ReportAfterSuite("writes the reports", func(r Report) { s.writeReports(r) })
}

// execute runs one requirement and hands its result to Ginkgo: as data for
// the reports, and as a failure or skip for the console.
func (s *suite) execute(ctx context.Context, r engine.Requirement) {
	// Masked here, before Ginkgo prints it or carries it to the process that
	// writes the reports: that process does not know this one's signatures.
	res := redact.Deep(s.cfg.Redactor(), s.run.Execute(ctx, r))
	AddReportEntry(resultEntry, res, ReportEntryVisibilityNever)
	for _, text := range res.Evidence {
		AddReportEntry("exchange", text, ReportEntryVisibilityFailureOrVerbose)
	}
	switch {
	case res.Failure != nil:
		Fail(res.Failure.Error())
	case res.Status == "skipped" && CurrentSpecReport().LeafNodeType == types.NodeTypeIt:
		Skip(res.Reason)
	}
}
