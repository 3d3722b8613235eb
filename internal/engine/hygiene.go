package engine

import (
	"context"
	"fmt"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// LeftAsFound is the check of the run's hygiene: once every other requirement
// has run, the connection has the bindings it had before the run. It is
// skipped when the bindings before the run are unknown.
func LeftAsFound(ctx context.Context, s *Spec) {
	r := s.Run
	if r.Baseline == nil {
		s.Skip(NeedConnection.Unmet(Inputs{}))
	}
	conn, x, err := r.API.Show(ctx, r.Cfg.ConnectionID)
	if err != nil {
		s.Fail(verdict.Failure{Kind: verdict.Hygiene, Message: "cannot read the bindings of DLI_CONNECTION_ID after the run to compare them: " + err.Error(),
			Exchange: x.String(), Curl: x.Curl()})
	}
	s.Observe(ctx, x)
	after := conn.Bindings()
	if changed, undone := r.othersLeftAsFound(ctx); len(changed) > 0 {
		f := verdict.Failure{Kind: verdict.Hygiene, Message: "the run changed other connections of the project than DLI_CONNECTION_ID: " + strings.Join(changed, "; "), Undone: undone}
		if !after.Equal(*r.Baseline) {
			f.Message += fmt.Sprintf("; and DLI_CONNECTION_ID had %s before the run and has %s after it", *r.Baseline, after)
			f.Changed = check.Change(*r.Baseline, after, *r.Baseline)
		}
		s.Fail(f)
	}
	if !after.Equal(*r.Baseline) {
		left := &dli.LeftoverError{Connection: r.Cfg.ConnectionID, Before: *r.Baseline, After: after,
			Undo: dli.UnbindPath(r.Cfg.ProjectID, r.Cfg.ConnectionID), Extra: after.Minus(*r.Baseline)}
		msg := "the run did not leave the target as it found it: " + left.Error()
		if why := r.API.UnbindIneffective(); why != "" {
			// Said once in the run, by the requirement that found it, and
			// here again beside what it left behind.
			msg += "; the target's unbind does not unbind (" + why + ")"
		}
		s.Fail(verdict.Failure{Kind: verdict.Hygiene, Message: msg,
			Changed: check.Change(*r.Baseline, after, *r.Baseline)})
	}
}
