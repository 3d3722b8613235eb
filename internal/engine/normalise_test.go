package engine

import (
	"net/http"
	"slices"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/client"
)

var namesA = Names{ProjectID: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", ConnectionID: "2a620c33-5609-40c9-affd-2b6453071b0f",
	Queues: []string{"queue_a", "queue_b"}, Pools: []string{"pool_a"}}

var namesB = Names{ProjectID: "aaaabbbbccccddddeeeeffff00001111", ConnectionID: "7d9a0e4b-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
	Queues: []string{"q1", "q2"}, Pools: []string{"p1"}}

func bindExchange(n Names, body string, status int, respType, resp string) *client.Exchange {
	return &client.Exchange{Method: "POST", Target: "/v2.0/" + n.ProjectID + "/datasource/enhanced-connections/" + n.ConnectionID + "/associate-queue",
		ReqBody: []byte(body), Status: status, RespHeader: http.Header{"Content-Type": {respType}}, RespBody: []byte(resp)}
}

// The same request to two targets configured with other names and ids is the
// same case.
func TestConfiguredNamesBecomePlaceholders(t *testing.T) {
	a := NewNormaliser(namesA).Record("BIND-QUEUES#1", "BIND-QUEUES",
		bindExchange(namesA, `{"queues":["queue_a","queue_b"],"elastic_resource_pools":["pool_a"]}`, 200, "application/json;charset=UTF-8", `{"is_success":true,"message":"ok"}`))
	b := NewNormaliser(namesB).Record("BIND-QUEUES#1", "BIND-QUEUES",
		bindExchange(namesB, `{"queues": ["q1", "q2"], "elastic_resource_pools": ["p1"]}`, 200, "application/json; charset=utf-8", `{"message":"bound","is_success":true}`))
	if a.Request != b.Request {
		t.Fatalf("requests differ:\n%s\n%s", a.Request, b.Request)
	}
	want := `POST /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue {"elastic_resource_pools":["{pool 1}"],"queues":["{queue 1}","{queue 2}"]}`
	if a.Request != want {
		t.Fatalf("request %s, want %s", a.Request, want)
	}
	if a.ContentType != b.ContentType || a.ContentType != "application/json; charset=utf-8" {
		t.Fatalf("content types %q and %q", a.ContentType, b.ContentType)
	}
	if !slices.Equal(a.Shape, b.Shape) || a.Success == nil || !*a.Success {
		t.Fatalf("shapes %v %v", a.Shape, b.Shape)
	}
	if a.Message == b.Message {
		t.Fatal("messages are kept in the case (compared only when asked)")
	}
}

// Only whole values are replaced: a name that merely contains a configured one
// keeps its bytes, and random ids are placeholders whatever they are.
func TestOnlyWholeValuesAreReplaced(t *testing.T) {
	z := NewNormaliser(Names{Queues: []string{"q1"}})
	if got := z.Body([]byte(`{"queues":["q1","q10","conformance_missing_q1"]}`)); got != `{"queues":["{queue 1}","q10","conformance_missing_q1"]}` {
		t.Fatalf("body %s", got)
	}
	if got := z.Path("/v2.0/p/datasource/enhanced-connections/5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40/associate-queue"); got != "/v2.0/p/datasource/enhanced-connections/{uuid}/associate-queue" {
		t.Fatalf("path %s", got)
	}
	if got := z.Body([]byte(`not json q1`)); got != "not json q1" {
		t.Fatalf("a body that is not JSON keeps its bytes: %s", got)
	}
}

func TestShape(t *testing.T) {
	z := NewNormaliser(Names{})
	c := z.Record("K#1", "K", &client.Exchange{Method: "GET", Target: "/x", Status: 200, RespHeader: http.Header{},
		RespBody: []byte(`{"is_success":true,"available_queue_info":[{"name":"a","status":"ACTIVE"},{"name":"b","status":"ACTIVE","err_msg":null}],"count":2}`)})
	want := []string{"available_queue_info: array", "available_queue_info[].err_msg: null", "available_queue_info[].name: string",
		"available_queue_info[].status: string", "available_queue_info[]: object", "count: number", "is_success: boolean"}
	if !slices.Equal(c.Shape, want) {
		t.Fatalf("shape %v\nwant %v", c.Shape, want)
	}
}

func TestAnErrorAnswerAndNoAnswer(t *testing.T) {
	z := NewNormaliser(namesA)
	c := z.Record("K#1", "K", bindExchange(namesA, `{}`, 400, "application/json", `{"error_code":"DLI.0001","error_msg":"bad"}`))
	if c.ErrorCode != "DLI.0001" || c.Message != "bad" || c.Success != nil {
		t.Fatalf("%+v", c)
	}
	x := bindExchange(namesA, `{}`, 0, "", "")
	x.Err, x.Failure = http.ErrHandlerTimeout, client.FailureAnsweredBadly
	c = z.Record("K#1", "K", x)
	if c.Status != 0 || c.Transport != string(client.FailureAnsweredBadly) {
		t.Fatalf("%+v", c)
	}
}
