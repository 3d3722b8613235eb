package contract

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

const bindPath = "/v2.0/0f1e2d3c4b5a69788796a5b4c3d2e1f0/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue"

func mustLoad(t *testing.T, p Profile) *Contract {
	t.Helper()
	c, err := Load(p)
	if err != nil {
		t.Fatalf("load %s: %v", p, err)
	}
	return c
}

func jsonHeader(token bool) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if token {
		h.Set("X-Auth-Token", "t")
	}
	return h
}

func TestDocumentValidatesInEveryProfile(t *testing.T) {
	for _, p := range Profiles() {
		mustLoad(t, p)
	}
}

func TestEveryExampleValidatesAgainstItsSchema(t *testing.T) {
	for _, p := range Profiles() {
		c := mustLoad(t, p)
		n := 0
		check := func(where string, mt *openapi3.MediaType) {
			if mt.Schema == nil {
				return
			}
			var examples []any
			if mt.Example != nil {
				examples = append(examples, mt.Example)
			}
			for _, ex := range mt.Examples {
				examples = append(examples, ex.Value.Value)
			}
			for _, ex := range examples {
				n++
				if err := mt.Schema.Value.VisitJSON(ex); err != nil {
					t.Errorf("%s: %s: example does not validate: %v", p, where, err)
				}
			}
		}
		for path, item := range c.Doc().Paths.Map() {
			for method, op := range item.Operations() {
				if op.RequestBody != nil {
					for ct, mt := range op.RequestBody.Value.Content {
						check(method+" "+path+" request "+ct, mt)
					}
				}
				for status, r := range op.Responses.Map() {
					for ct, mt := range r.Value.Content {
						check(method+" "+path+" "+status+" "+ct, mt)
					}
				}
			}
		}
		if n < 8 {
			t.Errorf("%s: only %d examples checked; the document has more", p, n)
		}
	}
}

