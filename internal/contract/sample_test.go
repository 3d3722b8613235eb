package contract

import (
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func strSchema(format, pattern string) *openapi3.Schema {
	s := openapi3.NewStringSchema()
	s.Format, s.Pattern = format, pattern
	return s
}

func mustSample(t *testing.T, s *openapi3.Schema) any {
	t.Helper()
	v, err := Sample(s)
	if err != nil {
		t.Fatalf("Sample: %v", err)
	}
	return v
}

func TestSampleHonoursFormat(t *testing.T) {
	for format, want := range map[string]string{"uuid": PlaceholderUUID, "date-time": sampleDateTime, "date": sampleDate, "": PlaceholderText} {
		if got := mustSample(t, strSchema(format, "")); got != want {
			t.Errorf("format %q: %v, want %s", format, got, want)
		}
	}
}

func TestSampleHonoursPattern(t *testing.T) {
	for _, pattern := range []string{
		`^[A-Z]{3}$`,
		`^(DLI\.[0-9]{4,5}|APIGW?\.[0-9]{4})$`,
		`a+b*c?(d|e)\.`,
		`^x.y$`,
	} {
		got, ok := mustSample(t, strSchema("", pattern)).(string)
		if !ok || !regexp.MustCompile(pattern).MatchString(got) {
			t.Errorf("pattern %q: sample %q does not match", pattern, got)
		}
	}
	// A pattern the placeholder already meets keeps the readable placeholder.
	if got := mustSample(t, strSchema("", `^[A-Za-z0-9_]{1,64}$`)); got != PlaceholderText {
		t.Errorf("a pattern the placeholder meets gave %v", got)
	}
	// A uuid whose pattern refuses the placeholder (upper case only) follows the pattern.
	upper := `^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$`
	if got := mustSample(t, strSchema("uuid", upper)).(string); !regexp.MustCompile(upper).MatchString(got) {
		t.Errorf("uuid with an upper-case pattern gave %q", got)
	}
	if got, err := Sample(strSchema("", `[^\x00-\x{10FFFF}]`)); err == nil {
		t.Errorf("a pattern that matches nothing gave %v", got)
	}
}

func TestSampleHonoursLengthEnumDefaultAndExample(t *testing.T) {
	long := openapi3.NewStringSchema().WithMinLength(20)
	if got := mustSample(t, long).(string); len(got) != 20 {
		t.Errorf("minLength 20 gave %q", got)
	}
	short := openapi3.NewStringSchema().WithMaxLength(3)
	if got := mustSample(t, short); got != "con" {
		t.Errorf("maxLength 3 gave %v", got)
	}
	if got := mustSample(t, openapi3.NewStringSchema().WithEnum("ACTIVE", "DELETED")); got != "ACTIVE" {
		t.Errorf("enum gave %v", got)
	}
	def := openapi3.NewIntegerSchema().WithMin(1)
	def.Default = float64(100)
	if got := mustSample(t, def); got != float64(100) {
		t.Errorf("default 100 gave %v", got)
	}
	ex := strSchema("uuid", "")
	ex.Example = "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40"
	if got := mustSample(t, ex); got != ex.Example {
		t.Errorf("the documented example %v gave %v", ex.Example, got)
	}
	obj := openapi3.NewObjectSchema().WithProperty("tags", openapi3.NewArraySchema().WithItems(openapi3.NewStringSchema()))
	obj.Example = map[string]any{"tags": []any{"a"}}
	got := mustSample(t, obj).(map[string]any)
	got["tags"].([]any)[0] = "changed"
	if obj.Example.(map[string]any)["tags"].([]any)[0] != "a" {
		t.Error("changing the sample changed the document's example")
	}
}

func TestSampleParameterPrefersItsExample(t *testing.T) {
	p := &openapi3.Parameter{Name: "connection_id", In: "path", Schema: strSchema("uuid", "").NewRef()}
	if got, err := SampleParameter(p); err != nil || got != PlaceholderUUID {
		t.Errorf("without an example: %v, %v", got, err)
	}
	p.Example = "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40"
	if got, err := SampleParameter(p); err != nil || got != p.Example {
		t.Errorf("with an example: %v, %v", got, err)
	}
}

// The placeholder is the id the documentation's create example answers, and the
// contract's connection id (uuid and pattern both) samples to it.
func TestPlaceholderUUIDIsTheDocumentedOne(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	var created any
	for _, item := range c.Doc().Paths.Map() {
		for _, op := range item.Operations() {
			if r := op.Responses.Status(201); r != nil && r.Value != nil {
				if mt := r.Value.Content.Get("application/json"); mt != nil && mt.Example != nil {
					created = mt.Example.(map[string]any)["connection_id"]
				}
			}
		}
	}
	if created != PlaceholderUUID {
		t.Errorf("the documented create example answers connection_id %v, the placeholder is %s", created, PlaceholderUUID)
	}
	if got, err := SampleParameter(c.Doc().Components.Parameters["ConnectionId"].Value); err != nil || got != PlaceholderUUID {
		t.Errorf("the connection id parameter samples to %v, %v", got, err)
	}
}

// Every schema of the contract has a sample, and the sample validates.
func TestEveryComponentSchemaHasASample(t *testing.T) {
	for _, p := range Profiles() {
		c := mustLoad(t, p)
		for name, ref := range c.Doc().Components.Schemas {
			v, err := Sample(ref.Value)
			if err != nil {
				t.Errorf("%s %s: %v", p, name, err)
				continue
			}
			if err := ref.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
				t.Errorf("%s %s: sample %v does not validate: %v", p, name, v, err)
			}
		}
	}
}
