package stateful

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
)

// Step is one step of a walk as it ran.
type Step struct {
	N  int `json:"n"` // 1-based
	Op Op  `json:"op"`
	// Exchange is the step's own request: the bind, unbind, show or list.
	Exchange *client.Exchange `json:"-"`
	// Expect is what the model allowed as the answer.
	Expect Expectation `json:"expect"`
	// Status is the status answered (0 without an answer).
	Status int `json:"status"`
	// Bound is what the model held bound after the step, among the walk's names.
	Bound []Resource `json:"bound"`
	// Shown and Listed are the walk's names as the last reading after the step
	// showed them; Readings counts the readings it took to settle.
	Shown    dli.Bindings `json:"shown"`
	Listed   dli.Bindings `json:"listed"`
	Readings int          `json:"readings"`
}

// Result is what one walk found.
type Result struct {
	Seed  int64  `json:"seed"`
	Steps []Step `json:"steps"`
	// Failure is nil when every step agreed with the model.
	Failure *Failure `json:"failure,omitempty"`
	// Shrunk holds the steps of the shortest run found that fails the same way as
	// Failure, which ShrunkFailure describes; ShrinkRuns counts the re-runs and
	// ShrinkTime is the time they took. Shrunk and ShrunkFailure are nil when
	// no shorter run was found to fail the same way.
	Shrunk        []Step        `json:"shrunk,omitempty"`
	ShrunkFailure *Failure      `json:"shrunk_failure,omitempty"`
	ShrinkRuns    int           `json:"shrink_runs,omitempty"`
	ShrinkTime    time.Duration `json:"shrink_time,omitempty"`
	// Stopped is set when the walk's Deadline stopped it before its last
	// step; Steps holds those it took.
	Stopped bool `json:"stopped,omitempty"`
	// Slowest is the longest any change of the walk took to show: how slow the
	// target showed itself to be.
	Slowest time.Duration `json:"slowest"`
	// ShrinkSettle, when set, is the settle timeout the replays were judged
	// with instead of the walk's (see Shrink).
	ShrinkSettle time.Duration `json:"shrink_settle,omitempty"`
	// ShrinkCut, when set, says why the steps shown (Shrunk, or else Steps)
	// are not the shortest failing sequence shrinking could have found.
	ShrinkCut string `json:"shrink_cut,omitempty"`
	// Cleanup is set when the walk could not put the connection back as it found
	// it; the message names the request that would.
	Cleanup  error         `json:"-"`
	Duration time.Duration `json:"duration"`
}

// Err is the walk's failure or, failing that, its cleanup error.
func (r Result) Err() error {
	if r.Failure != nil {
		return r.Failure
	}
	return r.Cleanup
}

// Walk runs the walk that cfg.Seed draws (Plan) against the target, each step
// checked against the model, and puts the connection back as it found it. A
// failing walk is shrunk (see Shrink), unless the connection could not be put
// back and there is no cfg.Reset: a replay would then start elsewhere than the
// walk did, and its verdict would say nothing of the walk's.
func Walk(ctx context.Context, t Target, cfg Config) Result {
	cfg = cfg.withDefaults()
	start := time.Now()
	res := Run(ctx, t, cfg, Plan(cfg))
	if res.Failure != nil && res.Failure.Step > 0 && cfg.MaxShrinkRuns > 0 && ctx.Err() == nil {
		if res.Cleanup != nil && cfg.Reset == nil {
			res.ShrinkCut = "not shrunk: the walk could not put the connection back, so a replay would not start where the walk did"
		} else {
			sc := cfg
			sc.Deadline = time.Time{}
			if cfg.ShrinkBudget > 0 {
				sc.SettleTimeout = replaySettle(cfg.SettleTimeout, res.Slowest)
				if sc.SettleTimeout < cfg.SettleTimeout {
					res.ShrinkSettle = sc.SettleTimeout
				}
			}
			shrunk, sh := Shrink(ctx, t, sc, ops(res.Steps[:res.Failure.Step]), res.Failure)
			res.ShrinkRuns, res.ShrinkCut, res.ShrinkTime = sh.Runs, sh.Cut, sh.Took
			if shrunk.Failure != nil {
				res.Shrunk, res.ShrunkFailure = shrunk.Steps, shrunk.Failure
			}
		}
	}
	res.Duration = time.Since(start)
	return res
}

