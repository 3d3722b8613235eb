// Package config holds the suite's one configuration struct, loaded from DLI_*
// environment variables and validated before any spec runs.
package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The environment variables of the configuration contract. Other tools depend on
// these names: keep them.
const (
	EnvEndpoint            = "DLI_ENDPOINT"
	EnvProjectID           = "DLI_PROJECT_ID"
	EnvConnectionID        = "DLI_CONNECTION_ID"
	EnvQueues              = "DLI_QUEUES"
	EnvPools               = "DLI_POOLS"
	EnvDeletedConnectionID = "DLI_DELETED_CONNECTION_ID"
	EnvAuthToken           = "DLI_AUTH_TOKEN"
	EnvProfile             = "DLI_PROFILE"
	EnvReportDir           = "DLI_REPORT_DIR"
	EnvTimeout             = "DLI_TIMEOUT"
	EnvSeed                = "DLI_SEED"
	EnvMaxCases            = "DLI_MAX_CASES"
)

// Defaults for the settings that have one.
const (
	DefaultReportDir = "reports"
	DefaultTimeout   = 30 * time.Second
	DefaultMaxCases  = 200
)

// Config is everything a run needs to know. The zero value is not valid; use Load.
type Config struct {
	// Endpoint is the target's base URL; empty means the embedded emulator.
	Endpoint string
	// ProjectID is the project id used in paths.
	ProjectID string
	// ConnectionID is an existing, active enhanced connection to bind to.
	ConnectionID string
	// Queues are at least two existing queues that may be bound.
	Queues []string
	// Pools are existing elastic resource pools that may be bound (optional).
	Pools []string
	// DeletedConnectionID is the id of a deleted connection (optional).
	DeletedConnectionID string
	// AuthToken is sent as X-Auth-Token. Secret: never printed.
	AuthToken string
	// Profile is the documented variant the target speaks.
	Profile contract.Profile
	// ReportDir is where reports are written.
	ReportDir string
	// Timeout bounds each request.
	Timeout time.Duration
	// Seed drives every generated case; the same seed gives the same cases.
	// Unset, it is drawn from the clock and printed.
	Seed int64
	// MaxCases bounds the number of generated cases.
	MaxCases int
}

// Error is a configuration error; it names the variable at fault.
type Error struct {
	Var string
	Msg string
}

func (e *Error) Error() string { return e.Var + ": " + e.Msg }

var (
	uuidRE      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	projectIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
)

// Load reads the configuration through getenv (os.Getenv in production) and
// validates it. The first invalid setting is returned as *Error.
func Load(getenv func(string) string) (Config, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	c := Config{
		Endpoint:            strings.TrimRight(get(EnvEndpoint), "/"),
		ProjectID:           get(EnvProjectID),
		ConnectionID:        get(EnvConnectionID),
		DeletedConnectionID: get(EnvDeletedConnectionID),
		AuthToken:           getenv(EnvAuthToken),
		ReportDir:           get(EnvReportDir),
		Timeout:             DefaultTimeout,
	}
	var err error
	if c.Queues, err = names(EnvQueues, get(EnvQueues)); err != nil {
		return Config{}, err
	}
	if c.Pools, err = names(EnvPools, get(EnvPools)); err != nil {
		return Config{}, err
	}
	c.Profile = contract.HuaweiCloud
	if p := get(EnvProfile); p != "" {
		if c.Profile, err = contract.ParseProfile(p); err != nil {
			return Config{}, &Error{EnvProfile, err.Error()}
		}
	}
	if c.ReportDir == "" {
		c.ReportDir = DefaultReportDir
	}
	if t := get(EnvTimeout); t != "" {
		d, err := time.ParseDuration(t)
		if err != nil || d <= 0 {
			return Config{}, &Error{EnvTimeout, fmt.Sprintf("%q is not a positive Go duration such as 30s or 2m", t)}
		}
		c.Timeout = d
	}
	c.Seed = time.Now().UnixNano() % 1_000_000_000
	if v := get(EnvSeed); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return Config{}, &Error{EnvSeed, fmt.Sprintf("%q is not a whole number", v)}
		}
		c.Seed = n
	}
	c.MaxCases = DefaultMaxCases
	if v := get(EnvMaxCases); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return Config{}, &Error{EnvMaxCases, fmt.Sprintf("%q is not a whole number of 0 or more", v)}
		}
		c.MaxCases = n
	}
	return c, c.validate()
}

