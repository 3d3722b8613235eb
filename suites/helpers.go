package suites

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/harness"
	"github.com/dli-conformance/dli-conformance/internal/report"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// registered counts the specs declared for each requirement id; a test checks
// that every requirement of the catalogue has exactly one.
var registered = map[string]int{}

// Registered returns how many specs each requirement id has.
func Registered() map[string]int { return maps.Clone(registered) }

// current is the requirement whose spec is running in this process (specs run
// one at a time per process).
var current requirement.Requirement

// Requirement declares the spec of r: named after its title, labelled with its
// labels, Serial when it changes the target (so that specs that read the
// connection in parallel never see another spec's bindings), and skipped with a
// reason when the configuration lacks its inputs.
func Requirement(r requirement.Requirement, body func(ctx SpecContext)) bool {
	registered[r.ID]++
	return declare(r, body)
}

func declare(r requirement.Requirement, body func(ctx SpecContext)) bool {
	args := []any{Label(r.Labels()...)}
	if r.Mutates {
		args = append(args, Serial)
	}
	args = append(args, func(ctx SpecContext) {
		current = r
		if why := r.SkipReason(harness.InputsOf(env.cfg, env.contract)); why != "" {
			Skip(why)
		}
		skipWhenOutOfTime()
		startCases()
		body(ctx)
	})
	return It(r.Title, args...)
}

// must fails the spec with the check's evidence, as data for the reports and
// as text for the console.
func must(err error) {
	GinkgoHelper()
	if err == nil {
		return
	}
	v := verdict.Failure{Kind: verdict.Setup, Message: err.Error()}
	if vd, ok := err.(verdict.Verdicter); ok {
		v = vd.Verdict()
	}
	failWith(v)
}

// failWith records v and fails the spec.
func failWith(v verdict.Failure) {
	GinkgoHelper()
	AddReportEntry(verdict.FailureEntry, v, ReportEntryVisibilityNever)
	Fail(v.Error())
}

// send sends r, attaches the exchange to the spec's report and checks the response
// against the contract: every response the suite receives is validated.
func send(ctx context.Context, r contract.Request) *client.Exchange {
	GinkgoHelper()
	return sendAs(ctx, client.Configured, r)
}

// sendAs is send with the credentials cr.
func sendAs(ctx context.Context, cr client.Credentials, r contract.Request) *client.Exchange {
	GinkgoHelper()
	recordFields(r, cr)
	x := env.client.DoAs(ctx, cr, r)
	shown := x.String()
	noteCase(x, shown)
	observeShown(ctx, x, shown)
	return x
}

// observe keeps x as evidence of the running spec and checks it against the
// contract.
func observe(ctx context.Context, x *client.Exchange) {
	GinkgoHelper()
	observeShown(ctx, x, x.String())
}

// observeShown is observe of an exchange already rendered for people.
func observeShown(ctx context.Context, x *client.Exchange, shown string) {
	GinkgoHelper()
	keepEvidence(shown)
	if x.Retries > 0 {
		AddReportEntry(verdict.RetriesEntry, x.Retries, ReportEntryVisibilityNever)
	}
	op, err := check.ConformsRouted(ctx, env.contract, x)
	noteConformance(x, err)
	if x.Err == nil {
		if op == "" {
			op = "-"
		}
		AddReportEntry(verdict.ObservationEntry, verdict.Observation{Operation: op, Status: x.Status}, ReportEntryVisibilityNever)
	}
	must(err)
}

// specEvidence holds the running spec's exchanges until it ends: a passing
// spec's are let go, so that a run keeps in memory and writes only the
// evidence somebody will read. Specs run one at a time per process.
var specEvidence struct {
	sync.Mutex
	kept *report.SpecEvidence
}

// specEvidenceBytes bounds the exchanges one spec keeps
// (DLI_MAX_SPEC_EVIDENCE_BYTES; by default as many as eight exchanges shown
// whole, both messages at the evidence caps).
func specEvidenceBytes() int {
	if env.cfg.MaxSpecEvidenceBytes > 0 {
		return env.cfg.MaxSpecEvidenceBytes
	}
	return config.DefaultMaxSpecEvidenceBytes
}

