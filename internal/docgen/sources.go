package docgen

import (
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// entry is a requirement as the generated pages show it.
type entry struct {
	ID, Group, Title string
	Needs            []string
	// Labels are every Ginkgo label of the requirement.
	Labels []string
	// Codes are the documented error codes of its failure.
	Codes []string
}

// catalogue is where the generated pages read the requirements from, in
// catalogue order: the one place to change when the catalogue moves (for
// example to the engine's values with their checks).
func catalogue() []entry {
	cat := requirement.Catalog()
	out := make([]entry, len(cat))
	for i, r := range cat {
		needs := make([]string, len(r.Needs))
		for j, n := range r.Needs {
			needs[j] = string(n)
		}
		out[i] = entry{ID: r.ID, Group: string(r.Group), Title: r.Title, Needs: needs, Labels: r.Labels(), Codes: r.Codes}
	}
	return out
}
