package docs

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/dli-conformance/dli-conformance/internal/exitcode"
)

// Report is the drift check of several pages, as the command prints it.
type Report struct {
	Results []Result `json:"results"`
	Errors  []string `json:"errors,omitempty"` // pages that could not be read
	Drift   int      `json:"drift"`
}

// NewReport totals results and read errors.
func NewReport(results []Result, errs []error) Report {
	r := Report{Results: results}
	if r.Results == nil {
		r.Results = []Result{}
	}
	for _, res := range results {
		r.Drift += res.Drift
	}
	for _, e := range errs {
		r.Errors = append(r.Errors, e.Error())
	}
	return r
}

// ExitCode is the exit code of `docs check` (exitcode.Of("docs")): a page
// that could not be read, then drift, then agreement.
func (r Report) ExitCode() int {
	switch {
	case len(r.Errors) > 0:
		return int(exitcode.Usage)
	case r.Drift > 0:
		return int(exitcode.Failed)
	}
	return int(exitcode.OK)
}

// WriteJSON writes the report as one indented JSON document.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report for people: per page its verdict, then each
// difference, drift first.
func (r Report) WriteText(w io.Writer) error {
	for _, e := range r.Errors {
		if _, err := fmt.Fprintf(w, "unreadable: %s\n", e); err != nil {
			return err
		}
	}
	for _, res := range r.Results {
		verdict := "agrees"
		if !res.Agrees() {
			verdict = fmt.Sprintf("DRIFT (%d)", res.Drift)
		}
		op := res.Operation
		if op == "" {
			op = "no operation"
		}
		fmt.Fprintf(w, "%s %q (%s, %s%s) against %s %s: %s, %d explained\n", res.PageID, res.Title, res.Name, res.Form,
			revisionSuffix(res.Revision), res.Profile, op, verdict, res.Explained)
		for _, explained := range []bool{false, true} {
			for _, d := range res.Differences {
				if d.Explained != explained {
					continue
				}
				label := "drift    "
				if explained {
					label = "explained"
				}
				fmt.Fprintf(w, "  %s %s\n", label, d)
			}
		}
	}
	_, err := fmt.Fprintf(w, "%d page(s) checked, %d unreadable, %d difference(s) of drift\n", len(r.Results), len(r.Errors), r.Drift)
	return err
}

func revisionSuffix(rev string) string {
	if rev == "" {
		return ""
	}
	return ", revision " + rev
}
