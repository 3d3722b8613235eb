package suites

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dli-conformance/dli-conformance/internal/check"
	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/harness"
	"github.com/dli-conformance/dli-conformance/internal/requirement"
	"github.com/dli-conformance/dli-conformance/internal/signer"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// suiteEnv is everything a spec uses, built once per process.
type suiteEnv struct {
	cfg      config.Config
	contract *contract.Contract
	client   *client.Client
	api      *dli.API
	// baseline is the connection's bindings before the run (process 1 takes it).
	baseline *dli.Bindings
}

// env is set by SynchronizedBeforeSuite on every process.
var env *suiteEnv

// runConfig is the configuration this process runs with; set before RunSpecs.
var runConfig config.Config

// shared is what process 1 hands to every process.
type shared struct {
	Endpoint string        `json:"endpoint"`
	Token    string        `json:"token"`
	Baseline *dli.Bindings `json:"baseline,omitempty"`
	// Visible is how long the calibration bind took to show; NeverShown is set
	// when it never did within the settle timeout.
	Visible    time.Duration `json:"visible,omitempty"`
	NeverShown bool          `json:"never_shown,omitempty"`
}

var _ = SynchronizedBeforeSuite(func(ctx SpecContext) []byte {
	cfg := runConfig
	sh := shared{Endpoint: cfg.Endpoint, Token: cfg.AuthToken}
	if cfg.Embedded() {
		srv, err := startEmbedded(cfg)
		Expect(err).NotTo(HaveOccurred(), "starting the embedded emulator")
		DeferCleanup(srv.Close)
		sh.Endpoint = srv.URL
	}
	e, err := newSuiteEnv(cfg, sh)
	Expect(err).NotTo(HaveOccurred())
	if cfg.ConnectionID != "" {
		conn, x, err := e.api.Show(ctx, cfg.ConnectionID)
		if err != nil {
			v := verdict.Failure{Kind: setupKind(x), Message: "cannot read the bindings of DLI_CONNECTION_ID before the run, so no spec was run: " + err.Error(),
				Exchange: x.String(), Curl: x.Curl()}
			if v.Kind == verdict.Throttled {
				v.Message = "the target throttles every request, so no spec was run: " + err.Error()
			}
			failWith(v)
		}
		b := conn.Bindings()
		sh.Baseline = &b
		sh.Visible, sh.NeverShown = calibrate(ctx, e, b)
	}
	out, err := json.Marshal(sh)
	Expect(err).NotTo(HaveOccurred())
	return out
}, func(data []byte) {
	var sh shared
	Expect(json.Unmarshal(data, &sh)).To(Succeed())
	e, err := newSuiteEnv(runConfig, sh)
	Expect(err).NotTo(HaveOccurred())
	env = e
	if sh.Visible > 0 {
		pace.visible.Saw(sh.Visible)
	}
	if sh.NeverShown {
		pace.timedOut = "the calibration bind before the run"
	}
	if runConfig.RunTimeout > 0 {
		runDeadline = time.Now().Add(runConfig.RunTimeout)
	}
})

// calibrate binds one configured queue that is not bound yet, measures how long
// it takes to show, and unbinds it, so that "changes nothing" checks wait as
// long as this target takes to show a change. It binds only where the binding
// specs may, and judges nothing: the specs do.
func calibrate(ctx context.Context, e *suiteEnv, before dli.Bindings) (time.Duration, bool) {
	cfg := e.cfg
	if !cfg.MutationsAllowed() || len(cfg.Queues) == 0 {
		return 0, false
	}
	i := slices.IndexFunc(cfg.Queues, func(q string) bool { return !slices.Contains(before.Queues, q) })
	if i < 0 {
		return 0, false
	}
	want := dli.BindBody{Queues: []string{cfg.Queues[i]}}
	start := time.Now()
	if x := e.api.Bind(ctx, cfg.ConnectionID, want); x.Err != nil || x.Status != 200 {
		return 0, false
	}
	defer func() { _, _ = e.api.Restore(ctx, cfg.ConnectionID, before) }()
	if _, shown := e.api.AwaitListed(ctx, cfg.ConnectionID, want, cfg.SettleTimeout); !shown {
		return 0, true
	}
	return time.Since(start), false
}

