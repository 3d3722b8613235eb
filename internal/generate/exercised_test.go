package generate

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func TestExercisedByNamesTheFieldsOfAnyRequest(t *testing.T) {
	c := load(t, contract.HuaweiCloud)
	h := http.Header{"Content-Type": {"application/json"}, "X-Auth-Token": {"t"}}
	bind := "/v2.0/" + project + "/datasource/enhanced-connections/" + connection + "/associate-queue"
	pos := func(fields ...string) (out []Exercise) {
		for _, f := range fields {
			out = append(out, Exercise{Field: f, Positive: true})
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		r      contract.Request
		op     string
		wanted []Exercise
	}{
		{"a valid bind", contract.Request{Method: "POST", Target: bind, Header: h, Body: []byte(`{"queues":["q"]}`)},
			contract.OpBind, pos("path.connection_id", "path.project_id", "body", "body.queues", "body.queues[]")},
		{"a number as a queue name", contract.Request{Method: "POST", Target: bind, Header: h, Body: []byte(`{"queues":["q",42]}`)},
			contract.OpBind, []Exercise{{Field: "body.queues[]"}}},
		{"queues as a string", contract.Request{Method: "POST", Target: bind, Header: h, Body: []byte(`{"queues":"q"}`)},
			contract.OpBind, []Exercise{{Field: "body.queues"}}},
		{"a body that is no JSON", contract.Request{Method: "POST", Target: bind, Header: h, Body: []byte(`{"queues":`)},
			contract.OpBind, []Exercise{{Field: "body"}}},
		{"a connection id that is no UUID", contract.Request{Method: "POST", Header: h, Body: []byte(`{"queues":["q"]}`),
			Target: "/v2.0/" + project + "/datasource/enhanced-connections/not-a-uuid/associate-queue"},
			contract.OpBind, []Exercise{{Field: "path.connection_id"}}},
		{"a query of the list", contract.Request{Method: "GET", Header: h, Target: "/v2.0/" + project + "/datasource/enhanced-connections?limit=5"},
			contract.OpList, pos("path.project_id", "query.limit")},
		{"an undefined route", contract.Request{Method: "PATCH", Target: bind, Header: h}, "", nil},
	} {
		op, got := ExercisedBy(c, tc.r)
		if op != tc.op || !reflect.DeepEqual(got, tc.wanted) {
			t.Errorf("%s: %s %+v, want %s %+v", tc.name, op, got, tc.op, tc.wanted)
		}
	}
}
