package generate

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// nameList is a body array of strings whose elements have configured names.
type nameList struct {
	pos   position // the array
	names []string
}

// positives draws up to n distinct valid bodies from the configured names: each
// names a non-empty subset of at least one list, in any order, sometimes with a
// name twice. A list without configured names (pools under otc, or not given)
// never appears. Every body must bind each name once and nothing else.
func (g *generator) positives(n int) []candidate {
	positions := g.op.bodyPositions()
	var lists []nameList
	for _, p := range positions {
		if p.isProperty() && p.schema.Type.Is(openapi3.TypeArray) && p.schema.Items != nil &&
			p.schema.Items.Value != nil && p.schema.Items.Value.Type.Is(openapi3.TypeString) {
			if names := g.in.Values[p.field+"[]"]; len(names) > 0 {
				lists = append(lists, nameList{pos: p, names: names})
			}
		}
	}
	if len(lists) == 0 {
		return nil
	}
	rng := g.rng(purposePositive)
	seen := map[string]bool{}
	var out []candidate
	for attempt := 0; len(out) < n && attempt < 50*n; attempt++ {
		body := clone(g.base.body)
		bound := map[string][]string{}
		uses := map[string]bool{}
		for _, u := range g.base.uses {
			if !isNameField(lists, u) {
				uses[u] = true
			}
		}
		chosen := rng.Perm(len(lists))[:1+rng.IntN(len(lists))]
		for i, l := range lists {
			if !slices.Contains(chosen, i) {
				if l.pos.optional {
					body = deleteAt(body, l.pos)
				}
				continue
			}
			names := drawNames(rng, l.names)
			arr := make([]any, len(names))
			for j, name := range names {
				arr[j] = name
			}
			body = setAt(body, l.pos.steps, arr, &values{uses: map[string]bool{}})
			bound[l.pos.field+"[]"] = distinct(names)
			uses[l.pos.field+"[]"] = true
		}
		encoded, err := encode(body)
		if err != nil || seen[string(encoded)] {
			continue
		}
		seen[string(encoded)] = true
		var exercised []Exercise
		for _, p := range g.op.params {
			if _, ok := g.base.params[paramField(p)]; ok {
				exercised = append(exercised, Exercise{Field: paramField(p), Positive: true})
			}
		}
		for _, f := range present(positions, body) {
			exercised = append(exercised, Exercise{Field: f, Positive: true})
		}
		out = append(out, candidate{
			id:    "GEN-POS", // numbered once the budget has chosen
			title: fmt.Sprintf("binds %s with 200 and is_success true, listing each name once and changing nothing else", encoded),
			kind:  Positive, field: "body", bound: bound, exercised: exercised,
			uses: slices.Sorted(maps.Keys(uses)),
			req:  g.base.request(g.base.params, encoded),
		})
	}
	return out
}

// drawNames picks a non-empty subset of names, sometimes repeats one of them, and
// shuffles the result.
func drawNames(rng *rand.Rand, names []string) []string {
	perm := rng.Perm(len(names))
	var out []string
	for _, i := range perm[:1+rng.IntN(len(names))] {
		out = append(out, names[i])
	}
	if rng.IntN(3) == 0 {
		for range 1 + rng.IntN(2) {
			out = append(out, out[rng.IntN(len(out))])
		}
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func distinct(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

func isNameField(lists []nameList, field string) bool {
	for _, l := range lists {
		if l.pos.field+"[]" == field {
			return true
		}
	}
	return false
}

func deleteAt(body any, p position) any {
	parent := getAt(body, p.steps[:len(p.steps)-1])
	if m, ok := parent.(map[string]any); ok {
		delete(m, p.steps[len(p.steps)-1].key)
	}
	return body
}
