package diff

import (
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// viewHostile is text a hostile target could put in its answers: markup that
// would run or load something if it were not escaped.
const viewHostile = `</pre><script>alert("x")</script><img src=x>`

// viewSample is a differential run with one of everything the reports show: a
// difference in several fields with hostile evidence, one the baseline
// expects, a case one side did not send, a shape that differs, a stale
// baseline entry and a requirement not compared.
func viewSample() Result {
	yes, no := true, false
	bind := `> POST http://127.0.0.1:41234/v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue
> Content-Type: application/json
> X-Auth-Token: [REDACTED]
> 
> {"queues":["{queue 1}"]}
< 200 OK (3ms)
< Content-Type: application/json
< 
< {"is_success":true,"message":""}`
	curl := func(host string) string {
		return `curl -sS -i -X POST '` + host + `/v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue' -H "X-Auth-Token: $DLI_AUTH_TOKEN" --data-binary '{"queues":["{queue 1}"]}'`
	}
	hostileBind := strings.Replace(bind, "< 200 OK (3ms)", "< 400 Bad Request (9ms)", 1)
	hostileBind = strings.Replace(hostileBind, `< {"is_success":true,"message":""}`, `< {"error_code":"DLI.0001","error_msg":"`+viewHostile+`"}`, 1)
	request := `POST /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue {"queues":["{queue 1}"]}`
	return Result{
		SchemaVersion: SchemaVersion, SuiteVersion: "v1.4.0", Seed: 1795608629,
		Compared: []string{DimPresence, DimRequest, DimStatus, DimErrorCode, DimContentType, DimSuccess, DimShape, DimEffect},
		A:        Side{Name: "A", Target: "http://127.0.0.1:41234", Profile: "huaweicloud", Exit: 0, Passed: 100, Skipped: 4, Reports: "reports/a"},
		B:        Side{Name: "B", Target: "https://dli.eu-west-101.myhuaweicloud.eu", Profile: "otc", Exit: 1, Passed: 98, Failed: 2, Skipped: 4, Reports: "reports/b"},
		Cases:    120,
		Agreed:   116,
		Differences: []Difference{
			{Key: "BIND-QUEUES#1", Requirement: "BIND-QUEUES", Request: request,
				Fields: []Field{{Name: DimStatus, A: "200", B: "400"}, {Name: DimErrorCode, A: "(none)", B: "DLI.0001" + viewHostile}, {Name: DimSuccess, A: "true", B: "(none)"}},
				A: &verdict.Case{Key: "BIND-QUEUES#1", Requirement: "BIND-QUEUES", Request: request, Status: 200, ContentType: "application/json", Success: &yes,
					Conforms: true, Exchange: bind, Curl: curl("http://127.0.0.1:41234"),
					Effect: &verdict.CaseEffect{Added: verdict.Names{Queues: []string{"{queue 1}"}}}},
				B: &verdict.Case{Key: "BIND-QUEUES#1", Requirement: "BIND-QUEUES", Request: request, Status: 400, ContentType: "application/json", ErrorCode: "DLI.0001" + viewHostile,
					Conforms: false, Violation: "status 400 is not declared for a valid bind " + viewHostile, Exchange: hostileBind, Curl: curl("https://dli.eu-west-101.myhuaweicloud.eu"),
					Effect: &verdict.CaseEffect{}},
			},
			{Key: "CONN-UNKNOWN#2", Requirement: "CONN-UNKNOWN", Request: "POST /v2.0/{project_id}/datasource/enhanced-connections/{uuid}/associate-queue {}",
				Fields: []Field{{Name: DimPresence, A: "sent", B: "not sent"}},
				A: &verdict.Case{Key: "CONN-UNKNOWN#2", Requirement: "CONN-UNKNOWN", Status: 0, Transport: "reset", Conforms: false, Violation: "no answer",
					Exchange: "> POST http://127.0.0.1:41234/v2.0/{project_id}/datasource/enhanced-connections/{uuid}/associate-queue\n! read: connection reset by peer"}},
			{Key: "GENERATED-NEGATIVE#17", Requirement: "GENERATED-NEGATIVE", Request: `POST /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue {"queues":7}`,
				Fields: []Field{{Name: DimShape, A: "error_code: string\nerror_msg: string", B: "error_code: string\nmessage: string"}},
				A:      &verdict.Case{Key: "GENERATED-NEGATIVE#17", Status: 400, Conforms: true, Shape: []string{"error_code: string", "error_msg: string"}, Exchange: "< 400 Bad Request\n< {\"error_code\":\"DLI.0001\",\"error_msg\":\"bad\"}"},
				B:      &verdict.Case{Key: "GENERATED-NEGATIVE#17", Status: 400, Conforms: true, Success: &no, Shape: []string{"error_code: string", "message: string"}, Exchange: "< 400 Bad Request\n< {\"error_code\":\"DLI.0001\",\"message\":\"bad\"}"}},
			{Key: "EITHER-EMPTY-OBJECT#1", Requirement: "EITHER-EMPTY-OBJECT", Request: `POST /v2.0/{project_id}/datasource/enhanced-connections/{connection_id}/associate-queue {}`,
				Fields: []Field{{Name: DimStatus, A: "200", B: "400"}},
				A:      &verdict.Case{Key: "EITHER-EMPTY-OBJECT#1", Status: 200, Conforms: true, Exchange: "< 200 OK\n< {\"is_success\":true}"},
				B:      &verdict.Case{Key: "EITHER-EMPTY-OBJECT#1", Status: 400, Conforms: true, Exchange: "< 400 Bad Request\n< {\"error_code\":\"DLI.0001\"}"},
				Known:  "the documentation allows 200 or 400 <i>here</i>; tracked in TICKET-7"},
		},
		Requirements: []Requirement{
			{ID: "BIND-QUEUES", Title: "binds a list of queues with 200", AResult: "passed", BResult: "failed", Cases: 3, Differ: 1},
			{ID: "BIND-POOLS", Title: "binds elastic resource pools alone with 200", AResult: "skipped", BResult: "", Cases: 0},
			{ID: "CONN-UNKNOWN", Title: "rejects a well-formed UUID that is no connection with 400", AResult: "passed", BResult: "skipped", Cases: 2, Differ: 1},
			{ID: "EITHER-EMPTY-OBJECT", Title: "answers an empty object {} with 200 or 400", AResult: "passed", BResult: "passed", Cases: 1, Differ: 1},
			{ID: "GENERATED-NEGATIVE", Title: "rejects generated invalid bodies with 400", AResult: "passed", BResult: "passed", Cases: 114, Differ: 1},
		},
		NotCompared: []NotCompared{{ID: "STATEFUL-CONCURRENT", Reason: "concurrent clients interleave differently from run to run"}},
		Baseline:    "ci/known-differences.yaml",
		Stale:       []KnownEntry{{ID: "BODY-ARRAY#3", Reason: "fixed in 2.3? <b>maybe</b>"}},
	}
}

// viewAgreeing is a differential run in which the sides agree on every case.
func viewAgreeing() Result {
	r := viewSample()
	r.B.Exit, r.B.Passed, r.B.Failed = 0, 100, 0
	r.Agreed, r.Differences, r.Stale, r.Baseline, r.NotCompared = r.Cases, nil, nil, "", nil
	for i := range r.Requirements {
		r.Requirements[i].Differ = 0
		r.Requirements[i].BResult = r.Requirements[i].AResult
	}
	return r
}
