package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBindShowsEachQueueOnceCreatingThenActive(t *testing.T) {
	h := newHarness(t, withDelay(30*time.Second))
	boundAt := h.clock.Now().UnixMilli()
	r := h.do("POST", bindPath(projectID, connID), queuesBody("queue_a", "queue_b")).expectStatus(t, http.StatusOK)
	if r.body["is_success"] != true || r.body["message"] != "associated peer connection for queues: {queue_a,queue_b}." {
		t.Errorf("bind answer = %s", r.raw)
	}

	show := h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	got := peers(t, show.body, "available_queue_info")
	if len(got) != 2 {
		t.Fatalf("available_queue_info = %v, want queue_a and queue_b", got)
	}
	for _, name := range []string{"queue_a", "queue_b"} {
		p := got[name]
		if p["status"] != "CREATING" || p["err_msg"] != "" || p["update_time"] != float64(boundAt) {
			t.Errorf("%s right after the bind = %v, want CREATING at %d with no err_msg", name, p, boundAt)
		}
		if id, _ := p["peer_id"].(string); !uuidPattern.MatchString(id) {
			t.Errorf("%s peer_id %q is not a UUID", name, id)
		}
	}

	h.clock.Advance(29 * time.Second)
	if p := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_a"]; p["status"] != "CREATING" {
		t.Errorf("queue_a before the delay has passed = %v, want CREATING", p)
	}
	h.clock.Advance(time.Second)
	for name, p := range peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info") {
		if p["status"] != "ACTIVE" || p["update_time"] != float64(boundAt+30_000) || p["err_msg"] != "" {
			t.Errorf("%s after the delay = %v, want ACTIVE updated at %d", name, p, boundAt+30_000)
		}
	}
	h.expectBindings(projectID, connID, []string{"queue_a", "queue_b"}, nil)
}

func TestBindWithoutDelayIsActiveAtOnce(t *testing.T) {
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_c")).expectStatus(t, http.StatusOK)
	p := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_c"]
	if p["status"] != "ACTIVE" {
		t.Errorf("queue_c = %v, want ACTIVE", p)
	}
}

func TestBindElasticResourcePools(t *testing.T) {
	h := newHarness(t, withDelay(time.Minute))
	r := h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"elastic_resource_pools":["pool_a","pool_b"]}`).expectStatus(t, http.StatusOK)
	if want := "associated peer connection for queues: {queue_a}, elastic resource pools: {pool_a,pool_b}."; r.body["message"] != want {
		t.Errorf("message = %v, want %q", r.body["message"], want)
	}
	r = h.do("POST", bindPath(projectID, connID), `{"elastic_resource_pools":["pool_a"]}`).expectStatus(t, http.StatusOK)
	if want := "associated peer connection for elastic resource pools: {pool_a}."; r.body["message"] != want {
		t.Errorf("message = %v, want %q", r.body["message"], want)
	}
	show := h.do("GET", connPath(projectID, connID), "").body
	pools := peers(t, show, "elastic_resource_pools")
	if len(pools) != 2 || pools["pool_a"]["status"] != "CREATING" || pools["pool_b"]["status"] != "CREATING" {
		t.Errorf("elastic_resource_pools = %v, want pool_a and pool_b CREATING", pools)
	}
	h.clock.Advance(time.Minute)
	for name, p := range peers(t, h.do("GET", connPath(projectID, connID), "").body, "elastic_resource_pools") {
		if p["status"] != "ACTIVE" {
			t.Errorf("%s after the delay = %v, want ACTIVE", name, p)
		}
	}
	h.expectBindings(projectID, connID, []string{"queue_a"}, []string{"pool_a", "pool_b"})
}

func TestBindTwiceKeepsOneEntry(t *testing.T) {
	h := newHarness(t, withDelay(time.Minute))
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	first := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_a"]
	h.clock.Advance(10 * time.Second)
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a", "queue_a")).expectStatus(t, http.StatusOK)
	again := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")
	if len(again) != 1 || again["queue_a"]["peer_id"] != first["peer_id"] || again["queue_a"]["update_time"] != first["update_time"] {
		t.Errorf("after binding queue_a again: %v, want the first entry %v unchanged", again, first)
	}
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
}

func TestBindDuplicatesInOneRequestAreBoundOnce(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", bindPath(projectID, connID), queuesBody("queue_b", "queue_a", "queue_b")).expectStatus(t, http.StatusOK)
	if r.body["message"] != "associated peer connection for queues: {queue_b,queue_a}." {
		t.Errorf("message = %v", r.body["message"])
	}
	if got := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info"); len(got) != 2 {
		t.Errorf("available_queue_info = %v, want two entries", got)
	}
}

func TestBindFailingQueueEndsFailedWithItsMessage(t *testing.T) {
	h := newHarness(t, withDelay(5*time.Second))
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_fails")).expectStatus(t, http.StatusOK)
	p := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_fails"]
	if p["status"] != "CREATING" || p["err_msg"] != "" {
		t.Errorf("queue_fails right after the bind = %v, want CREATING without err_msg", p)
	}
	h.clock.Advance(5 * time.Second)
	p = peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_fails"]
	if msg, _ := p["err_msg"].(string); p["status"] != "FAILED" || !strings.HasPrefix(msg, "Failed to get subnet") {
		t.Errorf("queue_fails after the delay = %v, want FAILED with a subnet err_msg", p)
	}
}

func TestBindIgnoresUnknownFields(t *testing.T) {
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"comment":"x","priority":3}`).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
}

