package docs

import (
	"fmt"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Identify sets the page's id when the page does not state it: override when given,
// else the id the page states, else the listed page with the page's title, else the
// page of the contract operation its URI format routes to.
func Identify(p *Page, list PageList, c *contract.Contract, override string) error {
	switch {
	case override != "":
		p.ID = override
		return nil
	case p.ID != "":
		return nil
	}
	if info, ok := list.ByTitle(p.Title); ok && p.Title != "" {
		p.ID = info.ID
		return nil
	}
	if p.Path != "" {
		if op, ok := operationAt(c, p.Method, p.Path); ok && pageOf(op.Ref) != "" {
			p.ID = pageOf(op.Ref)
			return nil
		}
	}
	return fmt.Errorf("%s: the page states no page id, its title %q is not in the doc-pages list and its URI format %q routes to no operation: give --page-id",
		p.Name, p.Title, p.Method+" "+p.Path)
}

// operationAt returns the contract operation with the method and path template.
func operationAt(c *contract.Contract, method, path string) (operationView, bool) {
	item := c.Doc().Paths.Value(path)
	if item == nil {
		return operationView{}, false
	}
	op := item.GetOperation(method)
	if op == nil {
		return operationView{}, false
	}
	ref, _ := op.Extensions["x-doc-ref"].(string)
	return viewOf(c, path, method, item, op, ref), true
}

// ProfileOf is the profile a page documents by its form: the OTC reference is
// published as RST, the Huawei Cloud one as HTML (and its text rendering).
func ProfileOf(p Page) contract.Profile {
	if p.Form == FormRST {
		return contract.OTC
	}
	return contract.HuaweiCloud
}
