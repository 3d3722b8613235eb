package docs

import (
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The target an example is checked on fills the path with the contract's samples
// of its parameters, and the contract routes it to the operation.
func TestTheExampleTargetIsMadeOfTheContractsSamples(t *testing.T) {
	c := loadContract(t, contract.HuaweiCloud)
	ops := operationsFor(c, "dli_02_0191")
	if len(ops) != 1 {
		t.Fatalf("dli_02_0191 documents %d operations, want 1", len(ops))
	}
	op := ops[0]
	if strings.Contains(op.target, "{") || !strings.Contains(op.target, "/"+contract.PlaceholderUUID+"/") {
		t.Errorf("target %q, want the path with the placeholder connection id", op.target)
	}
	if got := c.Operation(contract.Request{Method: op.Method, Target: op.target}); got != op.ID {
		t.Errorf("target %s %s routes to %q, want %s", op.Method, op.target, got, op.ID)
	}
}