// shortWindow is the settle window of a stateful check: settle, or, once a
// check of the run has waited its whole settle timeout for a change that did
// not show (API.WaitedInVain), the window of a replay (replaySettle), so that
// a target that leaves changes unshown fails each check in moments, not in
// one DLI_SETTLE_TIMEOUT per check. why says which wait it was, "" when the
// window is settle.
func shortWindow(t Target, settle time.Duration) (time.Duration, string) {
	why := t.API.WaitedInVain()
	if why == "" {
		return settle, ""
	}
	short := replaySettle(settle, t.API.Slowest())
	if short == settle {
		return settle, ""
	}
	return short, why
}

// replaySettle is the settle timeout of the replays of a budgeted shrinking:
// a departure that needs its whole settle window to show (a binding that never
// shows, or never goes) would otherwise cost each replay the full
// DLI_SETTLE_TIMEOUT, and a budget of a few of those shrinks nothing. A
// replay waits instead some times the longest the walk saw a change take to
// show, and at least minReplaySettle; the walk's own verdict keeps its full
// window, so only the reproduction is judged the shorter way, and says so.
func replaySettle(settle, slowest time.Duration) time.Duration {
	return min(settle, max(replaySlack*slowest, minReplaySettle))
}

// The settle window of budgeted replays: replaySlack times the slowest change
// the walk saw, and at least minReplaySettle.
const (
	replaySlack     = 4
	minReplaySettle = time.Second
)

// Walks runs up to n walks with seeds cfg.Seed, cfg.Seed+1, …, and stops after
// the first that fails or cannot put the connection back: one such walk
// decides the verdict, and against a broken target each further walk would
// spend its settle waits (and its shrinking) for nothing; so only one walk
// ever shrinks.
func Walks(ctx context.Context, t Target, cfg Config, n int) []Result {
	out := make([]Result, 0, n)
	for i := range n {
		if i > 0 && !cfg.Deadline.IsZero() && time.Now().After(cfg.Deadline) {
			break
		}
		c := cfg
		c.Seed = cfg.Seed + int64(i)
		r := Walk(ctx, t, c)
		out = append(out, r)
		if r.Err() != nil {
			break
		}
	}
	return out
}

func ops(steps []Step) []Op {
	out := make([]Op, len(steps))
	for i, s := range steps {
		out[i] = s.Op
	}
	return out
}

// Run runs the given steps against the target, stopping at the first departure
// from the model, then puts the walk's names back as they were before.
func Run(ctx context.Context, t Target, cfg Config, steps []Op) Result {
	cfg = cfg.withDefaults()
	start := time.Now()
	res := Result{Seed: cfg.Seed}
	if len(cfg.known()) == 0 {
		res.Failure = failure(RuleConfig, Resource{}, nil, "a walk needs at least one queue or pool to bind")
		return res
	}
	first, fail := read(ctx, t, cfg.ListPageSize)
	if fail != nil {
		res.Failure = fail
		res.Duration = time.Since(start)
		return res
	}
	initial := first.shown.Bindings()
	short, why := shortWindow(t, cfg.SettleTimeout)
	cfg.SettleTimeout = short
	w := &walker{t: t, cfg: cfg, m: NewModel(cfg.known(), cfg.unknown(), initial, cfg.SettleTimeout), shown: map[Resource]int{}, shortened: why}
	if p := w.judge(first); p != nil {
		res.Failure = p
	}
	for i, op := range steps {
		if res.Failure != nil {
			break
		}
		if !cfg.Deadline.IsZero() && time.Now().After(cfg.Deadline) {
			res.Stopped = true
			break
		}
		step, fail := w.step(ctx, i+1, op)
		res.Steps = append(res.Steps, step)
		res.Failure = fail
	}
	// The connection is put back even when ctx has ended.
	cleanupCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.SettleTimeout+time.Minute)
	defer cancel()
	res.Cleanup = w.restore(cleanupCtx, initial)
	res.Slowest = w.slowest
	t.API.NoteShowed(w.slowest)
	res.Duration = time.Since(start)
	return res
}

type walker struct {
	t   Target
	cfg Config
	m   *Model
	// shortened, when set, says why the walk's settle window is shorter than
	// the one it was given (shortWindow).
	shortened string
	// slowest is the longest a change of the walk took to show.
	slowest time.Duration
	// shown maps a name to the step whose change of it show has displayed
	// since: a name shown unbound after its unbind, and listed again later,
	// was bound again, not left bound by that unbind.
	shown map[Resource]int
}

