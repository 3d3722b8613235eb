package docs

import (
	"embed"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The seeds, as shipped: the pages the contract was last checked against.
//
//go:embed testdata/binding-a-queue.otc.rst testdata/binding-a-queue.huaweicloud.txt
var shipped embed.FS

// ShippedPages reads the shipped copies of the seed pages, identified.
func ShippedPages() ([]Page, error) {
	list, err := ShippedPageList()
	if err != nil {
		return nil, err
	}
	entries, err := shipped.ReadDir("testdata")
	if err != nil {
		return nil, err
	}
	var out []Page
	for _, e := range entries {
		b, err := shipped.ReadFile("testdata/" + e.Name())
		if err != nil {
			return nil, err
		}
		p, err := Read(e.Name(), b)
		if err != nil {
			return nil, err
		}
		if p.ID == "" {
			if info, ok := list.ByTitle(p.Title); ok {
				p.ID = info.ID
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// OperationFidelity says, for one contract operation, which page it was written
// from and whether the contract still agrees with the shipped copy of that page.
type OperationFidelity struct {
	OperationID string `json:"operation_id"`
	PageID      string `json:"page_id"`
	PageTitle   string `json:"page_title,omitempty"`
	// Revision is the page's revision as the checked copy states it, else as the
	// doc-pages list gives it for the profile; "" when neither does.
	Revision string `json:"revision,omitempty"`
	// Checked is true when a page copy was compared; Passed when, in addition, the
	// comparison found no unexplained difference.
	Checked   bool     `json:"checked"`
	Passed    bool     `json:"passed"`
	Drift     int      `json:"drift"`
	Explained int      `json:"explained"`
	Pages     []string `json:"pages,omitempty"` // the copies compared
}

// Fidelity checks the contract against pages (the shipped seed copies when none are
// given) and returns one entry per contract operation, sorted by operation id.
// Operations whose page has no copy are listed unchecked, with what the doc-pages
// list knows of the page.
func Fidelity(c *contract.Contract, pages ...Page) []OperationFidelity {
	list, _ := ShippedPageList()
	if len(pages) == 0 {
		pages, _ = ShippedPages()
	}
	var out []OperationFidelity
	doc := c.Doc()
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, op := range item.Operations() {
			ref, _ := op.Extensions["x-doc-ref"].(string)
			f := OperationFidelity{OperationID: op.OperationID, PageID: pageOf(ref)}
			info := list[f.PageID]
			f.PageTitle, f.Revision = info.Title, info.Revisions[string(c.Profile())]
			for _, p := range pages {
				if p.ID != f.PageID {
					continue
				}
				r := Check(c, p)
				if r.Operation != op.OperationID {
					continue
				}
				f.Checked = true
				f.Drift += r.Drift
				f.Explained += r.Explained
				f.Pages = append(f.Pages, p.Name)
				if p.Revision != "" && ProfileOf(p) == c.Profile() {
					f.Revision = p.Revision
				}
			}
			f.Passed = f.Checked && f.Drift == 0
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b OperationFidelity) int { return strings.Compare(a.OperationID, b.OperationID) })
	return out
}
