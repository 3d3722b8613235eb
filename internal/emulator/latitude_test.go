package emulator

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func TestLatitudeChoicesAllApply(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range LatitudeChoices {
		if seen[c.Name] {
			t.Errorf("%s is listed twice", c.Name)
		}
		seen[c.Name] = true
		if len(c.Values) < 2 || c.Usage == "" {
			t.Errorf("%s: want at least two values and a usage", c.Name)
		}
		changed := false
		for _, v := range c.Values {
			var l Latitude
			if err := c.Apply(&l, v); err != nil {
				t.Errorf("%s=%s: %v", c.Name, v, err)
				continue
			}
			if err := l.validate(); err != nil {
				t.Errorf("%s=%s gives an invalid latitude: %v", c.Name, v, err)
			}
			if _, err := New(Options{Tokens: []string{token}, Latitude: l}); err != nil {
				t.Errorf("%s=%s: New: %v", c.Name, v, err)
			}
			changed = changed || !reflect.DeepEqual(l, Latitude{})
		}
		if !changed {
			t.Errorf("%s: no value changes the Latitude", c.Name)
		}
		var l Latitude
		if err := c.Apply(&l, "bogus"); err == nil {
			t.Errorf("%s accepts the value bogus", c.Name)
		}
	}
	if !slices.Equal(LatitudeNames(), slices.Collect(func(yield func(string) bool) {
		for _, c := range LatitudeChoices {
			if !yield(c.Name) {
				return
			}
		}
	})) {
		t.Error("LatitudeNames is not the names of LatitudeChoices")
	}
	var l Latitude
	if err := ApplyLatitude(&l, "no-such-option", "1"); err == nil || !strings.Contains(err.Error(), "either-way") {
		t.Errorf("an unknown option: err = %v, want one listing the names", err)
	}
}

func TestNewRefusesAnInvalidLatitude(t *testing.T) {
	for _, l := range []Latitude{
		{NonJSONStatus: 418}, {UnroutedMethodStatus: 400}, {BindAgainStatus: 409}, {EitherWay: "maybe"},
		{ExtraFields: "drop"}, {ErrorCodeChoice: -1}, {OtherProjectStatus: 500}, {VisibilityDelay: -time.Second},
		{ThrottleEvery: -1}, {ThrottleRetryAfter: "soon"}, {NonCanonicalPath: "302"},
		{ContentTypeCharset: true, PlainContentType: true},
	} {
		if _, err := New(Options{Tokens: []string{token}, Latitude: l}); err == nil || !strings.Contains(err.Error(), "latitude") {
			t.Errorf("%+v: err = %v, want a latitude error", l, err)
		}
	}
}

// TestEveryLatitudeValueConforms drives a short session under every option and value
// and fails (through the harness) on any answer that departs from the contract.
func TestEveryLatitudeValueConforms(t *testing.T) {
	for _, c := range LatitudeChoices {
		for _, v := range c.Values {
			t.Run(c.Name+"="+v, func(t *testing.T) {
				var l Latitude
				if err := c.Apply(&l, v); err != nil {
					t.Fatal(err)
				}
				h := newHarness(t, withLatitude(l), withDelay(time.Second))
				hdr := http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json"}, "Accept-Encoding": {"gzip"}}
				steps := []struct{ method, path, body string }{
					{"POST", bindPath(projectID, connID), queuesBody("queue_a")},
					{"POST", bindPath(projectID, connID), queuesBody("queue_a")},
					{"POST", bindPath(projectID, connID), `{}`},
					{"POST", bindPath(projectID, connID), `{"queues":["queue_b"],"extra":1}`},
					{"POST", bindPath(projectID, connID), queuesBody("nope")},
					{"POST", bindPath(projectID, unknownID), queuesBody("queue_a")},
					{"POST", bindPath(projectID, deletedID), queuesBody("queue_a")},
					{"POST", bindPath(projectID, otherConnID), queuesBody("queue_a")},
					{"GET", connPath(projectID, otherConnID), ""},
					{"GET", connPath(projectID, connID), ""},
					{"GET", connsPath(projectID), ""},
					{"GET", bindPath(projectID, connID), ""},
					{"POST", unbindPath(projectID, connID), queuesBody("queue_a")},
				}
				for _, s := range steps {
					h.raw(nil, s.method, s.path, s.body, hdr.Clone())
				}
				h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_c"), http.Header{"X-Auth-Token": {"wrong"}})
				h.raw(nil, "POST", bindPath(projectID, connID), queuesBody("queue_c"), http.Header{"X-Auth-Token": {token}, "Content-Type": {"text/plain"}})
			})
		}
	}
}

