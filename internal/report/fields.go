package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/onsi/ginkgo/v2/types"
)

// FieldEntry is the name of the report entries that record one request field
// exercised by a spec, with the value "<operation id> <field path> positive|negative"
// (see FieldEntryValue).
const FieldEntry = "field"

// FieldEntryValue is the value of a FieldEntry: positive when the field carried a
// value the contract accepts, negative when it carried one the contract rejects.
func FieldEntryValue(operation, field string, positive bool) string {
	side := "negative"
	if positive {
		side = "positive"
	}
	return operation + " " + field + " " + side
}

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
func FieldCoverageOf(r types.Report, fields map[string][]string) []FieldCoverage {
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
			if e.Name != FieldEntry {
				continue
			}
			parts := strings.Fields(e.StringRepresentation())
			if len(parts) != 3 {
				continue
			}
			switch c := at(parts[0], parts[1]); parts[2] {
			case "positive":
				c.Positive++
			case "negative":
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

// generatedKindPrefix starts the kind: label of every generated case.
const generatedKindPrefix = "kind:generated-"

// GeneratedResults turns the specs of generated cases (labelled kind:generated-*)
// into results: the id from their id: label, the spec text as title, and the kind
// (generated-negative, generated-boundary, generated-positive) as group. When the
// run could not start, each shows as failed with the reason. Sorted by id, numbers
// in order (GEN-POS-2 before GEN-POS-10).
func GeneratedResults(r types.Report) []Result {
	setup := ""
	for _, sr := range r.SpecReports {
		switch sr.LeafNodeType {
		case types.NodeTypeSynchronizedBeforeSuite, types.NodeTypeBeforeSuite:
			if sr.State.Is(types.SpecStateFailureStates) {
				setup = sr.Failure.Message
			}
		}
	}
	var out []Result
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			continue
		}
		group, id := "", ""
		for _, l := range sr.Labels() {
			if g, ok := strings.CutPrefix(l, "kind:"); ok && strings.HasPrefix(l, generatedKindPrefix) {
				group = g
			}
			if v, ok := strings.CutPrefix(l, "id:"); ok {
				id = v
			}
		}
		if group == "" || id == "" {
			continue
		}
		res := resultOf(sr)
		if setup != "" && res.Status == Skipped {
			res = Result{Status: Failed, Reason: "the run could not start: " + firstLine(setup)}
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
