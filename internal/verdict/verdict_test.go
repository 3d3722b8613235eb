package verdict

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func TestDecodeReadsAValueMadeHereAndOneThatCameAsJSON(t *testing.T) {
	f := Failure{Kind: Effect, Message: "changed", Changed: &Change{After: Names{Queues: []string{"q"}}}}
	local := types.ReportEntry{Name: FailureEntry, Value: types.WrapEntryValue(f)}
	wire, err := json.Marshal(local)
	if err != nil {
		t.Fatal(err)
	}
	var remote types.ReportEntry
	if err := json.Unmarshal(wire, &remote); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]types.ReportEntry{"local": local, "remote": remote} {
		var got Failure
		if !Decode(e, &got) {
			t.Fatalf("%s: not decoded", name)
		}
		if got.Kind != Effect || got.Changed == nil || got.Changed.After.Queues[0] != "q" {
			t.Errorf("%s: got %+v", name, got)
		}
	}
}

func TestFindSkipsOtherEntries(t *testing.T) {
	entries := []types.ReportEntry{
		{Name: ObservationEntry, Value: types.WrapEntryValue(Observation{Operation: "x", Status: 200})},
		{Name: FailureEntry, Value: types.WrapEntryValue(Failure{Kind: Status})},
	}
	var f Failure
	if !Find(entries, FailureEntry, &f) || f.Kind != Status {
		t.Fatalf("got %+v", f)
	}
	var h HygieneResult
	if Find(entries, HygieneEntry, &h) {
		t.Fatal("found an entry that is not there")
	}
}

func TestErrorShowsEvidenceAndSteps(t *testing.T) {
	f := Failure{Kind: Effect, Message: "lost", Steps: []Step{{Description: "bind q", Curl: "curl x"}}, Exchange: "> POST", Curl: "curl y", Undone: []string{"unbound q"}}
	s := f.Error()
	for _, want := range []string{"[effect] lost", "1. bind q", "curl x", "exchange:\n> POST", "reproduce:\n  curl y", "undone: unbound q"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
}

func TestEveryKindIsExplained(t *testing.T) {
	for _, k := range []Kind{Unreachable, Transport, Throttled, Status, Schema, ErrorBody, Effect, Auth, Hygiene, Input, Setup, NoResult, Budget, Emulator} {
		if Help[k] == "" {
			t.Errorf("kind %s has no help", k)
		}
	}
}
