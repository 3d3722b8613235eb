package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

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
func fieldCoverage(results []verdict.Result, fields map[string][]string) []FieldCoverage {
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
	for _, r := range results {
		for _, u := range r.Fields {
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
