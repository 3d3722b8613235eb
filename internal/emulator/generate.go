package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// generateBody makes a body for a declared response that has no example: a value
// built from the schema alone, every property filled so that a client decodes every
// field. An error body gets the code and message the emulator gives that status, so
// that it reads like a real refusal. The result is checked against the schema.
func generateBody(ref *openapi3.SchemaRef, status int) (any, error) {
	if ref == nil || ref.Value == nil {
		return map[string]any{}, nil
	}
	s := ref.Value
	v, err := generate(s, 0)
	if err != nil {
		return nil, err
	}
	if m, isObject := v.(map[string]any); isObject {
		_, hasCode := m["error_code"]
		_, hasMsg := m["error_msg"]
		if e, known := statusErrors[status]; known && hasCode && hasMsg {
			code, msg := m["error_code"], m["error_msg"]
			m["error_code"], m["error_msg"] = e.ErrorCode, e.ErrorMsg
			if s.VisitJSON(m) != nil {
				m["error_code"], m["error_msg"] = code, msg
			}
		}
	}
	if err := s.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return nil, fmt.Errorf("the generated body does not match the schema: %w", err)
	}
	return v, nil
}

// statusErrors are the refusals the emulator gives for each error status, used to
// fill a generated error body.
var statusErrors = map[int]errorBody{
	http.StatusBadRequest:            {ErrorCode: codeParam, ErrorMsg: "Parameter check errors occur."},
	http.StatusUnauthorized:          {ErrorCode: codeIAMToken, ErrorMsg: msgWrongToken},
	http.StatusForbidden:             {ErrorCode: codeForbidden, ErrorMsg: msgProjectMismatch},
	http.StatusNotFound:              {ErrorCode: codeNoAPI, ErrorMsg: msgNoAPI},
	http.StatusMethodNotAllowed:      {ErrorCode: codeNoAPI, ErrorMsg: msgNoMethod},
	http.StatusRequestEntityTooLarge: {ErrorCode: codeRequest, ErrorMsg: msgTooLarge},
	http.StatusUnsupportedMediaType:  {ErrorCode: codeParam, ErrorMsg: "The request body must be application/json."},
	http.StatusTooManyRequests:       {ErrorCode: codeThrottled, ErrorMsg: msgThrottled},
	http.StatusInternalServerError:   {ErrorCode: codeServer, ErrorMsg: "Server-side errors occur."},
}

const maxSchemaDepth = 32

// generate returns a value for s: its example or first enum value when it has one,
// otherwise the simplest value of its type that meets its bounds.
func generate(s *openapi3.Schema, depth int) (any, error) {
	if depth > maxSchemaDepth {
		return nil, errors.New("the schema nests too deep")
	}
	switch {
	case s.Example != nil:
		return copyJSON(s.Example)
	case len(s.Enum) > 0:
		return copyJSON(s.Enum[0])
	case len(s.AllOf) > 0:
		return generateAllOf(s, depth)
	case len(s.OneOf) > 0:
		return generate(s.OneOf[0].Value, depth+1)
	case len(s.AnyOf) > 0:
		return generate(s.AnyOf[0].Value, depth+1)
	}
	switch {
	case s.Type.Is(openapi3.TypeObject), s.Type.IsEmpty() && len(s.Properties) > 0:
		return generateObject(s, depth)
	case s.Type.Is(openapi3.TypeArray):
		return generateArray(s, depth)
	case s.Type.Is(openapi3.TypeString):
		return generateString(s)
	case s.Type.Is(openapi3.TypeInteger):
		return math.Ceil(generateNumber(s)), nil
	case s.Type.Is(openapi3.TypeNumber):
		return generateNumber(s), nil
	case s.Type.Is(openapi3.TypeBoolean):
		return true, nil
	}
	return nil, fmt.Errorf("cannot generate a value for a schema of type %v", s.Type.Slice())
}

