package requirement

import (
	"context"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/engine"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// The families: each requirement below sends several variants of one request
// (legal ways to write a valid bind, illegal bodies, names at their edges,
// near-miss credentials) and names the variant a failure comes from. A family
// of refusals shares one guard and one quiet wait: each variant's effect is
// looked at at once, which attributes an immediate change to its variant, and
// the quiet wait at the end catches a late one.

// variant is one way of writing a request, named for the failure it causes.
type variant struct {
	name string
	req  contract.Request
	// send says how the variant goes besides the request itself (framing,
	// credentials); the zero value is the configured way.
	send client.Send
}

// named prefixes the failure err with the variant it came from.
func named(name string, err error) error {
	if f, ok := err.(*check.Failure); ok {
		g := *f
		g.Message = name + ": " + f.Message
		return &g
	}
	return err
}

// mustAll fails the spec with the first of errs, named after the variant.
func mustAll(s *engine.Spec, name string, errs ...error) {
	for _, err := range errs {
		if err != nil {
			s.Must(named(name, err))
		}
	}
}

// unchangedNow checks at once, without the quiet wait, that the variant left the
// connection's bindings as before; a change is undone and fails the spec
// naming the variant.
func unchangedNow(ctx context.Context, s *engine.Spec, before dli.Bindings, v variant, x *client.Exchange) {
	if after := s.Bindings(ctx); !after.Equal(before) {
		s.Must(check.Fail(verdict.Effect, x, "%s: the request was refused or ignored, yet the connection changed: it had %s and now has %s", v.name, before, after))
	}
}

// refusedFamily sends each variant, which must be refused with one of allowed,
// DLI's error body and a documented code, changing nothing; one quiet wait at
// the end covers a change that shows late.
func refusedFamily(ctx context.Context, s *engine.Spec, vs []variant, allowed ...int) {
	before := s.Guard(ctx)
	var last *client.Exchange
	for _, v := range vs {
		x := s.SendWith(ctx, v.send, v.req)
		mustAll(s, v.name, check.Status(x, allowed...), check.ErrorBody(x), check.ErrorCode(x, s.ExpectedCodes()))
		unchangedNow(ctx, s, before, v, x)
		last = x
	}
	s.UnchangedAfterQuiet(ctx, before, last)
}

// acceptedFamily sends each variant, a bind of want, which must be answered 200
// with is_success true and bind just want; the connection is put back between
// variants, so that each binds anew.
func acceptedFamily(ctx context.Context, s *engine.Spec, vs []variant, want func(variant) dli.BindBody) {
	before := s.RestoreAfter(ctx)
	for _, v := range vs {
		s.Note("variant: " + v.name)
		x := s.SendWith(ctx, v.send, v.req)
		mustAll(s, v.name, check.Status(x, 200), check.JSONContentType(x), check.Succeeded(x))
		s.BindsJustThat(ctx, x, before, want(v))
		putBack(ctx, s, before)
	}
}

// putBack undoes a variant's bind before the next one.
func putBack(ctx context.Context, s *engine.Spec, before dli.Bindings) {
	if err := s.PutBack(ctx, before); err != nil {
		s.Must(check.Fail(verdict.Hygiene, nil, "could not undo a variant's bind before the next: %v", err))
	}
}