func TestNonJSONStatusChoice(t *testing.T) {
	for _, tc := range []struct {
		l      Latitude
		status int
	}{{Latitude{}, 415}, {Latitude{NonJSONStatus: 415}, 415}, {Latitude{NonJSONStatus: 400}, 400}} {
		h := newHarness(t, withLatitude(tc.l))
		hdr := http.Header{"X-Auth-Token": {token}, "Content-Type": {"text/plain"}}
		h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), hdr).expectError(t, tc.status, codeParam, "application/json")
		h.expectBindings(projectID, connID, nil, nil)
	}
}

func TestUnroutedMethodStatusChoice(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{UnroutedMethodStatus: 404}))
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		r := h.do(m, bindPath(projectID, connID), "")
		r.expectError(t, http.StatusNotFound, codeNoAPI)
		if a := r.header.Get("Allow"); a != "" {
			t.Errorf("%s: a 404 has Allow %q", m, a)
		}
	}
	newHarness(t).do("GET", bindPath(projectID, connID), "").expectError(t, http.StatusMethodNotAllowed, codeNoAPI)
}

func TestBindAgainStatusChoice(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{BindAgainStatus: 400}))
	h.bind("queue_a")
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_b", "queue_a")).expectError(t, http.StatusBadRequest, codeParam, "queue_a", "already bound")
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)

	h = newHarness(t, withLatitude(Latitude{BindAgainStatus: 200}))
	h.bind("queue_a")
	h.bind("queue_a")
	if got := h.listedQueues(false); !slices.Equal(got, []string{"queue_a"}) {
		t.Errorf("after binding queue_a twice show lists %v", got)
	}
}

func TestEitherWayChoice(t *testing.T) {
	bodies := []string{`{}`, `{"queues":[]}`, `{"queues":null}`, `{"queues":[],"elastic_resource_pools":[]}`, `{"elastic_resource_pools":null}`}
	for _, way := range []string{"", "reject", "accept", "decline"} {
		h := newHarness(t, withLatitude(Latitude{EitherWay: way}))
		for _, b := range bodies {
			r := h.do("POST", bindPath(projectID, connID), b)
			switch way {
			case "", "reject":
				r.expectError(t, http.StatusBadRequest, codeParam, "At least one")
			case "accept":
				if r.expectStatus(t, http.StatusOK).body["is_success"] != true {
					t.Errorf("accept %s: %s", b, r.raw)
				}
			case "decline":
				if r.expectStatus(t, http.StatusOK).body["is_success"] != false || r.body["message"] == "" {
					t.Errorf("decline %s: %s, want is_success false and a message", b, r.raw)
				}
			}
		}
		h.expectBindings(projectID, connID, nil, nil)
		// The connection is still checked first.
		h.do("POST", bindPath(projectID, unknownID), `{}`).expectError(t, http.StatusBadRequest, codeParam, unknownID)
	}
}

func TestExtraFieldsChoice(t *testing.T) {
	body := `{"queues":["queue_a"],"priority":1}`
	h := newHarness(t, withLatitude(Latitude{ExtraFields: "reject"}))
	h.do("POST", bindPath(projectID, connID), body).expectError(t, http.StatusBadRequest, codeParam, "priority")
	h.expectBindings(projectID, connID, nil, nil)
	h.bind("queue_a") // no extra field: bound as usual

	for _, l := range []Latitude{{}, {ExtraFields: "accept"}} {
		h := newHarness(t, withLatitude(l))
		h.do("POST", bindPath(projectID, connID), body).expectStatus(t, http.StatusOK)
		h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
	}
}

