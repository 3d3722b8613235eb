package contract

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// Route is a request matched once against the document, so that a server can check
// the request and its answer without finding the operation again for each check.
// A Route of a request that matches no operation (or whose target is not a path)
// is unrouted: Operation is "" and CheckResponse wants an x-unrouted-responses status.
type Route struct {
	c       *Contract
	method  string
	target  string
	req     *http.Request // nil when the target is not a request the contract can read
	reqErr  error         // why req is nil
	route   *routers.Route
	params  map[string]string
	methods []string // the methods of the matched path, when the method is not one of them
}

// Route matches r's method and target against the document. It reads neither r's
// headers nor its body: those are given to CheckRequest. It routes exactly as
// Operation does, with a matcher on path segments instead of regular expressions.
func (c *Contract) Route(r Request) *Route {
	k := routeKey{r.Method, r.Target}
	if rt := c.routes.get(k); rt != nil {
		return rt
	}
	rt := c.route(r)
	c.routes.put(k, rt)
	return rt
}

// route is Route without the cache.
func (c *Contract) route(r Request) *Route {
	rt := &Route{c: c, method: r.Method, target: r.Target}
	req, err := Request{Method: r.Method, Target: r.Target}.httpRequest()
	if err != nil {
		rt.reqErr = err
		// A method net/http refuses still has the methods of its path to offer.
		if req, err = (Request{Method: http.MethodGet, Target: r.Target}).httpRequest(); err != nil {
			return rt
		}
	} else {
		rt.req = req
	}
	m := matcherOf(c)
	path := req.URL.EscapedPath()
	for i := range m.paths {
		p := &m.paths[i]
		params, ok := p.match(path)
		if !ok {
			continue
		}
		// The request as sent: net/http sends an empty method as GET.
		method := req.Method
		op := p.item.GetOperation(method)
		if op == nil || rt.req == nil {
			rt.methods = p.methods
			return rt
		}
		rt.route = &routers.Route{Spec: c.doc, Server: c.doc.Servers[0], Path: p.template,
			PathItem: p.item, Method: method, Operation: op}
		rt.params = params
		return rt
	}
	return rt
}

// Operation is the id of the matched operation, "" when the request is unrouted.
func (rt *Route) Operation() string {
	if rt.route == nil {
		return ""
	}
	return rt.route.Operation.OperationID
}

// AllowedMethods lists the methods that the matched path defines when the request's
// method is not one of them (the Allow header of a 405), in the order GET, POST, PUT,
// PATCH, DELETE; nil when the path matches no template or the method is defined.
func (rt *Route) AllowedMethods() []string { return rt.methods }

// Declares tells whether the matched operation declares the response status; an
// unrouted request declares what x-unrouted-responses lists.
func (rt *Route) Declares(status int) bool {
	if rt.route == nil {
		return rt.c.unrouted.Status(status) != nil
	}
	rs := rt.route.Operation.Responses
	return rs != nil && rs.Status(status) != nil
}

// TakesBody tells whether the matched operation declares a request body.
func (rt *Route) TakesBody() bool {
	return rt.route != nil && rt.route.Operation.RequestBody != nil
}

// CheckRequest is Contract.CheckRequest for the routed request: r must have the
// method and target that were routed, and carries the headers and body to check.
func (rt *Route) CheckRequest(ctx context.Context, r Request) error {
	key, keep := rt.memoKey("request", 0, r.Header, r.Body)
	defer release(key)
	if keep && rt.sameRequest(r) == nil {
		if verdict, found := rt.c.memo.get(*key); found {
			return verdict
		}
	}
	in, err := rt.input(ctx, r)
	if err != nil {
		return err
	}
	err = openapi3filter.ValidateRequest(ctx, in)
	if err != nil {
		err = violations("request", err)
	}
	if keep {
		rt.c.memo.put(*key, err)
	}
	return err
}

// CheckResponse is Contract.CheckResponse for the routed request, except that a
// target the contract cannot read as a path (such as the asterisk of OPTIONS *) is
// unrouted rather than an error: it must be answered as an undefined route is.
func (rt *Route) CheckResponse(ctx context.Context, r Request, resp Response) error {
	if err := rt.sameRequest(r); err != nil {
		return err
	}
	if rt.route == nil {
		return rt.c.checkUnrouted(ctx, resp)
	}
	key, keep := rt.memoKey("response", resp.Status, resp.Header, resp.Body)
	defer release(key)
	if keep {
		if verdict, found := rt.c.memo.get(*key); found {
			return verdict
		}
	}
	// The response check reads the route and the method of the request, not its
	// headers or body: it needs no copy of them.
	in := &openapi3filter.RequestValidationInput{Request: rt.req, PathParams: rt.params, Route: rt.route, Options: checkOptions}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 resp.Status,
		Header:                 resp.Header,
		Options:                in.Options,
	}
	out.SetBodyBytes(resp.Body)
	err := openapi3filter.ValidateResponse(ctx, out)
	if err != nil {
		err = violations(fmt.Sprintf("response status %d", resp.Status), err)
	}
	if keep {
		rt.c.memo.put(*key, err)
	}
	return err
}

