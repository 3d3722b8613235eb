package report

import (
	"reflect"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

func use(op, field string, positive bool) verdict.FieldUse {
	return verdict.FieldUse{Operation: op, Field: field, Positive: positive}
}

func TestFieldCoverageCountsEachSideAndShowsFieldsNeverExercised(t *testing.T) {
	const op = "associateQueueToEnhancedConnection"
	r := []verdict.Result{
		{ID: "A", Status: verdict.Passed, Fields: []verdict.FieldUse{use(op, "body.queues[]", false)},
			Observations: []verdict.Observation{{Operation: op, Status: 400}}},
		{ID: "B", Status: verdict.Failed, Fields: []verdict.FieldUse{use(op, "body.queues[]", true), use(op, "body.queues[]", false), use(op, "path.connection_id", true)}},
		{ID: "C", Status: verdict.Passed, Fields: []verdict.FieldUse{use("otherOp", "body", true)}},
	}
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

func TestGeneratedResultsFollowTheCatalogueInIDOrder(t *testing.T) {
	failure := &verdict.Failure{Kind: verdict.Status, Message: "status 200, want 400", Curl: "curl -sS -i -X POST 'http://x'"}
	results := []verdict.Result{
		{ID: "GEN-POS-10", Title: "binds queue_a", Group: "generated-positive", Generated: true, Status: verdict.Passed},
		{ID: "GEN-POS-2", Title: "binds queue_b", Group: "generated-positive", Generated: true, Status: verdict.Passed},
		{ID: "GEN-NEG-body.queues.items-null", Title: "rejects body.queues[] given as null", Group: "generated-negative", Generated: true, Status: verdict.Failed, Failure: failure},
		{ID: "BIND-QUEUES", Group: "positive", Status: verdict.Passed},
		{ID: "GEN-BND-path.project_id-min-length-at-valid", Group: "generated-boundary", Generated: true, Status: verdict.Skipped, Reason: "why"},
	}
	s := Build(results, Inputs{})
	got := s.Requirements[len(requirement.Catalog()):]
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
	if got[0].Status != Skipped || got[0].Reason != "why" || got[3].Status != Passed || got[3].Group != "generated-positive" {
		t.Errorf("results %+v", got)
	}
}

func TestEveryResultIsNotRunWhenTheRunCouldNotStart(t *testing.T) {
	setup := &verdict.Failure{Kind: verdict.Unreachable, Message: "cannot read the bindings\nmore"}
	s := Build([]verdict.Result{{ID: "GEN-NEG-body-array", Group: "generated-negative", Generated: true, Status: verdict.Skipped}}, Inputs{Setup: setup})
	for _, got := range s.Requirements {
		if got.Status != Skipped || got.Reason != "not run: the target is unreachable" || got.Failure != nil {
			t.Fatalf("%+v", got)
		}
	}
	if len(s.Requirements) != len(requirement.Catalog())+1 {
		t.Fatalf("%d results", len(s.Requirements))
	}
	if s.Counts.Failed != 0 || s.NotRun != "the target is unreachable" || s.Succeeded() {
		t.Fatalf("counts %+v, not run %q, succeeded %v", s.Counts, s.NotRun, s.Succeeded())
	}
}

func TestARequirementWithoutASpecFailsAsNoResult(t *testing.T) {
	var results []verdict.Result
	for _, req := range requirement.Catalog() {
		if req.ID != requirement.ConnDeleted.ID && req.ID != requirement.LeaveNoTrace.ID {
			results = append(results, verdict.Result{ID: req.ID, Title: req.Title, Group: string(req.Group), Status: verdict.Passed})
		}
	}
	s := Build(results, Inputs{})
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
	var results []verdict.Result
	for _, req := range requirement.Catalog() {
		res := verdict.Result{ID: req.ID, Title: req.Title, Group: string(req.Group), Status: verdict.Skipped, Reason: "no input"}
		if req.Group == requirement.Negative {
			res.Status = verdict.Passed
		}
		results = append(results, res)
	}
	s := Build(results, Inputs{})
	if s.NothingTested || !s.Succeeded() {
		t.Fatalf("negatives ran and passed: nothing tested %v", s.NothingTested)
	}
	if !reflect.DeepEqual(s.SkippedGroups, []string{"positive", "either", "stateful", "hygiene"}) {
		t.Errorf("skipped groups %v", s.SkippedGroups)
	}
	for i := range results {
		results[i].Status = verdict.Skipped
	}
	s = Build(results, Inputs{})
	if !s.NothingTested || s.Succeeded() {
		t.Fatalf("all skipped: nothing tested %v, succeeded %v", s.NothingTested, s.Succeeded())
	}
	if word, line := verdictOf(s); word != "FAILED" || line == "" {
		t.Errorf("verdict %s: %s", word, line)
	}
}