func TestErrorCodeChoice(t *testing.T) {
	want := map[int]struct{ conn, deleted, queue, auth string }{
		0: {"DLI.0001", "DLI.0001", "DLI.0002", "APIG.0301"},
		1: {"DLI.0002", "DLI.0002", "DLI.0001", "APIGW.0301"},
		2: {"DLI.0001", "DLI.0012", "DLI.0008", "DLI.0013"},
		3: {"DLI.0002", "DLI.0001", "DLI.0002", "DLI.0014"},
	}
	for n, w := range want {
		h := newHarness(t, withLatitude(Latitude{ErrorCodeChoice: n}))
		h.do("POST", bindPath(projectID, unknownID), queuesBody("queue_a")).expectError(t, 400, w.conn, unknownID)
		h.do("POST", bindPath(projectID, deletedID), queuesBody("queue_a")).expectError(t, 400, w.deleted, deletedID)
		h.do("POST", bindPath(projectID, connID), queuesBody("nope")).expectError(t, 400, w.queue, "nope")
		h.do("POST", bindPath(projectID, connID), `{"elastic_resource_pools":["nope"]}`).expectError(t, 400, w.queue, "nope")
		h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), http.Header{"X-Auth-Token": {"wrong"}}).expectError(t, 401, w.auth)
		h.expectBindings(projectID, connID, nil, nil)
	}
}

// TestAuthCodesAreDocumentedWith401 keeps the 401 alternatives to the codes the
// reference documents with status 401 (DLI.0015 is a 400).
func TestAuthCodesAreDocumentedWith401(t *testing.T) {
	for _, c := range codesAuth {
		if c == "DLI.0015" {
			t.Errorf("%s is documented with 400, not 401", c)
		}
		if !contract.IsErrorCode(c) {
			t.Errorf("%s is not of a documented form", c)
		}
	}
}

func TestOtherProjectStatusChoice(t *testing.T) {
	for _, st := range []int{0, 400, 401, 403, 404} {
		h := newHarness(t, withLatitude(Latitude{OtherProjectStatus: st}))
		want := st
		if st == 0 {
			want = 400
		}
		for _, r := range []reply{
			h.do("POST", bindPath(projectID, otherConnID), queuesBody("queue_a")),
			h.do("POST", unbindPath(projectID, otherConnID), queuesBody("other_queue")),
			h.do("GET", connPath(projectID, otherConnID), ""),
			h.do("DELETE", connPath(projectID, otherConnID), ""),
		} {
			r.expectStatus(t, want)
			if code, _ := r.body["error_code"].(string); !contract.IsErrorCode(code) {
				t.Errorf("status %d: error_code %q", want, code)
			}
		}
		// An id no project has is still the usual 400.
		h.do("GET", connPath(projectID, unknownID), "").expectError(t, 400, codeParam, unknownID)
		h.expectBindings(otherProject, otherConnID, []string{"other_queue"}, nil)
	}
}

func TestVisibilityDelayHidesNewBindings(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{VisibilityDelay: 5 * time.Second}), withDelay(time.Second))
	h.bind("queue_a")
	for _, fromList := range []bool{false, true} {
		if got := h.listedQueues(fromList); len(got) != 0 {
			t.Errorf("list=%v right after the bind: %v, want nothing yet", fromList, got)
		}
	}
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
	h.clock.Advance(5 * time.Second)
	for _, fromList := range []bool{false, true} {
		if got := h.listedQueues(fromList); !slices.Equal(got, []string{"queue_a"}) {
			t.Errorf("list=%v after the delay: %v, want queue_a", fromList, got)
		}
	}
	p := peers(t, h.do("GET", connPath(projectID, connID), "").body, "available_queue_info")["queue_a"]
	if p["status"] != "ACTIVE" {
		t.Errorf("queue_a = %v, want ACTIVE once visible (activation took 1s)", p)
	}
}

