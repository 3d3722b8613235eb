package suites

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	. "github.com/onsi/ginkgo/v2"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// Requirement declares the spec of catalogue entry id: named after its title,
// labelled with its labels, Serial when it changes the target (so that specs that
// read the connection in parallel never see another spec's bindings), and skipped
// with a reason when the configuration lacks its inputs.
func Requirement(id string, body func(ctx SpecContext)) bool {
	r := requirement.Must(id)
	args := []any{Label(r.Labels()...)}
	if r.Mutates {
		args = append(args, Serial)
	}
	args = append(args, func(ctx SpecContext) {
		skipUnlessAvailable(r)
		body(ctx)
	})
	return It(r.Title, args...)
}

func skipUnlessAvailable(r requirement.Requirement) {
	cfg := env.cfg
	if r.Mutates && !cfg.MutationsAllowed() {
		Skip("the target is not on loopback and DLI_ALLOW_MUTATIONS is not true: this spec changes the connection's bindings")
	}
	for _, need := range r.Needs {
		switch need {
		case "connection":
			if cfg.ConnectionID == "" {
				Skip("DLI_CONNECTION_ID is not set: the spec needs an active connection")
			}
		case "queues":
			if len(cfg.Queues) < 2 {
				Skip("DLI_QUEUES is not set: the spec needs two existing queues")
			}
		case "pools", "pools-profile":
			if cfg.Profile == contract.OTC {
				Skip("profile otc documents no elastic resource pools")
			}
			if need == "pools" && len(cfg.Pools) == 0 {
				Skip("DLI_POOLS is not set: the spec needs an existing elastic resource pool")
			}
		case "deleted-connection":
			if cfg.DeletedConnectionID == "" {
				Skip("DLI_DELETED_CONNECTION_ID is not set: the spec needs a deleted connection")
			}
		case "auth":
			if cfg.AuthToken == "" && cfg.AK == "" {
				Skip("neither DLI_AUTH_TOKEN nor DLI_AK/DLI_SK is set, so the target is taken to need no credentials")
			}
		}
	}
}

// must fails the spec with the check's evidence.
func must(err error) {
	GinkgoHelper()
	if err != nil {
		Fail(err.Error())
	}
}

// send sends r, attaches the exchange to the spec's report and checks the response
// against the contract: every response the suite receives is validated.
func send(ctx context.Context, r client.Request) *client.Exchange {
	GinkgoHelper()
	recordFields(r)
	x := env.client.Do(ctx, r)
	observe(ctx, x)
	return x
}

func observe(ctx context.Context, x *client.Exchange) {
	GinkgoHelper()
	AddReportEntry("exchange", x.String(), ReportEntryVisibilityFailureOrVerbose)
	if x.Retries > 0 {
		AddReportEntry(report.RetriesEntry, x.Retries)
	}
	if x.Err == nil {
		op := env.contract.Operation(x.ContractRequest())
		if op == "" {
			op = "-"
		}
		AddReportEntry(report.CoverageEntry, fmt.Sprintf("%s %d", op, x.Status), ReportEntryVisibilityNever)
	}
	must(check.Conforms(ctx, env.contract, x))
}

// bindings queries the configured connection and returns its bindings.
func bindings(ctx context.Context) dli.Bindings {
	GinkgoHelper()
	conn := show(ctx)
	b := conn.Bindings()
	must(check.NoDuplicates(b, nil))
	return b
}

func show(ctx context.Context) *dli.Connection {
	GinkgoHelper()
	conn, x, err := env.api.Show(ctx, env.cfg.ConnectionID)
	observe(ctx, x)
	if err != nil {
		must(&check.Failure{Kind: check.KindEffect, Msg: err.Error(), Exchange: x})
	}
	return conn
}

