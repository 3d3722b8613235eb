package emulator

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// newDefectHarness is an emulator with one defect. Its own answers may depart from the
// contract: that is what some defects are for, so Violations is not checked.
func newDefectHarness(t *testing.T, d Defect) *harness {
	t.Helper()
	clk := newClock()
	emu, err := New(Options{Tokens: []string{token}, Now: clk.Now, Defects: []Defect{d}})
	if err != nil {
		t.Fatalf("new emulator with %s: %v", d, err)
	}
	return &harness{t: t, emu: emu, srv: newServer(t, emu), clock: clk}
}

// bindings is what the store holds for the seed's connection.
func (h *harness) bindings() (queues, pools []string) {
	h.t.Helper()
	q, p, err := h.emu.Bindings(projectID, connID)
	if err != nil {
		h.t.Fatal(err)
	}
	return q, p
}

func wantBound(h *harness, queues, pools []string) error {
	q, p := h.bindings()
	if !slices.Equal(q, queues) || !slices.Equal(p, pools) {
		return fmt.Errorf("bound queues %v pools %v, want queues %v pools %v", q, p, queues, pools)
	}
	return nil
}

// unbindOne binds queue_a and queue_b, unbinds queue_a, and wants queue_b left.
func unbindOne(h *harness) error {
	h.bind("queue_a", "queue_b")
	h.do("POST", unbindPath(projectID, connID), queuesBody("queue_a")).expectStatus(h.t, 200)
	return wantBound(h, []string{"queue_b"}, nil)
}

// bindAgainOnce binds queue_a twice and wants 200 both times and one entry.
func bindAgainOnce(h *harness) error {
	for i := range 2 {
		if r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), nil); r.status != 200 {
			return fmt.Errorf("bind %d answered %d %s", i+1, r.status, r.raw)
		}
	}
	if got := h.listedQueues(false); !slices.Equal(got, []string{"queue_a"}) {
		return fmt.Errorf("show lists %v after binding queue_a twice", got)
	}
	return nil
}

