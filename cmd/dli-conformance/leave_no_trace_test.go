package main

import (
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/broken"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
)

// A target that binds a deleted connection fails CONN-DELETED, and the run
// leaves the deleted connection as it found it.
func TestADeletedConnectionThatTakesABindIsPutBack(t *testing.T) {
	d, err := broken.Defect("deleted-connection-binds")
	if err != nil {
		t.Fatal(err)
	}
	h, emu, err := broken.New(emulator.Options{Tokens: []string{broken.Token}}, d)
	if err != nil {
		t.Fatal(err)
	}
	r := runWithFlags(t, h, []string{"--label-filter", "!stateful"})
	res := r.result("CONN-DELETED")
	if res.Status != "failed" || res.Kind != "status" || res.Failure == nil || len(res.Failure.Undone) == 0 {
		t.Fatalf("CONN-DELETED: %+v", res)
	}
	t.Log(res.Failure.Undone)
	if q, p, _ := emu.Bindings(broken.Project, broken.DeletedConnection); len(q)+len(p) != 0 {
		t.Fatalf("the deleted connection was left with %v %v", q, p)
	}
	if lnt := r.result("LEAVE-NO-TRACE"); lnt.Status != "passed" {
		t.Fatalf("LEAVE-NO-TRACE: %+v", lnt)
	}
}
