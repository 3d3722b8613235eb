package redact

import "reflect"

// maxDepth bounds the walk of Deep: the records it redacts are shallow, and
// a cyclic value must not make it run forever.
const maxDepth = 64

// Deep returns a copy of v in which every string reachable through exported
// fields, pointers, slices, arrays, maps (keys too) and interfaces is masked
// by r, and so is every byte slice. It names no field: a field added to a
// record later is redacted as well. v itself is not changed; unexported fields
// are copied as they are.
//
// Files are masked again as bytes when written; masking the values first also
// covers what rendering would hide from a search of the bytes (a secret cut in
// two by an evidence limit, or escaped by a Markdown or HTML renderer).
func Deep[T any](r *Redactor, v T) T {
	if r == nil || len(r.Secrets()) == 0 {
		return v
	}
	rv := reflect.ValueOf(&v).Elem()
	out, ok := walk(r, rv, 0).Interface().(T)
	if !ok {
		return v
	}
	return out
}

func walk(r *Redactor, v reflect.Value, depth int) reflect.Value {
	if depth > maxDepth {
		return v
	}
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		out := reflect.New(t).Elem()
		out.SetString(r.String(v.String()))
		return out
	case reflect.Struct:
		out := reflect.New(t).Elem()
		out.Set(v)
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				out.Field(i).Set(walk(r, v.Field(i), depth+1))
			}
		}
		return out
	case reflect.Pointer:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t.Elem())
		out.Elem().Set(walk(r, v.Elem(), depth+1))
		return out
	case reflect.Slice:
		if v.IsNil() {
			return v
		}
		if t.Elem().Kind() == reflect.Uint8 {
			out := reflect.New(t).Elem()
			out.SetBytes(r.Bytes(v.Bytes()))
			return out
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := range v.Len() {
			out.Index(i).Set(walk(r, v.Index(i), depth+1))
		}
		return out
	case reflect.Array:
		out := reflect.New(t).Elem()
		for i := range v.Len() {
			out.Index(i).Set(walk(r, v.Index(i), depth+1))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return v
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			out.SetMapIndex(walk(r, iter.Key(), depth+1), walk(r, iter.Value(), depth+1))
		}
		return out
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		out := reflect.New(t).Elem()
		out.Set(walk(r, v.Elem(), depth+1))
		return out
	}
	return v
}
