package engine

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/stateful"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// caseNames replaces the run's configured names and ids in its cases; built at
// the first case, once the configuration is final.
type caseNames struct {
	once sync.Once
	z    *Normaliser
}

func (r *Run) normaliser() *Normaliser {
	r.cases.once.Do(func() {
		c := r.Cfg
		r.cases.z = NewNormaliser(Names{ProjectID: c.ProjectID, ConnectionID: c.ConnectionID,
			DeletedConnectionID: c.DeletedConnectionID, Queues: c.Queues, Pools: c.Pools})
	})
	return r.cases.z
}

// noteCase records x, rendered for people as shown, as the next case of the
// spec: every request a requirement sends on purpose is one, for a
// differential run to compare with another target's.
func (s *Spec) noteCase(x *client.Exchange, shown string) {
	if x == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.Run.normaliser().Record(fmt.Sprintf("%s#%d", s.Req.ID, len(s.cases)+1), s.Req.ID, x)
	c.Exchange, c.Curl = shown, x.Curl()
	s.cases = append(s.cases, &c)
	s.caseOf[x] = &c
}

// noteConformance records the contract's judgement of a case's answer.
func (s *Spec) noteConformance(x *client.Exchange, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.caseOf[x]; c != nil {
		c.Conforms = err == nil && x.Err == nil
		if err != nil {
			c.Violation = violationOf(err)
		}
	}
}

// violationOf is the message of a contract check's verdict.
func violationOf(err error) string {
	if v, ok := err.(verdict.Verdicter); ok {
		return v.Verdict().Message
	}
	line, _, _ := strings.Cut(err.Error(), "\n")
	return line
}

// noteEffect records what the request of x changed, as the spec's effect check
// saw it: from before to after.
func (s *Spec) noteEffect(x *client.Exchange, before, after dli.Bindings) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.caseOf[x]; c != nil {
		added, removed := after.Minus(before), before.Minus(after)
		c.Effect = s.Run.normaliser().Effect(added.Queues, added.Pools, removed.Queues, removed.Pools)
	}
}

// NoteWalks records the steps of the stateful walks as cases: each step's
// request, its answer and the walk's names as the connection showed them after
// it settled.
func (s *Spec) NoteWalks(ctx context.Context, results []stateful.Result) {
	z := s.Run.normaliser()
	for w, r := range results {
		var shown dli.Bindings
		for _, st := range r.Steps {
			if st.Exchange == nil {
				continue
			}
			c := z.Record(fmt.Sprintf("%s#w%d.s%d", s.Req.ID, w+1, st.N), s.Req.ID, st.Exchange)
			c.Exchange, c.Curl = st.Exchange.String(), st.Exchange.Curl()
			// The walk checked every answer against the contract and stopped at
			// the first departure: only its last step can be one.
			c.Conforms = st.Exchange.Err == nil
			if r.Failure != nil && r.Failure.Step == st.N {
				_, err := check.ConformsRouted(ctx, s.Run.Contract, st.Exchange)
				c.Conforms = err == nil && st.Exchange.Err == nil
				if err != nil {
					c.Violation = violationOf(err)
				}
			}
			if st.Readings > 0 {
				added, removed := st.Shown.Minus(shown), shown.Minus(st.Shown)
				c.Effect = z.Effect(added.Queues, added.Pools, removed.Queues, removed.Pools)
				shown = st.Shown
			}
			s.mu.Lock()
			s.cases = append(s.cases, &c)
			s.mu.Unlock()
		}
	}
}
