package engine

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// findChange runs reqs again, after their window changed the connection, to
// find whose request did it: in two windows of half each, a half that changes
// nothing being done; a half that does is halved again. When both halves
// change something, more than one request does: their members run alone.
func (r *Run) findChange(ctx context.Context, reqs []Requirement, clients int) []verdict.Result {
	if ctx.Err() != nil || len(reqs) <= 2 {
		return r.alone(ctx, reqs)
	}
	h := len(reqs) / 2
	left, leftUnchanged := r.trial(ctx, reqs[:h], clients)
	right, rightUnchanged := r.trial(ctx, reqs[h:], clients)
	switch {
	case !leftUnchanged && !rightUnchanged:
		return r.alone(ctx, reqs)
	case !leftUnchanged:
		left = r.findChange(ctx, reqs[:h], clients)
	case !rightUnchanged:
		right = r.findChange(ctx, reqs[h:], clients)
	}
	return append(left, right...)
}

// trial runs reqs in a window of their own; unchanged is false, and the
// connection put back, when the window changed it.
func (r *Run) trial(ctx context.Context, reqs []Requirement, clients int) (out []verdict.Result, unchanged bool) {
	w := r.openWindow(ctx, clients)
	if w == nil {
		return r.alone(ctx, reqs), true
	}
	for _, req := range reqs {
		if w.isDisturbed() {
			break
		}
		r.start(ctx, w, req)
	}
	return r.settleWindow(ctx, w)
}

// alone runs each of reqs alone, with its own quiet period. Once the run is
// interrupted the rest are not run: a window could not say they changed
// nothing, and there is no time to run them again.
func (r *Run) alone(ctx context.Context, reqs []Requirement) []verdict.Result {
	out := make([]verdict.Result, len(reqs))
	for i, req := range reqs {
		if ctx.Err() != nil {
			out[i] = notRun(req, Interrupted)
			continue
		}
		out[i] = r.execute(ctx, req, nil)
	}
	return out
}
