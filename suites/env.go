package suites

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/signer"
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
			kind := "[setup]"
			if x.Err != nil {
				kind = "[transport]"
			}
			Fail(fmt.Sprintf("%s cannot read the bindings of DLI_CONNECTION_ID before the run, so no spec was run: %v\n\nexchange:\n%s", kind, err, x))
		}
		b := conn.Bindings()
		sh.Baseline = &b
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
})

var _ = SynchronizedAfterSuite(func() {}, func(ctx SpecContext) {
	if env == nil || env.baseline == nil {
		AddReportEntry(leaveNoTraceEntry, ReportEntryVisibilityFailureOrVerbose, "skipped: DLI_CONNECTION_ID is not set")
		return
	}
	conn, x, err := env.api.Show(ctx, env.cfg.ConnectionID)
	if err != nil {
		AddReportEntry(leaveNoTraceEntry, ReportEntryVisibilityFailureOrVerbose, "failed")
		Fail(fmt.Sprintf("[hygiene] cannot read the bindings of DLI_CONNECTION_ID after the run to compare them: %v\n\nexchange:\n%s", err, x))
	}
	observe(ctx, x)
	after := conn.Bindings()
	if !after.Equal(*env.baseline) {
		left := &dli.LeftoverError{Connection: env.cfg.ConnectionID, Before: *env.baseline, After: after,
			Undo: dli.UnbindPath(env.cfg.ProjectID, env.cfg.ConnectionID), Extra: after.Minus(*env.baseline)}
		AddReportEntry(leaveNoTraceEntry, ReportEntryVisibilityFailureOrVerbose, "failed")
		Fail("[hygiene] the run did not leave the target as it found it: " + left.Error())
	}
	AddReportEntry(leaveNoTraceEntry, ReportEntryVisibilityFailureOrVerbose, "checked")
})

// leaveNoTraceEntry names the report entry that the after-suite check leaves.
const leaveNoTraceEntry = "LEAVE-NO-TRACE"

func newSuiteEnv(cfg config.Config, sh shared) (*suiteEnv, error) {
	ct, err := contract.Load(cfg.Profile)
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
	})
	if err != nil {
		return nil, err
	}
	return &suiteEnv{cfg: cfg, contract: ct, client: c, api: &dli.API{Client: c, Project: cfg.ProjectID}, baseline: sh.Baseline}, nil
}

// startEmbedded serves the embedded emulator on loopback, seeded for cfg.
func startEmbedded(cfg config.Config) (*httptest.Server, error) {
	seed, err := seedFor(cfg)
	if err != nil {
		return nil, err
	}
	opts := emulator.Options{Seed: seed, Profile: cfg.Profile, ActivationDelay: embeddedActivationDelay}
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
	return httptest.NewServer(emu), nil
}

// RandomToken returns a token for the embedded emulator when none is configured.
func RandomToken() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "emu-" + hex.EncodeToString(b)
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
	return emulatorDefaults(cfg)
}
