package docs

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// operationView is a contract operation as a page documents one: its route, its
// parameters, its request and success-response fields and its statuses.
type operationView struct {
	ID       string
	Method   string
	Path     string
	Ref      string             // the operation's x-doc-ref
	Params   map[string][]field // by "path" and "query"
	Request  []field
	Response []field
	Statuses []status
	success  int    // the status whose body Response describes
	target   string // Path with each path parameter's sample, for checking the page's example
}

type field struct {
	Name     string
	Type     string // canonical: string, integer, boolean, number, object, array<string>, array<object>
	Required bool
	Note     string // x-doc-note of the element
}

type status struct {
	Code   int
	Source string // x-status-source
	Note   string
}

// operationsFor returns the contract's operations whose x-doc-ref names the page id.
func operationsFor(c *contract.Contract, pageID string) []operationView {
	var out []operationView
	doc := c.Doc()
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			ref, _ := op.Extensions["x-doc-ref"].(string)
			if pageOf(ref) != pageID {
				continue
			}
			out = append(out, viewOf(c, path, method, item, op, ref))
		}
	}
	slices.SortFunc(out, func(a, b operationView) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func pageOf(ref string) string { id, _, _ := strings.Cut(ref, "#"); return id }

func viewOf(c *contract.Contract, path, method string, item *openapi3.PathItem, op *openapi3.Operation, ref string) operationView {
	v := operationView{ID: op.OperationID, Method: strings.ToUpper(method), Path: path, Ref: ref, Params: map[string][]field{}, target: path}
	for _, params := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, p := range params {
			if p.Value == nil {
				continue
			}
			if p.Value.In == openapi3.ParameterInPath {
				v.target = strings.ReplaceAll(v.target, "{"+p.Value.Name+"}", url.PathEscape(sampleOf(p.Value)))
			}
			v.Params[p.Value.In] = append(v.Params[p.Value.In], field{
				Name: p.Value.Name, Type: typeOf(p.Value.Schema), Required: p.Value.Required, Note: noteOf(p.Value.Extensions)})
		}
	}
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		if mt := op.RequestBody.Value.Content.Get("application/json"); mt != nil {
			v.Request = fieldsOf(mt.Schema)
		}
	}
	for _, code := range c.DeclaredStatuses(op.OperationID) {
		r := op.Responses.Status(code)
		s := status{Code: code, Source: c.StatusSource(op.OperationID, code)}
		if r != nil && r.Value != nil {
			s.Note = noteOf(r.Value.Extensions)
		}
		v.Statuses = append(v.Statuses, s)
		if code >= 200 && code < 300 && v.success == 0 {
			v.success = code
			if r != nil && r.Value != nil {
				if mt := r.Value.Content.Get("application/json"); mt != nil {
					v.Response = fieldsOf(mt.Schema)
				}
			}
		}
	}
	return v
}

// fieldsOf lists the top-level properties of a schema, allOf parts merged.
func fieldsOf(ref *openapi3.SchemaRef) []field {
	var out []field
	var walk func(r *openapi3.SchemaRef)
	walk = func(r *openapi3.SchemaRef) {
		if r == nil || r.Value == nil {
			return
		}
		s := r.Value
		for _, part := range s.AllOf {
			walk(part)
		}
		names := make([]string, 0, len(s.Properties))
		for n := range s.Properties {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			p := s.Properties[n]
			f := field{Name: n, Type: typeOf(p), Required: slices.Contains(s.Required, n)}
			if p.Value != nil {
				f.Note = noteOf(p.Value.Extensions)
			}
			if i := slices.IndexFunc(out, func(o field) bool { return o.Name == n }); i >= 0 {
				out[i].Required = out[i].Required || f.Required
				continue
			}
			out = append(out, f)
		}
	}
	walk(ref)
	return out
}

// typeOf is a schema's type in the canonical form docType also gives.
func typeOf(r *openapi3.SchemaRef) string {
	if r == nil || r.Value == nil || r.Value.Type == nil {
		return "any"
	}
	s := r.Value
	switch {
	case s.Type.Is("array"):
		if s.Items != nil && s.Items.Value != nil && s.Items.Value.Type != nil {
			if s.Items.Value.Type.Is("object") {
				return "array<object>"
			}
			return "array<" + s.Items.Value.Type.Slice()[0] + ">"
		}
		return "array"
	case len(s.Type.Slice()) > 0:
		return s.Type.Slice()[0]
	}
	return "any"
}

func noteOf(ext map[string]any) string {
	s, _ := ext["x-doc-note"].(string)
	return strings.TrimSpace(s)
}

// docType turns a documented type ("Array of Strings", "Long") into the canonical form.
func docType(s string) string {
	t := strings.ToLower(collapse(strings.ReplaceAll(s, "*", "")))
	if elem, ok := strings.CutPrefix(t, "array of "); ok {
		switch e := docType(strings.TrimSuffix(elem, "s")); e {
		case "object", "string", "integer", "boolean", "number":
			return "array<" + e + ">"
		}
		return "array"
	}
	switch t {
	case "string", "str":
		return "string"
	case "integer", "int", "int32", "int64", "long":
		return "integer"
	case "boolean", "bool":
		return "boolean"
	case "number", "float", "double", "bigdecimal":
		return "number"
	case "object", "json object", "map":
		return "object"
	case "array", "list":
		return "array"
	case "string array":
		return "array<string>"
	}
	return t
}

// typesAgree tells whether a documented type fits the contract's: an "Array" the
// page does not qualify fits any array.
func typesAgree(doc, ct string) bool {
	if doc == ct {
		return true
	}
	return doc == "array" && strings.HasPrefix(ct, "array")
}

// sampleOf is the contract's sample of a parameter, as it goes in a path. A
// parameter that admits no sample gets plain text, which the contract then
// refuses, so that the example check shows the parameter rather than hiding it.
func sampleOf(p *openapi3.Parameter) string {
	v, err := contract.SampleParameter(p)
	if err != nil {
		return contract.PlaceholderText
	}
	return fmt.Sprint(v)
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {"docs-check"}}
}
