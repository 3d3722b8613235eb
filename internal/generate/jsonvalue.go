package generate

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
)

// A JSON value under construction is a tree of map[string]any, []any, string,
// int, float64, bool and nil, plus the two encodings encoding/json cannot express
// from such a tree: a raw fragment and an object with a repeated key.

// rawJSON is a fragment written as is (deep nesting is built this way).
type rawJSON = json.RawMessage

// repeatedKey is an object that names Key once per value in Values, before its other
// members: RFC 8259 leaves the meaning of such an object to the reader.
type repeatedKey struct {
	Key    string
	Values []any
	Rest   map[string]any
}

// MarshalJSON writes the repeated key first, then the other members sorted.
func (o repeatedKey) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	member := func(k string, v any) error {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		kb, err := encode(k)
		if err != nil {
			return err
		}
		vb, err := encode(v)
		if err != nil {
			return err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
		return nil
	}
	for _, v := range o.Values {
		if err := member(o.Key, v); err != nil {
			return nil, err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(o.Rest)) {
		if err := member(k, o.Rest[k]); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// encode writes v compactly, object keys sorted and without HTML escaping, so that
// a body reads in a curl line as it was meant.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// clone copies the maps and slices of a value tree.
func clone(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = clone(e)
		}
		return out
	default:
		return v
	}
}

// nestArrays wraps v in depth arrays.
func nestArrays(v any, depth int) (rawJSON, error) {
	inner, err := encode(v)
	if err != nil {
		return nil, err
	}
	return rawJSON(strings.Repeat("[", depth) + string(inner) + strings.Repeat("]", depth)), nil
}

// nestObjects wraps v in depth objects of one member each.
func nestObjects(v any, depth int) (rawJSON, error) {
	inner, err := encode(v)
	if err != nil {
		return nil, err
	}
	return rawJSON(strings.Repeat(`{"nested":`, depth) + string(inner) + strings.Repeat("}", depth)), nil
}

// firstString returns the first string found in v, depth first, or "".
func firstString(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		for _, e := range t {
			if s := firstString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(t)) {
			if s := firstString(t[k]); s != "" {
				return s
			}
		}
	}
	return ""
}
