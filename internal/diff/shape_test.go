package diff

import (
	"net/http"
	"slices"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// An empty array says nothing of its elements: an answer listing no binding
// and one listing some have the same shape, but an element field of another
// type, or one more, still differs.
func TestEmptyArraysHideNoDifferenceAndMakeNone(t *testing.T) {
	shape := func(body string) []string {
		return engine.NewNormaliser(engine.Names{}).Record("K#1", "K", &client.Exchange{Method: "GET", Target: "/x", Status: 200, RespHeader: http.Header{}, RespBody: []byte(body)}).Shape
	}
	none := shape(`{"available_queue_info":[],"name":"c"}`)
	some := shape(`{"available_queue_info":[{"name":"a"}],"name":"c"}`)
	if !slices.Contains(none, "available_queue_info: empty array") {
		t.Fatalf("shape %v", none)
	}
	a, b := okCase("K#1", "K"), okCase("K#1", "K")
	a.Shape, b.Shape = none, some
	if r := Compare(runOf(a), runOf(b), Options{}); !r.Same() {
		t.Fatalf("an empty list and a list are the same shape: %+v", r.Differences)
	}
	b.Shape = shape(`{"available_queue_info":[{"name":"a"}],"name":7}`)
	if r := Compare(runOf(a), runOf(b), Options{}); len(r.Differences) != 1 {
		t.Fatal("a field of another type must differ")
	}
	a.Shape = shape(`{"available_queue_info":[{"name":"a"},{"name":"b","status":"ACTIVE"}],"name":"c"}`)
	b.Shape = some
	if r := Compare(runOf(a), runOf(b), Options{}); len(r.Differences) != 1 {
		t.Fatal("an element field only one side has must differ")
	}
}
