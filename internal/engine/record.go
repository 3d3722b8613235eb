package engine

import (
	"bytes"
	"encoding/json"
	"mime"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Record is the case of one exchange: the request normalised, and of the
// answer what two targets' answers are compared by. Conformance, effect and
// the evidence (the exchange as shown, which the caller has rendered already)
// are the caller's to add.
func (z *Normaliser) Record(key, requirement string, x *client.Exchange) verdict.Case {
	c := verdict.Case{Key: key, Requirement: requirement, Status: x.Status,
		Request: strings.TrimSpace(x.Method + " " + z.Path(x.Target) + " " + z.Body(x.ReqBody))}
	if x.Err != nil {
		c.Status, c.Transport = 0, string(x.Failure)
		if c.Transport == "" {
			c.Transport = "error"
		}
		return c
	}
	c.ContentType = mediaType(x.RespHeader.Get("Content-Type"))
	var body any
	dec := json.NewDecoder(bytes.NewReader(x.RespBody))
	dec.UseNumber()
	if dec.Decode(&body) != nil {
		return c
	}
	c.Shape = Shape(body)
	if obj, ok := body.(map[string]any); ok {
		if code, ok := obj["error_code"].(string); ok {
			c.ErrorCode = code
		}
		if s, ok := obj["is_success"].(bool); ok {
			c.Success = &s
		}
		for _, k := range []string{"error_msg", "message"} {
			if m, ok := obj[k].(string); ok && c.Message == "" {
				c.Message = m
			}
		}
	}
	return c
}

// Effect is the change from before to after as compared: names normalised.
func (z *Normaliser) Effect(addedQueues, addedPools, removedQueues, removedPools []string) *verdict.CaseEffect {
	return &verdict.CaseEffect{
		Added:   verdict.Names{Queues: z.Names(addedQueues), Pools: z.Names(addedPools)},
		Removed: verdict.Names{Queues: z.Names(removedQueues), Pools: z.Names(removedPools)},
	}
}

// mediaType is a Content-Type as compared: type and parameters lower-cased,
// spacing and parameter order made canonical.
func mediaType(v string) string {
	if v == "" {
		return ""
	}
	t, params, err := mime.ParseMediaType(v)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(v))
	}
	for k, p := range params {
		params[k] = strings.ToLower(p)
	}
	return mime.FormatMediaType(t, params)
}

// Shape lists a JSON value's fields as "path: type", sorted and unique; "[]"
// stands for every element of an array, so the shape does not depend on how
// many elements there are. An array with no element anywhere at its path is
// an "empty array": it says nothing of what its elements would hold.
func Shape(v any) []string {
	types := map[string]string{}
	var order []string
	note := func(path, typ string) {
		prev, seen := types[path]
		if !seen {
			order = append(order, path)
		}
		if !seen || prev == EmptyArray {
			types[path] = typ
		} else if prev != typ && typ != EmptyArray {
			types[path] = prev + " or " + typ
		}
	}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch t := v.(type) {
		case map[string]any:
			if path != "" {
				note(path, "object")
			}
			for k, e := range t {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, e)
			}
		case []any:
			if len(t) == 0 {
				note(orRoot(path), EmptyArray)
			} else {
				note(orRoot(path), "array")
			}
			for _, e := range t {
				walk(path+"[]", e)
			}
		default:
			note(orRoot(path), jsonType(t))
		}
	}
	walk("", v)
	out := make([]string, 0, len(order))
	for _, p := range order {
		out = append(out, p+": "+types[p])
	}
	slices.Sort(out)
	return out
}

// EmptyArray is the type of an array path that held no element.
const EmptyArray = "empty array"

func orRoot(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	}
	return "unknown"
}
