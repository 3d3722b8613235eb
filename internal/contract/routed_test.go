package contract

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// routeTargets are targets the matcher must treat exactly as the gorilla/mux router
// of Operation does: each operation's path, and near misses of them.
var routeTargets = []string{
	bindPath,
	bindPath + "?x=1",
	bindPath + "/",
	"/v2.0/p/datasource/enhanced-connections",
	"/v2.0/p/datasource/enhanced-connections/",
	"/v2.0/p/datasource/enhanced-connections/c",
	"/v2.0/p/datasource/enhanced-connections/c/disassociate-queue",
	"/v2.0//datasource/enhanced-connections",
	"/v2.0/p%2Fq/datasource/enhanced-connections/c",
	"/v2%2E0/p/datasource/enhanced-connections",
	"/v2.0/p/datasource/enhanced-connections/c/associate-queue/x",
	"//v2.0/p/datasource/enhanced-connections",
	"/",
	"",
	"*",
	"/v2.0/p/datasource/enhanced-connections/%zz",
	"/v2.0/ü/datasource/enhanced-connections",
}

var routeMethods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "get", "BAD METHOD"}

func TestRouteFindsTheOperationThatOperationFinds(t *testing.T) {
	for _, p := range Profiles() {
		c := mustLoad(t, p)
		for _, target := range routeTargets {
			for _, m := range routeMethods {
				checkRouteAgrees(t, c, m, target)
			}
		}
	}
}

// checkRouteAgrees compares Route with Operation and, for the allowed methods of a
// 405, with Operation tried method by method.
func checkRouteAgrees(t *testing.T, c *Contract, method, target string) {
	t.Helper()
	r := Request{Method: method, Target: target}
	rt := c.Route(r)
	if got, want := rt.Operation(), c.Operation(r); got != want {
		t.Errorf("%s %q: Route → %q, Operation → %q", method, target, got, want)
	}
	if rt.Operation() != "" {
		return
	}
	var allowed []string
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if c.Operation(Request{Method: m, Target: target}) != "" {
			allowed = append(allowed, m)
		}
	}
	if !slices.Equal(rt.AllowedMethods(), allowed) {
		t.Errorf("%s %q: AllowedMethods = %v, Operation allows %v", method, target, rt.AllowedMethods(), allowed)
	}
}

func TestRouteChecksAsTheContractChecks(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	ctx := context.Background()
	cases := []Request{
		{Method: "POST", Target: bindPath, Header: jsonHeader(true), Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: jsonHeader(true), Body: []byte(`{"queues":"q1"}`)},
		{Method: "POST", Target: bindPath, Header: jsonHeader(false), Body: []byte(`{"queues":["q1"]}`)},
		{Method: "GET", Target: "/v2.0/p/datasource/enhanced-connections?limit=-1", Header: jsonHeader(true)},
		{Method: "GET", Target: "/v2.0/p/datasource/nothing", Header: jsonHeader(true)},
	}
	for _, r := range cases {
		want, got := c.CheckRequest(ctx, r), c.Route(r).CheckRequest(ctx, r)
		if (want == nil) != (got == nil) || want != nil && want.Error() != got.Error() {
			t.Errorf("%s %s %s: Route.CheckRequest = %v, CheckRequest = %v", r.Method, r.Target, r.Body, got, want)
		}
		for _, resp := range []Response{
			{Status: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"is_success":true,"message":""}`)},
			{Status: 404, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error_code":"APIG.0101","error_msg":"x"}`)},
			{Status: 418, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)},
		} {
			want, got := c.CheckResponse(ctx, r, resp), c.Route(r).CheckResponse(ctx, r, resp)
			if (want == nil) != (got == nil) || want != nil && want.Error() != got.Error() {
				t.Errorf("%s %s → %d: Route.CheckResponse = %v, CheckResponse = %v", r.Method, r.Target, resp.Status, got, want)
			}
		}
	}
}

func TestRouteOfAnAsteriskTargetWantsAnUnroutedAnswer(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	r := Request{Method: "GET", Target: "*"}
	rt := c.Route(r)
	if rt.Operation() != "" || !rt.Declares(http.StatusNotFound) || rt.Declares(http.StatusOK) {
		t.Fatalf("GET *: operation %q, declares 404 %v, 200 %v", rt.Operation(), rt.Declares(404), rt.Declares(200))
	}
	notFound := Response{Status: 404, Header: http.Header{"Content-Type": {"application/json;charset=UTF-8"}},
		Body: []byte(`{"error_code":"APIG.0101","error_msg":"The API does not exist or has not been published in the environment."}`)}
	if err := rt.CheckResponse(context.Background(), r, notFound); err != nil {
		t.Errorf("a 404 to GET * is a violation: %v", err)
	}
	var v *Violations
	if err := rt.CheckRequest(context.Background(), r); !errors.As(err, &v) {
		t.Errorf("GET * as a request: %v, want the target named as a violation", err)
	}
}

func TestRouteRefusesAnotherRequest(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	rt := c.Route(Request{Method: "POST", Target: bindPath})
	if err := rt.CheckRequest(context.Background(), Request{Method: "GET", Target: bindPath}); err == nil {
		t.Error("a route checked another request without complaint")
	}
}

func TestRouteDeclaresWhatTheOperationDeclares(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	for _, r := range []Request{{Method: "POST", Target: bindPath}, {Method: "GET", Target: "/v2.0/p/datasource/enhanced-connections/c"}} {
		rt := c.Route(r)
		for _, s := range []int{200, 400, 404, 413, 415, 418} {
			if got, want := rt.Declares(s), slices.Contains(c.DeclaredStatuses(rt.Operation()), s); got != want {
				t.Errorf("%s %s: Declares(%d) = %v, want %v", r.Method, r.Target, s, got, want)
			}
		}
	}
	if !c.Route(Request{Method: "POST", Target: bindPath}).TakesBody() || c.Route(Request{Method: "GET", Target: bindPath}).TakesBody() {
		t.Error("TakesBody does not follow the operations' request bodies")
	}
}

// FuzzRoute checks that Route and Operation agree on any method and target.
func FuzzRoute(f *testing.F) {
	for _, target := range routeTargets {
		f.Add("POST", target)
		f.Add("GET", target)
	}
	c, err := Load(HuaweiCloud)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target string) {
		checkRouteAgrees(t, c, method, target)
	})
}

func TestRoutesAreKeptForRecentTargetsOnly(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	target := func(i int) string {
		return fmt.Sprintf("/v2.0/p1/datasource/enhanced-connections/%08d-0000-4000-8000-000000000000/associate-queue", i)
	}
	first := c.Route(Request{Method: "POST", Target: target(0)})
	if again := c.Route(Request{Method: "POST", Target: target(0)}); again != first {
		t.Error("a second request to the same target was routed afresh")
	}
	if get := c.Route(Request{Method: "GET", Target: target(0)}); get == first || get.Operation() == first.Operation() {
		t.Errorf("GET was given the route of POST: %q", get.Operation())
	}
	for i := range 3 * routeEntries {
		if rt := c.Route(Request{Method: "POST", Target: target(i)}); rt.Operation() != first.Operation() {
			t.Fatalf("%s routed to %q", target(i), rt.Operation())
		}
	}
	c.routes.mu.RLock()
	defer c.routes.mu.RUnlock()
	if n := len(c.routes.routes); n > routeEntries {
		t.Errorf("%d routes kept, more than %d", n, routeEntries)
	}
}