func TestEveryElementCarriesADocReference(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	var missing []string
	for name, s := range c.Doc().Components.Schemas {
		if _, ok := s.Value.Extensions["x-doc-ref"]; !ok {
			missing = append(missing, "schema "+name)
		}
		for prop, ps := range s.Value.Properties {
			if _, ok := ps.Value.Extensions["x-doc-ref"]; !ok {
				missing = append(missing, "schema "+name+"."+prop)
			}
		}
	}
	for path, item := range c.Doc().Paths.Map() {
		for method, op := range item.Operations() {
			if _, ok := op.Extensions["x-doc-ref"]; !ok {
				missing = append(missing, method+" "+path)
			}
			for _, prm := range append(item.Parameters, op.Parameters...) {
				if _, ok := prm.Value.Extensions["x-doc-ref"]; !ok {
					missing = append(missing, method+" "+path+" parameter "+prm.Value.Name)
				}
			}
			for status, r := range op.Responses.Map() {
				if _, ok := r.Value.Extensions["x-doc-ref"]; !ok {
					missing = append(missing, method+" "+path+" "+status)
				}
				if _, ok := r.Value.Extensions["x-status-source"]; !ok {
					missing = append(missing, method+" "+path+" "+status+" x-status-source")
				}
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("elements without x-doc-ref or x-status-source:\n%s", strings.Join(missing, "\n"))
	}
}

func TestBindStatusesAreDeclaredWithTheirSource(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	got := c.DeclaredStatuses(OpBind)
	want := []int{200, 400, 401, 403, 404, 413, 415, 429, 500}
	if !slices.Equal(got, want) {
		t.Fatalf("declared statuses = %v, want %v", got, want)
	}
	for status, src := range map[int]string{200: "doc-page", 400: "doc-page", 500: "doc-page", 401: "gateway", 415: "gateway"} {
		if s := c.StatusSource(OpBind, status); s != src {
			t.Errorf("status %d source = %q, want %q", status, s, src)
		}
	}
	if got := c.UnroutedStatuses(); !slices.Equal(got, []int{301, 307, 308, 404, 405}) {
		t.Errorf("unrouted statuses = %v", got)
	}
}

func TestProfilesDifferInElasticResourcePools(t *testing.T) {
	for _, p := range Profiles() {
		if mustLoad(t, p).Doc().Components.Schemas["BindRequest"].Value.Properties["elastic_resource_pools"] == nil {
			t.Errorf("%s lost elastic_resource_pools on bind (dli_02_0191 Table 2 lists it in both seeds)", p)
		}
	}
	if mustLoad(t, OTC).Doc().Components.Schemas["CreateConnectionRequest"].Value.Properties["elastic_resource_pools"] != nil {
		t.Error("otc still has elastic_resource_pools on create")
	}
	if _, err := ParseProfile("aws"); err == nil {
		t.Error("ParseProfile accepted an unknown profile")
	}
}

func TestCheckRequest(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	ctx := context.Background()
	cases := []struct {
		name   string
		req    Request
		reject string // "" when the request conforms
	}{
		{"queues", Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":["q1","q2"]}`)}, ""},
		{"pools", Request{"POST", bindPath, jsonHeader(true), []byte(`{"elastic_resource_pools":["p"]}`)}, ""},
		{"no credentials", Request{"POST", bindPath, jsonHeader(false), []byte(`{"queues":["q1"]}`)}, "credentials"},
		{"null element", Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":[null]}`)}, "/queues/0"},
		{"number element", Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":[1]}`)}, "/queues/0"},
		{"queues not array", Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":"q1"}`)}, "/queues"},
		{"array body", Request{"POST", bindPath, jsonHeader(true), []byte(`["q1"]`)}, "request body"},
		{"malformed JSON", Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":[`)}, "request body"},
		{"not a uuid", Request{"POST", strings.Replace(bindPath, "2a620c33-5609-40c9-affd-2b6453071b0f", "not-a-uuid", 1), jsonHeader(true), []byte(`{"queues":["q1"]}`)}, "connection_id"},
		{"text body", Request{"POST", bindPath, http.Header{"Content-Type": {"text/plain"}, "X-Auth-Token": {"t"}}, []byte(`queues=q1`)}, "request body"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckRequest(ctx, tc.req)
			if tc.reject == "" {
				if err != nil {
					t.Fatalf("conforming request rejected: %v", err)
				}
				return
			}
			var v *Violations
			if !errors.As(err, &v) {
				t.Fatalf("want *Violations naming %q, got %v", tc.reject, err)
			}
			if !strings.Contains(v.Error(), tc.reject) {
				t.Fatalf("violations do not mention %q:\n%v", tc.reject, v)
			}
		})
	}
}

func TestCheckResponse(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	ctx := context.Background()
	req := Request{"POST", bindPath, jsonHeader(true), []byte(`{"queues":["q1"]}`)}
	js := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
	cases := []struct {
		name   string
		req    Request
		resp   Response
		reject string
	}{
		{"200", req, Response{200, js, []byte(`{"is_success":true,"message":"ok"}`)}, ""},
		{"400 error body", req, Response{400, js, []byte(`{"error_code":"DLI.0001","error_msg":"x"}`)}, ""},
		{"401 gateway", req, Response{401, js, []byte(`{"error_code":"APIG.0301","error_msg":"x","request_id":"r"}`)}, ""},
		{"is_success string", req, Response{200, js, []byte(`{"is_success":"true"}`)}, "/is_success"},
		{"undeclared status", req, Response{418, js, []byte(`{}`)}, "418"},
		{"400 without code", req, Response{400, js, []byte(`{"error_msg":"x"}`)}, "error_code"},
		{"400 odd code", req, Response{400, js, []byte(`{"error_code":"E1","error_msg":"x"}`)}, "/error_code"},
		{"text 200", req, Response{200, http.Header{"Content-Type": {"text/plain"}}, []byte(`ok`)}, "Content-Type"},
		{"garbage json", req, Response{200, js, []byte(`{"is_success":tru`)}, "response"},
		{"wrong method 405", Request{"GET", bindPath, jsonHeader(true), nil}, Response{405, js, []byte(`{"error_code":"APIG.0101","error_msg":"x"}`)}, ""},
		{"wrong method 200", Request{"GET", bindPath, jsonHeader(true), nil}, Response{200, js, []byte(`{"is_success":true}`)}, "status 200"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.CheckResponse(ctx, tc.req, tc.resp)
			if tc.reject == "" {
				if err != nil {
					t.Fatalf("conforming response rejected: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.reject) {
				t.Fatalf("want a violation mentioning %q, got %v", tc.reject, err)
			}
		})
	}
}

func TestOperation(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	if op := c.Operation(Request{Method: "POST", Target: bindPath}); op != OpBind {
		t.Errorf("POST bind path routes to %q", op)
	}
	if op := c.Operation(Request{Method: "GET", Target: bindPath}); op != "" {
		t.Errorf("GET bind path routes to %q, want none", op)
	}
}

func TestViolationsInsideAllOfNameTheField(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	show := Request{"GET", strings.TrimSuffix(bindPath, "/associate-queue"), jsonHeader(true), nil}
	resp := Response{200, http.Header{"Content-Type": {"application/json"}}, []byte(`{"is_success":true,"available_queue_info":[{"name":"q","status":"BOUND"}]}`)}
	err := c.CheckResponse(context.Background(), show, resp)
	if err == nil || !strings.Contains(err.Error(), "/available_queue_info/0/status") {
		t.Fatalf("want a violation naming /available_queue_info/0/status, got %v", err)
	}
}

func TestFormsAgreeWithTheDocument(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	uuidPattern := c.Doc().Components.Parameters["ConnectionId"].Value.Schema.Value.Pattern
	codePattern := c.Doc().Components.Schemas["Error"].Value.Properties["error_code"].Value.Pattern
	if uuidPattern != uuidRE.String() || codePattern != errorCodeRE.String() {
		t.Fatalf("patterns drifted from the document: %q / %q", uuidPattern, codePattern)
	}
	for s, want := range map[string]bool{"2a620c33-5609-40c9-affd-2b6453071b0f": true, "2a620c33": false} {
		if IsUUID(s) != want {
			t.Errorf("IsUUID(%q) != %v", s, want)
		}
	}
	for s, want := range map[string]bool{"DLI.0001": true, "DLI.16001": true, "APIGW.0301": true, "E42": false} {
		if IsErrorCode(s) != want {
			t.Errorf("IsErrorCode(%q) != %v", s, want)
		}
	}
}
