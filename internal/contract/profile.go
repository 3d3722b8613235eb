package contract

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// applyProfile removes the schema properties and examples whose x-profiles does not
// name the profile.
func applyProfile(doc *openapi3.T, profile Profile) {
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for name, p := range s.Properties {
			if p != nil && p.Value != nil && !inProfile(p.Value.Extensions, profile) {
				delete(s.Properties, name)
				s.Required = slices.DeleteFunc(s.Required, func(r string) bool { return r == name })
				continue
			}
			if p != nil {
				walk(p.Value)
			}
		}
		if s.Items != nil {
			walk(s.Items.Value)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range group {
				walk(r.Value)
			}
		}
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref.Value)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				for name, ex := range mt.Examples {
					if ex.Value != nil && !inProfile(ex.Value.Extensions, profile) {
						delete(mt.Examples, name)
					}
				}
			}
		}
	}
}

func inProfile(ext map[string]any, profile Profile) bool {
	raw, ok := ext["x-profiles"]
	if !ok {
		return true
	}
	list, _ := raw.([]any)
	for _, v := range list {
		if s, _ := v.(string); s == string(profile) {
			return true
		}
	}
	return false
}
