package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The environment variables of the configuration contract. Other tools depend on
// these names: keep them. In a DLI_CONFIG file the key is the name without DLI_,
// in lower case (DLI_PROJECT_ID → project_id).
const (
	EnvEndpoint            = "DLI_ENDPOINT"
	EnvRegion              = "DLI_REGION"
	EnvProjectID           = "DLI_PROJECT_ID"
	EnvConnectionID        = "DLI_CONNECTION_ID"
	EnvQueues              = "DLI_QUEUES"
	EnvPools               = "DLI_POOLS"
	EnvDeletedConnectionID = "DLI_DELETED_CONNECTION_ID"
	EnvAuthToken           = "DLI_AUTH_TOKEN"
	EnvAK                  = "DLI_AK"
	EnvSK                  = "DLI_SK"
	EnvSecurityToken       = "DLI_SECURITY_TOKEN"
	EnvProfile             = "DLI_PROFILE"
	EnvReportDir           = "DLI_REPORT_DIR"
	EnvTimeout             = "DLI_TIMEOUT"
	EnvSeed                = "DLI_SEED"
	EnvMaxCases            = "DLI_MAX_CASES"
	EnvCAFile              = "DLI_CA_FILE"
	EnvInsecureSkipVerify  = "DLI_INSECURE_SKIP_VERIFY"
	EnvAllowMutations      = "DLI_ALLOW_MUTATIONS"
	EnvSettleTimeout       = "DLI_SETTLE_TIMEOUT"
	EnvRateLimit           = "DLI_RATE_LIMIT"
	EnvMaxRetries          = "DLI_MAX_RETRIES"
	EnvStrictErrorCodes    = "DLI_STRICT_ERROR_CODES"
	EnvConfig              = "DLI_CONFIG"
)

// settingNames lists the variables a configuration file may set.
var settingNames = []string{
	EnvEndpoint, EnvRegion, EnvProjectID, EnvConnectionID, EnvQueues, EnvPools,
	EnvDeletedConnectionID, EnvAuthToken, EnvAK, EnvSK, EnvSecurityToken, EnvProfile,
	EnvReportDir, EnvTimeout, EnvSeed, EnvMaxCases, EnvCAFile, EnvInsecureSkipVerify,
	EnvAllowMutations, EnvSettleTimeout, EnvRateLimit, EnvMaxRetries, EnvStrictErrorCodes,
}

// fileKey is the key of a variable in a configuration file.
func fileKey(env string) string { return strings.ToLower(strings.TrimPrefix(env, "DLI_")) }

// source looks a setting up in the environment, then in the file.
type source struct {
	getenv func(string) string
	file   *fileValues
	path   string
}

// lookup returns the raw value of a variable and, for error messages, where it
// came from: the variable's name, or "<file>: <key>".
func (s source) lookup(name string) (val, from string) {
	if v := s.getenv(name); strings.TrimSpace(v) != "" {
		return v, name
	}
	if s.file != nil {
		if v, ok := s.file.values[fileKey(name)]; ok {
			return v, s.path + ": " + fileKey(name)
		}
	}
	return "", name
}

// parser reads typed settings, keeping the first error.
type parser struct {
	src source
	err error
}

func (p *parser) errorf(name, format string, args ...any) error {
	_, from := p.src.lookup(name)
	if name == "error_codes" {
		from = p.src.path + ": error_codes"
	}
	return &Error{Var: from, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) fail(name, format string, args ...any) {
	if p.err == nil {
		p.err = p.errorf(name, format, args...)
	}
}

func (p *parser) str(name string) string {
	v, _ := p.src.lookup(name)
	return strings.TrimSpace(v)
}

// secret keeps the value exactly as given: a token's spaces are its own.
func (p *parser) secret(name string) string {
	v, _ := p.src.lookup(name)
	return v
}

func (p *parser) strOr(name, def string) string {
	if v := p.str(name); v != "" {
		return v
	}
	return def
}

func (p *parser) names(name string) []string {
	raw := p.str(name)
	if raw == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.Split(raw, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			p.fail(name, "%q has an empty name; write names separated by commas", raw)
			return nil
		}
		if seen[n] {
			p.fail(name, "%q names %q twice", raw, n)
			return nil
		}
		seen[n] = true
		out = append(out, n)
	}
	return out
}

func (p *parser) profile(name string) contract.Profile {
	v := p.str(name)
	if v == "" {
		return contract.HuaweiCloud
	}
	prof, err := contract.ParseProfile(v)
	if err != nil {
		p.fail(name, "%v", err)
	}
	return prof
}

// duration reads a Go duration; zeroOK allows 0.
func (p *parser) duration(name string, def time.Duration, zeroOK bool) time.Duration {
	v := p.str(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	switch {
	case zeroOK && (err != nil || d < 0):
		p.fail(name, "%q is not a Go duration of 0 or more such as 0s or 2m", v)
	case !zeroOK && (err != nil || d <= 0):
		p.fail(name, "%q is not a positive Go duration such as 30s or 2m", v)
	}
	return d
}

func (p *parser) int64(name string, def int64) int64 {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		p.fail(name, "%q is not a whole number", v)
	}
	return n
}

func (p *parser) nonNegative(name string, def int64) int64 {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 0 {
		p.fail(name, "%q is not a whole number of 0 or more", v)
	}
	return n
}

func (p *parser) boolean(name string) bool {
	v := p.str(name)
	if v == "" {
		return false
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, "%q is not true or false", v)
	}
	return b
}

func (p *parser) rate(name string) float64 {
	v := p.str(name)
	if v == "" {
		return 0
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || r < 0 || r != r {
		p.fail(name, "%q is not a number of requests per second of 0 or more", v)
	}
	return r
}
