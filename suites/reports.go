package suites

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// The report entries that carry the engine's data between Ginkgo's processes.
const (
	resultEntry       = verdict.ResultEntry
	verdictSetupEntry = verdict.SetupEntry
)

// writeReports gathers every process's results from Ginkgo's report and writes
// the run's reports from them.
func (s *suite) writeReports(r Report) {
	var results []verdict.Result
	var setup *verdict.Failure
	stopped := stoppedBy(r)
	for _, sr := range r.SpecReports {
		found := false
		for _, e := range sr.ReportEntries {
			switch e.Name {
			case resultEntry:
				var res verdict.Result
				if decode(e, &res) {
					results, found = append(results, res), true
				}
			case verdictSetupEntry:
				var f verdict.Failure
				if decode(e, &f) {
					setup = &f
				}
			}
		}
		if !found && sr.LeafNodeType == types.NodeTypeIt {
			if res, ok := s.unexecuted(sr, stopped); ok {
				results = append(results, res)
			}
		}
		// A setup that failed without a verdict of the engine's (a panic, an
		// error of the suite's own) still stops the run.
		if setup == nil && sr.LeafNodeType == types.NodeTypeSynchronizedBeforeSuite && sr.State.Is(types.SpecStateFailureStates) {
			setup = &verdict.Failure{Kind: verdict.Setup, Message: sr.Failure.Message}
		}
	}
	in := report.Inputs{Setup: setup, StartedAt: r.StartTime, Duration: r.RunTime, RandomSeed: r.SuiteConfig.RandomSeed}
	if s.run != nil && s.run.Embedded != nil && s.run.Embedded.ViolationCount() > 0 {
		in.EmulatorViolations = s.run.Embedded.Violations()
	}
	sum, err := report.Summarise(s.cfg, results, in)
	if err != nil {
		Fail(err.Error())
	}
	s.outcome.Summary, s.outcome.Passed = &sum, sum.Succeeded()
	if s.opts.Adjust != nil {
		s.outcome.Passed = s.opts.Adjust(&sum)
	}
	if s.cfg.ReportDir == "none" {
		return
	}
	if err := report.WriteRun(s.cfg.ReportDir, sum, results); err != nil {
		Fail(err.Error())
	}
	fmt.Fprintf(GinkgoWriter, "reports written to %s: %d passed, %d failed, %d skipped\n",
		s.cfg.ReportDir, sum.Counts.Passed, sum.Counts.Failed, sum.Counts.Skipped)
}

// decode reads a report entry's value into v, whether the entry was made in
// this process (the value itself) or came from another one (its JSON).
func decode(e types.ReportEntry, v any) bool {
	raw := e.Value.AsJSON
	if raw == "" {
		b, err := json.Marshal(e.Value.GetRawValue())
		if err != nil {
			return false
		}
		raw = string(b)
	}
	return json.Unmarshal([]byte(raw), v) == nil
}

// unexecuted is the result of a spec that left none of the engine's: one that
// Ginkgo skipped (the label filter, the focus, a failed setup) or stopped
// (its timeout, an interrupt).
func (s *suite) unexecuted(sr types.SpecReport, stopped func(types.SpecReport) string) (verdict.Result, bool) {
	r, ok := s.byTitle[sr.LeafNodeText]
	if !ok {
		return verdict.Result{}, false
	}
	res := verdict.Result{ID: r.ID, Title: r.Title, Group: string(r.Group), Generated: r.Generated(), Duration: sr.RunTime}
	switch {
	case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
		res.Status, res.Reason = verdict.Skipped, engine.NotSelected
		if why := stopped(sr); why != "" {
			res.Reason = why
		}
		if sr.Failure.Message != "" {
			res.Reason = sr.Failure.Message
		}
	case sr.State == types.SpecStatePassed:
		return verdict.Result{}, false
	default:
		f := verdict.Failure{Kind: verdict.Transport, Message: fmt.Sprintf("%s: %s", sr.State, sr.Failure.Message)}
		if sr.State == types.SpecStatePanicked {
			f = verdict.Failure{Kind: verdict.Setup, Message: "the suite panicked: " + sr.Failure.Message + "\n" + sr.Failure.ForwardedPanic}
		}
		res.Status, res.Failure = verdict.Failed, &f
	}
	return res, true
}

// stoppedBy tells, for a spec Ginkgo skipped without a word, whether the run
// was cut short before it (an interrupt, Ginkgo's own timeout) although the
// selection included it: its reason is then that, not the label filter.
func stoppedBy(r Report) func(types.SpecReport) string {
	var why string
	for _, reason := range r.SpecialSuiteFailureReasons {
		switch {
		case reason == "Interrupted by User":
			why = "not run: the run was stopped by a signal before it"
		case strings.Contains(reason, "Interrupted"):
			why = "not run: the run was interrupted before it (" + reason + ")"
		case strings.Contains(reason, "Timeout"):
			why = "not run: the run's time ran out before it (DLI_RUN_TIMEOUT)"
		}
	}
	if why == "" {
		return func(types.SpecReport) string { return "" }
	}
	labels := func([]string) bool { return true }
	if f, err := types.ParseLabelFilter(r.SuiteConfig.LabelFilter); err == nil && r.SuiteConfig.LabelFilter != "" {
		labels = f
	}
	var focus []*regexp.Regexp
	for _, f := range r.SuiteConfig.FocusStrings {
		if re, err := regexp.Compile(f); err == nil {
			focus = append(focus, re)
		}
	}
	return func(sr types.SpecReport) string {
		if sr.Failure.Message != "" || !labels(sr.Labels()) {
			return ""
		}
		if len(focus) > 0 && !slices.ContainsFunc(focus, func(re *regexp.Regexp) bool { return re.MatchString(sr.FullText()) }) {
			return ""
		}
		return why
	}
}
