// Package config holds the suite's one configuration struct, loaded from DLI_*
// environment variables (and optionally a YAML file named by DLI_CONFIG, which the
// environment overrides), validated before any spec runs.
package config

import (
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
	"github.com/dli-conformance/dli-conformance/internal/redact"
)

// Config is everything a run needs to know. The zero value is not valid; use Load.
type Config struct {
	// Endpoint is the target's base URL: DLI_ENDPOINT, else the documented
	// endpoint of DLI_REGION; empty means the embedded emulator.
	Endpoint string
	// Region is the region the endpoint was derived from, if any.
	Region string
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
	// AuthToken is sent as X-Auth-Token. Secret.
	AuthToken string
	// AK and SK sign requests with SDK-HMAC-SHA256; SK is secret.
	AK, SK string
	// SecurityToken goes with temporary AK/SK credentials. Secret.
	SecurityToken string
	// Profile is the documented variant the target speaks.
	Profile contract.Profile
	// ReportDir is where reports are written.
	ReportDir string
	// Timeout bounds each request.
	Timeout time.Duration
	// RunTimeout bounds the whole run; 0 means no bound.
	RunTimeout time.Duration
	// Seed drives every generated case; the same seed gives the same cases.
	// Unset, it is drawn from the clock and printed.
	Seed int64
	// MaxCases bounds the number of generated cases.
	MaxCases int
	// CAFile is a PEM file of extra certificate authorities to trust.
	CAFile string
	// InsecureSkipVerify turns TLS verification off (loudly).
	InsecureSkipVerify bool
	// AllowMutations lets specs that change state run against a target that is
	// not on loopback.
	AllowMutations bool
	// AllowCreate lets the suite create and delete a scratch enhanced connection
	// in VPCID and SubnetID.
	AllowCreate bool
	// VPCID and SubnetID place the scratch connection.
	VPCID, SubnetID string
	// SettleTimeout bounds how long an effect check waits for an asynchronous
	// binding to show and settle.
	SettleTimeout time.Duration
	// QuietPeriod is how long a "changes nothing" check waits for a late
	// change; 0 means derived by the check from what it observes.
	QuietPeriod time.Duration
	// RateLimit caps requests per second; 0 means no cap.
	RateLimit float64
	// MaxRetries bounds the retries of a throttled request (429 or Retry-After).
	MaxRetries int
	// ThrottleBudget bounds the total time the run waits on throttling.
	ThrottleBudget time.Duration
	// Clients is the number of concurrent clients of concurrency checks.
	Clients int
	// MaxSteps bounds the steps of the stateful walk.
	MaxSteps int
	// ShrinkBudget bounds the time a failing walk spends shrinking against a
	// target without a reset; 0 means no bound.
	ShrinkBudget time.Duration
	// WalkBudget bounds the time the stateful walks take; 0: no bound.
	WalkBudget time.Duration
	// MaxHeaderBytes bounds the response header bytes read.
	MaxHeaderBytes int64
	// MaxBodyBytes bounds the response body bytes read, after decoding.
	MaxBodyBytes int64
	// MaxEvidenceHeaderBytes and MaxEvidenceBodyBytes bound what one message
	// keeps in evidence.
	MaxEvidenceHeaderBytes, MaxEvidenceBodyBytes int
	// MaxSpecEvidenceBytes bounds the exchanges one failed spec keeps.
	MaxSpecEvidenceBytes int
	// MaxReportBytes bounds the total size of the reports.
	MaxReportBytes int64
	// StrictErrorCodes requires, for each negative case, exactly the error codes
	// of ErrorCodes (or the profile's defaults) instead of any documented one.
	StrictErrorCodes bool
	// ErrorCodes overrides the expected error codes per requirement id; it comes
	// from the configuration file only.
	ErrorCodes map[string][]string
	// File is the configuration file read, if any.
	File string

	// redactor is the run's redactor, shared by every copy of the
	// configuration: the client adds the signatures it sends, and every file
	// and console line of the run is masked with it.
	redactor *redact.Redactor
}

// Error is a configuration error; it names the variable or file key at fault.
type Error struct {
	Var string
	Msg string
}

func (e *Error) Error() string { return e.Var + ": " + e.Msg }

var (
	projectIDRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	regionRE    = regexp.MustCompile(`^[a-z]{2,}(-[a-z0-9]+)+$`)
)

// Load reads the configuration through getenv (os.Getenv in production); it is
// LoadFrom with no flags.
func Load(getenv func(string) string) (Config, error) {
	return LoadFrom(Sources{Getenv: getenv})
}

