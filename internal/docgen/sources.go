package docgen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"

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
	out := make([]entry, len(requirement.Catalog))
	for i, r := range requirement.Catalog {
		needs := make([]string, len(r.Needs))
		for j, n := range r.Needs {
			needs[j] = string(n)
		}
		out[i] = entry{ID: r.ID, Group: string(r.Group), Title: r.Title, Needs: needs, Labels: r.Labels(), Codes: r.Codes}
	}
	return out
}

// brokenTargetsFile and brokenTargetsVar name the test table of broken
// implementations. It lives in a test file of package main, which no package can
// import, so its length is read from the source.
const (
	brokenTargetsFile = "cmd/dli-conformance/catalogue_test.go"
	brokenTargetsVar  = "catalogue"
)

// brokenTargets counts the entries of the broken-implementation table under
// root. A table that moved or changed shape is an error naming where it looked,
// not a count of zero.
func brokenTargets(root string) (int, error) {
	path := filepath.Join(root, filepath.FromSlash(brokenTargetsFile))
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return 0, fmt.Errorf("read the broken implementations: %w", err)
	}
	for _, decl := range f.Decls {
		gen, ok := decl.(*ast.GenDecl)
		if !ok || gen.Tok != token.VAR {
			continue
		}
		for _, spec := range gen.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, name := range vs.Names {
				if name.Name != brokenTargetsVar || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok {
					return 0, fmt.Errorf("%s: var %s is not a slice literal", brokenTargetsFile, brokenTargetsVar)
				}
				return len(lit.Elts), nil
			}
		}
	}
	return 0, fmt.Errorf("%s declares no var %s", brokenTargetsFile, brokenTargetsVar)
}
