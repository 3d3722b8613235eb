package diff

import (
	"fmt"
	"os"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/baseline"
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
	entries, err := baseline.ParseList(name, data, baseline.List{Key: "known_differences", Known: knownID,
		Why: "why the difference is expected"})
	if err != nil {
		return nil, err
	}
	k := &Known{Path: name}
	for _, e := range entries {
		k.Entries = append(k.Entries, KnownEntry{ID: e.ID, Reason: e.Reason})
	}
	return k, nil
}

// knownID accepts a requirement id or a case key (a requirement id, "#" and
// the case's place).
func knownID(id string) string {
	req, place, isKey := strings.Cut(id, "#")
	if isKey && place == "" {
		return "is a case key without its place (want, e.g., BIND-AGAIN#2)"
	}
	return baseline.KnownID(req)
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
