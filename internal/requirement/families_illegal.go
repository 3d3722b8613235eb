package requirement

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Bodies the schema cannot describe: the contract (kin-openapi, which decodes
// with encoding/json) takes some of them for valid, so they are not proved
// invalid by it. Each names the first configured queue, so that a target that
// reads past the illegal part binds something and shows it.
//
// What the documentation allows: dli_02_0191 documents a JSON object with the
// lower-case keys queues and elastic_resource_pools, each an array of names;
// RFC 8259 makes a JSON text one value, UTF-8 (§8.1), without comments, single
// quotes or NaN. A trailing newline is whitespace after the value and legal (it
// is a BIND-WRITTEN-ANY-WAY variant). Duplicate keys are not illegal JSON (RFC
// 8259 §4: names SHOULD be unique, receivers differ), so BODY-DUPLICATE-KEYS
// allows either value but not both.
var (
	BodyNotStrictJSON = Requirement{ID: "BODY-NOT-STRICT-JSON", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Codes: []string{"DLI.0001", "DLI.0002", "DLI.0008"},
		Title: "rejects a body that is not one strict JSON object (data after it, a second value, a BOM, invalid UTF-8, comments, single quotes, NaN, deep nesting) with 400, binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) { refusedFamily(ctx, s, notStrictJSON(s), 400) }}

	BodyNamesNotStrings = Requirement{ID: "BODY-NAMES-NOT-STRINGS", Group: Negative, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesParameter,
		Title: "rejects numbers, arrays and booleans where names go, at every depth and beside valid names, with 400, binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) { refusedFamily(ctx, s, namesNotStrings(s), 400) }}

	// A key that differs from a documented one is an unknown field: refused, or
	// ignored as EITHER-EXTRA-FIELDS allows, leaving a bind that names nothing
	// (which EITHER-EMPTY-OBJECT allows to be answered 200). Never bound.
	BodyKeysNearMiss = Requirement{ID: "BODY-KEYS-NEAR-MISS", Group: Negative, Needs: []Need{NeedConnection, NeedQueues},
		Title: "never binds for keys that differ from queues or elastic_resource_pools in case or by a space: 400, or 200 binding nothing",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.Guard(ctx)
			var last *client.Exchange
			for _, v := range keysNearMiss(s) {
				x := s.SendWith(ctx, v.send, v.req)
				mustAll(s, v.name, check.Status(x, 200, 400))
				if x.Status == 400 {
					mustAll(s, v.name, check.ErrorBody(x))
				} else {
					mustAll(s, v.name, check.SucceededOrDeclined(x))
				}
				unchangedNow(ctx, s, before, v, x)
				last = x
			}
			s.UnchangedAfterQuiet(ctx, before, last)
		}}

	BodyDuplicateKeys = Requirement{ID: "BODY-DUPLICATE-KEYS", Group: Either, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "answers a key given twice with 400 binding nothing, or 200 binding the names of one of its values, never of both",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.RestoreAfter(ctx)
			q := s.Run.Cfg.Queues
			x := s.Send(ctx, s.BindRequest(fmt.Sprintf(`{"queues":[%q],"queues":[%q]}`, q[0], q[1])))
			s.Must(check.Status(x, 200, 400))
			if x.Status == 400 {
				s.Must(check.ErrorBody(x))
				s.UnchangedAfterQuiet(ctx, before, x)
				return
			}
			s.Must(check.Succeeded(x))
			s.BindsJustThat(ctx, x, before, chosenValue(ctx, s, dli.BindBody{Queues: q[:1]}, dli.BindBody{Queues: q[1:2]}))
		}}
)

// chosenValue waits, within DLI_SETTLE_TIMEOUT, for either bind to show, and
// returns the one that did: the value of a duplicate key the target took. When
// neither shows, first is judged (and its absence fails).
func chosenValue(ctx context.Context, s *engine.Spec, first, last dli.BindBody) dli.BindBody {
	deadline := time.Now().Add(s.Run.SettleTimeout())
	for {
		conn := s.Show(ctx)
		switch {
		case conn.Listed(first):
			return first
		case conn.Listed(last):
			return last
		case time.Now().After(deadline) || ctx.Err() != nil:
			return first
		}
		select {
		case <-ctx.Done():
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func notStrictJSON(s *engine.Spec) []variant {
	q := s.Run.Cfg.Queues[0]
	plain := fmt.Sprintf(`{"queues":[%q]}`, q)
	deep := strings.Repeat("[", 20000) + fmt.Sprintf("%q", q) + strings.Repeat("]", 20000)
	bodies := []struct{ name, body string }{
		{"data after the JSON value", plain + "garbage"},
		{"a second JSON value", plain + plain},
		{"a second value after a newline", plain + "\n" + `{"queues":[]}`},
		{"a byte-order mark", "\ufeff" + plain},
		{"invalid UTF-8 in the name", fmt.Sprintf(`{"queues":["%s\xff"]}`, q)},
		{"invalid UTF-8 after the value", plain + "\xff\xfe"},
		{"a comment", fmt.Sprintf("{/* bind */ \"queues\":[%q]}", q)},
		{"a line comment", fmt.Sprintf("{\"queues\":[%q] // bind\n}", q)},
		{"single quotes", fmt.Sprintf(`{'queues':['%s']}`, q)},
		{"NaN beside the queue", fmt.Sprintf(`{"queues":[%q],"priority":NaN}`, q)},
		{"a trailing comma", fmt.Sprintf(`{"queues":[%q],}`, q)},
		{"nesting 20000 deep", `{"queues":` + deep + `}`},
	}
	out := make([]variant, len(bodies))
	for i, b := range bodies {
		out[i] = variant{name: b.name, req: s.BindRequest(b.body)}
	}
	return out
}

func namesNotStrings(s *engine.Spec) []variant {
	q := s.Run.Cfg.Queues[0]
	bodies := []struct{ name, body string }{
		{"queues a number", `{"queues":7}`},
		{"a number beside a valid name", fmt.Sprintf(`{"queues":[%q,7]}`, q)},
		{"a float beside a valid name", fmt.Sprintf(`{"queues":[%q,1.5e3]}`, q)},
		{"a boolean beside a valid name", fmt.Sprintf(`{"queues":[%q,true]}`, q)},
		{"the name inside an array", fmt.Sprintf(`{"queues":[[%q]]}`, q)},
		{"the name two arrays deep", fmt.Sprintf(`{"queues":[[[%q]]]}`, q)},
	}
	if in := s.Run.Inputs(); in.PoolsDocumented {
		bodies = append(bodies,
			struct{ name, body string }{"a pool that is a number beside a valid queue", fmt.Sprintf(`{"queues":[%q],"elastic_resource_pools":[7]}`, q)},
			struct{ name, body string }{"elastic_resource_pools a number beside a valid queue", fmt.Sprintf(`{"queues":[%q],"elastic_resource_pools":7}`, q)})
	}
	out := make([]variant, len(bodies))
	for i, b := range bodies {
		out[i] = variant{name: b.name, req: s.BindRequest(b.body)}
	}
	return out
}

func keysNearMiss(s *engine.Spec) []variant {
	q := s.Run.Cfg.Queues[0]
	keys := []string{"Queues", "QUEUES", "queues ", " queues", "que ues"}
	var out []variant
	for _, k := range keys {
		out = append(out, variant{name: fmt.Sprintf("the key %q", k), req: s.BindRequest(fmt.Sprintf(`{%q:[%q]}`, k, q))})
	}
	if in := s.Run.Inputs(); in.PoolsDocumented && len(in.Pools) > 0 {
		out = append(out, variant{name: `the key "Elastic_Resource_Pools"`, req: s.BindRequest(fmt.Sprintf(`{"Elastic_Resource_Pools":[%q]}`, in.Pools[0]))})
	}
	return out
}
