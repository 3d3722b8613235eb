package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// FieldCoverage tells how often a run exercised one request field of an operation
// with a valid value (Positive) and with an invalid one (Negative); both 0 means
// never.
type FieldCoverage struct {
	Operation string `json:"operation"`
	Field     string `json:"field"`
	Positive  int    `json:"positive"`
	Negative  int    `json:"negative"`
}

// FieldCoverageOf counts the FieldEntry report entries of a run. fields lists, per
// operation id, every request field the contract has (generate.Fields), so that a
// field no spec exercised shows with zero counts; fields that only the entries name
// are added. The result is sorted by operation, then field.
//
// (A type and a function cannot both be called FieldCoverage in Go; the type keeps
// the name.)
func fieldCoverage(r types.Report, fields map[string][]string) []FieldCoverage {
	type key struct{ op, field string }
	counts := map[key]*FieldCoverage{}
	at := func(op, field string) *FieldCoverage {
		k := key{op, field}
		if counts[k] == nil {
			counts[k] = &FieldCoverage{Operation: op, Field: field}
		}
		return counts[k]
	}
	for op, list := range fields {
		for _, f := range list {
			at(op, f)
		}
	}
	for _, sr := range r.SpecReports {
		for _, e := range sr.ReportEntries {
			var u verdict.FieldUse
			if e.Name != verdict.FieldEntry || !verdict.Decode(e, &u) {
				continue
			}
			if c := at(u.Operation, u.Field); u.Positive {
				c.Positive++
			} else {
				c.Negative++
			}
		}
	}
	out := make([]FieldCoverage, 0, len(counts))
	for _, c := range counts {
		out = append(out, *c)
	}
	slices.SortFunc(out, func(a, b FieldCoverage) int {
		return cmp.Or(strings.Compare(a.Operation, b.Operation), strings.Compare(a.Field, b.Field))
	})
	return out
}

// generatedResults turns the specs of generated cases (labelled generated) into
// results: the id from their id: label, the spec text as title, and the kind
// (generated-negative, generated-boundary, generated-positive) as group. When the
// run could not start, each shows as failed with the reason. Sorted by id, numbers
// in order (GEN-POS-2 before GEN-POS-10).
func generatedResults(r types.Report, setup *verdict.Failure) []Result {
	var out []Result
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt || !isGenerated(sr) {
			continue
		}
		group, id := "", requirement.IDFromLabels(sr.Labels())
		for _, l := range sr.Labels() {
			if g, ok := strings.CutPrefix(l, "kind:"); ok {
				group = g
			}
		}
		if group == "" || id == "" {
			continue
		}
		res := resultOf(sr)
		if setup != nil && res.Status == Skipped {
			res = Result{Status: Failed, Kind: string(setup.Kind), Reason: "the run could not start: " + firstLine(setup.Message), Failure: setup}
		}
		res.ID, res.Title, res.Group = id, sr.LeafNodeText, group
		out = append(out, res)
	}
	slices.SortFunc(out, func(a, b Result) int { return compareIDs(a.ID, b.ID) })
	return out
}

// compareIDs orders ids as text, except that a trailing number compares as a number.
func compareIDs(a, b string) int {
	pa, na := splitNumber(a)
	pb, nb := splitNumber(b)
	return cmp.Or(strings.Compare(pa, pb), cmp.Compare(na, nb), strings.Compare(a, b))
}

func splitNumber(id string) (string, int) {
	i := len(id)
	for i > 0 && id[i-1] >= '0' && id[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(id[i:])
	if err != nil {
		return id, -1
	}
	return id[:i], n
}
