package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Run is one side's run as the comparison reads it.
type Run struct {
	Side  Side
	Cases []verdict.Case
	// Results holds each requirement's status in the run ("passed", …), and
	// Titles its title.
	Results map[string]string
	Titles  map[string]string
	// NothingTested is set when the run skipped every requirement.
	NothingTested bool
}

// Options say how to compare.
type Options struct {
	// Messages keeps free-text messages in the comparison.
	Messages bool
	Seed     int64
	Version  string
}

// notCompared are the requirements whose requests are not compared, and why.
var notCompared = func() []NotCompared {
	var out []NotCompared
	for _, r := range requirement.Catalog() {
		if r.NotCompared != "" {
			out = append(out, NotCompared{ID: r.ID, Reason: r.NotCompared})
		}
	}
	return out
}()

// Dimensions lists the dimensions Compare compares with o.
func Dimensions(o Options) []string {
	d := []string{DimPresence, DimRequest, DimStatus, DimErrorCode, DimContentType, DimSuccess, DimShape, DimEffect}
	if o.Messages {
		d = append(d, DimMessage)
	}
	return d
}

// Compare pairs the cases of a and b by key and lists every difference.
func Compare(a, b Run, o Options) Result {
	res := Result{SchemaVersion: SchemaVersion, SuiteVersion: o.Version, Seed: o.Seed, Compared: Dimensions(o),
		A: a.Side, B: b.Side, NotCompared: slices.Clone(notCompared)}
	res.A.Name, res.B.Name = "A", "B"
	left, right := byKey(a.Cases), byKey(b.Cases)
	keys := map[string]string{}
	for _, m := range []map[string]*verdict.Case{left, right} {
		for k, c := range m {
			keys[k] = c.Requirement
		}
	}
	ordered := make([]string, 0, len(keys))
	for k := range keys {
		ordered = append(ordered, k)
	}
	slices.SortFunc(ordered, func(x, y string) int { return compareKeys(keys[x], x, keys[y], y) })

	rows := map[string]*Requirement{}
	row := func(id string) *Requirement {
		if rows[id] == nil {
			title := a.Titles[id]
			if title == "" {
				title = b.Titles[id]
			}
			rows[id] = &Requirement{ID: id, Title: title, AResult: a.Results[id], BResult: b.Results[id]}
		}
		return rows[id]
	}
	for id := range a.Results {
		row(id)
	}
	for id := range b.Results {
		row(id)
	}
	for _, k := range ordered {
		ca, cb := left[k], right[k]
		r := row(keys[k])
		r.Cases++
		res.Cases++
		fields := differ(ca, cb, o)
		if len(fields) == 0 {
			res.Agreed++
			continue
		}
		r.Differ++
		d := Difference{Key: k, Requirement: keys[k], Fields: fields, A: ca, B: cb}
		if ca != nil {
			d.Request = ca.Request
		} else {
			d.Request = cb.Request
		}
		res.Differences = append(res.Differences, d)
	}
	for _, r := range rows {
		res.Requirements = append(res.Requirements, *r)
	}
	slices.SortFunc(res.Requirements, func(x, y Requirement) int { return compareKeys(x.ID, "", y.ID, "") })
	return res
}

func byKey(cs []verdict.Case) map[string]*verdict.Case {
	m := make(map[string]*verdict.Case, len(cs))
	for i := range cs {
		if skipped(cs[i].Requirement) {
			continue
		}
		m[cs[i].Key] = &cs[i]
	}
	return m
}

func skipped(id string) bool {
	return slices.ContainsFunc(notCompared, func(n NotCompared) bool { return n.ID == id })
}

