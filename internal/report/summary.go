// Package report turns a Ginkgo run into the files people and tools read:
// summary.json (one entry per requirement), junit.xml, report.html (one
// self-contained page for people) and summary.md (for a CI job summary).
package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/docs"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Status of a requirement in a run.
type Status string

// The statuses a requirement can end in.
const (
	Passed  Status = "passed"
	Failed  Status = "failed"
	Skipped Status = "skipped"
	// ExpectedFailure is a failure that a known-failures baseline lists; it does
	// not fail the run.
	ExpectedFailure Status = "expected-failure"
	// Stale is a requirement that a known-failures baseline lists but that
	// passed; it fails the run until the entry is removed.
	Stale Status = "stale"
)

// SchemaVersion is the version of summary.json's form; it changes when a field
// changes meaning or goes away (new fields do not change it).
const SchemaVersion = 2

// Summary is the machine-readable outcome of a run.
type Summary struct {
	SchemaVersion int `json:"schema_version"`
	// SuiteVersion is the version of dli-conformance that made the run.
	SuiteVersion    string           `json:"suite_version"`
	Target          string           `json:"target"`
	Profile         string           `json:"profile"`
	StartedAt       time.Time        `json:"started_at"`
	DurationSeconds float64          `json:"duration_seconds"`
	Configuration   []config.Setting `json:"configuration"`
	Counts          Counts           `json:"counts"`
	// Setup is set when the run could not start its specs (for example the
	// connection could not be queried); every requirement then shows as failed.
	Setup *verdict.Failure `json:"setup_failure,omitempty"`
	// NothingTested is true when no requirement passed or failed: a run that
	// tested nothing does not pass.
	NothingTested bool `json:"nothing_tested,omitempty"`
	// Cases counts what the run executed: each requirement and generated case
	// that ran, and each request of the stateful walks and clients.
	Cases int `json:"cases"`
	// SkippedGroups lists the requirement groups of which nothing ran.
	SkippedGroups []string `json:"skipped_groups,omitempty"`
	// EmulatorViolations lists the embedded emulator's answers that departed
	// from its own contract: a defect of the emulator, which fails the run.
	EmulatorViolations []string `json:"emulator_violations,omitempty"`
	// OutOfTime is set when the run's time budget ran out before every
	// requirement ran.
	OutOfTime string `json:"out_of_time,omitempty"`
	// Warnings are what a reader must not miss about how the run was made, such
	// as TLS verification turned off.
	Warnings []string `json:"warnings,omitempty"`
	// Retries counts the throttled attempts the run retried (429 or Retry-After).
	Retries int `json:"retries"`
	// RandomSeed is the seed of the spec order; the same seed repeats the order.
	RandomSeed int64 `json:"random_seed"`
	// Baseline is the known-failures file applied to the run, if any.
	Baseline     string     `json:"baseline,omitempty"`
	Requirements []Result   `json:"requirements"`
	Coverage     []Coverage `json:"coverage"`
	// Fidelity tells, per contract operation, which documentation page and
	// revision it was written from and whether the drift check passed.
	Fidelity []docs.OperationFidelity `json:"fidelity,omitempty"`
	// FieldCoverage tells, per request field of each operation, how many
	// requests exercised it with a valid and with an invalid value.
	FieldCoverage []FieldCoverage `json:"field_coverage"`
	// ReportCut is set when the reports were cut to fit DLI_MAX_REPORT_BYTES.
	ReportCut *ReportCut `json:"report_cut,omitempty"`

	// maxReportBytes is the DLI_MAX_REPORT_BYTES the reports keep to.
	maxReportBytes int64
}

// Coverage tells, for one operation of the contract, which declared statuses the
// run saw and how often, and which it never saw.
type Coverage struct {
	Operation string `json:"operation"`
	// Seen counts responses by status, declared or not.
	Seen map[int]int `json:"seen"`
	// Declared lists the statuses the contract declares for the operation.
	Declared []int `json:"declared"`
	// Unseen lists the declared statuses no response had.
	Unseen []int `json:"unseen"`
}

// Inputs is what Build needs besides the Ginkgo report.
type Inputs struct {
	Config config.Config
	// Declared lists the declared statuses per operation id ("-" for what routes
	// to no operation).
	Declared map[string][]int
	// Fields lists, per operation id, every request field the contract has.
	Fields map[string][]string
	// Version is the suite's version.
	Version string
}

// Counts tallies the requirements by status.
type Counts struct {
	Total            int `json:"total"`
	Passed           int `json:"passed"`
	Failed           int `json:"failed"`
	Skipped          int `json:"skipped"`
	ExpectedFailures int `json:"expected_failures"`
	Stale            int `json:"stale"`
}

// Result is one requirement's outcome.
type Result struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Group  string `json:"group"`
	Status Status `json:"status"`
	// Reason says why a requirement failed or was skipped, in one line.
	Reason string `json:"reason,omitempty"`
	// Kind is the kind of deviation of a failure: status, schema, error-body,
	// effect, auth, hygiene, transport or input.
	Kind string `json:"kind,omitempty"`
	// Failure is the evidence of a failure: message, exchange, curl, changed
	// bindings, what was undone.
	Failure *verdict.Failure `json:"failure,omitempty"`
	// BaselineReason is the known-failures baseline's reason for listing the
	// requirement.
	BaselineReason string  `json:"baseline_reason,omitempty"`
	DurationSecond float64 `json:"duration_seconds"`
}

