package sdkcheck

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/dli/v1/model"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/proxy"
)

// Each test here pins down one thing the SDK does that the contract does not expect
// or does not say, so that a new SDK version that changes it fails here first. The
// README's Compatibility section lists them.

func bindQueueA(id string) *model.AssociateQueueToEnhancedConnectionRequest {
	return &model.AssociateQueueToEnhancedConnectionRequest{ConnectionId: id,
		Body: &model.AssociateQueueToEnhancedConnectionRequestBody{Queues: &[]string{"queue_a"}}}
}

// Finding: JSON bodies end with a newline (encoding/json's Encoder), and that newline
// is part of the signed body hash. The contract accepts it: it is JSON whitespace.
func TestFindingBodiesEndWithANewline(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.AssociateQueueToEnhancedConnection(bindQueueA(connID)); err != nil {
		t.Fatal(err)
	}
	if body := h.last().Body; body != `{"queues":["queue_a"]}`+"\n" {
		t.Errorf("body %q", body)
	}
}

// Finding: Content-Type: application/json goes on every request, also on GET and
// DELETE, which have no body.
func TestFindingContentTypeOnBodylessRequests(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.client.DeleteEnhancedConnection(&model.DeleteEnhancedConnectionRequest{ConnectionId: connID}); err != nil {
		t.Fatal(err)
	}
	for _, rec := range h.emu.Requests() {
		if rec.Header.Get("Content-Type") != "application/json" || rec.Body != "" {
			t.Errorf("%s %s: Content-Type %q, body %q", rec.Method, rec.Path, rec.Header.Get("Content-Type"), rec.Body)
		}
	}
}

// Finding: X-Project-Id is always sent, equal to the credentials' project (which also
// fills the path), and it is signed together with User-Agent and X-Sdk-Date; Host
// and Content-Type are not signed. A proxy may therefore change Host but must not
// touch User-Agent. Because the header always equals the path's project, the
// gateway's 403 for a mismatch cannot be reached through the SDK.
func TestFindingProjectHeaderAndSignedHeaders(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.ShowEnhancedConnection(&model.ShowEnhancedConnectionRequest{ConnectionId: connID}); err != nil {
		t.Fatal(err)
	}
	rec := h.last()
	if rec.Header.Get("X-Project-Id") != projectID {
		t.Errorf("X-Project-Id %q", rec.Header.Get("X-Project-Id"))
	}
	if got := strings.Join(rec.SignedHeaders, ";"); got != "user-agent;x-project-id;x-sdk-date" {
		t.Errorf("signed headers %q", got)
	}
	if ua := rec.Header.Get("User-Agent"); !strings.HasPrefix(ua, "huaweicloud-usdk-go/3.0") {
		t.Errorf("User-Agent %q", ua)
	}
	if rec.Header.Get("Authorization") != emulator.Redacted {
		t.Errorf("Authorization recorded as %q", rec.Header.Get("Authorization"))
	}
}

// Finding: path parameters are substituted without escaping. A connection id holding
// a "/" changes the route, and an empty one leaves "//" in the path: both reach no
// operation, and the gateway answers 404 APIG.0101 where DLI would have answered a
// parameter error. Other characters (space, ?, #) are escaped by net/http when the
// request is written, so they stay inside the segment and the signature still
// verifies.
func TestFindingPathIdsAreNotEscaped(t *testing.T) {
	h := newHarness(t)
	h.allowViolations = true // these ids are deliberately not UUIDs
	for _, id := range []string{"a/b", ""} {
		_, err := h.client.AssociateQueueToEnhancedConnection(bindQueueA(id))
		serviceError(t, err, 404, "APIG.0101")
		rec := h.last()
		if rec.Operation != "" || !strings.Contains(rec.Path, "/enhanced-connections/"+id+"/associate-queue") {
			t.Errorf("id %q went to %s (operation %q)", id, rec.Path, rec.Operation)
		}
	}
	_, err := h.client.AssociateQueueToEnhancedConnection(bindQueueA("x y?z"))
	serviceError(t, err, 400, "DLI.0001", "Connection x y?z does not exist.")
	if rec := h.last(); rec.Path != "/v2.0/"+projectID+"/datasource/enhanced-connections/x%20y%3Fz/associate-queue" ||
		rec.Credentials != "aksk" || len(rec.Violations) == 0 {
		t.Errorf("recorded %+v", rec)
	}
}

