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
	"github.com/dli-conformance/dli-conformance/internal/requirement"
)

// Defaults for the settings that have one.
const (
	DefaultReportDir     = "reports"
	DefaultTimeout       = 30 * time.Second
	DefaultMaxCases      = 200
	DefaultSettleTimeout = 60 * time.Second
	DefaultMaxRetries    = 3
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
	// SettleTimeout bounds how long an effect check waits for an asynchronous
	// binding to show and settle.
	SettleTimeout time.Duration
	// RateLimit caps requests per second; 0 means no cap.
	RateLimit float64
	// MaxRetries bounds the retries of a throttled request (429 or Retry-After).
	MaxRetries int
	// StrictErrorCodes requires, for each negative case, exactly the error codes
	// of ErrorCodes (or the profile's defaults) instead of any documented one.
	StrictErrorCodes bool
	// ErrorCodes overrides the expected error codes per requirement id; it comes
	// from the configuration file only.
	ErrorCodes map[string][]string
	// File is the configuration file read, if any.
	File string
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

// Load reads the configuration through getenv (os.Getenv in production) and, when
// DLI_CONFIG names one, a YAML file; a variable set in the environment wins over
// the file. The first invalid setting is returned as *Error.
func Load(getenv func(string) string) (Config, error) {
	src := source{getenv: getenv}
	if path := strings.TrimSpace(getenv(EnvConfig)); path != "" {
		f, err := readFile(path)
		if err != nil {
			return Config{}, err
		}
		src.file, src.path = f, path
	}
	c := Config{File: src.path}
	if src.file != nil {
		c.ErrorCodes = src.file.errorCodes
	}
	p := parser{src: src}
	c.Endpoint = strings.TrimRight(p.str(EnvEndpoint), "/")
	c.Region = p.str(EnvRegion)
	c.ProjectID = p.str(EnvProjectID)
	c.ConnectionID = p.str(EnvConnectionID)
	c.DeletedConnectionID = p.str(EnvDeletedConnectionID)
	c.AuthToken = p.secret(EnvAuthToken)
	c.AK = p.str(EnvAK)
	c.SK = p.secret(EnvSK)
	c.SecurityToken = p.secret(EnvSecurityToken)
	c.Queues = p.names(EnvQueues)
	c.Pools = p.names(EnvPools)
	c.Profile = p.profile(EnvProfile)
	c.ReportDir = p.strOr(EnvReportDir, DefaultReportDir)
	c.Timeout = p.duration(EnvTimeout, DefaultTimeout, false)
	c.Seed = p.int64(EnvSeed, time.Now().UnixNano()%1_000_000_000)
	c.MaxCases = int(p.nonNegative(EnvMaxCases, DefaultMaxCases))
	c.CAFile = p.str(EnvCAFile)
	c.InsecureSkipVerify = p.boolean(EnvInsecureSkipVerify)
	c.AllowMutations = p.boolean(EnvAllowMutations)
	c.SettleTimeout = p.duration(EnvSettleTimeout, DefaultSettleTimeout, true)
	c.RateLimit = p.rate(EnvRateLimit)
	c.MaxRetries = int(p.nonNegative(EnvMaxRetries, DefaultMaxRetries))
	c.StrictErrorCodes = p.boolean(EnvStrictErrorCodes)
	if src.file != nil && src.file.profileCodes != nil {
		for prof := range src.file.profileCodes {
			if _, err := contract.ParseProfile(prof); err != nil {
				p.fail("error_codes", "%v", err)
			}
		}
		c.ErrorCodes = src.file.profileCodes[string(c.Profile)]
	}
	if p.err != nil {
		return Config{}, p.err
	}
	if c.Endpoint == "" && c.Region != "" {
		if !regionRE.MatchString(c.Region) {
			return Config{}, p.errorf(EnvRegion, "%q is not a region name such as eu-west-101 or eu-de", c.Region)
		}
		c.Endpoint = RegionEndpoint(c.Profile, c.Region)
	}
	return c, c.validate(p)
}

// RegionEndpoint returns the documented DLI endpoint of a region: Huawei Cloud's
// dli.{region}.myhuaweicloud.com, or for otc the OTC service pattern
// dli.{region}.otc.t-systems.com.
func RegionEndpoint(p contract.Profile, region string) string {
	if p == contract.OTC {
		return "https://dli." + region + ".otc.t-systems.com"
	}
	return "https://dli." + region + ".myhuaweicloud.com"
}

func (c Config) validate(p parser) error {
	if c.Endpoint != "" {
		u, err := url.Parse(c.Endpoint)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return p.errorf(EnvEndpoint, "%q is not an http or https URL such as https://dli.eu-west-101.myhuaweicloud.eu", c.Endpoint)
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
	if len(c.Pools) > 0 && c.Profile == contract.OTC {
		return p.errorf(EnvPools, "the otc profile documents no elastic resource pools; unset it or use DLI_PROFILE=huaweicloud")
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
	if c.CAFile != "" {
		if _, err := c.TLSConfig(); err != nil {
			return err
		}
	}
	for id, codes := range c.ErrorCodes {
		if _, err := requirement.ByID(id); err != nil {
			return p.errorf("error_codes", "%v", err)
		}
		for _, code := range codes {
			if !contract.IsErrorCode(code) {
				return p.errorf("error_codes", "%s: %q is not of the form DLI.nnnn, APIG.nnnn or APIGW.nnnn", id, code)
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

// Redacted lists every setting for printing and reports; secrets show only
// whether they were given, never their value.
func (c Config) Redacted() []Setting {
	endpoint := c.Endpoint
	if endpoint == "" {
		endpoint = "(embedded emulator)"
	}
	rate := ""
	if c.RateLimit > 0 {
		rate = strconv.FormatFloat(c.RateLimit, 'f', -1, 64)
	}
	return []Setting{
		{EnvEndpoint, endpoint},
		{EnvRegion, c.Region},
		{EnvProjectID, c.ProjectID},
		{EnvConnectionID, c.ConnectionID},
		{EnvQueues, strings.Join(c.Queues, ",")},
		{EnvPools, strings.Join(c.Pools, ",")},
		{EnvDeletedConnectionID, c.DeletedConnectionID},
		{EnvAuthToken, secretState(c.AuthToken)},
		{EnvAK, c.AK},
		{EnvSK, secretState(c.SK)},
		{EnvSecurityToken, secretState(c.SecurityToken)},
		{EnvProfile, string(c.Profile)},
		{EnvReportDir, c.ReportDir},
		{EnvTimeout, c.Timeout.String()},
		{EnvSeed, strconv.FormatInt(c.Seed, 10)},
		{EnvMaxCases, strconv.Itoa(c.MaxCases)},
		{EnvCAFile, c.CAFile},
		{EnvInsecureSkipVerify, strconv.FormatBool(c.InsecureSkipVerify)},
		{EnvAllowMutations, strconv.FormatBool(c.AllowMutations)},
		{EnvSettleTimeout, c.SettleTimeout.String()},
		{EnvRateLimit, rate},
		{EnvMaxRetries, strconv.Itoa(c.MaxRetries)},
		{EnvStrictErrorCodes, strconv.FormatBool(c.StrictErrorCodes)},
		{EnvConfig, c.File},
	}
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