// Build summarises a run: one result per catalogue requirement, in catalogue
// order, then one per generated case.
func Build(r types.Report, in Inputs) Summary {
	cfg := in.Config
	s := Summary{
		SchemaVersion:  SchemaVersion,
		SuiteVersion:   in.Version,
		RandomSeed:     r.SuiteConfig.RandomSeed,
		Target:         cfg.Redacted()[0].Value,
		Profile:        string(cfg.Profile),
		StartedAt:      r.StartTime.UTC(),
		Configuration:  cfg.Redacted(),
		Warnings:       cfg.Warnings(),
		maxReportBytes: cfg.MaxReportBytes,
	}
	s.DurationSeconds = r.RunTime.Seconds()
	byID := map[string]Result{}
	for _, sr := range r.SpecReports {
		switch sr.LeafNodeType {
		case types.NodeTypeIt:
			if id := requirement.IDFromLabels(sr.Labels()); id != "" && !isGenerated(sr) {
				byID[id] = resultOf(sr)
			}
		case types.NodeTypeSynchronizedAfterSuite, types.NodeTypeAfterSuite:
			var h verdict.HygieneResult
			if !verdict.Find(sr.ReportEntries, verdict.HygieneEntry, &h) {
				continue
			}
			res := resultOf(sr)
			if !h.Checked && res.Status == Passed {
				res.Status, res.Reason = Skipped, h.Reason
			}
			byID[requirement.LeaveNoTrace.ID] = res
		case types.NodeTypeSynchronizedBeforeSuite, types.NodeTypeBeforeSuite:
			if sr.State.Is(types.SpecStateFailureStates) {
				f := failureOf(sr)
				s.Setup = &f
			}
		}
	}
	s.Coverage = coverage(r, in.Declared)
	s.Retries = retries(r)
	for _, req := range requirement.Catalog {
		res, ok := byID[req.ID]
		switch {
		case s.Setup != nil && (!ok || res.Status == Skipped):
			res = Result{Status: Failed, Kind: string(s.Setup.Kind), Reason: "the run could not start: " + firstLine(s.Setup.Message), Failure: s.Setup}
		case !ok && req.ID == requirement.LeaveNoTrace.ID:
			res = Result{Status: Skipped, Reason: "not run: the run ended before the after-suite check"}
		case !ok:
			res = Result{Status: Failed, Kind: string(verdict.NoResult), Reason: "no result: the suite has no check for this requirement",
				Failure: &verdict.Failure{Kind: verdict.NoResult, Message: "the suite has no spec for " + req.ID + ", so it was never checked"}}
		}
		res.ID, res.Title, res.Group = req.ID, req.Title, string(req.Group)
		s.Requirements = append(s.Requirements, res)
	}
	s.Requirements = append(s.Requirements, generatedResults(r, s.Setup)...)
	s.FieldCoverage = fieldCoverage(r, in.Fields)
	s.Recount()
	s.judgeEmptiness()
	s.Cases = cases(r)
	s.OutOfTime = outOfTime(r)
	return s
}

// outOfTime says how many specs the run's time budget left unrun, or "".
func outOfTime(r types.Report) string {
	n, budget := 0, ""
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			if e.Name == verdict.BudgetEntry && verdict.Decode(e, &budget) {
				n++
			}
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("the run's time budget DLI_RUN_TIMEOUT (%s) ran out: %d not run", budget, n)
}

// cases counts the specs that ran, a stateful requirement counting each request
// it made instead of one.
func cases(r types.Report) int {
	n := 0
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt || sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending {
			continue
		}
		steps, counted := 0, false
		for _, e := range sr.ReportEntries {
			var k int
			if e.Name == verdict.StepsEntry && verdict.Decode(e, &k) {
				steps, counted = steps+k, true
			}
		}
		if counted {
			n += steps
		} else {
			n++
		}
	}
	return n
}

// judgeEmptiness marks a run in which nothing was tested, and the groups of
// which nothing ran.
func (s *Summary) judgeEmptiness() {
	ran := map[string]bool{}
	var groups []string
	for _, r := range s.Requirements {
		if !slices.Contains(groups, r.Group) {
			groups = append(groups, r.Group)
		}
		if r.Status != Skipped {
			ran[r.Group] = true
		}
	}
	s.SkippedGroups = nil
	for _, g := range groups {
		if !ran[g] {
			s.SkippedGroups = append(s.SkippedGroups, g)
		}
	}
	s.NothingTested = s.Setup == nil && len(ran) == 0
}

func isGenerated(sr types.SpecReport) bool { return slices.Contains(sr.Labels(), "generated") }