func TestFailBindingsFailsEveryNewBinding(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{FailBindings: true}))
	h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"elastic_resource_pools":["pool_a"]}`).expectStatus(t, 200)
	show := h.do("GET", connPath(projectID, connID), "").body
	for _, f := range []string{"available_queue_info", "elastic_resource_pools"} {
		for name, p := range peers(t, show, f) {
			if p["status"] != "FAILED" || p["err_msg"] == "" {
				t.Errorf("%s %s = %v, want FAILED with an err_msg", f, name, p)
			}
		}
	}
	p := peers(t, newHarnessShow(t), "available_queue_info")
	if len(p) != 0 {
		t.Errorf("a fresh emulator lists %v", p)
	}
}

func newHarnessShow(t *testing.T) map[string]any {
	return newHarness(t).do("GET", connPath(projectID, connID), "").body
}

func TestForeignBindingsExistAtStartAndAfterReset(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{ForeignBindings: true}))
	check := func(when string) {
		h.expectBindings(projectID, connID, []string{foreignQueue}, []string{foreignPool})
		h.expectBindings(otherProject, otherConnID, []string{foreignQueue, "other_queue"}, []string{foreignPool})
		h.expectBindings(projectID, deletedID, nil, nil)
		show := h.do("GET", connPath(projectID, connID), "").body
		if p := peers(t, show, "available_queue_info")[foreignQueue]; p["status"] != "ACTIVE" {
			t.Errorf("%s: %s = %v, want ACTIVE", when, foreignQueue, p)
		}
	}
	check("at start")
	h.bind("queue_a")
	h.expectBindings(projectID, connID, []string{foreignQueue, "queue_a"}, []string{foreignPool})
	h.emu.Reset()
	check("after reset")
	if err := h.emu.SetSeed(mustDefaultSeed(t)); err != nil {
		t.Fatal(err)
	}
	check("after a new seed")
}

func mustDefaultSeed(t *testing.T) *Seed {
	s, err := DefaultSeed()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestThrottleEveryNthRequest(t *testing.T) {
	for _, ra := range []string{"", "0", "1"} {
		h := newHarness(t, withLatitude(Latitude{ThrottleEvery: 3, ThrottleRetryAfter: ra}))
		var throttled []int
		for i, q := range []string{"queue_a", "queue_b", "queue_c", "queue_fails", "queue_a", "queue_c"} {
			r := h.do("POST", bindPath(projectID, connID), queuesBody(q))
			if r.status == http.StatusTooManyRequests {
				throttled = append(throttled, i+1)
				r.expectError(t, 429, codeThrottled)
				want := ra
				if want == "" {
					want = "1"
				}
				if got := r.header.Get("Retry-After"); got != want {
					t.Errorf("Retry-After = %q, want %q", got, want)
				}
			}
		}
		if !slices.Equal(throttled, []int{3, 6}) {
			t.Errorf("throttled requests %v, want 3 and 6", throttled)
		}
		h.expectBindings(projectID, connID, []string{"queue_a", "queue_b", "queue_fails"}, nil)
	}
}

func TestContentTypeChoice(t *testing.T) {
	for _, tc := range []struct {
		l    Latitude
		want string
	}{{Latitude{}, "application/json;charset=UTF-8"}, {Latitude{ContentTypeCharset: true}, "application/json;charset=UTF-8"}, {Latitude{PlainContentType: true}, "application/json"}} {
		h := newHarness(t, withLatitude(tc.l))
		for _, r := range []reply{
			h.raw(nil, "GET", connPath(projectID, connID), "", nil),
			h.raw(nil, "POST", bindPath(projectID, unknownID), queuesBody("queue_a"), nil),
		} {
			if got := r.header.Get("Content-Type"); got != tc.want {
				t.Errorf("%+v: Content-Type %q, want %q", tc.l, got, tc.want)
			}
		}
	}
	// The plain media type is one the contract declares.
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	req := contract.Request{Method: "GET", Target: connPath(projectID, unknownID), Header: http.Header{"X-Auth-Token": {token}}}
	resp := contract.Response{Status: 400, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"error_code":"DLI.0001","error_msg":"x"}`)}
	if err := c.CheckResponse(t.Context(), req, resp); err != nil {
		t.Errorf("application/json without charset: %v", err)
	}
}

func TestChunkedAnswers(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{Chunked: true}))
	req, _ := http.NewRequest("GET", h.srv.URL+connPath(projectID, connID), nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if !slices.Equal(resp.TransferEncoding, []string{"chunked"}) || resp.ContentLength != -1 {
		t.Errorf("TransferEncoding %v ContentLength %d, want chunked", resp.TransferEncoding, resp.ContentLength)
	}
	if !json.Valid(body) {
		t.Errorf("body %s", body)
	}
	plain := newHarness(t).raw(nil, "GET", connPath(projectID, connID), "", nil)
	if plain.header.Get("Content-Length") == "" {
		t.Error("without Chunked an answer has no Content-Length")
	}
}

