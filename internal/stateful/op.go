package stateful

import (
	"encoding/json"
	"slices"
	"strings"
)

// Action is what a step sends.
type Action string

// The actions of a walk.
const (
	ActBind   Action = "bind"   // POST …/associate-queue
	ActUnbind Action = "unbind" // POST …/disassociate-queue
	ActShow   Action = "show"   // GET …/enhanced-connections/{id}
	ActList   Action = "list"   // GET …/enhanced-connections
)

// OpKind says why the generator chose a step; the model judges the request itself,
// so a step keeps its meaning when shrinking removes the steps around it.
type OpKind string

// The kinds of step a walk draws.
const (
	KindBindValid    OpKind = "bind-valid"    // known names, maybe repeated, any order
	KindBindUnknown  OpKind = "bind-unknown"  // an unknown name, maybe with known ones
	KindBindEither   OpKind = "bind-either"   // {} or empty arrays
	KindUnbindEither OpKind = "unbind-either" // {} or empty arrays
	KindUnbind       OpKind = "unbind-subset" // known names, bound or not
	KindRebind       OpKind = "bind-again"    // names bound and then unbound earlier
	KindShow         OpKind = "show"          // query the connection
	KindList         OpKind = "list"          // list the connections
)

// Op is one step of a walk: a request to send. Body is sent as it is.
type Op struct {
	Kind   OpKind `json:"kind"`
	Action Action `json:"action"`
	Body   []byte `json:"body,omitempty"`
}

func (o Op) String() string {
	if len(o.Body) == 0 {
		return string(o.Action)
	}
	return string(o.Action) + " " + string(o.Body)
}

// Resource is a queue or an elastic resource pool by name.
type Resource struct {
	Pool bool
	Name string
}

func (r Resource) String() string {
	if r.Pool {
		return "pool " + r.Name
	}
	return "queue " + r.Name
}

// bodyNames reads the names of a bind or unbind body; ok is false when the body is
// not the documented object of two name lists (a walk never sends such a body).
func bodyNames(body []byte) (names []Resource, ok bool) {
	var b struct {
		Queues []string `json:"queues"`
		Pools  []string `json:"elastic_resource_pools"`
	}
	if err := json.Unmarshal(body, &b); err != nil {
		return nil, false
	}
	for _, q := range b.Queues {
		names = append(names, Resource{Name: q})
	}
	for _, p := range b.Pools {
		names = append(names, Resource{Pool: true, Name: p})
	}
	return names, true
}

// bindBody writes a body naming rs in the order given, repeats kept.
func bindBody(rs []Resource) []byte {
	var b struct {
		Queues []string `json:"queues,omitempty"`
		Pools  []string `json:"elastic_resource_pools,omitempty"`
	}
	for _, r := range rs {
		if r.Pool {
			b.Pools = append(b.Pools, r.Name)
		} else {
			b.Queues = append(b.Queues, r.Name)
		}
	}
	out, _ := json.Marshal(b) // string slices always encode
	return out
}

func describe(rs []Resource) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ", ")
}

func sortResources(rs []Resource) {
	slices.SortFunc(rs, func(a, b Resource) int {
		if a.Pool != b.Pool {
			if a.Pool {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Name, b.Name)
	})
}
