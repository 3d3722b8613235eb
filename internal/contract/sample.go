package contract

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
)

// PlaceholderUUID is the one id samples give a uuid: the connection id of the
// documented create example (dli_02_0187), which the document quotes, so that a
// sample reads like the documentation.
const PlaceholderUUID = "2a620c33-5609-40c9-affd-2b6453071b0f"

// PlaceholderText is the sample of a string of no particular form.
const PlaceholderText = "conformance"

// sampleDateTime and sampleDate are the samples of the date formats.
const (
	sampleDateTime = "2026-01-01T00:00:00Z"
	sampleDate     = "2026-01-01"
)

const maxSampleDepth = 32

// Sample returns a value the schema accepts, made from the schema alone and
// sharing nothing with the document: its documented example, else its first enum
// value, else its default, else the simplest value of its type within its bounds.
// A string honours the schema's format (uuid, date-time, date), pattern and
// length; an object carries every property, so that a reader decodes every field;
// an array carries minItems elements, at least one. The value is checked against
// the schema: an error says the schema admits no value Sample can make.
func Sample(s *openapi3.Schema) (any, error) {
	if s == nil {
		return map[string]any{}, nil
	}
	v, err := sample(s, 0)
	if err != nil {
		return nil, err
	}
	if err := s.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return nil, fmt.Errorf("the sample %v does not match the schema: %w", v, err)
	}
	return v, nil
}

// SampleParameter is Sample for a parameter: the parameter's own documented
// example comes first, then its schema's sample.
func SampleParameter(p *openapi3.Parameter) (any, error) {
	switch {
	case p.Example != nil:
		return CopyJSON(p.Example)
	case len(p.Examples) > 0:
		first := slices.Sorted(maps.Keys(p.Examples))[0]
		if ex := p.Examples[first]; ex != nil && ex.Value != nil {
			return CopyJSON(ex.Value.Value)
		}
	}
	if p.Schema == nil {
		return nil, fmt.Errorf("parameter %s has no schema", p.Name)
	}
	return Sample(p.Schema.Value)
}

func sample(s *openapi3.Schema, depth int) (any, error) {
	if depth > maxSampleDepth {
		return nil, errors.New("the schema nests too deep")
	}
	switch {
	case s.Example != nil:
		return CopyJSON(s.Example)
	case len(s.Enum) > 0:
		return CopyJSON(s.Enum[0])
	case s.Default != nil:
		return CopyJSON(s.Default)
	case len(s.AllOf) > 0:
		return sampleAllOf(s, depth)
	case len(s.OneOf) > 0:
		return sample(s.OneOf[0].Value, depth+1)
	case len(s.AnyOf) > 0:
		return sample(s.AnyOf[0].Value, depth+1)
	}
	switch {
	case s.Type.Is(openapi3.TypeObject), s.Type.IsEmpty() && len(s.Properties) > 0:
		return sampleObject(s, depth)
	case s.Type.Is(openapi3.TypeArray):
		return sampleArray(s, depth)
	case s.Type.Is(openapi3.TypeString):
		return sampleString(s)
	case s.Type.Is(openapi3.TypeInteger):
		return math.Ceil(sampleNumber(s)), nil
	case s.Type.Is(openapi3.TypeNumber):
		return sampleNumber(s), nil
	case s.Type.Is(openapi3.TypeBoolean):
		return true, nil
	}
	return nil, fmt.Errorf("cannot make a value for a schema of type %v", s.Type.Slice())
}

// sampleAllOf merges the objects made for the schema's own properties and for
// each of its parts.
func sampleAllOf(s *openapi3.Schema, depth int) (any, error) {
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
		v, err := sampleObject(s, depth)
		if err := merge(v, err, "the schema's own properties"); err != nil {
			return nil, err
		}
	}
	for i, part := range s.AllOf {
		if part.Value == nil {
			continue
		}
		v, err := sample(part.Value, depth+1)
		if err := merge(v, err, fmt.Sprintf("allOf part %d", i)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func sampleObject(s *openapi3.Schema, depth int) (any, error) {
	out := map[string]any{}
	for name, p := range s.Properties {
		if p == nil || p.Value == nil {
			continue
		}
		v, err := sample(p.Value, depth+1)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// sampleArray makes minItems elements, at least one, within maxItems.
func sampleArray(s *openapi3.Schema, depth int) (any, error) {
	n := max(s.MinItems, 1)
	if s.MaxItems != nil && n > *s.MaxItems {
		n = *s.MaxItems
	}
	out := make([]any, 0, n)
	for range n {
		if s.Items == nil || s.Items.Value == nil {
			out = append(out, PlaceholderText)
			continue
		}
		v, err := sample(s.Items.Value, depth+1)
		if err != nil {
			return nil, fmt.Errorf("items: %w", err)
		}
		out = append(out, v)
	}
	return out, nil
}

// sampleString is the format's sample (or plain text) fitted to the length
// bounds; where the pattern refuses it, the shortest string the pattern suggests.
func sampleString(s *openapi3.Schema) (any, error) {
	v := PlaceholderText
	switch s.Format {
	case "uuid":
		v = PlaceholderUUID
	case "date-time":
		v = sampleDateTime
	case "date":
		v = sampleDate
	}
	v = fitLength(v, s)
	if s.Pattern == "" {
		return v, nil
	}
	re, err := regexp.Compile(s.Pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", s.Pattern, err)
	}
	if re.MatchString(v) {
		return v, nil
	}
	m, err := sampleMatching(s.Pattern)
	if err != nil {
		return nil, err
	}
	return fitLength(m, s), nil
}

func fitLength(v string, s *openapi3.Schema) string {
	if n := int(s.MinLength); utf8.RuneCountInString(v) < n {
		v += strings.Repeat("x", n-utf8.RuneCountInString(v))
	}
	if s.MaxLength != nil && uint64(utf8.RuneCountInString(v)) > *s.MaxLength {
		v = string([]rune(v)[:*s.MaxLength])
	}
	return v
}

// sampleNumber is the lower bound (just above it when exclusive), else the upper
// bound when it is below zero, else 0.
func sampleNumber(s *openapi3.Schema) float64 {
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

// sampleMatching builds the shortest string the pattern's syntax tree suggests
// (first alternative, minimum repetitions, lowest character of a class) and
// checks that the pattern matches it.
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
	case syntax.OpCapture, syntax.OpPlus, syntax.OpAlternate:
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
	case syntax.OpNoMatch:
		return errors.New("the pattern matches nothing")
	}
	// Anchors, boundaries, empty matches, * and ? add nothing.
	return nil
}

// CopyJSON returns a deep copy of a JSON-like value, so that a sample (or an
// answer built from an example) never shares maps with the document.
func CopyJSON(v any) (any, error) {
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
