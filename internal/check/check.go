// Package check holds the suite's judgements of an exchange or of a connection's
// state. Each returns nil or a *Failure that carries the verdict (the kind of
// deviation, what was found) and the evidence, so that a spec reads as the
// requirement and its failure as a report.
package check

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"path"
	"slices"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Failure is the error a check returns: the verdict it reached, and the exchange
// it found it in. The exchange is rendered into the verdict's evidence only when
// the verdict is asked for: it can be large, and a failure is often only tested
// for (a walk that waits, a loop that tries the next check) and never reported.
type Failure struct {
	verdict.Failure
	// In is the exchange the failure was found in; nil when none.
	In *client.Exchange `json:"-"`
}

// Fail returns a failure of kind found in x (which may be nil).
func Fail(kind verdict.Kind, x *client.Exchange, format string, args ...any) *Failure {
	return &Failure{Failure: verdict.Failure{Kind: kind, Message: fmt.Sprintf(format, args...)}, In: x}
}

// Verdict returns the failure as data for the reports, with its exchange as
// evidence.
func (f *Failure) Verdict() verdict.Failure {
	v := f.Failure
	if f.In != nil {
		v.Exchange = f.In.String()
		v.Curl = f.In.Curl()
	}
	return v
}

func (f *Failure) Error() string { return f.Verdict().Error() }

// Answered fails when the target gave no complete answer.
func Answered(x *client.Exchange) error {
	if x.Err != nil && x.Failure == client.FailureThrottled {
		return Fail(verdict.Throttled, x, "throttled: %v", x.Err)
	}
	if x.Err != nil {
		return Fail(verdict.Transport, x, "no complete answer: %v", x.Err)
	}
	return nil
}

// Conforms checks the response against the contract: status declared for the
// operation (or for an undefined route), content type and body schema.
func Conforms(ctx context.Context, c *contract.Contract, x *client.Exchange) error {
	_, err := ConformsRouted(ctx, c, x)
	return err
}

// ConformsRouted is Conforms, also returning the operation the exchange routed
// to ("" for none): the request is routed once for both.
func ConformsRouted(ctx context.Context, c *contract.Contract, x *client.Exchange) (string, error) {
	if err := Answered(x); err != nil {
		return "", err
	}
	req := x.ContractRequest()
	rt := c.Route(req)
	op := rt.Operation()
	if !rt.Declares(x.Status) {
		declared, where := c.UnroutedStatuses(), "a method or path the API does not define"
		if op != "" {
			declared, where = c.DeclaredStatuses(op), op
		}
		return op, Fail(verdict.Status, x, "status %d is not declared for %s (declared: %v)", x.Status, where, declared)
	}
	if err := rt.CheckResponse(ctx, req, x.ContractResponse()); err != nil {
		// Every declared error answers DLI's error body: say so when that is what
		// broke, rather than a bare schema violation.
		if x.Status >= 400 {
			if bodyErr := ErrorBody(x); bodyErr != nil {
				return op, bodyErr
			}
		}
		return op, Fail(verdict.Schema, x, "the response departs from the contract: %v", err)
	}
	return op, nil
}

// RequestConforms proves that a request meant to be valid is valid by the contract.
func RequestConforms(ctx context.Context, c *contract.Contract, r contract.Request) error {
	if err := c.CheckRequest(ctx, r); err != nil {
		return Fail(verdict.Input, nil, "the suite's own valid input is rejected by the contract: %v", err)
	}
	return nil
}

// RequestViolates proves that a request meant to be invalid is invalid by the
// contract, so that a negative case cannot pass by accident.
func RequestViolates(ctx context.Context, c *contract.Contract, r contract.Request) error {
	if err := c.CheckRequest(ctx, r); err == nil {
		return Fail(verdict.Input, nil, "the suite's invalid input %s %s is accepted by the contract", r.Method, r.Target)
	}
	return nil
}

// Status fails unless the response status is one of allowed.
func Status(x *client.Exchange, allowed ...int) error {
	if err := Answered(x); err != nil {
		return err
	}
	if !slices.Contains(allowed, x.Status) {
		return Fail(verdict.Status, x, "status %d, want %s", x.Status, oneOf(allowed))
	}
	return nil
}

