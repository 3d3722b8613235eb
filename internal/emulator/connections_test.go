package emulator

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

const fullCreateBody = `{"name":"created_conn","dest_vpc_id":"22094d8f-c310-4621-913d-4c4d655d8495",
	"dest_network_id":"78f2562a-36e4-4b39-95b9-f5aab22e1281","queues":["queue_a","queue_a"],
	"elastic_resource_pools":["pool_a"],"hosts":[{"name":"ecs-1","ip":"192.168.0.1"}],
	"tags":[{"key":"env","value":"test"}],"routetable_id":"rt-1"}`

func TestCreateConnection(t *testing.T) {
	h := newHarness(t, withDelay(time.Minute))
	r := h.do("POST", connsPath(projectID), fullCreateBody).expectStatus(t, http.StatusCreated)
	id, _ := r.body["connection_id"].(string)
	if !uuidPattern.MatchString(id) || r.body["is_success"] != true {
		t.Fatalf("create answer = %s", r.raw)
	}
	if want := "Create peer connection for queues:{queue_a}, elastic resource pools:{pool_a}"; r.body["message"] != want {
		t.Errorf("message = %v, want %q", r.body["message"], want)
	}
	show := h.do("GET", connPath(projectID, id), "").expectStatus(t, http.StatusOK).body
	if show["status"] != "ACTIVE" || show["name"] != "created_conn" || show["id"] != id ||
		show["create_time"] != float64(h.clock.Now().UnixMilli()) || show["dest_vpc_id"] != "22094d8f-c310-4621-913d-4c4d655d8495" {
		t.Errorf("created connection = %v", show)
	}
	if q := peers(t, show, "available_queue_info"); len(q) != 1 || q["queue_a"]["status"] != "CREATING" {
		t.Errorf("available_queue_info = %v, want queue_a CREATING", q)
	}
	if p := peers(t, show, "elastic_resource_pools"); len(p) != 1 || p["pool_a"]["status"] != "CREATING" {
		t.Errorf("elastic_resource_pools = %v, want pool_a CREATING", p)
	}
	if hosts, _ := show["hosts"].([]any); len(hosts) != 1 {
		t.Errorf("hosts = %v", show["hosts"])
	}
	h.expectBindings(projectID, id, []string{"queue_a"}, []string{"pool_a"})

	r = h.do("POST", connsPath(projectID), `{"name":"bare","dest_vpc_id":"v","dest_network_id":"n"}`).expectStatus(t, http.StatusCreated)
	if r.body["message"] != "Create peer connection for queues:{}" {
		t.Errorf("message without queues = %v", r.body["message"])
	}
}

func TestCreateRefusalsChangeNothing(t *testing.T) {
	cases := []struct {
		name, body, code string
	}{
		{"name with a dash", `{"name":"bad-name","dest_vpc_id":"v","dest_network_id":"n"}`, codeParam},
		{"name too long", fmt.Sprintf(`{"name":"%065d","dest_vpc_id":"v","dest_network_id":"n"}`, 0), codeParam},
		{"no dest_vpc_id", `{"name":"c","dest_network_id":"n"}`, codeParam},
		{"no body", ``, codeParam},
		{"array body", `[]`, codeParam},
		{"unknown queue", `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","queues":["queue_a","nope"]}`, codeNoObject},
		{"unknown pool", `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","elastic_resource_pools":["nope"]}`, codeNoObject},
		{"host name starting with a digit", `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","hosts":[{"name":"1ecs","ip":"10.0.0.1"}]}`, codeParam},
		{"host ip not IPv4", `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","hosts":[{"name":"ecs","ip":"::1"}]}`, codeParam},
		{"reserved tag key", `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","tags":[{"key":"_sys_x","value":"v"}]}`, codeParam},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("POST", connsPath(projectID), tc.body).expectError(t, http.StatusBadRequest, tc.code)
			if n := h.do("GET", connsPath(projectID)+"?limit=0", "").body["count"]; n != float64(2) {
				t.Errorf("count after a refused create = %v, want the seed's 2", n)
			}
			h.expectBindings(projectID, connID, nil, nil)
		})
	}
}

