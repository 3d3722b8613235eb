package suites

import (
	"encoding/json"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

func TestDecodeReadsAValueMadeHereAndOneThatCameAsJSON(t *testing.T) {
	f := verdict.Failure{Kind: verdict.Effect, Message: "changed", Changed: &verdict.Change{After: verdict.Names{Queues: []string{"q"}}}}
	local := types.ReportEntry{Name: verdict.SetupEntry, Value: types.WrapEntryValue(f)}
	wire, err := json.Marshal(local)
	if err != nil {
		t.Fatal(err)
	}
	var remote types.ReportEntry
	if err := json.Unmarshal(wire, &remote); err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]types.ReportEntry{"local": local, "remote": remote} {
		var got verdict.Failure
		if !decode(e, &got) {
			t.Fatalf("%s: not decoded", name)
		}
		if got.Kind != verdict.Effect || got.Changed == nil || got.Changed.After.Queues[0] != "q" {
			t.Errorf("%s: got %+v", name, got)
		}
	}
}
