package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// Sources are where settings come from, strongest first: flags, then the
// environment, then the DLI_CONFIG file.
type Sources struct {
	// Getenv reads the environment (os.Getenv in production); nil reads nothing.
	Getenv func(string) string
	// Flags holds the values given on the command line, keyed by the setting's
	// variable name (DLI_TIMEOUT), as RegisterFlags collects them.
	Flags map[string]string
	// Environ is the whole environment as os.Environ gives it, searched for
	// DLI_* variables that are no setting (a misspelt name must not leave its
	// setting unset in silence); nil skips that check.
	Environ []string
	// KnownRequirement says whether a requirement id of the file's
	// error_codes exists (an error saying why not if it does not); nil checks
	// no ids. The caller supplies it: the catalogue of requirements depends on
	// this package, not this package on it.
	KnownRequirement func(id string) error
}

// source looks a setting up in the flags, the environment, then the file.
type source struct {
	Sources
	file *fileValues
	path string
	// flagOf names the flag of each variable, for messages.
	flagOf map[string]string
}

func (s source) getenv(name string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(name)
}

// lookup returns the raw value of a variable and, for error messages, where it
// came from: the variable's name (and its flag), or "<file>: <key>".
func (s source) lookup(name string) (val, from string) {
	if v, ok := s.Flags[name]; ok {
		from = name
		if f := s.flagOf[name]; f != "" {
			from = name + " (--" + f + ")"
		}
		return v, from
	}
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
	if name == errorCodesKey {
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

// count reads a whole number of least at least.
func (p *parser) count(name string, def, least int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < int64(least) {
		p.fail(name, "%q is not a whole number of %d or more", v, least)
	}
	return int(n)
}

// size reads a positive number of bytes, plain or with a KiB, MiB or GiB suffix.
func (p *parser) size(name string, def int64) int64 {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, ok := parseSize(v)
	if !ok {
		p.fail(name, "%q is not a positive number of bytes such as 4096, 16KiB or 1MiB", v)
	}
	return n
}

var sizeUnits = []struct {
	suffix string
	factor int64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}, {"", 1}}

func parseSize(v string) (int64, bool) {
	for _, u := range sizeUnits {
		num, ok := strings.CutSuffix(v, u.suffix)
		if !ok {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		if err != nil || n <= 0 || n > (1<<50)/u.factor {
			return 0, false
		}
		return n * u.factor, true
	}
	return 0, false
}

// showSize renders a byte count in the largest unit that divides it.
func showSize(n int64) string {
	for _, u := range sizeUnits[:3] {
		if n >= u.factor && n%u.factor == 0 {
			return strconv.FormatInt(n/u.factor, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
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

// targetOnly fails on the first TargetOnly setting that is set while no
// target is: the run would test the embedded emulator, which ignores it,
// when the setting shows that a target was meant.
func (p parser) targetOnly() error {
	for _, d := range Settings {
		if !d.TargetOnly {
			continue
		}
		if v, _ := p.src.lookup(d.Env); strings.TrimSpace(v) != "" {
			return p.errorf(d.Env, "applies only to a target, and none is set (DLI_ENDPOINT and DLI_REGION are empty): the embedded emulator, which ignores it, would be tested instead; set the target, or unset %s", d.Env)
		}
	}
	return nil
}
