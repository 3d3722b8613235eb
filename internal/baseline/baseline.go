// Package baseline reads a known-failures file and applies it to a run's
// summary, so that a team can gate a release on "nothing new broke" while known
// deviations are tracked elsewhere:
//
//	known_failures:
//	  - id: CONN-UNKNOWN
//	    reason: "target answers 404; tracked in TICKET-12"
//
// A listed requirement that fails is an expected failure; one that passes is a
// stale entry and fails the run, so the file cannot silently outlive the bug.
package baseline

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// GeneratedPrefix starts the ids of generated cases; they are not in the
// catalogue, so any id with this prefix is accepted.
const GeneratedPrefix = "GEN-"

// StaleReason is the reason a stale entry gets in the reports.
const StaleReason = "listed as a known failure but passed: remove it from the baseline"

// Entry is one known failure.
type Entry struct {
	ID     string
	Reason string
}

// Baseline is a validated known-failures file.
type Baseline struct {
	// Path is the file it was read from.
	Path    string
	Entries []Entry
	byID    map[string]Entry
}

// Load reads and validates the baseline at path. Every error names the file,
// and where it lies in one, the entry index and the key.
func Load(path string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse validates a baseline read from name.
func Parse(name string, data []byte) (*Baseline, error) {
	entries, err := ParseList(name, data, List{Key: "known_failures", Known: known, Why: "why the failure is accepted and where it is tracked"})
	if err != nil {
		return nil, err
	}
	b := &Baseline{Path: name, Entries: entries, byID: map[string]Entry{}}
	for _, e := range entries {
		b.byID[e.ID] = e
	}
	return b, nil
}

// List is the form of one kind of baseline file: a top-level key holding a
// list of entries, each an id and a reason.
type List struct {
	// Key is the one top-level key.
	Key string
	// Known tells whether an id names something the entries may list; it
	// returns "" when it does, or what is wrong with the id.
	Known func(id string) string
	// Why says what a reason must say, for the error of a missing one.
	Why string
}

// ParseList validates a file of the form l read from name. Every error names
// the file, and where it lies in one, the entry index and the key.
func ParseList(name string, data []byte, l List) ([]Entry, error) {
	errorf := func(format string, args ...any) error {
		return fmt.Errorf("baseline %s: "+format, append([]any{name}, args...)...)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errorf("the file is empty; want a %s list", l.Key)
		}
		return nil, errorf("not YAML: %v", err)
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return nil, errorf("holds more than one YAML document")
	}
	if len(doc.Content) == 0 {
		return nil, errorf("the file is empty; want a %s list", l.Key)
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, errorf("line %d: the top level must be a mapping with the key %s", root.Line, l.Key)
	}
	var list *yaml.Node
	for i := 0; i < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Value != l.Key {
			return nil, errorf("line %d: unknown key %q; the only top-level key is %s", k.Line, k.Value, l.Key)
		}
		if list != nil {
			return nil, errorf("line %d: key %s appears twice", k.Line, l.Key)
		}
		list = v
	}
	if list == nil {
		return nil, errorf("no %s key", l.Key)
	}
	if list.Kind != yaml.SequenceNode && !isNull(list) {
		return nil, errorf("line %d: %s must be a list of entries with id and reason", list.Line, l.Key)
	}
	var entries []Entry
	firstIndex := map[string]int{}
	for i, item := range list.Content {
		at := func(line int, format string, args ...any) error {
			return errorf("%s[%d] (line %d): "+format, append([]any{l.Key, i, line}, args...)...)
		}
		if item.Kind != yaml.MappingNode {
			return nil, at(item.Line, "an entry must be a mapping with the keys id and reason")
		}
		var e Entry
		// Where each key sits, so that an error points at the line to fix.
		line := map[string]int{"id": item.Line, "reason": item.Line}
		seen := map[string]bool{}
		for j := 0; j < len(item.Content); j += 2 {
			k, v := item.Content[j], item.Content[j+1]
			if seen[k.Value] {
				return nil, at(k.Line, "key %s appears twice", k.Value)
			}
			seen[k.Value] = true
			var dst *string
			switch k.Value {
			case "id":
				dst = &e.ID
			case "reason":
				dst = &e.Reason
			default:
				return nil, at(k.Line, "unknown key %q; an entry has only id and reason", k.Value)
			}
			line[k.Value] = k.Line
			if v.Kind != yaml.ScalarNode || isNull(v) {
				return nil, at(k.Line, "key %s must be a string", k.Value)
			}
			*dst = strings.TrimSpace(v.Value)
		}
		if e.ID == "" {
			return nil, at(line["id"], "key id is missing or empty")
		}
		if wrong := l.Known(e.ID); wrong != "" {
			return nil, at(line["id"], "key id: %q %s", e.ID, wrong)
		}
		if e.Reason == "" {
			return nil, at(line["reason"], "key reason is missing or empty for %s: say %s", e.ID, l.Why)
		}
		if first, dup := firstIndex[e.ID]; dup {
			return nil, at(line["id"], "key id: %s is already listed at %s[%d]", e.ID, l.Key, first)
		}
		firstIndex[e.ID] = i
		entries = append(entries, e)
	}
	return entries, nil
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }

// known tells whether id is a requirement of the catalogue or a generated case.
func known(id string) string {
	if rest, ok := strings.CutPrefix(id, GeneratedPrefix); ok && rest != "" {
		return ""
	}
	if _, err := requirement.ByID(id); err == nil {
		return ""
	}
	return "is not a requirement of the catalogue (see `dli-conformance run --list`) nor a generated case (" + GeneratedPrefix + "…)"
}

// KnownID tells whether id is a requirement of the catalogue or a generated
// case, as Known of a List wants.
func KnownID(id string) string { return known(id) }

// Apply marks the summary's listed requirements: a failure becomes an expected
// failure, a pass becomes stale, a skip stays a skip. It recounts and returns
// whether the run passes: no failure, no stale entry, no setup failure.
func (b *Baseline) Apply(s *report.Summary) (passed bool) {
	s.Baseline = b.Path
	for i := range s.Requirements {
		r := &s.Requirements[i]
		e, listed := b.byID[r.ID]
		if !listed {
			continue
		}
		r.BaselineReason = e.Reason
		switch r.Status {
		case report.Failed:
			r.Status = report.ExpectedFailure
		case report.Passed:
			r.Status, r.Reason = report.Stale, StaleReason
		}
	}
	s.Recount()
	return s.Succeeded()
}
