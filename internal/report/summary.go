// Package report turns a Ginkgo run into the files people and tools read:
// summary.json (one entry per requirement), junit.xml, report.html (one
// self-contained page for people) and summary.md (for a CI job summary).
package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/docs"
	"github.com/dli-conformance/dli-conformance/internal/redact"
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
//
// 3: a run that could not start lists its requirements as skipped ("not run:
// …", with not_run saying why) instead of failed, except against a target
// that throttles every request.
const SchemaVersion = 3

// Summary is the machine-readable outcome of a run.
type Summary struct {
	SchemaVersion int `json:"schema_version"`
	// SuiteVersion is the version of dli-conformance that made the run.
	SuiteVersion string `json:"suite_version"`
	// Target is the target's endpoint, or "(embedded emulator)".
	Target string `json:"target"`
	// TargetClass says what was tested: "embedded emulator", "endpoint on
	// loopback" or "remote endpoint" (config.TargetClass), so that no run
	// against the suite's own emulator passes for one against a service.
	TargetClass string `json:"target_class"`
	// TargetName is the class and the endpoint, as verdict lines show them.
	TargetName      string           `json:"target_name"`
	Profile         string           `json:"profile"`
	StartedAt       time.Time        `json:"started_at"`
	DurationSeconds float64          `json:"duration_seconds"`
	Configuration   []config.Setting `json:"configuration"`
	Counts          Counts           `json:"counts"`
	// Setup is set when the run could not start its specs (for example the
	// connection could not be queried, or the credentials were refused); every
	// requirement then shows as skipped, not run, and NotRun says why; against
	// a target that throttles every request, as failed (throttled).
	Setup *verdict.Failure `json:"setup_failure,omitempty"`
	// NotRun is the one-line reason of a run that could not start ("the target
	// refused the credentials (DLI_AUTH_TOKEN)"), as the console, report.html
	// and summary.md word it.
	NotRun string `json:"not_run,omitempty"`
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
	// Time says where the run's time went, by phase, with the setting that
	// turns it.
	Time []PhaseTime `json:"time"`
	// ReportCut is set when the reports were cut to fit DLI_MAX_REPORT_BYTES.
	ReportCut *ReportCut `json:"report_cut,omitempty"`

	// maxReportBytes is the DLI_MAX_REPORT_BYTES the reports keep to.
	maxReportBytes int64
	// redactor masks every file Write writes: the run's, from its
	// configuration.
	redactor *redact.Redactor
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

// Inputs is what Build needs besides the requirements' results.
type Inputs struct {
	Config config.Config
	// Declared lists the declared statuses per operation id ("-" for what routes
	// to no operation).
	Declared map[string][]int
	// Fields lists, per operation id, every request field the contract has.
	Fields map[string][]string
	// Version is the suite's version.
	Version string
	// Setup is the failure that stopped the run before any requirement ran.
	Setup      *verdict.Failure
	StartedAt  time.Time
	Duration   time.Duration
	RandomSeed int64
	// EmulatorViolations lists the embedded emulator's answers outside its
	// own contract.
	EmulatorViolations []string
	// Time is the run's own time by phase, beside what each result says.
	Time map[string]time.Duration
}

// PhaseTime is the time a run spent in one phase, summed over requirements
// (waits that overlapped count once).
type PhaseTime struct {
	Phase   string  `json:"phase"`
	Seconds float64 `json:"seconds"`
	// Setting is what turns the phase's time.
	Setting string `json:"setting"`
}

// phaseSettings are the phases in the order the reports show them, each with
// the setting that turns it.
var phaseSettings = []struct{ phase, setting string }{
	{"setup", "the calibration bind before the run (DLI_SETTLE_TIMEOUT bounds it) and reading every connection of the project"},
	{"requests", "the target's own speed; DLI_CLIENTS (read-only requirements sent side by side), DLI_RATE_LIMIT, DLI_TIMEOUT"},
	{"quiet periods", "DLI_QUIET_PERIOD (by default twice the time the calibration bind took to show)"},
	{"settle waits", "DLI_SETTLE_TIMEOUT (the target's visibility and activation delays)"},
	{"walks", "DLI_WALK_BUDGET, DLI_MAX_STEPS, or --label-filter '!stateful'"},
	{"shrinking", "DLI_SHRINK_BUDGET"},
}

// timeOf sums the phases of the results and of the run.
func timeOf(results []verdict.Result, run map[string]time.Duration) []PhaseTime {
	sum := map[string]time.Duration{}
	for _, r := range results {
		for k, d := range r.Time {
			sum[k] += d
		}
	}
	for k, d := range run {
		sum[k] += d
	}
	out := []PhaseTime{}
	for _, p := range phaseSettings {
		if d, ok := sum[p.phase]; ok {
			out = append(out, PhaseTime{Phase: p.phase, Seconds: d.Seconds(), Setting: p.setting})
		}
	}
	return out
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
// order, then one per generated case, numbers in order.
func Build(results []verdict.Result, in Inputs) Summary {
	cfg := in.Config
	s := Summary{
		SchemaVersion:      SchemaVersion,
		SuiteVersion:       in.Version,
		RandomSeed:         in.RandomSeed,
		Target:             cfg.Redacted()[0].Value,
		TargetClass:        cfg.TargetClass(),
		TargetName:         cfg.TargetName(),
		Profile:            string(cfg.Profile),
		StartedAt:          in.StartedAt.UTC(),
		DurationSeconds:    in.Duration.Seconds(),
		Configuration:      cfg.Redacted(),
		Warnings:           cfg.Warnings(),
		Setup:              in.Setup,
		EmulatorViolations: in.EmulatorViolations,
		maxReportBytes:     cfg.MaxReportBytes,
		redactor:           cfg.Redactor(),
	}
	// A target that throttles every request is judged: its requirements
	// fail as throttled. Any other setup outcome leaves them not run.
	if in.Setup != nil && in.Setup.Kind != verdict.Throttled {
		s.NotRun = NotRunReason(in.Setup)
	}
	byID := map[string]verdict.Result{}
	var generated []Result
	for _, r := range results {
		if r.Generated {
			generated = append(generated, s.resultOf(r))
			continue
		}
		byID[r.ID] = r
	}
	for _, req := range requirement.Catalog() {
		res := Result{Status: Failed, Kind: string(verdict.NoResult), Reason: "no result: the suite has no check for this requirement",
			Failure: &verdict.Failure{Kind: verdict.NoResult, Message: "the suite has no check for " + req.ID + ", so it was never checked"}}
		switch r, ok := byID[req.ID]; {
		case ok:
			res = s.resultOf(r)
		case s.Setup != nil:
			res = s.setupResult()
		case req.AfterAll:
			res = Result{Status: Skipped, Reason: "not run: the run ended before the after-suite check"}
		}
		res.ID, res.Title, res.Group = req.ID, req.Title, string(req.Group)
		s.Requirements = append(s.Requirements, res)
	}
	slices.SortFunc(generated, func(a, b Result) int { return compareIDs(a.ID, b.ID) })
	s.Requirements = append(s.Requirements, generated...)
	s.Coverage = coverage(results, in.Declared)
	s.Time = timeOf(results, in.Time)
	s.FieldCoverage = fieldCoverage(results, in.Fields)
	budget := 0
	for _, r := range results {
		s.Retries += r.Retries
		if r.OutOfTime {
			budget++
		}
		if r.Status == verdict.Skipped {
			continue
		}
		s.Cases += max(r.Steps, 1)
	}
	if budget > 0 {
		s.OutOfTime = fmt.Sprintf("the run's time budget DLI_RUN_TIMEOUT (%s) ran out: %d not run", cfg.RunTimeout, budget)
	}
	s.Recount()
	s.judgeEmptiness()
	return s
}

// resultOf is one requirement's result as the summary shows it; a requirement
// skipped because the run could not start shows the setup failure.
func (s *Summary) resultOf(r verdict.Result) Result {
	res := Result{ID: r.ID, Title: r.Title, Group: r.Group, Status: Status(r.Status), Reason: r.Reason, DurationSecond: r.Duration.Seconds()}
	if r.Failure != nil {
		f := *r.Failure
		res.Failure, res.Kind, res.Reason = &f, string(f.Kind), firstLine(f.Message)
	}
	if s.Setup != nil && res.Status == Skipped {
		res = s.setupResult()
		res.ID, res.Title, res.Group = r.ID, r.Title, r.Group
	}
	return res
}

// setupResult is a requirement of a run that could not start: not run, for
// the setup's reason. It is not a failure of the requirement: the setup
// failure, the verdict and the exit code carry that.
func (s *Summary) setupResult() Result {
	if s.NotRun == "" {
		return Result{Status: Failed, Kind: string(s.Setup.Kind), Reason: "the run could not start: " + firstLine(s.Setup.Message), Failure: s.Setup}
	}
	return Result{Status: Skipped, Reason: "not run: " + s.NotRun}
}

// NotRunReason words, in one line, why a run could not start: what the
// console's verdict line, report.html and summary.md say after "NOT RUN".
func NotRunReason(f *verdict.Failure) string {
	switch f.Kind {
	case verdict.Credentials:
		return "the target refused the credentials (" + f.Setting + ")"
	case verdict.NotFound:
		return "the target does not know " + f.Setting
	case verdict.Unreachable:
		return "the target is unreachable"
	case verdict.Transport:
		return "the target answered, but nothing usable"
	case verdict.Throttled:
		return "the target throttled every request"
	}
	return "the run could not start"
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

// Duration is how long the run took.
func (s *Summary) Duration() time.Duration {
	return time.Duration(s.DurationSeconds * float64(time.Second))
}

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

func coverage(results []verdict.Result, declared map[string][]int) []Coverage {
	seen := map[string]map[int]int{}
	for op := range declared {
		seen[op] = map[int]int{}
	}
	for _, r := range results {
		for _, o := range r.Observations {
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
