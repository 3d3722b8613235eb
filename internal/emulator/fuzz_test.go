package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// fuzzRequests are the seed corpus of FuzzServeHTTP: the contract's request examples
// on each operation's path, the suite's typical requests, and malformed ones.
func fuzzRequests(f *testing.F) [][4]string {
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		f.Fatal(err)
	}
	fill := strings.NewReplacer("{project_id}", projectID, "{connection_id}", connID)
	var out [][4]string
	for tpl, item := range c.Doc().Paths.Map() {
		for method, op := range item.Operations() {
			target := fill.Replace(tpl)
			out = append(out, [4]string{method, target, "", ""})
			if op.RequestBody == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				examples := []any{}
				if mt.Example != nil {
					examples = append(examples, mt.Example)
				}
				for _, ex := range mt.Examples {
					examples = append(examples, ex.Value.Value)
				}
				for _, ex := range examples {
					raw, _ := json.Marshal(ex)
					out = append(out, [4]string{method, target, "application/json", string(raw)})
				}
			}
		}
	}
	bind, unbind := bindPath(projectID, connID), unbindPath(projectID, connID)
	return append(out,
		[4]string{"POST", bind, "application/json", queuesBody("queue_a", "queue_b")},
		[4]string{"POST", bind, "application/json", `{"queues":["queue_a","queue_a"],"elastic_resource_pools":["pool_a"]}`},
		[4]string{"POST", unbind, "application/json", queuesBody("queue_a")},
		[4]string{"POST", bind, "application/json", `{"queues":["no_such_queue"]}`},
		[4]string{"POST", bind, "application/json", `{"queues":"queue_a"}`},
		[4]string{"POST", bind, "application/json", `{"queues":[1,null,{}]}`},
		[4]string{"POST", bind, "application/json", `{"queues":["queue_a"]`},
		[4]string{"POST", bind, "application/json", `[]`},
		[4]string{"POST", bind, "application/json", `{}`},
		[4]string{"POST", bind, "text/plain", queuesBody("queue_a")},
		[4]string{"POST", bindPath(projectID, deletedID), "application/json", queuesBody("queue_a")},
		[4]string{"POST", bindPath(otherProject, connID), "application/json", queuesBody("queue_a")},
		[4]string{"POST", bindPath(projectID, "not-a-uuid"), "application/json", queuesBody("queue_a")},
		[4]string{"GET", bind, "", ""},
		[4]string{"DELETE", connPath(projectID, connID), "", ""},
		[4]string{"GET", connsPath(projectID) + "?limit=-1&offset=x&tags=a", "", ""},
		[4]string{"POST", connsPath(projectID), "application/json", `{"name":"n","dest_vpc_id":"v","dest_network_id":"n","queues":["queue_a"],"tags":[{"key":"k"}]}`},
		[4]string{"GET", "*", "", ""},
		[4]string{"GET", "/v2.0/%2F/datasource/enhanced-connections", "", ""},
		[4]string{"PUT", "/nowhere", "", ""},
	)
}

// bindingsOf is every connection's bindings, by project and connection.
func bindingsOf(t *testing.T, emu *Emulator) map[string][2][]string {
	t.Helper()
	out := map[string][2][]string{}
	for _, p := range emu.store.dump().Projects {
		for _, c := range p.Connections {
			q, pl, err := emu.Bindings(p.ID, c.ID)
			if err != nil {
				t.Fatalf("bindings of %s/%s: %v", p.ID, c.ID, err)
			}
			for _, names := range [][]string{q, pl} {
				if len(slices.Compact(slices.Clone(names))) != len(names) {
					t.Fatalf("%s/%s has a name bound twice: %v", p.ID, c.ID, names)
				}
			}
			out[p.ID+"/"+c.ID] = [2][]string{q, pl}
		}
	}
	return out
}

