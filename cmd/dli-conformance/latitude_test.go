package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/pairwise"
)

// slowValues replaces values of a choice that would make a run wait for
// nothing: throttling every fifth request with a one-second Retry-After is
// legal, but the throttle tests prove that; here throttling is sparse and asks
// for no wait. A shorter visibility delay proves the same waiting in a fraction
// of the time (every "changes nothing" check waits twice as long).
var slowValues = map[string][]string{
	"throttle-every":       {"0", "40"},
	"throttle-retry-after": {"0"},
	"visibility-delay":     {"0s", "60ms"},
}

// Every choice the documentation leaves open is an emulator option; the suite
// must pass every pair of them with zero failures. The combinations are printed.
func TestEveryLegalImplementationPasses(t *testing.T) {
	var params []pairwise.Parameter
	for _, c := range emulator.LatitudeChoices {
		values := c.Values
		if v, ok := slowValues[c.Name]; ok {
			values = v
		}
		params = append(params, pairwise.Parameter{Name: c.Name, Values: values})
	}
	rows := pairwise.Rows(params)
	t.Logf("%d combinations cover every pair of %d choices", len(rows), len(params))
	for i, row := range rows {
		var lat emulator.Latitude
		var desc []string
		for j, v := range row {
			if v < 0 {
				continue
			}
			if err := emulator.ApplyLatitude(&lat, params[j].Name, params[j].Values[v]); err != nil {
				t.Fatalf("%s=%s: %v", params[j].Name, params[j].Values[v], err)
			}
			desc = append(desc, params[j].Name+"="+params[j].Values[v])
		}
		name := fmt.Sprintf("combination %02d", i+1)
		combo := strings.Join(desc, " ")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			t.Log(combo)
			emu, err := emulator.New(emulator.Options{Tokens: []string{secretToken}, Latitude: lat})
			if err != nil {
				t.Fatal(err)
			}
			r := runAgainst(t, http.Handler(emu), "DLI_SETTLE_TIMEOUT=5s", "DLI_MAX_STEPS=40")
			if r.exit != 0 || len(r.failedIDs()) > 0 {
				for _, id := range r.failedIDs() {
					t.Errorf("%s failed: %s", id, r.result(id).Text())
				}
				t.Fatalf("%s: exit %d with %s", combo, r.exit, combo)
			}
			if r.summary.Counts.Passed == 0 {
				t.Fatal("nothing passed")
			}
		})
	}
}
