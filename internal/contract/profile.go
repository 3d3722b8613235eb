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

// UnknownProfileNames lists, as "<where>: <name>", every x-profiles entry of the
// document that names no known profile: a misspelt name would silently drop the
// element from every profile. Fields and request-body examples are checked, where
// applyProfile reads x-profiles.
func UnknownProfileNames(doc *openapi3.T) []string {
	var out []string
	check := func(where string, ext map[string]any) {
		list, _ := ext["x-profiles"].([]any)
		for _, v := range list {
			s, _ := v.(string)
			if _, err := ParseProfile(s); err != nil {
				out = append(out, where+": "+s)
			}
		}
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, s *openapi3.Schema)
	walk = func(where string, s *openapi3.Schema) {
		if s == nil || seen[s] {
			return
		}
		seen[s] = true
		for name, p := range s.Properties {
			if p != nil && p.Value != nil {
				check(where+"."+name, p.Value.Extensions)
				walk(where+"."+name, p.Value)
			}
		}
		if s.Items != nil {
			walk(where+"[]", s.Items.Value)
		}
		for _, group := range []openapi3.SchemaRefs{s.AllOf, s.AnyOf, s.OneOf} {
			for _, r := range group {
				walk(where, r.Value)
			}
		}
	}
	for name, ref := range doc.Components.Schemas {
		walk(name, ref.Value)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				for name, ex := range mt.Examples {
					if ex.Value != nil {
						check(method+" "+path+" example "+name, ex.Value.Extensions)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return out
}
