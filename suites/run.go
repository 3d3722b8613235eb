package suites

import (
	"fmt"
	"io"
	"os"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/docs"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/version"
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

// outcome is filled by the report node on the process that builds the summary.
var outcome Outcome

// Run runs the specs against the target of cfg.
func Run(t GinkgoTestingT, cfg config.Config, o RunOptions) Outcome {
	// Parallel processes build the tree each on their own: without DLI_SEED they
	// must still draw the same generated cases, from Ginkgo's shared seed.
	if os.Getenv(config.EnvSeed) == "" && o.Suite.ParallelTotal > 1 {
		cfg.Seed = o.Suite.RandomSeed
	}
	runConfig, runOptions = cfg, o
	if o.Suite.ParallelProcess <= 1 && o.Out != nil {
		fmt.Fprintf(o.Out, "%s\nconfiguration:\n%s\n", SuiteName, cfg)
	}
	RegisterFailHandler(Fail)
	passed := RunSpecs(t, SuiteName, o.Suite, o.Reporter)
	if outcome.Summary == nil {
		outcome.Passed = passed
	}
	return outcome
}

var runOptions RunOptions

var _ = ReportAfterSuite("writes the reports", func(r Report) {
	ct, err := contract.Shared(runConfig.Profile)
	if err != nil {
		Fail(err.Error())
	}
	in := report.Inputs{Config: runConfig, Version: version.String(),
		Declared: map[string][]int{"-": ct.UnroutedStatuses()}, Fields: map[string][]string{}}
	for _, op := range ct.Operations() {
		in.Declared[op] = ct.DeclaredStatuses(op)
		in.Fields[op] = generate.Fields(ct, op)
	}
	s := report.Build(r, in)
	s.Fidelity = docs.Fidelity(ct)
	if embedded != nil && embedded.ViolationCount() > 0 {
		s.EmulatorViolations = embedded.Violations()
	}
	if runOptions.Adjust != nil {
		outcome.Passed = runOptions.Adjust(&s)
	} else {
		outcome.Passed = s.Succeeded()
	}
	outcome.Summary = &s
	if runConfig.ReportDir == "none" {
		return
	}
	if err := report.Write(runConfig.ReportDir, r, s, casesFile(r)); err != nil {
		Fail(err.Error())
	}
	fmt.Fprintf(GinkgoWriter, "reports written to %s: %d passed, %d failed, %d skipped\n",
		runConfig.ReportDir, s.Counts.Passed, s.Counts.Failed, s.Counts.Skipped)
})
