package generate

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/openapi"
)

const (
	project    = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
	connection = "2a620c33-5609-40c9-affd-2b6453071b0f"
)

func inputs(pools ...string) Inputs {
	return Inputs{Values: map[string][]string{
		"path.project_id":               {project},
		"path.connection_id":            {connection},
		"body.queues[]":                 {"queue_a", "queue_b"},
		"body.elastic_resource_pools[]": pools,
	}}
}

func load(t *testing.T, p contract.Profile) *contract.Contract {
	t.Helper()
	c, err := contract.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func build(t *testing.T, c *contract.Contract, in Inputs, seed int64, maxCases int) Plan {
	t.Helper()
	plan, err := Build(c, in, Options{Operation: contract.OpBind, Seed: seed, MaxCases: maxCases})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func contractAccepts(c *contract.Contract, r contract.Request) error {
	return c.CheckRequest(context.Background(), r.WithPlaceholderToken())
}

func TestSameSeedGivesTheSameListAndAnotherSeedAnother(t *testing.T) {
	c := load(t, contract.HuaweiCloud)
	a := build(t, c, inputs("pool_a", "pool_b"), 42, 200)
	b := build(t, c, inputs("pool_a", "pool_b"), 42, 200)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two builds with seed 42 differ")
	}
	other := build(t, c, inputs("pool_a", "pool_b"), 43, 200)
	if reflect.DeepEqual(a.Cases, other.Cases) {
		t.Fatal("seeds 42 and 43 give the same list")
	}
	// Negative ids do not depend on the seed, so that a baseline can name them.
	ids := func(p Plan, k Kind) (out []string) {
		for _, c := range p.Cases {
			if c.Kind == k {
				out = append(out, c.ID)
			}
		}
		return out
	}
	if !slices.Equal(ids(a, Negative), ids(other, Negative)) {
		t.Fatalf("negative ids depend on the seed:\n%v\n%v", ids(a, Negative), ids(other, Negative))
	}
}

func TestEveryCaseIsOnTheContractSideItClaims(t *testing.T) {
	for _, profile := range contract.Profiles() {
		c := load(t, profile)
		var pools []string
		if profile == contract.HuaweiCloud {
			pools = []string{"pool_a", "pool_b"}
		}
		for seed := range int64(10) {
			plan := build(t, c, inputs(pools...), seed, 200)
			for _, cs := range plan.Cases {
				err := contractAccepts(c, cs.Request)
				switch {
				case cs.Kind == Negative && err == nil:
					t.Errorf("%s %s: negative case accepted by the contract", profile, cs.ID)
				case cs.Kind == Positive && err != nil:
					t.Errorf("%s %s: positive case rejected by the contract: %v", profile, cs.ID, err)
				case cs.Expect.Valid != (err == nil):
					t.Errorf("%s %s: Expect.Valid %v but the contract says %v", profile, cs.ID, cs.Expect.Valid, err)
				}
			}
			for _, d := range plan.Dropped {
				if d.ID == "GEN-POS" {
					t.Errorf("%s seed %d: a generated valid body was dropped: %s", profile, seed, d.Reason)
				}
			}
		}
	}
}

func TestIDsAndTitlesAreUniqueAndWellFormed(t *testing.T) {
	plan := build(t, load(t, contract.HuaweiCloud), inputs("pool_a", "pool_b"), 1, 200)
	ids, titles := map[string]bool{}, map[string]bool{}
	for _, c := range plan.Cases {
		if ids[c.ID] || titles[c.Title] {
			t.Errorf("repeated id or title: %s %q", c.ID, c.Title)
		}
		ids[c.ID], titles[c.Title] = true, true
		if strings.ContainsAny(c.ID, "&|!,()/") || !idRE.MatchString(c.ID) {
			t.Errorf("id %q is not a valid label value", c.ID)
		}
		want := map[Kind]string{Negative: "GEN-NEG-", Boundary: "GEN-BND-", Positive: "GEN-POS-"}[c.Kind]
		if !strings.HasPrefix(c.ID, want) {
			t.Errorf("%s has kind %s", c.ID, c.Kind)
		}
		// A failure's curl line must still run: one shell argument holds 128 KiB.
		if len(c.Request.Body) > 100<<10 || len(c.Request.Target) > 8<<10 {
			t.Errorf("%s: body of %d bytes or target of %d", c.ID, len(c.Request.Body), len(c.Request.Target))
		}
	}
}

// The documentation leaves {}, empty arrays, extra fields and null arrays open; the
// hand-written suite accepts either answer, so none may be a generated negative.
func TestUnsettledInputsAreNoNegatives(t *testing.T) {
	plan := build(t, load(t, contract.HuaweiCloud), inputs("pool_a"), 1, 200)
	for _, c := range plan.Cases {
		if c.Kind == Positive {
			continue
		}
		var body map[string]any
		if json.Unmarshal(c.Request.Body, &body) != nil || body == nil {
			continue
		}
		for k, v := range body {
			if v == nil {
				t.Errorf("%s sends %s as null: %s", c.ID, k, c.Request.Body)
			}
			if arr, ok := v.([]any); ok && len(arr) == 0 {
				t.Errorf("%s sends %s empty: %s", c.ID, k, c.Request.Body)
			}
			if k != "queues" && k != "elastic_resource_pools" {
				t.Errorf("%s sends the unknown field %s", c.ID, k)
			}
		}
		if len(body) == 0 {
			t.Errorf("%s sends {}", c.ID)
		}
	}
	dropped := map[string]string{}
	for _, d := range plan.Dropped {
		dropped[d.ID] = d.Reason
	}
	for _, id := range []string{"GEN-NEG-body.queues-null", "GEN-NEG-body-null", "GEN-NEG-body-removed", "GEN-NEG-body-empty-object",
		"GEN-NEG-body.queues-removed", "GEN-NEG-body.queues.items-oversized"} {
		if dropped[id] == "" {
			t.Errorf("%s is not dropped", id)
		}
	}
	if !strings.HasPrefix(dropped["GEN-NEG-body.queues-null"], "unsettled") {
		t.Errorf("null queues dropped for %q", dropped["GEN-NEG-body.queues-null"])
	}
}

func TestFamiliesAndExpectations(t *testing.T) {
	c := load(t, contract.HuaweiCloud)
	plan := build(t, c, inputs("pool_a", "pool_b"), 1, 200)
	byID := map[string]Case{}
	for _, cs := range plan.Cases {
		byID[cs.ID] = cs
	}
	want := map[string][]int{
		"GEN-NEG-body.queues.items-number":                 {400},
		"GEN-NEG-body.queues.items-null":                   {400},
		"GEN-NEG-body.queues.items-object":                 {400},
		"GEN-NEG-body.queues-string":                       {400},
		"GEN-NEG-body.elastic_resource_pools-boolean":      {400},
		"GEN-NEG-body-array":                               {400},
		"GEN-NEG-body.queues-duplicate-key":                {400},
		"GEN-NEG-body.queues.items-deep":                   {400, 413},
		"GEN-NEG-body-deep":                                {400, 413},
		"GEN-NEG-body.queues-oversized-bad-tail":           {400, 413},
		"GEN-NEG-path.connection_id-non-ascii":             {400, 404},
		"GEN-NEG-path.connection_id-encoded-slash":         {301, 307, 308, 400, 404, 405},
		"GEN-NEG-path.connection_id-empty":                 {301, 307, 308, 404, 405},
		"GEN-BND-path.connection_id-uuid-nil-valid":        {400, 404},
		"GEN-BND-path.connection_id-uuid-braces-invalid":   {400, 404},
		"GEN-BND-path.project_id-min-length-at-valid":      {400, 401, 403, 404},
		"GEN-BND-path.project_id-min-length-below-invalid": {301, 307, 308, 404, 405},
	}
	for id, statuses := range want {
		cs, ok := byID[id]
		if !ok {
			t.Errorf("no case %s", id)
			continue
		}
		if unrouted := id == "GEN-NEG-path.connection_id-empty" || id == "GEN-NEG-path.connection_id-encoded-slash" || id == "GEN-BND-path.project_id-min-length-below-invalid"; cs.Expect.Unrouted != unrouted {
			t.Errorf("%s: unrouted %v", id, cs.Expect.Unrouted)
		}
		if slices.Contains(cs.Expect.Statuses, 429) {
			t.Errorf("%s takes throttling for a refusal", id)
		}
		if !slices.Equal(cs.Expect.Statuses, statuses) || cs.Expect.Accepted {
			t.Errorf("%s expects %v (accepted %v), want %v", id, cs.Expect.Statuses, cs.Expect.Accepted, statuses)
		}
	}
	if got := string(byID["GEN-NEG-body.queues-duplicate-key"].Request.Body); !strings.HasPrefix(got, `{"queues":"queue_a","queues":42,`) {
		t.Errorf("duplicate key body %s", got)
	}
	counts := map[Kind]int{}
	for _, cs := range plan.Cases {
		counts[cs.Kind]++
	}
	if counts[Positive] != DefaultPositives || counts[Negative] < 40 || counts[Boundary] < 10 {
		t.Errorf("counts %v", counts)
	}
	t.Logf("huaweicloud, two queues and two pools: %d cases (%v), %d dropped", len(plan.Cases), counts, len(plan.Dropped))
}

func TestPositivesBindConfiguredNamesOnly(t *testing.T) {
	for _, tc := range []struct {
		profile contract.Profile
		pools   []string
	}{{contract.HuaweiCloud, []string{"pool_a", "pool_b"}}, {contract.HuaweiCloud, nil}, {contract.OTC, nil}} {
		plan := build(t, load(t, tc.profile), inputs(tc.pools...), 5, 200)
		sawPools, sawDup, sawOrder := false, false, false
		for _, cs := range plan.Cases {
			if cs.Kind != Positive {
				continue
			}
			var body map[string][]string
			if err := json.Unmarshal(cs.Request.Body, &body); err != nil {
				t.Fatalf("%s: %v", cs.ID, err)
			}
			if len(body) == 0 {
				t.Errorf("%s names nothing", cs.ID)
			}
			for field, names := range body {
				configured := inputs(tc.pools...).Values["body."+field+"[]"]
				if len(names) == 0 {
					t.Errorf("%s: empty %s", cs.ID, field)
				}
				for _, n := range names {
					if !slices.Contains(configured, n) {
						t.Errorf("%s binds %q, which is not configured", cs.ID, n)
					}
				}
				if got, want := cs.Expect.Bound["body."+field+"[]"], distinct(names); !slices.Equal(got, want) {
					t.Errorf("%s: bound %v, want %v", cs.ID, got, want)
				}
				sawPools = sawPools || field == "elastic_resource_pools"
				sawDup = sawDup || len(distinct(names)) < len(names)
				sawOrder = sawOrder || (len(names) > 1 && !slices.IsSorted(names))
			}
		}
		if sawPools != (len(tc.pools) > 0) || !sawDup || !sawOrder {
			t.Errorf("%s pools %v: pools %v, duplicates %v, reordering %v", tc.profile, tc.pools, sawPools, sawDup, sawOrder)
		}
	}
}

func TestBudgetSelectsDeterministicallyAcrossFields(t *testing.T) {
	c := load(t, contract.HuaweiCloud)
	full := build(t, c, inputs("pool_a"), 9, 1000)
	small := build(t, c, inputs("pool_a"), 9, 12)
	again := build(t, c, inputs("pool_a"), 9, 12)
	if len(small.Cases) != 12 || !reflect.DeepEqual(small, again) || small.Candidates != full.Candidates {
		t.Fatalf("budget 12: %d cases of %d, repeatable %v", len(small.Cases), small.Candidates, reflect.DeepEqual(small, again))
	}
	groups := func(p Plan) map[string]bool {
		out := map[string]bool{}
		for _, cs := range p.Cases {
			out[string(cs.Kind)+" "+cs.Field] = true
		}
		return out
	}
	if all, got := groups(full), groups(small); len(all) > 12 || !reflect.DeepEqual(all, got) {
		t.Errorf("12 cases cover %v; every group is %v", got, all)
	}
	if none := build(t, c, inputs("pool_a"), 9, 0); len(none.Cases) != 0 {
		t.Errorf("budget 0 gives %d cases", len(none.Cases))
	}
}

func TestFieldsListsEveryRequestField(t *testing.T) {
	want := map[contract.Profile][]string{
		contract.HuaweiCloud: {"path.connection_id", "path.project_id", "body", "body.elastic_resource_pools", "body.elastic_resource_pools[]", "body.queues", "body.queues[]"},
		// The OTC page this contract is written from documents the pools too.
		contract.OTC: {"path.connection_id", "path.project_id", "body", "body.elastic_resource_pools", "body.elastic_resource_pools[]", "body.queues", "body.queues[]"},
	}
	for p, fields := range want {
		if got := Fields(load(t, p), contract.OpBind); !slices.Equal(got, fields) {
			t.Errorf("%s: %v, want %v", p, got, fields)
		}
	}
	if got := Fields(load(t, contract.OTC), contract.OpList); !slices.Equal(got, []string{"path.project_id", "query.limit", "query.name", "query.offset", "query.status", "query.tags"}) {
		t.Errorf("list: %v", got)
	}
	if Fields(load(t, contract.OTC), "noSuchOperation") != nil {
		t.Error("an unknown operation has fields")
	}
}

func TestCoverageEntriesNameTheFieldsACaseIsAbout(t *testing.T) {
	c := load(t, contract.HuaweiCloud)
	fields := Fields(c, contract.OpBind)
	plan := build(t, c, inputs("pool_a"), 3, 200)
	seen := map[string]bool{}
	for _, cs := range plan.Cases {
		for _, e := range cs.Exercised {
			if !slices.Contains(fields, e.Field) {
				t.Errorf("%s exercises %s, which Fields does not list", cs.ID, e.Field)
			}
			seen[e.Field+" "+e.Side()] = true
		}
	}
	for _, f := range fields {
		if !seen[f+" positive"] || !seen[f+" negative"] {
			t.Errorf("%s: positive %v, negative %v", f, seen[f+" positive"], seen[f+" negative"])
		}
	}
}

// A constraint or field added to the document gets its cases with no new code.
func TestAFieldAddedToTheSpecGetsItsCases(t *testing.T) {
	spec := strings.Replace(string(openapi.Spec), `    BindRequest:
      type: object
      x-doc-ref: dli_02_0191#table2
      properties:
        queues:
          type: array
          description: Names of the queues to bind.
          x-doc-ref: dli_02_0191#table2
          items:
            type: string
`, `    BindRequest:
      type: object
      x-doc-ref: dli_02_0191#table2
      properties:
        priority:
          type: integer
          minimum: 1
          maximum: 10
        mode:
          type: string
          enum: [FAST, SLOW]
        queues:
          type: array
          description: Names of the queues to bind.
          x-doc-ref: dli_02_0191#table2
          maxItems: 3
          items:
            type: string
            maxLength: 64
`, 1)
	if spec == string(openapi.Spec) {
		t.Fatal("the test's edit of the document no longer applies")
	}
	c, err := contract.LoadBytes([]byte(spec), contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	plan := build(t, c, inputs(), 1, 1000)
	ids := map[string]bool{}
	for _, cs := range plan.Cases {
		ids[cs.ID] = true
	}
	for _, id := range []string{
		"GEN-NEG-body.priority-string", "GEN-NEG-body.priority-fraction", "GEN-BND-body.priority-minimum-below-invalid",
		"GEN-BND-body.priority-maximum-above-invalid", "GEN-NEG-body.mode-number", "GEN-BND-body.mode-enum-0-case-invalid",
		"GEN-BND-body.queues-max-items-above-invalid", "GEN-NEG-body.queues-oversized", "GEN-NEG-body.queues.items-oversized",
		"GEN-BND-body.queues.items-max-length-above-invalid", "GEN-BND-body.queues.items-max-length-at-valid",
	} {
		if !ids[id] {
			t.Errorf("no case %s", id)
		}
	}
	if fields := Fields(c, contract.OpBind); !slices.Contains(fields, "body.priority") || !slices.Contains(fields, "body.mode") {
		t.Errorf("fields %v", fields)
	}
}
