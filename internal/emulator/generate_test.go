package emulator

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Every schema of the contract can be generated, and what is generated validates.
func TestGenerateEveryComponentSchema(t *testing.T) {
	for _, p := range contract.Profiles() {
		c, err := contract.Load(p)
		if err != nil {
			t.Fatal(err)
		}
		for name, ref := range c.Doc().Components.Schemas {
			v, err := generateBody(ref, 0)
			if err != nil {
				t.Errorf("%s %s: %v", p, name, err)
				continue
			}
			if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
				t.Errorf("%s %s: generated %v does not validate: %v", p, name, v, err)
			}
		}
	}
}
