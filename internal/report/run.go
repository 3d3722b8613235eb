package report

import (
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/docs"
	"github.com/dli-conformance/dli-conformance/internal/generate"
	"github.com/dli-conformance/dli-conformance/internal/redact"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
	"github.com/dli-conformance/dli-conformance/internal/version"
)

// Summarise builds the summary of a run of cfg from its requirements'
// results: in is what the run knows besides them (its start, its length, a
// setup failure); the contract's declared statuses and fields and the
// documentation's fidelity are added here.
func Summarise(cfg config.Config, results []verdict.Result, in Inputs) (Summary, error) {
	ct, err := contract.Shared(cfg.Profile)
	if err != nil {
		return Summary{}, err
	}
	in.Config, in.Version = cfg, version.String()
	in.Declared = map[string][]int{"-": ct.UnroutedStatuses()}
	in.Fields = map[string][]string{}
	for _, op := range ct.Operations() {
		in.Declared[op] = ct.DeclaredStatuses(op)
		in.Fields[op] = generate.Fields(ct, op)
	}
	s := Build(results, in)
	s.Fidelity = docs.Fidelity(ct)
	return s, nil
}

// WriteRun writes the reports of a run into dir: those of the summary, and
// cases.json from the results, masked like the summary before they are cut.
func WriteRun(dir string, s Summary, results []verdict.Result) error {
	return Write(dir, s, casesFile(redact.Deep(s.redactor, CasesOf(results))))
}