// Finding: a request without Body sends no body, but still Content-Type. The
// contract allows it (the bind body is optional); DLI then has nothing to bind.
func TestFindingNilBodySendsNoBody(t *testing.T) {
	h := newHarness(t)
	_, err := h.client.AssociateQueueToEnhancedConnection(&model.AssociateQueueToEnhancedConnectionRequest{ConnectionId: connID})
	serviceError(t, err, 400, "DLI.0001", "At least one")
	if rec := h.last(); rec.Body != "" || rec.Header.Get("Content-Type") != "application/json" {
		t.Errorf("body %q, Content-Type %q", rec.Body, rec.Header.Get("Content-Type"))
	}
}

// Finding: the query string is built with its "=" trimmed at the end and before each
// "&", so an empty value goes out as a bare name: Name "" is sent as "name", not
// "name=". Both mean an empty value; the contract accepts it.
func TestFindingEmptyQueryValuesLoseTheirEquals(t *testing.T) {
	h := newHarness(t)
	if _, err := h.client.ListEnhancedConnections(&model.ListEnhancedConnectionsRequest{Name: ptr(""), Limit: ptr(int32(0))}); err != nil {
		t.Fatal(err)
	}
	if q := h.last().Query; q != "limit=0&name" {
		t.Errorf("query %q", q)
	}
}

// Finding: the SDK does not read is_success. A 200 with is_success false is a
// success to it; a caller must check *IsSuccess, as the Terraform provider does.
func TestFindingIsSuccessFalseIsNotAnError(t *testing.T) {
	stub := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"is_success":false,"message":"queue_a is busy"}`))
	}))
	defer stub.Close()
	resp, err := newClient(t, stub.URL, testAK, testSK).AssociateQueueToEnhancedConnection(bindQueueA(connID))
	if err != nil || *resp.IsSuccess || *resp.Message != "queue_a is busy" {
		t.Errorf("response %v, error %v", resp, err)
	}
}

// Finding: a connection reset surfaces as a transport error (*url.Error), not a
// ServiceResponseError, and is not retried: the SDK retries only DNS and certificate
// errors, and only when given several endpoints.
func TestFindingResetsAreNotRetried(t *testing.T) {
	h := newHarness(t, func(o *emulator.Options) {
		o.Chaos = []emulator.ChaosRule{{Operation: contract.OpBind, ResetRate: 1}}
	})
	_, err := h.client.AssociateQueueToEnhancedConnection(bindQueueA(connID))
	var se *sdkerr.ServiceResponseError
	var ue *url.Error
	if errors.As(err, &se) || !errors.As(err, &ue) {
		t.Errorf("error %T %v, want a *url.Error", err, err)
	}
	if recs := h.emu.Requests(); len(recs) != 1 || recs[0].Fault != "reset" {
		t.Errorf("recorded %+v, want one reset request", recs)
	}
}

// The SDK through the validating proxy: the signature survives the proxy (Host is not
// signed) and the proxy finds nothing wrong on either side.
func TestSDKThroughTheValidatingProxy(t *testing.T) {
	h := newHarness(t)
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(h.srv.URL)
	p, err := proxy.New(proxy.Options{Upstream: u, Contract: c})
	if err != nil {
		t.Fatal(err)
	}
	front := httptest.NewServer(p)
	defer front.Close()
	client := newClient(t, front.URL, testAK, testSK)
	for _, call := range sdkCalls {
		if err := call.invoke(client, nil); err != nil {
			t.Errorf("%s through the proxy: %v", call.op, err)
		}
		if err := call.invoke(client, map[string]string{"Prefer": "code=500"}); err == nil {
			t.Errorf("%s with Prefer code=500 through the proxy succeeded", call.op)
		}
	}
	// The proxy files an exchange just after its answer has gone: wait for the
	// last one.
	for deadline := time.Now().Add(5 * time.Second); p.Summary().Exchanges < 2*len(sdkCalls) && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if s := p.Summary(); s.Exchanges != 2*len(sdkCalls) || s.RequestViolations+s.ResponseViolations+s.UpstreamErrors != 0 {
		t.Errorf("proxy summary %+v", s)
	}
}