// generateAllOf merges the objects generated for the schema's own properties and for
// each of its parts.
func generateAllOf(s *openapi3.Schema, depth int) (any, error) {
	out := map[string]any{}
	merge := func(v any, err error, what string) error {
		if err != nil {
			return err
		}
		m, isObject := v.(map[string]any)
		if !isObject {
			return fmt.Errorf("%s is not an object", what)
		}
		for k, val := range m {
			out[k] = val
		}
		return nil
	}
	if len(s.Properties) > 0 {
		v, err := generateObject(s, depth)
		if err := merge(v, err, "the schema's own properties"); err != nil {
			return nil, err
		}
	}
	for i, part := range s.AllOf {
		if part.Value == nil {
			continue
		}
		v, err := generate(part.Value, depth+1)
		if err := merge(v, err, fmt.Sprintf("allOf part %d", i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func generateObject(s *openapi3.Schema, depth int) (any, error) {
	out := map[string]any{}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := s.Properties[name]
		if p == nil || p.Value == nil {
			continue
		}
		v, err := generate(p.Value, depth+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// generateArray makes one element, or minItems of them, within maxItems.
func generateArray(s *openapi3.Schema, depth int) (any, error) {
	n := max(s.MinItems, 1)
	if s.MaxItems != nil && n > *s.MaxItems {
		n = *s.MaxItems
	}
	out := make([]any, 0, n)
	if s.Items == nil || s.Items.Value == nil {
		for range n {
			out = append(out, "item")
		}
		return out, nil
	}
	for range n {
		v, err := generate(s.Items.Value, depth+1)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// generateString honours format uuid, pattern and the length bounds.
func generateString(s *openapi3.Schema) (any, error) {
	var v string
	switch {
	case s.Pattern != "":
		var err error
		if v, err = sampleMatching(s.Pattern); err != nil {
			return nil, err
		}
	case s.Format == "uuid":
		v = "2a620c33-5609-40c9-affd-2b6453071b0f"
	case s.Format == "date-time":
		v = "2026-01-01T00:00:00Z"
	default:
		v = "string"
	}
	if n := int(s.MinLength); len([]rune(v)) < n {
		v += strings.Repeat("x", n-len([]rune(v)))
	}
	if s.MaxLength != nil && uint64(len([]rune(v))) > *s.MaxLength {
		v = string([]rune(v)[:*s.MaxLength])
	}
	return v, nil
}

// generateNumber is the lower bound (just above it when exclusive), else the upper
// bound when it is below zero, else 0.
func generateNumber(s *openapi3.Schema) float64 {
	switch {
	case s.Min != nil && s.ExclusiveMin.IsTrue():
		return *s.Min + 1
	case s.Min != nil:
		return *s.Min
	case s.Max != nil && *s.Max < 0 && s.ExclusiveMax.IsTrue():
		return *s.Max - 1
	case s.Max != nil && *s.Max < 0:
		return *s.Max
	}
	return 0
}

// sampleMatching builds the shortest string the pattern's syntax tree suggests (first
// alternative, minimum repetitions, lowest character of a class) and checks that the
// pattern matches it.
func sampleMatching(pattern string) (string, error) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", fmt.Errorf("pattern %q: %w", pattern, err)
	}
	var b strings.Builder
	if err := writeSample(&b, re.Simplify()); err != nil {
		return "", fmt.Errorf("pattern %q: %w", pattern, err)
	}
	if matched, _ := regexp.MatchString(pattern, b.String()); !matched {
		return "", fmt.Errorf("pattern %q: no sample found", pattern)
	}
	return b.String(), nil
}

func writeSample(b *strings.Builder, re *syntax.Regexp) error {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return errors.New("an empty character class matches nothing")
		}
		b.WriteRune(re.Rune[0])
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('x')
	case syntax.OpCapture:
		return writeSample(b, re.Sub[0])
	case syntax.OpPlus:
		return writeSample(b, re.Sub[0])
	case syntax.OpRepeat:
		for range re.Min {
			if err := writeSample(b, re.Sub[0]); err != nil {
				return err
			}
		}
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if err := writeSample(b, sub); err != nil {
				return err
			}
		}
	case syntax.OpAlternate:
		return writeSample(b, re.Sub[0])
	case syntax.OpNoMatch:
		return errors.New("the pattern matches nothing")
	}
	// Anchors, boundaries, empty matches, * and ? add nothing.
	return nil
}

// copyJSON returns a deep copy of a JSON-like value, so that an answer built from
// the contract's examples never shares maps with the document.
func copyJSON(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var out any
	if err := json.Unmarshal(data, &out); err != nil {
		return nil, err
	}
	return out, nil
}
