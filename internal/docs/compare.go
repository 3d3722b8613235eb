package docs

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Kind says how a page and the contract differ.
type Kind string

// The kinds of difference.
const (
	MissingInContract Kind = "missing-in-contract" // the page documents it, the contract does not
	MissingInDoc      Kind = "missing-in-doc"      // the contract has it, the page does not
	TypeDiffers       Kind = "type"
	MandatoryDiffers  Kind = "mandatory"
	StatusSource      Kind = "status-source" // x-status-source does not match the page
	URIDiffers        Kind = "uri"
	ExampleRejected   Kind = "example" // the contract rejects the page's example
	NoOperation       Kind = "no-operation"
)

// Difference is one way a page and the contract disagree. Explained differences are
// departures the contract states on the element with x-doc-note (Note); the others
// are drift.
type Difference struct {
	Page      string `json:"page"`
	Table     string `json:"table"`
	Row       string `json:"row,omitempty"`
	Field     string `json:"field,omitempty"`
	Kind      Kind   `json:"kind"`
	Doc       string `json:"doc,omitempty"`
	Contract  string `json:"contract,omitempty"`
	Explained bool   `json:"explained"`
	Note      string `json:"note,omitempty"`
}

// String is the difference in one line, for people.
func (d Difference) String() string {
	var b strings.Builder
	b.WriteString(d.Page + " " + d.Table)
	if d.Row != "" {
		b.WriteString(" row " + d.Row)
	}
	if d.Field != "" {
		b.WriteString(" [" + d.Field + "]")
	}
	fmt.Fprintf(&b, ": %s: doc %q, contract %q", d.Kind, d.Doc, d.Contract)
	if d.Explained {
		b.WriteString(" (explained: " + d.Note + ")")
	}
	return b.String()
}

// Drift returns the differences that are not explained.
func Drift(ds []Difference) []Difference {
	return slices.DeleteFunc(slices.Clone(ds), func(d Difference) bool { return d.Explained })
}

// Compare compares a page with the contract's operation for the page's id (the
// operation whose x-doc-ref names it). The page must have an ID (see Identify).
func Compare(c *contract.Contract, p Page) []Difference {
	_, ds := compare(c, p)
	return ds
}

// compare returns the operation the page was compared with ("" when none) and the
// differences.
func compare(c *contract.Contract, p Page) (string, []Difference) {
	ops := operationsFor(c, p.ID)
	if p.ID == "" || len(ops) == 0 {
		return "", []Difference{{Page: p.ID, Table: "page", Kind: NoOperation, Doc: p.Title,
			Contract: "no operation has x-doc-ref " + strconv.Quote(p.ID)}}
	}
	op := ops[0]
	if len(ops) > 1 && p.Path != "" { // several operations cite the page: take its route
		for _, o := range ops {
			if o.Path == p.Path && o.Method == p.Method {
				op = o
			}
		}
	}
	cmp := comparer{page: p.ID}
	cmp.uri(p, op)
	for _, t := range p.Tables {
		switch t.Role {
		case RoleURI:
			cmp.fields(t, op.Params["path"], true)
		case RoleQuery:
			cmp.fields(t, op.Params["query"], true)
		case RoleRequest:
			cmp.fields(t, op.Request, true)
		case RoleResponse:
			cmp.fields(t, op.Response, hasColumn(t, "Mandatory"))
		case RoleStatus:
			cmp.statuses(t, op.Statuses)
		}
	}
	cmp.examples(c, p, op)
	return op.ID, cmp.out
}

type comparer struct {
	page string
	out  []Difference
}

func (cm *comparer) add(d Difference, note string) {
	d.Page = cm.page
	if note != "" && d.Kind != MissingInContract && d.Kind != ExampleRejected {
		d.Explained, d.Note = true, note
	}
	cm.out = append(cm.out, d)
}

func (cm *comparer) uri(p Page, op operationView) {
	if p.Path == "" {
		return
	}
	if p.Method != op.Method || p.Path != op.Path {
		cm.add(Difference{Table: "URI format", Kind: URIDiffers,
			Doc: p.Method + " " + p.Path, Contract: op.Method + " " + op.Path}, "")
	}
}

