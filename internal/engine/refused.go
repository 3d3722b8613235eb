package engine

import (
	"context"
	"fmt"

	"github.com/dli-conformance/dli-conformance/internal/client"
	"github.com/dli-conformance/dli-conformance/internal/config"
	"github.com/dli-conformance/dli-conformance/internal/verdict"
)

// refusedAtSetup classifies a setup read of the connection that the target
// answered with a refusal, as an outcome of its own naming the setting to
// fix: 401 or 403 is the credentials; 404 or 400 is a project or connection
// the target does not know, told apart by listing the project's connections.
// ok is false for any other answer, which stays a failure of the setup.
// Without this, a wrong token showed as every requirement failing, which CI
// cannot tell from a non-conformant release.
func (r *Run) refusedAtSetup(ctx context.Context, x *client.Exchange) (verdict.Failure, bool) {
	if x == nil || x.Err != nil {
		return verdict.Failure{}, false
	}
	cfg := r.Cfg
	evidence := func(f verdict.Failure, x *client.Exchange) verdict.Failure {
		f.Exchange, f.Curl = x.String(), x.Curl()
		return f
	}
	switch x.Status {
	case 401, 403:
		setting := credentialSetting(cfg)
		msg := fmt.Sprintf("the target refused the credentials in %s: reading DLI_CONNECTION_ID before the run answered %d, so no requirement was run; check that %s is valid for project %s (DLI_PROJECT_ID)",
			setting, x.Status, setting, cfg.ProjectID)
		if setting == "" {
			setting = config.EnvAuthToken
			msg = fmt.Sprintf("the target refused a request without credentials: reading DLI_CONNECTION_ID before the run answered %d, so no requirement was run; set DLI_AUTH_TOKEN, or DLI_AK and DLI_SK", x.Status)
		}
		return evidence(verdict.Failure{Kind: verdict.Credentials, Setting: setting, Message: msg}, x), true
	case 400, 404:
		if _, lx, err := r.API.List(ctx, 1, 0); err != nil && lx != nil && lx.Err == nil && (lx.Status == 400 || lx.Status == 404) {
			return evidence(verdict.Failure{Kind: verdict.NotFound, Setting: config.EnvProjectID,
				Message: fmt.Sprintf("the target does not know DLI_PROJECT_ID %s: listing its connections answered %d, so no requirement was run; set DLI_PROJECT_ID to the project of DLI_CONNECTION_ID", cfg.ProjectID, lx.Status)}, lx), true
		}
		return evidence(verdict.Failure{Kind: verdict.NotFound, Setting: config.EnvConnectionID,
			Message: fmt.Sprintf("the target does not know DLI_CONNECTION_ID %s in project %s: reading it answered %d, so no requirement was run; set DLI_CONNECTION_ID to an existing, active enhanced connection of DLI_PROJECT_ID", cfg.ConnectionID, cfg.ProjectID, x.Status)}, x), true
	}
	return verdict.Failure{}, false
}

// credentialSetting names the setting the run's credentials came from, or ""
// when none is set.
func credentialSetting(cfg config.Config) string {
	switch {
	case cfg.AK != "":
		return config.EnvAK + "/" + config.EnvSK
	case cfg.AuthToken != "":
		return config.EnvAuthToken
	}
	return ""
}
