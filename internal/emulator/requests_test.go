package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// getRequests reads GET /_emulator/requests.
func (h *harness) getRequests() (requestsView, string) {
	h.t.Helper()
	r := h.send("GET", "/_emulator/requests", "", http.Header{}).expectStatus(h.t, http.StatusOK)
	var v requestsView
	if err := json.Unmarshal(r.raw, &v); err != nil {
		h.t.Fatalf("requests: %v\n%s", err, r.raw)
	}
	return v, string(r.raw)
}

func TestEveryAPIRequestIsRecordedWithItsValidation(t *testing.T) {
	h := newHarness(t)
	first := h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	h.do("GET", connsPath(projectID)+"?limit=5&status=active", "").expectStatus(t, http.StatusOK)
	h.do("GET", connPath(projectID, "not-a-uuid"), "").expectStatus(t, http.StatusBadRequest)
	h.do("POST", bindPath(projectID, connID), `{"queues":[1]}`).expectStatus(t, http.StatusBadRequest)
	h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), http.Header{}).expectStatus(t, http.StatusUnauthorized)
	h.do("PUT", bindPath(projectID, connID), "").expectStatus(t, http.StatusMethodNotAllowed)
	h.send("GET", "/_emulator/healthz", "", http.Header{}) // harness requests are not recorded

	v, _ := h.getRequests()
	want := []struct {
		method, path, query, body, op string
		status                        int
		violation                     string // "" when conformant
	}{
		{"POST", bindPath(projectID, connID), "", queuesBody("queue_a"), contract.OpBind, 200, ""},
		{"GET", connsPath(projectID), "limit=5&status=active", "", contract.OpList, 200, ""},
		{"GET", connPath(projectID, "not-a-uuid"), "", "", contract.OpShow, 400, `parameter "connection_id"`},
		{"POST", bindPath(projectID, connID), "", `{"queues":[1]}`, contract.OpBind, 400, "/queues/0"},
		{"POST", bindPath(projectID, connID), "", queuesBody("queue_a"), contract.OpBind, 401, "X-Auth-Token is missing"},
		{"PUT", bindPath(projectID, connID), "", "", "", 405, "no operation of the contract matches"},
	}
	if len(v.Requests) != len(want) || v.Seen != uint64(len(want)) || v.Capacity != defaultRequestLog {
		t.Fatalf("recorded %d of %d seen (capacity %d), want %d", len(v.Requests), v.Seen, v.Capacity, len(want))
	}
	for i, w := range want {
		got := v.Requests[i]
		if got.Seq != uint64(i+1) || got.Method != w.method || got.Path != w.path || got.Query != w.query ||
			got.Body != w.body || got.Operation != w.op || got.Status != w.status || got.Time.IsZero() {
			t.Errorf("request %d = %+v\nwant %+v", i, got, w)
		}
		switch joined := strings.Join(got.Violations, "; "); {
		case w.violation == "" && len(got.Violations) != 0:
			t.Errorf("request %d: violations %v, want none", i, got.Violations)
		case w.violation != "" && !strings.Contains(joined, w.violation):
			t.Errorf("request %d: violations %q do not mention %q", i, joined, w.violation)
		}
	}
	if id := v.Requests[0].RequestID; id == "" || id != first.header.Get("X-Request-Id") {
		t.Errorf("recorded request id %q, answered %q", id, first.header.Get("X-Request-Id"))
	}
	if v.Requests[0].Credentials != credsToken || v.Requests[4].Credentials != credsNone {
		t.Errorf("credentials %q and %q", v.Requests[0].Credentials, v.Requests[4].Credentials)
	}
}

// No recorded request, in Go or as JSON, shows a credential.
func TestRecordedRequestsNeverShowCredentials(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.KeyPairs = map[string]string{testAK: testSK} })
	const stsToken = "sts-SECRET-TOKEN-55aa"
	h.do("GET", connPath(projectID, connID), "").expectStatus(t, http.StatusOK)
	req, _ := http.NewRequest("POST", h.srv.URL+bindPath(projectID, connID), strings.NewReader(queuesBody("queue_a")))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", "session=cookie-SECRET")
	if err := (signer.Signer{Credentials: signer.Credentials{AK: testAK, SK: testSK, SecurityToken: stsToken}, Now: h.clock.Now}).
		Sign(req, []byte(queuesBody("queue_a"))); err != nil {
		t.Fatal(err)
	}
	sig := req.Header.Get("Authorization")
	h.sendRequest(req).expectStatus(t, http.StatusOK)

	v, raw := h.getRequests()
	for _, secret := range []string{token, testSK, stsToken, sig, strings.TrimPrefix(sig[strings.Index(sig, "Signature="):], "Signature="), "cookie-SECRET"} {
		if strings.Contains(raw, secret) || strings.Contains(fmt.Sprintf("%+v", h.emu.Requests()), secret) {
			t.Errorf("a recorded request shows %q", secret)
		}
	}
	signed := v.Requests[1]
	for _, name := range []string{"Authorization", "X-Security-Token", "Cookie"} {
		if signed.Header.Get(name) != Redacted {
			t.Errorf("%s = %q, want %s", name, signed.Header.Get(name), Redacted)
		}
	}
	if v.Requests[0].Header.Get("X-Auth-Token") != Redacted {
		t.Errorf("X-Auth-Token = %q", v.Requests[0].Header.Get("X-Auth-Token"))
	}
	if strings.Join(signed.SignedHeaders, ";") != "cookie;x-sdk-date;x-security-token" {
		t.Errorf("signed headers %v", signed.SignedHeaders)
	}
}

