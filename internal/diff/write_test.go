package diff

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWriteLeavesTheThreeReports(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "reports", "diff")
	r := viewSample()
	if err := Write(dir, r); err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	var back Result
	if err := json.Unmarshal([]byte(read(JSONFile)), &back); err != nil {
		t.Fatalf("%s: %v", JSONFile, err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("%s does not read back as the Result written:\n got %+v\nwant %+v", JSONFile, back, r)
	}
	if j := read(JSONFile); !strings.HasPrefix(j, "{\n  \"schema_version\": 1,\n") || !strings.HasSuffix(j, "}\n") {
		t.Errorf("%s is not indented JSON ending in a newline", JSONFile)
	}
	if page := read(HTMLFile); !strings.HasPrefix(page, "<!DOCTYPE html>") || !strings.Contains(page, "BIND-QUEUES#1") {
		t.Errorf("%s is not the page", HTMLFile)
	}
	if md := read(MarkdownFile); !strings.HasPrefix(md, "## ❌ DLI Binding a Queue differential run: DIFFER") {
		t.Errorf("%s is not the summary", MarkdownFile)
	}
}

// A consumer of diff.json meets a list where the layout says one, never null.
func TestWriteGivesEmptyListsAsArrays(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, Result{SchemaVersion: SchemaVersion}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, JSONFile))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"compared", "differences", "requirements"} {
		if _, ok := doc[key].([]any); !ok {
			t.Errorf("%s: %q is %v, want an array", JSONFile, key, doc[key])
		}
	}
}

func TestWriteErrorsNameTheFile(t *testing.T) {
	for _, name := range []string{JSONFile, HTMLFile, MarkdownFile} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			// A directory where the file should be makes its write fail, as
			// root too.
			if err := os.Mkdir(filepath.Join(dir, name), 0o755); err != nil {
				t.Fatal(err)
			}
			err := Write(dir, viewSample())
			if err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("error %v does not name %s", err, name)
			}
		})
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(filepath.Join(file, "diff"), viewSample()); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("error %v does not name the directory that cannot be made", err)
	}
}
