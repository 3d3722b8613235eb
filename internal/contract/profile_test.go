package contract

import (
	"context"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/openapi"
)

func TestTheDocumentNamesOnlyKnownProfiles(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openapi.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if bad := UnknownProfileNames(doc); len(bad) != 0 {
		t.Errorf("x-profiles naming no profile: %v", bad)
	}
	mutated := strings.Replace(string(openapi.Spec), "x-profiles: [huaweicloud]", "x-profiles: [huaweicoud]", 1)
	doc, err = openapi3.NewLoader().LoadFromData([]byte(mutated))
	if err != nil {
		t.Fatal(err)
	}
	if bad := UnknownProfileNames(doc); len(bad) != 1 || !strings.HasSuffix(bad[0], ": huaweicoud") {
		t.Errorf("a misspelt profile: %v", bad)
	}
}

// The OTC seed's Table 2 lists elastic_resource_pools: both profiles bind pools,
// and only the OTC pages of create, query and list go without them.
func TestBothProfilesBindPools(t *testing.T) {
	for _, p := range Profiles() {
		c, err := Load(p)
		if err != nil {
			t.Fatal(err)
		}
		body := []byte(`{"elastic_resource_pools":["pool_a"]}`)
		r := Request{Method: "POST", Target: "/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue",
			Header: map[string][]string{"Content-Type": {"application/json"}, "X-Auth-Token": {"t"}}, Body: body}
		if err := c.CheckRequest(context.Background(), r); err != nil {
			t.Errorf("%s refuses a pool binding: %v", p, err)
		}
		r.Body = []byte(`{"elastic_resource_pools":"pool_a"}`)
		if err := c.CheckRequest(context.Background(), r); err == nil {
			t.Errorf("%s accepts elastic_resource_pools as a string", p)
		}
		_, create := c.Doc().Components.Schemas["CreateConnectionRequest"].Value.Properties["elastic_resource_pools"]
		if create != (p == HuaweiCloud) {
			t.Errorf("%s: create documents pools: %v", p, create)
		}
	}
}
