package generate

import (
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Where no input is configured, a value is the contract's sample: the pattern,
// the uuid format and the example of the schema are honoured.
func TestValuesWithoutInputsAreTheContractsSamples(t *testing.T) {
	v := &values{uses: map[string]bool{}}
	pattern := openapi3.NewStringSchema().WithPattern(`^[A-Z]{3}$`)
	if got, ok := v.valid("path.code", pattern).(string); !ok || !regexp.MustCompile(pattern.Pattern).MatchString(got) {
		t.Errorf("pattern %s gave %v", pattern.Pattern, got)
	}
	if got := v.valid("path.id", openapi3.NewUUIDSchema()); got != contract.PlaceholderUUID {
		t.Errorf("a uuid gave %v, want %s", got, contract.PlaceholderUUID)
	}
	ex := openapi3.NewStringSchema()
	ex.Example = "queue_a"
	if got := v.valid("body.queue", ex); got != "queue_a" {
		t.Errorf("the example gave %v", got)
	}
	if got := v.valid("query.limit", openapi3.NewIntegerSchema().WithMin(5)); got != int64(5) {
		t.Errorf("an integer with minimum 5 gave %#v, want int64 5", got)
	}
	if len(v.uses) != 0 {
		t.Errorf("samples counted as inputs used: %v", v.uses)
	}
}
