package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

// fuzzSecret is the token given in the environment; no printing of the configuration
// may show it.
const fuzzSecret = "tok-FUZZ-7f3a9c21e5"

// FuzzLoad loads a configuration from a fuzzed YAML file and fuzzed variables. It
// must not panic; a refusal is an *Error naming a variable or key; an accepted
// configuration holds valid values, the environment wins over the file, and the
// token never appears in what is printed.
func FuzzLoad(f *testing.F) {
	for _, s := range []struct{ file, endpoint, queues, timeout string }{
		{"endpoint: https://dli.example.test\nproject_id: fileproject\nqueues: [q1, q2]\ntimeout: 5s\nallow_mutations: true\n", "", "", ""},
		{"queues: q1,q2\nprofile: otc\n", "http://127.0.0.1:8080", "a,b", "1m"},
		{"error_codes:\n  CONN-UNKNOWN: [DLI.0001]\n", "", "", ""},
		{"error_codes:\n  huaweicloud: {CONN-UNKNOWN: [DLI.0001]}\n  otc: {}\n", "", "", ""},
		{"region: eu-west-101\nproject_id: p\n", "", "", ""},
		{"unknown: 1\n", "", "", ""},
		{"timeout: [1, 2]\n", "", "", "-1s"},
		{"- a\n", "ftp://x", "q", "x"},
		{"", "", " , ,", "0s"},
		{"rate_limit: 0.5\nmax_retries: 3\nsettle_timeout: 2s\n", "", "", ""},
	} {
		f.Add(s.file, s.endpoint, s.queues, s.timeout)
	}
	f.Fuzz(func(t *testing.T, file, endpoint, queues, timeout string) {
		path := filepath.Join(t.TempDir(), "dli.yaml")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		env := map[string]string{
			EnvConfig: path, EnvEndpoint: endpoint, EnvQueues: queues, EnvTimeout: timeout,
			EnvAuthToken: fuzzSecret, EnvSeed: "42",
		}
		c, err := Load(func(name string) string { return env[name] })
		if err != nil {
			var ce *Error
			if !errors.As(err, &ce) || ce.Var == "" || ce.Msg == "" {
				t.Fatalf("refusal %q is not an *Error naming what to fix", err)
			}
			if strings.Contains(err.Error(), fuzzSecret) {
				t.Fatalf("the refusal shows the token: %v", err)
			}
			return
		}
		if c.AuthToken != fuzzSecret {
			t.Fatalf("the environment's token lost to the file: %q", c.AuthToken)
		}
		if _, err := contract.ParseProfile(string(c.Profile)); err != nil {
			t.Fatalf("accepted profile %q: %v", c.Profile, err)
		}
		if c.Timeout <= 0 || c.MaxCases < 0 || c.MaxRetries < 0 {
			t.Fatalf("accepted timeout %v, max cases %d, max retries %d", c.Timeout, c.MaxCases, c.MaxRetries)
		}
		if len(c.Queues) == 1 {
			t.Fatalf("accepted a single queue %v", c.Queues)
		}
		for _, q := range c.Queues {
			if q == "" || strings.Contains(q, ",") {
				t.Fatalf("accepted queue name %q", q)
			}
		}
		for _, printed := range []string{c.String(), c.GoString()} {
			if strings.Contains(printed, fuzzSecret) {
				t.Fatalf("the printed configuration shows the token:\n%s", printed)
			}
		}
	})
}