// Recount sets Counts from the requirements' statuses, after Build or after a
// change of statuses such as a baseline's.
func (s *Summary) Recount() {
	c := Counts{Total: len(s.Requirements)}
	for _, r := range s.Requirements {
		switch r.Status {
		case Passed:
			c.Passed++
		case Failed:
			c.Failed++
		case ExpectedFailure:
			c.ExpectedFailures++
		case Stale:
			c.Stale++
		default:
			c.Skipped++
		}
	}
	s.Counts = c
}

// Succeeded reports whether the run passes: it started, and no requirement
// failed or is a stale baseline entry.
func (s *Summary) Succeeded() bool {
	return s.Setup == nil && !s.NothingTested && s.OutOfTime == "" && len(s.EmulatorViolations) == 0 && s.Counts.Failed == 0 && s.Counts.Stale == 0
}

func retries(r types.Report) int {
	n := 0
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			var k int
			if e.Name == verdict.RetriesEntry && verdict.Decode(e, &k) {
				n += k
			}
		}
	}
	return n
}

func coverage(r types.Report, declared map[string][]int) []Coverage {
	seen := map[string]map[int]int{}
	for op := range declared {
		seen[op] = map[int]int{}
	}
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			var o verdict.Observation
			if e.Name != verdict.ObservationEntry || !verdict.Decode(e, &o) {
				continue
			}
			op, status := o.Operation, o.Status
			if seen[op] == nil {
				seen[op] = map[int]int{}
			}
			seen[op][status]++
		}
	}
	var out []Coverage
	for op, counts := range seen {
		c := Coverage{Operation: op, Seen: counts, Declared: declared[op]}
		for _, st := range c.Declared {
			if counts[st] == 0 {
				c.Unseen = append(c.Unseen, st)
			}
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Coverage) int { return strings.Compare(a.Operation, b.Operation) })
	return out
}

func resultOf(sr types.SpecReport) Result {
	res := Result{DurationSecond: sr.RunTime.Seconds()}
	switch {
	case sr.State == types.SpecStatePassed:
		res.Status = Passed
	case sr.State == types.SpecStateSkipped || sr.State == types.SpecStatePending:
		res.Status = Skipped
		res.Reason = sr.Failure.Message
		if res.Reason == "" {
			res.Reason = "not run: excluded by the label filter or focus"
		}
	default:
		res.Status = Failed
		f := failureOf(sr)
		res.Failure, res.Kind = &f, string(f.Kind)
		res.Reason = firstLine(f.Message)
		if sr.State != types.SpecStateFailed {
			res.Reason = fmt.Sprintf("%s: %s", sr.State, res.Reason)
		}
	}
	return res
}

// failureOf is the verdict a failed spec recorded, or, for a failure no check
// made (a panic, a timeout, an assertion of Ginkgo's own), one made of Ginkgo's
// failure message.
func failureOf(sr types.SpecReport) verdict.Failure {
	var f verdict.Failure
	if !verdict.Find(sr.ReportEntries, verdict.FailureEntry, &f) {
		f = verdict.Failure{Kind: verdict.Setup, Message: sr.Failure.Message}
		if sr.State == types.SpecStateTimedout || sr.State == types.SpecStateInterrupted {
			f.Kind = verdict.Transport
		}
		if sr.State == types.SpecStatePanicked {
			f.Message = "the suite panicked: " + sr.Failure.Message + "\n" + sr.Failure.ForwardedPanic
		}
	}
	for _, e := range sr.ReportEntries {
		var u string
		if e.Name == verdict.UndoneEntry && verdict.Decode(e, &u) && !slices.Contains(f.Undone, u) {
			f.Undone = append(f.Undone, u)
		}
	}
	if loc := sr.Failure.Location; loc.FileName != "" {
		f.Location = fmt.Sprintf("%s:%d", filepath.Base(loc.FileName), loc.LineNumber)
	}
	return f
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// Evidence is a failure's parts as displayed.
type Evidence struct {
	// Message is the failure message; it may span lines.
	Message string
	// Exchange is the recorded request and response, credentials redacted.
	Exchange string
	// Curl repeats the request, with $DLI_AUTH_TOKEN in place of the token.
	Curl string
	// Location is the spec source line that failed ("at file.go:12").
	Location string
	// Undone lists what the suite undid after the failure.
	Undone []string
	// Steps is a numbered reproduction.
	Steps []verdict.Step
}

// Evidence returns the parts of the result's failure; empty when it has none.
func (r Result) Evidence() Evidence {
	return evidenceOf(r.Failure)
}

func evidenceOf(f *verdict.Failure) Evidence {
	if f == nil {
		return Evidence{}
	}
	e := Evidence{Message: f.Message, Exchange: strings.TrimRight(f.Exchange, "\n"), Curl: f.Curl, Undone: f.Undone, Steps: f.Steps}
	if f.Expected != "" {
		e.Message += "\nexpected: " + f.Expected
	}
	if f.Location != "" {
		e.Location = "at " + f.Location
	}
	return e
}

// Text is the failure as the console shows it (message, exchange, curl), or ""
// for a result that did not fail. It is for people; tools read Failure.
func (r Result) Text() string {
	if r.Failure == nil {
		return ""
	}
	return r.Failure.Error()
}
