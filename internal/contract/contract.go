// Package contract loads the project's OpenAPI document once and checks requests and
// responses against it with kin-openapi. Every part of the project that judges an
// exchange (the suite, the emulator, its tests) goes through this package, so that
// they all read the same contract with the same strict options.
package contract

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/dli-conformance/dli-conformance/openapi"
)

// Profile names a documented variant of the API.
type Profile string

// The documented variants. HuaweiCloud documents queues and elastic resource pools;
// OTC documents queues only.
const (
	HuaweiCloud Profile = "huaweicloud"
	OTC         Profile = "otc"
)

// Profiles lists the known profiles, default first.
func Profiles() []Profile { return []Profile{HuaweiCloud, OTC} }

// ParseProfile returns the profile named s.
func ParseProfile(s string) (Profile, error) {
	for _, p := range Profiles() {
		if string(p) == s {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown profile %q (want one of huaweicloud, otc)", s)
}

// Operation ids of the document, as the suite and the emulator refer to them.
const (
	OpCreate = "createEnhancedConnection"
	OpList   = "listEnhancedConnections"
	OpShow   = "showEnhancedConnection"
	OpDelete = "deleteEnhancedConnection"
	OpBind   = "associateQueueToEnhancedConnection"
	OpUnbind = "disassociateQueueFromEnhancedConnection"
)

// Contract is a loaded, validated document for one profile with its router.
// It is safe for concurrent use.
type Contract struct {
	doc      *openapi3.T
	router   routers.Router
	profile  Profile
	unrouted *openapi3.Responses
	memo     *checkMemo // nil: every check is made afresh
	routes   routeCache
}

// Load reads the embedded document for the given profile.
func Load(profile Profile) (*Contract, error) {
	return LoadBytes(openapi.Spec, profile)
}

// LoadBytes reads a document from spec for the given profile: fields marked with
// x-profiles that do not name the profile are removed before validation.
func LoadBytes(spec []byte, profile Profile) (*Contract, error) {
	if _, err := ParseProfile(string(profile)); err != nil {
		return nil, err
	}
	ctx := context.Background()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("load openapi document: %w", err)
	}
	if bad := UnknownProfileNames(doc); len(bad) > 0 {
		return nil, fmt.Errorf("openapi document: x-profiles names no known profile: %s", strings.Join(bad, ", "))
	}
	applyProfile(doc, profile)
	if err := doc.Validate(ctx); err != nil {
		return nil, fmt.Errorf("validate openapi document: %w", err)
	}
	unrouted, err := unroutedResponses(doc)
	if err != nil {
		return nil, err
	}
	// Route on the path alone: the target's host and any base path are the client's
	// business, not the contract's.
	doc.Servers = openapi3.Servers{{URL: "/"}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("build router: %w", err)
	}
	return &Contract{doc: doc, router: router, profile: profile, unrouted: unrouted, memo: newCheckMemo(doc)}, nil
}

// Doc returns the loaded document. Callers must not modify it.
func (c *Contract) Doc() *openapi3.T { return c.doc }

// Profile returns the profile the contract was loaded for.
func (c *Contract) Profile() Profile { return c.profile }

// Response is the status, headers and body answered to a Request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Operation returns the operation id that the request routes to, or "" when no
// operation of the document matches its method and path.
func (c *Contract) Operation(r Request) string {
	req, err := r.httpRequest()
	if err != nil {
		return ""
	}
	route, _, err := c.router.FindRoute(req)
	if err != nil {
		return ""
	}
	return route.Operation.OperationID
}

// DeclaredStatuses lists the response statuses that the operation declares, sorted.
func (c *Contract) DeclaredStatuses(operationID string) []int {
	op := c.operation(operationID)
	if op == nil || op.Responses == nil {
		return nil
	}
	return statusesOf(op.Responses)
}

// UnroutedStatuses lists what the document allows for a method or path it does not
// define (x-unrouted-responses).
func (c *Contract) UnroutedStatuses() []int { return statusesOf(c.unrouted) }

// StatusSource tells where a declared status of an operation comes from: doc-page,
// error-codes or gateway (x-status-source), or "" when it is not declared.
func (c *Contract) StatusSource(operationID string, status int) string {
	op := c.operation(operationID)
	if op == nil || op.Responses == nil {
		return ""
	}
	ref := op.Responses.Status(status)
	if ref == nil || ref.Value == nil {
		return ""
	}
	if s, ok := ref.Value.Extensions["x-status-source"].(string); ok {
		return s
	}
	return ""
}

func statusesOf(rs *openapi3.Responses) []int {
	var out []int
	for k := range rs.Map() {
		if n, err := strconv.Atoi(k); err == nil {
			out = append(out, n)
		}
	}
	sort.Ints(out)
	return out
}

func (c *Contract) operation(id string) *openapi3.Operation {
	for _, item := range c.doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.OperationID == id {
				return op
			}
		}
	}
	return nil
}