var _ = SynchronizedAfterSuite(func() {}, func(ctx SpecContext) {
	if env == nil || env.baseline == nil {
		AddReportEntry(verdict.HygieneEntry, verdict.HygieneResult{Reason: requirement.NeedConnection.Unmet(requirement.Inputs{})}, ReportEntryVisibilityNever)
		return
	}
	AddReportEntry(verdict.HygieneEntry, verdict.HygieneResult{Checked: true}, ReportEntryVisibilityNever)
	current = requirement.LeaveNoTrace
	conn, x, err := env.api.Show(ctx, env.cfg.ConnectionID)
	if err != nil {
		failWith(verdict.Failure{Kind: verdict.Hygiene, Message: "cannot read the bindings of DLI_CONNECTION_ID after the run to compare them: " + err.Error(),
			Exchange: x.String(), Curl: x.Curl()})
	}
	observe(ctx, x)
	after := conn.Bindings()
	if !after.Equal(*env.baseline) {
		left := &dli.LeftoverError{Connection: env.cfg.ConnectionID, Before: *env.baseline, After: after,
			Undo: dli.UnbindPath(env.cfg.ProjectID, env.cfg.ConnectionID), Extra: after.Minus(*env.baseline)}
		failWith(verdict.Failure{Kind: verdict.Hygiene, Message: "the run did not leave the target as it found it: " + left.Error(),
			Changed: check.Change(*env.baseline, after, *env.baseline)})
	}
})

// setupKind tells a target that gave no answer at all from one that answered
// but not usably, and from one that answered and refused.
func setupKind(x *client.Exchange) verdict.Kind {
	switch {
	case x != nil && (x.Failure == client.FailureThrottled || x.Status == 429):
		return verdict.Throttled
	case x == nil || x.Err == nil:
		return verdict.Setup
	case harness.Unanswered(x.Err):
		return verdict.Unreachable
	default:
		return verdict.Transport
	}
}

func newSuiteEnv(cfg config.Config, sh shared) (*suiteEnv, error) {
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
	// Parallel processes share the account's limit.
	suiteCfg, _ := GinkgoConfiguration()
	rate := cfg.RateLimit / float64(max(suiteCfg.ParallelTotal, 1))
	c, err := client.New(client.Options{
		Endpoint: sh.Endpoint, Auth: auth, Timeout: cfg.Timeout, TLS: tlsCfg,
		Secrets: cfg.Secrets(), RateLimit: rate, MaxRetries: cfg.MaxRetries,
		ThrottleBudget: cfg.ThrottleBudget, MaxHeaderBytes: cfg.MaxHeaderBytes, MaxBodyBytes: cfg.MaxBodyBytes,
		MaxEvidenceHeaderBytes: cfg.MaxEvidenceHeaderBytes, MaxEvidenceBodyBytes: cfg.MaxEvidenceBodyBytes,
	})
	if err != nil {
		return nil, err
	}
	return &suiteEnv{cfg: cfg, contract: ct, client: c, api: &dli.API{Client: c, Project: cfg.ProjectID}, baseline: sh.Baseline}, nil
}

// embedded is the embedded emulator of this run, when process 1 serves one: a
// departure from its own contract fails the run as a defect of the emulator.
var embedded *emulator.Emulator

// startEmbedded serves the embedded emulator on loopback, seeded for cfg.
func startEmbedded(cfg config.Config) (*httptest.Server, error) {
	seed, err := harness.SeedFor(cfg)
	if err != nil {
		return nil, err
	}
	opts := emulator.Options{Seed: seed, Profile: cfg.Profile, ActivationDelay: harness.EmbeddedActivationDelay}
	if cfg.AuthToken != "" {
		opts.Tokens = []string{cfg.AuthToken}
	}
	if cfg.AK != "" {
		opts.KeyPairs = map[string]string{cfg.AK: cfg.SK}
	}
	emu, err := emulator.New(opts)
	if err != nil {
		return nil, err
	}
	embedded = emu
	return httptest.NewServer(emu), nil
}

// LoadConfig reads the configuration from the environment and fills the embedded
// emulator's defaults: its seed's project, connections, queues and pools.
func LoadConfig() (config.Config, error) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return cfg, err
	}
	if !cfg.Embedded() {
		return cfg, nil
	}
	return harness.EmulatorDefaults(cfg)
}