// FuzzServeHTTP sends one request to the emulator. Whatever the request, the emulator
// must not panic, must answer a status the contract declares for the operation (or
// for an undefined route), must answer in a way its contract accepts (no new entry in
// Violations), and must not lose or duplicate a binding: a refused request changes
// nothing, a bind only adds and an unbind only removes.
func FuzzServeHTTP(f *testing.F) {
	for _, r := range fuzzRequests(f) {
		f.Add(r[0], r[1], r[2], []byte(r[3]))
	}
	emu, err := New(Options{Tokens: []string{token}, RequestLog: -1})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target, contentType string, body []byte) {
		if _, err := http.NewRequest(method, "http://x/", nil); err != nil {
			return // net/http refuses such a method before any handler sees it
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return // likewise a target that is not a request URI
		}
		emu.Reset()
		before := bindingsOf(t, emu)
		violations := emu.ViolationCount()

		req := httptest.NewRequest("GET", "/", bytes.NewReader(body))
		req.Method, req.URL, req.RequestURI = method, u, target
		req.Header.Set("X-Auth-Token", token)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		w := httptest.NewRecorder()
		emu.ServeHTTP(w, req)

		if strings.HasPrefix(u.Path, adminPrefix) {
			return // the harness's endpoints: not the API, and free to change state
		}
		route := emu.contract.Route(contract.Request{Method: method, Target: target})
		if !route.Declares(w.Code) {
			t.Fatalf("%s %q → %d, not declared for operation %q: %s", method, target, w.Code, route.Operation(), w.Body)
		}
		if emu.ViolationCount() != violations {
			t.Fatalf("%s %q → %d violates the contract: %v", method, target, w.Code, emu.Violations()[len(emu.Violations())-1])
		}
		after := bindingsOf(t, emu)
		op := route.Operation()
		switch {
		case w.Code/100 != 2 || op == contract.OpList || op == contract.OpShow:
			if !reflect.DeepEqual(before, after) {
				t.Fatalf("%s %q → %d changed the bindings:\nbefore %v\nafter  %v", method, target, w.Code, before, after)
			}
		case op == contract.OpBind, op == contract.OpUnbind:
			for key, was := range before {
				now := after[key]
				for i := range 2 {
					grew, shrank := isSubset(was[i], now[i]), isSubset(now[i], was[i])
					if op == contract.OpBind && !grew || op == contract.OpUnbind && !shrank {
						t.Fatalf("%s %q → %d: %s went from %v to %v", method, target, w.Code, key, was[i], now[i])
					}
				}
			}
		}
	})
}

func isSubset(small, big []string) bool {
	for _, n := range small {
		if !slices.Contains(big, n) {
			return false
		}
	}
	return true
}

// FuzzParseSeed feeds the seed loader arbitrary data. A seed it accepts must survive
// the emulator's own copy (encode and parse again) unchanged and load into a store
// whose bindings are exactly the seed's.
func FuzzParseSeed(f *testing.F) {
	def, err := DefaultSeed()
	if err != nil {
		f.Fatal(err)
	}
	raw, _ := json.Marshal(def)
	f.Add(raw)
	f.Add([]byte(`{"projects":[{"id":"p","queues":[{"name":"q"}],"connections":[{"id":"2a620c33-5609-40c9-affd-2b6453071b0f","name":"c","status":"ACTIVE","dest_vpc_id":"2a620c33-5609-40c9-affd-2b6453071b0f","dest_network_id":"2a620c33-5609-40c9-affd-2b6453071b0f","create_time":1,"bound_queues":["q"]}]}]}`))
	f.Add([]byte(`{"projects":[]}`))
	f.Add([]byte(`{"projects":[{"id":"p"}]} trailing`))
	f.Add([]byte(`{"projects":[{"id":"p","queues":[{"name":"q"},{"name":"q"}]}]}`))
	f.Add([]byte(`{"projects":[{"id":"p","unknown":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ParseSeed(data)
		if err != nil {
			if s != nil {
				t.Fatalf("a seed with an error: %v", err)
			}
			return
		}
		again, err := copySeed(s)
		if err != nil {
			t.Fatalf("an accepted seed is refused on copy: %v", err)
		}
		// The copy may drop an empty list (omitempty); it must say the same.
		if was, now := mustJSON(t, s), mustJSON(t, again); was != now {
			t.Fatalf("the copy differs:\n%s\n%s", was, now)
		}
		st := newStore(s, func() time.Time { return time.UnixMilli(1) }, 0)
		for _, p := range s.Projects {
			for _, c := range p.Connections {
				q, pl, err := st.bindings(p.ID, c.ID)
				if err != nil {
					t.Fatalf("connection %s of the seed is missing: %v", c.ID, err)
				}
				if !slices.Equal(q, sorted(c.BoundQueues)) || !slices.Equal(pl, sorted(c.BoundElasticResourcePools)) {
					t.Fatalf("connection %s: bound %v %v, seed says %v %v", c.ID, q, pl, c.BoundQueues, c.BoundElasticResourcePools)
				}
			}
		}
	})
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func sorted(names []string) []string {
	out := slices.Clone(names)
	slices.Sort(out)
	if out == nil {
		out = []string{}
	}
	return out
}
