package broken

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func wantBound(h *harness, queues, pools []string) error {
	q, p := h.bound()
	if !slices.Equal(q, queues) || !slices.Equal(p, pools) {
		return fmt.Errorf("bound queues %v pools %v, want queues %v pools %v", q, p, queues, pools)
	}
	return nil
}

// unbindOne binds queue_a and queue_b, unbinds queue_a, and wants queue_b left.
func unbindOne(h *harness) error {
	h.bind("queue_a", "queue_b")
	h.must(200, "POST", unbindPath(Connection), queuesBody("queue_a"))
	return wantBound(h, []string{"queue_b"}, nil)
}

// bindAgainOnce binds queue_a twice and wants 200 both times and one entry.
func bindAgainOnce(h *harness) error {
	for i := range 2 {
		if r := h.send("POST", bindPath(Connection), queuesBody("queue_a"), nil); r.status != 200 {
			return fmt.Errorf("bind %d answered %d %s", i+1, r.status, r.raw)
		}
	}
	if got := h.listedQueues(false); !slices.Equal(got, []string{"queue_a"}) {
		return fmt.Errorf("show lists %v after binding queue_a twice", got)
	}
	return nil
}

// probes observe each defect's behaviour: nil means the target behaved as
// documented, an error says how it did not.
var probes = map[string]func(h *harness) error{
	"bind-pools-binds-queue": func(h *harness) error {
		h.must(200, "POST", bindPath(Connection), `{"elastic_resource_pools":["pool_a"]}`)
		return wantBound(h, nil, []string{"pool_a"})
	},
	"unbind-removes-all":   unbindOne,
	"unbind-removes-wrong": unbindOne,
	"either-way-binds": func(h *harness) error {
		for _, b := range []string{`{}`, `{"queues":[]}`, `{"queues":null}`} {
			if r := h.send("POST", bindPath(Connection), b, nil); r.status != 400 {
				return fmt.Errorf("%s answered %d %s", b, r.status, r.raw)
			}
		}
		return wantBound(h, nil, nil)
	},
	"late-change-after-reject": func(h *harness) error {
		h.must(400, "POST", bindPath(Connection), queuesBody("queue_a", "nope"))
		time.Sleep(3 * lateChangeDelay)
		return wantBound(h, nil, nil)
	},
	"bind-never-shows": func(h *harness) error {
		h.bind("queue_a")
		if got := h.listedQueues(false); !slices.Equal(got, []string{"queue_a"}) {
			return fmt.Errorf("show lists %v after binding queue_a", got)
		}
		return nil
	},
	"bind-again-duplicates": bindAgainOnce,
	"status-lowercase": func(h *harness) error {
		h.bind("queue_a")
		list, _ := h.send("GET", connPath(Connection), "", nil).body["available_queue_info"].([]any)
		if len(list) != 1 {
			return fmt.Errorf("available_queue_info %v", list)
		}
		if st := list[0].(map[string]any)["status"]; st != "ACTIVE" {
			return fmt.Errorf("status %v", st)
		}
		return nil
	},
	"message-null": func(h *harness) error {
		r := h.send("POST", bindPath(Connection), queuesBody("queue_a"), nil)
		if _, ok := r.body["message"].(string); !ok {
			return fmt.Errorf("message %v is not a string", r.body["message"])
		}
		return nil
	},
	"is-success-string": func(h *harness) error {
		r := h.send("POST", bindPath(Connection), queuesBody("queue_a"), nil)
		if r.body["is_success"] != true {
			return fmt.Errorf("is_success %#v, want true", r.body["is_success"])
		}
		return nil
	},
	"empty-401-body": func(h *harness) error {
		r := h.send("POST", bindPath(Connection), queuesBody("queue_a"), http.Header{"X-Auth-Token": {"wrong"}})
		if r.status != 401 || r.body["error_code"] == nil {
			return fmt.Errorf("401 body %q", r.raw)
		}
		return nil
	},
	"throttle-all": func(h *harness) error {
		for range 3 {
			if r := h.send("GET", connPath(Connection), "", nil); r.status == 429 {
				return fmt.Errorf("throttled, Retry-After %q", r.header.Get("Retry-After"))
			}
		}
		return nil
	},
	"nil-body-500": func(h *harness) error {
		if r := h.send("POST", bindPath(Connection), "", nil); r.status != 400 {
			return fmt.Errorf("no body answered %d %s", r.status, r.raw)
		}
		return nil
	},
	"extra-field-binds-nothing": func(h *harness) error {
		h.must(200, "POST", bindPath(Connection), `{"queues":["queue_a"],"priority":1}`)
		return wantBound(h, []string{"queue_a"}, nil)
	},
	"unknown-queue-200": func(h *harness) error {
		if r := h.send("POST", bindPath(Connection), queuesBody("nope"), nil); r.status != 400 {
			return fmt.Errorf("unknown queue answered %d %s", r.status, r.raw)
		}
		return nil
	},
	"deleted-connection-binds": func(h *harness) error {
		if r := h.send("POST", bindPath(DeletedConnection), queuesBody("queue_a"), nil); r.status != 400 {
			return fmt.Errorf("deleted connection answered %d %s", r.status, r.raw)
		}
		if q, _, _ := h.emu.Bindings(Project, DeletedConnection); len(q) > 0 {
			return fmt.Errorf("the deleted connection has %v bound", q)
		}
		return nil
	},
	"wrong-error-code-form": func(h *harness) error {
		for _, r := range []reply{
			h.send("POST", bindPath(unknownID), queuesBody("queue_a"), nil),
			h.send("GET", connPath(unknownID), "", nil),
		} {
			if code, _ := r.body["error_code"].(string); !contract.IsErrorCode(code) {
				return fmt.Errorf("error_code %q", code)
			}
		}
		return nil
	},
	"bind-again-500": bindAgainOnce,
	"stale-list": func(h *harness) error {
		h.bind("queue_a")
		if got := h.listedQueues(true); !slices.Equal(got, []string{"queue_a"}) {
			return fmt.Errorf("list shows %v after binding queue_a", got)
		}
		return nil
	},
	"no-rebind": func(h *harness) error {
		h.bind("queue_a")
		h.must(200, "POST", unbindPath(Connection), queuesBody("queue_a"))
		if r := h.send("POST", bindPath(Connection), queuesBody("queue_a"), nil); r.status != 200 {
			return fmt.Errorf("binding queue_a again answered %d %s", r.status, r.raw)
		}
		return wantBound(h, []string{"queue_a"}, nil)
	},
	"race-loses-binding": func(h *harness) error {
		names := []string{"queue_a", "queue_b", "queue_c", "queue_fails"}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for _, n := range names {
			wg.Go(func() {
				<-start
				h.send("POST", bindPath(Connection), queuesBody(n), nil)
			})
		}
		close(start)
		wg.Wait()
		return wantBound(h, names, nil)
	},
}

