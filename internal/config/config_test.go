package config

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dli-conformance/dli-conformance/internal/contract"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestDefaultsWithNothingSet(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Embedded() || c.Profile != contract.HuaweiCloud || c.ReportDir != "reports" || c.Timeout != 30*time.Second {
		t.Fatalf("unexpected defaults: %+v", c.Redacted())
	}
}

func TestFullConfiguration(t *testing.T) {
	c, err := Load(env(map[string]string{
		EnvEndpoint:            "https://dli.example.test/",
		EnvProjectID:           "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
		EnvConnectionID:        "2a620c33-5609-40c9-affd-2b6453071b0f",
		EnvQueues:              " q1, q2 ",
		EnvPools:               "p1",
		EnvDeletedConnectionID: "5d3f6a2e-8c41-4b7e-9f02-7a1c3e5b9d40",
		EnvAuthToken:           "s3cr3t-token",
		EnvProfile:             "huaweicloud",
		EnvReportDir:           "/tmp/r",
		EnvTimeout:             "5s",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Endpoint != "https://dli.example.test" || len(c.Queues) != 2 || c.Queues[1] != "q2" || c.Timeout != 5*time.Second || c.Embedded() {
		t.Fatalf("unexpected config: %v", c)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	base := map[string]string{EnvEndpoint: "http://127.0.0.1:1", EnvProjectID: "p"}
	cases := []struct {
		set  map[string]string
		want string
	}{
		{map[string]string{EnvEndpoint: "dli.example.test"}, EnvEndpoint},
		{map[string]string{EnvEndpoint: "ftp://x"}, EnvEndpoint},
		{map[string]string{EnvEndpoint: "http://x/?a=b"}, EnvEndpoint},
		{map[string]string{EnvProjectID: ""}, EnvProjectID},
		{map[string]string{EnvProjectID: "a/b"}, EnvProjectID},
		{map[string]string{EnvConnectionID: "not-a-uuid"}, EnvConnectionID},
		{map[string]string{EnvDeletedConnectionID: "123"}, EnvDeletedConnectionID},
		{map[string]string{EnvConnectionID: "2a620c33-5609-40c9-affd-2b6453071b0f", EnvDeletedConnectionID: "2A620C33-5609-40C9-AFFD-2B6453071B0F"}, EnvDeletedConnectionID},
		{map[string]string{EnvQueues: "q1"}, EnvQueues},
		{map[string]string{EnvQueues: "q1,,q2"}, EnvQueues},
		{map[string]string{EnvQueues: "q1,q1"}, EnvQueues},
		{map[string]string{EnvPools: "p1,"}, EnvPools},
		{map[string]string{EnvProfile: "aws"}, EnvProfile},
		{map[string]string{EnvEndpoint: "http://127.0.0.1:99999"}, EnvEndpoint},
		{map[string]string{EnvEndpoint: "http://127.0.0.1:abc"}, EnvEndpoint},
		{map[string]string{EnvEndpoint: "http://127.0.0.1:0"}, EnvEndpoint},
		{map[string]string{EnvAuthToken: "token-value\r\nX-Evil: 1"}, EnvAuthToken},
		{map[string]string{EnvAuthToken: "t"}, EnvAuthToken},
		{map[string]string{EnvAK: "AK1", EnvSK: "sk-secret\n"}, EnvSK},
		{map[string]string{EnvAK: "AK1", EnvSK: "sk-secret-1", EnvSecurityToken: "short"}, EnvSecurityToken},
		{map[string]string{EnvRunTimeout: "-1m"}, EnvRunTimeout},
		{map[string]string{EnvThrottleBudget: "lots"}, EnvThrottleBudget},
		{map[string]string{EnvQuietPeriod: "-1s"}, EnvQuietPeriod},
		{map[string]string{EnvMaxBodyBytes: "0"}, EnvMaxBodyBytes},
		{map[string]string{EnvMaxEvidenceHeaderBytes: "16KB"}, EnvMaxEvidenceHeaderBytes},
		{map[string]string{EnvMaxReportBytes: "-5"}, EnvMaxReportBytes},
		{map[string]string{EnvClients: "0"}, EnvClients},
		{map[string]string{EnvMaxSteps: "many"}, EnvMaxSteps},
		{map[string]string{EnvAllowCreate: "true", EnvSubnetID: "s"}, EnvVPCID},
		{map[string]string{EnvAllowCreate: "true", EnvVPCID: "v"}, EnvSubnetID},
		{map[string]string{EnvTimeout: "30"}, EnvTimeout},
		{map[string]string{EnvTimeout: "-1s"}, EnvTimeout},
		{map[string]string{EnvSeed: "abc"}, EnvSeed},
		{map[string]string{EnvMaxCases: "-3"}, EnvMaxCases},
	}
	for _, tc := range cases {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range tc.set {
			m[k] = v
		}
		_, err := Load(env(m))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != tc.want || !strings.HasPrefix(err.Error(), tc.want+": ") {
			t.Errorf("%v: want an error naming %s, got %v", tc.set, tc.want, err)
		}
	}
}

func TestTokenNeverPrinted(t *testing.T) {
	c, err := Load(env(map[string]string{EnvAuthToken: "tok-SECRET-123"}))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{c.String(), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprint(c.Redacted())} {
		if strings.Contains(s, "SECRET") {
			t.Fatalf("token leaked: %s", s)
		}
	}
	if !strings.Contains(c.String(), "(set, redacted)") {
		t.Fatalf("redacted token not shown as set:\n%s", c)
	}
}
