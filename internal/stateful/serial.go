package stateful

import (
	"fmt"
	"strings"
)

// Outcome is what a request's answer says it did.
type Outcome int

// The outcomes of a request.
const (
	Applied Outcome = iota // 200: the request took effect
	Refused                // 400: it changed nothing
	Unknown                // no answer: it may or may not have taken effect
)

// Call is one bind or unbind that a client sent, with its outcome: a record of
// the walk's history, not a request to send (that is contract.Request).
type Call struct {
	Client  int        `json:"client"`
	Action  Action     `json:"action"`
	Names   []Resource `json:"names"`
	Outcome Outcome    `json:"outcome"`
	Status  int        `json:"status"`
}

func (r Call) String() string {
	return fmt.Sprintf("client %d: %s %s", r.Client, r.Action, describe(r.Names))
}

// Serialisable reports whether final, the bound state of the names it holds, is a
// state that some serial order of the requests produces from initial, where the
// order keeps each client's requests in the order the client sent them (histories
// is one request list per client). Refused requests change nothing; an Unknown one
// may count or not. When it is not, the error says which requests are in the way.
//
// The check builds the order from its end: the last request of the order must be
// the last remaining request of some client, and it must leave each name it names
// as final has it, unless a request placed after it names that name too. Placing a
// request that fits only frees the requests before it, so taking any that fits is
// as good as taking any other, and the check needs no search.
func Serialisable(initial, final map[Resource]bool, histories [][]Call) error {
	next := make([]int, len(histories)) // remaining requests of client i: histories[i][:next[i]]
	for i, h := range histories {
		next[i] = len(h)
	}
	decided := map[Resource]bool{}
	fits := func(r Call) bool {
		for _, n := range r.Names {
			if !decided[n] && final[n] != (r.Action == ActBind) {
				return false
			}
		}
		return true
	}
	for progress := true; progress; {
		progress = false
		for i, h := range histories {
			for next[i] > 0 {
				r := h[next[i]-1]
				ok := fits(r)
				if r.Outcome == Applied && !ok {
					break
				}
				// A refused request changes nothing, and an unknown one that does
				// not fit is taken not to have happened: neither constrains.
				if r.Outcome != Refused && ok {
					for _, n := range r.Names {
						decided[n] = true
					}
				}
				next[i]--
				progress = true
			}
		}
	}
	var blocked []string
	for i, h := range histories {
		if next[i] > 0 {
			blocked = append(blocked, h[next[i]-1].String())
		}
	}
	if len(blocked) > 0 {
		return fmt.Errorf("no serial order of the acknowledged requests leaves %s: each client's last request not yet placed contradicts it (%s)",
			describeState(final), strings.Join(blocked, "; "))
	}
	for n, bound := range final {
		if !decided[n] && bound != initial[n] {
			return fmt.Errorf("%s is %s, but no acknowledged request changed it from %s", n, boundWord(bound), boundWord(initial[n]))
		}
	}
	return nil
}

func boundWord(b bool) string {
	if b {
		return "bound"
	}
	return "not bound"
}

func describeState(s map[Resource]bool) string {
	var bound, unbound []Resource
	for r, b := range s {
		if b {
			bound = append(bound, r)
		} else {
			unbound = append(unbound, r)
		}
	}
	sortResources(bound)
	sortResources(unbound)
	return fmt.Sprintf("bound [%s], not bound [%s]", describe(bound), describe(unbound))
}
