package engine

import (
	"context"
	"fmt"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/verdict"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/signer"
)

// Run is one run of the requirements against one target.
type Run struct {
	Cfg      config.Config
	Contract *contract.Contract
	Client   *client.Client
	API      *dli.API
	// Embedded is the embedded emulator when the run serves one in this
	// process: a departure from its own contract fails the run.
	Embedded *emulator.Emulator
	// Baseline is the connection's bindings before the run; nil when no
	// connection is configured or they could not be read.
	Baseline *dli.Bindings
	// Verbose keeps every requirement's exchanges as evidence, not only a
	// failed one's.
	Verbose bool
	// others are the bindings of the other connections the run's requests
	// can reach, before the run (others.go).
	others map[string]dli.Bindings

	deadline time.Time
	server   *httptest.Server
	cases    caseNames
	phases   phases

	pace struct {
		sync.Mutex
		visible  Visibility
		timedOut string
	}
}

// Shared is what the first process of a run hands to the others: the target
// as started, and what the setup learnt of it.
type Shared struct {
	Endpoint string        `json:"endpoint"`
	Token    string        `json:"token"`
	Baseline *dli.Bindings `json:"baseline,omitempty"`
	// Others are the other connections' bindings before the run.
	Others map[string]dli.Bindings `json:"others,omitempty"`
	// Visible is how long the calibration bind took to show; NeverShown is set
	// when it never did within the settle timeout.
	Visible    time.Duration `json:"visible,omitempty"`
	NeverShown bool          `json:"never_shown,omitempty"`
}

// Options are the settings of a run besides its configuration.
type Options struct {
	// Processes is how many processes share the target (Ginkgo's -p): the
	// rate limit is split between them.
	Processes int
	Verbose   bool
	// Serial makes every requirement wait its own quiet period, as the Ginkgo
	// suite does; by default read-only requirements share theirs (window.go).
	Serial bool
	// Order, when not 0, is the seed of the order RunAll runs the
	// requirements in; 0 keeps the order given.
	Order int64
	// OnResult, when set, is told each requirement's result as it ends, for
	// a console that shows the run as it goes.
	OnResult func(verdict.Result)
}

// Join builds the run of one process from what the first process shared.
func Join(cfg config.Config, sh Shared, o Options) (*Run, error) {
	ct, err := contract.Shared(cfg.Profile)
	if err != nil {
		return nil, err
	}
	cfg.AuthToken = sh.Token
	var auth client.Auth
	switch {
	case cfg.AK != "":
		auth = client.SignerAuth{Credentials: signer.Credentials{AK: cfg.AK, SK: cfg.SK, SecurityToken: cfg.SecurityToken}, ProjectID: cfg.ProjectID}
	case cfg.AuthToken != "":
		auth = client.TokenAuth{Token: cfg.AuthToken}
	}
	tlsCfg, err := cfg.TLSConfig()
	if err != nil {
		return nil, err
	}
	c, err := client.New(client.Options{
		Endpoint: sh.Endpoint, Auth: auth, Timeout: cfg.Timeout, TLS: tlsCfg,
		Secrets: cfg.Secrets(), Sent: cfg.Redactor(), RateLimit: cfg.RateLimit / float64(max(o.Processes, 1)), MaxRetries: cfg.MaxRetries,
		ThrottleBudget: cfg.ThrottleBudget, MaxHeaderBytes: cfg.MaxHeaderBytes, MaxBodyBytes: cfg.MaxBodyBytes,
		MaxEvidenceHeaderBytes: cfg.MaxEvidenceHeaderBytes, MaxEvidenceBodyBytes: cfg.MaxEvidenceBodyBytes,
	})
	if err != nil {
		return nil, err
	}
	r := &Run{Cfg: cfg, Contract: ct, Client: c, API: &dli.API{Client: c, Project: cfg.ProjectID}, Baseline: sh.Baseline, Verbose: o.Verbose, others: sh.Others}
	r.learnCalibration(sh)
	if cfg.RunTimeout > 0 {
		r.deadline = time.Now().Add(cfg.RunTimeout)
	}
	return r, nil
}

// learnCalibration takes what the calibration bind found: how long a binding
// took to show, or that none showed within the settle timeout.
func (r *Run) learnCalibration(sh Shared) {
	if sh.Visible > 0 {
		r.pace.visible.Saw(sh.Visible)
		// The stateful checks wait for a change as long as the slowest they
		// know of: the calibration bind is the first they hear of.
		r.API.NoteShowed(sh.Visible)
	}
	if sh.NeverShown {
		r.pace.timedOut = "the calibration bind before the run"
	}
}

// Close stops the embedded emulator, if the run serves one.
func (r *Run) Close() {
	if r.server != nil {
		r.server.Close()
	}
}

// Inputs is what the run's configuration provides to the requirements' needs.
func (r *Run) Inputs() Inputs { return InputsOf(r.Cfg, r.Contract) }

// outOfTime tells whether the run's time budget has run out.
func (r *Run) outOfTime() bool { return !r.deadline.IsZero() && time.Now().After(r.deadline) }

// QuietPeriod is how long a "changes nothing" check waits for a late change.
func (r *Run) QuietPeriod() time.Duration {
	r.pace.Lock()
	defer r.pace.Unlock()
	return r.pace.visible.QuietPeriod(r.Cfg.QuietPeriod, r.Cfg.SettleTimeout)
}

// SettleTimeout is how long a stateful requirement waits for a change to show:
// DLI_SETTLE_TIMEOUT, or, once an effect check has waited that long in vain, a
// moment, so that a target that never shows a binding fails each of them at once.
func (r *Run) SettleTimeout() time.Duration {
	r.pace.Lock()
	defer r.pace.Unlock()
	if r.pace.timedOut != "" {
		return 50 * time.Millisecond
	}
	return r.Cfg.SettleTimeout
}

// Reset puts the embedded emulator back to its seed, for walks that replay a
// sequence while shrinking it; nil for a target that has no such thing.
func (r *Run) Reset() func(context.Context) error {
	if !r.Cfg.Embedded() {
		return nil
	}
	return func(ctx context.Context) error {
		x := r.Client.Do(ctx, contract.Request{Method: "POST", Target: "/_emulator/reset"})
		if x.Err != nil {
			return x.Err
		}
		if x.Status/100 != 2 {
			return fmt.Errorf("POST /_emulator/reset answered %d", x.Status)
		}
		return nil
	}
}