func TestGzipAnswers(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{Gzip: true}))
	r := h.raw(nil, "GET", connPath(projectID, connID), "", http.Header{"X-Auth-Token": {token}, "Accept-Encoding": {"gzip"}})
	if r.header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", r.header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.raw))
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := io.ReadAll(zr)
	var body map[string]any
	if err := json.Unmarshal(plain, &body); err != nil || body["id"] != connID {
		t.Errorf("decompressed body %s (%v)", plain, err)
	}
	// Not asked for gzip: not compressed.
	noGzip := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	r = h.raw(noGzip, "GET", connPath(projectID, connID), "", http.Header{"X-Auth-Token": {token}})
	if r.header.Get("Content-Encoding") != "" || r.body["id"] != connID {
		t.Errorf("without Accept-Encoding: Content-Encoding %q body %s", r.header.Get("Content-Encoding"), r.raw)
	}
}

func TestConnectionClose(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{ConnectionClose: true}))
	req, _ := http.NewRequest("GET", h.srv.URL+connPath(projectID, connID), nil)
	req.Header.Set("X-Auth-Token", token)
	resp, err := h.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !resp.Close {
		t.Error("the answer does not close the connection")
	}
}

func TestExtraResponseFieldsEverywhere(t *testing.T) {
	h := newHarness(t, withLatitude(Latitude{ExtraResponseFields: true}))
	bound := h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, 200)
	show := h.do("GET", connPath(projectID, connID), "").expectStatus(t, 200)
	list := h.do("GET", connsPath(projectID), "").expectStatus(t, 200)
	refused := h.do("POST", bindPath(projectID, connID), queuesBody("nope"))
	denied := h.send("GET", connsPath(projectID), "", http.Header{})
	objects := []map[string]any{bound.body, show.body, list.body, refused.body, denied.body}
	objects = append(objects, show.body["available_queue_info"].([]any)[0].(map[string]any), show.body["hosts"].([]any)[0].(map[string]any))
	for _, c := range list.body["connections"].([]any) {
		objects = append(objects, c.(map[string]any))
	}
	for i, o := range objects {
		if _, has := o[ExtraResponseField]; !has {
			t.Errorf("object %d has no %s: %v", i, ExtraResponseField, o)
		}
	}
	if denied.body["request_id"] == nil {
		t.Errorf("the gateway's 401 lost its request_id: %v", denied.body)
	}
}

func TestNonCanonicalPathChoice(t *testing.T) {
	paths := []string{
		"/v2.0/" + projectID + "/datasource/enhanced-connections/" + connID + "//associate-queue",
		bindPath(projectID, connID) + "/",
		"/v2.0/" + projectID + "/datasource/./enhanced-connections/" + connID + "/associate-queue",
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, choice := range []string{"", "404", "301", "307", "308"} {
		clk := newClock()
		emu, err := New(Options{Tokens: []string{token}, Now: clk.Now, Latitude: Latitude{NonCanonicalPath: choice}})
		if err != nil {
			t.Fatal(err)
		}
		h := &harness{t: t, emu: emu, srv: newServer(t, emu), clock: clk}
		for _, p := range paths {
			r := h.raw(noFollow, "POST", p+"?x=1", queuesBody("queue_a"), nil)
			want, _ := strconv.Atoi(choice)
			if choice == "" {
				want = 404
			}
			if r.status != want {
				t.Errorf("%s %s: status %d, want %d", choice, p, r.status, want)
			}
			if want != 404 {
				if loc := r.header.Get("Location"); loc != bindPath(projectID, connID)+"?x=1" {
					t.Errorf("%s %s: Location %q", choice, p, loc)
				}
			}
		}
		h.expectBindings(projectID, connID, nil, nil)
		// A 3xx is a legal gateway answer the contract does not declare yet.
		declared := slices.Contains(emu.contract.UnroutedStatuses(), 308)
		for _, v := range emu.Violations() {
			if declared || choice == "" || choice == "404" || !strings.Contains(v, "→ "+choice) {
				t.Errorf("violation under %q: %s", choice, v)
			}
		}
		if !declared && choice != "" && choice != "404" && len(emu.Violations()) == 0 {
			t.Errorf("%s: the contract declares no 3xx, yet no violation was recorded", choice)
		}
	}
}