// defectProbes observe each defect's behaviour: nil means the emulator behaved as
// documented, an error says how it did not.
var defectProbes = map[Defect]func(h *harness) error{
	DefectBindPoolsBindsQueue: func(h *harness) error {
		h.do("POST", bindPath(projectID, connID), `{"elastic_resource_pools":["pool_a"]}`).expectStatus(h.t, 200)
		return wantBound(h, nil, []string{"pool_a"})
	},
	DefectUnbindRemovesAll:   unbindOne,
	DefectUnbindRemovesWrong: unbindOne,
	DefectEitherWayBinds: func(h *harness) error {
		for _, b := range []string{`{}`, `{"queues":[]}`, `{"queues":null}`} {
			if r := h.raw(nil, "POST", bindPath(projectID, connID), b, nil); r.status != 400 {
				return fmt.Errorf("%s answered %d %s", b, r.status, r.raw)
			}
		}
		return wantBound(h, nil, nil)
	},
	DefectLateChangeAfterReject: func(h *harness) error {
		h.do("POST", bindPath(projectID, connID), queuesBody("queue_a", "nope")).expectStatus(h.t, 400)
		time.Sleep(3 * lateChangeDelayMS * time.Millisecond)
		return wantBound(h, nil, nil)
	},
	DefectBindNeverShows: func(h *harness) error {
		h.bind("queue_a")
		if got := h.listedQueues(false); !slices.Equal(got, []string{"queue_a"}) {
			return fmt.Errorf("show lists %v after binding queue_a", got)
		}
		return nil
	},
	DefectBindAgainDuplicates: bindAgainOnce,
	DefectStatusLowercase: func(h *harness) error {
		h.bind("queue_a")
		list, _ := h.raw(nil, "GET", connPath(projectID, connID), "", nil).body["available_queue_info"].([]any)
		if len(list) != 1 {
			return fmt.Errorf("available_queue_info %v", list)
		}
		if st := list[0].(map[string]any)["status"]; st != "ACTIVE" {
			return fmt.Errorf("status %v", st)
		}
		return nil
	},
	DefectMessageNull: func(h *harness) error {
		r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), nil)
		if _, ok := r.body["message"].(string); !ok {
			return fmt.Errorf("message %v is not a string", r.body["message"])
		}
		return nil
	},
	DefectIsSuccessString: func(h *harness) error {
		r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), nil)
		if r.body["is_success"] != true {
			return fmt.Errorf("is_success %#v, want true", r.body["is_success"])
		}
		return nil
	},
	DefectEmpty401Body: func(h *harness) error {
		r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), http.Header{"X-Auth-Token": {"wrong"}})
		if r.status != 401 || r.body["error_code"] == nil {
			return fmt.Errorf("401 body %q", r.raw)
		}
		return nil
	},
	DefectThrottleAll: func(h *harness) error {
		for range 3 {
			if r := h.raw(nil, "GET", connPath(projectID, connID), "", nil); r.status == 429 {
				return fmt.Errorf("throttled, Retry-After %q", r.header.Get("Retry-After"))
			}
		}
		return nil
	},
	DefectNilBody500: func(h *harness) error {
		r := h.raw(nil, "POST", bindPath(projectID, connID), "", http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json"}})
		if r.status != 400 {
			return fmt.Errorf("no body answered %d %s", r.status, r.raw)
		}
		return nil
	},
	DefectExtraFieldBindsNothing: func(h *harness) error {
		h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"priority":1}`).expectStatus(h.t, 200)
		return wantBound(h, []string{"queue_a"}, nil)
	},
	DefectUnknownQueue200: func(h *harness) error {
		if r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("nope"), nil); r.status != 400 {
			return fmt.Errorf("unknown queue answered %d %s", r.status, r.raw)
		}
		return nil
	},
	DefectDeletedConnectionBinds: func(h *harness) error {
		if r := h.raw(nil, "POST", bindPath(projectID, deletedID), queuesBody("queue_a"), nil); r.status != 400 {
			return fmt.Errorf("deleted connection answered %d %s", r.status, r.raw)
		}
		q, _, _ := h.emu.Bindings(projectID, deletedID)
		if len(q) > 0 {
			return fmt.Errorf("the deleted connection has %v bound", q)
		}
		return nil
	},
	DefectWrongErrorCodeForm: func(h *harness) error {
		for _, r := range []reply{
			h.raw(nil, "POST", bindPath(projectID, unknownID), queuesBody("queue_a"), nil),
			h.raw(nil, "GET", connPath(projectID, unknownID), "", nil),
		} {
			if code, _ := r.body["error_code"].(string); !contract.IsErrorCode(code) {
				return fmt.Errorf("error_code %q", code)
			}
		}
		return nil
	},
	DefectBindAgain500: bindAgainOnce,
	DefectStaleList: func(h *harness) error {
		h.bind("queue_a")
		if got := h.listedQueues(true); !slices.Equal(got, []string{"queue_a"}) {
			return fmt.Errorf("list shows %v after binding queue_a", got)
		}
		return nil
	},
	DefectNoRebind: func(h *harness) error {
		h.bind("queue_a")
		h.do("POST", unbindPath(projectID, connID), queuesBody("queue_a")).expectStatus(h.t, 200)
		if r := h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_a"), nil); r.status != 200 {
			return fmt.Errorf("binding queue_a again answered %d %s", r.status, r.raw)
		}
		return wantBound(h, []string{"queue_a"}, nil)
	},
	DefectRaceLosesBinding: func(h *harness) error {
		names := []string{"queue_a", "queue_b", "queue_c", "queue_fails"}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, n := range names {
			wg.Go(func() {
				<-start
				h.raw(nil, "POST", bindPath(projectID, connID), queuesBody(n), nil)
			})
		}
		close(start)
		wg.Wait()
		return wantBound(h, names, nil)
	},
}

func TestEveryDefectIsListedAndProbed(t *testing.T) {
	seen := map[Defect]bool{}
	for _, d := range Defects {
		if seen[d.Name] || d.Description == "" {
			t.Errorf("%s: listed twice or without a description", d.Name)
		}
		seen[d.Name] = true
		if defectProbes[d.Name] == nil {
			t.Errorf("%s has no probe", d.Name)
		}
		if got, err := ParseDefect(string(d.Name)); err != nil || got != d.Name {
			t.Errorf("ParseDefect(%s) = %v, %v", d.Name, got, err)
		}
	}
	if len(Defects) != len(defectProbes) {
		t.Errorf("%d defects, %d probes", len(Defects), len(defectProbes))
	}
	_, err := ParseDefect("no-such-defect")
	if err == nil || !strings.Contains(err.Error(), string(DefectStaleList)) {
		t.Errorf("unknown defect: err = %v, want one listing the names", err)
	}
	if _, err := New(Options{Tokens: []string{token}, Defects: []Defect{"no-such-defect"}}); err == nil {
		t.Error("New accepts an unknown defect")
	}
}

// TestEachDefectBreaksItsBehaviour runs each probe twice: the emulator without the
// defect must pass it (and answer within the contract), with the defect it must fail.
func TestEachDefectBreaksItsBehaviour(t *testing.T) {
	for _, d := range Defects {
		t.Run(string(d.Name), func(t *testing.T) {
			probe := defectProbes[d.Name]
			if probe == nil {
				t.Skip("no probe")
			}
			if err := probe(newHarness(t)); err != nil {
				t.Errorf("without the defect: %v", err)
			}
			if err := probe(newDefectHarness(t, d.Name)); err == nil {
				t.Errorf("with %s the probe passed: the defect changes nothing", d.Name)
			} else {
				t.Logf("with the defect: %v", err)
			}
		})
	}
}

// TestDefectsChangeOnlyTheirBehaviour: the other probes still pass under each defect,
// except where two defects break the same behaviour.
func TestDefectsChangeOnlyTheirBehaviour(t *testing.T) {
	shared := map[Defect][]Defect{
		DefectUnbindRemovesAll:    {DefectUnbindRemovesWrong},
		DefectUnbindRemovesWrong:  {DefectUnbindRemovesAll},
		DefectBindAgainDuplicates: {DefectBindAgain500},
		DefectBindAgain500:        {DefectBindAgainDuplicates},
		// No body names nothing, as {} does.
		DefectEitherWayBinds: {DefectNilBody500},
		DefectNilBody500:     {DefectEitherWayBinds},
		// Every probe talks to the API: under throttle-all none gets through.
		DefectThrottleAll: nil,
		// A never-shown bind fails every probe that looks at what a bind did.
		DefectBindNeverShows: nil,
	}
	skip := map[Defect]bool{DefectThrottleAll: true, DefectBindNeverShows: true, DefectLateChangeAfterReject: true, DefectRaceLosesBinding: true}
	for _, d := range Defects {
		if skip[d.Name] {
			continue
		}
		t.Run(string(d.Name), func(t *testing.T) {
			for _, other := range Defects {
				if other.Name == d.Name || slices.Contains(shared[d.Name], other.Name) {
					continue
				}
				if other.Name == DefectLateChangeAfterReject || other.Name == DefectRaceLosesBinding {
					continue // slow; their own test covers them
				}
				if err := defectProbes[other.Name](newDefectHarness(t, d.Name)); err != nil {
					t.Errorf("under %s the %s probe fails: %v", d.Name, other.Name, err)
				}
			}
		})
	}
}

func TestStaleListKeepsACreatedConnectionAsCreated(t *testing.T) {
	h := newDefectHarness(t, DefectStaleList)
	id := h.do("POST", connsPath(projectID), `{"name":"late_conn","dest_vpc_id":"v","dest_network_id":"n","queues":["queue_a"]}`).
		expectStatus(t, http.StatusCreated).body["connection_id"].(string)
	h.do("POST", bindPath(projectID, id), queuesBody("queue_b")).expectStatus(t, 200)
	var listed []string
	for _, c := range h.do("GET", connsPath(projectID), "").body["connections"].([]any) {
		if c.(map[string]any)["id"] == id {
			listed = slices.Sorted(maps.Keys(peers(t, c.(map[string]any), "available_queue_info")))
		}
	}
	shown := slices.Sorted(maps.Keys(peers(t, h.do("GET", connPath(projectID, id), "").body, "available_queue_info")))
	if !slices.Equal(listed, []string{"queue_a"}) || !slices.Equal(shown, []string{"queue_a", "queue_b"}) {
		t.Errorf("list shows %v, show %v; want the list as created and show up to date", listed, shown)
	}
}
