package check

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

const bindTarget = "/v2.0/p/datasource/enhanced-connections/2a620c33-5609-40c9-affd-2b6453071b0f/associate-queue"

func exchange(status int, ct, body string) *client.Exchange {
	return &client.Exchange{
		Method: "POST", Target: bindTarget, Endpoint: "http://127.0.0.1:1",
		ReqHeader: http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {"secret"}},
		ReqBody:   []byte(`{"queues":["q1"]}`),
		Status:    status, RespHeader: http.Header{"Content-Type": {ct}}, RespBody: []byte(body),
	}
}

func kindOf(t *testing.T, err error) verdict.Kind {
	t.Helper()
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("want a *Failure, got %v", err)
	}
	return f.Kind
}

func TestConformsClassifiesTheDeviation(t *testing.T) {
	c, err := contract.Load(contract.HuaweiCloud)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := Conforms(ctx, c, exchange(200, "application/json", `{"is_success":true}`)); err != nil {
		t.Fatalf("conformant answer failed: %v", err)
	}
	cases := []struct {
		x    *client.Exchange
		kind verdict.Kind
	}{
		{exchange(418, "application/json", `{}`), verdict.Status},
		{exchange(200, "application/json", `{"is_success":"yes"}`), verdict.Schema},
		{exchange(400, "application/json", `{"message":"bad"}`), verdict.ErrorBody},
		{exchange(400, "text/html", `<html>`), verdict.ErrorBody},
		{&client.Exchange{Method: "POST", Target: bindTarget, Err: errors.New("connection reset")}, verdict.Transport},
	}
	for _, tc := range cases {
		if k := kindOf(t, Conforms(ctx, c, tc.x)); k != tc.kind {
			t.Errorf("status %d %q: kind %s, want %s", tc.x.Status, tc.x.RespBody, k, tc.kind)
		}
	}
}

func TestFailureCarriesRedactedEvidenceAndCurl(t *testing.T) {
	err := Status(exchange(500, "application/json", `{"error_code":"DLI.0999","error_msg":"x"}`), 200)
	msg := err.Error()
	if !strings.HasPrefix(msg, "[status] status 500, want 200") || !strings.Contains(msg, "reproduce:\n  curl") || strings.Contains(msg, "secret") {
		t.Fatalf("evidence:\n%s", msg)
	}
}

func TestErrorBodyAndCodes(t *testing.T) {
	good := exchange(400, "application/json", `{"error_code":"DLI.0002","error_msg":"There is no queue named x"}`)
	if err := ErrorBody(good); err != nil {
		t.Fatal(err)
	}
	if err := ErrorCode(good, []string{"DLI.0001", "DLI.0002"}); err != nil {
		t.Fatal(err)
	}
	if err := ErrorCode(good, []string{"DLI.0001"}); err == nil || kindOf(t, err) != verdict.ErrorBody {
		t.Fatalf("a code outside the documented ones passed: %v", err)
	}
	if err := ErrorCode(good, nil); err != nil {
		t.Fatalf("no documented codes must accept any: %v", err)
	}
	for _, body := range []string{`[]`, `{"error_code":"E1","error_msg":"x"}`, `{"error_code":"DLI.0001"}`, `{"error_msg":"x"}`, `null`} {
		if err := ErrorBody(exchange(400, "application/json", body)); err == nil {
			t.Errorf("%s passed as an error body", body)
		}
	}
}

func TestEffectChecks(t *testing.T) {
	peers := []dli.Peer{{Name: "q1", Status: "ACTIVE"}, {Name: "q2", Status: "BOUND"}, {Name: "q3", Status: "CREATING"}, {Name: "q3", Status: "CREATING"}}
	if err := BoundOnce("available_queue_info", peers, []string{"q1"}, nil); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"q2", "q3", "q4"} {
		if err := BoundOnce("available_queue_info", peers, []string{name}, nil); err == nil || kindOf(t, err) != verdict.Effect {
			t.Errorf("%s passed: %v", name, err)
		}
	}
	if err := Unchanged(dli.Bindings{Queues: []string{"a"}}, dli.Bindings{Queues: []string{"a", "b"}}, nil); err == nil {
		t.Error("a change passed Unchanged")
	}
	if err := NoDuplicates(dli.Bindings{Pools: []string{"p", "p"}}, nil); err == nil {
		t.Error("a duplicate pool passed")
	}
}

