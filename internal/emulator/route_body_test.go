package emulator

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// An operation that takes no body does not declare 413: a body over the limit is read
// no further and ignored, and the request is answered as without it.
func TestOversizeBodyIsIgnoredWhereTheOperationTakesNone(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.MaxBodyBytes = 64 })
	big := strings.Repeat("x", 4096)
	cases := []struct{ method, path string }{
		{"GET", connPath(projectID, connID)},
		{"GET", connsPath(projectID)},
		{"DELETE", connPath(projectID, connID)},
	}
	for _, tc := range cases {
		r := h.do(tc.method, tc.path, big)
		r.expectStatus(t, http.StatusOK)
		if r.body["is_success"] != true {
			t.Errorf("%s %s with a large body: %s", tc.method, tc.path, r.raw)
		}
	}
	rec := h.emu.Requests()
	if last := rec[len(rec)-1]; !strings.Contains(last.Note, "ignored") || !last.BodyTruncated {
		t.Errorf("the record does not say the body was ignored: note %q, truncated %v", last.Note, last.BodyTruncated)
	}
	// Where 413 is declared, it is still answered.
	h.do("POST", bindPath(projectID, otherConnID), `{"queues":["`+big+`"]}`).expectError(t, http.StatusRequestEntityTooLarge, codeRequest)
}

// The default limit applies the same way: a GET with a 2 MiB body is answered 200.
func TestDefaultLimitIgnoresALargeBodyOfAGet(t *testing.T) {
	h := newHarness(t)
	h.do("GET", connPath(projectID, connID), strings.Repeat("y", 2<<20)).expectStatus(t, http.StatusOK)
}

// A signature covers the body; one that was not read whole cannot be verified, so a
// signed GET with an oversize body is refused as the gateway refuses a bad signature.
func TestSignedOversizeBodyWithoutADeclared413Is401(t *testing.T) {
	h := newHarness(t, withKeys, func(o *Options) { o.MaxBodyBytes = 64 })
	req := h.signed("GET", connPath(projectID, connID), strings.Repeat("z", 200), goodKeys, 0)
	h.sendRequest(req).expectError(t, http.StatusUnauthorized, codeIAMToken)
	h.sendRequest(h.signed("GET", connPath(projectID, connID), "", goodKeys, 0)).expectStatus(t, http.StatusOK)
}

// The asterisk target of OPTIONS-style requests names no path: it is answered as an
// undefined route, and that answer is no violation of the emulator's own (the
// harness's cleanup checks Violations).
func TestAsteriskTargetIsAnUndefinedRoute(t *testing.T) {
	h := newHarness(t)
	for _, method := range []string{"GET", "OPTIONS", "POST"} {
		req := httptest.NewRequest(method, "*", nil)
		req.Header.Set("X-Auth-Token", token)
		w := httptest.NewRecorder()
		h.emu.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound {
			t.Errorf("%s *: status %d, want 404: %s", method, w.Code, w.Body)
		}
	}
	// Over the wire as well.
	conn, err := net.Dial("tcp", h.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "GET * HTTP/1.1\r\nHost: x\r\nX-Auth-Token: "+token+"\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET * over loopback: status %d, want 404", resp.StatusCode)
	}
	if n := h.emu.ViolationCount(); n != 0 {
		t.Errorf("GET * recorded %d violations: %v", n, h.emu.Violations())
	}
}
