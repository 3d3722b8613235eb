package verdict

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

func TestErrorShowsEvidenceAndSteps(t *testing.T) {
	f := Failure{Kind: Effect, Message: "lost", Steps: []Step{{Description: "bind q", Curl: "curl x"}}, Exchange: "> POST", Curl: "curl y", Undone: []string{"unbound q"}}
	s := f.Error()
	for _, want := range []string{"[effect] lost", "1. bind q", "curl x", "exchange:\n> POST", "reproduce:\n  curl y", "undone: unbound q"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
}

// Every constant of type Kind declared in the package, read from its source
// so that a kind added without help fails here.
func TestEveryKindIsExplained(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, spec := range g.Specs {
				v := spec.(*ast.ValueSpec)
				if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Kind" {
					continue
				}
				for _, val := range v.Values {
					lit := val.(*ast.BasicLit)
					k := Kind(strings.Trim(lit.Value, `"`))
					n++
					if Help[k] == "" {
						t.Errorf("kind %s has no help", k)
					}
				}
			}
		}
	}
	if n < 10 || len(Help) != n {
		t.Errorf("%d kinds declared, %d explained", n, len(Help))
	}
}
