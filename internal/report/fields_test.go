package report

import (
	"reflect"
	"testing"

	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

func entry(name string, value any) types.ReportEntry {
	return types.ReportEntry{Name: name, Value: types.WrapEntryValue(value)}
}

func spec(text string, state types.SpecState, labels []string, entries ...types.ReportEntry) types.SpecReport {
	return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeText: text, LeafNodeLabels: labels, State: state, ReportEntries: entries}
}

func use(op, field string, positive bool) types.ReportEntry {
	return entry(verdict.FieldEntry, verdict.FieldUse{Operation: op, Field: field, Positive: positive})
}

func TestFieldCoverageCountsEachSideAndShowsFieldsNeverExercised(t *testing.T) {
	const op = "associateQueueToEnhancedConnection"
	r := types.Report{SpecReports: types.SpecReports{
		spec("a", types.SpecStatePassed, nil,
			use(op, "body.queues[]", false),
			entry(verdict.ObservationEntry, verdict.Observation{Operation: op, Status: 400})),
		spec("b", types.SpecStateFailed, nil,
			use(op, "body.queues[]", true),
			use(op, "body.queues[]", false),
			use(op, "path.connection_id", true),
			entry(verdict.FieldEntry, "garbage")),
		spec("c", types.SpecStatePassed, nil, use("otherOp", "body", true)),
	}}
	got := fieldCoverage(r, map[string][]string{op: {"path.connection_id", "body", "body.queues[]"}})
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

func generatedLabels(id, kind string) []string {
	return []string{"id:" + id, "kind:" + kind, "generated"}
}

func TestGeneratedResultsTakeOnlyGeneratedSpecs(t *testing.T) {
	failed := spec("rejects body.queues[] given as null", types.SpecStateFailed,
		generatedLabels("GEN-NEG-body.queues.items-null", "generated-negative"),
		entry(verdict.FailureEntry, verdict.Failure{Kind: verdict.Status, Message: "status 200, want 400", Curl: "curl -sS -i -X POST 'http://x'"}))
	failed.Failure.Message = "text the report does not read"
	r := types.Report{SpecReports: types.SpecReports{
		spec("binds queue_a", types.SpecStatePassed, generatedLabels("GEN-POS-10", "generated-positive")),
		spec("binds queue_b", types.SpecStatePassed, generatedLabels("GEN-POS-2", "generated-positive")),
		failed,
		spec("hand-written", types.SpecStatePassed, []string{"id:BIND-QUEUES", "kind:positive"}),
		spec("edge", types.SpecStateSkipped, generatedLabels("GEN-BND-path.project_id-min-length-at-valid", "generated-boundary")),
	}}
	got := generatedResults(r, nil)
	var ids []string
	for _, res := range got {
		ids = append(ids, res.ID)
	}
	if want := []string{"GEN-BND-path.project_id-min-length-at-valid", "GEN-NEG-body.queues.items-null", "GEN-POS-2", "GEN-POS-10"}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("ids %v, want %v", ids, want)
	}
	neg := got[1]
	if neg.Status != Failed || neg.Kind != "status" || neg.Group != "generated-negative" || neg.Title != "rejects body.queues[] given as null" ||
		neg.Reason != "status 200, want 400" || neg.Failure.Curl == "" {
		t.Errorf("failed case: %+v", neg)
	}
	if got[0].Status != Skipped || got[3].Status != Passed || got[3].Group != "generated-positive" {
		t.Errorf("results %+v", got)
	}
}

func TestGeneratedResultsFailWhenTheRunCouldNotStart(t *testing.T) {
	setup := &verdict.Failure{Kind: verdict.Unreachable, Message: "cannot read the bindings\nmore"}
	r := types.Report{SpecReports: types.SpecReports{
		spec("x", types.SpecStateSkipped, generatedLabels("GEN-NEG-body-array", "generated-negative"))}}
	got := generatedResults(r, setup)
	if len(got) != 1 || got[0].Status != Failed || got[0].Reason != "the run could not start: cannot read the bindings" || got[0].Kind != "unreachable" {
		t.Fatalf("%+v", got)
	}
}

func TestARequirementWithoutASpecFailsAsNoResult(t *testing.T) {
	var specs types.SpecReports
	for _, req := range requirement.Catalog {
		if req.ID != requirement.ConnDeleted.ID && req.ID != requirement.LeaveNoTrace.ID {
			specs = append(specs, spec(req.Title, types.SpecStatePassed, req.Labels()))
		}
	}
	s := Build(types.Report{SpecReports: specs}, Inputs{})
	for _, res := range s.Requirements {
		switch res.ID {
		case requirement.ConnDeleted.ID:
			if res.Status != Failed || res.Kind != string(verdict.NoResult) {
				t.Errorf("a requirement with no spec: %+v", res)
			}
		case requirement.LeaveNoTrace.ID:
			if res.Status != Skipped {
				t.Errorf("LEAVE-NO-TRACE without the after-suite check: %+v", res)
			}
		default:
			if res.Status != Passed {
				t.Errorf("%s: %s", res.ID, res.Status)
			}
		}
	}
	if s.Succeeded() {
		t.Error("a run with a requirement that produced no result passes")
	}
}

func TestARunThatTestedNothingDoesNotPass(t *testing.T) {
	var specs types.SpecReports
	for _, req := range requirement.Catalog {
		sr := spec(req.Title, types.SpecStateSkipped, req.Labels())
		if req.Group == requirement.Negative {
			sr.State = types.SpecStatePassed
		}
		specs = append(specs, sr)
	}
	s := Build(types.Report{SpecReports: specs}, Inputs{})
	if s.NothingTested || !s.Succeeded() {
		t.Fatalf("negatives ran and passed: nothing tested %v", s.NothingTested)
	}
	if !reflect.DeepEqual(s.SkippedGroups, []string{"positive", "either", "stateful", "hygiene"}) {
		t.Errorf("skipped groups %v", s.SkippedGroups)
	}
	for i := range specs {
		specs[i].State = types.SpecStateSkipped
	}
	s = Build(types.Report{SpecReports: specs}, Inputs{})
	if !s.NothingTested || s.Succeeded() {
		t.Fatalf("all skipped: nothing tested %v, succeeded %v", s.NothingTested, s.Succeeded())
	}
	if word, line := verdictOf(s); word != "FAILED" || line == "" {
		t.Errorf("verdict %s: %s", word, line)
	}
}
