package generate

import (
	"cmp"
	"fmt"
	"maps"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// operation is what the generator reads of one operation of the contract.
type operation struct {
	id       string
	method   string
	template string
	// params are the path, query and header parameters, sorted by place and name.
	params       []*openapi3.Parameter
	body         *openapi3.Schema
	bodyRequired bool
	mediaType    string
}

func findOperation(c *contract.Contract, id string) (*operation, error) {
	doc := c.Doc()
	for _, tmpl := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(tmpl)
		for method, op := range item.Operations() {
			if op.OperationID != id {
				continue
			}
			o := &operation{id: id, method: method, template: tmpl}
			byKey := map[string]*openapi3.Parameter{}
			for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, p := range list {
					if p != nil && p.Value != nil {
						byKey[p.Value.In+"."+p.Value.Name] = p.Value
					}
				}
			}
			for _, k := range slices.Sorted(maps.Keys(byKey)) {
				if p := byKey[k]; p.In != openapi3.ParameterInCookie {
					o.params = append(o.params, p)
				}
			}
			slices.SortStableFunc(o.params, func(a, b *openapi3.Parameter) int { return cmp.Compare(placeOrder(a.In), placeOrder(b.In)) })
			if rb := op.RequestBody; rb != nil && rb.Value != nil {
				o.bodyRequired = rb.Value.Required
				o.mediaType = "application/json"
				mt := rb.Value.Content.Get(o.mediaType)
				if mt == nil {
					return nil, fmt.Errorf("operation %s: the generator reads application/json bodies only", id)
				}
				if mt.Schema != nil {
					o.body = mt.Schema.Value
				}
			}
			return o, nil
		}
	}
	return nil, fmt.Errorf("the contract has no operation %q", id)
}

func placeOrder(in string) int {
	return slices.Index([]string{openapi3.ParameterInPath, openapi3.ParameterInQuery, openapi3.ParameterInHeader}, in)
}

// paramField is the field path of a parameter: path.project_id, query.limit.
func paramField(p *openapi3.Parameter) string { return p.In + "." + p.Name }

func paramSchema(p *openapi3.Parameter) *openapi3.Schema {
	if p.Schema == nil {
		return nil
	}
	return p.Schema.Value
}

// step is one move from a JSON value to a member (key) or to an array element.
type step struct {
	key    string
	item   bool
	field  string
	schema *openapi3.Schema
}

// position is a place in the request body that has a schema: the body itself, an
// object member or an array element (element 0 stands for all of them).
type position struct {
	field  string
	steps  []step
	schema *openapi3.Schema
	// optional says that leaving the value out is valid: a property that is not
	// required, or the body of an operation whose body is optional.
	optional bool
}

func (p position) isProperty() bool { return len(p.steps) > 0 && !p.steps[len(p.steps)-1].item }
func (p position) isItem() bool     { return len(p.steps) > 0 && p.steps[len(p.steps)-1].item }

// maxSchemaDepth stops the walk of a recursive schema.
const maxSchemaDepth = 8

// bodyPositions lists every position of the body schema, depth first, members in
// name order.
func (o *operation) bodyPositions() []position {
	if o.body == nil {
		return nil
	}
	var out []position
	var walk func(p position)
	walk = func(p position) {
		out = append(out, p)
		if len(p.steps) >= maxSchemaDepth {
			return
		}
		props, required := properties(p.schema)
		for _, name := range slices.Sorted(maps.Keys(props)) {
			s := props[name]
			field := p.field + "." + name
			walk(position{field: field, schema: s, optional: !required[name],
				steps: append(slices.Clone(p.steps), step{key: name, field: field, schema: s})})
		}
		if p.schema.Items != nil && p.schema.Items.Value != nil {
			s := p.schema.Items.Value
			field := p.field + "[]"
			walk(position{field: field, schema: s,
				steps: append(slices.Clone(p.steps), step{item: true, field: field, schema: s})})
		}
	}
	walk(position{field: "body", schema: o.body, optional: !o.bodyRequired})
	return out
}

// properties merges the members of a schema and of its allOf parts.
func properties(s *openapi3.Schema) (map[string]*openapi3.Schema, map[string]bool) {
	props, required := map[string]*openapi3.Schema{}, map[string]bool{}
	var add func(s *openapi3.Schema, depth int)
	add = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > maxSchemaDepth {
			return
		}
		for name, ref := range s.Properties {
			if ref != nil && ref.Value != nil {
				props[name] = ref.Value
			}
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for _, part := range s.AllOf {
			add(part.Value, depth+1)
		}
	}
	add(s, 0)
	return props, required
}

// Fields lists every request field of the operation as the coverage report names
// them: path.<name>, query.<name>, header.<name>, then body and each member and
// array element below it (body.queues, body.queues[]). It returns nil for an
// operation the contract does not have.
func Fields(c *contract.Contract, op string) []string {
	o, err := findOperation(c, op)
	if err != nil {
		return nil
	}
	var out []string
	for _, p := range o.params {
		out = append(out, paramField(p))
	}
	for _, p := range o.bodyPositions() {
		out = append(out, p.field)
	}
	return out
}
