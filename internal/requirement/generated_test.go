package requirement

import (
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/generate"
)

func TestGeneratedRequirementsNeedAndExpectWhatTheirCaseDoes(t *testing.T) {
	raw, err := config.Load(func(k string) string { return map[string]string{"DLI_SEED": "7"}[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := engine.EmulatorDefaults(raw)
	ct, _ := contract.Shared(cfg.Profile)
	plan, err := GeneratedPlan(ct, cfg)
	if err != nil || len(plan.Cases) == 0 {
		t.Fatalf("plan: %v (%d cases)", err, len(plan.Cases))
	}
	kinds := map[generate.Kind]bool{}
	for _, c := range plan.Cases {
		r := GeneratedRequirement(c)
		kinds[c.Kind] = true
		if r.ID != c.ID || !slices.Contains(r.Labels(), "generated") || !slices.Contains(r.Labels(), "kind:"+string(c.Kind)) {
			t.Errorf("%s: labels %v", c.ID, r.Labels())
		}
		if r.Mutates != (c.Kind == generate.Positive) {
			t.Errorf("%s: mutates %v", c.ID, r.Mutates)
		}
		if slices.Contains(c.Uses, PoolsField) != slices.Contains(r.Needs, NeedPools) {
			t.Errorf("%s: pools need %v for uses %v", c.ID, r.Needs, c.Uses)
		}
		if c.Kind != generate.Positive && strings.HasPrefix(c.Field, "body") && len(r.Codes) == 0 {
			t.Errorf("%s: a body refusal checks no error code", c.ID)
		}
	}
	if len(kinds) != 3 {
		t.Errorf("kinds: %v", kinds)
	}
}
