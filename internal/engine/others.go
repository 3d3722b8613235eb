package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Leave no trace anywhere a request can reach: besides the configured
// connection, the run records before it starts the bindings of the deleted
// connection and of every other connection of the project it can list, and
// LEAVE-NO-TRACE compares all of them at the end. A requirement whose request
// names another connection guards that one too, and a change there fails it
// with what changed.

// listPage is how many connections one list request asks for.
const listPage = 100

// recordOthers reads the bindings of every connection other than the
// configured one that the run's requests can reach. What cannot be read is
// left out: it cannot be compared, and reading is no requirement.
func (r *Run) recordOthers(ctx context.Context) map[string]dli.Bindings {
	out := map[string]dli.Bindings{}
	if id := r.Cfg.DeletedConnectionID; id != "" {
		if conn, _, err := r.API.Show(ctx, id); err == nil {
			out[id] = conn.Bindings()
		}
	}
	for offset := 0; offset < 100*listPage; offset += listPage {
		p, _, err := r.API.List(ctx, listPage, offset)
		if err != nil || p == nil {
			break
		}
		for _, c := range p.Connections {
			if c.ID != r.Cfg.ConnectionID {
				out[c.ID] = c.Bindings()
			}
		}
		if len(p.Connections) < listPage {
			break
		}
	}
	return out
}

// Others returns the ids of the other connections the run recorded, sorted.
func (r *Run) Others() []string {
	ids := make([]string, 0, len(r.others))
	for id := range r.others {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// GuardConnection records the bindings of connection id, other than the
// configured one, before a request that names it, and registers the cleanup
// that puts back whatever the request changed there and fails the spec with
// what changed (or, when it failed already, adds what was undone to its
// evidence). An id the target does not show is not guarded.
func (s *Spec) GuardConnection(ctx context.Context, id string) {
	if id == "" || strings.EqualFold(id, s.Run.Cfg.ConnectionID) {
		return
	}
	conn, x, err := s.Run.API.Show(ctx, id)
	if err != nil {
		return
	}
	s.Observe(ctx, x)
	before := conn.Bindings()
	if prior, ok := s.Run.others[id]; ok && s.win != nil && !before.Equal(prior) {
		// Another member of the window may have changed it.
		s.win.disturb()
	}
	s.Cleanup(func(ctx context.Context) {
		now, x, err := s.Run.API.Show(ctx, id)
		if err != nil {
			return
		}
		s.Observe(ctx, x)
		after := now.Bindings()
		if after.Equal(before) {
			return
		}
		if s.win != nil {
			// Which member's request did it, the window finds out by running
			// its members again (findChange).
			s.win.disturb()
		}
		undone := s.Run.putBack(ctx, id, before, after)
		f := check.Fail(verdict.Effect, nil, "the request changed connection %s, which it does not name as the configured one: it had %s and then had %s", id, before, after)
		f.Changed = check.Change(before, after, before)
		v := f.Verdict()
		v.Undone = undone
		s.record(v)
		for _, u := range undone {
			s.Undone(u)
		}
	})
}

// putBack restores connection id to before and says what it did.
func (r *Run) putBack(ctx context.Context, id string, before, after dli.Bindings) []string {
	added, removed := after.Minus(before), before.Minus(after)
	_, err := r.API.Restore(ctx, id, before)
	var done []string
	if !added.Empty() {
		done = append(done, fmt.Sprintf("unbound %s from connection %s (POST %s)", added.JSON(), id, dli.UnbindPath(r.Cfg.ProjectID, id)))
	}
	if !removed.Empty() {
		done = append(done, fmt.Sprintf("bound again %s on connection %s (POST %s)", removed.JSON(), id, dli.BindPath(r.Cfg.ProjectID, id)))
	}
	if err != nil {
		done = append(done, fmt.Sprintf("could not put connection %s back: %v", id, err))
	}
	return done
}

// othersLeftAsFound compares every other connection the run recorded with
// its bindings before the run, puts back what changed, and says what.
func (r *Run) othersLeftAsFound(ctx context.Context) (changed []string, undone []string) {
	for _, id := range r.Others() {
		before := r.others[id]
		conn, _, err := r.API.Show(ctx, id)
		if err != nil {
			continue
		}
		after := conn.Bindings()
		if after.Equal(before) {
			continue
		}
		changed = append(changed, fmt.Sprintf("connection %s had %s before the run and has %s after it", id, before, after))
		undone = append(undone, r.putBack(ctx, id, before, after)...)
	}
	return changed, undone
}
