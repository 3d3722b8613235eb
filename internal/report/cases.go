package report

import (
	"encoding/json"
	"fmt"

	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// CasesFile is the file of a run's report directory that holds its cases:
// every request a requirement sent on purpose and what came of it, for a
// differential run to compare with another target's.
const CasesFile = "cases.json"

// CasesSchema is the version of cases.json's layout.
const CasesSchema = 1

// CasesDoc is the content of cases.json.
type CasesDoc struct {
	SchemaVersion int            `json:"schema_version"`
	Cases         []verdict.Case `json:"cases"`
}

// CasesOf collects the cases the requirements recorded, in the order they ran.
func CasesOf(results []verdict.Result) []verdict.Case {
	var out []verdict.Case
	for _, r := range results {
		out = append(out, r.Cases...)
	}
	return out
}

// EncodeCases is the content of cases.json.
func EncodeCases(cs []verdict.Case) ([]byte, error) {
	if cs == nil {
		cs = []verdict.Case{}
	}
	b, err := json.MarshalIndent(CasesDoc{SchemaVersion: CasesSchema, Cases: cs}, "", "  ")
	return append(b, '\n'), err
}

// casesFile is cases.json as a file of the reports, under the same
// DLI_MAX_REPORT_BYTES: when the reports must be cut, its evidence (exchanges,
// curl lines, messages) is cut like theirs; what is compared never is.
func casesFile(cases []verdict.Case) File {
	return File{Name: CasesFile, Render: func(evidence int) ([]byte, error) {
		cut := cases
		if evidence >= 0 {
			cut = make([]verdict.Case, len(cases))
			for i, c := range cases {
				c.Exchange, c.Curl = verdict.CutEvidence(c.Exchange, evidence), verdict.CutEvidence(c.Curl, evidence)
				c.Violation = verdict.CutEvidence(c.Violation, max(evidence, minMessage))
				cut[i] = c
			}
		}
		b, err := EncodeCases(cut)
		if err != nil {
			return nil, fmt.Errorf("encode %s: %w", CasesFile, err)
		}
		return b, nil
	}}
}
