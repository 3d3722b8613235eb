package contract

import (
	"context"
	"fmt"
	"net/http"
	"testing"
)

// memoCases are exchanges that differ only in what a check reads: credentials,
// media type, body, status, a declared response header.
func memoCases() ([]Request, []Response) {
	signed := http.Header{"Content-Type": {"application/json"}, "Authorization": {"SDK-HMAC-SHA256 Access=a, SignedHeaders=x, Signature=s"}}
	signedNoDate := signed.Clone()
	signed.Set("X-Sdk-Date", "20260101T000000Z")
	other := jsonHeader(true)
	other.Set("X-Auth-Token", "another token")
	reqs := []Request{
		{Method: "POST", Target: bindPath, Header: jsonHeader(true), Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: other, Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: jsonHeader(false), Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: signed, Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: signedNoDate, Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: http.Header{"Content-Type": {"text/plain"}, "X-Auth-Token": {"t"}}, Body: []byte(`{"queues":["q1"]}`)},
		{Method: "POST", Target: bindPath, Header: jsonHeader(true), Body: []byte(`{"queues":"q1"}`)},
		{Method: "POST", Target: bindPath, Header: jsonHeader(true)},
		{Method: "GET", Target: "/v2.0/p/datasource/enhanced-connections?limit=-1", Header: jsonHeader(true)},
		{Method: "GET", Target: "/v2.0/p/datasource/enhanced-connections?limit=1", Header: jsonHeader(true)},
	}
	json := http.Header{"Content-Type": {"application/json"}}
	withRetry := json.Clone()
	withRetry.Set("Retry-After", "-1")
	resps := []Response{
		{Status: 200, Header: json, Body: []byte(`{"is_success":true,"message":""}`)},
		{Status: 200, Header: json, Body: []byte(`{"is_success":"yes","message":""}`)},
		{Status: 200, Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(`{"is_success":true,"message":""}`)},
		{Status: 400, Header: json, Body: []byte(`{"error_code":"DLI.0001","error_msg":"x"}`)},
		{Status: 418, Header: json, Body: []byte(`{}`)},
		{Status: 429, Header: json, Body: []byte(`{"error_code":"APIG.0308","error_msg":"x"}`)},
		{Status: 429, Header: withRetry, Body: []byte(`{"error_code":"APIG.0308","error_msg":"x"}`)},
	}
	return reqs, resps
}

func verdictText(err error) string {
	if err == nil {
		return "conforms"
	}
	return err.Error()
}

func TestRememberedVerdictsAreTheVerdictsOfAFreshCheck(t *testing.T) {
	memo := mustLoad(t, HuaweiCloud)
	if memo.memo == nil {
		t.Fatal("the contract keeps no verdicts")
	}
	fresh := mustLoad(t, HuaweiCloud)
	fresh.memo = nil
	ctx := context.Background()
	reqs, resps := memoCases()
	distinct := map[string]bool{}
	for round := range 2 { // the first fills the memo, the second reads it
		for _, r := range reqs {
			want, got := verdictText(fresh.CheckRequest(ctx, r)), verdictText(memo.CheckRequest(ctx, r))
			if got != want {
				t.Errorf("round %d: %s %s %v %s: remembered %q, fresh %q", round, r.Method, r.Target, r.Header, r.Body, got, want)
			}
			distinct[want] = true
			for _, resp := range resps {
				want, got := verdictText(fresh.CheckResponse(ctx, r, resp)), verdictText(memo.CheckResponse(ctx, r, resp))
				if got != want {
					t.Errorf("round %d: %s %s → %d %v %s: remembered %q, fresh %q", round, r.Method, r.Target, resp.Status, resp.Header, resp.Body, got, want)
				}
				distinct[want] = true
			}
		}
	}
	if len(distinct) < 6 {
		t.Errorf("the cases give %d distinct verdicts; they should tell the keys apart", len(distinct))
	}
}

func TestARememberedVerdictIsTheCallersToChange(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	r := Request{Method: "POST", Target: bindPath, Header: jsonHeader(false), Body: []byte(`{"queues":"q1"}`)}
	first := c.CheckRequest(context.Background(), r)
	v, ok := first.(*Violations)
	if !ok || len(v.Items) == 0 {
		t.Fatalf("CheckRequest = %v, want violations", first)
	}
	want := first.Error()
	v.Items[0] = "changed by the caller"
	if again := c.CheckRequest(context.Background(), r); again == nil || again.Error() != want {
		t.Errorf("after the caller changed its verdict, the check says %v, want %q", again, want)
	}
}

func TestTheMemoStaysBounded(t *testing.T) {
	c := mustLoad(t, HuaweiCloud)
	for i := range memoEntries + 10 {
		r := Request{Method: "POST", Target: bindPath, Header: jsonHeader(true), Body: fmt.Appendf(nil, `{"queues":["q%d"]}`, i)}
		if err := c.CheckRequest(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(c.memo.entries); n > memoEntries {
		t.Errorf("the memo holds %d verdicts, want at most %d", n, memoEntries)
	}
}