// LoadFrom reads every setting of Settings from src: a flag wins over the
// environment, which wins over the YAML file DLI_CONFIG names. The first invalid
// setting is returned as *Error, naming the variable (or file key) at fault.
// With src.Environ, a DLI_* variable that is no setting is an error; with
// src.KnownRequirement, so is an unknown requirement id in error_codes.
// The report directory is not touched: CheckReportDir does that.
func LoadFrom(src Sources) (Config, error) {
	s, err := newSource(src)
	if err != nil {
		return Config{}, err
	}
	c := Config{File: s.path, redactor: redact.New()}
	if s.file != nil {
		c.ErrorCodes = s.file.errorCodes
	}
	p := parser{src: s}
	for _, d := range Settings {
		if d.load != nil {
			d.load(&p, &c)
		}
	}
	if s.file != nil && s.file.profileCodes != nil {
		for prof := range s.file.profileCodes {
			if _, err := contract.ParseProfile(prof); err != nil {
				p.fail(errorCodesKey, "%v", err)
			}
		}
		c.ErrorCodes = s.file.profileCodes[string(c.Profile)]
	}
	if p.err != nil {
		return Config{}, p.err
	}
	if c.Endpoint == "" && c.Region != "" {
		if !regionRE.MatchString(c.Region) {
			return Config{}, p.errorf(EnvRegion, "%q is not a region name such as eu-west-101 or eu-de", c.Region)
		}
		endpoint, ok := RegionEndpoint(c.Profile, c.Region)
		if !ok {
			return Config{}, p.errorf(EnvRegion, "%q is not a DLI region of the SDK's region table (%s); set DLI_ENDPOINT for another", c.Region, knownRegions())
		}
		c.Endpoint = endpoint
	}
	if err := c.validate(p); err != nil {
		return Config{}, err
	}
	return c, nil
}

// newSource checks the environment for unknown DLI_* names and reads the
// DLI_CONFIG file, if any.
func newSource(src Sources) (source, error) {
	if src.Environ != nil {
		if err := CheckEnviron(src.Environ); err != nil {
			return source{}, err
		}
	}
	s := source{Sources: src, flagOf: map[string]string{}}
	for _, d := range Settings {
		s.flagOf[d.Env] = d.Flag
	}
	if path, _ := s.lookup(EnvConfig); strings.TrimSpace(path) != "" {
		path = strings.TrimSpace(path)
		f, err := readFile(path)
		if err != nil {
			return source{}, err
		}
		s.file, s.path = f, path
	}
	return s, nil
}

// ReportDirOf is the report directory src names (a flag, DLI_REPORT_DIR or
// the file's report_dir), else DefaultReportDir: for a command that writes
// reports of its own beside the runs it starts.
func ReportDirOf(src Sources) (string, error) {
	s, err := newSource(src)
	if err != nil {
		return "", err
	}
	p := parser{src: s}
	return p.strOr(EnvReportDir, DefaultReportDir), nil
}

// clockSeed is the seed of a run that sets none.
func clockSeed() int64 { return time.Now().UnixNano() % 1_000_000_000 }

func (c Config) validate(p parser) error {
	if c.Embedded() {
		if err := p.targetOnly(); err != nil {
			return err
		}
	}
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil && strings.Contains(err.Error(), "invalid port") {
			return p.errorf(EnvEndpoint, "%q has an invalid port; a port is a number from 1 to 65535", c.Endpoint)
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return p.errorf(EnvEndpoint, "%q is not an http or https URL such as https://dli.eu-west-101.myhuaweicloud.eu", c.Endpoint)
		}
		if port := u.Port(); port != "" {
			if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
				return p.errorf(EnvEndpoint, "%q has port %q; a port is a number from 1 to 65535", c.Endpoint, port)
			}
		} else if strings.HasSuffix(u.Host, ":") {
			return p.errorf(EnvEndpoint, "%q has an empty port", c.Endpoint)
		}
		if u.RawQuery != "" || u.Fragment != "" {
			return p.errorf(EnvEndpoint, "%q must not have a query or fragment", c.Endpoint)
		}
		if c.ProjectID == "" {
			return p.errorf(EnvProjectID, "required when DLI_ENDPOINT or DLI_REGION is set")
		}
	}
	if c.ProjectID != "" && !projectIDRE.MatchString(c.ProjectID) {
		return p.errorf(EnvProjectID, "%q is not a project id (letters, digits, - and _, at most 64)", c.ProjectID)
	}
	for _, v := range []struct{ name, val string }{{EnvConnectionID, c.ConnectionID}, {EnvDeletedConnectionID, c.DeletedConnectionID}} {
		if v.val != "" && !contract.IsUUID(v.val) {
			return p.errorf(v.name, "%q is not a UUID", v.val)
		}
	}
	if c.ConnectionID != "" && strings.EqualFold(c.ConnectionID, c.DeletedConnectionID) {
		return p.errorf(EnvDeletedConnectionID, "must differ from DLI_CONNECTION_ID")
	}
	if len(c.Queues) == 1 {
		return p.errorf(EnvQueues, "needs at least two queue names, comma-separated")
	}
	if c.AllowCreate && (c.VPCID == "" || c.SubnetID == "") {
		name := EnvVPCID
		if c.VPCID != "" {
			name = EnvSubnetID
		}
		return p.errorf(name, "required with DLI_ALLOW_CREATE=true: the scratch connection needs a VPC and a subnet")
	}
	if (c.AK == "") != (c.SK == "") {
		if c.AK == "" {
			return p.errorf(EnvAK, "required with DLI_SK")
		}
		return p.errorf(EnvSK, "required with DLI_AK")
	}
	if c.AK != "" && strings.ContainsAny(c.AK, " ,\t\r\n") {
		return p.errorf(EnvAK, "must not contain spaces or commas")
	}
	if c.SecurityToken != "" && c.AK == "" {
		return p.errorf(EnvSecurityToken, "goes with temporary DLI_AK and DLI_SK, which are not set")
	}
	if c.AK != "" && c.AuthToken != "" {
		return p.errorf(EnvAuthToken, "set either DLI_AUTH_TOKEN or DLI_AK/DLI_SK, not both")
	}
	for _, v := range []struct{ name, val string }{{EnvAuthToken, c.AuthToken}, {EnvSK, c.SK}, {EnvSecurityToken, c.SecurityToken}} {
		if err := checkSecret(v.val); err != "" {
			return p.errorf(v.name, "%s", err)
		}
	}
	if c.CAFile != "" {
		if _, err := c.TLSConfig(); err != nil {
			return err
		}
	}
	for id, codes := range c.ErrorCodes {
		if p.src.KnownRequirement != nil {
			if err := p.src.KnownRequirement(id); err != nil {
				return p.errorf(errorCodesKey, "%v", err)
			}
		}
		for _, code := range codes {
			if !contract.IsErrorCode(code) {
				return p.errorf(errorCodesKey, "%s: %q is not of the form DLI.nnnn, APIG.nnnn or APIGW.nnnn", id, code)
			}
		}
	}
	return nil
}

