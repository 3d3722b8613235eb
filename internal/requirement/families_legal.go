package requirement

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
)

// Every legal way to write a valid bind is accepted with the same effect. The
// variants are those real clients send: the Huawei Cloud Go SDK ends its JSON
// with a newline and writes Content-Type with a charset; hand-written clients
// pretty-print, order keys as they like, escape characters JSON lets them
// escape, stream their body in chunks and send Accept or not.
var (
	BindWrittenAnyWay = Requirement{ID: "BIND-WRITTEN-ANY-WAY", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "binds a valid body however legally written (whitespace, pretty-printing, a trailing newline, key order, JSON escapes) as it binds the plain one",
		Check: func(ctx context.Context, s *engine.Spec) {
			vs, wants := writtenVariants(s)
			acceptedFamily(ctx, s, vs, func(v variant) dli.BindBody { return wants[v.name] })
		}}

	BindTransportAnyWay = Requirement{ID: "BIND-TRANSPORT-ANY-WAY", Group: Positive, Mutates: true, Needs: []Need{NeedConnection, NeedQueues},
		Title: "binds a valid body whatever the legal media-type parameters and case, Accept header or chunked framing, as it binds the plain one",
		Check: func(ctx context.Context, s *engine.Spec) {
			body := dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}
			acceptedFamily(ctx, s, transportVariants(s, body), func(variant) dli.BindBody { return body })
		}}

	// The path pattern takes a UUID in either case, and the pages do not say
	// whether ids are matched in any case: the same connection, or none.
	ConnIDOtherCase = Requirement{ID: "CONN-ID-OTHER-CASE", Group: Either, Mutates: true, Needs: []Need{NeedConnection, NeedQueues}, Codes: codesNoConnection,
		Title: "answers the connection id in another case with 200 binding the same connection, or 400/404 binding nothing; never 500, never another connection",
		Check: func(ctx context.Context, s *engine.Spec) {
			before := s.RestoreAfter(ctx)
			body := dli.BindBody{Queues: s.Run.Cfg.Queues[:1]}
			req := bindTo(s, s.Run.Cfg.ProjectID, otherCase(s.Run.Cfg.ConnectionID))
			s.MustConform(ctx, req)
			x := s.Send(ctx, req)
			s.Must(check.Status(x, 200, 400, 404))
			if x.Status != 200 {
				s.Must(check.ErrorBody(x))
				s.Must(check.ErrorCode(x, s.ExpectedCodes()))
				s.UnchangedAfterQuiet(ctx, before, x)
				return
			}
			s.Must(check.Succeeded(x))
			s.BindsJustThat(ctx, x, before, body)
		}}
)

// otherCase is id with its letters in the other case: upper for the usual lower
// case UUID.
func otherCase(id string) string {
	if up := strings.ToUpper(id); up != id {
		return up
	}
	return strings.ToLower(id)
}

// writtenVariants are the bodies of writtenAnyWay, each with the bind it asks.
func writtenVariants(s *engine.Spec) ([]variant, map[string]dli.BindBody) {
	cfg := s.Run.Cfg
	q := cfg.Queues[0]
	one := dli.BindBody{Queues: []string{q}}
	wants := map[string]dli.BindBody{}
	var vs []variant
	add := func(name, body string, want dli.BindBody) {
		vs = append(vs, variant{name: name, req: s.BindRequest(body)})
		wants[name] = want
	}
	add("pretty-printed", fmt.Sprintf("{\n  \"queues\": [\n    %q\n  ]\n}", q), one)
	add("whitespace around every token", fmt.Sprintf(" \r\n\t{ \"queues\" :\t[ %q ] } \r\n", q), one)
	add("a trailing newline", fmt.Sprintf(`{"queues":[%q]}`+"\n", q), one)
	add("JSON escapes in the key and the name", fmt.Sprintf(`{"\u0071ueues":["%s"]}`, escaped(q)), one)
	both := dli.BindBody{Queues: cfg.Queues}
	add("names in reverse order", fmt.Sprintf(`{"queues":[%s]}`, quotedReversed(cfg.Queues)), both)
	if in := s.Run.Inputs(); in.PoolsDocumented && len(in.Pools) > 0 {
		add("elastic_resource_pools before queues", fmt.Sprintf(`{"elastic_resource_pools":[%q],"queues":[%q]}`, in.Pools[0], q),
			dli.BindBody{Queues: []string{q}, Pools: in.Pools[:1]})
	}
	return vs, wants
}

// escaped writes name as a JSON string body with its first character and every
// underscore as \u escapes (q_alpha → \u0071\u005falpha), which mean the same.
func escaped(name string) string {
	var b strings.Builder
	for i, r := range name {
		switch {
		case i == 0 && r < 0x80, r == '_':
			fmt.Fprintf(&b, `\u%04x`, r)
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func quotedReversed(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[len(names)-1-i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(out, ",")
}

// transportVariants are the same bind sent with other legal headers and framing.
func transportVariants(s *engine.Spec, body dli.BindBody) []variant {
	raw := string(body.JSON())
	with := func(name string, h http.Header, chunked bool) variant {
		req := s.BindRequest(raw)
		for k, v := range h {
			req.Header[k] = v
		}
		return variant{name: name, req: req, send: client.Send{Chunked: chunked}}
	}
	return []variant{
		with("Content-Type: application/json; charset=utf-8", http.Header{"Content-Type": {"application/json; charset=utf-8"}}, false),
		with("Content-Type: application/json;charset=UTF-8", http.Header{"Content-Type": {"application/json;charset=UTF-8"}}, false),
		with("Content-Type: Application/JSON", http.Header{"Content-Type": {"Application/JSON"}}, false),
		with("no Accept header", nil, false),
		with("Accept: */*", http.Header{"Accept": {"*/*"}}, false),
		with("Accept: application/json", http.Header{"Accept": {"application/json"}}, false),
		with("a chunked body", nil, true),
	}
}
