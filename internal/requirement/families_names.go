package requirement

import (
	"context"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// NamesAtEdges sends names no account has, at the edges a parser, a database
// column or a path builder meets: empty, long (past the 64 and 128 characters
// of DLI's own names and the 255 of a common column, and 4096), other scripts
// and directions, spaces, control characters, percent signs, slashes that
// could climb to a known name, quotes and backslashes. The documentation gives
// no rule for queue names beyond naming an existing queue, so each is just an
// unknown queue: 400 and a documented code, nothing bound.
var NamesAtEdges = Requirement{ID: "NAMES-AT-EDGES", Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesNoQueue,
	Title: "rejects unknown queue names at their edges (empty, 64 to 4096 characters, other scripts, spaces, control characters, %, /, quotes, escapes) with 400, binding nothing, never 500",
	Check: func(ctx context.Context, s *engine.Spec) {
		var vs []variant
		for _, n := range edgeNames(unknownName(s), s.Run.Cfg.Queues[0]) {
			vs = append(vs, variant{name: n.what, req: s.BindRequest(string(dli.BindBody{Queues: []string{n.name}}.JSON()))})
		}
		refusedFamily(ctx, s, vs, 400)
	}}

type edgeName struct{ what, name string }

// edgeNames are the unknown names, built on base (a name no account has) and
// known (a configured queue, which a path built from a name could reach).
func edgeNames(base, known string) []edgeName {
	long := func(n int) string { return base + strings.Repeat("x", n-len(base)) }
	return []edgeName{
		{"the empty name", ""},
		{"a name of 64 characters", long(64)},
		{"a name of 128 characters", long(128)},
		{"a name of 256 characters", long(256)},
		{"a name of 4096 characters", long(4096)},
		{"a name in Chinese and Japanese", base + "_队列_キュー"},
		{"a right-to-left name", "\u05ea\u05d5\u05e8_" + base + "_\u0635\u0641"},
		{"a name with a right-to-left override", "\u202e" + base},
		{"a name with spaces", base + " with spaces"},
		{"a name that is a space", " "},
		{"a name with a NUL", base + "\x00"},
		{"a name with control characters", base + "\a\n\r\t"},
		{"a name with %", base + "%25%00"},
		{"a name with /", base + "/x"},
		{"a name climbing to a known queue", base + "/../" + known},
		{"a name with quotes", base + `"'` + "`"},
		{"a name with backslash escapes", base + `\n\u0000\\`},
	}
}