func TestAuthRejected(t *testing.T) {
	codes := map[string]int{"APIG.0301": 401, "DLI.0015": 400}
	if err := AuthRejected(exchange(401, "application/json", `{"error_code":"APIG.0301","error_msg":"x"}`), codes); err != nil {
		t.Fatal(err)
	}
	if err := AuthRejected(exchange(400, "application/json", `{"error_code":"DLI.0015","error_msg":"Token parsing error"}`), codes); err != nil {
		t.Fatalf("a code documented with 400 refused with 400: %v", err)
	}
	if err := AuthRejected(exchange(400, "application/json", `{"error_code":"APIG.0301","error_msg":"x"}`), codes); kindOf(t, err) != verdict.Auth {
		t.Fatalf("a 401 code answered with 400 passed: %v", err)
	}
	if err := AuthRejected(exchange(200, "application/json", `{"is_success":true}`), codes); kindOf(t, err) != verdict.Auth {
		t.Fatalf("a served request passed: %v", err)
	}
}

func TestUnroutedAcceptsADeclaredRefusalOrARedirectToTheCleanedPath(t *testing.T) {
	redirect := func(status int, loc string) *client.Exchange {
		x := exchange(status, "text/html", "")
		x.Target = "/v2.0/p//datasource/x/"
		x.RespHeader.Set("Location", loc)
		return x
	}
	if err := Unrouted(exchange(404, "application/json", `{"error_code":"APIG.0101","error_msg":"not found"}`), []int{404, 405}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []int{301, 307, 308} {
		if err := Unrouted(redirect(st, "/v2.0/p/datasource/x"), []int{404}); err != nil {
			t.Errorf("%d to the cleaned path: %v", st, err)
		}
	}
	if err := Unrouted(redirect(301, "https://elsewhere.example/"), []int{404}); kindOf(t, err) != verdict.Status {
		t.Errorf("a redirect elsewhere passed: %v", err)
	}
	if err := Unrouted(exchange(200, "application/json", `{}`), []int{404, 405}); kindOf(t, err) != verdict.Status {
		t.Errorf("a 200 passed: %v", err)
	}
	if err := Unrouted(exchange(404, "text/plain", `nope`), []int{404}); kindOf(t, err) != verdict.ErrorBody {
		t.Errorf("a 404 without the error body passed: %v", err)
	}
}

func TestSucceededOrDeclined(t *testing.T) {
	if err := SucceededOrDeclined(exchange(200, "application/json", `{"is_success":false,"message":"nothing to bind"}`)); err != nil {
		t.Fatal(err)
	}
	if err := SucceededOrDeclined(exchange(200, "application/json", `{"is_success":false}`)); kindOf(t, err) != verdict.Schema {
		t.Errorf("a silent false passed: %v", err)
	}
	if err := Succeeded(exchange(200, "application/json", `{"is_success":false,"message":"no"}`)); kindOf(t, err) != verdict.Schema {
		t.Errorf("false where a bind was asked passed: %v", err)
	}
}

func TestAFailureCarriesItsVerdictAndRendersItsExchangeRedacted(t *testing.T) {
	err := Status(exchange(418, "application/json", `{}`), 200)
	var f *Failure
	if !errors.As(err, &f) {
		t.Fatalf("want a *Failure, got %v", err)
	}
	if f.Failure.Exchange != "" {
		t.Error("the exchange was rendered before the verdict was asked for")
	}
	v := f.Verdict()
	if v.Kind != verdict.Status || !strings.Contains(v.Message, "status 418") {
		t.Errorf("verdict %s: %q, want status: status 418 …", v.Kind, v.Message)
	}
	if !strings.Contains(v.Exchange, "418") || !strings.Contains(v.Curl, bindTarget) {
		t.Errorf("the verdict lacks its evidence: exchange %q, curl %q", v.Exchange, v.Curl)
	}
	for _, text := range []string{v.Exchange, v.Curl, err.Error()} {
		if strings.Contains(text, "secret") {
			t.Errorf("the credentials show: %s", text)
		}
	}
	if err.Error() != v.Error() {
		t.Errorf("Error() is not the verdict's text:\n%s\n---\n%s", err.Error(), v.Error())
	}
}
