package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "dli.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFileSetsValuesAndTheEnvironmentWins(t *testing.T) {
	path := writeFile(t, `
endpoint: https://dli.example.test
project_id: fileproject
queues: [q1, q2]
timeout: 5s
allow_mutations: true
error_codes:
  CONN-UNKNOWN: [DLI.0001]
`)
	c, err := Load(env(map[string]string{EnvConfig: path, EnvTimeout: "7s"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "https://dli.example.test" || c.ProjectID != "fileproject" || strings.Join(c.Queues, ",") != "q1,q2" {
		t.Fatalf("file values not applied: %v", c)
	}
	if c.Timeout != 7*time.Second {
		t.Fatalf("timeout = %v, want the environment's 7s", c.Timeout)
	}
	if !c.AllowMutations || c.ErrorCodes["CONN-UNKNOWN"][0] != "DLI.0001" {
		t.Fatalf("allow_mutations or error_codes not read: %+v", c.ErrorCodes)
	}
}

func TestFileErrorsNameTheKey(t *testing.T) {
	cases := map[string]string{
		"endpont: https://x\n":                 "endpont",
		"timeout: soon\n":                      "timeout",
		"queues: {a: b}\n":                     "queues",
		"error_codes: {CONN-UNKNOWN: [E42]}\n": "error_codes",
		"error_codes: [DLI.0001]\n":            "error_codes",
		"allow_mutations: maybe\n":             "allow_mutations",
		"- just\n- a list\n":                   EnvConfig,
	}
	for body, key := range cases {
		path := writeFile(t, body)
		_, err := Load(env(map[string]string{EnvConfig: path}))
		var ce *Error
		if !errors.As(err, &ce) || !strings.Contains(ce.Var, key) {
			t.Errorf("%q: want an error naming %s, got %v", body, key, err)
		}
	}
	if _, err := Load(env(map[string]string{EnvConfig: "/does/not/exist.yaml"})); err == nil || !strings.HasPrefix(err.Error(), EnvConfig) {
		t.Errorf("missing file: %v", err)
	}
}

func TestRegionGivesTheDocumentedEndpoint(t *testing.T) {
	c, err := Load(env(map[string]string{EnvRegion: "eu-west-101", EnvProjectID: "p"}))
	if err != nil || c.Endpoint != "https://dli.eu-west-101.myhuaweicloud.eu" {
		t.Fatalf("huaweicloud: %q, %v", c.Endpoint, err)
	}
	c, err = Load(env(map[string]string{EnvRegion: "eu-de", EnvProjectID: "p", EnvProfile: "otc"}))
	if err != nil || c.Endpoint != "https://dli.eu-de.otc.t-systems.com" {
		t.Fatalf("otc: %q, %v", c.Endpoint, err)
	}
	c, err = Load(env(map[string]string{EnvRegion: "eu-de", EnvProjectID: "p", EnvEndpoint: "http://127.0.0.1:9"}))
	if err != nil || c.Endpoint != "http://127.0.0.1:9" {
		t.Fatalf("DLI_ENDPOINT must override DLI_REGION: %q, %v", c.Endpoint, err)
	}
	if _, err := Load(env(map[string]string{EnvRegion: "xx-nowhere-9", EnvProjectID: "p"})); err == nil || !strings.HasPrefix(err.Error(), EnvRegion) || !strings.Contains(err.Error(), "eu-west-101") {
		t.Errorf("a region outside the table: %v", err)
	}
	if c, err := Load(env(map[string]string{EnvRegion: "cn-north-4", EnvProjectID: "p"})); err != nil || c.Endpoint != "https://dli.cn-north-4.myhuaweicloud.com" {
		t.Errorf("cn-north-4: %q, %v", c.Endpoint, err)
	}
	if _, err := Load(env(map[string]string{EnvRegion: "Europe/Paris", EnvProjectID: "p"})); err == nil || !strings.HasPrefix(err.Error(), EnvRegion) {
		t.Fatalf("bad region accepted: %v", err)
	}
}

func TestCredentialRules(t *testing.T) {
	bad := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{EnvAK: "ak"}, EnvSK},
		{map[string]string{EnvSK: "sk-secret-1"}, EnvAK},
		{map[string]string{EnvAK: "a k", EnvSK: "sk-secret-1"}, EnvAK},
		{map[string]string{EnvSecurityToken: "st-secret-1"}, EnvSecurityToken},
		{map[string]string{EnvAK: "ak", EnvSK: "sk-secret-1", EnvAuthToken: "token-value-1"}, EnvAuthToken},
		{map[string]string{EnvCAFile: "/nope.pem"}, EnvCAFile},
		{map[string]string{EnvRateLimit: "-1"}, EnvRateLimit},
		{map[string]string{EnvMaxRetries: "x"}, EnvMaxRetries},
		{map[string]string{EnvSettleTimeout: "-1s"}, EnvSettleTimeout},
		{map[string]string{EnvInsecureSkipVerify: "yes please"}, EnvInsecureSkipVerify},
	}
	for _, tc := range bad {
		_, err := Load(env(tc.set))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != tc.want {
			t.Errorf("%v: want an error naming %s, got %v", tc.set, tc.want, err)
		}
	}
	c, err := Load(env(map[string]string{EnvEndpoint: "https://dli.example.test", EnvProjectID: "p1", EnvAK: "AK1", EnvSK: "SK-SECRET", EnvSecurityToken: "ST-SECRET"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.String(), fmt.Sprintf("%v %+v %#v", c, c, c)} {
		if strings.Contains(s, "SECRET") {
			t.Fatalf("secret leaked: %s", s)
		}
	}
	if len(c.Secrets()) != 2 {
		t.Fatalf("secrets = %d, want 2", len(c.Secrets()))
	}
}

func TestLoopbackAndTheMutationGate(t *testing.T) {
	for endpoint, loop := range map[string]bool{
		"":                          true,
		"http://127.0.0.1:8080":     true,
		"http://127.10.0.3":         true,
		"http://[::1]:80":           true,
		"http://localhost:1":        true,
		"https://dli.example.test":  false,
		"http://10.0.0.1":           false,
		"http://127.0.0.1.nip.test": false,
	} {
		c := Config{Endpoint: endpoint, Profile: contract.HuaweiCloud}
		if c.Loopback() != loop {
			t.Errorf("%q: Loopback() = %v", endpoint, !loop)
		}
		if c.MutationsAllowed() != loop {
			t.Errorf("%q: MutationsAllowed() = %v without DLI_ALLOW_MUTATIONS", endpoint, !loop)
		}
		c.AllowMutations = true
		if !c.MutationsAllowed() {
			t.Errorf("%q: DLI_ALLOW_MUTATIONS=true did not allow mutations", endpoint)
		}
	}
}

func TestInsecureSkipVerifyWarnsLoudly(t *testing.T) {
	c, err := Load(env(map[string]string{EnvEndpoint: "https://dli.example.test", EnvProjectID: "p1", EnvInsecureSkipVerify: "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.String(), "WARNING: TLS certificate verification is OFF") {
		t.Fatalf("no warning:\n%s", c)
	}
}

func TestErrorCodesPerProfile(t *testing.T) {
	path := writeFile(t, "error_codes:\n  otc: {CONN-UNKNOWN: [DLI.0002]}\n  huaweicloud: {CONN-UNKNOWN: [DLI.0001]}\n")
	c, err := Load(env(map[string]string{EnvConfig: path, EnvProfile: "otc"}))
	if err != nil || c.ErrorCodes["CONN-UNKNOWN"][0] != "DLI.0002" {
		t.Fatalf("otc codes: %v, %v", c.ErrorCodes, err)
	}
}