func TestEveryDefectIsListedAndProbed(t *testing.T) {
	seen := map[string]bool{}
	for _, d := range Defects {
		if seen[d.Name] || d.Description == "" || (d.Store == nil && d.Handler == nil) {
			t.Errorf("%s: listed twice, without a description or without a decorator", d.Name)
		}
		seen[d.Name] = true
		if probes[d.Name] == nil {
			t.Errorf("%s has no probe", d.Name)
		}
		if got, err := Defect(d.Name); err != nil || got.Name != d.Name {
			t.Errorf("Defect(%s) = %v, %v", d.Name, got.Name, err)
		}
	}
	if len(Defects) != len(probes) {
		t.Errorf("%d defects, %d probes", len(Defects), len(probes))
	}
	if _, err := Defect("no-such-defect"); err == nil || !strings.Contains(err.Error(), "stale-list") {
		t.Errorf("unknown defect: err = %v, want one listing the names", err)
	}
}

// TestEachDefectBreaksItsBehaviour runs each probe twice: the emulator alone must
// pass it, with the defect it must fail.
func TestEachDefectBreaksItsBehaviour(t *testing.T) {
	for _, d := range Defects {
		t.Run(d.Name, func(t *testing.T) {
			probe := probes[d.Name]
			if probe == nil {
				t.Skip("no probe")
			}
			if err := probe(newHarness(t)); err != nil {
				t.Errorf("without the defect: %v", err)
			}
			if err := probe(newHarness(t, d)); err == nil {
				t.Errorf("with %s the probe passed: the defect changes nothing", d.Name)
			}
		})
	}
}