// memoKey is the key of a check of a routed request in the contract's memo; keep
// is false when the verdict is not to be remembered (no memo, no operation, or a
// body too large to keep).
func (rt *Route) memoKey(side string, status int, h http.Header, body []byte) (key *[]byte, keep bool) {
	if rt.c.memo == nil || rt.route == nil || rt.req == nil {
		return nil, false
	}
	return rt.c.memo.key(side, rt.route.Operation.OperationID, rt.target, status, h, body)
}

func (rt *Route) sameRequest(r Request) error {
	if r.Method != rt.method || r.Target != rt.target {
		return fmt.Errorf("contract: route of %s %s used for %s %s", rt.method, rt.target, r.Method, r.Target)
	}
	return nil
}

// input is the validation input of r on the route.
func (rt *Route) input(ctx context.Context, r Request) (*openapi3filter.RequestValidationInput, error) {
	if err := rt.sameRequest(r); err != nil {
		return nil, err
	}
	switch {
	case rt.req == nil:
		return nil, &Violations{Items: []string{"request: " + rt.reqErr.Error()}}
	case rt.route == nil:
		err := routers.ErrPathNotFound
		if rt.methods != nil {
			err = routers.ErrMethodNotAllowed
		}
		return nil, &noRouteError{err: err}
	}
	req := rt.req.WithContext(ctx) // a shallow copy whose body the check may replace
	// The check reads the headers and, with SkipSettingDefaults, never writes them:
	// the caller's map is used as it is, not copied for each request.
	req.Header = r.Header
	if req.Header == nil {
		req.Header = http.Header{}
	}
	// The security check re-reads the body through GetBody, as http.NewRequest sets it.
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(r.Body)), nil }
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(r.Body)), int64(len(r.Body))
	if len(r.Body) == 0 {
		req.Body, req.GetBody = http.NoBody, nil
	}
	return &openapi3filter.RequestValidationInput{
		Request:    req,
		PathParams: rt.params,
		Route:      rt.route,
		Options:    checkOptions,
	}, nil
}

// checkOptions are the options of every check: all violations, not the first;
// no defaults written into the request; credentials checked for presence only.
// One value for the process: openapi3filter only reads its options.
var checkOptions = &openapi3filter.Options{
	MultiError:            true,
	IncludeResponseStatus: true,
	// Besides keeping the request as sent, this is what lets a check read the
	// caller's headers without a copy: only defaults would be written into them.
	SkipSettingDefaults: true,
	AuthenticationFunc:  checkCredentialsPresent,
}

// pathMatcher holds the document's path templates split into segments, in the
// router's matching order.
type pathMatcher struct{ paths []pathTemplate }

type pathTemplate struct {
	template string
	item     *openapi3.PathItem
	segments []string // a literal segment, or "" for a parameter
	names    []string // the parameter names, by segment ("" for a literal)
	methods  []string
}

// matchers caches one matcher per contract: a contract's document does not change
// after Load.
var matchers sync.Map // *Contract → *pathMatcher

func matcherOf(c *Contract) *pathMatcher {
	if m, ok := matchers.Load(c); ok {
		return m.(*pathMatcher)
	}
	m := &pathMatcher{}
	for _, tpl := range c.doc.Paths.InMatchingOrder() {
		item := c.doc.Paths.Value(tpl)
		p := pathTemplate{template: tpl, item: item}
		for _, seg := range strings.Split(strings.TrimPrefix(tpl, "/"), "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				p.segments, p.names = append(p.segments, ""), append(p.names, seg[1:len(seg)-1])
				continue
			}
			p.segments, p.names = append(p.segments, seg), append(p.names, "")
		}
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if item.GetOperation(method) != nil {
				p.methods = append(p.methods, method)
			}
		}
		m.paths = append(m.paths, p)
	}
	actual, _ := matchers.LoadOrStore(c, m)
	return actual.(*pathMatcher)
}

// match reads the escaped path against the template: literal segments must be equal,
// and a parameter takes one non-empty segment, as sent (still escaped), which is
// what the gorilla/mux router of Operation gives.
func (p *pathTemplate) match(path string) (map[string]string, bool) {
	rest, ok := strings.CutPrefix(path, "/")
	if !ok {
		return nil, false
	}
	// Most templates tried do not match: the parameters are kept on the stack until
	// the whole path has, so that a miss allocates nothing.
	var found [8]string
	values := found[:0]
	for i, lit := range p.segments {
		seg, tail, more := strings.Cut(rest, "/")
		last := i == len(p.segments)-1
		if more == last {
			return nil, false // too many segments, or too few
		}
		if p.names[i] == "" {
			if seg != lit {
				return nil, false
			}
		} else {
			if seg == "" {
				return nil, false
			}
			values = append(values, seg)
		}
		rest = tail
	}
	if len(values) == 0 {
		return nil, true
	}
	params := make(map[string]string, len(values))
	j := 0
	for _, name := range p.names {
		if name != "" {
			params[name] = values[j]
			j++
		}
	}
	return params, true
}
