package suites

import (
	"context"
	"fmt"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/diff"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/stateful"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// The cases of a spec: every request it sent on purpose, with what came of it,
// kept for a differential run to compare with another target's (cases.json).
// Specs run one at a time per process, so one spec's cases are kept at a time.
var specCases struct {
	list []*verdict.Case
	of   map[*client.Exchange]*verdict.Case
}

// caseNames replaces this process's configured names and ids in its cases; built
// at the first case, once the configuration is final.
var caseNames struct {
	sync.Once
	z *diff.Normaliser
}

func normaliser() *diff.Normaliser {
	caseNames.Do(func() {
		c := env.cfg
		caseNames.z = diff.NewNormaliser(diff.Names{ProjectID: c.ProjectID, ConnectionID: c.ConnectionID,
			DeletedConnectionID: c.DeletedConnectionID, Queues: c.Queues, Pools: c.Pools})
	})
	return caseNames.z
}

// startCases begins the spec's cases and records them when it ends, whether
// it passed or not.
func startCases() {
	specCases.list, specCases.of = nil, map[*client.Exchange]*verdict.Case{}
	DeferCleanup(func() {
		for _, c := range specCases.list {
			AddReportEntry(verdict.CaseEntry, *c, ReportEntryVisibilityNever)
		}
		specCases.list, specCases.of = nil, nil
	})
}

// noteCase records x, rendered for people as shown, as the next case of the
// running spec.
func noteCase(x *client.Exchange, shown string) {
	if specCases.of == nil || x == nil {
		return
	}
	c := normaliser().Record(fmt.Sprintf("%s#%d", current.ID, len(specCases.list)+1), current.ID, x)
	c.Exchange, c.Curl = shown, x.Curl()
	specCases.list = append(specCases.list, &c)
	specCases.of[x] = &c
}

// noteConformance records the contract's judgement of a case's answer.
func noteConformance(x *client.Exchange, err error) {
	if c := specCases.of[x]; c != nil {
		c.Conforms = err == nil && x.Err == nil
		if err != nil {
			c.Violation, _, _ = strings.Cut(err.Error(), "\n")
		}
	}
}

// noteEffect records what the request of x changed, as the spec's effect check
// saw it: from before to after.
func noteEffect(x *client.Exchange, before, after dli.Bindings) {
	if c := specCases.of[x]; c != nil {
		added, removed := after.Minus(before), before.Minus(after)
		c.Effect = normaliser().Effect(added.Queues, added.Pools, removed.Queues, removed.Pools)
	}
}

// noteWalks records the steps of the stateful walks as cases: each step's
// request, its answer and the walk's names as the connection showed them after
// it settled.
func noteWalks(ctx context.Context, results []stateful.Result) {
	z := normaliser()
	for w, r := range results {
		var shown dli.Bindings
		for _, s := range r.Steps {
			if s.Exchange == nil {
				continue
			}
			c := z.Record(fmt.Sprintf("%s#w%d.s%d", requirement.StatefulWalks.ID, w+1, s.N), requirement.StatefulWalks.ID, s.Exchange)
			c.Exchange, c.Curl = s.Exchange.String(), s.Exchange.Curl()
			// The walk checked every answer against the contract and stopped at
			// the first departure: only its last step can be one.
			c.Conforms = s.Exchange.Err == nil
			if r.Failure != nil && r.Failure.Step == s.N {
				_, err := check.ConformsRouted(ctx, env.contract, s.Exchange)
				c.Conforms = err == nil && s.Exchange.Err == nil
				if err != nil {
					c.Violation, _, _ = strings.Cut(err.Error(), "\n")
				}
			}
			if s.Readings > 0 {
				added, removed := s.Shown.Minus(shown), shown.Minus(s.Shown)
				c.Effect = z.Effect(added.Queues, added.Pools, removed.Queues, removed.Pools)
				shown = s.Shown
			}
			AddReportEntry(verdict.CaseEntry, c, ReportEntryVisibilityNever)
		}
	}
}

// casesFile is cases.json as a file of the reports, under the same
// DLI_MAX_REPORT_BYTES: when the reports must be cut, its evidence (exchanges,
// curl lines, messages) is cut like theirs; what is compared never is.
func casesFile(r Report) report.File {
	cases := diff.CasesFrom(r)
	return report.File{Name: diff.CasesFile, Render: func(evidence int) ([]byte, error) {
		cut := cases
		if evidence >= 0 {
			cut = make([]verdict.Case, len(cases))
			for i, c := range cases {
				c.Exchange, c.Curl = report.CutEvidence(c.Exchange, evidence), report.CutEvidence(c.Curl, evidence)
				c.Violation = report.CutEvidence(c.Violation, max(evidence, 160))
				cut[i] = c
			}
		}
		b, err := diff.EncodeCases(cut)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", diff.CasesFile, err)
		}
		return b, nil
	}}
}
