package generate

import (
	"github.com/dli-conformance/dli-conformance/internal/ids"

	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// edge is one value at the edge of a constraint, before the contract says on which
// side it lies.
type edge struct {
	name, phrase string
	value        any
}

// boundaries lists the boundary candidates of every stated constraint: of each path
// parameter and of each body position.
func (g *generator) boundaries() []candidate {
	rng := g.rng(purposeBoundary)
	var out []candidate
	for _, p := range g.op.params {
		if p.In != openapi3.ParameterInPath {
			continue
		}
		field := paramField(p)
		valid := g.base.params[field]
		for _, e := range stringEdges(paramSchema(p), valid, rng) {
			v := fmt.Sprint(e.value)
			out = append(out, candidate{
				id: "GEN-BND-" + slug(field) + "-" + e.name, title: fmt.Sprintf("refuses %s %s", field, e.phrase),
				kind: Boundary, field: field, inPath: true, reroutes: reroutes(v), uses: g.base.uses,
				// A path id names a connection or project: one the target does not have
				// must be refused whatever its shape.
				nameLike: !strings.EqualFold(v, valid),
				req:      g.base.request(g.base.withParam(field, v), g.baseBody()),
			})
		}
	}
	for _, p := range g.op.bodyPositions() {
		valid := g.base.valueAt(p)
		var edges []edge
		switch {
		case p.schema.Type.Is(openapi3.TypeString):
			s, _ := valid.(string)
			edges = stringEdges(p.schema, s, rng)
		case p.schema.Type.Is(openapi3.TypeArray):
			edges = itemsEdges(p.schema, firstOf(valid))
		case p.schema.Type.Is(openapi3.TypeInteger), p.schema.Type.Is(openapi3.TypeNumber):
			edges = numberEdges(p.schema)
		}
		// Only a configured name list says what a just-valid value means here: a
		// name the target does not have, to be refused.
		names := len(g.in.Values[p.field]) > 0
		for _, e := range edges {
			c := g.bodyCandidate(p, e.name, fmt.Sprintf("refuses %s %s", p.field, e.phrase), g.base.bodyWith(p, e.value))
			c.id = strings.Replace(c.id, "GEN-NEG-", "GEN-BND-", 1)
			c.kind = Boundary
			c.nameLike = names && !strings.EqualFold(fmt.Sprint(e.value), fmt.Sprint(valid))
			out = append(out, c)
		}
	}
	return out
}

// stringEdges are the edges of a string's length, pattern, format and enum. valid
// is a value the schema accepts (the configured one where there is one).
func stringEdges(s *openapi3.Schema, valid string, rng *rand.Rand) []edge {
	if s == nil {
		return nil
	}
	var out []edge
	if n := int(s.MinLength); n > 0 {
		out = append(out,
			edge{"min-length-below", fmt.Sprintf("of %s, one under minLength", characters(n-1)), fit(valid, n-1)},
			edge{"min-length-at", fmt.Sprintf("of %s, at minLength", characters(n)), differentAt(fit(valid, n), valid)})
	}
	if s.MaxLength != nil {
		n := int(*s.MaxLength)
		out = append(out,
			edge{"max-length-at", fmt.Sprintf("of %s, at maxLength", characters(n)), differentAt(fit(valid, n), valid)},
			edge{"max-length-above", fmt.Sprintf("of %s, one over maxLength", characters(n+1)), fit(valid, n+1)})
	}
	if s.Pattern != "" && valid != "" {
		out = append(out, patternEdges(valid, rng)...)
	}
	if s.Format == "uuid" {
		u := randomUUID(rng)
		out = append(out,
			edge{"uuid-nil", "as the nil UUID", "00000000-0000-0000-0000-000000000000"},
			edge{"uuid-upper-case", "as an unknown UUID in upper case", strings.ToUpper(u)},
			edge{"uuid-no-hyphens", "as a UUID without hyphens", strings.ReplaceAll(u, "-", "")},
			edge{"uuid-braces", "as a UUID in braces", "{" + u + "}"},
			edge{"uuid-urn", "as a UUID URN", "urn:uuid:" + u})
	}
	for i, e := range s.Enum {
		v := fmt.Sprint(e)
		if flipped := flipCase(v); flipped != v {
			out = append(out, edge{fmt.Sprintf("enum-%d-case", i), fmt.Sprintf("as enum value %q in another case", v), flipped})
		}
		out = append(out, edge{fmt.Sprintf("enum-%d-longer", i), fmt.Sprintf("as enum value %q with a letter added", v), v + "x"})
	}
	return out
}

// patternEdges are single-character edits of a valid value; the contract tells
// which of them the pattern still accepts.
func patternEdges(valid string, rng *rand.Rand) []edge {
	r := []rune(valid)
	out := []edge{
		{"pattern-first-deleted", "with its first character deleted", string(r[1:])},
		{"pattern-last-repeated", "with its last character repeated", valid + string(r[len(r)-1])},
	}
	// Replace a character by another of the same kind found in the value (a hex
	// digit by a hex digit), and by one of a kind the value lacks.
	var same []int
	for i, ch := range r {
		if len(sameKind(r, ch)) > 0 {
			same = append(same, i)
		}
	}
	if len(same) > 0 {
		i := same[rng.IntN(len(same))]
		kin := sameKind(r, r[i])
		edited := append([]rune(nil), r...)
		edited[i] = kin[rng.IntN(len(kin))]
		out = append(out, edge{"pattern-same-kind", fmt.Sprintf("with character %d replaced by another of its kind", i+1), string(edited)})
	}
	for _, alien := range []rune{'_', '~', '!', 'Z'} {
		if !strings.ContainsRune(valid, alien) {
			i := rng.IntN(len(r))
			edited := append([]rune(nil), r...)
			edited[i] = alien
			out = append(out, edge{"pattern-alien", fmt.Sprintf("with character %d replaced by %q", i+1, alien), string(edited)})
			break
		}
	}
	return out
}

// sameKind lists the other characters of r of ch's kind (digit, lower-case or
// upper-case letter) that differ from ch even ignoring case.
func sameKind(r []rune, ch rune) []rune {
	kind := func(c rune) int {
		switch {
		case unicode.IsDigit(c):
			return 1
		case unicode.IsLower(c):
			return 2
		case unicode.IsUpper(c):
			return 3
		}
		return 0
	}
	var out []rune
	for _, c := range r {
		if kind(c) != 0 && kind(c) == kind(ch) && unicode.ToLower(c) != unicode.ToLower(ch) && !strings.ContainsRune(string(out), c) {
			out = append(out, c)
		}
	}
	return out
}

// differentAt changes the last character of v when it equals valid ignoring case, so
// that a just-valid value never names the configured resource.
func differentAt(v, valid string) string {
	if !strings.EqualFold(v, valid) || v == "" {
		return v
	}
	r := []rune(v)
	if r[len(r)-1] == 'x' {
		r[len(r)-1] = 'y'
	} else {
		r[len(r)-1] = 'x'
	}
	return string(r)
}

// itemsEdges are the invalid edges of an array's size: what a just-valid size must
// bind is the positive cases' business.
func itemsEdges(s *openapi3.Schema, item any) []edge {
	var out []edge
	if n := int(s.MinItems); n > 0 {
		out = append(out, edge{"min-items-below", fmt.Sprintf("with %d elements, one under minItems", n-1), repeatItem(item, n-1)})
	}
	if s.MaxItems != nil {
		n := int(*s.MaxItems) + 1
		out = append(out, edge{"max-items-above", fmt.Sprintf("with %d elements, one over maxItems", n), repeatItem(item, n)})
	}
	return out
}

// numberEdges are the invalid edges of a number's range.
func numberEdges(s *openapi3.Schema) []edge {
	var out []edge
	step := 1.0
	if s.Type.Is(openapi3.TypeNumber) {
		step = 0.5
	}
	if s.Min != nil {
		v := *s.Min - step
		if s.ExclusiveMin.IsTrue() {
			v = *s.Min
		}
		out = append(out, edge{"minimum-below", fmt.Sprintf("as %v, below the minimum", v), v})
	}
	if s.Max != nil {
		v := *s.Max + step
		if s.ExclusiveMax.IsTrue() {
			v = *s.Max
		}
		out = append(out, edge{"maximum-above", fmt.Sprintf("as %v, above the maximum", v), v})
	}
	return out
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}

func flipCase(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsUpper(r) {
			return unicode.ToLower(r)
		}
		return unicode.ToUpper(r)
	}, s)
}

// randomUUID draws a version 4 UUID from rng.
func randomUUID(rng *rand.Rand) string {
	var b [16]byte
	for i := range b {
		b[i] = byte(rng.UintN(256))
	}
	return ids.UUID(b, 4)
}
