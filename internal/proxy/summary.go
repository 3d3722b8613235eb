package proxy

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"sync"
)

// Summary counts what the proxy saw. Every count is of exchanges, not of violations,
// except in TopViolations.
type Summary struct {
	Exchanges          int `json:"exchanges"`
	RequestViolations  int `json:"request_violations"`  // exchanges whose request departs from the contract
	ResponseViolations int `json:"response_violations"` // exchanges whose answer departs from the contract
	Rejected           int `json:"rejected"`            // answered by the proxy under Enforce
	UpstreamErrors     int `json:"upstream_errors"`
	// ByOperation counts per operation id ("" for requests that match none).
	ByOperation map[string]OperationSummary `json:"by_operation"`
	// TopViolations are the most frequent violation texts, most frequent first.
	TopViolations []ViolationCount `json:"top_violations"`
}

// OperationSummary counts the exchanges of one operation.
type OperationSummary struct {
	Exchanges          int `json:"exchanges"`
	RequestViolations  int `json:"request_violations"`
	ResponseViolations int `json:"response_violations"`
}

// ViolationCount is how often one violation was seen, and on which side.
type ViolationCount struct {
	Side      string `json:"side"` // request or response
	Violation string `json:"violation"`
	Count     int    `json:"count"`
}

const topViolations = 10

type tally struct {
	mu    sync.Mutex
	s     Summary
	texts map[[2]string]int
}

func (t *tally) init() {
	t.s.ByOperation = map[string]OperationSummary{}
	t.texts = map[[2]string]int{}
}

func (t *tally) add(x *Exchange) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.s.Exchanges++
	op := t.s.ByOperation[x.Operation]
	op.Exchanges++
	if len(x.RequestViolations) > 0 {
		t.s.RequestViolations++
		op.RequestViolations++
	}
	if len(x.ResponseViolations) > 0 {
		t.s.ResponseViolations++
		op.ResponseViolations++
	}
	t.s.ByOperation[x.Operation] = op
	switch x.Action {
	case ActionRejectedRequest, ActionRejectedResponse:
		t.s.Rejected++
	case ActionUpstreamError:
		t.s.UpstreamErrors++
	}
	for _, v := range x.RequestViolations {
		t.texts[[2]string{"request", v}]++
	}
	for _, v := range x.ResponseViolations {
		t.texts[[2]string{"response", v}]++
	}
}

// Summary returns the counts so far.
func (p *Proxy) Summary() Summary {
	t := &p.tally
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.s
	s.ByOperation = make(map[string]OperationSummary, len(t.s.ByOperation))
	for k, v := range t.s.ByOperation {
		s.ByOperation[k] = v
	}
	s.TopViolations = []ViolationCount{}
	for k, n := range t.texts {
		s.TopViolations = append(s.TopViolations, ViolationCount{Side: k[0], Violation: k[1], Count: n})
	}
	slices.SortFunc(s.TopViolations, func(a, b ViolationCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Side, b.Side), cmp.Compare(a.Violation, b.Violation))
	})
	if len(s.TopViolations) > topViolations {
		s.TopViolations = s.TopViolations[:topViolations]
	}
	return s
}

// WriteText prints the summary for a person.
func (s Summary) WriteText(w io.Writer) {
	fmt.Fprintf(w, "proxy summary: %d exchanges; %d with request violations, %d with response violations; %d rejected; %d upstream errors\n",
		s.Exchanges, s.RequestViolations, s.ResponseViolations, s.Rejected, s.UpstreamErrors)
	ops := make([]string, 0, len(s.ByOperation))
	for op := range s.ByOperation {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	for _, op := range ops {
		o := s.ByOperation[op]
		name := op
		if name == "" {
			name = "(no operation)"
		}
		fmt.Fprintf(w, "  %-42s %5d exchanges, %4d request violations, %4d response violations\n", name, o.Exchanges, o.RequestViolations, o.ResponseViolations)
	}
	if len(s.TopViolations) > 0 {
		fmt.Fprintln(w, "  most frequent violations:")
		for _, v := range s.TopViolations {
			fmt.Fprintf(w, "  %5d× %s: %s\n", v.Count, v.Side, v.Violation)
		}
	}
}
