package report

import (
	"reflect"
	"testing"

	"github.com/onsi/ginkgo/v2/types"
)

func entry(name, value string) types.ReportEntry {
	return types.ReportEntry{Name: name, Value: types.WrapEntryValue(value)}
}

func spec(text string, state types.SpecState, labels []string, entries ...types.ReportEntry) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text, LeafNodeLabels: labels, State: state, ReportEntries: entries}
}

func TestFieldCoverageCountsEachSideAndShowsFieldsNeverExercised(t *testing.T) {
	const op = "associateQueueToEnhancedConnection"
	r := types.Report{SpecReports: types.SpecReports{
		spec("a", types.SpecStatePassed, nil,
			entry(FieldEntry, FieldEntryValue(op, "body.queues[]", false)),
			entry(CoverageEntry, op+" 400")),
		spec("b", types.SpecStateFailed, nil,
			entry(FieldEntry, FieldEntryValue(op, "body.queues[]", true)),
			entry(FieldEntry, FieldEntryValue(op, "body.queues[]", false)),
			entry(FieldEntry, FieldEntryValue(op, "path.connection_id", true)),
			entry(FieldEntry, "garbage")),
		spec("c", types.SpecStatePassed, nil, entry(FieldEntry, FieldEntryValue("otherOp", "body", true))),
	}}
	got := FieldCoverageOf(r, map[string][]string{op: {"path.connection_id", "body", "body.queues[]"}})
	want := []FieldCoverage{
		{Operation: op, Field: "body"},
		{Operation: op, Field: "body.queues[]", Positive: 1, Negative: 2},
		{Operation: op, Field: "path.connection_id", Positive: 1},
		{Operation: "otherOp", Field: "body", Positive: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
}

func TestGeneratedResultsTakeOnlyGeneratedSpecs(t *testing.T) {
	failed := spec("rejects body.queues[] given as null", types.SpecStateFailed,
		[]string{"id:GEN-NEG-body.queues.items-null", "kind:generated-negative"})
	failed.Failure.Message = "[status] status 200, want 400\n\nexchange:\n…\nreproduce:\n  curl -sS -i -X POST 'http://x'"
	r := types.Report{SpecReports: types.SpecReports{
		spec("binds queue_a", types.SpecStatePassed, []string{"id:GEN-POS-10", "kind:generated-positive"}),
		spec("binds queue_b", types.SpecStatePassed, []string{"id:GEN-POS-2", "kind:generated-positive"}),
		failed,
		spec("hand-written", types.SpecStatePassed, []string{"id:BIND-QUEUES", "kind:positive"}),
		spec("edge", types.SpecStateSkipped, []string{"id:GEN-BND-path.project_id-min-length-at-valid", "kind:generated-boundary"}),
	}}
	got := GeneratedResults(r)
	var ids []string
	for _, res := range got {
		ids = append(ids, res.ID)
	}
	if want := []string{"GEN-BND-path.project_id-min-length-at-valid", "GEN-NEG-body.queues.items-null", "GEN-POS-2", "GEN-POS-10"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	neg := got[1]
	if neg.Status != Failed || neg.Kind != "status" || neg.Group != "generated-negative" || neg.Title != "rejects body.queues[] given as null" ||
		neg.Reason != "status 200, want 400" {
		t.Errorf("failed case: %+v", neg)
	}
	if got[0].Status != Skipped || got[3].Status != Passed || got[3].Group != "generated-positive" {
		t.Errorf("results %+v", got)
	}

}

func TestGeneratedResultsFailWhenTheRunCouldNotStart(t *testing.T) {
	setup := types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStateFailed}
	setup.Failure.Message = "[transport] cannot read the bindings\nmore"
	r := types.Report{SpecReports: types.SpecReports{setup,
		spec("x", types.SpecStateSkipped, []string{"id:GEN-NEG-body-array", "kind:generated-negative"})}}
	got := GeneratedResults(r)
	if len(got) != 1 || got[0].Status != Failed || got[0].Reason != "the run could not start: [transport] cannot read the bindings" {
		t.Fatalf("%+v", got)
	}
}
