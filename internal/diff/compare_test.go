package diff

import (
	"slices"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

func okCase(key, req string) verdict.Case {
	t := true
	return verdict.Case{Key: key, Requirement: req, Request: "POST /x {}", Status: 200, ContentType: "application/json; charset=utf-8",
		Success: &t, Shape: []string{"is_success: boolean", "message: string"}, Message: "ok", Conforms: true,
		Effect: &verdict.CaseEffect{Added: verdict.Names{Queues: []string{"{queue 1}"}}}}
}

func runOf(cs ...verdict.Case) Run {
	res := map[string]string{}
	for _, c := range cs {
		res[c.Requirement] = "passed"
	}
	return Run{Cases: cs, Results: res, Titles: map[string]string{}}
}

func fieldNames(d Difference) []string {
	var out []string
	for _, f := range d.Fields {
		out = append(out, f.Name)
	}
	return out
}

func TestIdenticalRunsAgree(t *testing.T) {
	a := runOf(okCase("BIND-QUEUES#1", "BIND-QUEUES"), okCase("QUEUE-UNKNOWN#1", "QUEUE-UNKNOWN"))
	b := runOf(okCase("BIND-QUEUES#1", "BIND-QUEUES"), okCase("QUEUE-UNKNOWN#1", "QUEUE-UNKNOWN"))
	r := Compare(a, b, Options{})
	if !r.Same() || r.Cases != 2 || r.Agreed != 2 || len(r.Differences) != 0 {
		t.Fatalf("want agreement on 2 cases, got %+v", r)
	}
}

// Each dimension is told apart, and messages only when asked.
func TestEveryDimensionDiffers(t *testing.T) {
	f := false
	cases := map[string]func(*verdict.Case){
		DimRequest:     func(c *verdict.Case) { c.Request = "POST /x {\"queues\":[]}" },
		DimStatus:      func(c *verdict.Case) { c.Status = 400 },
		DimErrorCode:   func(c *verdict.Case) { c.ErrorCode = "DLI.0001" },
		DimContentType: func(c *verdict.Case) { c.ContentType = "application/json" },
		DimSuccess:     func(c *verdict.Case) { c.Success = &f },
		DimShape:       func(c *verdict.Case) { c.Shape = append(c.Shape, "x_extra: boolean") },
		DimEffect:      func(c *verdict.Case) { c.Effect = &verdict.CaseEffect{} },
	}
	for dim, change := range cases {
		t.Run(dim, func(t *testing.T) {
			b := okCase("K#1", "BIND-QUEUES")
			change(&b)
			r := Compare(runOf(okCase("K#1", "BIND-QUEUES")), runOf(b), Options{})
			if len(r.Differences) != 1 || !slices.Equal(fieldNames(r.Differences[0]), []string{dim}) {
				t.Fatalf("want one difference in %s, got %+v", dim, r.Differences)
			}
			d := r.Differences[0]
			if d.A == nil || d.B == nil || d.Fields[0].A == d.Fields[0].B {
				t.Fatalf("both cases and distinct values expected: %+v", d)
			}
		})
	}
	b := okCase("K#1", "BIND-QUEUES")
	b.Message = "something else"
	if r := Compare(runOf(okCase("K#1", "BIND-QUEUES")), runOf(b), Options{}); !r.Same() {
		t.Fatalf("messages are normalised away by default: %+v", r.Differences)
	}
	r := Compare(runOf(okCase("K#1", "BIND-QUEUES")), runOf(b), Options{Messages: true})
	if len(r.Differences) != 1 || r.Differences[0].Fields[0].Name != DimMessage {
		t.Fatalf("--compare messages keeps them: %+v", r.Differences)
	}
}

func TestACaseSentByOneRunOnly(t *testing.T) {
	a := runOf(okCase("BIND-AGAIN#1", "BIND-AGAIN"), okCase("BIND-AGAIN#2", "BIND-AGAIN"))
	b := runOf(okCase("BIND-AGAIN#1", "BIND-AGAIN"))
	r := Compare(a, b, Options{})
	if len(r.Differences) != 1 {
		t.Fatalf("want one difference, got %+v", r.Differences)
	}
	d := r.Differences[0]
	if d.Key != "BIND-AGAIN#2" || d.B != nil || d.A == nil || d.Fields[0] != (Field{Name: DimPresence, A: "sent", B: "not sent"}) {
		t.Fatalf("got %+v", d)
	}
	if d.Request != d.A.Request {
		t.Fatalf("the request of the run that sent it: %q", d.Request)
	}
}

func TestConcurrentClientsAreNotCompared(t *testing.T) {
	a := okCase("STATEFUL-CONCURRENT#1", "STATEFUL-CONCURRENT")
	b := a
	b.Status = 400
	r := Compare(runOf(a), runOf(b), Options{})
	if !r.Same() || r.Cases != 0 {
		t.Fatalf("concurrent clients' requests must not be compared: %+v", r)
	}
	if !slices.ContainsFunc(r.NotCompared, func(n NotCompared) bool { return n.ID == "STATEFUL-CONCURRENT" && n.Reason != "" }) {
		t.Fatalf("the report must say why: %+v", r.NotCompared)
	}
}

func TestRowsAndDifferencesInCatalogueOrder(t *testing.T) {
	var a, b []verdict.Case
	for _, k := range []string{"GEN-NEG-b#1", "QUEUE-UNKNOWN#1", "BIND-QUEUES#10", "BIND-QUEUES#2", "GEN-NEG-a#1"} {
		req := k[:len(k)-len("#1")]
		if k[len(k)-3:] == "#10" {
			req = "BIND-QUEUES"
		}
		a = append(a, okCase(k, req))
		c := okCase(k, req)
		c.Status = 500
		b = append(b, c)
	}
	r := Compare(runOf(a...), runOf(b...), Options{})
	var keys []string
	for _, d := range r.Differences {
		keys = append(keys, d.Key)
	}
	want := []string{"BIND-QUEUES#2", "BIND-QUEUES#10", "QUEUE-UNKNOWN#1", "GEN-NEG-a#1", "GEN-NEG-b#1"}
	if !slices.Equal(keys, want) {
		t.Fatalf("order %v, want %v", keys, want)
	}
	if r.Requirements[0].ID != "BIND-QUEUES" || r.Requirements[0].Cases != 2 || r.Requirements[0].Differ != 2 {
		t.Fatalf("rows: %+v", r.Requirements)
	}
}

func TestResultsDifferWithoutCases(t *testing.T) {
	a, b := runOf(), runOf()
	a.Results["LEAVE-NO-TRACE"], b.Results["LEAVE-NO-TRACE"] = "passed", "failed"
	r := Compare(a, b, Options{})
	if len(r.Requirements) != 1 || r.Requirements[0].AResult != "passed" || r.Requirements[0].BResult != "failed" {
		t.Fatalf("each run's result is in the rows: %+v", r.Requirements)
	}
}

func TestEffectText(t *testing.T) {
	for _, tc := range []struct {
		e    *verdict.CaseEffect
		want string
	}{
		{nil, "not observed"},
		{&verdict.CaseEffect{}, "nothing changed"},
		{&verdict.CaseEffect{Added: verdict.Names{Queues: []string{"{queue 1}", "{queue 2}"}}, Removed: verdict.Names{Pools: []string{"{pool 1}"}}},
			"bound queues {queue 1}, {queue 2}; unbound pools {pool 1}"},
	} {
		if got := EffectText(tc.e); got != tc.want {
			t.Errorf("EffectText = %q, want %q", got, tc.want)
		}
	}
}