func (c Config) validate() error {
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return &Error{EnvEndpoint, fmt.Sprintf("%q is not an http or https URL such as https://dli.eu-west-101.myhuaweicloud.eu", c.Endpoint)}
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return &Error{EnvEndpoint, fmt.Sprintf("%q must not have a query or fragment", c.Endpoint)}
		}
		if c.ProjectID == "" {
			return &Error{EnvProjectID, "required when DLI_ENDPOINT is set"}
		}
	}
	if c.ProjectID != "" && !projectIDRE.MatchString(c.ProjectID) {
		return &Error{EnvProjectID, fmt.Sprintf("%q is not a project id (letters, digits, - and _, at most 64)", c.ProjectID)}
	}
	for _, v := range []struct{ name, val string }{{EnvConnectionID, c.ConnectionID}, {EnvDeletedConnectionID, c.DeletedConnectionID}} {
		if v.val != "" && !uuidRE.MatchString(v.val) {
			return &Error{v.name, fmt.Sprintf("%q is not a UUID", v.val)}
		}
	}
	if c.ConnectionID != "" && strings.EqualFold(c.ConnectionID, c.DeletedConnectionID) {
		return &Error{EnvDeletedConnectionID, "must differ from DLI_CONNECTION_ID"}
	}
	if len(c.Queues) == 1 {
		return &Error{EnvQueues, "needs at least two queue names, comma-separated"}
	}
	if len(c.Pools) > 0 && c.Profile == contract.OTC {
		return &Error{EnvPools, "the otc profile documents no elastic resource pools; unset it or use DLI_PROFILE=huaweicloud"}
	}
	return nil
}

func names(name, raw string) ([]string, error) {
	if raw == "" {
		return nil, nil
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.Split(raw, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			return nil, &Error{name, fmt.Sprintf("%q has an empty name; write names separated by commas", raw)}
		}
		if seen[n] {
			return nil, &Error{name, fmt.Sprintf("%q names %q twice", raw, n)}
		}
		seen[n] = true
		out = append(out, n)
	}
	return out, nil
}

// Embedded reports whether the run targets the embedded emulator.
func (c Config) Embedded() bool { return c.Endpoint == "" }

// Setting is one configuration value as shown to people.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Redacted lists every setting for printing and reports, secrets replaced by
// "(set, redacted)" so that a reader sees whether they were given but never what.
func (c Config) Redacted() []Setting {
	endpoint := c.Endpoint
	if endpoint == "" {
		endpoint = "(embedded emulator)"
	}
	secret := "(unset)"
	if c.AuthToken != "" {
		secret = "(set, redacted)"
	}
	return []Setting{
		{EnvEndpoint, endpoint},
		{EnvProjectID, c.ProjectID},
		{EnvConnectionID, c.ConnectionID},
		{EnvQueues, strings.Join(c.Queues, ",")},
		{EnvPools, strings.Join(c.Pools, ",")},
		{EnvDeletedConnectionID, c.DeletedConnectionID},
		{EnvAuthToken, secret},
		{EnvProfile, string(c.Profile)},
		{EnvReportDir, c.ReportDir},
		{EnvTimeout, c.Timeout.String()},
		{EnvSeed, strconv.FormatInt(c.Seed, 10)},
		{EnvMaxCases, strconv.Itoa(c.MaxCases)},
	}
}

// String renders the redacted configuration, one setting a line.
func (c Config) String() string {
	var b strings.Builder
	for _, s := range c.Redacted() {
		v := s.Value
		if v == "" {
			v = "(unset)"
		}
		fmt.Fprintf(&b, "  %-26s %s\n", s.Name, v)
	}
	return b.String()
}

// GoString keeps %#v from printing the token.
func (c Config) GoString() string { return "config.Config{\n" + c.String() + "}" }