// restoreAfter records the connection's bindings and registers the cleanup that
// puts them back; a cleanup that cannot fails the spec as a hygiene failure.
func restoreAfter(ctx context.Context) dli.Bindings {
	GinkgoHelper()
	before := bindings(ctx)
	DeferCleanup(func(ctx SpecContext) {
		xs, err := env.api.Restore(ctx, env.cfg.ConnectionID, before)
		for _, x := range xs {
			observe(ctx, x)
		}
		if err != nil {
			must(&check.Failure{Kind: check.KindHygiene, Msg: "could not undo the spec's bindings: " + err.Error()})
		}
	})
	return before
}

// bindRequest is a JSON POST to associate-queue of the configured connection.
func bindRequest(body string) client.Request {
	return client.JSON("POST", dli.BindPath(env.cfg.ProjectID, env.cfg.ConnectionID), []byte(body))
}

// forContract is r as the contract sees it before credentials are applied: a
// placeholder stands for the configured token.
func forContract(r client.Request) contract.Request {
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if r.Credentials != client.None {
		h.Set("X-Auth-Token", "placeholder")
	}
	return contract.Request{Method: r.Method, Target: r.Target, Header: h, Body: r.Body}
}

// mustViolate proves an invalid input invalid by the contract before it is sent.
func mustViolate(ctx context.Context, r client.Request) {
	GinkgoHelper()
	must(check.RequestViolates(ctx, env.contract, forContract(r)))
}

// mustConform proves a valid input valid by the contract before it is sent.
func mustConform(ctx context.Context, r client.Request) {
	GinkgoHelper()
	must(check.RequestConforms(ctx, env.contract, forContract(r)))
}

// rejectedUnchanged checks a refusal: an allowed status, DLI's error body, and a
// connection whose bindings are as before.
func rejectedUnchanged(ctx context.Context, x *client.Exchange, before dli.Bindings, allowed ...int) {
	GinkgoHelper()
	must(check.Status(x, allowed...))
	must(check.ErrorBody(x))
	must(check.ErrorCode(x, expectedCodes()))
	must(check.Unchanged(before, bindings(ctx), x))
}

// expectedCodes returns the error codes the running requirement accepts: those
// the configuration names for it, else in strict mode its first documented code,
// else any of its documented codes.
func expectedCodes() []string {
	id := requirement.IDFromLabels(CurrentSpecReport().Labels())
	r, err := requirement.ByID(id)
	if err != nil {
		return nil
	}
	if codes, ok := env.cfg.ErrorCodes[id]; ok {
		return codes
	}
	if env.cfg.StrictErrorCodes && len(r.Codes) > 0 {
		return r.Codes[:1]
	}
	return r.Codes
}

// awaitBound waits, within DLI_SETTLE_TIMEOUT, for the bindings of want to show
// and settle, and returns the connection as last seen.
func awaitBound(ctx context.Context, want dli.BindBody) *dli.Connection {
	GinkgoHelper()
	conn, xs, err := env.api.AwaitSettled(ctx, env.cfg.ConnectionID, want, env.cfg.SettleTimeout)
	for _, x := range xs {
		observe(ctx, x)
	}
	if err != nil {
		must(&check.Failure{Kind: check.KindEffect, Msg: err.Error(), Exchange: xs[len(xs)-1]})
	}
	if !conn.Settled(want) {
		AddReportEntry("not settled", fmt.Sprintf("still CREATING or not listed after DLI_SETTLE_TIMEOUT (%v)", env.cfg.SettleTimeout))
	}
	return conn
}

// jsonOf encodes v for a request body.
func jsonOf(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		Fail("encoding a request body: " + err.Error())
	}
	return string(b)
}

// recordFields notes which request fields a hand-written spec's request
// exercises, valid or invalid, for the field coverage; generated cases record
// their own.
func recordFields(r client.Request) {
	if slices.Contains(CurrentSpecReport().Labels(), "generated") {
		return
	}
	op, exercised := generate.ExercisedBy(env.contract, forContract(r))
	for _, e := range exercised {
		AddReportEntry(report.FieldEntry, report.FieldEntryValue(op, e.Field, e.Positive), ReportEntryVisibilityNever)
	}
}