func TestCreateInUnseededProjectStartsEmpty(t *testing.T) {
	h := newHarness(t)
	const fresh = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"
	if r := h.do("GET", connsPath(fresh), "").expectStatus(t, http.StatusOK); r.body["count"] != float64(0) {
		t.Errorf("list of an unseeded project = %s", r.raw)
	}
	h.do("POST", connsPath(fresh), `{"name":"c","dest_vpc_id":"v","dest_network_id":"n","queues":["queue_a"]}`).
		expectError(t, http.StatusBadRequest, codeNoObject, "queue_a")
	h.do("POST", connsPath(fresh), `{"name":"c","dest_vpc_id":"v","dest_network_id":"n"}`).expectStatus(t, http.StatusCreated)
	if r := h.do("GET", connsPath(fresh), ""); r.body["count"] != float64(1) {
		t.Errorf("list after create = %s", r.raw)
	}
}

func TestListFiltersAndPaging(t *testing.T) {
	h := newHarness(t)
	var created []string
	for i, tags := range []string{`[{"key":"env","value":"test"}]`, `[{"key":"env","value":"prod"}]`, `[]`} {
		h.clock.Advance(time.Minute)
		body := fmt.Sprintf(`{"name":"listed_%d","dest_vpc_id":"v","dest_network_id":"n","tags":%s}`, i, tags)
		created = append(created, h.do("POST", connsPath(projectID), body).expectStatus(t, http.StatusCreated).body["connection_id"].(string))
	}
	// Oldest first: the seeded deleted_conn (2025-12), conformance_conn (2026-01), then the three.
	all := []string{deletedID, connID, created[0], created[1], created[2]}
	cases := []struct {
		query string
		want  []string
		count int
	}{
		{"", all, 5},
		{"?limit=0", all, 5},
		{"?limit=2", all[:2], 5},
		{"?limit=2&offset=1", all[1:3], 5},
		{"?offset=4", all[4:], 5},
		{"?offset=9", nil, 5},
		{"?status=ACTIVE", all[1:], 4},
		{"?status=active", all[1:], 4},
		{"?status=Active&limit=1&offset=1", all[2:3], 4},
		{"?status=DeLeTeD", all[:1], 1},
		{"?name=conformance_conn", []string{connID}, 1},
		{"?name=listed_1", []string{created[1]}, 1},
		{"?name=no_such_name", nil, 0},
		{"?tags=env=test", []string{created[0]}, 1},
		{"?tags=env=test,team=x", nil, 0},
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			r := h.do("GET", connsPath(projectID)+tc.query, "").expectStatus(t, http.StatusOK)
			if r.body["is_success"] != true || r.body["count"] != float64(tc.count) {
				t.Errorf("is_success %v count %v, want true and %d", r.body["is_success"], r.body["count"], tc.count)
			}
			conns, _ := r.body["connections"].([]any)
			var ids []string
			for _, c := range conns {
				m := c.(map[string]any)
				ids = append(ids, m["id"].(string))
				if v, present := m["isPrivis"]; !present || v != false {
					t.Errorf("%s isPrivis = %v, want false", m["id"], v)
				}
			}
			if fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
		})
	}
	for _, q := range []string{"?limit=-1", "?limit=abc", "?offset=-2", "?tags=novalue"} {
		h.do("GET", connsPath(projectID)+q, "").expectError(t, http.StatusBadRequest, codeParam)
	}
}

