package engine

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
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
	// Time is the run's own waits by phase, beside each result's.
	Time map[string]time.Duration
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
	reqs = ordered(reqs, o.Order)
	var last []Requirement
	add := func(res verdict.Result) {
		out.Results = append(out.Results, res)
		if o.OnResult != nil {
			o.OnResult(res)
		}
	}
	// Read-only requirements run side by side and share their quiet periods
	// in windows (window.go); their results are final, and shown, once their
	// window closes.
	var w *window
	closeWindow := func() {
		if w == nil {
			return
		}
		open := w
		w = nil
		for _, res := range run.closeWindow(ctx, open) {
			add(res)
		}
	}
	for _, req := range reqs {
		switch {
		case req.AfterAll:
			last = append(last, req)
		case ctx.Err() != nil:
			closeWindow()
			add(notRun(req, Interrupted))
		case !match(req):
			add(notRun(req, NotSelected))
		case !windowed(req) || o.Serial:
			closeWindow()
			add(run.Execute(ctx, req))
		default:
			if w == nil {
				w = run.openWindow(ctx, cfg.Clients)
			}
			if w == nil {
				add(run.Execute(ctx, req))
				continue
			}
			run.start(ctx, w, req)
			if w.full() || w.isDisturbed() {
				closeWindow()
			}
		}
	}
	closeWindow()
	// The after-run requirements put nothing at risk and say what the run
	// left behind, so they run even when the run was interrupted, for a while.
	after, cancel := context.WithTimeout(context.WithoutCancel(ctx), afterAllBudget)
	defer cancel()
	for _, req := range last {
		add(runOne(after, run, req, match))
	}
	out.Time = run.phases.snapshot()
	if run.Embedded != nil && run.Embedded.ViolationCount() > 0 {
		out.EmulatorViolations = run.Embedded.Violations()
	}
	out.Duration = time.Since(out.StartedAt)
	return out, nil
}

func runOne(ctx context.Context, run *Run, req Requirement, match func(Requirement) bool) verdict.Result {
	if !match(req) {
		return notRun(req, NotSelected)
	}
	return run.Execute(ctx, req)
}

// notRun is the result of a requirement the run did not execute.
func notRun(req Requirement, why string) verdict.Result {
	return verdict.Result{ID: req.ID, Title: req.Title, Group: string(req.Group), Generated: req.Generated(),
		Status: verdict.Skipped, Reason: why}
}

// The reasons of requirements a run did not execute.
const (
	NotSelected = "not run: excluded by the label filter or focus"
	Interrupted = "not run: the run was interrupted"
)

// afterAllBudget bounds the after-run requirements of an interrupted run.
const afterAllBudget = 2 * time.Minute

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

// ordered is reqs in the order of seed: shuffled, then those that only read
// before those that change the target, each part in its shuffled order; 0
// keeps reqs as given. A run in random order shows requirements that depend
// on each other's trail; a seed repeats the order.
func ordered(reqs []Requirement, seed int64) []Requirement {
	if seed == 0 {
		return reqs
	}
	out := slices.Clone(reqs)
	rand.New(rand.NewPCG(uint64(seed), 0x646c69)).Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	slices.SortStableFunc(out, func(a, b Requirement) int {
		return cmp.Compare(b2i(a.Mutates), b2i(b.Mutates))
	})
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
