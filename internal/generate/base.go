package generate

import (
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// values builds valid values from the inputs, or from the schema where no input is
// given, and remembers which inputs it used.
type values struct {
	in   Inputs
	uses map[string]bool
}

func (v *values) has(field string, s *openapi3.Schema) bool {
	if len(v.in.Values[field]) > 0 {
		return true
	}
	if s == nil {
		return false
	}
	if s.Items != nil && s.Items.Value != nil && v.has(field+"[]", s.Items.Value) {
		return true
	}
	props, _ := properties(s)
	for name, p := range props {
		if v.has(field+"."+name, p) {
			return true
		}
	}
	return false
}

// valid returns a value the schema accepts: the first configured input, else one
// made from the schema. Objects carry their required members and those with inputs;
// arrays carry one element, or minItems.
func (v *values) valid(field string, s *openapi3.Schema) any {
	if in := v.in.Values[field]; len(in) > 0 {
		v.uses[field] = true
		return in[0]
	}
	if s == nil {
		return contract.PlaceholderText
	}
	switch {
	case s.Type.Is(openapi3.TypeObject) || (s.Type == nil && len(s.Properties) > 0):
		props, required := properties(s)
		m := map[string]any{}
		for _, name := range slices.Sorted(maps.Keys(props)) {
			f := field + "." + name
			if required[name] || v.has(f, props[name]) {
				m[name] = v.valid(f, props[name])
			}
		}
		return m
	case s.Type.Is(openapi3.TypeArray):
		var item *openapi3.Schema
		if s.Items != nil {
			item = s.Items.Value
		}
		n := max(1, int(s.MinItems))
		out := make([]any, 0, n)
		in := v.in.Values[field+"[]"]
		for i := range n {
			if len(in) > 0 {
				v.uses[field+"[]"] = true
				out = append(out, in[i%len(in)])
				continue
			}
			out = append(out, v.valid(field+"[]", item))
		}
		return out
	default:
		return leafSample(s)
	}
}

// leafSample is the contract's sample of a schema that is neither object nor
// array, an integer as one (it may go in a path or query); the contract's
// placeholder text where the schema admits no sample (the contract's own tests
// prove that none of its schemas is such).
func leafSample(s *openapi3.Schema) any {
	v, err := contract.Sample(s)
	if err != nil {
		return contract.PlaceholderText
	}
	if f, isNumber := v.(float64); isNumber && s.Type.Is(openapi3.TypeInteger) && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
		return int64(f)
	}
	return v
}

// base is a valid request of the operation: path parameters and required query
// and header parameters from the inputs, and a valid body.
type base struct {
	op     *operation
	params map[string]string // by field
	body   any               // nil when the operation takes no body
	uses   []string
}

func newBase(o *operation, in Inputs) base {
	v := &values{in: in, uses: map[string]bool{}}
	b := base{op: o, params: map[string]string{}}
	for _, p := range o.params {
		if p.In == openapi3.ParameterInPath || p.Required {
			b.params[paramField(p)] = fmt.Sprint(v.valid(paramField(p), paramSchema(p)))
		}
	}
	if o.body != nil {
		b.body = v.valid("body", o.body)
	}
	b.uses = slices.Sorted(maps.Keys(v.uses))
	return b
}

// request renders the operation with the given parameters (field → raw value,
// escaped here) and body bytes; a nil body sends none.
func (b base) request(params map[string]string, body []byte) contract.Request {
	target := b.op.template
	query := url.Values{}
	header := http.Header{}
	for _, p := range b.op.params {
		val, ok := params[paramField(p)]
		if !ok {
			continue
		}
		switch p.In {
		case openapi3.ParameterInPath:
			target = strings.ReplaceAll(target, "{"+p.Name+"}", url.PathEscape(val))
		case openapi3.ParameterInQuery:
			query.Set(p.Name, val)
		case openapi3.ParameterInHeader:
			header.Set(p.Name, val)
		}
	}
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	if body != nil {
		header.Set("Content-Type", b.op.mediaType)
	}
	return contract.Request{Method: b.op.method, Target: target, Header: header, Body: body}
}

// withParam returns the base parameters with one replaced.
func (b base) withParam(field, val string) map[string]string {
	out := maps.Clone(b.params)
	out[field] = val
	return out
}

// bodyWith returns the base body with the value at p replaced by v; containers on
// the way that the base lacks are filled with valid values.
func (b base) bodyWith(p position, v any) any {
	return setAt(clone(b.body), p.steps, v, &values{uses: map[string]bool{}})
}

// bodyWithout returns the base body with the member at p left out.
func (b base) bodyWithout(p position) any {
	return deleteAt(clone(b.body), p)
}

// valueAt returns the base body's value at p, or a valid one where the base has none.
func (b base) valueAt(p position) any {
	if v := getAt(b.body, p.steps); v != nil {
		return v
	}
	return (&values{uses: map[string]bool{}}).valid(p.field, p.schema)
}

func getAt(v any, steps []step) any {
	for _, s := range steps {
		switch t := v.(type) {
		case map[string]any:
			if s.item {
				return nil
			}
			v = t[s.key]
		case []any:
			if !s.item || len(t) == 0 {
				return nil
			}
			v = t[0]
		default:
			return nil
		}
	}
	return v
}

func setAt(cur any, steps []step, v any, fill *values) any {
	if len(steps) == 0 {
		return v
	}
	s := steps[0]
	if s.item {
		arr, ok := cur.([]any)
		if !ok || len(arr) == 0 {
			arr = []any{fill.valid(s.field, s.schema)}
		}
		arr[0] = setAt(arr[0], steps[1:], v, fill)
		return arr
	}
	m, ok := cur.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	child, present := m[s.key]
	if !present && len(steps) > 1 {
		child = fill.valid(s.field, s.schema)
	}
	m[s.key] = setAt(child, steps[1:], v, fill)
	return m
}

// present lists the fields of positions that value carries.
func present(positions []position, value any) []string {
	var out []string
	for _, p := range positions {
		if len(p.steps) == 0 || getAt(value, p.steps) != nil {
			out = append(out, p.field)
		}
	}
	return out
}
