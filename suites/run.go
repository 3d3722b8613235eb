package suites

import (
	"fmt"
	"io"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
	. "github.com/onsi/gomega"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/report"
)

// SuiteName is the name of the Ginkgo suite.
const SuiteName = "DLI Binding a Queue conformance"

// Run runs the specs against the target of cfg and reports whether all passed.
// The configuration is printed, redacted, to out first.
func Run(t GinkgoTestingT, cfg config.Config, suiteCfg types.SuiteConfig, repCfg types.ReporterConfig, out io.Writer) bool {
	runConfig = cfg
	if suiteCfg.ParallelProcess <= 1 {
		fmt.Fprintf(out, "%s\nconfiguration:\n%s\n", SuiteName, cfg)
	}
	RegisterFailHandler(Fail)
	return RunSpecs(t, SuiteName, suiteCfg, repCfg)
}

var _ = ReportAfterSuite("writes summary.json and junit.xml", func(r Report) {
	if runConfig.ReportDir == "none" {
		return
	}
	declared := map[string][]int{}
	for _, op := range []string{contract.OpCreate, contract.OpList, contract.OpShow, contract.OpDelete, contract.OpBind, contract.OpUnbind} {
		declared[op] = env.contract.DeclaredStatuses(op)
	}
	declared["-"] = env.contract.UnroutedStatuses()
	s := report.Build(r, report.Inputs{Config: runConfig, LeaveNoTrace: leaveNoTraceEntry, Declared: declared})
	if err := report.Write(runConfig.ReportDir, r, s); err != nil {
		Fail(err.Error())
	}
	fmt.Fprintf(GinkgoWriter, "reports written to %s: %d passed, %d failed, %d skipped\n",
		runConfig.ReportDir, s.Counts.Passed, s.Counts.Failed, s.Counts.Skipped)
})
