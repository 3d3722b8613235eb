package emulator

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/openapi"
)

// opRequest is a conformant request for each operation, by operation id.
func opRequests() map[string]struct{ method, path, body string } {
	return map[string]struct{ method, path, body string }{
		contract.OpCreate: {"POST", connsPath(projectID), `{"name":"scenario","dest_vpc_id":"v","dest_network_id":"n"}`},
		contract.OpList:   {"GET", connsPath(projectID), ""},
		contract.OpShow:   {"GET", connPath(projectID, connID), ""},
		contract.OpDelete: {"DELETE", connPath(projectID, connID), ""},
		contract.OpBind:   {"POST", bindPath(projectID, connID), queuesBody("queue_a")},
		contract.OpUnbind: {"POST", unbindPath(projectID, connID), queuesBody("queue_a")},
	}
}

func (h *harness) prefer(method, path, body, prefer string) reply {
	h.t.Helper()
	hdr := http.Header{"X-Auth-Token": {token}, "Prefer": {prefer}}
	if body != "" {
		hdr.Set("Content-Type", "application/json")
	}
	return h.send(method, path, body, hdr)
}

// Every declared response of every operation can be asked for, and each answer passes
// the emulator's own contract check (the harness fails the test otherwise) and leaves
// the state alone.
func TestPreferCodeGivesEveryDeclaredResponse(t *testing.T) {
	for _, profile := range contract.Profiles() {
		t.Run(string(profile), func(t *testing.T) {
			h := newHarness(t, func(o *Options) { o.Profile = profile })
			before := h.send("GET", "/_emulator/state", "", http.Header{}).raw
			for op, req := range opRequests() {
				statuses := h.emu.contract.DeclaredStatuses(op)
				if len(statuses) < 5 {
					t.Fatalf("%s declares only %v", op, statuses)
				}
				for _, status := range statuses {
					r := h.prefer(req.method, req.path, req.body, fmt.Sprintf("code=%d", status))
					if r.status != status {
						t.Errorf("%s Prefer code=%d: status %d, body %s", op, status, r.status, r.raw)
						continue
					}
					if got := r.header.Get("Preference-Applied"); got != fmt.Sprintf("code=%d", status) {
						t.Errorf("%s Prefer code=%d: Preference-Applied = %q", op, status, got)
					}
					if status >= 400 {
						code, _ := r.body["error_code"].(string)
						if !regexp.MustCompile(`^(DLI\.\d{4,5}|APIG\.\d{4})$`).MatchString(code) || r.body["error_msg"] == "" {
							t.Errorf("%s Prefer code=%d: error body %s", op, status, r.raw)
						}
					}
				}
			}
			if after := h.send("GET", "/_emulator/state", "", http.Header{}).raw; !bytes.Equal(stripNow(before), stripNow(after)) {
				t.Errorf("scenario answers changed the state:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

var nowField = regexp.MustCompile(`"now":\d+`)

func stripNow(b []byte) []byte { return nowField.ReplaceAll(b, nil) }

func TestPreferUsesTheDocumentedExample(t *testing.T) {
	h := newHarness(t)
	r := h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=400")
	r.expectError(t, http.StatusBadRequest, "DLI.0001", "Connection 2a620c33-5609-40c9-affd-2b6453071b0f does not exist.")

	r = h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=500")
	r.expectError(t, http.StatusInternalServerError, "DLI.0999", "Server-side errors occur.")

	// The gateway's example carries a request_id; the answer carries this request's.
	r = h.prefer("GET", connPath(projectID, connID), "", "code=401")
	r.expectError(t, http.StatusUnauthorized, "APIG.0301", "x-auth-token not found")
	if id := r.body["request_id"]; id != r.header.Get("X-Request-Id") || !requestIDPattern.MatchString(fmt.Sprint(id)) {
		t.Errorf("request_id %v, X-Request-Id %q", id, r.header.Get("X-Request-Id"))
	}

	r = h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=200")
	if r.expectStatus(t, http.StatusOK).body["message"] != "associated peer connection for queues: {q1,q2}." {
		t.Errorf("200 example = %s", r.raw)
	}
	h.expectBindings(projectID, connID, nil, nil)
}

func TestPreferGeneratesABodyWithoutExample(t *testing.T) {
	h := newHarness(t)
	r := h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=403")
	r.expectError(t, http.StatusForbidden, codeForbidden)
	r = h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=429")
	r.expectError(t, http.StatusTooManyRequests, codeThrottled)
	if r.header.Get("Retry-After") != "0" {
		t.Errorf("Retry-After = %q, want the generated 0", r.header.Get("Retry-After"))
	}
	// The list answer has no example: every field is generated.
	r = h.prefer("GET", connsPath(projectID), "", "code=200").expectStatus(t, http.StatusOK)
	conns, _ := r.body["connections"].([]any)
	if len(conns) != 1 || r.body["is_success"] != true {
		t.Fatalf("generated list = %s", r.raw)
	}
	for _, field := range []string{"id", "name", "status", "available_queue_info", "elastic_resource_pools", "isPrivis", "create_time", "hosts"} {
		if _, has := conns[0].(map[string]any)[field]; !has {
			t.Errorf("generated connection has no %s: %s", field, r.raw)
		}
	}
}

func TestPreferThatCannotBeMetIs400(t *testing.T) {
	h := newHarness(t)
	cases := []struct{ prefer, mentions string }{
		{"code=418", "status 418 is not declared for associateQueueToEnhancedConnection (declared: 200, 400, 401, 403, 404, 413, 415, 429, 500)"},
		{"code=201", "status 201 is not declared"},
		{"code=abc", `code="abc" is not an HTTP status`},
		{"code=99", "is not an HTTP status"},
		{"example=nothing", `no declared response of associateQueueToEnhancedConnection has an example named "nothing"; it has no named examples`},
		{"code=200, example=nothing", `the declared 200 response of associateQueueToEnhancedConnection has no example named "nothing"`},
		{"example=", "names no example"},
	}
	for _, tc := range cases {
		h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), tc.prefer).
			expectError(t, http.StatusBadRequest, codeParam, "Prefer", tc.mentions)
	}
	h.expectBindings(projectID, connID, nil, nil)
}

func TestPreferenceIsIgnoredWhenItAsksNothingKnown(t *testing.T) {
	h := newHarness(t)
	r := h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "return=minimal, dynamic=true")
	r.expectStatus(t, http.StatusOK)
	if r.header.Get("Preference-Applied") != "" {
		t.Errorf("Preference-Applied = %q", r.header.Get("Preference-Applied"))
	}
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
}

// The gateway still stands in front of a scenario: a request needs credentials
// before it can ask for a response, and an undefined route is still 404.
func TestPreferComesAfterTheGateway(t *testing.T) {
	h := newHarness(t)
	hdr := http.Header{"Prefer": {"code=500"}, "Content-Type": {"application/json"}}
	h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), hdr).expectError(t, http.StatusUnauthorized, codeIAMToken)
	h.prefer("POST", "/v2.0/"+projectID+"/nowhere", "", "code=500").expectError(t, http.StatusNotFound, codeNoAPI)
}

// In strict mode a non-conformant request is refused whatever it prefers; otherwise
// the preference is served and the violation recorded.
func TestPreferOnANonConformantRequest(t *testing.T) {
	for _, strict := range []bool{false, true} {
		h := newHarness(t, func(o *Options) { o.StrictRequests = strict })
		r := h.prefer("POST", bindPath(projectID, "not-a-uuid"), queuesBody("queue_a"), "code=500")
		if strict {
			r.expectError(t, http.StatusBadRequest, codeParam, "connection_id")
		} else {
			r.expectStatus(t, http.StatusInternalServerError)
		}
		recs := h.emu.Requests()
		if len(recs) != 1 || len(recs[0].Violations) == 0 {
			t.Errorf("strict=%t: recorded %+v, want the violation", strict, recs)
		}
	}
}

// namedExamplesContract adds two named examples to associate-queue's 200 response.
func namedExamplesContract(t *testing.T) *contract.Contract {
	t.Helper()
	const anchor = "              example:\n                is_success: true\n                message: \"associated peer connection for queues: {q1,q2}.\"\n"
	if bytes.Count(openapi.Spec, []byte(anchor)) != 1 {
		t.Fatal("the contract's associate-queue 200 example moved; update this test")
	}
	named := "              examples:\n" +
		"                blank:\n                  value: {is_success: true, message: \"\"}\n" +
		"                pools:\n                  value: {is_success: true, message: \"associated peer connection for elastic resource pools: {pool1}.\"}\n"
	spec := bytes.Replace(openapi.Spec, []byte(anchor), []byte(named), 1)
	c, err := contract.LoadBytes(spec, contract.HuaweiCloud)
	if err != nil {
		t.Fatalf("load the contract with named examples: %v", err)
	}
	return c
}

func TestPreferExamplePicksANamedExample(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Contract = namedExamplesContract(t) })
	r := h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "example=pools").expectStatus(t, http.StatusOK)
	if !strings.Contains(fmt.Sprint(r.body["message"]), "{pool1}") || r.header.Get("Preference-Applied") != "example=pools" {
		t.Errorf("example=pools = %s (applied %q)", r.raw, r.header.Get("Preference-Applied"))
	}
	r = h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), `code=200, example="blank"`).expectStatus(t, http.StatusOK)
	if r.body["message"] != "" {
		t.Errorf("example=blank = %s", r.raw)
	}
	// Without example=, the first named example (by name) stands in for the missing single one.
	if r := h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=200"); r.body["message"] != "" {
		t.Errorf("code=200 = %s, want the example named blank", r.raw)
	}
	h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "example=nope").
		expectError(t, http.StatusBadRequest, codeParam, "named examples: blank (200), pools (200)")
	h.prefer("POST", bindPath(projectID, connID), queuesBody("queue_a"), "code=400, example=pools").
		expectError(t, http.StatusBadRequest, codeParam, "the declared 400 response", "has no example named")
	h.expectBindings(projectID, connID, nil, nil)
}

func TestParsePrefer(t *testing.T) {
	cases := []struct {
		values []string
		want   preference
	}{
		{[]string{"code=500"}, preference{code: 500}},
		{[]string{"Code = 401 ; foo=bar"}, preference{code: 401}},
		{[]string{"code=400", "example=x"}, preference{code: 400, example: "x"}},
		{[]string{`example="a b", code=200, code=201`}, preference{code: 201, example: "a b"}},
		{[]string{"respond-async, wait=10"}, preference{}},
	}
	for _, tc := range cases {
		got, err := parsePrefer(tc.values)
		if err != nil || got != tc.want {
			t.Errorf("parsePrefer(%q) = %+v, %v; want %+v", tc.values, got, err, tc.want)
		}
	}
}
