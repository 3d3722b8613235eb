package generate

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Sizes of the large and deep values. They stay under what one shell argument may
// hold (128 KiB on Linux) so that the curl line of a failure still runs.
const (
	oversizedItems  = 4096
	oversizedString = 16 << 10
	nestedDepth     = 1000  // Jackson's default limit; Go's decoder still reads it
	deepBodyDepth   = 10001 // one past Go's encoding/json limit
	longPathID      = 1024  // longer than any id, shorter than common URI limits
)

// wrongType is a JSON value of one type, as a mutation puts it in place of another.
type wrongType struct {
	name, phrase string
	value        func(valid any) any
}

// wrongTypes are the JSON types a value can wrongly have. The samples are built
// from the valid value where they can be, so that a lenient target has something
// to bind and shows it.
var wrongTypes = []wrongType{
	{"string", "a string", func(v any) any { return orDefault(firstString(v)) }},
	{"number", "a number", func(any) any { return 42 }},
	{"fraction", "a fractional number", func(any) any { return 4.5 }},
	{"boolean", "a boolean", func(any) any { return true }},
	{"object", "an object", func(v any) any { return map[string]any{"name": orDefault(firstString(v))} }},
	{"array", "an array", func(v any) any { return []any{v} }},
}

func orDefault(s string) string {
	if s == "" {
		return contract.PlaceholderText
	}
	return s
}

// permits says whether the schema accepts a value of the named wrong type.
func permits(s *openapi3.Schema, typ string) bool {
	if s == nil || s.Type == nil || len(s.Type.Slice()) == 0 {
		return true
	}
	t := s.Type
	switch typ {
	case "number":
		return t.Includes(openapi3.TypeNumber) || t.Includes(openapi3.TypeInteger)
	case "fraction":
		// A fraction is only a different mistake from 42 for an integer.
		return t.Includes(openapi3.TypeNumber) || !t.Includes(openapi3.TypeInteger)
	case "null":
		return s.Nullable || t.IncludesNull()
	default:
		return t.Includes(typ)
	}
}

// negatives lists the negative candidates: every body position and every path
// parameter, in the contract's order.
func (g *generator) negatives() []candidate {
	var out []candidate
	for _, p := range g.op.bodyPositions() {
		out = append(out, g.bodyNegatives(p)...)
	}
	for _, p := range g.op.params {
		if p.In == openapi3.ParameterInPath {
			out = append(out, g.pathNegatives(p)...)
		}
	}
	return out
}

func (g *generator) bodyNegatives(p position) []candidate {
	valid := g.base.valueAt(p)
	var out []candidate
	add := func(suffix, title string, body any, big bool) {
		c := g.bodyCandidate(p, suffix, title, body)
		c.big = big
		out = append(out, c)
	}
	var wrong []any
	for _, w := range wrongTypes {
		if permits(p.schema, w.name) {
			continue
		}
		v := w.value(valid)
		wrong = append(wrong, v)
		add(w.name, fmt.Sprintf("rejects %s given as %s", p.field, w.phrase), g.base.bodyWith(p, v), false)
	}
	if !permits(p.schema, "null") {
		c := g.bodyCandidate(p, "null", fmt.Sprintf("rejects %s given as null", p.field), g.base.bodyWith(p, nil))
		if p.optional {
			c.drop = "unsettled: a null in place of an optional value may be read as leaving it out, and the documentation does not say (the hand-written EITHER-NULL-ARRAYS covers it)"
		}
		out = append(out, c)
	}
	if p.isProperty() && len(wrong) >= 2 {
		parent := position{field: p.field, steps: p.steps[:len(p.steps)-1]}
		m, _ := getAt(g.base.bodyWith(p, valid), parent.steps).(map[string]any)
		rest := map[string]any{}
		for k, v := range m {
			if k != p.steps[len(p.steps)-1].key {
				rest[k] = v
			}
		}
		// Both values are wrong, so the body is invalid whichever one a reader keeps.
		dup := repeatedKey{Key: p.steps[len(p.steps)-1].key, Values: wrong[:2], Rest: rest}
		body := any(dup)
		if len(parent.steps) > 0 {
			body = setAt(clone(g.base.body), parent.steps, dup, &values{uses: map[string]bool{}})
		}
		add("duplicate-key", fmt.Sprintf("rejects %s given twice, both times with a wrong type", p.field), body, false)
	}
	if p.isItem() && !permits(p.schema, "array") {
		nested, err := nestArrays(valid, nestedDepth)
		if err == nil {
			add("deep", fmt.Sprintf("rejects %s nested in %d arrays", p.field, nestedDepth), g.base.bodyWith(p, nested), true)
		}
	}
	if p.isProperty() {
		nested, err := nestObjects(valid, nestedDepth)
		if err == nil {
			add("deep", fmt.Sprintf("rejects %s nested in %d objects", p.field, nestedDepth), g.base.bodyWith(p, nested), true)
		}
	}
	if p.schema.Type.Is(openapi3.TypeArray) {
		item := firstOf(valid)
		n := oversizedItems
		if p.schema.MaxItems != nil && int(*p.schema.MaxItems) >= n {
			n = int(*p.schema.MaxItems) + 1
		}
		add("oversized", fmt.Sprintf("rejects %s with %d elements", p.field, n), g.base.bodyWith(p, repeatItem(item, n)), true)
		if p.schema.Items != nil && !permits(p.schema.Items.Value, "number") {
			list := append(repeatItem(item, oversizedItems), 42)
			add("oversized-bad-tail", fmt.Sprintf("rejects %s with %d valid elements and a number after them", p.field, oversizedItems),
				g.base.bodyWith(p, list), true)
		}
	}
	if p.schema.Type.Is(openapi3.TypeString) && p.schema.Format == "" && p.schema.Pattern == "" && len(p.schema.Enum) == 0 {
		n := oversizedString
		if p.schema.MaxLength != nil && int(*p.schema.MaxLength) >= n {
			n = int(*p.schema.MaxLength) + 1
		}
		add("oversized", fmt.Sprintf("rejects %s of %d characters", p.field, n), g.base.bodyWith(p, fit(orDefault(firstString(valid)), n)), true)
	}
	if p.isProperty() {
		add("removed", fmt.Sprintf("rejects a body without %s", p.field), g.base.bodyWithout(p), false)
	}
	if len(p.steps) == 0 {
		out = append(out, g.rootNegatives(p)...)
	}
	return out
}

