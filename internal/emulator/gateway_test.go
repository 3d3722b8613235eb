package emulator

import (
	"net/http"
	"strings"
	"testing"
)

func TestNonJSONBodyIs415(t *testing.T) {
	h := newHarness(t)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
		hdr := http.Header{"X-Auth-Token": {token}}
		if ct != "" {
			hdr.Set("Content-Type", ct)
		}
		h.send("POST", bindPath(projectID, connID), `{"queues":["queue_a"]}`, hdr).
			expectError(t, http.StatusUnsupportedMediaType, codeParam, "application/json")
	}
	h.expectBindings(projectID, connID, nil, nil)
}

func TestJSONWithCharsetIsAccepted(t *testing.T) {
	h := newHarness(t)
	hdr := http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json; charset=utf-8"}}
	h.send("POST", bindPath(projectID, connID), queuesBody("queue_a")+"\n", hdr).expectStatus(t, http.StatusOK)
}

func TestUndefinedMethodIs405(t *testing.T) {
	h := newHarness(t)
	for _, m := range []string{"GET", "PUT", "DELETE", "PATCH"} {
		r := h.do(m, bindPath(projectID, connID), "")
		r.expectError(t, http.StatusMethodNotAllowed, codeNoAPI)
		if got := r.header.Get("Allow"); got != "POST" {
			t.Errorf("%s associate-queue: Allow = %q, want POST", m, got)
		}
	}
	r := h.do("PUT", connsPath(projectID), "")
	r.expectError(t, http.StatusMethodNotAllowed, codeNoAPI)
	if got := r.header.Get("Allow"); got != "GET, POST" {
		t.Errorf("PUT on the collection: Allow = %q", got)
	}
	h.expectBindings(projectID, connID, nil, nil)
}

func TestUnknownPathIs404(t *testing.T) {
	h := newHarness(t)
	for _, p := range []string{
		"/",
		"/v2.0/" + projectID + "/datasource/enhanced-connection/" + connID + "/associate-queue",
		bindPath(projectID, connID) + "/extra",
		connPath(projectID, connID) + "/associate-queues",
		"/v3/" + projectID + "/datasource/enhanced-connections",
		"/_emulator/nothing",
	} {
		h.do("POST", p, queuesBody("queue_a")).expectError(t, http.StatusNotFound, codeNoAPI, "does not exist")
	}
}

func TestMissingOrWrongTokenIs401WithRequestID(t *testing.T) {
	h := newHarness(t)
	cases := []struct {
		name    string
		header  http.Header
		message string
	}{
		{"no token", http.Header{"Content-Type": {"application/json"}}, msgNoToken},
		{"empty token", http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {""}}, msgNoToken},
		{"wrong token", http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {"not-" + token}}, msgWrongToken},
		{"AK/SK without key pairs", http.Header{"Content-Type": {"application/json"}, "Authorization": {"SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=00"}, "X-Sdk-Date": {"20260301T120000Z"}}, msgUnknownAK},
		{"another Authorization scheme", http.Header{"Content-Type": {"application/json"}, "Authorization": {"Bearer " + token}}, msgNoToken},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := h.send("POST", bindPath(projectID, connID), queuesBody("queue_a"), tc.header)
			r.expectError(t, http.StatusUnauthorized, codeIAMToken)
			if r.body["error_msg"] != tc.message {
				t.Errorf("error_msg = %v, want %q", r.body["error_msg"], tc.message)
			}
			if id, _ := r.body["request_id"].(string); !requestIDPattern.MatchString(id) || r.header.Get("X-Request-Id") != id {
				t.Errorf("request_id = %q, X-Request-Id = %q; want the same 32 hex digits", id, r.header.Get("X-Request-Id"))
			}
		})
	}
	h.expectBindings(projectID, connID, nil, nil)
}

func TestAnyConfiguredTokenIsAccepted(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.Tokens = []string{"first", "second"} })
	hdr := http.Header{"X-Auth-Token": {"second"}}
	h.send("GET", connPath(projectID, connID), "", hdr).expectStatus(t, http.StatusOK)
}

func TestOversizeBodyIs413(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.MaxBodyBytes = 64 })
	big := queuesBody("queue_a", strings.Repeat("q", 100))
	r := h.do("POST", bindPath(projectID, connID), big)
	r.expectError(t, http.StatusRequestEntityTooLarge, codeRequest, "too large")
	if id, _ := r.body["request_id"].(string); !requestIDPattern.MatchString(id) {
		t.Errorf("request_id = %q", id)
	}
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, []string{"queue_a"}, nil)
}

func TestDefaultBodyLimitIsOneMiB(t *testing.T) {
	h := newHarness(t)
	filler := strings.Repeat("x", 1<<20)
	h.do("POST", bindPath(projectID, connID), `{"queues":["queue_a"],"pad":"`+filler+`"}`).
		expectError(t, http.StatusRequestEntityTooLarge, codeRequest)
}

// The checks run in a fixed order, so a request that breaks two rules gets the first.
func TestChecksRunInGatewayOrder(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.MaxBodyBytes = 64 })
	big := `{"queues":["` + strings.Repeat("q", 100) + `"]}`
	cases := []struct {
		name, method, path, body string
		header                   http.Header
		status                   int
	}{
		{"route before token", "POST", "/nowhere", "", http.Header{}, http.StatusNotFound},
		{"method before token", "GET", bindPath(projectID, connID), "", http.Header{}, http.StatusMethodNotAllowed},
		{"token before size", "POST", bindPath(projectID, connID), big, http.Header{"Content-Type": {"application/json"}}, http.StatusUnauthorized},
		{"size before media type", "POST", bindPath(projectID, connID), big, http.Header{"X-Auth-Token": {token}, "Content-Type": {"text/plain"}}, http.StatusRequestEntityTooLarge},
		{"media type before contract", "POST", bindPath(projectID, "not-a-uuid"), `{}`, http.Header{"X-Auth-Token": {token}, "Content-Type": {"text/plain"}}, http.StatusUnsupportedMediaType},
		{"contract before semantics", "POST", bindPath(projectID, "not-a-uuid"), queuesBody("no_such_queue"), http.Header{"X-Auth-Token": {token}, "Content-Type": {"application/json"}}, http.StatusBadRequest},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h.send(tc.method, tc.path, tc.body, tc.header).expectStatus(t, tc.status)
		})
	}
}

func TestAdminEndpointsNeedNoToken(t *testing.T) {
	h := newHarness(t)
	if r := h.send("GET", "/_emulator/healthz", "", http.Header{}).expectStatus(t, http.StatusOK); r.body["status"] != "ok" {
		t.Errorf("healthz = %s", r.raw)
	}
	h.do("POST", bindPath(projectID, connID), queuesBody("queue_a")).expectStatus(t, http.StatusOK)

	st := h.send("GET", "/_emulator/state", "", http.Header{}).expectStatus(t, http.StatusOK)
	if st.body["profile"] != "huaweicloud" || !strings.Contains(string(st.raw), `"name":"queue_a","err_msg":""`) {
		t.Errorf("state does not show the binding: %s", st.raw)
	}
	projects, _ := st.body["projects"].([]any)
	if len(projects) != 2 {
		t.Errorf("state has %d projects, want 2", len(projects))
	}

	h.send("GET", "/_emulator/reset", "", http.Header{}).expectError(t, http.StatusMethodNotAllowed, codeNoAPI)
	h.send("POST", "/_emulator/reset", "", http.Header{}).expectStatus(t, http.StatusOK)
	h.expectBindings(projectID, connID, nil, nil)
}