// TestDefectsChangeOnlyTheirBehaviour: the other probes still pass under each defect,
// except where two defects break the same behaviour.
func TestDefectsChangeOnlyTheirBehaviour(t *testing.T) {
	shared := map[string][]string{
		"unbind-removes-all":    {"unbind-removes-wrong"},
		"unbind-removes-wrong":  {"unbind-removes-all"},
		"bind-again-duplicates": {"bind-again-500"},
		"bind-again-500":        {"bind-again-duplicates"},
		// No body names nothing, as {} does.
		"either-way-binds": {"nil-body-500"},
		"nil-body-500":     {"either-way-binds"},
	}
	// Under throttle-all no probe gets through; a never-shown bind fails every probe
	// that looks at what a bind did; the slow ones have their own test.
	skip := map[string]bool{"throttle-all": true, "bind-never-shows": true, "late-change-after-reject": true, "race-loses-binding": true}
	for _, d := range Defects {
		if skip[d.Name] {
			continue
		}
		t.Run(d.Name, func(t *testing.T) {
			for _, other := range Defects {
				if other.Name == d.Name || slices.Contains(shared[d.Name], other.Name) ||
					other.Name == "late-change-after-reject" || other.Name == "race-loses-binding" {
					continue
				}
				if err := probes[other.Name](newHarness(t, d)); err != nil {
					t.Errorf("under %s the %s probe fails: %v", d.Name, other.Name, err)
				}
			}
		})
	}
}

func TestStaleListKeepsACreatedConnectionAsCreated(t *testing.T) {
	h := newHarness(t, byName("stale-list"))
	id := h.must(http.StatusCreated, "POST", connsPath(), `{"name":"late_conn","dest_vpc_id":"v","dest_network_id":"n","queues":["queue_a"]}`).body["connection_id"].(string)
	h.must(200, "POST", bindPath(id), queuesBody("queue_b"))
	names := func(c map[string]any) []string {
		var out []string
		for _, p := range c["available_queue_info"].([]any) {
			out = append(out, p.(map[string]any)["name"].(string))
		}
		slices.Sort(out)
		return out
	}
	var listed []string
	for _, c := range h.must(200, "GET", connsPath(), "").body["connections"].([]any) {
		if c.(map[string]any)["id"] == id {
			listed = names(c.(map[string]any))
		}
	}
	shown := names(h.must(200, "GET", connPath(id), "").body)
	if !slices.Equal(listed, []string{"queue_a"}) || !slices.Equal(shown, []string{"queue_a", "queue_b"}) {
		t.Errorf("list shows %v, show %v; want the list as created and show up to date", listed, shown)
	}
}

// TestCatalogueIsWellFormed: every target has a unique name, named behaviours each
// with a decorator, and an expected failure set.
func TestCatalogueIsWellFormed(t *testing.T) {
	// The catalogue grows with the requirements; it never loses a target.
	if len(Catalogue) < 62 {
		t.Errorf("%d targets, want at least 62", len(Catalogue))
	}
	seen := map[string]bool{}
	for _, tg := range Catalogue {
		if seen[tg.Name] || tg.Name == "" {
			t.Errorf("target %q: empty or listed twice", tg.Name)
		}
		seen[tg.Name] = true
		if (len(tg.Fails) == 0) == (tg.FailsAll == "") {
			t.Errorf("%s: want either Fails or FailsAll", tg.Name)
		}
		for _, b := range tg.Broken {
			if b.Name == "" || (b.Store == nil && b.Handler == nil) {
				t.Errorf("%s: a behaviour without a name or a decorator", tg.Name)
			}
		}
		if _, _, err := tg.Handler(emulatorOptions()); err != nil {
			t.Errorf("%s: %v", tg.Name, err)
		}
	}
}