func TestTheRequestLogIsARing(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RequestLog = 3 })
	for i := range 5 {
		h.do("GET", connsPath(projectID)+fmt.Sprintf("?offset=%d", i), "").expectStatus(t, http.StatusOK)
	}
	v, _ := h.getRequests()
	if len(v.Requests) != 3 || v.Seen != 5 || v.Capacity != 3 {
		t.Fatalf("kept %d of %d (capacity %d)", len(v.Requests), v.Seen, v.Capacity)
	}
	for i, r := range v.Requests {
		if r.Seq != uint64(i+3) || r.Query != fmt.Sprintf("offset=%d", i+2) {
			t.Errorf("entry %d = seq %d query %q", i, r.Seq, r.Query)
		}
	}
	h.send("DELETE", "/_emulator/requests", "", http.Header{}).expectStatus(t, http.StatusOK)
	if v, _ := h.getRequests(); len(v.Requests) != 0 || v.Seen != 5 {
		t.Errorf("after DELETE: %d kept, %d seen", len(v.Requests), v.Seen)
	}
	h.do("GET", connsPath(projectID), "")
	if r := h.emu.Requests(); len(r) != 1 || r[0].Seq != 6 {
		t.Errorf("after one more: %+v", r)
	}
}

func TestRequestLogCanBeOff(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RequestLog = -1 })
	h.do("GET", connsPath(projectID), "").expectStatus(t, http.StatusOK)
	if v, _ := h.getRequests(); len(v.Requests) != 0 || v.Capacity != 0 {
		t.Errorf("recorded %+v with the log off", v)
	}
}

func TestLargeBodiesAreRecordedCut(t *testing.T) {
	h := newHarness(t)
	body := `{"queues":["queue_a"],"pad":"` + strings.Repeat("x", MaxRecordedBody) + `"}`
	h.do("POST", bindPath(projectID, connID), body).expectStatus(t, http.StatusOK)
	r := h.emu.Requests()[0]
	if !r.BodyTruncated || len(r.Body) != MaxRecordedBody || len(r.Violations) != 0 {
		t.Errorf("truncated %t, %d bytes kept, violations %v", r.BodyTruncated, len(r.Body), r.Violations)
	}
}

func TestSeedEndpointReplacesTheSeed(t *testing.T) {
	h := newHarness(t)
	seed := `{"projects":[{"id":"p1","queues":[{"name":"only_queue"}],"connections":[` +
		`{"id":"11111111-2222-4333-8444-555555555555","name":"posted","status":"ACTIVE",` +
		`"dest_vpc_id":"11111111-2222-4333-8444-555555555556","dest_network_id":"11111111-2222-4333-8444-555555555557","create_time":1}]}]}`
	h.send("POST", "/_emulator/seed", seed, http.Header{}).expectStatus(t, http.StatusOK)
	const posted = "11111111-2222-4333-8444-555555555555"
	h.do("GET", connPath(projectID, connID), "").expectError(t, http.StatusBadRequest, codeParam, "does not exist")
	h.do("POST", bindPath("p1", posted), queuesBody("only_queue")).expectStatus(t, http.StatusOK)
	// Reset returns to the posted seed, not to the one the emulator started with.
	h.send("POST", "/_emulator/reset", "", http.Header{}).expectStatus(t, http.StatusOK)
	h.expectBindings("p1", posted, nil, nil)

	for name, bad := range map[string]struct{ body, mentions string }{
		"not JSON":       {`{"projects":`, "decode seed"},
		"unknown field":  {`{"projects":[{"id":"p1"}],"extra":1}`, "unknown field"},
		"no projects":    {`{"projects":[]}`, "projects"},
		"unbound queue":  {strings.Replace(seed, `"create_time":1`, `"create_time":1,"bound_queues":["nope"]`, 1), "bound_queues[0]"},
		"bad project id": {`{"projects":[{"id":"a/b"}]}`, "projects[0].id"},
	} {
		t.Run(name, func(t *testing.T) {
			h.send("POST", "/_emulator/seed", bad.body, http.Header{}).expectError(t, http.StatusBadRequest, codeParam, bad.mentions)
			h.expectBindings("p1", posted, nil, nil)
		})
	}
}

func TestAdminMethodsAreChecked(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"GET", "/_emulator/seed", "POST"},
		{"PUT", "/_emulator/requests", "DELETE, GET"},
		{"DELETE", "/_emulator/state", "GET"},
	} {
		r := h.send(tc.method, tc.path, "", http.Header{})
		r.expectError(t, http.StatusMethodNotAllowed, codeNoAPI)
		if r.header.Get("Allow") != tc.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tc.method, tc.path, r.header.Get("Allow"), tc.allow)
		}
	}
}

func TestAnOversizeBodyIsNotedNotChecked(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.MaxBodyBytes = 16 })
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a", "queue_b")).expectStatus(t, http.StatusRequestEntityTooLarge)
	r := h.emu.Requests()[0]
	if len(r.Violations) != 0 || !strings.Contains(r.Note, "not checked") || !r.BodyTruncated || r.Status != 413 {
		t.Errorf("recorded %+v", r)
	}
}