// keepEvidence keeps an exchange as rendered for the running spec; outside a
// spec (the suite's own setup and hygiene nodes) it is attached at once.
func keepEvidence(text string) {
	if CurrentSpecReport().LeafNodeType != types.NodeTypeIt {
		AddReportEntry(exchangeEntry, text, ReportEntryVisibilityFailureOrVerbose)
		return
	}
	specEvidence.Lock()
	defer specEvidence.Unlock()
	if specEvidence.kept == nil {
		specEvidence.kept = report.NewSpecEvidence(specEvidenceBytes())
	}
	specEvidence.kept.Add(text)
}

// exchangeEntry names the report entries of a spec's exchanges.
const exchangeEntry = "exchange"

// The exchanges of a spec that failed, or of every spec with -v, go into its
// report once it has ended, cleanups included.
var _ = ReportAfterEach(func(r SpecReport) {
	specEvidence.Lock()
	kept := specEvidence.kept
	specEvidence.kept = nil
	specEvidence.Unlock()
	if kept == nil {
		return
	}
	_, rc := GinkgoConfiguration()
	if !r.Failed() && !rc.Verbose && !rc.VeryVerbose {
		return
	}
	for _, text := range kept.Texts() {
		AddReportEntry(exchangeEntry, text, ReportEntryVisibilityFailureOrVerbose)
	}
})

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
		must(check.Fail(verdict.Effect, x, "%v", err))
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
			must(check.Fail(verdict.Hygiene, nil, "could not undo the spec's bindings: %v", err))
		}
	})
	return before
}

// bindRequest is a JSON POST to associate-queue of the configured connection.
func bindRequest(body string) contract.Request {
	return contract.JSONRequest("POST", dli.BindPath(env.cfg.ProjectID, env.cfg.ConnectionID), []byte(body))
}

// forContract is r as the contract sees it once the credentials cr are applied:
// a placeholder stands for the configured token.
func forContract(r contract.Request, cr client.Credentials) contract.Request {
	if cr == client.None {
		return r
	}
	return r.WithPlaceholderToken()
}

// mustViolate proves an invalid input invalid by the contract before it is sent.
func mustViolate(ctx context.Context, r contract.Request) {
	GinkgoHelper()
	mustViolateAs(ctx, client.Configured, r)
}

// mustViolateAs is mustViolate for a request sent with the credentials cr.
func mustViolateAs(ctx context.Context, cr client.Credentials, r contract.Request) {
	GinkgoHelper()
	must(check.RequestViolates(ctx, env.contract, forContract(r, cr)))
}

// mustConform proves a valid input valid by the contract before it is sent.
func mustConform(ctx context.Context, r contract.Request) {
	GinkgoHelper()
	must(check.RequestConforms(ctx, env.contract, forContract(r, client.Configured)))
}

// rejectedUnchanged checks a refusal: an allowed status, DLI's error body, and a
// connection whose bindings are as before.
func rejectedUnchanged(ctx context.Context, x *client.Exchange, before dli.Bindings, allowed ...int) {
	GinkgoHelper()
	must(check.Status(x, allowed...))
	must(check.ErrorBody(x))
	must(check.ErrorCode(x, expectedCodes()))
	unchangedAfterQuiet(ctx, before, x)
}

// rejectedAsUnrouted checks the answer to a request that leaves the API's routes:
// what an undefined method or path may answer (404 or 405 with an error body, or
// a redirect to the cleaned path), and no change.
func rejectedAsUnrouted(ctx context.Context, x *client.Exchange, before dli.Bindings, allowed []int) {
	GinkgoHelper()
	must(check.Unrouted(x, allowed))
	unchangedAfterQuiet(ctx, before, x)
}

// expectedCodes returns the error codes the running requirement accepts.
func expectedCodes() []string {
	return current.ExpectedCodes(env.cfg.ErrorCodes, env.cfg.StrictErrorCodes)
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
func recordFields(r contract.Request, cr client.Credentials) {
	if slices.Contains(CurrentSpecReport().Labels(), "generated") {
		return
	}
	op, exercised := generate.ExercisedBy(env.contract, forContract(r, cr))
	recordExercised(op, exercised)
}

func recordExercised(op string, exercised []generate.Exercise) {
	for _, e := range exercised {
		AddReportEntry(verdict.FieldEntry, verdict.FieldUse{Operation: op, Field: e.Field, Positive: e.Positive}, ReportEntryVisibilityNever)
	}
}
