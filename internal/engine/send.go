package engine

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Send sends req as one case of the spec, keeps the exchange as evidence and
// checks the answer against the contract: every answer the suite receives is
// validated.
func (s *Spec) Send(ctx context.Context, req contract.Request) *client.Exchange {
	return s.SendAs(ctx, client.Configured, req)
}

// SendAs is Send with the credentials cr instead of the configured ones.
func (s *Spec) SendAs(ctx context.Context, cr client.Credentials, req contract.Request) *client.Exchange {
	return s.SendWith(ctx, client.Send{Credentials: cr}, req)
}

// SendWith is Send sent as how says: other credentials, another framing.
func (s *Spec) SendWith(ctx context.Context, how client.Send, req contract.Request) *client.Exchange {
	if !s.Req.Generated() {
		op, exercised := generate.ExercisedBy(s.Run.Contract, ForContract(req, how.Credentials))
		s.Exercised(op, exercised)
	}
	start := time.Now()
	x := s.Run.Client.DoWith(ctx, how, req)
	s.phases.add(phaseRequests, time.Since(start))
	shown := x.String()
	s.noteCase(x, shown)
	s.observeShown(ctx, x, shown)
	return x
}

// Observe keeps x as evidence of the spec and checks it against the contract.
func (s *Spec) Observe(ctx context.Context, x *client.Exchange) {
	s.observeShown(ctx, x, x.String())
}

func (s *Spec) observeShown(ctx context.Context, x *client.Exchange, shown string) {
	s.mu.Lock()
	s.evidence.Add(shown)
	s.res.Retries += x.Retries
	s.mu.Unlock()
	op, err := check.ConformsRouted(ctx, s.Run.Contract, x)
	s.noteConformance(x, err)
	if x.Err == nil {
		if op == "" {
			op = "-"
		}
		s.mu.Lock()
		s.res.Observations = append(s.res.Observations, verdict.Observation{Operation: op, Status: x.Status})
		s.mu.Unlock()
	}
	s.Must(err)
}

// Exercised records which request fields a request exercised, valid or
// invalid, for the field coverage.
func (s *Spec) Exercised(op string, exercised []generate.Exercise) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range exercised {
		s.res.Fields = append(s.res.Fields, verdict.FieldUse{Operation: op, Field: e.Field, Positive: e.Positive})
	}
}

// ForContract is r as the contract sees it once the credentials cr are
// applied: a placeholder stands for the configured token.
func ForContract(r contract.Request, cr client.Credentials) contract.Request {
	if cr == client.None {
		return r
	}
	return r.WithPlaceholderToken()
}

// MustViolate proves an invalid input invalid by the contract before it is sent.
func (s *Spec) MustViolate(ctx context.Context, r contract.Request) {
	s.MustViolateAs(ctx, client.Configured, r)
}

// MustViolateAs is MustViolate for a request sent with the credentials cr.
func (s *Spec) MustViolateAs(ctx context.Context, cr client.Credentials, r contract.Request) {
	s.Must(check.RequestViolates(ctx, s.Run.Contract, ForContract(r, cr)))
}

// MustConform proves a valid input valid by the contract before it is sent.
func (s *Spec) MustConform(ctx context.Context, r contract.Request) {
	s.Must(check.RequestConforms(ctx, s.Run.Contract, ForContract(r, client.Configured)))
}

// BindRequest is a JSON POST to associate-queue of the configured connection.
func (s *Spec) BindRequest(body string) contract.Request {
	return contract.JSONRequest("POST", dli.BindPath(s.Run.Cfg.ProjectID, s.Run.Cfg.ConnectionID), []byte(body))
}

// JSON encodes v for a request body.
func (s *Spec) JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		s.Fail(verdict.Failure{Kind: verdict.Input, Message: "encoding a request body: " + err.Error()})
	}
	return string(b)
}

// RejectedUnchanged checks a refusal: an allowed status, DLI's error body, a
// documented error code, and a connection whose bindings are as before.
func (s *Spec) RejectedUnchanged(ctx context.Context, x *client.Exchange, before dli.Bindings, allowed ...int) {
	s.Must(check.Status(x, allowed...))
	s.Must(check.ErrorBody(x))
	s.Must(check.ErrorCode(x, s.ExpectedCodes()))
	s.UnchangedAfterQuiet(ctx, before, x)
}

// RejectedAsUnrouted checks the answer to a request that leaves the API's
// routes: what an undefined method or path may answer (404 or 405 with an error
// body, or a redirect to the cleaned path), and no change.
func (s *Spec) RejectedAsUnrouted(ctx context.Context, x *client.Exchange, before dli.Bindings, allowed []int) {
	s.Must(check.Unrouted(x, allowed))
	s.UnchangedAfterQuiet(ctx, before, x)
}