// differ lists the dimensions in which a and b differ.
func differ(a, b *verdict.Case, o Options) []Field {
	if a == nil || b == nil {
		return []Field{{Name: DimPresence, A: sent(a), B: sent(b)}}
	}
	var out []Field
	add := func(name, x, y string) {
		if x != y {
			out = append(out, Field{Name: name, A: x, B: y})
		}
	}
	add(DimRequest, a.Request, b.Request)
	add(DimStatus, StatusText(a), StatusText(b))
	add(DimErrorCode, noneIfEmpty(a.ErrorCode), noneIfEmpty(b.ErrorCode))
	add(DimContentType, noneIfEmpty(a.ContentType), noneIfEmpty(b.ContentType))
	add(DimSuccess, successText(a.Success), successText(b.Success))
	sa, sb := comparableShapes(a.Shape, b.Shape)
	add(DimShape, strings.Join(sa, "\n"), strings.Join(sb, "\n"))
	add(DimEffect, EffectText(a.Effect), EffectText(b.Effect))
	if o.Messages {
		add(DimMessage, noneIfEmpty(a.Message), noneIfEmpty(b.Message))
	}
	return out
}

// comparableShapes drops from each shape what the other cannot show: the
// fields of elements of an array that is empty in the other answer. An empty
// array and one with elements are both arrays.
func comparableShapes(a, b []string) ([]string, []string) {
	return shapeAgainst(a, b), shapeAgainst(b, a)
}

func shapeAgainst(s, other []string) []string {
	var empty []string
	for _, f := range other {
		if path, typ, _ := strings.Cut(f, ": "); typ == engine.EmptyArray {
			empty = append(empty, path+"[]")
		}
	}
	out := make([]string, 0, len(s))
	for _, f := range s {
		path, typ, _ := strings.Cut(f, ": ")
		if slices.ContainsFunc(empty, func(prefix string) bool { return strings.HasPrefix(path, prefix) }) {
			continue
		}
		if typ == engine.EmptyArray {
			f = path + ": array"
		}
		out = append(out, f)
	}
	return out
}

func sent(c *verdict.Case) string {
	if c == nil {
		return "not sent"
	}
	return "sent"
}

// StatusText is a case's status as compared: the code, or what came instead.
func StatusText(c *verdict.Case) string {
	if c.Status == 0 {
		return "no answer (" + c.Transport + ")"
	}
	return strconv.Itoa(c.Status)
}

func noneIfEmpty(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func successText(b *bool) string {
	if b == nil {
		return "(none)"
	}
	return strconv.FormatBool(*b)
}

// EffectText says what a request changed, as compared.
func EffectText(e *verdict.CaseEffect) string {
	if e == nil {
		return "not observed"
	}
	if e.Empty() {
		return "nothing changed"
	}
	var parts []string
	names := func(verb string, n verdict.Names) {
		if len(n.Queues) > 0 {
			parts = append(parts, fmt.Sprintf("%s queues %s", verb, strings.Join(n.Queues, ", ")))
		}
		if len(n.Pools) > 0 {
			parts = append(parts, fmt.Sprintf("%s pools %s", verb, strings.Join(n.Pools, ", ")))
		}
	}
	names("bound", e.Added)
	names("unbound", e.Removed)
	return strings.Join(parts, "; ")
}

// compareKeys orders cases by requirement (catalogue order, then generated
// cases by number, then anything else), then by their place in the spec.
func compareKeys(reqA, keyA, reqB, keyB string) int {
	if c := cmp.Compare(rank(reqA), rank(reqB)); c != 0 {
		return c
	}
	if c := natural(reqA, reqB); c != 0 {
		return c
	}
	return natural(keyA, keyB)
}

var catalogueRank = func() map[string]int {
	m := map[string]int{}
	for i, r := range requirement.Catalog() {
		m[r.ID] = i
	}
	return m
}()

func rank(id string) int {
	if i, ok := catalogueRank[id]; ok {
		return i
	}
	return len(catalogueRank)
}

// natural compares strings with runs of digits compared as numbers.
func natural(a, b string) int {
	for a != "" && b != "" {
		da, db := digits(a), digits(b)
		if da != "" && db != "" {
			na, _ := strconv.Atoi(da)
			nb, _ := strconv.Atoi(db)
			if c := cmp.Compare(na, nb); c != 0 {
				return c
			}
			a, b = a[len(da):], b[len(db):]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

func digits(s string) string {
	i := 0
	for i < len(s) && i < 9 && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return s[:i]
}