// AuthRejected fails unless the target refused the request as unauthenticated:
// 401 with DLI's error body, or another status only with an error code that
// codeStatus documents with that status (DLI.0015, token parsing, is a 400).
func AuthRejected(x *client.Exchange, codeStatus map[string]int) error {
	if err := Answered(x); err != nil {
		return err
	}
	if x.Status == 401 {
		return ErrorBody(x)
	}
	code := errorCodeOf(x)
	if want, ok := codeStatus[code]; ok && want == x.Status && x.Status >= 400 && x.Status < 500 {
		return ErrorBody(x)
	}
	return Fail(verdict.Auth, x, "status %d for a request without valid credentials, want 401 (or a status an authentication code is documented with)", x.Status)
}

func errorCodeOf(x *client.Exchange) string {
	var body struct {
		Code string `json:"error_code"`
	}
	_ = json.Unmarshal(x.RespBody, &body)
	return body.Code
}

// Unrouted fails unless the answer is what a request outside the API's routes
// may get: a declared status (unrouted, e.g. 404 or 405) with DLI's error body,
// or a redirect (301, 302, 307, 308) to the same path cleaned, as an HTTP stack
// that canonicalises paths answers.
func Unrouted(x *client.Exchange, declared []int) error {
	if err := Answered(x); err != nil {
		return err
	}
	switch x.Status {
	case 301, 302, 307, 308:
		loc := x.RespHeader.Get("Location")
		want := cleanPath(x.Target)
		if loc == "" {
			return Fail(verdict.Status, x, "redirect %d without a Location header", x.Status)
		}
		if u, err := url.Parse(loc); err != nil || (u.Path != want && loc != want) || want == pathOf(x.Target) {
			return Fail(verdict.Status, x, "redirect %d to %q; a request outside the routes may only be redirected to its cleaned path %q", x.Status, loc, want)
		}
		return nil
	}
	if !slices.Contains(declared, x.Status) {
		return Fail(verdict.Status, x, "status %d for a request outside the API's routes, want %s or a redirect to the cleaned path", x.Status, oneOf(declared))
	}
	return ErrorBody(x)
}

func pathOf(target string) string {
	p, _, _ := strings.Cut(target, "?")
	return p
}

// cleanPath is the path of target as an HTTP stack cleans it: no empty or dot
// segments, no trailing slash.
func cleanPath(target string) string {
	p := path.Clean(pathOf(target))
	if p == "." {
		return "/"
	}
	return p
}

// SucceededOrDeclined fails unless a 200 body says is_success true, or
// is_success false with a message that says why: acceptable only where nothing
// was to change.
func SucceededOrDeclined(x *client.Exchange) error {
	var body struct {
		IsSuccess *bool   `json:"is_success"`
		Message   *string `json:"message"`
	}
	if err := json.Unmarshal(x.RespBody, &body); err != nil {
		return Fail(verdict.Schema, x, "the body is not a JSON object: %v", err)
	}
	switch {
	case body.IsSuccess == nil:
		return Fail(verdict.Schema, x, "is_success is missing")
	case !*body.IsSuccess && (body.Message == nil || strings.TrimSpace(*body.Message) == ""):
		return Fail(verdict.Schema, x, "is_success is false without a message saying why")
	}
	return nil
}

func oneOf(statuses []int) string {
	s := make([]string, len(statuses))
	for i, st := range statuses {
		s[i] = fmt.Sprint(st)
	}
	if len(s) == 1 {
		return s[0]
	}
	return strings.Join(s[:len(s)-1], ", ") + " or " + s[len(s)-1]
}

// JSONContentType fails unless the response says it is JSON.
func JSONContentType(x *client.Exchange) error {
	ct := x.RespHeader.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return Fail(verdict.Schema, x, "Content-Type %q, want application/json", ct)
	}
	return nil
}

