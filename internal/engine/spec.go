package engine

import (
	"context"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Spec is one requirement being executed: what its check sends and finds is
// gathered here, and becomes its Result.
type Spec struct {
	Run *Run
	Req Requirement

	mu       sync.Mutex
	res      verdict.Result
	failure  *verdict.Failure
	skip     string
	cleanups []func(context.Context)
	evidence *SpecEvidence
	cases    []*verdict.Case
	caseOf   map[*client.Exchange]*verdict.Case
	phases   phases
	// win is the window the spec's quiet period is handed to; nil: the spec
	// waits its own.
	win *window
}

// stop is what Fail and Skip unwind a check with; Execute recovers it.
type stop struct{}

// Execute runs the requirement's check and its cleanups, and returns its
// result. A check that panics fails with the panic as its evidence; the
// cleanups run whatever happened.
func (r *Run) Execute(ctx context.Context, req Requirement) verdict.Result {
	return r.execute(ctx, req, nil)
}

// execute is Execute as a member of window w (nil: alone).
func (r *Run) execute(ctx context.Context, req Requirement, w *window) verdict.Result {
	s := &Spec{Run: r, Req: req, caseOf: map[*client.Exchange]*verdict.Case{},
		evidence: NewSpecEvidence(r.specEvidenceBytes())}
	s.res = verdict.Result{ID: req.ID, Title: req.Title, Group: string(req.Group), Generated: req.Generated()}
	if w != nil && windowed(req) {
		s.win = w
	}
	start := time.Now()
	skip := req.SkipReason(r.Inputs())
	switch {
	case skip != "":
		s.res.Status, s.res.Reason = verdict.Skipped, skip
	case r.outOfTime():
		s.res.Status, s.res.OutOfTime = verdict.Skipped, true
		s.res.Reason = fmt.Sprintf("not run: the run's time budget DLI_RUN_TIMEOUT (%v) ran out", r.Cfg.RunTimeout)
	case req.Check == nil:
		s.failure = &verdict.Failure{Kind: verdict.NoResult, Message: "the suite has no check for " + req.ID + ", so it was never checked"}
	default:
		s.guarded(func() { req.Check(ctx, s) })
		for i := len(s.cleanups) - 1; i >= 0; i-- {
			s.guarded(func() { s.cleanups[i](context.WithoutCancel(ctx)) })
		}
		if s.skip != "" && s.failure == nil {
			s.res.Status, s.res.Reason = verdict.Skipped, s.skip
		}
	}
	s.res.Duration = time.Since(start)
	for _, c := range s.cases {
		s.res.Cases = append(s.res.Cases, *c)
	}
	switch {
	case s.failure != nil:
		s.res.Status, s.res.Failure, s.res.Reason = verdict.Failed, s.failure, ""
	case s.res.Status == "":
		s.res.Status = verdict.Passed
	}
	if s.res.Status == verdict.Failed || r.Verbose {
		s.res.Evidence = s.evidence.Texts()
	}
	s.res.Time = s.phases.snapshot()
	return s.res
}

// guarded runs f, turning a Fail or Skip into the spec's state and any other
// panic into a failure that shows it.
func (s *Spec) guarded(f func()) {
	defer func() {
		v := recover()
		if v == nil {
			return
		}
		if _, ok := v.(stop); ok {
			return
		}
		s.record(verdict.Failure{Kind: verdict.Setup, Message: fmt.Sprintf("the suite panicked: %v\n%s", v, debug.Stack())})
	}()
	f()
}

// record keeps the first failure of the spec.
func (s *Spec) record(f verdict.Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failure == nil {
		s.failure = &f
	}
}

// Fail ends the check with f; a cleanup that fails after the check failed
// adds nothing.
func (s *Spec) Fail(f verdict.Failure) {
	s.record(f)
	panic(stop{})
}

// Skip ends the check as skipped, saying why.
func (s *Spec) Skip(reason string) {
	s.skip = reason
	panic(stop{})
}

// Must fails the check with err's verdict when err is not nil.
func (s *Spec) Must(err error) {
	if err == nil {
		return
	}
	f := verdict.Failure{Kind: verdict.Setup, Message: err.Error()}
	if v, ok := err.(verdict.Verdicter); ok {
		f = v.Verdict()
	}
	s.Fail(f)
}

// Cleanup registers f to run after the check, last registered first, whether
// the check passed or not.
func (s *Spec) Cleanup(f func(ctx context.Context)) { s.cleanups = append(s.cleanups, f) }

// Note keeps a remark for people in the result.
func (s *Spec) Note(text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Notes = append(s.res.Notes, text)
}

// Undone records what the spec undid on the target.
func (s *Spec) Undone(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failure != nil {
		s.failure.Undone = append(s.failure.Undone, what)
		return
	}
	s.res.Notes = append(s.res.Notes, "undone: "+what)
}

// Steps counts n requests of a stateful requirement for the case count.
func (s *Spec) Steps(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res.Steps += n
}

// ExpectedCodes returns the error codes the requirement accepts.
func (s *Spec) ExpectedCodes() []string {
	return s.Req.ExpectedCodes(s.Run.Cfg.ErrorCodes, s.Run.Cfg.StrictErrorCodes)
}

// specEvidenceBytes bounds the exchanges one spec keeps.
func (r *Run) specEvidenceBytes() int {
	if r.Cfg.MaxSpecEvidenceBytes > 0 {
		return r.Cfg.MaxSpecEvidenceBytes
	}
	return config.DefaultMaxSpecEvidenceBytes
}
