package engine

import (
	"context"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/dli"
	"github.com/dli-conformance/dli-conformance/internal/emulator"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// Start prepares a run on its first (or only) process: it serves the embedded
// emulator when no target is configured, reads the connection's bindings before
// the run, and calibrates how long a binding takes to show. A target that
// cannot be prepared gives a setup failure (the run is then returned all the
// same, so that its emulator can be closed); err is for the suite's own
// errors.
func Start(ctx context.Context, cfg config.Config, o Options) (*Run, Shared, *verdict.Failure, error) {
	sh := Shared{Endpoint: cfg.Endpoint, Token: cfg.AuthToken}
	var emu *emulator.Emulator
	var srv *httptest.Server
	if cfg.Embedded() {
		var err error
		if emu, err = newEmbedded(cfg); err != nil {
			return nil, sh, nil, err
		}
		srv = httptest.NewServer(emu)
		sh.Endpoint = srv.URL
	}
	r, err := Join(cfg, sh, o)
	if err != nil {
		if srv != nil {
			srv.Close()
		}
		return nil, sh, nil, err
	}
	r.Embedded, r.server = emu, srv
	if cfg.ConnectionID == "" {
		return r, sh, nil, nil
	}
	conn, x, err := r.API.Show(ctx, cfg.ConnectionID)
	if err != nil {
		if f, ok := r.refusedAtSetup(ctx, x); ok {
			return r, sh, &f, nil
		}
		f := verdict.Failure{Kind: setupKind(x), Message: "cannot read the bindings of DLI_CONNECTION_ID before the run, so no spec was run: " + err.Error(),
			Exchange: x.String(), Curl: x.Curl()}
		if f.Kind == verdict.Throttled {
			f.Message = "the target throttles every request, so no spec was run: " + err.Error()
		}
		return r, sh, &f, nil
	}
	start := time.Now()
	defer func() { r.phases.add(phaseSetup, time.Since(start)) }()
	b := conn.Bindings()
	sh.Baseline, r.Baseline = &b, &b
	r.others = r.recordOthers(ctx)
	sh.Others = r.others
	sh.Visible, sh.NeverShown = r.calibrate(ctx, b)
	r.learnCalibration(sh)
	return r, sh, nil, nil
}

// newEmbedded is the embedded emulator, seeded for cfg.
func newEmbedded(cfg config.Config) (*emulator.Emulator, error) {
	seed, err := SeedFor(cfg)
	if err != nil {
		return nil, err
	}
	opts := emulator.Options{Seed: seed, Profile: cfg.Profile, ActivationDelay: EmbeddedActivationDelay}
	if cfg.AuthToken != "" {
		opts.Tokens = []string{cfg.AuthToken}
	}
	if cfg.AK != "" {
		opts.KeyPairs = map[string]string{cfg.AK: cfg.SK}
	}
	return emulator.New(opts)
}

// calibrate binds one configured queue that is not bound yet, measures how long
// it takes to show, and unbinds it, so that "changes nothing" checks wait as
// long as this target takes to show a change. It binds only where the binding
// requirements may, and judges nothing: the requirements do.
func (r *Run) calibrate(ctx context.Context, before dli.Bindings) (time.Duration, bool) {
	cfg := r.Cfg
	if !cfg.MutationsAllowed() || len(cfg.Queues) == 0 {
		return 0, false
	}
	i := slices.IndexFunc(cfg.Queues, func(q string) bool { return !slices.Contains(before.Queues, q) })
	if i < 0 {
		return 0, false
	}
	want := dli.BindBody{Queues: []string{cfg.Queues[i]}}
	start := time.Now()
	if x := r.API.Bind(ctx, cfg.ConnectionID, want); x.Err != nil || x.Status != 200 {
		return 0, false
	}
	defer func() { _, _ = r.API.Restore(ctx, cfg.ConnectionID, before) }()
	if _, shown := r.API.AwaitListed(ctx, cfg.ConnectionID, want, cfg.SettleTimeout); !shown {
		return 0, true
	}
	return time.Since(start), false
}

// setupKind tells a target that gave no answer at all from one that answered
// but not usably, and from one that answered and refused.
func setupKind(x *client.Exchange) verdict.Kind {
	switch {
	case x != nil && (x.Failure == client.FailureThrottled || x.Status == 429):
		return verdict.Throttled
	case x == nil || x.Err == nil:
		return verdict.Setup
	case Unanswered(x.Err):
		return verdict.Unreachable
	default:
		return verdict.Transport
	}
}
