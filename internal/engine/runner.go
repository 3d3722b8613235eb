package engine

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Selection narrows a run to some requirements, as Ginkgo's --label-filter and
// --focus do.
type Selection struct {
	LabelFilter string
	Focus       string
}

// Outcome is what RunAll gives: every requirement's result, or the setup
// failure that stopped the run before any ran.
type Outcome struct {
	Results   []verdict.Result
	Setup     *verdict.Failure
	StartedAt time.Time
	Duration  time.Duration
	// EmulatorViolations lists the embedded emulator's answers outside its
	// own contract.
	EmulatorViolations []string
}

// RunAll runs the requirements against cfg's target in this process, one after
// another in the order given, the AfterAll ones last: what the Ginkgo suite
// does on one process, without Ginkgo. Requirements outside the selection are
// skipped, saying so.
func RunAll(ctx context.Context, cfg config.Config, reqs []Requirement, sel Selection, o Options) (Outcome, error) {
	match, err := sel.matcher()
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{StartedAt: time.Now()}
	defer func() { out.Duration = time.Since(out.StartedAt) }()
	run, _, setup, err := Start(ctx, cfg, o)
	if err != nil {
		return out, err
	}
	defer run.Close()
	if setup != nil {
		out.Setup = setup
		out.Duration = time.Since(out.StartedAt)
		return out, nil
	}
	var last []Requirement
	for _, req := range reqs {
		if req.AfterAll {
			last = append(last, req)
			continue
		}
		out.Results = append(out.Results, runOne(ctx, run, req, match))
	}
	for _, req := range last {
		out.Results = append(out.Results, runOne(ctx, run, req, match))
	}
	if run.Embedded != nil && run.Embedded.ViolationCount() > 0 {
		out.EmulatorViolations = run.Embedded.Violations()
	}
	out.Duration = time.Since(out.StartedAt)
	return out, nil
}

func runOne(ctx context.Context, run *Run, req Requirement, match func(Requirement) bool) verdict.Result {
	if !match(req) {
		return verdict.Result{ID: req.ID, Title: req.Title, Group: string(req.Group), Generated: req.Generated(),
			Status: verdict.Skipped, Reason: NotSelected}
	}
	return run.Execute(ctx, req)
}

// NotSelected is the reason of a requirement the selection left out.
const NotSelected = "not run: excluded by the label filter or focus"

// Matcher is the selection as a test of one requirement, for a command that
// lists what a run would execute.
func (sel Selection) Matcher() (func(Requirement) bool, error) { return sel.matcher() }

// matcher is the selection as a test of one requirement.
func (sel Selection) matcher() (func(Requirement) bool, error) {
	labels := func([]string) bool { return true }
	if sel.LabelFilter != "" {
		f, err := types.ParseLabelFilter(sel.LabelFilter)
		if err != nil {
			return nil, fmt.Errorf("label filter %q: %w", sel.LabelFilter, err)
		}
		labels = f
	}
	var focus *regexp.Regexp
	if sel.Focus != "" {
		re, err := regexp.Compile(sel.Focus)
		if err != nil {
			return nil, fmt.Errorf("focus %q: %w", sel.Focus, err)
		}
		focus = re
	}
	return func(r Requirement) bool {
		return labels(r.Labels()) && (focus == nil || focus.MatchString(r.Title))
	}, nil
}
