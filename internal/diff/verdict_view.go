package diff

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// What diff.html and diff.md both say, worded once.

// viewVerdict returns the word and the line a reader needs first, and the
// banner's colour.
func viewVerdict(r Result) (word, line, class string) {
	a, b := viewSideName(r.A, "A"), viewSideName(r.B, "B")
	n, s := len(r.Differences), len(r.Stale)
	k := n - r.Unexpected()
	var notes []string
	if k > 0 {
		notes = append(notes, fmt.Sprintf("%d expected by the baseline", k))
	}
	if s > 0 {
		notes = append(notes, fmt.Sprintf("%d stale baseline %s", s, viewPlural(s, "entry", "entries")))
	}
	line = fmt.Sprintf("%d %s", n, viewPlural(n, "difference", "differences"))
	if n == 0 {
		line = fmt.Sprintf("%s and %s agree on all %d %s", a, b, r.Cases, viewPlural(r.Cases, "case", "cases"))
	}
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, ", ") + ")"
	}
	switch {
	case r.Cases == 0 && n == 0 && s == 0:
		return "NOTHING COMPARED", fmt.Sprintf("neither %s nor %s recorded a case, so nothing was compared", a, b), "warn"
	case !r.Same() && r.Unexpected() == 0:
		return "STALE BASELINE", line, "bad"
	case !r.Same():
		return "DIFFER", line, "bad"
	case n > 0:
		return "AS EXPECTED", line, "ok"
	default:
		return "AGREE", line, "ok"
	}
}

// viewActions are the first steps for a reader of a run whose sides differ.
func viewActions(r Result) []string {
	var out []string
	if n := r.Unexpected(); n > 0 {
		out = append(out, fmt.Sprintf("Read the %d %s below: each shows the differing fields and both exchanges, with the curl that repeats each request.",
			n, viewPlural(n, "difference", "differences")))
	}
	if s := len(r.Stale); s > 0 {
		base := r.Baseline
		if base == "" {
			base = "the baseline"
		}
		out = append(out, fmt.Sprintf("Remove %d stale %s from %s: %s no difference.", s, viewPlural(s, "entry", "entries"),
			base, viewPlural(s, "it matches", "they match")))
	}
	return out
}

// viewAgreement says how many cases agree. The share is rounded down, so that
// one difference never shows as 100%.
func viewAgreement(r Result) string {
	if r.Cases == 0 {
		return "no case was compared"
	}
	share := math.Floor(float64(r.Agreed)*1000/float64(r.Cases)) / 10
	return fmt.Sprintf("%s%% agree: %d of %d %s", strconv.FormatFloat(share, 'f', -1, 64), r.Agreed, r.Cases, viewPlural(r.Cases, "case", "cases"))
}

// viewSideName is the side's name, or def when the run left it empty.
func viewSideName(s Side, def string) string {
	if s.Name == "" {
		return def
	}
	return s.Name
}

func viewResult(result string) string {
	if result == "" {
		return "not run"
	}
	return result
}

func viewPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// Verdict is the one word of a comparison (AGREE, DIFFER, AS EXPECTED, STALE
// BASELINE, NOTHING COMPARED), as diff.html, diff.md and the console all say it.
func Verdict(r Result) string {
	word, _, _ := viewVerdict(r)
	return word
}
