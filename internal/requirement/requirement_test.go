package requirement

import (
	"regexp"
	"testing"
)

func TestCatalogIsWellFormed(t *testing.T) {
	ids, titles := map[string]bool{}, map[string]bool{}
	idRE := regexp.MustCompile(`^[A-Z][A-Z0-9-]+$`)
	for _, r := range Catalog {
		if !idRE.MatchString(r.ID) || ids[r.ID] {
			t.Errorf("id %q is malformed or repeated", r.ID)
		}
		if r.Title == "" || titles[r.Title] {
			t.Errorf("%s: title empty or repeated", r.ID)
		}
		ids[r.ID], titles[r.Title] = true, true
		switch r.Group {
		case Positive, Negative, Either, Hygiene:
		default:
			t.Errorf("%s: unknown group %q", r.ID, r.Group)
		}
		for _, l := range r.Labels() {
			if regexp.MustCompile(`[&|!,()/]`).MatchString(l) {
				t.Errorf("%s: label %q has a character Ginkgo forbids", r.ID, l)
			}
		}
		if got := IDFromLabels(r.Labels()); got != r.ID {
			t.Errorf("%s: IDFromLabels = %q", r.ID, got)
		}
	}
	if _, err := ByID("NOPE"); err == nil {
		t.Error("ByID found an unknown id")
	}
}
