package suites

import (
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

// A spec Ginkgo skipped because the run was cut short says so; one the
// selection left out still says that.
func TestASpecSkippedByAnInterruptIsNotRunForThatReason(t *testing.T) {
	spec := func(text string, labels ...string) types.SpecReport {
		return types.SpecReport{LeafNodeText: text, LeafNodeLabels: labels, State: types.SpecStateSkipped}
	}
	selected, filtered := spec("refuses an unknown queue", "kind:negative"), spec("binds a list of queues", "kind:positive")
	r := types.Report{SuiteConfig: types.SuiteConfig{LabelFilter: "kind:negative"}}
	if got := stoppedBy(r)(selected); got != "" {
		t.Errorf("a run that was not cut short: %q", got)
	}
	r.SpecialSuiteFailureReasons = []string{"Interrupted by User"}
	if got := stoppedBy(r)(selected); got != "not run: the run was stopped by a signal before it" {
		t.Errorf("interrupted: %q", got)
	}
	if got := stoppedBy(r)(filtered); got != "" {
		t.Errorf("a spec the label filter left out: %q", got)
	}
	r.SpecialSuiteFailureReasons = []string{"Suite Timeout Elapsed"}
	r.SuiteConfig.FocusStrings = []string{"unknown"}
	if got := stoppedBy(r)(selected); got != "not run: the run's time ran out before it (DLI_RUN_TIMEOUT)" {
		t.Errorf("timed out: %q", got)
	}
	if got := stoppedBy(r)(spec("refuses a deleted connection", "kind:negative")); got != "" {
		t.Errorf("a spec the focus left out: %q", got)
	}
}
