package verdict

// Case is one request of a run and what came of it, normalised so that two
// targets' answers to the same request can be compared: configured names and
// ids are placeholders, and nothing in it depends on the clock.
type Case struct {
	// Key names the case within a run: the requirement id, then the request's
	// place in its spec ("BIND-QUEUES#1") or in its walk ("STATEFUL-WALKS#w1.s12").
	Key         string `json:"key"`
	Requirement string `json:"requirement"`
	// Request is the request line and body with configured values replaced by
	// placeholders ("POST /v2.0/{project_id}/… {\"queues\":[\"{queue 1}\"]}").
	Request string `json:"request"`
	// Operation is the contract's operation the request routes to, or "-".
	Operation string `json:"operation,omitempty"`
	// Status is the answer's status code; 0 when no complete answer came, and
	// Transport then says what happened instead.
	Status    int    `json:"status"`
	Transport string `json:"transport,omitempty"`
	// ContentType is the answer's media type and parameters, lower-cased.
	ContentType string `json:"content_type,omitempty"`
	// ErrorCode is the DLI error_code of an error body.
	ErrorCode string `json:"error_code,omitempty"`
	// Success is the is_success flag of a JSON answer that has one.
	Success *bool `json:"is_success,omitempty"`
	// Shape lists the answer body's fields as "path: type", sorted, with "[]"
	// standing for every element of an array ("available_queue_info[].name: string").
	Shape []string `json:"shape,omitempty"`
	// Message is the answer's free text (message or error_msg), compared only
	// when asked.
	Message string `json:"message,omitempty"`
	// Effect is what the request changed on the connection, as the spec's effect
	// check saw it; nil when no effect check followed the request.
	Effect *CaseEffect `json:"effect,omitempty"`
	// Conforms says whether the answer conforms to the contract; Violation says
	// how it does not.
	Conforms  bool   `json:"conforms"`
	Violation string `json:"violation,omitempty"`
	// Exchange and Curl are the evidence, credentials replaced.
	Exchange string `json:"exchange,omitempty"`
	Curl     string `json:"curl,omitempty"`
}

// CaseEffect is a change to a connection's bindings, names as placeholders where
// they were configured.
type CaseEffect struct {
	Added   Names `json:"added"`
	Removed Names `json:"removed"`
}

// Empty tells whether nothing changed.
func (e CaseEffect) Empty() bool {
	return len(e.Added.Queues)+len(e.Added.Pools)+len(e.Removed.Queues)+len(e.Removed.Pools) == 0
}