// Refused binds must leave the connection exactly as it was: queue_c is bound
// beforehand so that "unchanged" is not the same as "empty". Each case runs in both
// modes: by DLI's rules (the default) and with StrictRequests, where the contract
// answers first and names the violation by its JSON pointer (strict, when it differs).
func TestBindRefusalsChangeNothing(t *testing.T) {
	cases := []struct {
		name, body, code string
		mentions, strict []string
	}{
		{"unknown queue", queuesBody("no_such_queue"), codeNoObject, []string{"There is no queue named no_such_queue"}, nil},
		{"known and unknown queue", queuesBody("queue_a", "no_such_queue"), codeNoObject, []string{"no_such_queue"}, nil},
		{"unknown pool", `{"elastic_resource_pools":["no_such_pool"]}`, codeNoObject, []string{"no_such_pool"}, nil},
		{"known queue and unknown pool", `{"queues":["queue_a"],"elastic_resource_pools":["pool_a","no_such_pool"]}`, codeNoObject, []string{"no_such_pool"}, nil},
		{"other projectID's queue", queuesBody("other_queue"), codeNoObject, []string{"other_queue"}, nil},
		{"empty object", `{}`, codeParam, []string{"At least one queue or elastic resource pool"}, nil},
		{"empty queues", `{"queues":[]}`, codeParam, []string{"At least one"}, nil},
		{"both lists empty", `{"queues":[],"elastic_resource_pools":[]}`, codeParam, []string{"At least one"}, nil},
		{"no body", ``, codeParam, []string{"At least one"}, nil},
		{"malformed JSON", `{"queues":["queue_a"`, codeParam, []string{"not valid JSON"}, []string{"request body"}},
		{"array body", `["queue_a"]`, codeParam, []string{"must be a JSON object"}, []string{"request body"}},
		{"string body", `"queue_a"`, codeParam, []string{"must be a JSON object"}, []string{"request body"}},
		{"number body", `42`, codeParam, []string{"must be a JSON object"}, []string{"request body"}},
		{"null body", `null`, codeParam, []string{"At least one"}, []string{"request body"}},
		{"queues not an array", `{"queues":"queue_a"}`, codeParam, []string{"queues must be an array"}, []string{"/queues"}},
		{"null element", `{"queues":["queue_a",null]}`, codeParam, []string{"queues[1] must be a name"}, []string{"/queues/1"}},
		{"number element", `{"queues":[1]}`, codeParam, []string{"queues[0] must be a name"}, []string{"/queues/0"}},
		{"pools not an array", `{"queues":["queue_a"],"elastic_resource_pools":"pool_a"}`, codeParam, []string{"elastic_resource_pools must be an array"}, []string{"/elastic_resource_pools"}},
	}
	for _, strict := range []bool{false, true} {
		for _, tc := range cases {
			t.Run(fmt.Sprintf("%s/strict=%t", tc.name, strict), func(t *testing.T) {
				h := newHarness(t, func(o *Options) { o.StrictRequests = strict })
				h.do("POST", bindPath(projectID, connID), queuesBody("queue_c")).expectStatus(t, http.StatusOK)
				mentions := tc.mentions
				if strict && tc.strict != nil {
					mentions = tc.strict
				}
				h.do("POST", bindPath(projectID, connID), tc.body).expectError(t, http.StatusBadRequest, tc.code, mentions...)
				h.expectBindings(projectID, connID, []string{"queue_c"}, nil)
			})
		}
	}
}

