package emulator

import (
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func TestSampleMatching(t *testing.T) {
	for _, pattern := range []string{
		`^(DLI\.[0-9]{4,5}|APIGW?\.[0-9]{4})$`,
		`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`,
		`^[A-Za-z0-9_]{1,64}$`,
		`a+b*c?(d|e)\.`,
		`^x.y$`,
	} {
		got, err := sampleMatching(pattern)
		if err != nil || !regexp.MustCompile(pattern).MatchString(got) {
			t.Errorf("sampleMatching(%q) = %q, %v", pattern, got, err)
		}
	}
	if got, err := sampleMatching(`[^\x00-\x{10FFFF}]`); err == nil {
		t.Errorf("a pattern that matches nothing gave %q", got)
	}
}

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