func (g *generator) rootNegatives(p position) []candidate {
	removed := candidate{id: "GEN-NEG-body-removed", title: "rejects a request without a body", kind: Negative, field: p.field,
		req: g.base.request(g.base.params, nil), uses: g.base.uses}
	empty := g.bodyCandidate(p, "empty-object", "rejects an empty object as the body", map[string]any{})
	deep := candidate{id: "GEN-NEG-body-deep", title: fmt.Sprintf("rejects a body of arrays nested %d deep", deepBodyDepth),
		kind: Negative, field: p.field, big: true, uses: g.base.uses,
		req: g.base.request(g.base.params, []byte(strings.Repeat("[", deepBodyDepth)+strings.Repeat("]", deepBodyDepth)))}
	return []candidate{removed, empty, deep}
}

// bodyCandidate is a negative that sends the base request with body v.
func (g *generator) bodyCandidate(p position, suffix, title string, v any) candidate {
	c := candidate{id: "GEN-NEG-" + slug(p.field) + "-" + suffix, title: title, kind: Negative, field: p.field, uses: g.base.uses}
	b, err := encode(v)
	if err != nil {
		c.drop = "cannot encode the body: " + err.Error()
		return c
	}
	c.req = g.base.request(g.base.params, b)
	return c
}

// pathShapes are path ids of the wrong shape, built around the valid value.
var pathShapes = []struct {
	name, phrase string
	value        func(valid string) string
}{
	{"empty", "that is empty", func(string) string { return "" }},
	{"long", fmt.Sprintf("%d characters long", longPathID), func(v string) string { return fit(v, longPathID) }},
	{"non-ascii", "with non-ASCII letters", func(v string) string { return "ünïcødé-" + v }},
	{"encoded-slash", "with a percent-encoded slash", func(v string) string { return v + "/" + v }},
	{"nul", "ending in a NUL character", func(v string) string { return v + "\x00" }},
	{"newline", "ending in a newline", func(v string) string { return v + "\n" }},
	{"crlf-header", "carrying CR LF and a header line", func(v string) string { return v + "\r\nX-Injected: 1" }},
	{"sql", "that looks like SQL injection", func(string) string { return "' OR '1'='1" }},
	{"traversal", "that looks like path traversal", func(string) string { return "../../etc/passwd" }},
	{"script", "that looks like an HTML script", func(string) string { return "<script>alert(1)</script>" }},
	{"template", "that looks like a JNDI lookup", func(string) string { return "${jndi:ldap://example.invalid/a}" }},
	{"shell", "that looks like shell substitution", func(string) string { return "$(id)" }},
}

func (g *generator) pathNegatives(p *openapi3.Parameter) []candidate {
	field := paramField(p)
	valid := g.base.params[field]
	var out []candidate
	for _, s := range pathShapes {
		v := s.value(valid)
		out = append(out, candidate{
			id: "GEN-NEG-" + slug(field) + "-" + s.name, title: fmt.Sprintf("rejects %s %s", field, s.phrase),
			kind: Negative, field: field, inPath: true, reroutes: reroutes(v), uses: g.base.uses,
			req: g.base.request(g.base.withParam(field, v), g.baseBody()),
		})
	}
	return out
}

// reroutes says whether a path id may make a gateway see another route: an empty
// segment, a slash (which some gateways decode before routing) or a dot segment.
func reroutes(v string) bool {
	return v == "" || v == "." || v == ".." || strings.ContainsAny(v, `/\`)
}

// fit repeats v (or "x") and cuts it to n characters.
func fit(v string, n int) string {
	r := []rune(v)
	if len(r) == 0 {
		r = []rune("x")
	}
	out := make([]rune, n)
	for i := range out {
		out[i] = r[i%len(r)]
	}
	return string(out)
}

func firstOf(v any) any {
	if arr, ok := v.([]any); ok && len(arr) > 0 {
		return arr[0]
	}
	return contract.PlaceholderText
}

func repeatItem(v any, n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = v
	}
	return out
}
