package config

import (
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// The environment variables of the configuration contract. Other tools depend on
// these names: keep them. In a DLI_CONFIG file the key is the name without DLI_,
// in lower case (DLI_PROJECT_ID → project_id).
const (
	EnvEndpoint               = "DLI_ENDPOINT"
	EnvRegion                 = "DLI_REGION"
	EnvProjectID              = "DLI_PROJECT_ID"
	EnvConnectionID           = "DLI_CONNECTION_ID"
	EnvQueues                 = "DLI_QUEUES"
	EnvPools                  = "DLI_POOLS"
	EnvDeletedConnectionID    = "DLI_DELETED_CONNECTION_ID"
	EnvAuthToken              = "DLI_AUTH_TOKEN"
	EnvAK                     = "DLI_AK"
	EnvSK                     = "DLI_SK"
	EnvSecurityToken          = "DLI_SECURITY_TOKEN"
	EnvProfile                = "DLI_PROFILE"
	EnvReportDir              = "DLI_REPORT_DIR"
	EnvTimeout                = "DLI_TIMEOUT"
	EnvRunTimeout             = "DLI_RUN_TIMEOUT"
	EnvSeed                   = "DLI_SEED"
	EnvMaxCases               = "DLI_MAX_CASES"
	EnvCAFile                 = "DLI_CA_FILE"
	EnvInsecureSkipVerify     = "DLI_INSECURE_SKIP_VERIFY"
	EnvAllowMutations         = "DLI_ALLOW_MUTATIONS"
	EnvAllowCreate            = "DLI_ALLOW_CREATE"
	EnvVPCID                  = "DLI_VPC_ID"
	EnvSubnetID               = "DLI_SUBNET_ID"
	EnvSettleTimeout          = "DLI_SETTLE_TIMEOUT"
	EnvQuietPeriod            = "DLI_QUIET_PERIOD"
	EnvRateLimit              = "DLI_RATE_LIMIT"
	EnvMaxRetries             = "DLI_MAX_RETRIES"
	EnvThrottleBudget         = "DLI_THROTTLE_BUDGET"
	EnvClients                = "DLI_CLIENTS"
	EnvMaxSteps               = "DLI_MAX_STEPS"
	EnvShrinkBudget           = "DLI_SHRINK_BUDGET"
	EnvWalkBudget             = "DLI_WALK_BUDGET"
	EnvMaxHeaderBytes         = "DLI_MAX_HEADER_BYTES"
	EnvMaxBodyBytes           = "DLI_MAX_BODY_BYTES"
	EnvMaxEvidenceHeaderBytes = "DLI_MAX_EVIDENCE_HEADER_BYTES"
	EnvMaxEvidenceBodyBytes   = "DLI_MAX_EVIDENCE_BODY_BYTES"
	EnvMaxSpecEvidenceBytes   = "DLI_MAX_SPEC_EVIDENCE_BYTES"
	EnvMaxReportBytes         = "DLI_MAX_REPORT_BYTES"
	EnvStrictErrorCodes       = "DLI_STRICT_ERROR_CODES"
	EnvConfig                 = "DLI_CONFIG"
)

// Def declares one setting: where it comes from, how it is parsed and shown, and
// what the reference documentation says of it. Settings is the one table of them;
// loading, flags, the file keys, redaction and the README table all read it.
type Def struct {
	// Env is the environment variable, DLI_*; it names the setting everywhere.
	Env string
	// Flag is the `run` flag that sets it; empty for secrets and for settings
	// that only make sense in the environment.
	Flag string
	// Type names the kind of value the setting takes, as help texts show it:
	// one of Types. The parser in load reads exactly that kind; a test holds
	// the two together.
	Type string
	// Default is the value used when the setting is unset, as documented.
	Default string
	// Help says what the setting does, in one sentence of Markdown.
	Help string
	// Secret settings are never shown, never have a flag, and are searched for
	// in everything written.
	Secret bool
	// TargetOnly settings mean something only for a target (DLI_ENDPOINT or
	// DLI_REGION), and the embedded emulator does not use them: set with no
	// target, they are an error, since they show that a target was meant and
	// its endpoint got lost (an empty CI variable, a misspelt name).
	TargetOnly bool
	// load reads the setting through p into c.
	load func(p *parser, c *Config)
	// show renders the loaded value for people; Secret settings are not shown.
	show func(c Config) string
}

// Types are the kinds of value a setting takes, with what each accepts, for
// help texts.
var Types = map[string]string{
	"string":   "text",
	"url":      "an http or https URL",
	"uuid":     "a UUID",
	"names":    "comma-separated names",
	"path":     "a file or directory",
	"duration": "a Go duration such as 30s or 2m",
	"int":      "a whole number",
	"float":    "a decimal number",
	"size":     "a number of bytes, plain or with KiB, MiB or GiB",
	"bool":     "true or false",
}

// FileKey is the setting's key in a DLI_CONFIG file.
func (d Def) FileKey() string { return fileKey(d.Env) }

// fileKey is the key of a variable in a configuration file.
func fileKey(env string) string { return strings.ToLower(strings.TrimPrefix(env, "DLI_")) }

// Lookup returns the definition of a setting by its variable name.
func Lookup(env string) (Def, bool) {
	for _, d := range Settings {
		if d.Env == env {
			return d, true
		}
	}
	return Def{}, false
}

// Defaults for the settings that have one.
const (
	DefaultReportDir              = "reports"
	DefaultTimeout                = 30 * time.Second
	DefaultRunTimeout             = 30 * time.Minute
	DefaultMaxCases               = 200
	DefaultSettleTimeout          = 60 * time.Second
	DefaultMaxRetries             = 3
	DefaultThrottleBudget         = 2 * time.Minute
	DefaultClients                = 8
	DefaultMaxSteps               = 200
	DefaultShrinkBudget           = 20 * time.Second
	DefaultWalkBudget             = 30 * time.Second
	DefaultMaxHeaderBytes         = 64 << 10
	DefaultMaxBodyBytes           = 1 << 20
	DefaultMaxEvidenceHeaderBytes = 16 << 10
	DefaultMaxEvidenceBodyBytes   = 4 << 10
	DefaultMaxSpecEvidenceBytes   = 320 << 10
	DefaultMaxReportBytes         = 20 << 20
)

func showBool(b bool) string { return strconv.FormatBool(b) }
func showInt(n int) string   { return strconv.Itoa(n) }

// Settings is every setting, in the order they are shown.
var Settings = []Def{
	{Env: EnvEndpoint, Type: "url", Flag: "endpoint", Help: "base URL of the target; unset → the embedded emulator, seeded by the suite",
		load: func(p *parser, c *Config) { c.Endpoint = strings.TrimRight(p.str(EnvEndpoint), "/") },
		show: func(c Config) string {
			if c.Endpoint == "" {
				return "(embedded emulator)"
			}
			return c.Endpoint
		}},
	{Env: EnvRegion, Type: "string", Flag: "region", Help: "region whose documented endpoint to use when `DLI_ENDPOINT` is unset, e.g. `eu-west-101`",
		load: func(p *parser, c *Config) { c.Region = p.str(EnvRegion) },
		show: func(c Config) string { return c.Region }},
	{Env: EnvProjectID, Type: "string", Flag: "project-id", Help: "project id used in paths (required with `DLI_ENDPOINT` or `DLI_REGION`)",
		load: func(p *parser, c *Config) { c.ProjectID = p.str(EnvProjectID) },
		show: func(c Config) string { return c.ProjectID }},
	{Env: EnvConnectionID, Type: "uuid", Flag: "connection-id", Help: "an existing, active enhanced connection to bind to",
		load: func(p *parser, c *Config) { c.ConnectionID = p.str(EnvConnectionID) },
		show: func(c Config) string { return c.ConnectionID }},
	{Env: EnvQueues, Type: "names", Flag: "queues", Help: "comma-separated names of at least two existing queues that may be bound",
		load: func(p *parser, c *Config) { c.Queues = p.names(EnvQueues) },
		show: func(c Config) string { return strings.Join(c.Queues, ",") }},
	{Env: EnvPools, Type: "names", Flag: "pools", Help: "comma-separated names of existing elastic resource pools that may be bound (optional)",
		load: func(p *parser, c *Config) { c.Pools = p.names(EnvPools) },
		show: func(c Config) string { return strings.Join(c.Pools, ",") }},
	{Env: EnvDeletedConnectionID, Type: "uuid", Flag: "deleted-connection-id", Help: "id of a deleted connection (optional)",
		load: func(p *parser, c *Config) { c.DeletedConnectionID = p.str(EnvDeletedConnectionID) },
		show: func(c Config) string { return c.DeletedConnectionID }},
	{Env: EnvAuthToken, Type: "string", Secret: true, Help: "IAM token sent as `X-Auth-Token`; with no `DLI_ENDPOINT`, the embedded emulator accepts exactly this token (a random one when unset)",
		load: func(p *parser, c *Config) { c.AuthToken = p.secret(EnvAuthToken) },
		show: func(c Config) string { return secretState(c.AuthToken) }},
	{Env: EnvAK, Type: "string", Help: "access key id: signs requests with SDK-HMAC-SHA256, with `DLI_SK`",
		load: func(p *parser, c *Config) { c.AK = p.str(EnvAK) },
		show: func(c Config) string { return c.AK }},
	{Env: EnvSK, Type: "string", Secret: true, Help: "secret access key, with `DLI_AK`",
		load: func(p *parser, c *Config) { c.SK = p.secret(EnvSK) },
		show: func(c Config) string { return secretState(c.SK) }},
	{Env: EnvSecurityToken, Type: "string", Secret: true, Help: "security token of temporary `DLI_AK`/`DLI_SK` credentials",
		load: func(p *parser, c *Config) { c.SecurityToken = p.secret(EnvSecurityToken) },
		show: func(c Config) string { return secretState(c.SecurityToken) }},
	{Env: EnvProfile, Type: "string", Flag: "profile", Default: string(contract.HuaweiCloud), Help: "documented variant the target speaks: `huaweicloud` or `otc`",
		load: func(p *parser, c *Config) { c.Profile = p.profile(EnvProfile) },
		show: func(c Config) string { return string(c.Profile) }},
	{Env: EnvReportDir, Type: "path", Flag: "report-dir", Default: DefaultReportDir, Help: "where reports are written; `none` writes nothing; it must be writable",
		load: func(p *parser, c *Config) { c.ReportDir = p.strOr(EnvReportDir, DefaultReportDir) },
		show: func(c Config) string { return c.ReportDir }},
	{Env: EnvTimeout, Type: "duration", Flag: "timeout", Default: DefaultTimeout.String(), Help: "bound of each request, reading the answer included (Go duration)",
		load: func(p *parser, c *Config) { c.Timeout = p.duration(EnvTimeout, DefaultTimeout, false) },
		show: func(c Config) string { return c.Timeout.String() }},
	{Env: EnvRunTimeout, Type: "duration", Flag: "run-timeout", Default: DefaultRunTimeout.String(), Help: "bound of the whole run (Go duration); `0` means none",
		load: func(p *parser, c *Config) { c.RunTimeout = p.duration(EnvRunTimeout, DefaultRunTimeout, true) },
		show: func(c Config) string { return c.RunTimeout.String() }},
	{Env: EnvSeed, Type: "int", Flag: "seed", Default: "from the clock, printed", Help: "seed of the generated cases: the same seed gives the same cases",
		load: func(p *parser, c *Config) { c.Seed = p.int64(EnvSeed, clockSeed()) },
		show: func(c Config) string { return strconv.FormatInt(c.Seed, 10) }},
	{Env: EnvMaxCases, Type: "int", Flag: "max-cases", Default: showInt(DefaultMaxCases), Help: "number of generated cases at most",
		load: func(p *parser, c *Config) { c.MaxCases = p.count(EnvMaxCases, DefaultMaxCases, 0) },
		show: func(c Config) string { return showInt(c.MaxCases) }},
	{Env: EnvCAFile, TargetOnly: true, Type: "path", Flag: "ca-file", Help: "PEM file of extra certificate authorities to trust",
		load: func(p *parser, c *Config) { c.CAFile = p.str(EnvCAFile) },
		show: func(c Config) string { return c.CAFile }},
	{Env: EnvInsecureSkipVerify, TargetOnly: true, Type: "bool", Default: "false", Help: "`true` turns TLS verification off, with a warning in every report",
		load: func(p *parser, c *Config) { c.InsecureSkipVerify = p.boolean(EnvInsecureSkipVerify) },
		show: func(c Config) string { return showBool(c.InsecureSkipVerify) }},
	{Env: EnvAllowMutations, TargetOnly: true, Type: "bool", Default: "false", Help: "`true` lets specs that bind queues run against a target that is not on loopback",
		load: func(p *parser, c *Config) { c.AllowMutations = p.boolean(EnvAllowMutations) },
		show: func(c Config) string { return showBool(c.AllowMutations) }},
	{Env: EnvAllowCreate, Type: "bool", Default: "false", Help: "`true` lets the suite create (and then delete) a scratch enhanced connection in `DLI_VPC_ID`/`DLI_SUBNET_ID`",
		load: func(p *parser, c *Config) { c.AllowCreate = p.boolean(EnvAllowCreate) },
		show: func(c Config) string { return showBool(c.AllowCreate) }},
	{Env: EnvVPCID, Type: "string", Flag: "vpc-id", Help: "VPC of the scratch connection (with `DLI_ALLOW_CREATE`)",
		load: func(p *parser, c *Config) { c.VPCID = p.str(EnvVPCID) },
		show: func(c Config) string { return c.VPCID }},
	{Env: EnvSubnetID, Type: "string", Flag: "subnet-id", Help: "subnet of the scratch connection (with `DLI_ALLOW_CREATE`)",
		load: func(p *parser, c *Config) { c.SubnetID = p.str(EnvSubnetID) },
		show: func(c Config) string { return c.SubnetID }},
	{Env: EnvSettleTimeout, Type: "duration", Flag: "settle-timeout", Default: DefaultSettleTimeout.String(), Help: "how long effect checks wait for an asynchronous binding to show and settle (Go duration)",
		load: func(p *parser, c *Config) { c.SettleTimeout = p.duration(EnvSettleTimeout, DefaultSettleTimeout, true) },
		show: func(c Config) string { return c.SettleTimeout.String() }},
	{Env: EnvQuietPeriod, Type: "duration", Flag: "quiet-period", Default: "0 (derived)", Help: "how long a \"changes nothing\" check waits for a late change (Go duration); `0` derives it from the target's observed latency",
		load: func(p *parser, c *Config) { c.QuietPeriod = p.duration(EnvQuietPeriod, 0, true) },
		show: func(c Config) string {
			if c.QuietPeriod == 0 {
				return "0 (derived)"
			}
			return c.QuietPeriod.String()
		}},
	{Env: EnvRateLimit, Type: "float", Flag: "rate-limit", Default: "no cap", Help: "requests per second at most; `0` means no cap",
		load: func(p *parser, c *Config) { c.RateLimit = p.rate(EnvRateLimit) },
		show: func(c Config) string {
			if c.RateLimit <= 0 {
				return "no cap"
			}
			return strconv.FormatFloat(c.RateLimit, 'f', -1, 64)
		}},
	{Env: EnvMaxRetries, Type: "int", Flag: "max-retries", Default: showInt(DefaultMaxRetries), Help: "retries of a throttled request (429 or `Retry-After`)",
		load: func(p *parser, c *Config) { c.MaxRetries = p.count(EnvMaxRetries, DefaultMaxRetries, 0) },
		show: func(c Config) string { return showInt(c.MaxRetries) }},
	{Env: EnvThrottleBudget, Type: "duration", Flag: "throttle-budget", Default: DefaultThrottleBudget.String(), Help: "total time the run may spend waiting on throttling (Go duration); once spent, throttled requests fail at once; `0` means no bound",
		load: func(p *parser, c *Config) {
			c.ThrottleBudget = p.duration(EnvThrottleBudget, DefaultThrottleBudget, true)
		},
		show: func(c Config) string { return c.ThrottleBudget.String() }},
	{Env: EnvClients, Type: "int", Flag: "clients", Default: showInt(DefaultClients), Help: "requests sent at once: the read-only requirements the run sends side by side (one at a time once the target throttles), and the concurrent clients of the stateful checks",
		load: func(p *parser, c *Config) { c.Clients = p.count(EnvClients, DefaultClients, 1) },
		show: func(c Config) string { return showInt(c.Clients) }},
	{Env: EnvMaxSteps, Type: "int", Flag: "max-steps", Default: showInt(DefaultMaxSteps), Help: "steps of the stateful walk at most",
		load: func(p *parser, c *Config) { c.MaxSteps = p.count(EnvMaxSteps, DefaultMaxSteps, 0) },
		show: func(c Config) string { return showInt(c.MaxSteps) }},
	{Env: EnvShrinkBudget, Type: "duration", Flag: "shrink-budget", Default: DefaultShrinkBudget.String(), Help: "time the stateful walk may spend shrinking a failing sequence against a target other than the embedded emulator (whose reset makes replays cheap); past it the failure shows the shortest sequence found so far and says it was not fully shrunk; `0` means no bound",
		load: func(p *parser, c *Config) { c.ShrinkBudget = p.duration(EnvShrinkBudget, DefaultShrinkBudget, true) },
		show: func(c Config) string { return c.ShrinkBudget.String() }},
	{Env: EnvWalkBudget, Type: "duration", Flag: "walk-budget", Default: DefaultWalkBudget.String(), Help: "time the stateful walks may take before they stop adding steps: against a target that takes a second to show a change, DLI_MAX_STEPS steps of three walks would take many minutes, so they stop here and the report says at which step; `0` means no bound",
		load: func(p *parser, c *Config) { c.WalkBudget = p.duration(EnvWalkBudget, DefaultWalkBudget, true) },
		show: func(c Config) string { return c.WalkBudget.String() }},
	{Env: EnvMaxHeaderBytes, Type: "size", Flag: "max-header-bytes", Default: showSize(DefaultMaxHeaderBytes), Help: "response header bytes read at most; a larger header block fails the exchange",
		load: func(p *parser, c *Config) { c.MaxHeaderBytes = p.size(EnvMaxHeaderBytes, DefaultMaxHeaderBytes) },
		show: func(c Config) string { return showSize(c.MaxHeaderBytes) }},
	{Env: EnvMaxBodyBytes, Type: "size", Flag: "max-body-bytes", Default: showSize(DefaultMaxBodyBytes), Help: "response body bytes read at most, after decompression; a larger body fails the exchange",
		load: func(p *parser, c *Config) { c.MaxBodyBytes = p.size(EnvMaxBodyBytes, DefaultMaxBodyBytes) },
		show: func(c Config) string { return showSize(c.MaxBodyBytes) }},
	{Env: EnvMaxEvidenceHeaderBytes, Type: "size", Flag: "max-evidence-header-bytes", Default: showSize(DefaultMaxEvidenceHeaderBytes), Help: "header bytes of one message kept in evidence; the rest is counted, not shown",
		load: func(p *parser, c *Config) {
			c.MaxEvidenceHeaderBytes = int(p.size(EnvMaxEvidenceHeaderBytes, DefaultMaxEvidenceHeaderBytes))
		},
		show: func(c Config) string { return showSize(int64(c.MaxEvidenceHeaderBytes)) }},
	{Env: EnvMaxEvidenceBodyBytes, Type: "size", Flag: "max-evidence-body-bytes", Default: showSize(DefaultMaxEvidenceBodyBytes), Help: "body bytes of one message kept in evidence; the rest is counted, not shown",
		load: func(p *parser, c *Config) {
			c.MaxEvidenceBodyBytes = int(p.size(EnvMaxEvidenceBodyBytes, DefaultMaxEvidenceBodyBytes))
		},
		show: func(c Config) string { return showSize(int64(c.MaxEvidenceBodyBytes)) }},
	{Env: EnvMaxSpecEvidenceBytes, Type: "size", Flag: "max-spec-evidence-bytes", Default: showSize(DefaultMaxSpecEvidenceBytes), Help: "exchange bytes one failed spec keeps as evidence, its first and last; the rest is counted, not shown (a passing spec keeps none)",
		load: func(p *parser, c *Config) {
			c.MaxSpecEvidenceBytes = int(p.size(EnvMaxSpecEvidenceBytes, DefaultMaxSpecEvidenceBytes))
		},
		show: func(c Config) string { return showSize(int64(c.MaxSpecEvidenceBytes)) }},
	{Env: EnvMaxReportBytes, Type: "size", Flag: "max-report-bytes", Default: showSize(DefaultMaxReportBytes), Help: "total size of the reports written; past it, every evidence text is cut to the same size and the reports say so, then files are left out, `junit.xml` first, never `summary.json`; the verdict stays",
		load: func(p *parser, c *Config) { c.MaxReportBytes = p.size(EnvMaxReportBytes, DefaultMaxReportBytes) },
		show: func(c Config) string { return showSize(c.MaxReportBytes) }},
	{Env: EnvStrictErrorCodes, Type: "bool", Default: "false", Help: "`true` requires exactly the expected error codes per requirement instead of any documented one",
		load: func(p *parser, c *Config) { c.StrictErrorCodes = p.boolean(EnvStrictErrorCodes) },
		show: func(c Config) string { return showBool(c.StrictErrorCodes) }},
	{Env: EnvConfig, Type: "path", Help: "a YAML file with any of these settings (keys without `DLI_`, in lower case) and `error_codes`; the environment wins over it",
		show: func(c Config) string { return c.File }},
}
