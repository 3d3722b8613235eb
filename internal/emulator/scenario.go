package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// preference is what a Prefer header (RFC 7240) asks of the emulator, in the
// convention of Stoplight's Prism mock server: code=NNN picks the operation's declared
// response of that status, example=NAME one of its named examples. Other preferences
// (return=minimal, dynamic=true, …) are ignored, as RFC 7240 asks.
type preference struct {
	code    int
	example string
}

func (p preference) String() string {
	var parts []string
	if p.code != 0 {
		parts = append(parts, "code="+strconv.Itoa(p.code))
	}
	if p.example != "" {
		parts = append(parts, "example="+p.example)
	}
	return strings.Join(parts, ", ")
}

// parsePrefer reads every Prefer header; each holds preferences separated by commas,
// each preference "name=value" with optional ";parameters" that are ignored. A later
// value of the same name wins.
func parsePrefer(values []string) (preference, error) {
	var p preference
	for _, v := range values {
		for item := range strings.SplitSeq(v, ",") {
			item, _, _ = strings.Cut(item, ";")
			name, value, _ := strings.Cut(strings.TrimSpace(item), "=")
			value = strings.Trim(strings.TrimSpace(value), `"`)
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "code":
				n, err := strconv.Atoi(value)
				if err != nil || n < 100 || n > 599 {
					return p, fmt.Errorf("code=%q is not an HTTP status", value)
				}
				p.code = n
			case "example":
				if value == "" {
					return p, errors.New("example= names no example")
				}
				p.example = value
			}
		}
	}
	return p, nil
}

// scenario answers a request that carries a Prefer header with the documented response
// it asks for, instead of serving it; the state does not change. It reports false
// when the header asks for nothing the emulator knows, so that the request is served
// as usual. A preference that cannot be met is answered 400 naming the problem.
func (e *Emulator) scenario(op string, values []string) (response, bool) {
	p, err := parsePrefer(values)
	if err != nil {
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: header Prefer: %v", err), true
	}
	if p.code == 0 && p.example == "" {
		return response{}, false
	}
	resp, err := e.documented(op, p.code, p.example)
	if err != nil {
		return dliError(http.StatusBadRequest, codeParam, "Parameter check errors occur: header Prefer %s: %v", p, err), true
	}
	resp.header.Set("Preference-Applied", p.String())
	return resp, true
}

// documented builds the operation's declared response of the given status: the named
// example when one is asked for, else the response's example, else its first named
// example, else a body generated from its schema. With status 0 the first declared
// response (lowest status) that has the named example is used.
func (e *Emulator) documented(op string, status int, example string) (response, error) {
	operation := e.ops[op]
	if operation == nil || operation.Responses == nil {
		return response{}, fmt.Errorf("operation %q is not in the contract", op)
	}
	statuses := e.contract.DeclaredStatuses(op)
	if status == 0 {
		for _, st := range statuses {
			if mt := jsonContent(operation.Responses.Status(st)); mt != nil && mt.Examples[example] != nil {
				status = st
				break
			}
		}
		if status == 0 {
			return response{}, fmt.Errorf("no declared response of %s has an example named %q%s", op, example, namedExamples(operation, statuses))
		}
	}
	ref := operation.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return response{}, fmt.Errorf("status %d is not declared for %s (declared: %s)", status, op, joinInts(statuses))
	}
	mt := jsonContent(ref)
	if mt == nil {
		return response{}, fmt.Errorf("the declared %d response of %s has no application/json body", status, op)
	}
	var (
		body any
		err  error
	)
	switch {
	case example != "":
		ex := mt.Examples[example]
		if ex == nil || ex.Value == nil {
			return response{}, fmt.Errorf("the declared %d response of %s has no example named %q%s", status, op, example, namedExamples(operation, []int{status}))
		}
		body, err = contract.CopyJSON(ex.Value.Value)
	case mt.Example != nil:
		body, err = contract.CopyJSON(mt.Example)
	case len(mt.Examples) > 0:
		body, err = contract.CopyJSON(mt.Examples[sortedKeys(mt.Examples)[0]].Value.Value)
	default:
		body, err = generateBody(mt.Schema, status)
	}
	if err != nil {
		return response{}, fmt.Errorf("the declared %d response of %s: %w", status, op, err)
	}
	header, err := declaredHeaders(ref.Value)
	if err != nil {
		return response{}, fmt.Errorf("the declared %d response of %s: %w", status, op, err)
	}
	return response{status: status, header: header, body: body}, nil
}

func jsonContent(ref *openapi3.ResponseRef) *openapi3.MediaType {
	if ref == nil || ref.Value == nil {
		return nil
	}
	return ref.Value.Content.Get("application/json")
}

// declaredHeaders gives every header the response declares a value from its schema,
// e.g. Retry-After on 429.
func declaredHeaders(r *openapi3.Response) (http.Header, error) {
	h := http.Header{}
	for name, ref := range r.Headers {
		if ref == nil || ref.Value == nil || ref.Value.Schema == nil || ref.Value.Schema.Value == nil {
			continue
		}
		v, err := contract.Sample(ref.Value.Schema.Value)
		if err != nil {
			return nil, fmt.Errorf("header %s: %w", name, err)
		}
		h.Set(name, fmt.Sprint(v))
	}
	return h, nil
}

// namedExamples lists the named response examples of the given statuses, for a
// message that helps the caller pick one.
func namedExamples(op *openapi3.Operation, statuses []int) string {
	var names []string
	for _, st := range statuses {
		if mt := jsonContent(op.Responses.Status(st)); mt != nil {
			for _, n := range sortedKeys(mt.Examples) {
				names = append(names, fmt.Sprintf("%s (%d)", n, st))
			}
		}
	}
	if len(names) == 0 {
		return "; it has no named examples"
	}
	return "; named examples: " + strings.Join(names, ", ")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
