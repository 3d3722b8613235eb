package docs

import (
	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Result is the drift check of one page against one profile's contract.
type Result struct {
	Name        string           `json:"name"`
	PageID      string           `json:"page_id"`
	Title       string           `json:"title"`
	Revision    string           `json:"revision,omitempty"`
	Form        Form             `json:"form"`
	Profile     contract.Profile `json:"profile"`
	Operation   string           `json:"operation,omitempty"`
	Differences []Difference     `json:"differences"`
	Drift       int              `json:"drift"`
	Explained   int              `json:"explained"`
}

// Agrees reports whether the page and the contract differ only in explained ways.
func (r Result) Agrees() bool { return r.Drift == 0 }

// Check compares an identified page with the contract (see Identify and Compare).
func Check(c *contract.Contract, p Page) Result {
	op, ds := compare(c, p)
	r := Result{Name: p.Name, PageID: p.ID, Title: p.Title, Revision: p.Revision, Form: p.Form,
		Profile: c.Profile(), Operation: op, Differences: ds}
	if r.Differences == nil {
		r.Differences = []Difference{}
	}
	for _, d := range ds {
		if d.Explained {
			r.Explained++
		} else {
			r.Drift++
		}
	}
	return r
}