func TestShowConnection(t *testing.T) {
	h := newHarness(t)
	r := h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	b := r.body
	if b["is_success"] != true || b["message"] != "" || b["name"] != "conformance_conn" || b["status"] != "ACTIVE" ||
		b["dest_network_id"] != "8e7d6c5b-4a39-4281-9f0e-d1c2b3a49586" || b["create_time"] != float64(1767225600000) {
		t.Errorf("show = %s", r.raw)
	}
	if len(peers(t, b, "available_queue_info")) != 0 || len(peers(t, b, "elastic_resource_pools")) != 0 {
		t.Errorf("seeded connection is not unbound: %s", r.raw)
	}
	if hosts, _ := b["hosts"].([]any); len(hosts) != 1 {
		t.Errorf("hosts = %v", b["hosts"])
	}

	if r := h.do("GET", connPath(projectID, deletedID), "").expectStatus(t, http.StatusOK); r.body["status"] != "DELETED" {
		t.Errorf("deleted connection = %s", r.raw)
	}
	other := h.do("GET", connPath(otherProject, otherConnID), "").expectStatus(t, http.StatusOK)
	if q := peers(t, other.body, "available_queue_info"); q["other_queue"]["status"] != "ACTIVE" {
		t.Errorf("seeded binding = %v, want other_queue ACTIVE", q)
	}
	h.do("GET", connPath(projectID, unknownID), "").expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.do("GET", connPath(projectID, otherConnID), "").expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.do("GET", connPath(projectID, "1234"), "").expectError(t, http.StatusBadRequest, codeParam, "Connection 1234 does not exist.")
}

func TestDeleteConnection(t *testing.T) {
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	r := h.do("DELETE", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	if r.body["is_success"] != true || r.body["message"] != "Deleted" {
		t.Errorf("delete answer = %s", r.raw)
	}
	show := h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	if show.body["status"] != "DELETED" || len(peers(t, show.body, "available_queue_info")) != 0 {
		t.Errorf("after delete: %s", show.raw)
	}
	h.do("DELETE", connPath(projectID, connID), "").expectError(t, http.StatusBadRequest, codeParam, "deleted")
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectError(t, http.StatusBadRequest, codeParam, "deleted")
	h.do("DELETE", connPath(projectID, unknownID), "").expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.do("DELETE", connPath(projectID, otherConnID), "").expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.expectBindings(otherProject, otherConnID, []string{"other_queue"}, nil)
}

// The OTC page the contract is written from documents elastic_resource_pools
// on bind as Huawei Cloud's does, so the otc emulator binds and shows them.
func TestOTCProfileBindsPools(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Profile = contract.OTC })
	h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"elastic_resource_pools":["no_such_pool"]}`).
		expectError(t, http.StatusBadRequest, "DLI.0002", "no_such_pool")
	h.do("POST", bindPath(projectID, connID), `{"elastic_resource_pools":["pool_a"]}`).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, nil, []string{"pool_a"})
}

func TestProfileMustMatchTheContract(t *testing.T) {
	c, err := contract.Load(contract.OTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Options{Tokens: []string{token}, Contract: c, Profile: contract.HuaweiCloud}); err == nil {
		t.Error("New accepted a huaweicloud profile with an otc contract")
	}
	e, err := New(Options{Tokens: []string{token}, Contract: c})
	if err != nil || !e.withPools {
		t.Errorf("New with an otc contract: err %v, pools %v; want what the otc page documents", err, e != nil && e.withPools)
	}
}

func TestReset(t *testing.T) {
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	h.do("POST", connsPath(projectID), fullCreateBody).expectStatus(t, http.StatusCreated)
	h.do("DELETE", connPath(otherProject, otherConnID), "").expectStatus(t, http.StatusOK)
	h.emu.Reset()
	h.expectBindings(projectID, connID, nil, nil)
	h.expectBindings(otherProject, otherConnID, []string{"other_queue"}, nil)
	if r := h.do("GET", connsPath(projectID), ""); r.body["count"] != float64(2) {
		t.Errorf("list after reset = %s", r.raw)
	}
	if r := h.do("GET", connPath(otherProject, otherConnID), ""); r.body["status"] != "ACTIVE" {
		t.Errorf("other connection after reset = %s", r.raw)
	}
	if r := h.do("GET", connPath(projectID, deletedID), ""); r.body["status"] != "DELETED" {
		t.Errorf("deleted connection after reset = %s", r.raw)
	}
}