// step sends one op, judges its answer, and reads the connection until it agrees
// with the model.
func (w *walker) step(ctx context.Context, n int, op Op) (Step, *Failure) {
	s := Step{N: n, Op: op, Expect: w.m.Expect(op)}
	var fail *Failure
	var applied time.Time
	changed := false
	switch op.Action {
	case ActBind, ActUnbind:
		s.Exchange = w.send(ctx, op)
		s.Status = s.Exchange.Status
		fail = w.judgeAnswer(op, s.Expect, s.Exchange)
		if fail == nil {
			was := w.m.Deadline()
			applied = time.Now()
			w.m.Apply(op, s.Status, n, applied)
			changed = w.m.Deadline() != was
		}
	case ActShow, ActList:
		r, f := read(ctx, w.t, w.cfg.ListPageSize)
		fail = f
		if fail == nil {
			s.Exchange = r.exchange(string(op.Action))
			s.Status = s.Exchange.Status
			fail = w.conformsAll(r)
		}
		if fail == nil {
			var agrees bool
			agrees, fail = w.judgeReading(r)
			if agrees {
				// The step's own reading agrees with the model and a read
				// changes nothing: reading again would show nothing new, and on a
				// slow target it costs a show and a list per read step.
				s.Readings = 1
				s.Shown, s.Listed = w.names(r.shown.Bindings()), w.names(r.listed.Bindings())
				s.Bound = w.m.Bound()
				return s, nil
			}
		}
	}
	if fail == nil {
		fail = w.settle(ctx, &s)
		if fail == nil && changed {
			w.slowest = max(w.slowest, time.Since(applied))
		}
	}
	s.Bound = w.m.Bound()
	if fail != nil {
		fail.Step = n
	}
	return s, fail
}

func (w *walker) send(ctx context.Context, op Op) *client.Exchange {
	if op.Action == ActBind {
		return w.t.API.BindRaw(ctx, w.t.Connection, op.Body)
	}
	return w.t.API.UnbindRaw(ctx, w.t.Connection, op.Body)
}

// judgeAnswer checks the answer to a bind or unbind: an allowed status, the
// contract when one is configured, is_success on 200 and DLI's error body on 400.
func (w *walker) judgeAnswer(op Op, e Expectation, x *client.Exchange) *Failure {
	names, _ := bodyNames(op.Body)
	var r Resource
	if len(names) > 0 {
		r = names[0]
	}
	if x.Err != nil {
		return failure(RuleTransport, r, x, "%s got no complete answer: %v", op, x.Err)
	}
	if !slices.Contains(e.Allowed, x.Status) {
		return failure(RuleStatus, r, x, "%s answered %d, want %v: %s", op, x.Status, e.Allowed, e.Why)
	}
	if f := w.conforms(x); f != nil {
		f.Resource = r
		return f
	}
	var err error
	switch {
	case x.Status == 200 && (op.Kind == KindBindEither || op.Kind == KindUnbindEither):
		// Naming nothing, the answer may decline with is_success false and a message.
		err = check.SucceededOrDeclined(x)
	case x.Status == 200:
		err = check.Succeeded(x)
	default:
		err = check.ErrorBody(x)
	}
	if err != nil {
		return failure(RuleAnswer, r, x, "%s answered %d: %s", op, x.Status, failureMsg(err))
	}
	return nil
}

func (w *walker) conforms(x *client.Exchange) *Failure {
	if w.cfg.Contract == nil {
		return nil
	}
	if err := check.Conforms(context.Background(), w.cfg.Contract, x); err != nil {
		return failure(RuleAnswer, Resource{}, x, "%s", failureMsg(err))
	}
	return nil
}

// failureMsg is the message of a check failure without its evidence, which the
// walk's Failure carries itself.
func failureMsg(err error) string {
	if f, ok := err.(*check.Failure); ok {
		return f.Message
	}
	return err.Error()
}