// fields compares a parameter table with the contract's fields of the same place.
func (cm *comparer) fields(t Table, ct []field, mandatory bool) {
	seen := map[string]bool{}
	for _, r := range t.Rows {
		name, _ := r.Cell("Parameter", "Name", "Field")
		name = strings.Trim(name, "*` ")
		if name == "" {
			continue
		}
		seen[name] = true
		row := fmt.Sprintf("%d (%s)", r.Index, name)
		i := slices.IndexFunc(ct, func(f field) bool { return f.Name == name })
		if i < 0 {
			cm.add(Difference{Table: t.Label(), Row: row, Field: "Parameter", Kind: MissingInContract, Doc: name}, "")
			continue
		}
		f := ct[i]
		if typ, ok := r.Cell("Type"); ok {
			if dt := docType(typ); !typesAgree(dt, f.Type) {
				cm.add(Difference{Table: t.Label(), Row: row, Field: "Type", Kind: TypeDiffers, Doc: typ, Contract: f.Type}, f.Note)
			}
		}
		if m, ok := r.Cell("Mandatory"); ok && mandatory {
			doc := strings.EqualFold(strings.TrimSpace(m), "yes")
			if doc != f.Required {
				cm.add(Difference{Table: t.Label(), Row: row, Field: "Mandatory", Kind: MandatoryDiffers,
					Doc: m, Contract: yesNo(f.Required)}, f.Note)
			}
		}
	}
	for _, f := range ct {
		if !seen[f.Name] {
			cm.add(Difference{Table: t.Label(), Row: f.Name, Field: "Parameter", Kind: MissingInDoc, Contract: f.Name}, f.Note)
		}
	}
}

// statuses compares a status-code table with the operation's declared responses.
func (cm *comparer) statuses(t Table, ct []status) {
	seen := map[int]bool{}
	for _, r := range t.Rows {
		cell, _ := r.Cell("Status Code", "HTTP Status Code", "Status code")
		code, err := strconv.Atoi(strings.TrimSpace(cell))
		if err != nil {
			continue
		}
		seen[code] = true
		row := fmt.Sprintf("%d (%d)", r.Index, code)
		i := slices.IndexFunc(ct, func(s status) bool { return s.Code == code })
		if i < 0 {
			cm.add(Difference{Table: t.Label(), Row: row, Field: "Status Code", Kind: MissingInContract, Doc: cell}, "")
			continue
		}
		// A status the page lists is DLI's own: doc-page, or error-codes when the body
		// is the error-code page's; the gateway's it cannot be.
		if src := ct[i].Source; src != "doc-page" && src != "error-codes" {
			cm.add(Difference{Table: t.Label(), Row: row, Field: "x-status-source", Kind: StatusSource,
				Doc: "listed on the page", Contract: src}, "")
		}
	}
	for _, s := range ct {
		if seen[s.Code] {
			continue
		}
		d := Difference{Table: t.Label(), Row: strconv.Itoa(s.Code), Field: "Status Code", Kind: MissingInDoc,
			Contract: strconv.Itoa(s.Code) + " (x-status-source " + s.Source + ")"}
		if s.Source == "doc-page" { // it claims the page, so no note can explain it
			d.Kind = StatusSource
			cm.add(d, "")
			continue
		}
		cm.add(d, s.Note)
	}
}

// examples validates the page's example request and response bodies against the
// contract.
func (cm *comparer) examples(c *contract.Contract, p Page, op operationView) {
	ctx := context.Background()
	req := contract.Request{Method: op.Method, Target: op.target, Header: jsonHeader(), Body: []byte(p.ExampleRequest)}
	if p.ExampleRequest != "" {
		if err := c.CheckRequest(ctx, req); err != nil {
			cm.add(Difference{Table: "Example Request", Field: "body", Kind: ExampleRejected,
				Doc: p.ExampleRequest, Contract: err.Error()}, "")
		}
	}
	if p.ExampleResponse != "" && op.success != 0 {
		if p.ExampleRequest == "" {
			req.Body = nil
		}
		resp := contract.Response{Status: op.success, Header: jsonHeader(), Body: []byte(p.ExampleResponse)}
		if err := c.CheckResponse(ctx, req, resp); err != nil {
			cm.add(Difference{Table: "Example Response", Field: "body", Kind: ExampleRejected,
				Doc: p.ExampleResponse, Contract: err.Error()}, "")
		}
	}
}

func hasColumn(t Table, name string) bool { return slices.Contains(t.Header, name) }

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}
