package contract

import (
	"slices"
	"testing"
)

func TestSharedLoadsOncePerProfile(t *testing.T) {
	a, err := Shared(HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Shared(HuaweiCloud)
	o, _ := Shared(OTC)
	if a != b || a == o || o.Profile() != OTC {
		t.Fatal("Shared does not keep one contract per profile")
	}
	ops := a.Operations()
	if !slices.Contains(ops, OpBind) || !slices.Contains(ops, OpUnbind) || !slices.IsSorted(ops) {
		t.Fatalf("operations: %v", ops)
	}
	if !a.Documents(OpBind, "queues") || a.Documents(OpBind, "no_such_field") {
		t.Fatal("Documents misreads the bind body")
	}
}
