package diff

import (
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/page"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// The ids of diff.html's sections; the browser test checks they render.
const (
	SectionVerdict      = "verdict"
	SectionSides        = "sides"
	SectionRequirements = "requirements"
	SectionDifferences  = "differences"
	SectionExpected     = "expected-differences"
	SectionStale        = "stale"
	SectionNotCompared  = "not-compared"
)

// diff.html is laid out by internal/page, like report.html: one
// self-contained file whose text, from two possibly hostile targets, is all
// escaped. This package adds the page's template and the style rules only it
// needs.
//
//go:embed diff.html.tmpl diff.css
var pageFiles embed.FS

var htmlPage = page.Must(page.New(pageFiles, "diff.html.tmpl", "diff.css", nil))

// WriteHTML renders diff.html: the verdict, both sides, the requirements, and
// each difference with both exchanges side by side.
func WriteHTML(w io.Writer, r Result) error {
	return htmlPage.Render(w, newPageView(r))
}

// pageView is a Result arranged the way the page reads: verdict first, then
// the differences that need action, then what the baseline expects.
type pageView struct {
	R     Result
	Class string // ok, warn or bad: the banner's colour
	// Banner is the verdict, the line that says why and what to do first.
	Banner page.Verdict
	// Agreement says in words what Bar shows.
	Agreement  string
	Bar        []pageBarPart
	Dimensions []pageDimension
	Sides      []Side
	Rows       []pageRequirementRow
	Unexpected []pageCard
	Expected   []pageCard
}

// pageBarPart is one segment of the agreement bar, as wide as its share.
type pageBarPart struct {
	Class string
	N     int
	Title string
}

// pageDimension is a compared dimension and how many cases differ in it.
type pageDimension struct {
	Name   string
	Differ int
}

// pageRequirementRow is a requirement's row, with where its first difference is.
type pageRequirementRow struct {
	Requirement
	AResult, BResult string // "" shown as "not run"
	// AClass and BClass name the results' badges.
	AClass, BClass string
	Class          string // "differs", "expected" or ""
	Anchor         string
}

// pageCard is one difference with each side's case laid out.
type pageCard struct {
	Difference
	Anchor string
	// Values are the Fields' values line by line, for a value of many lines
	// (a shape) with the lines the other side lacks marked.
	Values []pageField
	Sides  [2]pageCase
}

// pageField is one differing field's values.
type pageField struct {
	Name string
	A, B []pageValueLine
}

// pageValueLine is one line of a value; Only marks a line the other side's
// value lacks.
type pageValueLine struct {
	Text string
	Only bool
}

// pageCase is one side's case of a difference.
type pageCase struct {
	Name   string
	Target string
	Sent   bool
	C      verdict.Case
	Status string
	Effect string
	// Differs holds the dimensions the case differs in, to mark them.
	Differs map[string]bool
	Lines   []page.Line
	// Open unfolds the exchange.
	Open bool
}

func newPageView(r Result) pageView {
	r.A.Name, r.B.Name = viewSideName(r.A, "A"), viewSideName(r.B, "B")
	v := pageView{R: r, Sides: []Side{r.A, r.B}}
	v.Banner.What = fmt.Sprintf("DLI “Binding a Queue” differential run: %s against %s", r.A.Name, r.B.Name)
	v.Banner.Word, v.Banner.Headline, v.Class = viewVerdict(r)
	v.Banner.Actions = viewActions(r)
	v.Agreement, v.Bar = viewAgreement(r), pageBar(r)

	differ := map[string]int{}
	first := map[string]string{}
	unexpected, known := map[string]int{}, map[string]int{}
	for i, d := range r.Differences {
		for _, f := range d.Fields {
			differ[f.Name]++
		}
		card := newPageCard(r, d, fmt.Sprintf("d%d", i+1))
		if d.Known == "" {
			unexpected[d.Requirement]++
			v.Unexpected = append(v.Unexpected, card)
		} else {
			known[d.Requirement]++
			v.Expected = append(v.Expected, card)
		}
	}
	// A requirement's link goes to its first difference that needs action, or
	// else to its first expected one.
	for _, cards := range [][]pageCard{v.Unexpected, v.Expected} {
		for _, c := range cards {
			if _, ok := first[c.Requirement]; !ok {
				first[c.Requirement] = c.Anchor
			}
		}
	}
	// A handful of differences reads best with both exchanges open; a flood
	// reads best folded.
	if len(v.Unexpected) <= 5 {
		for i := range v.Unexpected {
			v.Unexpected[i].Sides[0].Open, v.Unexpected[i].Sides[1].Open = true, true
		}
	}
	for _, name := range r.Compared {
		v.Dimensions = append(v.Dimensions, pageDimension{Name: name, Differ: differ[name]})
	}
	for _, q := range r.Requirements {
		row := pageRequirementRow{Requirement: q, AResult: viewResult(q.AResult), BResult: viewResult(q.BResult), Anchor: first[q.ID]}
		row.AClass, row.BClass = "b-"+strings.ReplaceAll(row.AResult, " ", "-"), "b-"+strings.ReplaceAll(row.BResult, " ", "-")
		switch {
		case unexpected[q.ID] > 0:
			row.Class = "differs"
		case known[q.ID] > 0:
			row.Class = "expected"
		case q.Differ > 0:
			row.Class = "differs"
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func newPageCard(r Result, d Difference, anchor string) pageCard {
	differs := map[string]bool{}
	for _, f := range d.Fields {
		differs[f.Name] = true
	}
	card := pageCard{Difference: d, Anchor: anchor, Sides: [2]pageCase{
		newPageCase(r.A, d.A, differs), newPageCase(r.B, d.B, differs),
	}}
	for _, f := range d.Fields {
		a, b := strings.Split(f.A, "\n"), strings.Split(f.B, "\n")
		card.Values = append(card.Values, pageField{Name: f.Name, A: pageValueLines(a, b), B: pageValueLines(b, a)})
	}
	return card
}

// pageValueLines marks the lines of a multi-line value that other lacks; a
// value of one line differs as a whole, which the row already says.
func pageValueLines(lines, other []string) []pageValueLine {
	out := make([]pageValueLine, 0, len(lines))
	for _, l := range lines {
		out = append(out, pageValueLine{Text: l, Only: len(lines)+len(other) > 2 && !slices.Contains(other, l)})
	}
	return out
}

func newPageCase(s Side, c *verdict.Case, differs map[string]bool) pageCase {
	pc := pageCase{Name: s.Name, Target: s.Target, Differs: differs}
	if c == nil {
		return pc
	}
	pc.Sent, pc.C = true, *c
	pc.Status = StatusText(c)
	if c.Effect != nil {
		pc.Effect = EffectText(c.Effect)
	}
	pc.Lines = page.ExchangeLines(c.Exchange)
	return pc
}

// pageBar lays the counts out as segments as wide as their share.
func pageBar(r Result) []pageBarPart {
	var bar []pageBarPart
	add := func(class string, n int, what string) {
		if n > 0 {
			bar = append(bar, pageBarPart{Class: class, N: n, Title: fmt.Sprintf("%d %s", n, what)})
		}
	}
	add("agree", r.Agreed, "agree")
	add("expected", len(r.Differences)-r.Unexpected(), "differ as the baseline expects")
	add("differ", r.Unexpected(), "differ")
	return bar
}
