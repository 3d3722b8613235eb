package generate

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// ExercisedBy works out which request fields any request exercises, for specs
// written by hand: the operation it routes to, and every field it carries as
// positive when the contract accepts it; when the contract rejects it, the fields
// its violations name as negative (the body when a violation names no member). A
// request that routes to no operation exercises nothing. r must carry its
// credentials, or a placeholder for them.
func ExercisedBy(c *contract.Contract, r contract.Request) (string, []Exercise) {
	op := c.Operation(r)
	if op == "" {
		return "", nil
	}
	o, err := findOperation(c, op)
	if err != nil {
		return "", nil
	}
	fields := Fields(c, op)
	err = c.CheckRequest(context.Background(), r)
	if err == nil {
		var out []Exercise
		var query url.Values
		if u, err := url.Parse(r.Target); err == nil {
			query = u.Query()
		}
		for _, p := range o.params {
			sent := p.In == openapi3.ParameterInPath || (p.In == openapi3.ParameterInQuery && query.Has(p.Name)) ||
				(p.In == openapi3.ParameterInHeader && r.Header.Get(p.Name) != "")
			if sent {
				out = append(out, Exercise{Field: paramField(p), Positive: true})
			}
		}
		if len(r.Body) > 0 {
			var body any
			if json.Unmarshal(r.Body, &body) == nil {
				for _, f := range present(o.bodyPositions(), body) {
					out = append(out, Exercise{Field: f, Positive: true})
				}
			}
		}
		return op, out
	}
	var v *contract.Violations
	if !errors.As(err, &v) {
		return op, nil
	}
	var out []Exercise
	for _, item := range v.Items {
		f := violatedField(item)
		if f == "" {
			continue
		}
		if !slices.Contains(fields, f) && strings.HasPrefix(f, "body") {
			f = "body"
		}
		if slices.Contains(fields, f) && !slices.ContainsFunc(out, func(e Exercise) bool { return e.Field == f }) {
			out = append(out, Exercise{Field: f})
		}
	}
	return op, out
}

// The contract's violation lines name the field: `request path parameter
// "connection_id" at /: …` or `request body at /queues/0: …`.
var (
	paramViolationRE = regexp.MustCompile(`^request (path|query|header) parameter "([^"]+)"`)
	bodyViolationRE  = regexp.MustCompile(`^request body(?: at (/[^:]*))?:`)
)

func violatedField(item string) string {
	if m := paramViolationRE.FindStringSubmatch(item); m != nil {
		return m[1] + "." + m[2]
	}
	m := bodyViolationRE.FindStringSubmatch(item)
	if m == nil {
		return ""
	}
	field := "body"
	for _, seg := range strings.Split(strings.Trim(m[1], "/"), "/") {
		switch {
		case seg == "":
		case strings.Trim(seg, "0123456789") == "":
			field += "[]"
		default:
			field += "." + seg
		}
	}
	return field
}
