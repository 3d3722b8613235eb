package safewrite

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/redact"
)

const secret = "tok-VERY-SECRET-4d1e7f"

func TestWriterMasksASecretWrittenInPieces(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out, redact.New(secret))
	for _, piece := range []string{"line one tok-VERY", "-SECRET-4d1e7f end\nnext ", "tok-VERY-SECRET-4d1e7f"} {
		if _, err := w.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if got := out.String(); got != "line one "+redact.Mask+" end\n" {
		t.Fatalf("before Flush: %q", got)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); got != "line one "+redact.Mask+" end\nnext "+redact.Mask {
		t.Fatalf("after Flush: %q", got)
	}
}

func TestFileMasksWhateverItIsGiven(t *testing.T) {
	path := filepath.Join(t.TempDir(), "any-name.bin")
	if err := File(redact.New(secret), path, []byte(`{"a_field_no_one_knows":"`+secret+`"}`)); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if string(got) != `{"a_field_no_one_knows":"`+redact.Mask+`"}` {
		t.Fatalf("got %s", got)
	}
}

// writesFiles are the calls that create or write a file.
var writesFiles = map[string]bool{"WriteFile": true, "Create": true, "OpenFile": true}

// allowedWriters write no output of a run: the check that the report
// directory is writable (an empty file, removed), the generated
// documentation, and a test helper.
var allowedWriters = []string{"internal/safewrite/", "internal/config/reportdir.go", "internal/docgen/", "internal/browser/"}

// TestEveryFileIsWrittenThroughSafewrite fails for a call of os.WriteFile,
// os.Create or os.OpenFile in the project's code outside this package: a
// file written there would bypass the redactor.
func TestEveryFileIsWrittenThroughSafewrite(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		rel := filepath.ToSlash(strings.TrimPrefix(path, root+string(filepath.Separator)))
		for _, a := range allowedWriters {
			if strings.HasPrefix(rel, a) {
				return nil
			}
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" && writesFiles[sel.Sel.Name] {
				t.Errorf("%s: os.%s writes a file past the redactor: use safewrite", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