// settle reads the connection until show and list both agree with the model, or
// until a problem is past its settle window.
func (w *walker) settle(ctx context.Context, s *Step) *Failure {
	start := time.Now()
	for {
		interval := dli.NextPoll(time.Since(start), 500*time.Millisecond)
		r, fail := read(ctx, w.t, w.cfg.ListPageSize)
		s.Readings++
		if fail != nil {
			return fail
		}
		s.Shown, s.Listed = w.names(r.shown.Bindings()), w.names(r.listed.Bindings())
		if f := w.conformsAll(r); f != nil {
			return f
		}
		problems := append(w.m.Judge("show", r.shown, r.at), w.m.Judge("list", r.listed, r.at)...)
		w.noteShown(problems)
		if len(problems) == 0 {
			return nil
		}
		if p, ok := w.decisive(problems); ok {
			return failure(p.Rule, p.Resource, r.exchange(p.Where), "%s", p.Detail)
		}
		wait := min(interval, max(time.Until(w.m.Deadline()), time.Millisecond))
		select {
		case <-ctx.Done():
			return failure(RuleTransport, Resource{}, nil, "stopped waiting for the bindings to settle: %v; %s", ctx.Err(), problems[0].Detail)
		case <-time.After(wait):
		}
	}
}

// judge checks the reading taken before the first step: show and list must agree.
func (w *walker) judge(r reading) *Failure {
	for _, p := range append(w.m.Judge("show", r.shown, r.at), w.m.Judge("list", r.listed, r.at)...) {
		return failure(p.Rule, p.Resource, r.exchange(p.Where), "before the walk: %s", p.Detail)
	}
	return nil
}

// judgeReading checks the answer of a show or list step: a problem still inside its
// settle window is left to the readings that follow. agrees is set when the
// reading shows no problem at all, pending or not.
func (w *walker) judgeReading(r reading) (agrees bool, fail *Failure) {
	problems := append(w.m.Judge("show", r.shown, r.at), w.m.Judge("list", r.listed, r.at)...)
	w.noteShown(problems)
	if p, ok := w.decisive(problems); ok {
		return false, failure(p.Rule, p.Resource, r.exchange(p.Where), "%s", p.Detail)
	}
	return len(problems) == 0, nil
}

// conformsAll checks every answer of a reading against the contract.
func (w *walker) conformsAll(r reading) *Failure {
	for _, x := range r.exchanges {
		if f := w.conforms(x); f != nil {
			return f
		}
	}
	return nil
}

// decisive picks the problem that fails the walk now, if any: one past its
// settle window, or else, once the target is known to answer unbinds without
// unbinding (API.UnbindIneffective), a name the walk unbound that show still
// lists — waiting out its window would only confirm what is known. A name the
// walk unbound that show lists past its window is that defect, and is recorded
// so that later restores and walks do not wait for it.
func (w *walker) decisive(problems []Problem) (Problem, bool) {
	for _, p := range problems {
		if !p.Pending {
			if _, late := w.m.sinceStep[p.Resource]; late && (p.Rule == RuleMissing || p.Rule == RuleLingering) {
				if w.shortened != "" {
					p.Detail += fmt.Sprintf("; waited %v, not DLI_SETTLE_TIMEOUT, since %s", w.cfg.SettleTimeout, w.shortened)
				} else {
					w.t.API.NoteWaitedInVain(fmt.Sprintf("the walk with seed %d waited DLI_SETTLE_TIMEOUT (%v) in vain for %s", w.cfg.Seed, w.cfg.SettleTimeout, p.Detail))
				}
			}
			if w.unbindIgnored(p) {
				w.t.API.NoteUnbindIneffective(fmt.Sprintf("step %d of the walk with seed %d unbound %s, answered 200, and show still listed it after DLI_SETTLE_TIMEOUT (%v)",
					w.m.sinceStep[p.Resource], w.cfg.Seed, p.Resource, w.cfg.SettleTimeout))
			}
			return p, true
		}
	}
	if stuck := w.t.API.UnbindIneffective(); stuck != "" {
		for _, p := range problems {
			if w.unbindIgnored(p) {
				p.Detail += "; not waited for, since " + stuck
				return p, true
			}
		}
	}
	return Problem{}, false
}

// unbindIgnored reports whether p is show listing a name that a step of the
// walk unbound, and that show has not shown unbound since.
func (w *walker) unbindIgnored(p Problem) bool {
	step, byStep := w.m.sinceStep[p.Resource]
	return p.Rule == RuleLingering && p.Where == "show" && byStep && w.shown[p.Resource] != step
}

// noteShown records, for each name changed by a step, that a reading's show
// agreed with the model about it.
func (w *walker) noteShown(problems []Problem) {
	for r, step := range w.m.sinceStep {
		if !slices.ContainsFunc(problems, func(p Problem) bool { return p.Resource == r && p.Where == "show" }) {
			w.shown[r] = step
		}
	}
}

// names keeps the walk's names of b, foreign ones left out.
func (w *walker) names(b dli.Bindings) dli.Bindings { return only(b, w.m.tracked) }