// ErrorBody fails unless the body is DLI's error body: a JSON object with an
// error_code of the documented form and an error_msg string.
func ErrorBody(x *client.Exchange) error {
	var body map[string]any
	if err := json.Unmarshal(x.RespBody, &body); err != nil || body == nil {
		return Fail(verdict.ErrorBody, x, "the body is not DLI's error body (a JSON object with error_code and error_msg)")
	}
	code, ok := body["error_code"].(string)
	if !ok {
		return Fail(verdict.ErrorBody, x, "the error body has no error_code string")
	}
	if !contract.IsErrorCode(code) {
		return Fail(verdict.ErrorBody, x, "error_code %q is not of the documented form DLI.nnnn, APIG.nnnn or APIGW.nnnn", code)
	}
	if _, ok := body["error_msg"].(string); !ok {
		return Fail(verdict.ErrorBody, x, "the error body has no error_msg string")
	}
	return nil
}

// Succeeded fails unless the body says is_success true.
func Succeeded(x *client.Exchange) error {
	var body struct {
		IsSuccess *bool `json:"is_success"`
	}
	if err := json.Unmarshal(x.RespBody, &body); err != nil {
		return Fail(verdict.Schema, x, "the body is not a JSON object: %v", err)
	}
	if body.IsSuccess == nil || !*body.IsSuccess {
		return Fail(verdict.Schema, x, "is_success is not true, though the request asked to bind")
	}
	return nil
}

// peerStatuses are the documented states of a bound queue or pool.
var peerStatuses = []string{"CREATING", "ACTIVE", "FAILED"}

// BoundOnce fails unless each name appears exactly once among peers, in a
// documented state. what is "available_queue_info" or "elastic_resource_pools".
func BoundOnce(what string, peers []dli.Peer, names []string, x *client.Exchange) error {
	for _, n := range names {
		var found []dli.Peer
		for _, p := range peers {
			if p.Name == n {
				found = append(found, p)
			}
		}
		switch {
		case len(found) == 0:
			return Fail(verdict.Effect, x, "%s does not list %q after it was bound", what, n)
		case len(found) > 1:
			return Fail(verdict.Effect, x, "%s lists %q %d times; a binding must appear once", what, n, len(found))
		case !slices.Contains(peerStatuses, found[0].Status):
			return Fail(verdict.Effect, x, "%s entry %q has status %q, want CREATING, ACTIVE or FAILED", what, n, found[0].Status)
		}
	}
	return nil
}

// NoDuplicates fails when any name is bound twice.
func NoDuplicates(b dli.Bindings, x *client.Exchange) error {
	for what, names := range map[string][]string{"available_queue_info": b.Queues, "elastic_resource_pools": b.Pools} {
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				return Fail(verdict.Effect, x, "%s lists %q more than once", what, n)
			}
			seen[n] = true
		}
	}
	return nil
}

// Unchanged fails when the bindings differ from before; x is the request that
// should have changed nothing.
func Unchanged(before, after dli.Bindings, x *client.Exchange) error {
	if !before.Equal(after) {
		f := Fail(verdict.Effect, x, "the connection changed: it had %s and now has %s", before, after)
		f.Changed = Change(before, after, before)
		return f
	}
	return nil
}

// ErrorCode fails unless the error body's code is one of allowed; an empty
// allowed accepts any code of the documented form (ErrorBody checks that).
func ErrorCode(x *client.Exchange, allowed []string) error {
	if len(allowed) == 0 {
		return nil
	}
	var body struct {
		Code string `json:"error_code"`
	}
	_ = json.Unmarshal(x.RespBody, &body)
	if !slices.Contains(allowed, body.Code) {
		return Fail(verdict.ErrorBody, x, "error_code %q is not one documented for this failure (want %s)", body.Code, strings.Join(allowed, " or "))
	}
	return nil
}

// Change is a change of the connection's bindings as the reports show it.
func Change(before, after, expected dli.Bindings) *verdict.Change {
	names := func(b dli.Bindings) verdict.Names { return verdict.Names{Queues: b.Queues, Pools: b.Pools} }
	return &verdict.Change{Before: names(before), After: names(after), Expected: names(expected)}
}