// Embedded reports whether the run targets the embedded emulator.
func (c Config) Embedded() bool { return c.Endpoint == "" }

// Loopback reports whether the target is on this machine: the embedded emulator,
// localhost, or an address in 127.0.0.0/8 or ::1. Names are not resolved: a name
// that merely points here does not count.
func (c Config) Loopback() bool {
	if c.Embedded() {
		return true
	}
	u, err := url.Parse(c.Endpoint)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// MutationsAllowed reports whether specs that change state may run.
func (c Config) MutationsAllowed() bool { return c.Loopback() || c.AllowMutations }

// Redactor returns the run's redactor: every secret of the configuration, and
// whatever the run adds to it (the signatures it sends). Copies of a loaded
// configuration share it; a configuration not loaded by LoadFrom gets a new
// one on each call, holding its secrets only.
func (c Config) Redactor() *redact.Redactor {
	r := c.redactor
	if r == nil {
		r = redact.New()
	}
	r.Add(c.Secrets()...)
	return r
}

// Secrets returns every secret value of the configuration, for scrubbing output.
func (c Config) Secrets() []string {
	var out []string
	for _, s := range []string{c.AuthToken, c.SK, c.SecurityToken} {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// checkSecret says what is wrong with a secret value, or "". The value itself is
// never part of the message.
func checkSecret(s string) string {
	if s == "" {
		return ""
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "contains a control character (CR, LF or another): a header cannot carry it; check how the value was pasted"
		}
	}
	if len(s) < redact.MinSecretLen {
		return fmt.Sprintf("refused: too short to redact safely (fewer than %d characters)", redact.MinSecretLen)
	}
	return ""
}

// Warnings lists what a reader of the output must not miss.
func (c Config) Warnings() []string {
	var w []string
	if c.InsecureSkipVerify {
		w = append(w, "WARNING: TLS certificate verification is OFF (DLI_INSECURE_SKIP_VERIFY=true): the target's identity is not checked and credentials could reach an impostor")
	}
	if !c.Loopback() && c.AllowMutations {
		w = append(w, "WARNING: specs that change state run against a remote target (DLI_ALLOW_MUTATIONS=true); the suite undoes what it binds and reports anything it could not")
	}
	return w
}

// Setting is one configuration value as shown to people.
type Setting struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

func secretState(s string) string {
	if s == "" {
		return ""
	}
	return "(set, redacted)"
}

// Redacted lists every setting of Settings for printing and reports; secrets
// show only whether they were given, never their value.
func (c Config) Redacted() []Setting {
	out := make([]Setting, 0, len(Settings))
	for _, d := range Settings {
		out = append(out, Setting{Name: d.Env, Value: d.show(c)})
	}
	return out
}

// String renders the redacted configuration, one setting a line, then warnings.
func (c Config) String() string {
	var b strings.Builder
	for _, s := range c.Redacted() {
		v := s.Value
		if v == "" {
			v = "(unset)"
		}
		fmt.Fprintf(&b, "  %-26s %s\n", s.Name, v)
	}
	for _, w := range c.Warnings() {
		fmt.Fprintf(&b, "\n%s\n", w)
	}
	return b.String()
}

// GoString keeps %#v from printing secrets.
func (c Config) GoString() string { return "config.Config{\n" + c.String() + "}" }
