package baseline

import (
	"strings"
	"testing"
)

// FuzzParse feeds the baseline parser arbitrary files. It must not panic; an error
// names the file; an accepted baseline has entries with an id, a reason and no id
// twice, each reachable by its id.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"known_failures:\n  - id: BIND-QUEUES\n    reason: tracked in T-1\n",
		"known_failures:\n  - id: GEN-0001\n    reason: generated\n  - id: BIND-POOLS\n    reason: r\n",
		"known_failures: []\n",
		"known_failures:\n",
		"known_failures:\n  - id: BIND-QUEUES\n    reason: a\n  - id: BIND-QUEUES\n    reason: b\n",
		"known_failures:\n  - id: NOT-A-REQUIREMENT\n    reason: r\n",
		"known_failures:\n  - id: [a]\n    reason: r\n",
		"other: 1\n",
		"known_failures: 1\n---\nknown_failures: 2\n",
		"- a\n- b\n",
		"",
		"\t: :",
		"known_failures:\n  - &a {id: BIND-QUEUES, reason: r}\n  - *a\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.yaml", data)
		if err != nil {
			if b != nil || !strings.HasPrefix(err.Error(), "baseline fuzz.yaml: ") {
				t.Fatalf("error %q (baseline %v)", err, b)
			}
			return
		}
		seen := map[string]bool{}
		for _, e := range b.Entries {
			if e.ID == "" || e.Reason == "" || seen[e.ID] || known(e.ID) != "" {
				t.Fatalf("accepted entry %+v (seen before: %v)", e, seen[e.ID])
			}
			seen[e.ID] = true
			if b.byID[e.ID] != e {
				t.Fatalf("entry %s is not found by its id", e.ID)
			}
		}
		if len(b.byID) != len(b.Entries) {
			t.Fatalf("%d entries, %d by id", len(b.Entries), len(b.byID))
		}
	})
}
