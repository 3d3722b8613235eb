package emulator

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Without StrictRequests the contract does not refuse anything: DLI's own rules do.
// Every request the contract rejects must still be refused by them, change nothing,
// and be recorded with its violation. With StrictRequests the refusal names the
// violation as the contract words it.
func TestNonConformantRequestsAreRefusedInBothModes(t *testing.T) {
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	create := func(fields string) string {
		return `{"name":"c","dest_vpc_id":"v","dest_network_id":"n"` + fields + `}`
	}
	cases := []struct {
		name, method, path, body string
		strict                   string // what the strict refusal mentions
	}{
		{"bind: connection id not a UUID", "POST", bindPath(projectID, "not-a-uuid"), queuesBody("queue_a"), "connection_id"},
		{"bind: queues a string", "POST", bindPath(projectID, connID), `{"queues":"queue_a"}`, "/queues"},
		{"bind: null element", "POST", bindPath(projectID, connID), `{"queues":[null]}`, "/queues/0"},
		{"bind: object element", "POST", bindPath(projectID, connID), `{"queues":[{}]}`, "/queues/0"},
		{"bind: array body", "POST", bindPath(projectID, connID), `["queue_a"]`, "request body"},
		{"bind: malformed JSON", "POST", bindPath(projectID, connID), `{"queues":`, "request body"},
		{"unbind: pools a number", "POST", unbindPath(projectID, connID), `{"queues":["queue_a"],"elastic_resource_pools":1}`, "/elastic_resource_pools"},
		{"show: id not a UUID", "GET", connPath(projectID, "1234"), "", "connection_id"},
		{"delete: id not a UUID", "DELETE", connPath(projectID, "1234"), "", "connection_id"},
		{"list: limit not a number", "GET", connsPath(projectID) + "?limit=ten", "", `"limit"`},
		{"list: negative offset", "GET", connsPath(projectID) + "?offset=-1", "", `"offset"`},
		{"list: limit beyond int32", "GET", connsPath(projectID) + "?limit=2147483648", "", `"limit"`},
		{"create: no body", "POST", connsPath(projectID), "", "request body"},
		{"create: no name", "POST", connsPath(projectID), `{"dest_vpc_id":"v","dest_network_id":"n"}`, "name"},
		{"create: name with a dash", "POST", connsPath(projectID), `{"name":"a-b","dest_vpc_id":"v","dest_network_id":"n"}`, "/name"},
		{"create: no dest_network_id", "POST", connsPath(projectID), `{"name":"c","dest_vpc_id":"v"}`, "dest_network_id"},
		{"create: name a number", "POST", connsPath(projectID), `{"name":1,"dest_vpc_id":"v","dest_network_id":"n"}`, "/name"},
		{"create: queues a string", "POST", connsPath(projectID), create(`,"queues":"queue_a"`), "/queues"},
		{"create: host name too long", "POST", connsPath(projectID), create(`,"hosts":[{"name":"h` + strings.Repeat("x", 128) + `","ip":"10.0.0.1"}]`), "/hosts/0/name"},
		{"create: tag without value", "POST", connsPath(projectID), create(`,"tags":[{"key":"k"}]`), "value"},
		{"create: empty tag key", "POST", connsPath(projectID), create(`,"tags":[{"key":"","value":"v"}]`), "/tags/0/key"},
		{"create: tag value too long", "POST", connsPath(projectID), create(`,"tags":[{"key":"k","value":"` + strings.Repeat("v", 256) + `"}]`), "/tags/0/value"},
	}
	for _, strict := range []bool{false, true} {
		for _, tc := range cases {
			t.Run(tc.name+map[bool]string{false: "/dli-rules", true: "/strict"}[strict], func(t *testing.T) {
				req := contract.Request{Method: tc.method, Target: tc.path, Body: []byte(tc.body),
					Header: http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json"}}}
				if err := c.CheckRequest(context.Background(), req); err == nil {
					t.Fatal("the contract accepts this request; it proves nothing")
				}
				h := newHarness(t, func(o *Options) { o.StrictRequests = strict })
				before := h.send("GET", "/_emulator/state", "", http.Header{}).raw
				r := h.do(tc.method, tc.path, tc.body)
				if strict {
					r.expectError(t, http.StatusBadRequest, codeParam, "Parameter check errors occur", tc.strict)
				} else {
					r.expectError(t, http.StatusBadRequest, codeParam)
				}
				if after := h.send("GET", "/_emulator/state", "", http.Header{}).raw; string(stripNow(before)) != string(stripNow(after)) {
					t.Errorf("a refused request changed the state")
				}
				if recs := h.emu.Requests(); len(recs) != 1 || len(recs[0].Violations) == 0 {
					t.Errorf("recorded %+v, want one request with its violation", recs)
				}
			})
		}
	}
}

// Where DLI's rules can make sense of a non-conformant request, the default mode
// serves it (and records the violation): a null list reads as no list.
func TestNonStrictServesWhatDLICanRead(t *testing.T) {
	body := `{"queues":null,"elastic_resource_pools":["pool_a"]}`
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), body).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, nil, []string{"pool_a"})
	if v := h.emu.Requests()[0].Violations; len(v) == 0 || !strings.Contains(v[0], "/queues") {
		t.Errorf("violations %v, want the null queues", v)
	}

	strict := newHarness(t, func(o *Options) { o.StrictRequests = true })
	strict.do("POST", bindPath(projectID, connID), body).expectError(t, http.StatusBadRequest, codeParam, "/queues")
	strict.expectBindings(projectID, connID, nil, nil)
}
