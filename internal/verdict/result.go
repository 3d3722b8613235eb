package verdict

import "time"

// State of a requirement in a run.
type State string

// The statuses a requirement ends in when it is executed.
const (
	Passed  State = "passed"
	Failed  State = "failed"
	Skipped State = "skipped"
)

// Result is what executing one requirement gave: its verdict and everything
// the reports count, as data.
type Result struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Group string `json:"group"`
	// Generated is set for a case drawn from the contract.
	Generated bool  `json:"generated,omitempty"`
	Status    State `json:"status"`
	// Reason says why the requirement was skipped.
	Reason string `json:"reason,omitempty"`
	// OutOfTime is set when it was skipped because the run's time budget ran out.
	OutOfTime bool `json:"out_of_time,omitempty"`
	// Failure is the evidence of a failure.
	Failure  *Failure      `json:"failure,omitempty"`
	Duration time.Duration `json:"duration"`
	// Steps counts the requests a stateful requirement made (0: it counts as
	// one case).
	Steps        int           `json:"steps,omitempty"`
	Retries      int           `json:"retries,omitempty"`
	Observations []Observation `json:"observations,omitempty"`
	Fields       []FieldUse    `json:"fields,omitempty"`
	Cases        []Case        `json:"cases,omitempty"`
	// Notes are remarks for people ("not settled", a rate).
	Notes []string `json:"notes,omitempty"`
	// Time says where the requirement's time went, by phase ("requests",
	// "quiet periods", "settle waits", "walks", "shrinking").
	Time map[string]time.Duration `json:"time,omitempty"`
	// Evidence holds the exchanges of a failed requirement (or of every one,
	// when the run is verbose), as rendered, within the spec evidence budget.
	Evidence []string `json:"evidence,omitempty"`
}

// ResultEntry names the report entry that carries a Result between the
// processes of a parallel Ginkgo run.
const ResultEntry = "result"

// SetupEntry names the report entry that carries a setup Failure.
const SetupEntry = "setup"
