package requirement

import (
	"regexp"
	"testing"
)

func TestCatalogIsWellFormed(t *testing.T) {
	ids, titles := map[string]bool{}, map[string]bool{}
	idRE := regexp.MustCompile(`^[A-Z][A-Z0-9-]+$`)
	for _, r := range Catalog() {
		if !idRE.MatchString(r.ID) || ids[r.ID] {
			t.Errorf("id %q is malformed or repeated", r.ID)
		}
		if r.Title == "" || titles[r.Title] {
			t.Errorf("%s: title empty or repeated", r.ID)
		}
		ids[r.ID], titles[r.Title] = true, true
		switch r.Group {
		case Positive, Negative, Either, Hygiene, Stateful:
		default:
			t.Errorf("%s: unknown group %q", r.ID, r.Group)
		}
		for _, l := range r.Labels() {
			if regexp.MustCompile(`[&|!,()/]`).MatchString(l) {
				t.Errorf("%s: label %q has a character Ginkgo forbids", r.ID, l)
			}
		}
		if r.Check == nil {
			t.Errorf("%s has no check", r.ID)
		}
	}
	if _, err := ByID("NOPE"); err == nil {
		t.Error("ByID found an unknown id")
	}
}

func TestNeedsSayWhyTheyAreUnmet(t *testing.T) {
	full := Inputs{ConnectionID: "c", DeletedConnectionID: "d", Queues: []string{"a", "b"}, Pools: []string{"p"},
		PoolsDocumented: true, Credentials: true, MutationsAllowed: true, CreateAllowed: true, Profile: "otc"}
	for _, r := range Catalog() {
		if why := r.SkipReason(full); why != "" {
			t.Errorf("%s skipped with every input: %s", r.ID, why)
		}
	}
	cases := []struct {
		r    Requirement
		in   func(*Inputs)
		want string
	}{
		{BindQueues, func(in *Inputs) { in.MutationsAllowed = false }, "DLI_ALLOW_MUTATIONS"},
		{BindPools, func(in *Inputs) { in.Pools = nil }, "DLI_POOLS is not set"},
		{BindPools, func(in *Inputs) { in.PoolsDocumented = false }, "profile otc documents no elastic resource pools"},
		{ConnDeleted, func(in *Inputs) { in.DeletedConnectionID = "" }, "DLI_DELETED_CONNECTION_ID"},
		{AuthMissing, func(in *Inputs) { in.Credentials = false }, "DLI_AUTH_TOKEN"},
		{BindQueues, func(in *Inputs) { in.Queues = in.Queues[:1] }, "DLI_QUEUES"},
		{QueueUnknown, func(in *Inputs) { in.ConnectionID = "" }, "DLI_CONNECTION_ID"},
	}
	for _, c := range cases {
		in := full
		c.in(&in)
		if got := c.r.SkipReason(in); !regexp.MustCompile(regexp.QuoteMeta(c.want)).MatchString(got) {
			t.Errorf("%s: skip reason %q, want it to mention %q", c.r.ID, got, c.want)
		}
	}
	if Need("bogus").Unmet(full) == "" {
		t.Error("an unknown need is taken as met")
	}
}

func TestExpectedCodes(t *testing.T) {
	if got := QueueUnknown.ExpectedCodes(nil, false); len(got) != 3 {
		t.Errorf("documented codes: %v", got)
	}
	if got := QueueUnknown.ExpectedCodes(nil, true); len(got) != 1 || got[0] != "DLI.0002" {
		t.Errorf("strict: %v", got)
	}
	if got := QueueUnknown.ExpectedCodes(map[string][]string{"QUEUE-UNKNOWN": {"DLI.0001"}}, true); got[0] != "DLI.0001" {
		t.Errorf("configured: %v", got)
	}
	if got := MethodGet.ExpectedCodes(nil, true); got != nil {
		t.Errorf("no documented codes: %v", got)
	}
	for _, code := range AuthMissing.Codes {
		if AuthStatusCodes[code] == 0 {
			t.Errorf("auth code %s has no documented status", code)
		}
	}
}