func TestBindRefusesConnectionsItCannotUse(t *testing.T) {
	cases := []struct {
		name, path string
		mentions   []string
	}{
		{"id not a UUID", bindPath(projectID, "not-a-uuid"), []string{"Connection not-a-uuid does not exist."}},
		{"unknown UUID", bindPath(projectID, unknownID), []string{"Connection " + unknownID + " does not exist."}},
		{"deleted connection", bindPath(projectID, deletedID), []string{"Connection " + deletedID + " has been deleted."}},
		{"another projectID's connection", bindPath(projectID, otherConnID), []string{"does not exist"}},
		{"unknown projectID", bindPath("ffffffffffffffffffffffffffffffff", connID), []string{"does not exist"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			h.do("POST", tc.path, queuesBody("queue_a")).expectError(t, http.StatusBadRequest, codeParam, tc.mentions...)
			h.expectBindings(projectID, connID, nil, nil)
			h.expectBindings(projectID, deletedID, nil, nil)
			h.expectBindings(otherProject, otherConnID, []string{"other_queue"}, nil)
		})
	}
}

func TestUnbind(t *testing.T) {
	h := newHarness(t)
	h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a","queue_b"],"elastic_resource_pools":["pool_a"]}`).expectStatus(t, http.StatusOK)

	r := h.do("POST", unbindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	if r.body["is_success"] != true || r.body["message"] != "Disassociated peer connection for queues:{queue_a}." {
		t.Errorf("unbind answer = %s", r.raw)
	}
	h.expectBindings(projectID, connID, []string{"queue_b"}, []string{"pool_a"})

	h.do("POST", unbindPath(projectID, connID), queuesBody("queue_c")).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, []string{"queue_b"}, []string{"pool_a"})

	h.do("POST", unbindPath(projectID, connID), queuesBody("queue_b", "no_such_queue")).expectError(t, http.StatusBadRequest, codeNoObject, "no_such_queue")
	h.do("POST", unbindPath(projectID, connID), `{}`).expectError(t, http.StatusBadRequest, codeParam, "At least one")
	h.do("POST", unbindPath(projectID, connID), `{"queues":[null]}`).expectError(t, http.StatusBadRequest, codeParam)
	h.do("POST", unbindPath(projectID, unknownID), queuesBody("queue_b")).expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.do("POST", unbindPath(projectID, deletedID), queuesBody("queue_b")).expectError(t, http.StatusBadRequest, codeParam, "deleted")
	h.expectBindings(projectID, connID, []string{"queue_b"}, []string{"pool_a"})

	r = h.do("POST", unbindPath(projectID, connID), `{"queues":["queue_b"],"elastic_resource_pools":["pool_a"]}`).expectStatus(t, http.StatusOK)
	if want := "Disassociated peer connection for queues:{queue_b}, elastic resource pools:{pool_a}."; r.body["message"] != want {
		t.Errorf("message = %v, want %q", r.body["message"], want)
	}
	h.expectBindings(projectID, connID, nil, nil)
	if got := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info"); len(got) != 0 {
		t.Errorf("available_queue_info after unbinding all = %v", got)
	}
}
