package emulator

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/openapi"
)

// stricterContract loads the contract with one response schema tightened beyond what
// the emulator writes: a connection's ipv6_enable may only be true. No example of the
// document sets it, so the document itself still validates.
func stricterContract(t *testing.T) *contract.Contract {
	t.Helper()
	const anchor = "        ipv6_enable:\n"
	if bytes.Count(openapi.Spec, []byte(anchor)) != 1 {
		t.Fatalf("the contract no longer has exactly one %q; update this test", strings.TrimSpace(anchor))
	}
	spec := bytes.Replace(openapi.Spec, []byte(anchor), []byte(anchor+"          enum: [true]\n"), 1)
	c, err := contract.LoadBytes(spec, contract.HuaweiCloud)
	if err != nil {
		t.Fatalf("load the stricter contract: %v", err)
	}
	return c
}

func TestViolationsRecordsABadResponseOfItsOwn(t *testing.T) {
	emu, err := New(Options{Tokens: []string{token}, Contract: stricterContract(t)})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, emu: emu}
	h.srv = newServer(t, emu)

	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	if v := emu.Violations(); len(v) != 0 {
		t.Fatalf("a conforming response was recorded: %v", v)
	}
	// The answer is still written: Violations reports, it does not censor.
	h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	v := emu.Violations()
	if len(v) != 1 {
		t.Fatalf("violations = %v, want exactly the show answer", v)
	}
	// The line names the exchange; the contract package words the violation itself
	// (for an allOf schema it does not yet name the field).
	for _, want := range []string{"GET " + connPath(projectID, connID) + " → 200: ", "response status 200 body"} {
		if !strings.Contains(v[0], want) {
			t.Errorf("violation %q does not mention %q", v[0], want)
		}
	}
	emu.Reset()
	if len(emu.Violations()) != 1 {
		t.Error("Reset dropped the recorded violations")
	}
}
