package diff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// Known is a validated known-differences file, in the form of the run's
// known-failures baseline under its own key:
//
//	known_differences:
//	  - id: CONTENT-TYPE-NOT-JSON
//	    reason: "the emulator answers 415, the service 400; both documented"
//
// An id is a requirement id (every difference of its cases) or a case key
// (BIND-AGAIN#2). An entry that matches no difference is stale and fails the
// comparison, so the file cannot outlive the difference.
type Known struct {
	Path    string
	Entries []KnownEntry
}

// LoadKnown reads and validates the known differences at path.
func LoadKnown(path string) (*Known, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	return ParseKnown(path, data)
}

// ParseKnown validates known differences read from name; every error names
// the file and, within it, the entry and key.
func ParseKnown(name string, data []byte) (*Known, error) {
	errorf := func(format string, args ...any) error {
		return fmt.Errorf("baseline %s: "+format, append([]any{name}, args...)...)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorf("the file is empty; want a known_differences list")
		}
		return nil, errorf("not YAML: %v", err)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errorf("line %d: the top level must be a mapping with the key known_differences", root.Line)
	}
	k := &Known{Path: name}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		key := root.Content[i]
		if key.Value != "known_differences" {
			return nil, errorf("line %d: unknown key %q (want known_differences)", key.Line, key.Value)
		}
		list = root.Content[i+1]
	}
	if list == nil {
		return nil, errorf("no known_differences key")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, errorf("line %d: known_differences must be a list of {id, reason}", list.Line)
	}
	seen := map[string]bool{}
	for i, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, errorf("known_differences[%d] (line %d): want a mapping with id and reason", i, item.Line)
		}
		var e KnownEntry
		for j := 0; j+1 < len(item.Content); j += 2 {
			key, val := item.Content[j], item.Content[j+1]
			if val.Kind != yaml.ScalarNode {
				return nil, errorf("known_differences[%d].%s (line %d): want a string", i, key.Value, val.Line)
			}
			switch key.Value {
			case "id":
				e.ID = strings.TrimSpace(val.Value)
			case "reason":
				e.Reason = strings.TrimSpace(val.Value)
			default:
				return nil, errorf("known_differences[%d] (line %d): unknown key %q (want id and reason)", i, key.Line, key.Value)
			}
		}
		switch {
		case e.ID == "":
			return nil, errorf("known_differences[%d] (line %d): id is missing", i, item.Line)
		case e.Reason == "":
			return nil, errorf("known_differences[%d].reason (line %d): say why the difference is expected", i, item.Line)
		case seen[e.ID]:
			return nil, errorf("known_differences[%d].id (line %d): %s is listed twice", i, item.Line, e.ID)
		}
		req, _, _ := strings.Cut(e.ID, "#")
		if _, err := requirement.ByID(req); err != nil && !strings.HasPrefix(req, "GEN-") {
			return nil, errorf("known_differences[%d].id (line %d): %s names no requirement of the catalogue or generated case", i, item.Line, e.ID)
		}
		seen[e.ID] = true
		k.Entries = append(k.Entries, e)
	}
	return k, nil
}

// Apply marks each difference an entry expects with its reason (a key's entry
// wins over its requirement's) and lists the entries that matched none as
// stale.
func (k *Known) Apply(r *Result) {
	r.Baseline = k.Path
	used := map[string]bool{}
	reason := map[string]string{}
	for _, e := range k.Entries {
		reason[e.ID] = e.Reason
	}
	for i := range r.Differences {
		d := &r.Differences[i]
		for _, id := range []string{d.Key, d.Requirement} {
			if why, ok := reason[id]; ok {
				d.Known, used[id] = why, true
				break
			}
		}
	}
	for _, e := range k.Entries {
		if !used[e.ID] {
			r.Stale = append(r.Stale, e)
		}
	}
}