// CheckRequest returns nil when r conforms to the document (route, parameters,
// security presence and body), or a *Violations listing every way it does not.
// It routes r once; a caller that also checks the answer routes with Route.
func (c *Contract) CheckRequest(ctx context.Context, r Request) error {
	return c.Route(r).CheckRequest(ctx, r)
}

// CheckResponse returns nil when resp is a conformant answer to r: its status is
// declared for the operation, its content type is declared for that status, and its
// body matches the schema. A request that routes to no operation must get one of the
// x-unrouted-responses.
func (c *Contract) CheckResponse(ctx context.Context, r Request, resp Response) error {
	return c.Route(r).CheckResponse(ctx, r, resp)
}

func (c *Contract) checkUnrouted(ctx context.Context, resp Response) error {
	ref := c.unrouted.Status(resp.Status)
	if ref == nil || ref.Value == nil {
		return &Violations{Items: []string{fmt.Sprintf(
			"response: status %d is not declared for a method or path the API does not define (want one of %v)",
			resp.Status, c.UnroutedStatuses())}}
	}
	return checkAgainstResponse(ctx, ref.Value, resp)
}

// checkAgainstResponse validates a response against one declared response object
// without an operation: media type and body schema.
func checkAgainstResponse(ctx context.Context, decl *openapi3.Response, resp Response) error {
	if len(decl.Content) == 0 {
		return nil
	}
	ct := resp.Header.Get("Content-Type")
	mt := decl.Content.Get(ct)
	if mt == nil {
		return &Violations{Items: []string{fmt.Sprintf("response: Content-Type %q is not declared for status %d", ct, resp.Status)}}
	}
	v, err := decodeJSON(resp.Body)
	if err != nil {
		return &Violations{Items: []string{"response body: " + err.Error()}}
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return nil
	}
	if err := mt.Schema.Value.VisitJSON(v, openapi3.MultiErrors()); err != nil {
		return violations("response body", err)
	}
	return nil
}

// noRouteError says that a request matches no operation of the document.
type noRouteError struct{ err error }

func (e *noRouteError) Error() string {
	return "no operation of the contract matches: " + e.err.Error()
}
func (e *noRouteError) Unwrap() error { return e.err }

func (r Request) httpRequest() (*http.Request, error) {
	if !strings.HasPrefix(r.Target, "/") {
		return nil, fmt.Errorf("target %q does not start with /", r.Target)
	}
	// Routing builds one of these per request, without a body: no reader for it.
	var body io.Reader = http.NoBody
	if len(r.Body) > 0 {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequest(r.Method, "http://contract.invalid"+r.Target, body)
	if err != nil {
		return nil, err
	}
	if r.Header != nil {
		req.Header = r.Header.Clone()
	}
	return req, nil
}

// checkCredentialsPresent accepts a request that carries the credentials of the
// scheme: the contract states their presence and form; whether they are right is the
// target's to decide.
func checkCredentialsPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	h := in.RequestValidationInput.Request.Header
	switch in.SecuritySchemeName {
	case "token":
		if h.Get("X-Auth-Token") == "" {
			return errors.New("header X-Auth-Token is missing")
		}
	case "aksk":
		if !strings.HasPrefix(h.Get("Authorization"), "SDK-HMAC-SHA256 ") {
			return errors.New("header Authorization with SDK-HMAC-SHA256 is missing")
		}
		if h.Get("X-Sdk-Date") == "" {
			return errors.New("header X-Sdk-Date is missing")
		}
	default:
		return fmt.Errorf("unknown security scheme %q", in.SecuritySchemeName)
	}
	return nil
}

func unroutedResponses(doc *openapi3.T) (*openapi3.Responses, error) {
	raw, ok := doc.Extensions["x-unrouted-responses"].(map[string]any)
	if !ok {
		return nil, errors.New("openapi document: x-unrouted-responses is missing")
	}
	rs, ok := raw["responses"].(map[string]any)
	if !ok {
		return nil, errors.New("openapi document: x-unrouted-responses.responses is missing")
	}
	out := openapi3.NewResponses()
	out.Delete("default")
	for status, v := range rs {
		m, _ := v.(map[string]any)
		ref, _ := m["$ref"].(string)
		name, found := strings.CutPrefix(ref, "#/components/responses/")
		if !found || doc.Components.Responses[name] == nil {
			return nil, fmt.Errorf("openapi document: x-unrouted-responses %s: unknown $ref %q", status, ref)
		}
		out.Set(status, doc.Components.Responses[name])
	}
	return out, nil
}
