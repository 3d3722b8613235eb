package diff

import (
	"strings"
	"testing"
)

func TestKnownDifferencesExpectAndGoStale(t *testing.T) {
	k, err := ParseKnown("known.yaml", []byte(`known_differences:
  - id: CONTENT-TYPE-NOT-JSON
    reason: "415 here, 400 there; both documented"
  - id: BIND-AGAIN#2
    reason: "bind again answers 400"
  - id: QUEUE-UNKNOWN
    reason: "fixed since"
`))
	if err != nil {
		t.Fatal(err)
	}
	r := Result{Differences: []Difference{
		{Key: "CONTENT-TYPE-NOT-JSON#1", Requirement: "CONTENT-TYPE-NOT-JSON"},
		{Key: "BIND-AGAIN#2", Requirement: "BIND-AGAIN"},
		{Key: "BIND-AGAIN#3", Requirement: "BIND-AGAIN"},
	}}
	k.Apply(&r)
	if r.Differences[0].Known == "" || r.Differences[1].Known != "bind again answers 400" || r.Differences[2].Known != "" {
		t.Fatalf("%+v", r.Differences)
	}
	if r.Unexpected() != 1 || len(r.Stale) != 1 || r.Stale[0].ID != "QUEUE-UNKNOWN" || r.Same() {
		t.Fatalf("unexpected %d, stale %+v", r.Unexpected(), r.Stale)
	}
}

func TestBadKnownDifferencesNameTheProblem(t *testing.T) {
	for body, want := range map[string]string{
		"":                                    "empty",
		"- a\n":                               "top level",
		"known_failures: []\n":                `unknown key "known_failures"`,
		"known_differences: {}\n":             "must be a list",
		"known_differences:\n  - id: X\n":     "not a requirement",
		"known_differences:\n  - reason: r\n": "key id is missing",
		"known_differences:\n  - id: BIND-AGAIN\n":                                                   "reason is missing",
		"known_differences:\n  - id: BIND-AGAIN#\n    reason: r\n":                                   "without its place",
		"known_differences:\n  - id: NOPE\n    reason: r\n":                                          "not a requirement",
		"known_differences:\n  - id: BIND-AGAIN\n    reason: r\n  - id: BIND-AGAIN\n    reason: s\n": "already listed",
		"known_differences:\n  - id: BIND-AGAIN\n    reason: r\n    extra: 1\n":                      `unknown key "extra"`,
	} {
		_, err := ParseKnown("k.yaml", []byte(body))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "k.yaml") {
			t.Errorf("%q: error %v, want one naming the file and %q", body, err, want)
		}
	}
}
