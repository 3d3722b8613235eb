package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	otcSeed    = "../../internal/docs/testdata/binding-a-queue.otc.rst"
	huaweiSeed = "../../internal/docs/testdata/binding-a-queue.huaweicloud.txt"
)

func docsCheck(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := dispatch(append([]string{"docs", "check"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDocsCheckOfTheSeedsExitsZeroListingTheExplained(t *testing.T) {
	code, out, errOut := docsCheck(t, otcSeed, huaweiSeed)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"against otc associateQueueToEnhancedConnection: agrees, 6 explained",
		"against huaweicloud associateQueueToEnhancedConnection: agrees, 6 explained",
		"explained dli_02_0191 Table 4 Status codes row 415", "0 difference(s) of drift"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Either seed against the other profile agrees as well.
	if code, out, _ := docsCheck(t, "--profile", "otc", huaweiSeed, "--profile", "huaweicloud", otcSeed); code != 0 {
		t.Errorf("cross-profile exit %d\n%s", code, out)
	}
}

func TestDocsCheckOfADriftedCopyExitsOneNamingEachDifference(t *testing.T) {
	b, err := os.ReadFile(huaweiSeed)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	for _, r := range [][2]string{
		{"message\n\nString\n\nSystem prompt. If execution succeeds, the message may be left blank.\n\n", ""},
		{"queues\n\nNo\n\nArray of Strings", "queues\n\nNo\n\nBoolean"},
		{"500\n\nInternal service error.\n", "500\n\nInternal service error.\n\n409\n\nConflict.\n"},
	} {
		if !strings.Contains(src, r[0]) {
			t.Fatalf("seed has no %q", r[0])
		}
		src = strings.Replace(src, r[0], r[1], 1)
	}
	drifted := filepath.Join(t.TempDir(), "drifted.txt")
	if err := os.WriteFile(drifted, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := docsCheck(t, drifted)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		`drift     dli_02_0191 Table 2 Request parameters row 1 (queues) [Type]: type: doc "Boolean", contract "array<string>"`,
		`drift     dli_02_0191 Table 3 Response parameters row message [Parameter]: missing-in-doc`,
		`drift     dli_02_0191 Table 4 Status codes row 4 (409) [Status Code]: missing-in-contract`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = docsCheck(t, "--format", "json", drifted)
	var rep struct {
		Results []struct {
			Differences []struct {
				Table, Row, Kind string
				Explained        bool
			}
		}
		Drift int
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != 1 || rep.Drift != 3 || len(rep.Results) != 1 {
		t.Fatalf("json: exit %d, err %v, %+v\n%s", code, err, rep, out)
	}
	var drift []string
	for _, d := range rep.Results[0].Differences {
		if !d.Explained {
			drift = append(drift, d.Table+"|"+d.Row+"|"+d.Kind)
		}
	}
	if got := strings.Join(drift, " "); got != "Table 2 Request parameters|1 (queues)|type Table 3 Response parameters|message|missing-in-doc Table 4 Status codes|4 (409)|missing-in-contract" {
		t.Errorf("json drift %s", got)
	}
}

func TestDocsCheckExitsTwoOnAPageItCannotRead(t *testing.T) {
	garbage := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(garbage, []byte("some notes\nwith no table\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{garbage}, {filepath.Join(t.TempDir(), "missing.rst")}, {otcSeed, garbage},
	} {
		if code, out, _ := docsCheck(t, args...); code != 2 || !strings.Contains(out, "unreadable") {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, out)
		}
	}
	for _, args := range [][]string{{}, {"--format", "xml", otcSeed}, {"--profile", "aws", otcSeed}} {
		if code, _, _ := docsCheck(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var out, errb bytes.Buffer
	if code := dispatch([]string{"docs"}, &out, &errb); code != 2 {
		t.Errorf("docs without check: exit %d", code)
	}
}

func TestDocsCheckPageIDOverride(t *testing.T) {
	// Compared as the unbind page, the bind page's Table 4 and examples still fit,
	// but its URI format does not.
	code, out, _ := docsCheck(t, "--page-id", "dli_02_0192", otcSeed)
	if code != 1 || !strings.Contains(out, "URI format") || !strings.Contains(out, "disassociateQueueFromEnhancedConnection") {
		t.Errorf("exit %d\n%s", code, out)
	}
}
